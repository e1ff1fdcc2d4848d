"""The lexical index's terms, searchable by substring and by near spelling.

A question word finds the Dutch compounds that contain it ("rekenkamer" in
"rekenkameronderzoek") and the OCR-damaged forms one letter off. Scanning every term in
Python costs about 9 ms per word at 300,000 terms; here the terms are one newline-joined
string searched with ``str.find`` (C speed, about 1.5 ms), and words of about the same length
with the same first two letters are grouped once for the spelling check.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable

MIN_NEAR = 6  # terms shorter than this are not grouped for the spelling check


class Vocabulary:
    """All terms of a lexical index, built once per loaded index."""

    def __init__(self, terms: Iterable[str]) -> None:
        self._terms = sorted(t for t in terms if "\n" not in t)
        self._blob = "\n".join(self._terms)
        self._starts: list[int] = []
        position = 0
        for term in self._terms:
            self._starts.append(position)
            position += len(term) + 1
        self._groups: dict[tuple[str, int], list[str]] = {}
        for term in self._terms:
            if len(term) >= MIN_NEAR:
                self._groups.setdefault((term[:2], len(term)), []).append(term)

    def __len__(self) -> int:
        return len(self._terms)

    def containing(self, part: str) -> list[str]:
        """The terms that contain ``part`` (the term equal to it included), in sorted order."""
        found: list[str] = []
        if not part or "\n" in part:
            return found
        i = self._blob.find(part)
        while i >= 0:
            k = bisect.bisect_right(self._starts, i) - 1
            found.append(self._terms[k])
            next_start = self._starts[k + 1] if k + 1 < len(self._starts) else len(self._blob)
            i = self._blob.find(part, next_start)
        return found

    def similar_length(self, term: str) -> list[str]:
        """Terms one shorter, as long or one longer than ``term`` with the same first two letters."""
        return [v for n in (len(term) - 1, len(term), len(term) + 1) for v in self._groups.get((term[:2], n), [])]
