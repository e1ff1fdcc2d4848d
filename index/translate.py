"""English questions over Dutch documents: map the question's words to Dutch for keyword search.

Council members sometimes ask in English; the documents are Dutch. The multilingual
embedding model handles that for dense search, but keyword search and the evidence for
abstention need the question's words as the documents write them. This module detects an
English question (English function words outnumber Dutch ones) and replaces English words
and phrases with their Dutch equivalents from a glossary of general council, policy and
economy vocabulary. Words it does not know are kept (names and many terms are the same
in both languages). The dense search always embeds the original question.
"""

from __future__ import annotations

import re

from index import langdata
from index.analysis import fold, fold_spaces

_EN_MARKERS = frozenset(
    "the of what which who whom whose how does do did are were when where why and to for with much many "
    "there this that these those has have an a its it by from about can will would should".split()
)
_NL_MARKERS = frozenset(
    "de het een van wat welke wie hoe waar wanneer hoeveel waarom zijn en naar voor met heeft hebben er "
    "dit dat deze die wordt worden door over kan bij ook nog".split()
)

# Phrases first (longest match wins), then single words. Values are Dutch words as the documents write them.
GLOSSARY: dict[str, str] = {str(k): str(v) for k, v in langdata.table("english-dutch.yaml").items()}

_PHRASES = sorted((k for k in GLOSSARY if " " in k), key=len, reverse=True)
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


def is_english(question: str) -> bool:
    """Does the question read as English rather than Dutch?"""
    words = _WORD.findall(fold(question))
    en = sum(w in _EN_MARKERS for w in words)
    nl = sum(w in _NL_MARKERS for w in words)
    return en >= 1 and en > nl


def to_dutch(question: str) -> str:
    """The question with known English words and phrases replaced by Dutch ones (unchanged if not English).

    Where the glossary gives several Dutch words they are joined by "|": alternatives, of which
    the documents need to hold only one (:func:`index.analysis.query_terms`).
    """
    if not is_english(question):
        return question
    text = fold_spaces(question)
    for phrase in _PHRASES:
        text = re.sub(rf"\b{re.escape(phrase)}\b", _alternatives(GLOSSARY[phrase]), text)
    names = _names(question)

    def dutch(m: re.Match[str]) -> str:
        word = m.group(0)
        if word not in GLOSSARY:
            return word
        if word in names:  # "the Program Board": Dutch texts write such names in English too
            return _alternatives(f"{GLOSSARY[word]} {word}")
        return _alternatives(GLOSSARY[word])

    return _WORD.sub(dutch, text)


def _names(question: str) -> frozenset[str]:
    """Words written with a capital inside the question: part of a name ("Program Board", "Triple Helix")."""
    words = [w.strip("?!.,;:()'\"“”‘’") for w in question.split()[1:]]
    if all(w.isupper() for w in words if w):  # A QUESTION IN CAPITALS names nothing by them
        return frozenset()
    return frozenset(fold(part) for w in words if w[:1].isupper() for part in w.split("-") if part)


def untranslated(question: str) -> frozenset[str]:
    """The words of an English question that :func:`to_dutch` keeps as they are (empty for a Dutch question)."""
    if not is_english(question):
        return frozenset()
    words = set(_WORD.findall(fold_spaces(question)))
    return frozenset(w for w in words if w not in GLOSSARY)


def _alternatives(dutch: str) -> str:
    """Several Dutch words for one English word are alternatives: "geld middelen" -> "geld|middelen"."""
    return "|".join(dict.fromkeys(dutch.split()))
