"""The glossary: abbreviations and terms, read from the documents themselves and from the bureau's list.

From the documents, where they spell a term out:

* "Long Name (ABBR)": "Logistiek Kenniscentrum (LKC)";
* "ABBR (Long Name)": "BOCE (Borger-Odoorn, Coevorden, Emmen)";
* "ABBR staat voor Long Name", "ABBR betekent ...".

A long name is accepted only when the abbreviation's letters appear in it in order, the first
at the start of a word (the Schwartz-Hearst rule), so "in 2024 (DTZ)" is no expansion. Each
entry cites the passage it was read from.

From the bureau: ``begrippen.yaml`` in the knowledge folder, a list of entries::

    - term: HTSM
      uitleg: Hightech Systemen en Materialen, een topsector van het Rijk
    - term: Triple helix
      uitleg: Samenwerking van overheid, onderwijs en ondernemers.

The bureau's entries win over derived ones with the same term.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from index import safeyaml
from index.analysis import fold_spaces
from index.errors import ConfigError
from index.models import Chunk

GLOSSARY_FILE = "begrippen.yaml"
MAX_BYTES = 256 * 1024
_ABBR = r"[A-Z][A-Za-z0-9&]*(?:-[A-Za-z0-9]+)?"
_LONG_THEN_ABBR = re.compile(rf"((?:[\w'’&-]+[ ,]+){{1,10}}?)\(({_ABBR})\)")
_ABBR_THEN_LONG = re.compile(rf"\b({_ABBR})\s+\(([^()]{{3,90}})\)")
_STANDS_FOR = re.compile(rf"\b({_ABBR})\s+(?:staat\s+voor|betekent|stands\s+for|means)\s+([^.;:()\n]{{3,90}})")
_ARTICLES = frozenset("de het een the a an".split())
_FUNCTION_WORDS = _ARTICLES | frozenset("en of voor van in op met and or for of in on with to".split())


@dataclass(frozen=True)
class Entry:
    """One glossary entry: the term, what it means, and where that was read."""

    term: str
    meaning: str
    source: str = ""  # the document (file name) it was read from; "" for the bureau's list
    chunk_id: str = ""  # the passage that spells it out
    page: int | None = None

    @property
    def given(self) -> bool:
        """From the bureau's list rather than read from a document."""
        return not self.source


def is_abbreviation(text: str) -> bool:
    """Two or more capitals, short, no spaces: "DTZ", "HTSM", "EZK", "R&D"."""
    return 2 <= len(text) <= 10 and " " not in text and sum(ch.isupper() for ch in text) >= 2


def long_form(abbr: str, words: str) -> str | None:
    """The shortest tail of ``words`` that spells ``abbr`` (letters in order, the first at the start of
    a word), or None. A tail that starts with a capital is preferred ("Exacte en Natuurwetenschappen
    (ENW)", not "en Natuurwetenschappen"); a leading article is dropped when the rest still spells it."""
    for capital in (True, False):
        found = _spell(abbr, words.strip(" ,"), capital)
        if found is None:
            continue
        parts = found.split()
        if parts[0].lower() in _FUNCTION_WORDS and not capital:
            continue
        if parts[0].lower() in _ARTICLES and len(parts) > 1 and _spell(abbr, " ".join(parts[1:]), False) == " ".join(parts[1:]):
            parts = parts[1:]
        found = " ".join(parts)
        if len(parts) > len(abbr) + 4 or found.lower() == abbr.lower():
            return None
        return found
    return None


def _spell(abbr: str, text: str, capital: bool) -> str | None:
    letters = [c.lower() for c in abbr if c.isalnum()]
    i = len(text) - 1
    for n in range(len(letters) - 1, -1, -1):
        c = letters[n]
        while i >= 0 and (
            text[i].lower() != c or (n == 0 and ((i > 0 and text[i - 1].isalnum()) or (capital and not text[i].isupper())))
        ):
            i -= 1
        if i < 0:
            return None
        i -= 1
    found = text[i + 1 :].strip(" ,")
    return found or None


def from_passages(chunks: Iterable[Chunk]) -> list[Entry]:
    """The abbreviations the documents spell out, each with its most common meaning and its first passage."""
    seen: dict[str, Counter[str]] = {}
    first: dict[tuple[str, str], Chunk] = {}
    for chunk in chunks:
        text = " ".join(chunk.text.split())
        pairs: list[tuple[str, str]] = []
        for m in _LONG_THEN_ABBR.finditer(text):
            if is_abbreviation(m.group(2)):
                meaning = long_form(m.group(2), m.group(1))
                if meaning:
                    pairs.append((m.group(2), meaning))
        for m in _ABBR_THEN_LONG.finditer(text):
            if is_abbreviation(m.group(1)) and not is_abbreviation(m.group(2).strip()):
                meaning = m.group(2).strip()
                if long_form(m.group(1), meaning) is not None or _initials_match(m.group(1), meaning):
                    pairs.append((m.group(1), meaning))
        for m in _STANDS_FOR.finditer(text):  # "MKB staat voor ...", but not "Voor DTZ betekent dit dat ..."
            meaning = m.group(2).strip()
            if is_abbreviation(m.group(1)) and (
                long_form(m.group(1), meaning) is not None or _initials_match(m.group(1), meaning)
            ):
                pairs.append((m.group(1), meaning))
        for term, meaning in pairs:
            seen.setdefault(term, Counter())[meaning] += 1
            first.setdefault((term, meaning), chunk)
    entries = []
    for term, meanings in seen.items():
        meaning = meanings.most_common(1)[0][0]
        chunk = first[(term, meaning)]
        entries.append(Entry(term, meaning, chunk.source, chunk.id, chunk.page))
    return sorted(entries, key=lambda e: e.term.lower())


def _initials_match(abbr: str, meaning: str) -> bool:
    """ "BOCE" and "Borger-Odoorn, Coevorden, Emmen": the capitals of the meaning spell the abbreviation."""
    capitals = "".join(ch for ch in meaning if ch.isupper())
    return capitals.lower() == "".join(c for c in abbr if c.isalnum()).lower()


def read_given(folder: Path) -> list[Entry]:
    """The bureau's ``begrippen.yaml`` in the knowledge folder ([] when there is none); a bad file names its problem."""
    path = folder / GLOSSARY_FILE
    if not path.is_file():
        return []
    try:
        raw = safeyaml.load(path.read_bytes(), max_bytes=MAX_BYTES)
    except (OSError, safeyaml.YamlError) as exc:
        raise ConfigError(f"{path.name}: cannot read the glossary: {exc}") from None
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise ConfigError(f"{path.name}: the glossary is a YAML list of entries with 'term' and 'uitleg'")
    entries = []
    for n, item in enumerate(raw, start=1):
        meaning = item.get("uitleg") or item.get("meaning") if isinstance(item, dict) else None
        if not isinstance(item, dict) or not isinstance(item.get("term"), str) or not isinstance(meaning, str):
            raise ConfigError(f"{path.name}: entry {n} needs a 'term' and an 'uitleg' (text)")
        entries.append(Entry(" ".join(item["term"].split()), " ".join(meaning.split())))
    return entries


def merged(given: list[Entry], derived: list[Entry]) -> list[Entry]:
    """The bureau's entries and the derived ones, one per term (the bureau's first), in alphabetical order."""
    by_term: dict[str, Entry] = {fold_spaces(e.term): e for e in derived}
    by_term |= {fold_spaces(e.term): e for e in given}
    return sorted(by_term.values(), key=lambda e: fold_spaces(e.term))


def lookup(entries: Iterable[Entry], term: str) -> Entry | None:
    """The entry for ``term`` (case and accents folded, surrounding quotes and articles ignored), or None."""

    def bare(text: str) -> str:
        return re.sub(r"^(?:de|het|een|the|an?)\s+", "", fold_spaces(text).strip(" '\"“”‘’?.!"))

    wanted = bare(term)
    return next((e for e in entries if bare(e.term) == wanted), None)


def mentioned(entries: Iterable[Entry], text: str, limit: int = 3) -> list[Entry]:
    """Abbreviations of the glossary that a text uses, in the order it uses them (for "LKC = ...")."""
    found = []
    for entry in entries:
        if is_abbreviation(entry.term):
            m = re.search(rf"(?<![\w-]){re.escape(entry.term)}(?![\w-])", text)
            if m:
                found.append((m.start(), entry))
    return [e for _, e in sorted(found, key=lambda p: p[0])][:limit]
