"""The language data: word lists and mappings kept as files in ``index/data/`` (and ``bot/data/``).

English-to-Dutch words for keyword search (``english-dutch.yaml``), stop words
(``stopwords.txt``), abbreviations that do not end a sentence (``abbreviations.txt``), document
types and the words for them (``document-types.yaml``), the words by which a document says what it is
(``type-words.yaml``) and who sends it (``organisations.yaml``), month names (``months.yaml``), political
parties (``parties.txt``), and the
bot's small talk (``bot/data/smalltalk.yaml``). Each is read once; the YAML files through the
same safe loader as the configuration.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

from index import safeyaml


def _text(name: str, package: str) -> str:
    return resources.files(package).joinpath("data", name).read_text(encoding="utf-8")


@cache
def table(name: str, package: str = "index") -> Any:
    """A YAML data file's contents."""
    return safeyaml.load(_text(name, package).encode("utf-8"))


@cache
def words(name: str, package: str = "index") -> frozenset[str]:
    """The words of a text data file (separated by spaces or lines; lines starting with # are comments)."""
    return frozenset(w for line in _text(name, package).splitlines() if not line.startswith("#") for w in line.split())
