"""Word .docx with python-docx: paragraphs and tables in document order.

Heading styles ("Heading 2", "Kop 2", "Title") start sections; a heading-styled paragraph
that is really a long piece of text (a whole article of an agreement typed in a heading
style) stays text. Tables stay where they stand: each row becomes a block that carries the
table's header row ("Kolom: waarde; ..."), so any passage of a table says what its numbers
are; a one-cell table (a call-out box) is read as ordinary paragraphs.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from index.cleaning import mark_letter_frame, text_to_blocks
from index.models import Block
from index.readers.base import ReadResult, Unreadable
from index.tables import table_blocks

_HEADING_STYLE = re.compile(r"^(?:heading|kop)\s*(\d)$", re.IGNORECASE)
MAX_HEADING_WORDS = 20  # longer "headings" are text typed in a heading style


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
    for item in document.iter_inner_content():
        if hasattr(item, "rows"):
            blocks.extend(_table(item))
        else:
            blocks.extend(_paragraph(item))
    props: dict[str, str] = {}
    core = document.core_properties
    if core.title:
        props["title"] = core.title
    if core.author:
        props["sender"] = core.author
    if core.created is not None:
        props["created"] = core.created.date().isoformat()
    return ReadResult(mark_letter_frame(blocks), properties=props)


def _paragraph(para: Any) -> list[Block]:
    text = para.text.strip()
    if not text:
        return []
    style = para.style.name if para.style is not None else ""
    match = _HEADING_STYLE.match(style or "")
    if (match or style == "Title") and len(text.split()) <= MAX_HEADING_WORDS:
        level = int(match.group(1)) if match else 1
        return [Block(" ".join(text.split()), "heading", None, level)]
    return text_to_blocks(text)


def _table(table: Any) -> list[Block]:
    rows: list[list[str]] = []
    for row in table.rows:
        cells: list[str] = []
        previous = None
        for cell in row.cells:
            if cell._tc is previous:  # a merged cell appears once per column it spans
                continue
            previous = cell._tc
            cells.append(" ".join(cell.text.split()))
        if any(cells):
            rows.append(cells)
    if not rows:
        return []
    if all(len(r) == 1 for r in rows):  # a one-column box: its text is paragraphs
        return [b for r in rows for b in text_to_blocks(r[0])]
    return table_blocks(rows)
