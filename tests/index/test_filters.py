"""Filters: a year, a document type or a source keeps the answer to those documents."""

from __future__ import annotations

import pytest

from index import Library
from index.config import Config
from index.filters import Filter, available, named_in, parse_type, parse_year
from index.models import DocumentMeta
from tests.conftest import FakeEmbedder

PLAN = DocumentMeta(
    source="2024-05-07-raadsbrief.pdf", title="Jaarverslag 2023 en jaarplan 2024 DTZ", date="2024-05-07", type="raadsbrief"
)
BUDGET = DocumentMeta(source="begroting.pdf", title="Begroting Dutch TechZone", date="2022-01-10", type="begroting")
LETTER = DocumentMeta(source="coevorden.txt", title="Verlenging samenwerking", date="2025", type="raadsbrief")


@pytest.mark.parametrize(
    ("flt", "passes"),
    [
        (Filter(year="2024"), [PLAN]),
        (Filter(year="2023"), [PLAN]),  # the year in its title: the raadsbrief is also about 2023
        (Filter(type="jaarplan"), [PLAN]),  # the type word in its title
        (Filter(type="jaarverslag"), [PLAN]),
        (Filter(type="raadsbrief"), [PLAN, LETTER]),
        (Filter(type="verslag"), []),  # a "jaarverslag" is no "verslag" (minutes)
        (Filter(source="coevorden"), [LETTER]),
        (Filter(source="Dutch TechZone"), [BUDGET]),
        (Filter(year="2025", type="raadsbrief"), [LETTER]),
        (Filter(), [PLAN, BUDGET, LETTER]),
    ],
)
def test_a_filter_keeps_the_documents_a_person_would_pick(flt: Filter, passes: list[DocumentMeta]) -> None:
    assert [d for d in (PLAN, BUDGET, LETTER) if flt.matches(d)] == passes


def test_what_a_user_types_and_what_exists() -> None:
    assert parse_year(" 2024 ") == "2024" and parse_year("vorig jaar") is None
    assert parse_type("Jaarplannen") == "jaarplan" and parse_type("annual report") == "jaarverslag"
    assert parse_type("recept") is None
    assert available([PLAN, BUDGET, LETTER]) == (
        ["2022", "2023", "2024", "2025"],
        ["begroting", "jaarplan", "jaarverslag", "raadsbrief"],
    )
    assert Filter(year="2024").merged(Filter(type="jaarplan")) == Filter(year="2024", type="jaarplan")
    assert Filter(year="2024", type="begroting").describe("en") == "year 2024, type begroting"


@pytest.mark.parametrize(
    ("question", "named"),
    [
        ("Wat staat er in het jaarplan 2024 over waterstof?", Filter(year="2024", type="jaarplan")),
        ("Wat zegt de statenbrief van 2023 over Borger-Odoorn?", Filter(year="2023", type="statenbrief")),
        ("What does the annual report 2021 say?", Filter(year="2021", type="jaarverslag")),
        ("Wat is het verschil tussen het jaarplan 2024 en het jaarplan 2025?", Filter()),  # two: none to keep to
        ("Hoeveel betaalde Emmen in 2022?", Filter()),  # a year alone steers the ranking, it does not filter
    ],
)
def test_a_question_that_names_one_document_names_its_filter(question: str, named: Filter) -> None:
    assert named_in(question) == named


def test_library_answers_only_from_the_filtered_documents(config: Config, fake: FakeEmbedder) -> None:
    lib = Library(config, fake)
    lib.build()
    free = lib.ask("Wat betalen de gemeenten voor het programmabureau?", k=5)
    assert {p.chunk.source for p in free.passages} > {"2023-07-11-statenbrief-borger-odoorn.md"}
    kept = lib.ask("Wat betalen de gemeenten voor het programmabureau?", k=5, filters=Filter(year="2021"))
    assert kept.passages and {p.chunk.source for p in kept.passages} == {"2021-05-19-emmen-raadsbrief.txt"}
    assert kept.filtered == "jaar 2021" and kept.as_dict()["filter"] == "jaar 2021"
    by_type = lib.ask("Wat gebeurt er?", filters=Filter(type="statenbrief"))
    assert {p.chunk.source for p in by_type.passages} == {"2023-07-11-statenbrief-borger-odoorn.md"}


def test_a_filter_that_matches_nothing_says_so_and_names_what_exists(config: Config, fake: FakeEmbedder) -> None:
    lib = Library(config, fake)
    lib.build()
    answer = lib.ask("Wat is DTZ?", filters=Filter(year="2019"))
    assert answer.filter_empty and answer.passages == () and not answer.answered
    assert answer.as_dict()["filter_matches_nothing"] is True
    years, types = lib.filter_choices()
    assert years == ["2020", "2021", "2023"] and "statenbrief" in types


def test_a_document_named_in_the_question_steers_only_when_the_index_has_it(config: Config, fake: FakeEmbedder) -> None:
    lib = Library(config, fake)
    lib.build()
    named = lib.ask("Wat staat er in de statenbrief van 2023 over de financiering?", k=5)
    assert named.filtered == "jaar 2023, type statenbrief"
    assert {p.chunk.source for p in named.passages} == {"2023-07-11-statenbrief-borger-odoorn.md"}
    absent = lib.ask("Wat staat er in de begroting van 2019 over de financiering?", k=5)
    assert absent.filtered == "" and absent.passages  # no such document: searched as usual
