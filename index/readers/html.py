"""HTML: the main text only (no navigation, scripts, headers or footers).

Text is read wherever it stands: in <p> and <li>, but also directly inside a <div> or
<section> (many sites and the XHTML of officielebekendmakingen.nl put text there). The
page is walked once; inline elements (<a>, <b>, <span> ...) join the text around them,
every block-level element ends a paragraph, headings start sections and tables become
rows that carry their header row. Publication metadata in <meta> tags (Dublin Core, as
Dutch government sites use) gives the title, date and sender.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from index.cleaning import mark_letter_frame, text_to_blocks
from index.models import Block
from index.readers.base import ReadResult
from index.readers.text import decode
from index.tables import table_blocks

_DROP = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "template", "svg", "iframe", "button")
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_INLINE = frozenset(
    "a abbr b bdi bdo cite code data dfn em font i kbd mark q s samp small span strong sub sup time u var wbr del ins".split()
)
_TEXT_NODES: set[type] = set()  # bs4's text node classes, filled on first use (bs4 is imported lazily)
_META_TITLE = ("overheidop.documenttitel", "dc.title", "dcterms.title", "og:title")
_META_DATE = ("dcterms.issued", "dc.date", "dcterms.created", "dcterms.available", "article:published_time")
_META_SENDER = ("dc.creator", "dcterms.creator", "author")


def read_html(path: Path) -> ReadResult:
    """Read the main content of an HTML page; headings become sections."""
    from bs4 import BeautifulSoup, CData, NavigableString

    _TEXT_NODES.update((NavigableString, CData))

    text, _ = decode(path.read_bytes())
    soup = BeautifulSoup(text, "html.parser")
    props = _meta(soup)
    for tag in soup(list(_DROP)):
        tag.decompose()
    root = soup.find("main") or soup.find("article") or soup.body or soup
    h1 = root.find_all("h1")
    if len(h1) == 1:  # the page's own title; <title> often carries the site name too ("Agenda | Gemeente Emmen")
        props["display_title"] = " ".join(h1[0].get_text(" ").split())
    walker = _Walker()
    walker.walk(root)
    walker.flush()
    return ReadResult(mark_letter_frame(walker.blocks), properties=props)


def _meta(soup: Any) -> dict[str, str]:
    found: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        name = str(tag.get("name") or tag.get("property") or "").lower()
        content = " ".join(str(tag.get("content") or "").split())
        if name and content and name not in found:
            found[name] = content
    props: dict[str, str] = {}
    for key, names in (("title", _META_TITLE), ("date", _META_DATE), ("sender", _META_SENDER)):
        value = next((found[n] for n in names if n in found), "")
        if value:
            props[key] = value[:10] if key == "date" else value
    if any(name.startswith("overheid") for name in found):  # an official publication, not a web page
        props["official"] = "yes"
    if "title" not in props and soup.title and soup.title.string:
        props["title"] = " ".join(soup.title.string.split())
    return props


class _Walker:
    """Collects blocks in reading order from a parsed page."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self._inline: list[str] = []

    def flush(self) -> None:
        text = " ".join(" ".join(self._inline).split())
        self._inline = []
        if text:
            self.blocks.extend(text_to_blocks(text))

    def walk(self, element: Any) -> None:
        for child in element.children:
            name = getattr(child, "name", None)
            if name is None:  # a text node (not a comment, doctype or processing instruction)
                if type(child) in _TEXT_NODES and str(child).strip():
                    self._inline.append(str(child))
                continue
            if name in _INLINE:
                self._inline.append(child.get_text(" "))
            elif name == "br":
                self._inline.append(" ")
            elif name in _HEADINGS:
                self.flush()
                heading = " ".join(child.get_text(" ").split())
                if heading:
                    self.blocks.append(Block(heading, "heading", None, int(name[1])))
            elif name == "table":
                self.flush()
                self._table(child)
            else:  # a block-level element: its text is a paragraph of its own
                self.flush()
                self.walk(child)
                self.flush()

    def _table(self, table: Any) -> None:
        rows = []
        for tr in table.find_all("tr"):
            cells = [" ".join(c.get_text(" ").split()) for c in tr.find_all(["td", "th"], recursive=False)]
            if any(cells):
                rows.append(cells)
        if rows and all(len(r) == 1 for r in rows):
            for r in rows:
                self.blocks.extend(text_to_blocks(r[0]))
        else:
            self.blocks.extend(table_blocks(rows))
