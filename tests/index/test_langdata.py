"""The language data files load, hold what the code expects, and ship with the package."""

from __future__ import annotations

import fnmatch
import tomllib

from index import langdata
from tests.conftest import ROOT


def test_every_data_file_is_declared_as_package_data() -> None:
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    packages = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    for package in ("index", "bot"):
        assert f"{package}.data" in packages
        files = sorted(p.name for p in (ROOT / package / "data").iterdir() if p.name != "__pycache__")
        assert files
        for name in files:
            assert any(fnmatch.fnmatch(name, pattern) for pattern in declared[f"{package}.data"]), name


def test_the_data_files_hold_what_the_code_uses() -> None:
    glossary = langdata.table("english-dutch.yaml")
    assert glossary["programme"] == "programma" and all(isinstance(v, str) and v for v in glossary.values())
    stop = langdata.words("stopwords.txt")
    assert {"de", "het", "the", "wat"} <= stop and "gemeente" not in stop
    types = langdata.table("document-types.yaml")
    assert all(words[0] == kind for kind, words in types.items())  # the first word is the type itself
    months = langdata.table("months.yaml")
    assert len(months["nl"]) == len(months["en"]) == 12 and months["nl"][4] == "mei"
    talk = langdata.table("smalltalk.yaml", package="bot")
    assert "hallo" in talk["greetings"] and "dank je wel" in talk["thanks"]


def test_type_words_name_known_types_and_sender_words_are_lower_case() -> None:
    known = set(langdata.table("document-types.yaml"))
    words = langdata.table("type-words.yaml")
    assert {kind for _, kind in words["words"]} <= known and set(words["letter_types"]) <= known
    bodies = langdata.table("organisations.yaml")
    assert all(w == w.lower() for part in bodies.values() for w in part)
    assert "gemeente" in bodies["names"] and "ministerie van" in bodies["line_starts"]
