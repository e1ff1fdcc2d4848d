"""PDF with pypdf: the page number of every block is kept."""

from __future__ import annotations

import logging
from pathlib import Path

from index.cleaning import clean_pages
from index.readers.base import ReadResult, Unreadable

logging.getLogger("pypdf").setLevel(logging.ERROR)


def read_pdf(path: Path) -> ReadResult:
    """Read the text layer of a PDF, page by page."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise Unreadable("encrypted PDF (password required)")
            except (NotImplementedError, DependencyError):
                raise Unreadable("encrypted PDF with an unsupported algorithm") from None
        pages = [(i, page.extract_text() or "") for i, page in enumerate(reader.pages, start=1)]
    except Unreadable:
        raise
    except FileNotDecryptedError:
        raise Unreadable("encrypted PDF (password required)") from None
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, AttributeError) as exc:
        raise Unreadable(f"corrupt or unreadable PDF ({exc.__class__.__name__}: {exc})") from None
    if not pages:
        raise Unreadable("PDF has no pages")
    if not any(text.strip() for _, text in pages):
        raise Unreadable("PDF has no text layer (scanned?); run OCR first")
    props: dict[str, str] = {}
    try:
        info = reader.metadata
    except (PdfReadError, ValueError, KeyError, TypeError):
        info = None
    if info is not None:
        if info.title:
            props["title"] = str(info.title)
        if info.author:
            props["sender"] = str(info.author)
        try:
            created = info.creation_date
        except (ValueError, TypeError):
            created = None
        if created is not None:
            props["date"] = created.date().isoformat()
    return ReadResult(clean_pages(pages), properties=props)
