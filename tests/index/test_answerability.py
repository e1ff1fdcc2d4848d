"""Answerability: a passage on the topic is not an answer unless it holds what the question pins down."""

from __future__ import annotations

import pytest

from index import Library
from index.answerability import answer_type, pinned_names
from tests.conftest import make_config

pytestmark = pytest.mark.unit

TEXT = (
    "Financiering\n\nDe gemeenten Emmen, Coevorden en Hoogeveen betalen samen 1,00 euro per inwoner per jaar aan het "
    "programmabureau van Dutch TechZone.\n\n"
    "Campus\n\nIn Emmen ontwikkelen onderwijs en bedrijven samen de Greenwise-campus voor de maakindustrie.\n\n"
    "Overleg\n\nHet programmateam overlegt elke maand met de partners over de voortgang van de projecten."
)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Hoeveel betalen de gemeenten?", "amount"),
        ("Wat kost de campus?", "amount"),
        ("How much do the municipalities pay?", "amount"),
        ("Wanneer gaat de campus open?", "date"),
        ("En sinds wanneer doet Emmen mee?", "date"),
        ("Hoe vaak overlegt het programmateam?", "frequency"),
        ("Wie is de voorzitter?", "person"),
        ("Wat is Dutch TechZone?", None),
    ],
)
def test_answer_types(question: str, kind: str | None) -> None:
    assert answer_type(question) == kind


def test_pinned_names_are_names_and_years_not_question_words() -> None:
    assert pinned_names("Waarom doet de gemeente Aa en Hunze niet mee met DTZ?") == ["aa", "hunze"]
    assert pinned_names("Wat vindt het CDA van de begroting 2026?") == ["cda", "2026"]
    assert pinned_names("Hoe ziet een objectID in het Zeeuwse systeem eruit?") == []  # an adjective, not a name


def test_near_misses_are_refused_and_answers_kept(tmp_path, fake) -> None:
    kb = tmp_path / "kb"
    kb.mkdir()
    (kb / "document.txt").write_text(TEXT, encoding="utf-8")
    # The evidence threshold off, so that only the answerability judgement decides (the fake embedder is weak).
    lib = Library(make_config(tmp_path, kb, search={"min_evidence": 0.0}), fake)
    lib.build()
    assert lib.ask("Hoeveel betalen de gemeenten per inwoner?").answered
    assert lib.ask("Hoe vaak overlegt het programmateam met de partners?").answered
    refused = {
        "Wanneer gaat de Greenwise-campus in Emmen open?": "no date",  # on topic, but no date is given
        "Hoeveel kost de Greenwise-campus in Emmen?": "no amount",
        "Hoeveel betaalt de gemeente Aa en Hunze per inwoner?": "a municipality the document never names",
        "Wat betalen de gemeenten in 2019 per inwoner?": "a year the document never names",
    }
    for question, why in refused.items():
        answer = lib.ask(question)
        assert not answer.answered, (question, why)
        assert answer.passages  # the closest text is still there, to show as such


def test_the_highlight_is_the_line_that_answers(tmp_path, fake) -> None:
    kb = tmp_path / "kb"
    kb.mkdir()
    (kb / "begroting.md").write_text(
        "# Begroting 2024\n\nDe gemeenten betalen samen aan het programmabureau van Dutch TechZone.\n\n"
        "De bijdragen van de gemeenten zijn samen 261.050 euro. Hoogeveen betaalt 55.889 euro. "
        "Emmen betaalt 107.863 euro. Coevorden betaalt 35.769 euro.\n",
        encoding="utf-8",
    )
    lib = Library(make_config(tmp_path, kb, search={"min_evidence": 0.0}), fake)
    lib.build()
    top = lib.ask("Hoeveel betaalt de gemeente Emmen aan DTZ?").passages[0]
    assert top.highlight == "Emmen betaalt 107.863 euro."  # the amount for the asked municipality, not the first amount
    assert lib.ask("Wie betaalt er aan het programmabureau?").passages[0].highlight == (
        "De gemeenten betalen samen aan het programmabureau van Dutch TechZone."
    )
