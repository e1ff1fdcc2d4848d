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

from index.cleaning import mark_letter_frame, rows_to_blocks, text_to_blocks
from index.models import Block
from index.readers.base import ReadResult, Unreadable

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
    cover = _cover_title(document)
    if cover:
        props["display_title"] = cover
    core = document.core_properties
    if core.title:
        props["title"] = core.title
    if core.author:
        props["sender"] = core.author
    if core.created is not None:
        props["created"] = core.created.date().isoformat()
    return ReadResult(mark_letter_frame(blocks), properties=props)


COVER_ITEMS = 10  # the title of a Word document stands among its first paragraphs
SUBTITLE_PT = 14  # a line in at least this size right under the title is its subtitle


def _cover_title(document: Any) -> str:
    """The title as the first page shows it: a title block (a one-column table of short bold or
    centred lines at the very top, as Word templates make it), or the first title or heading
    with the subtitle in large type right under it. "" when there is neither."""
    items = [i for i in document.iter_inner_content() if hasattr(i, "rows") or i.text.strip()][:COVER_ITEMS]
    if items and hasattr(items[0], "rows"):
        paras = [p for row in items[0].rows for cell in row.cells[:1] for p in cell.paragraphs if p.text.strip()]
        if len(items[0].columns) == 1 and 1 <= len(paras) <= 4 and all(_prominent(p) for p in paras):
            text = " ".join(" ".join(p.text.split()) for p in paras)
            if len(text.split()) <= 25:
                return text
    paras = [i for i in items if not hasattr(i, "rows")]
    for n, para in enumerate(paras):
        if _heading_level(para) is None:
            continue
        title = " ".join(para.text.split())
        nxt = paras[n + 1] if n + 1 < len(paras) else None
        if nxt is not None and _heading_level(nxt) is None and _size(nxt) >= SUBTITLE_PT and len(nxt.text.split()) <= 20:
            title = f"{title.rstrip('.')}. {' '.join(nxt.text.split())}"
        return title
    return ""


def _heading_level(para: Any) -> int | None:
    style = para.style.name if para.style is not None else ""
    match = _HEADING_STYLE.match(style or "")
    if (match or style == "Title") and len(para.text.split()) <= MAX_HEADING_WORDS:
        return int(match.group(1)) if match else 1
    return None


def _prominent(para: Any) -> bool:
    """Bold or centred: how a title block sets its lines apart."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    runs = [r for r in para.runs if r.text.strip()]
    bold = bool(runs) and all(r.bold or (r.bold is None and para.style is not None and para.style.font.bold) for r in runs)
    return bold or para.alignment == WD_ALIGN_PARAGRAPH.CENTER


def _size(para: Any) -> float:
    """The largest explicit font size (pt) of a paragraph's runs, else its style's, else 0."""
    sizes = [r.font.size.pt for r in para.runs if r.font.size is not None]
    if not sizes and para.style is not None and para.style.font.size is not None:
        sizes = [para.style.font.size.pt]
    return max(sizes, default=0.0)


def _paragraph(para: Any) -> list[Block]:
    text = para.text.strip()
    if not text:
        return []
    level = _heading_level(para)
    if level is not None:
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
        rows.append(cells)
    return rows_to_blocks(rows)
