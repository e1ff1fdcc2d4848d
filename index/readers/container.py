"""Zip containers (DOCX, ODT) are checked before any parser sees them.

A DOCX or ODT is a zip file: a 1 MB upload can hold gigabytes of XML. The entries' declared
sizes are checked first, and then the real size while decompressing is bounded too (the
declared size can lie), so a zip bomb is refused in milliseconds, not after minutes.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from index.config import ReadingConfig
from index.readers.base import Unreadable

ZIP_SUFFIXES = (".docx", ".odt")
MAX_ENTRIES = 10_000  # a large Word document has a few hundred


def check_container(path: Path, limits: ReadingConfig) -> None:
    """Raise :class:`Unreadable` when the zip is corrupt, has too many entries or unpacks too large."""
    cap = int(limits.max_unzipped_mb * 1024 * 1024)
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ENTRIES:
                raise Unreadable(f"zip container with {len(entries)} entries (limit {MAX_ENTRIES}); not a normal document")
            declared = sum(e.file_size for e in entries)
            if declared > cap:
                raise Unreadable(_too_big(declared, limits))
            total = 0
            for entry in entries:
                with archive.open(entry) as fh:
                    while chunk := fh.read(1 << 20):
                        total += len(chunk)
                        if total > cap:
                            raise Unreadable(_too_big(total, limits))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError, ValueError) as exc:
        raise Unreadable(f"corrupt or unreadable zip container ({exc.__class__.__name__}: {exc})") from None
    except RuntimeError as exc:  # an encrypted entry
        raise Unreadable(f"encrypted or unreadable zip container ({exc})") from None


def _too_big(size: int, limits: ReadingConfig) -> str:
    return f"unpacks to more than reading.max_unzipped_mb = {limits.max_unzipped_mb:g} MB ({size / 1024 / 1024:.0f} MB or more)"
