"""Follow-up questions: how a question is understood after the one before it."""

from __future__ import annotations

from pathlib import Path

import pytest

from index import Library
from index.config import Config
from index.conversation import Conversation, Turn, understand
from index.evaluate import evaluate, load_cases
from tests.conftest import FakeEmbedder


def after(question: str) -> Turn:
    return Turn(question, question)


@pytest.mark.parametrize(
    ("previous", "follow_up", "expected"),
    [
        ("Hoeveel betaalt Hoogeveen in 2022 aan DTZ?", "En Coevorden?", "Hoeveel betaalt Coevorden in 2022 aan DTZ?"),
        ("Hoeveel betaalt Hoogeveen in 2022 aan DTZ?", "En in 2024?", "Hoeveel betaalt Hoogeveen in 2024 aan DTZ?"),
        ("Wat staat er in het jaarplan 2024?", "En het jaarverslag?", "Wat staat er in het jaarverslag 2024?"),
        ("Wat is het doel van de samenwerking?", "En in 2023?", "Wat is het doel van de samenwerking (2023)?"),
        ("Wie is de voorzitter van de board?", "And in 2021?", "Wie is de voorzitter van de board (2021)?"),
        ("Wat kost het programma voor Emmen?", "Hoe zit het met Hardenberg?", "Wat kost het programma voor Hardenberg?"),
        ("Wat kost het programma voor Emmen?", "En hoe zit het met Hardenberg?", "Wat kost het programma voor Hardenberg?"),
        ("Hoeveel betaalt Hoogeveen aan het LKC?", "En Emmen?", "Hoeveel betaalt Emmen aan het LKC?"),  # a name for a name
    ],
)
def test_a_name_year_or_document_type_replaces_its_own_kind(previous: str, follow_up: str, expected: str) -> None:
    read = understand(follow_up, after(previous))
    assert read.follows
    assert read.question == expected
    assert read.shown == expected


@pytest.mark.parametrize(
    ("previous", "follow_up", "expected"),
    [
        ("Is Borger-Odoorn partner in DTZ?", "Sinds wanneer?", "Sinds wanneer? (Borger-Odoorn partner DTZ)"),
        (
            "Wat was er nodig om Borger-Odoorn te laten toetreden?",
            "Wie moeten dat ondertekenen?",
            "Wie moeten dat ondertekenen? (nodig Borger-Odoorn laten toetreden)",
        ),
        (
            "Hoeveel betaalt Emmen in 2022?",
            "Hoe wordt dat bedrag berekend?",
            "Hoe wordt dat bedrag berekend? (betaalt Emmen 2022)",
        ),
        ("Who evaluated the programme?", "What came out of it?", "What came out of it? (evaluated programme)"),
        # the follow-up's own name and year replace the earlier ones in what is carried over
        (
            "Welke hubs noemt de gemeente Coevorden in 2024?",
            "Wie doen er mee aan die in Emmen in 2025?",
            "Wie doen er mee aan die in Emmen in 2025? (hubs noemt gemeente)",
        ),
        ("Hoeveel betaalt Emmen?", "En de kosten daarvan?", "En de kosten daarvan? (betaalt Emmen)"),
    ],
)
def test_a_dependent_question_carries_the_subject_of_the_previous_one(previous: str, follow_up: str, expected: str) -> None:
    read = understand(follow_up, after(previous))
    assert read.follows
    assert read.question == expected


@pytest.mark.parametrize(
    "question",
    [
        "Welke akkoorden noemt DTZ bij de overstap naar een duurzame economie?",
        "In welke maand waren in 2022 de gemeenteraadsverkiezingen?",
        "Wat is de rol van het Drenthe College?",
        "Klopt het dat de provincie Drenthe het programmabureau betaalt?",  # says "dat", yet complete
        "Hoeveel betaalt Hardenberg?",
        "En wie betaalt het programmabureau?",  # "En ..." with a subject of its own
        "Waar staat HTSM voor?",  # one word of its own, but a name: complete
        "Wie is Peter Cool?",
    ],
)
def test_a_question_complete_on_its_own_is_not_mixed_with_the_previous_topic(question: str) -> None:
    read = understand(question, after("Hoeveel betaalt Hoogeveen in 2022 aan DTZ?"))
    assert not read.follows
    assert read.question == question
    assert read.shown == ""


def test_the_first_question_is_taken_as_asked() -> None:
    assert understand("En in 2024?", None).question == "En in 2024?"
    assert not understand("Sinds wanneer?", None).follows


def test_a_chain_of_follow_ups_keeps_the_subject() -> None:
    conv = Conversation()
    first = "Hoeveel betaalt Hoogeveen in 2022 aan DTZ?"
    conv.record(first, first, ["begroting.pdf"])
    second = conv.understand("En Coevorden?")
    conv.record("En Coevorden?", second.question, [])
    third = conv.understand("En in 2023?")
    assert third.question == "Hoeveel betaalt Coevorden in 2023 aan DTZ?"


def test_the_conversation_is_forgotten_after_its_time_or_on_request() -> None:
    now = [1000.0]
    conv = Conversation(turns=2, seconds=300, clock=lambda: now[0])
    conv.record("Hoeveel betaalt Emmen?", "Hoeveel betaalt Emmen?", ["a.pdf", "a.pdf", "b.pdf"])
    assert conv.last is not None and conv.last.sources == ("a.pdf", "b.pdf")
    now[0] += 299
    assert conv.understand("En Coevorden?").follows
    now[0] += 2  # 301 s after the question: the chat starts afresh
    assert conv.last is None and len(conv) == 0
    assert not conv.understand("En Coevorden?").follows
    conv.record("Wat is DTZ?", "Wat is DTZ?", [])
    conv.forget()
    assert conv.last is None


def test_only_the_last_turns_are_kept() -> None:
    conv = Conversation(turns=2)
    for n in range(5):
        conv.record(f"vraag {n}", f"vraag {n}", [])
    assert len(conv) == 2 and conv.last is not None and conv.last.question == "vraag 4"


def test_library_answers_a_follow_up_in_context(config: Config, fake: FakeEmbedder) -> None:
    lib = Library(config, fake)
    lib.build()
    first = lib.ask("Wanneer wordt de Stand van de Dutch TechZone gepresenteerd?")
    assert "17 april 2025" in first.passages[0].chunk.text and first.understood == ""
    turn = Turn(first.question, first.question, tuple(p.chunk.source for p in first.passages))
    follow_up = lib.ask("Waar?", previous=turn)
    assert follow_up.question == "Waar?"
    assert follow_up.understood.startswith("Waar? (") and "Stand" in follow_up.understood
    assert "IQonIQ in Hardenberg" in follow_up.passages[0].chunk.text
    assert follow_up.as_dict()["understood"] == follow_up.understood
    alone = lib.ask("Waar?")
    assert alone.understood == "" and "understood" not in alone.as_dict()


def test_eval_asks_after_questions_in_the_same_conversation(config: Config, fake: FakeEmbedder, tmp_path: Path) -> None:
    lib = Library(config, fake)
    lib.build()
    cases_file = tmp_path / "followups.yaml"
    cases_file.write_text(
        "- q: 'Waar?'\n"
        "  after: ['Wanneer wordt de Stand van de Dutch TechZone gepresenteerd?']\n"
        "  any: ['IQonIQ in Hardenberg']\n",
        encoding="utf-8",
    )
    notes: list[str] = []
    cases = load_cases(cases_file, notes)
    assert notes == [] and cases[0].after == ("Wanneer wordt de Stand van de Dutch TechZone gepresenteerd?",)
    result = evaluate(lib, cases)
    assert result["hit_at_1"] == 1.0
    assert result["per_case"][0]["understood"].startswith("Waar? (")


def test_a_bad_after_key_names_the_case(tmp_path: Path) -> None:
    from index.errors import ConfigError

    bad = tmp_path / "bad.yaml"
    bad.write_text("- q: 'En nu?'\n  after: {x: 1}\n  any: ['x']\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="case 1: 'after'"):
        load_cases(bad)
