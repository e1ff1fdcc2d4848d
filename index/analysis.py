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

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)

# Snowball's Dutch stop list plus question words, the verbs a question is built with but that say
# nothing of its subject ("Wat gebeurt er met ...", "Welke rol speelt ..."), and common English
# function words (council members sometimes ask in English).
STOP_WORDS = frozenset(
    """
    de en van ik te dat die in een hij het niet zijn is was op aan met als voor had er maar om hem dan zou of
    wat mijn men dit zo door over ze zich bij ook tot je mij uit der daar haar naar heb hoe heeft hebben deze u
    want nog zal me zij nu ge geen omdat iets worden toch al waren veel meer doen toen moet ben zonder kan hun
    dus alles onder ja eens hier wie werd altijd doch wordt wezen kunnen ons zelf tegen na reeds wil kon niets
    uw iemand geweest andere welke welk wanneer waarom waar hoeveel wij we jij jullie onze ons zijn gaat gaan
    mee toe af heel erg wel word waarin waarvoor waarmee wordt tussen per elk elke alle vanuit hierbij daarbij
    daarnaast the a an of and or to in on at for by with from is are was were be been being what which who whom
    whose when where why how do does did has have had it its this that these those there their they them as
    about into than then can could should would will shall may might must not no yes i you he she we our your my
    me us his her any all some each other such only own same so too very just also more most much many goes go
    going get gets got give gives take takes here who's what's tell please exactly currently still yet
    happen happens happened play plays played mean means meant explain describe know
    gebeurt gebeuren gebeurd gebeurde doet deed deden gedaan speelt spelen gespeeld staat staan stond stonden
    komt komen kwam kwamen krijgt krijgen kreeg kregen gekregen vindt vinden betekent
    betekenen betekende precies eigenlijk ongeveer graag weten weet vertel vertellen leg uitleggen ervan erover
    hierover daarover
    """.split()
)


@lru_cache(maxsize=1)
def _stemmer():  # type: ignore[no-untyped-def]
    import Stemmer

    return Stemmer.Stemmer("dutch")


def fold(text: str) -> str:
    """Lower case and strip accents: "Industriële" -> "industriele"."""
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


def _content_words(text: str) -> list[str]:
    return [t for t in tokenize(text) if t not in STOP_WORDS and (len(t) > 1 or t.isdigit())]


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
