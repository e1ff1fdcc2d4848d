"""OpenDocument text (.odt, the open standard of Dutch government) with lxml: headings, paragraphs,
lists and tables in document order.

An .odt is a zip file; ``content.xml`` holds the text, ``meta.xml`` the title and author.
Headings (``text:h`` with its outline level, or a paragraph in a "Heading n"/"Kop n" style) start
sections; a long text in a heading style stays text, as in DOCX. Tables stay where they stand,
each row with the table's header row; a one-cell table is read as paragraphs.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from index.cleaning import mark_letter_frame, rows_to_blocks, text_to_blocks
from index.models import Block
from index.readers.base import ReadResult, Unreadable
from index.readers.docx import MAX_HEADING_WORDS

_NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
}
_TEXT, _TABLE, _STYLE = (f"{{{_NS[k]}}}" for k in ("text", "table", "style"))
_HEADING_STYLE = re.compile(r"^(?:heading|kop)[\s_]*(\d)$", re.IGNORECASE)
_SKIP = {f"{_TEXT}note", f"{_TEXT}tracked-changes", f"{_TEXT}sequence-decls", f"{_TEXT}table-of-content-source"}


def read_odt(path: Path) -> ReadResult:
    """Read the headings, paragraphs, lists and tables of an .odt in document order."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        with zipfile.ZipFile(path) as archive:
            content = etree.fromstring(archive.read("content.xml"), parser)
            meta = etree.fromstring(archive.read("meta.xml"), parser) if "meta.xml" in archive.namelist() else None
    except (zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as exc:
        raise Unreadable(f"corrupt or unreadable ODT ({exc.__class__.__name__})") from None
    headings = _heading_styles(content)
    body = content.find("office:body/office:text", _NS)
    if body is None:
        raise Unreadable("not an OpenDocument text (no office:text body)")
    blocks: list[Block] = []
    _walk(body, headings, blocks)
    props: dict[str, str] = {}
    if meta is not None:
        for key, tag in (("title", "dc:title"), ("sender", "meta:initial-creator"), ("subject", "dc:subject")):
            found = meta.find(f"office:meta/{tag}", _NS)
            if found is not None and (found.text or "").strip():
                props[key] = " ".join(found.text.split())
    return ReadResult(mark_letter_frame(blocks), properties=props)


def _heading_styles(content: Any) -> dict[str, int]:
    """Automatic paragraph styles ("P3") that stand for a heading style ("Heading 2"), with their level."""
    found: dict[str, int] = {}
    for style in content.iterfind("office:automatic-styles/style:style", _NS):
        parent = style.get(f"{_STYLE}parent-style-name", "")
        m = _HEADING_STYLE.match(parent.replace("_20_", " "))
        if m:
            found[style.get(f"{_STYLE}name", "")] = int(m.group(1))
    return found


def _walk(element: Any, headings: dict[str, int], blocks: list[Block]) -> None:
    for child in element:
        tag = child.tag
        if tag in _SKIP:
            continue
        if tag == f"{_TEXT}h":
            _add(blocks, _text(child), _number(child.get(f"{_TEXT}outline-level"), 1))
        elif tag == f"{_TEXT}p":
            style = child.get(f"{_TEXT}style-name", "").replace("_20_", " ")
            m = _HEADING_STYLE.match(style)
            _add(blocks, _text(child), int(m.group(1)) if m else headings.get(style))
        elif tag == f"{_TABLE}table":
            blocks.extend(_table(child))
        elif tag in (f"{_TEXT}list", f"{_TEXT}list-item", f"{_TEXT}section", f"{_TEXT}list-header"):
            _walk(child, headings, blocks)


def _number(value: str | None, default: int) -> int:
    """An attribute's whole number, or the default when it is missing or not a number."""
    return int(value) if value and value.isdigit() else default


def _add(blocks: list[Block], text: str, level: int | None) -> None:
    if not text:
        return
    if level is not None and len(text.split()) <= MAX_HEADING_WORDS:
        blocks.append(Block(text, "heading", None, max(1, level)))
    else:
        blocks.extend(text_to_blocks(text))


def _text(element: Any) -> str:
    """A paragraph's text: spans and links inline, ``text:s`` as spaces, tabs and line breaks as a space; notes left out."""
    parts: list[str] = [element.text or ""]
    for child in element:
        tag = child.tag
        if tag in (f"{_TEXT}s", f"{_TEXT}tab", f"{_TEXT}line-break"):
            parts.append(" ")
        elif tag not in _SKIP:
            parts.append(_text(child))
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


def _table(table: Any) -> list[Block]:
    rows: list[list[str]] = []
    for row in table.iter(f"{_TABLE}table-row"):
        cells = []
        for cell in row:
            if cell.tag != f"{_TABLE}table-cell":  # covered cells of a merged cell
                continue
            text = " ".join(_text(p) for p in cell.iter(f"{_TEXT}p", f"{_TEXT}h"))
            repeat = min(_number(cell.get(f"{_TABLE}number-columns-repeated"), 1), 64)
            cells.extend([text.strip()] * (repeat if text.strip() else 1))
        while cells and not cells[-1]:
            cells.pop()
        rows.append(cells)
    return rows_to_blocks(rows)
