"""Readers: one module per file format, all returning a :class:`ReadResult`.

``read_file`` picks the reader by suffix. A reader raises :class:`Unreadable` with a
reason a person understands when a file cannot be used; the build skips that file
and reports the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from index.config import ReadingConfig
from index.readers.base import ReadResult, Unreadable
from index.readers.container import ZIP_SUFFIXES, check_container
from index.readers.docx import read_docx
from index.readers.html import read_html
from index.readers.odt import read_odt
from index.readers.pdf import read_pdf
from index.readers.text import read_text

READERS: dict[str, Callable[[Path], ReadResult]] = {
    ".txt": read_text,
    ".md": read_text,
    ".markdown": read_text,
    ".pdf": read_pdf,
    ".docx": read_docx,
    ".odt": read_odt,
    ".html": read_html,
    ".htm": read_html,
}

SUPPORTED_SUFFIXES = tuple(sorted(READERS))


def read_file(path: Path, limits: ReadingConfig | None = None) -> ReadResult:
    """Read one document with the reader for its suffix."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise Unreadable(f"unsupported file type '{path.suffix or '(none)'}' (supported: {', '.join(SUPPORTED_SUFFIXES)})")
    if path.stat().st_size == 0:
        raise Unreadable("empty file")
    if path.suffix.lower() in ZIP_SUFFIXES:
        check_container(path, limits or ReadingConfig())
    result = reader(path)
    if not any(b.kind == "text" for b in result.blocks):
        raise Unreadable("no readable text found")
    return result


__all__ = ["READERS", "SUPPORTED_SUFFIXES", "ReadResult", "Unreadable", "read_file"]
