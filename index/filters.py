"""Filters on the documents a question is answered from: a year, a document type, a source.

A filter is set by the user (``/jaar 2024``, ``/type jaarplan``, ``/bron Coevorden``,
``dtzbot ask --year 2024``) or read from the question itself when it names a document
unambiguously ("in het jaarplan 2024", "de statenbrief van 2023"). It selects whole
documents, by what a person would call them:

* year: the document's date, or a year in its title (the raadsbrief of May 2024 about
  "jaarverslag 2023 en jaarplan 2024" is a document of 2023 and of 2024);
* type: the document's type, or the type word in its title (that raadsbrief is also a
  jaarplan and a jaarverslag);
* source: words of its title or file name;
* collection: whose documents they are (``store.collection`` keeps a bot to one; ``--collection``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from index import langdata
from index.analysis import fold_spaces
from index.models import DocumentMeta

YEAR = re.compile(r"\b((?:19|20)\d{2})\b")
# Document types a question can name, with the words it may use for them.
TYPE_WORDS: dict[str, tuple[str, ...]] = {str(k): tuple(v) for k, v in langdata.table("document-types.yaml").items()}
_NAMED_DOCUMENT = re.compile(
    r"\b(?:in|uit|volgens|bij|van|over)?\s*(?:het|de|the)\s+("
    + "|".join(sorted({w for ws in TYPE_WORDS.values() for w in ws}, key=len, reverse=True))
    + r")\s+(?:van\s+|voor\s+|of\s+|for\s+)?((?:19|20)\d{2})\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Filter:
    """Which documents may answer: all of the given conditions hold (an empty filter lets all through)."""

    year: str = ""
    type: str = ""
    source: str = ""
    collection: str = ""

    def __bool__(self) -> bool:
        return bool(self.year or self.type or self.source or self.collection)

    def merged(self, other: Filter) -> Filter:
        """This filter with the conditions ``other`` sets put in place of its own."""
        return replace(self, **{k: v for k, v in vars(other).items() if v})

    def matches(self, doc: DocumentMeta) -> bool:
        """Does this document pass?"""
        title = fold_spaces(doc.title)
        if self.year and not (doc.date.startswith(self.year) or self.year in YEAR.findall(title)):
            return False
        if self.type:
            words = TYPE_WORDS.get(self.type, (self.type,))
            if doc.type != self.type and not any(re.search(rf"\b{re.escape(w)}(?:en|s)?\b", title) for w in words):
                return False
        if self.collection and doc.collection != " ".join(self.collection.lower().split()):
            return False
        if self.source:
            haystack = f"{title} {fold_spaces(doc.source)}"
            if not all(word in haystack for word in fold_spaces(self.source).split()):
                return False
        return True

    def describe(self, lang: str = "nl") -> str:
        """ "jaar 2024, type jaarplan" (or in English)."""
        labels = {"nl": ("jaar", "type", "bron", "collectie"), "en": ("year", "type", "source", "collection")}
        values = (self.year, self.type, self.source, self.collection)
        parts = [f"{label} {value}" for label, value in zip(labels.get(lang, labels["nl"]), values, strict=True) if value]
        return ", ".join(parts)


def parse_type(word: str) -> str | None:
    """The document type a user means ("jaarplannen", "Annual report" -> jaarplan, jaarverslag), or None."""
    folded = fold_spaces(word)
    for kind, words in TYPE_WORDS.items():
        if folded == kind or any(folded.startswith(w) for w in words):
            return kind
    return None


def parse_year(text: str) -> str | None:
    """A year ("2024") in what the user typed, or None."""
    m = YEAR.fullmatch(text.strip())
    return m.group(1) if m else None


def named_in(question: str) -> Filter:
    """The document a question names outright ("in het jaarplan 2024", "de statenbrief van 2023"), else an empty filter."""
    found = {(parse_type(m.group(1)) or "", m.group(2)) for m in _NAMED_DOCUMENT.finditer(question)}
    if len(found) != 1:  # none, or two documents compared: no single one to keep to
        return Filter()
    kind, year = found.pop()
    return Filter(year=year, type=kind)


def matching(documents: Iterable[DocumentMeta], flt: Filter) -> list[DocumentMeta]:
    """The documents that pass the filter."""
    return [d for d in documents if flt.matches(d)]


def available(documents: Iterable[DocumentMeta]) -> tuple[list[str], list[str]]:
    """The years and the types that a filter can choose from (for "no document of 2019; there are ...")."""
    docs = list(documents)
    years = sorted({y for d in docs for y in [d.date[:4], *YEAR.findall(d.title)] if YEAR.fullmatch(y or "")})
    types = sorted(
        {d.type for d in docs if d.type and d.type != "other"}
        | {k for d in docs for k in TYPE_WORDS if Filter(type=k).matches(d)}
    )
    return years, types
