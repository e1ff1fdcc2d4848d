"""The glossary: abbreviations the documents spell out, and the bureau's begrippen.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest

from index import Library
from index.config import Config
from index.errors import ConfigError
from index.glossary import Entry, from_passages, long_form, lookup, mentioned, read_given
from index.models import Chunk
from tests.conftest import FakeEmbedder


@pytest.mark.parametrize(
    ("abbr", "words", "meaning"),
    [
        ("LKC", "de regio en het Logistiek Kenniscentrum", "Logistiek Kenniscentrum"),
        ("DNB", "toezicht door De Nederlandsche Bank", "De Nederlandsche Bank"),
        ("ENW", "de domeinen Exacte en Natuurwetenschappen", "Exacte en Natuurwetenschappen"),  # not "en Natuur..."
        ("DTZ", "het samenwerkingsverband Dutch Tech Zone", "Dutch Tech Zone"),
        ("EZK", "in 2024 en daarna", None),  # the letters are not there in order
    ],
)
def test_a_long_form_must_spell_the_abbreviation(abbr: str, words: str, meaning: str | None) -> None:
    assert long_form(abbr, words) == meaning


def chunk(text: str, n: int = 0, source: str = "a.pdf", page: int | None = 2) -> Chunk:
    return Chunk(f"id{n}", source, "Titel", "2024", "other", page, None, n, text)


def test_entries_are_read_from_the_three_ways_documents_spell_terms_out() -> None:
    entries = from_passages(
        [
            chunk("Het Logistiek Kenniscentrum (LKC) opende in 2024. Het LKC groeit."),
            chunk("De regio BOCE (Borger-Odoorn, Coevorden, Emmen) werkt samen.", 1),
            chunk("MKB staat voor midden- en kleinbedrijf. Het jaar 2024 (een topjaar) was goed.", 2, "b.pdf", 7),
            chunk("Voor DTZ betekent dit dat de regio meer banen krijgt.", 3),  # no meaning of DTZ
        ]
    )
    assert [(e.term, e.meaning, e.source, e.page) for e in entries] == [
        ("BOCE", "Borger-Odoorn, Coevorden, Emmen", "a.pdf", 2),
        ("LKC", "Logistiek Kenniscentrum", "a.pdf", 2),
        ("MKB", "midden- en kleinbedrijf", "b.pdf", 7),
    ]
    assert entries[1].chunk_id == "id0" and not entries[1].given


def test_the_bureaus_list_is_read_and_a_bad_one_names_the_entry(tmp_path: Path) -> None:
    (tmp_path / "begrippen.yaml").write_text(
        "- term: HTSM\n  uitleg: Hightech Systemen en Materialen\n- term: Triple helix\n  uitleg: Overheid, onderwijs en ondernemers samen.\n",
        encoding="utf-8",
    )
    given = read_given(tmp_path)
    assert given == [
        Entry("HTSM", "Hightech Systemen en Materialen"),
        Entry("Triple helix", "Overheid, onderwijs en ondernemers samen."),
    ]
    assert given[0].given
    assert lookup(given, "de htsm?") == given[0] and lookup(given, "triple HELIX") == given[1] and lookup(given, "EZK") is None
    assert lookup([Entry("De Wolden", "een gemeente in Drenthe")], "De Wolden") is not None  # an article in the term
    assert mentioned(given, "Thema's: HTSM en logistiek; geen HTSMX") == [given[0]]
    (tmp_path / "begrippen.yaml").write_text("- term: HTSM\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="entry 1 needs a 'term' and an 'uitleg'"):
        read_given(tmp_path)


def test_library_answers_what_an_abbreviation_stands_for(config: Config, fake: FakeEmbedder) -> None:
    (config.knowledge_dir / "begrippen.yaml").write_text(
        "- term: HTSM\n  uitleg: Hightech Systemen en Materialen\n", encoding="utf-8"
    )
    lib = Library(config, fake)
    report = lib.build()
    assert report.skipped == [] and report.files_read == 3  # the glossary is no document
    terms = {e.term: e for e in lib.glossary()}
    assert terms["DTZ"].meaning == "Dutch TechZone" and terms["DTZ"].source == "2021-05-19-emmen-raadsbrief.txt"
    assert terms["HTSM"].given
    answer = lib.ask("Waar staat DTZ voor?")
    assert answer.answered and answer.definition == terms["DTZ"]
    assert answer.passages[0].chunk.id == terms["DTZ"].chunk_id  # the passage that spells it out comes first
    assert answer.as_dict()["definition"]["meaning"] == "Dutch TechZone"
    given = lib.ask("Wat betekent HTSM?")
    assert given.answered and given.definition == terms["HTSM"]
    unknown = lib.ask("Waar staat EFRO voor?")  # no document spells it out: passages that use words are no answer
    assert not unknown.answered and unknown.definition is None
    # the bureau edits its list: picked up without a rebuild
    (config.knowledge_dir / "begrippen.yaml").write_text(
        "- term: EFRO\n  uitleg: Europees Fonds voor Regionale Ontwikkeling\n", encoding="utf-8"
    )
    import os

    os.utime(config.knowledge_dir / "begrippen.yaml", (1, 1))
    assert lib.define("efro") is not None and lib.define("HTSM") is None
