"""Dutch text analysis for the lexical index.

Lower case, accent and OCR folding ("industriële" == "industriéle" == "industriele"),
numbers normalised ("115.000,00" == "115000"), Dutch and English stop words removed,
Snowball Dutch stemming (PyStemmer).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

from index import langdata

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)

# Snowball's Dutch stop list plus question words and common English function words (index/data/stopwords.txt).
STOP_WORDS = langdata.words("stopwords.txt")


# How words become index terms. bench/analysers.py compares these on every question file and PolicyQA:
# Snowball "dutch" (Kraaij-Pohlmann), Snowball "dutch_porter", and simplemma's Dutch lemmas.
ANALYSERS = ("dutch", "dutch_porter", "simplemma")
ANALYSER = "dutch"


@lru_cache(maxsize=1)
def _stemmer():  # type: ignore[no-untyped-def]
    if ANALYSER == "simplemma":
        return _Lemmatiser()
    import Stemmer

    return Stemmer.Stemmer(ANALYSER)


class _Lemmatiser:
    """simplemma's Dutch lemmas behind the stemmer's interface (a benchmark alternative; an optional package)."""

    def __init__(self) -> None:
        import simplemma

        self._lemma = lru_cache(maxsize=200_000)(lambda word: fold(simplemma.lemmatize(word, lang="nl")))

    def stemWords(self, words: list[str]) -> list[str]:  # PyStemmer's name
        return [self._lemma(w) for w in words]


def use_analyser(name: str) -> None:
    """Switch the analyser for this process (benchmarks only: an index holds the terms of the analyser that built it)."""
    global ANALYSER
    if name not in ANALYSERS:
        raise ValueError(f"unknown analyser {name!r}; one of {', '.join(ANALYSERS)}")
    ANALYSER = name
    _stemmer.cache_clear()


def fold(text: str) -> str:
    """Lower case and strip accents: "Industriële" -> "industriele"."""
    if text.isascii():  # nothing to decompose
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


YEAR = re.compile(r"(?:19|20)\d{2}")  # a number that is a year, not an amount or a count


def fold_spaces(text: str) -> str:
    """Folded, with runs of whitespace as one space (for matching patterns against questions and passages)."""
    return " ".join(fold(text).split())


def _number(token: str) -> str:
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", token):
        token = token.replace(".", "")
    whole, _, decimals = token.partition(",")
    return whole if not decimals or set(decimals) == {"0"} else f"{whole},{decimals}"


def tokenize(text: str) -> list[str]:
    """Folded tokens, stop words kept (used for phrase checks and term statistics)."""
    return [_number(t) if t[0].isdigit() else t for t in _TOKEN.findall(fold(text))]


class Term(NamedTuple):
    """A question term: its stem (what the index holds), the folded word it came from, and,
    for one of several alternatives ("geld|middelen"), the key the alternatives share."""

    stem: str
    word: str
    group: str = ""

    @property
    def key(self) -> str:
        """Terms with one key count as one for the evidence: the same stem, or alternatives."""
        return self.group or self.stem


# The compass nouns as the prefixes of names write them: "het zuidoosten van Drenthe" is "Zuidoost-Drenthe",
# "het noorden van het land" "Noord-Nederland" (the stemmer makes "noorden" "noor").
_COMPASS = {
    f"{a}{b}en": f"{a}{b}"
    for a, b in (
        ("noord", ""),
        ("zuid", ""),
        ("oost", ""),
        ("west", ""),
        ("noord", "oost"),
        ("noord", "west"),
        ("zuid", "oost"),
        ("zuid", "west"),
    )
}


def _content_words(text: str) -> list[str]:
    return [_COMPASS.get(t, t) for t in tokenize(text) if t not in STOP_WORDS and (len(t) > 1 or t.isdigit())]


def analyze(text: str) -> list[str]:
    """Tokens for the lexical index: folded, stop words removed, stemmed."""
    return list(_stemmer().stemWords(_content_words(text)))


def query_terms(text: str) -> list[Term]:
    """The question's terms with the words they came from (compound matching needs both:
    "evaluatie" stems to "evalueer", yet it is the word that "evaluatierapport" contains).

    Words joined by "|" ("geld|middelen", as :func:`index.translate.to_dutch` writes
    alternatives) are alternatives: one of them present is enough.
    """
    terms: list[Term] = []
    for piece in text.split():
        words = _content_words(piece.replace("|", " "))
        stems = list(_stemmer().stemWords(words))
        group = "|".join(stems) if "|" in piece and len(stems) > 1 else ""
        terms.extend(Term(stem, word, group) for stem, word in zip(stems, words, strict=True))
    return terms
