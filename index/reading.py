"""Reading one document into passages: reader, metadata, chunking (what a worker process runs)."""

from __future__ import annotations

from pathlib import Path

from index.chunking import chunk_document
from index.config import Config, ReadingConfig
from index.metadata import read_sidecar, resolve
from index.models import Chunk, DocumentMeta
from index.readers import Unreadable, read_file

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")


def too_large(path: Path, size: int, limits: ReadingConfig) -> str | None:
    """Why a file is too large to read, or None."""
    mb = size / 1024 / 1024
    if path.suffix.lower() in TEXT_SUFFIXES and mb > limits.max_text_mb:
        return f"text file too large ({mb:.1f} MB; limit reading.max_text_mb = {limits.max_text_mb:g} MB)"
    if mb > limits.max_file_mb:
        return f"file too large ({mb:.1f} MB; limit reading.max_file_mb = {limits.max_file_mb:g} MB)"
    return None


def read_document(source: str, path: Path, cfg: Config) -> tuple[DocumentMeta, list[Chunk], list[str]]:
    """Read, describe and chunk one document; raises :class:`Unreadable` with the reason."""
    result = read_file(path, cfg.reading)
    side, side_warnings = read_sidecar(path)
    given = {**result.given, **side}
    meta, meta_warnings = resolve(source, path, given, result.properties, result.blocks)
    chunks = chunk_document(meta, result.blocks, cfg.chunking)
    if not chunks:
        raise Unreadable("no passages after removing letterhead and signatures")
    warnings = [f"{source}: {w}" for w in result.warnings + side_warnings] + meta_warnings
    return meta, chunks, warnings
