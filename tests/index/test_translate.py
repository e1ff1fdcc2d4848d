from __future__ import annotations

import re

import pytest

from index.analysis import analyze
from index.translate import is_english, to_dutch


@pytest.mark.parametrize(
    ("question", "english"),
    [
        ("Which municipalities participate in DTZ?", True),
        ("Who chairs the Program Board?", True),
        ("What are the plans of Dutch TechZone for 2022?", True),
        ("Wat is de rol van het programmabureau?", False),
        ("Wie was de voorzitter?", False),
        ("Hoeveel kost DTZ?", False),
        ("Program Board", False),
    ],
)
def test_language_detection(question: str, english: bool) -> None:
    assert is_english(question) is english


def test_english_words_and_phrases_become_dutch() -> None:
    assert to_dutch("When does the cooperation agreement end?") == "when does the samenwerkingsovereenkomst loopt|af?"
    assert "programmabureau" in to_dutch("What is the role of the programme bureau?")
    assert analyze(to_dutch("How much do the municipalities pay per inhabitant?")) == analyze("gemeenten betalen inwoner")
    assert to_dutch("Wat betalen de gemeenten?") == "Wat betalen de gemeenten?"  # Dutch stays as it is
    assert to_dutch("Who is Peter Cool?") == "who is peter cool?"  # unknown words and names are kept


def test_several_dutch_words_are_alternatives_for_the_evidence() -> None:
    from index.analysis import query_terms

    assert to_dutch("How much money goes to marketing?") == "how much geld|middelen goes to marketing?"
    terms = query_terms(to_dutch("How much money goes to marketing?"))
    geld, middelen, marketing = terms
    assert geld.key == middelen.key != marketing.key  # one of "geld" and "middelen" is enough
    assert [t.key for t in query_terms("evaluatie geevalueerd")] == ["evalueer", "evalueer"]  # one stem, one term


def test_roles_are_translated_as_one_word() -> None:
    from index.translate import to_dutch

    assert "programmamanager" in to_dutch("Who is the programme manager of DTZ?")  # not "programma" and "manager"
    assert "gemeentesecretaris" in to_dutch("Who is the municipal secretary of Emmen?")


def test_an_english_question_is_embedded_with_its_dutch_translation(tmp_path, fake) -> None:
    from tests.conftest import built_library

    files = {
        "begroting.md": "# Begroting\n\nDe gemeente betaalt een bijdrage aan het programmabureau.\n\n"
        "# Campus\n\nDe campus in Emmen opent in het najaar voor studenten techniek.\n"
    }
    lib = built_library(tmp_path, fake, files)
    before = fake.queries_embedded
    # the hashing embedder knows no English: only the translation ("gemeente", "bijdrage") brings the budget up
    assert lib.rank_ids("What contribution does the municipality pay?", 1, mode="dense") == [
        c.id for c in lib.stored.chunks if "bijdrage" in c.text
    ]
    assert fake.queries_embedded - before == 2  # the question and its translation
    lib.rank_ids("Welke bijdrage betaalt de gemeente?", 1, mode="dense")
    assert fake.queries_embedded - before == 3  # a Dutch question once


def test_a_name_written_with_capitals_keeps_its_english_words_beside_the_dutch() -> None:
    # Dutch texts call it "de Program Board": the translation alone ("programma") would not find it
    assert to_dutch("Who sits on the Program Board?") == "who zitting|zit on the programma|program board|bestuur?"
    assert to_dutch("Who is the Mayor of Emmen?") == "who is the burgemeester|mayor of emmen?"
    assert to_dutch("Who chairs the program?") == "who voorzitter the programma?"  # lower case: no name


@pytest.mark.parametrize(
    ("question", "dutch"),
    [
        ("Who leads the programme office?", "leiding"),
        ("How is the contribution calculated?", "berekend"),
        ("What did the evaluation conclude?", "conclusie"),
        ("How does DTZ inform the councils?", "gemeenteraden"),
        ("What happens to the money that was carried over?", "doorgeschoven"),
        ("Which schools are involved?", "betrokken"),
        ("Is Borger-Odoorn a member?", "partner"),  # of a cooperation, its partners
    ],
)
def test_a_newcomers_words_for_who_runs_it_how_it_is_paid_and_what_came_of_it(question: str, dutch: str) -> None:
    assert dutch in re.findall(r"\w+", to_dutch(question))


def test_the_words_of_council_policy_areas_are_translated() -> None:
    # housing, permits, transport, care, debt, energy: what councils and provinces decide on
    dutch = to_dutch("Which court deals with disputes about wind turbines and solar panels?")
    assert all(w in dutch for w in ("rechter", "geschillen", "windturbines", "zonnepanelen"))
    assert "vergunning" in to_dutch("Who grants the permit for informal care housing?")
    assert "mantelzorg" in to_dutch("How is informal care supported?")
