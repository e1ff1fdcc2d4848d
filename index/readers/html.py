"""HTML: the main text only (no navigation, scripts, headers or footers)."""

from __future__ import annotations

from pathlib import Path

from index.cleaning import mark_letter_frame, text_to_blocks
from index.models import Block
from index.readers.base import ReadResult
from index.readers.text import decode

_DROP = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "template", "svg", "iframe")
_BLOCKS = ("p", "li", "blockquote", "pre", "td", "th", "dd", "dt", "figcaption")
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def read_html(path: Path) -> ReadResult:
    """Read the main content of an HTML page; headings become sections."""
    from bs4 import BeautifulSoup

    text, _ = decode(path.read_bytes())
    soup = BeautifulSoup(text, "html.parser")
    for tag in soup(list(_DROP)):
        tag.decompose()
    root = soup.find("main") or soup.find("article") or soup.body or soup
    blocks: list[Block] = []
    for el in root.find_all([*_HEADINGS, *_BLOCKS]):
        if el.find_parent([*_BLOCKS]) is not None:
            continue  # nested in a block we already take whole
        content = " ".join(el.get_text(" ", strip=True).split())
        if not content:
            continue
        if el.name in _HEADINGS:
            blocks.append(Block(content, "heading", None, int(el.name[1])))
        else:
            blocks.extend(text_to_blocks(content))
    props: dict[str, str] = {}
    if soup.title and soup.title.string:
        props["title"] = " ".join(soup.title.string.split())
    return ReadResult(mark_letter_frame(blocks), properties=props)
