"""Reading one document into passages: reader -> blocks (with kind and page) -> metadata -> passages.

This is what the worker process of :mod:`index.isolation` runs for each file.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from index.chunking import chunk_document
from index.cleaning import REPEATED
from index.config import Config, ReadingConfig
from index.metadata import read_sidecar, resolve
from index.models import Chunk, DocumentMeta
from index.readers import Unreadable, read_file

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
KEPT_WARNING = 0.97  # below this share of its words in passages, a document is named in the report


def too_large(path: Path, size: int, limits: ReadingConfig) -> str | None:
    """Why a file is too large to read, or None."""
    mb = size / 1024 / 1024
    if path.suffix.lower() in TEXT_SUFFIXES and mb > limits.max_text_mb:
        return f"text file too large ({mb:.1f} MB; limit reading.max_text_mb = {limits.max_text_mb:g} MB)"
    if mb > limits.max_file_mb:
        return f"file too large ({mb:.1f} MB; limit reading.max_file_mb = {limits.max_file_mb:g} MB)"
    return None


@dataclass(frozen=True)
class DocumentRead:
    """One document read: its metadata, passages, notes, and how much of its text the passages keep."""

    meta: DocumentMeta
    chunks: list[Chunk]
    warnings: list[str]
    derived_from: tuple[tuple[str, str], ...]
    words: int  # words read from the file
    kept_words: int  # of those, the words in passages
    dropped: tuple[tuple[str, int], ...]  # (reason, lines) not in any passage


def read_document(source: str, path: Path, cfg: Config) -> DocumentRead:
    """Read, describe and chunk one document; raises :class:`Unreadable` with the reason."""
    result = read_file(path, cfg.reading)
    side, side_warnings = read_sidecar(path)
    given = {**result.given, **side}
    meta, meta_warnings, derived_from = resolve(source, path, given, result.properties, result.blocks)
    chunks = chunk_document(meta, result.blocks, cfg.chunking)
    if not chunks:
        raise Unreadable("no passages after removing letterhead and signatures")
    warnings = [f"{source}: {w}" for w in result.warnings + side_warnings] + meta_warnings
    kept = sum(len(b.text.split()) for b in result.blocks if b.kind != "boilerplate")
    lost: Counter[str] = Counter()
    lost_words = 0
    for b in result.blocks:
        if b.kind == "boilerplate":
            lost[b.reason or "boilerplate"] += 1
            if b.reason != REPEATED:  # a second copy of a paragraph the passages hold: no words lost
                lost_words += len(b.text.split())
    for _page, reason, text in result.dropped:
        lost[reason] += 1
        lost_words += len(text.split())
    words = kept + lost_words
    if words and kept / words < KEPT_WARNING:
        reasons = ", ".join(f"{n} {reason}" for reason, n in lost.most_common())
        warnings.append(f"{source}: passages keep only {kept / words:.1%} of the {words} words read (left out: {reasons})")
    return DocumentRead(meta, chunks, warnings, derived_from, words, kept, tuple(lost.most_common()))
