"""Word .docx with python-docx: heading styles become sections."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from index.cleaning import mark_letter_frame, text_to_blocks
from index.models import Block
from index.readers.base import ReadResult, Unreadable

_HEADING_STYLE = re.compile(r"^(?:heading|kop)\s*(\d)$", re.IGNORECASE)


def read_docx(path: Path) -> ReadResult:
    """Read paragraphs and tables of a .docx in document order."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, XMLSyntaxError) as exc:
        raise Unreadable(f"corrupt or unreadable DOCX ({exc.__class__.__name__})") from None
    blocks: list[Block] = []
    for para in document.paragraphs:
        text = para.text.strip()
        if not text:
            continue
        style = para.style.name if para.style is not None else ""
        match = _HEADING_STYLE.match(style or "")
        if match or style == "Title":
            level = int(match.group(1)) if match else 1
            blocks.append(Block(" ".join(text.split()), "heading", None, level))
        else:
            blocks.extend(text_to_blocks(text))
    for table in document.tables:
        for row in table.rows:
            cells = [c.text.strip() for c in row.cells if c.text.strip()]
            if cells:
                blocks.append(Block(" | ".join(dict.fromkeys(cells)), "text"))
    props: dict[str, str] = {}
    core = document.core_properties
    if core.title:
        props["title"] = core.title
    if core.author:
        props["sender"] = core.author
    if core.created is not None:
        props["date"] = core.created.date().isoformat()
    return ReadResult(mark_letter_frame(blocks), properties=props)
