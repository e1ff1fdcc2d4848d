"""Cut a document's blocks into passages that fit a quoted answer.

Passages follow the structure: they never cross a heading, and they are made of
whole sentences, table rows and list items. Consecutive passages of one section share
``overlap_sentences`` sentences; apart from that, every sentence is in exactly one
passage, so a passage is a verbatim run of the cleaned text. Boilerplate blocks
(letterhead, reference lines, running headers) never enter a passage.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace

from index import langdata
from index.config import ChunkingConfig
from index.models import GUESSED_LEVEL, SECTION_SEPARATOR, Block, Chunk, DocumentMeta, own_heading

_ABBREVIATIONS = langdata.words("abbreviations.txt")  # index/data/abbreviations.txt
# "Peter Cool, voorzitter Program Board": a closing signature with a role is a fact of its own.
_SIGNATURE = re.compile(r"^[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|van|de|der|den|ter|ten|het|la|le|du)){0,4},\s+[a-z][^.!?]*$")
# Bump when the way documents become passages changes: an index built before is then rebuilt, not reused.
CHUNKER_VERSION = 46
CARRY_WORDS = 8  # a section with less body text than this (a label, a reference line) leads the next one
# "Antwoord 3", "Beantwoording", "Answer": the heading of the answer to the question before it
ANSWER_LABEL = re.compile(r"(?i)(antwoord|beantwoording|answer)\b")
APART = ("letterhead", "signature", "toc", "footnote")  # block reasons that make passages of their own
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?…])\s+(?=[\"'“‘(]?[A-Z0-9À-Þ])|\n+")


def split_sentences(text: str) -> list[str]:
    """Split a paragraph into sentences, keeping Dutch abbreviations and initials together."""
    parts = _SENTENCE_SPLIT.split(text)
    sentences: list[str] = []
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if sentences and _ends_with_abbreviation(sentences[-1]):
            sentences[-1] = f"{sentences[-1]} {part}"
        else:
            sentences.append(part)
    return sentences


def _ends_with_abbreviation(sentence: str) -> bool:
    last = sentence.rsplit(" ", 1)[-1].rstrip(".").lower()
    return last in _ABBREVIATIONS or bool(re.fullmatch(r"(?:[a-z]\.)*[a-z]", last))


def is_signature(text: str) -> bool:
    """A short "Name, role" line that closes a piece of text (not "Programmabureau, januari 2025")."""
    if len(text.split()) > 12 or "\n" in text or not _SIGNATURE.match(text):
        return False
    role = text.split(",", 1)[1]
    return not re.search(
        r"\d|\b(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december)\b", role
    )


def _words(text: str) -> int:
    return len(text.split())


@dataclass(frozen=True)
class _Unit:
    """The smallest piece a passage is made of: a sentence, a table row or a list item."""

    text: str
    block: int  # index of its block: units of one block are joined by a space, of different blocks by a line break
    page: int | None
    page_end: int | None
    kind: str  # "text", "table", "heading", "signature", "letterhead", "toc"

    @property
    def words(self) -> int:
        return _words(self.text)


def _sentence_spans(text: str) -> list[tuple[str, int, int]]:
    """The sentences of ``text`` with their start and end offsets in it."""
    spans: list[tuple[str, int, int]] = []
    pos = 0
    for sentence in split_sentences(text):
        start = text.find(sentence[: min(len(sentence), 20)], pos)
        start = pos if start < 0 else start
        end = start + len(sentence)
        spans.append((sentence, start, end))
        pos = end
    return spans


def _units(blocks: list[Block], max_words: int) -> list[_Unit]:
    """Split blocks into units; a sentence longer than a passage is cut by words."""
    units: list[_Unit] = []
    for n, block in enumerate(blocks):
        if block.kind == "heading":
            units.append(_Unit(block.text, n, block.page, block.page, "heading"))
            continue
        if block.kind == "table" or block.reason == "signature" or is_signature(block.text):
            kind = "table" if block.kind == "table" else "signature"
            units.append(_Unit(block.text, n, block.page_at(0), block.page_at(len(block.text) - 1), kind))
            continue
        if block.reason == "toc":
            for line in block.text.split("\n"):
                units.append(_Unit(line, n, block.page, block.page, "toc"))
            continue
        # a reference line elsewhere is inline text; the footnotes of a page are a passage of their own
        kind = block.reason if block.reason in ("letterhead", "footnote") else "text"
        for sentence, start, end in _sentence_spans(block.text):
            words = sentence.split()
            for i in range(0, len(words), max_words):
                piece = " ".join(words[i : i + max_words])
                units.append(_Unit(piece, n, block.page_at(start), block.page_at(max(start, end - 1)), kind))
    return units


@dataclass
class _Draft:
    """A passage being assembled: the units it repeats from the one before, then its own."""

    overlap: list[_Unit]
    own: list[_Unit]

    @property
    def words(self) -> int:
        return sum(u.words for u in self.overlap + self.own)

    def text(self) -> str:
        out = ""
        previous: _Unit | None = None
        for unit in self.overlap + self.own:
            if previous is not None:
                out += " " if unit.block == previous.block and unit.kind in ("text", "letterhead", "footnote") else "\n"
            out += unit.text
            previous = unit
        return out


def _pack(units: list[_Unit], cfg: ChunkingConfig) -> list[_Draft]:
    """Pack the units of one section into passages of at most ``max_words``.

    A passage repeats the last ``overlap_sentences`` sentences of the one before (never a
    table row or a heading, and never more than fits), so every passage is a verbatim run
    of the document text and no sentence appears twice in one passage. A paragraph that fits
    in a passage is kept whole (it starts a new passage rather than being split). A new page starts a
    new passage once the current one has ``min_words``, so that most passages lie on one
    page and cite it exactly. A signature line is a passage of its own. A short last
    passage joins the one before when it fits. A letterhead (address and reference block)
    and a signature are passages of their own, apart from the body text.
    """
    drafts: list[_Draft] = []
    current = _Draft([], [])
    block_words: dict[int, int] = {}
    for u in units:
        block_words[u.block] = block_words.get(u.block, 0) + u.words
    for n, unit in enumerate(units):
        starts_block = n == 0 or units[n - 1].block != unit.block
        apart = APART
        if current.own and current.own[-1].kind in apart and unit.kind != current.own[-1].kind:
            drafts.append(current)  # a letterhead, a signature or a table of contents is a passage of its own
            current = _Draft([], [])
        if unit.kind in apart and current.own and current.own[-1].kind != unit.kind:
            drafts.append(current)
            current = _Draft([], [])
        new_page = current.own and unit.page is not None and unit.page != current.own[-1].page_end
        # A paragraph that fits in a passage is not split: it starts the next one instead.
        whole = starts_block and unit.kind == "text" and block_words[unit.block] <= cfg.max_words
        needed = block_words[unit.block] if whole else unit.words
        table = unit.kind == "table" or (bool(current.own) and current.own[-1].kind == "table")
        # Where a table starts or ends, a passage ends too (rows and prose make poor quotes together).
        switch = bool(current.own) and table and (unit.kind == "table") != (current.own[-1].kind == "table")
        if current.own and (
            current.words + needed > cfg.max_words
            or (new_page and (current.words >= cfg.min_words or table))
            or (switch and current.words >= cfg.min_words)
        ):
            drafts.append(current)
            tail = [u for u in current.own[-cfg.overlap_sentences :] if u.kind == "text"] if cfg.overlap_sentences else []
            while tail and sum(u.words for u in tail) + unit.words > cfg.max_words:
                tail = tail[1:]
            current = _Draft(tail, [])
        current.own.append(unit)
    if current.own:
        last = drafts[-1] if drafts else None
        own_words = sum(u.words for u in current.own)
        if (
            last is not None
            and own_words < cfg.min_words
            and last.own[-1].kind not in APART
            and current.own[0].kind not in APART
            and last.words + own_words <= cfg.max_words * 1.3
        ):
            last.own.extend(current.own)
        else:
            drafts.append(current)
    return drafts


_SUBSECTION_NUMBER = re.compile(r"^\d{1,2}(?:\.\d{1,2})+\.?\s")  # "3.2. Leefomgeving", "1.3.1 Met deze aanpak"
_CHAPTER = re.compile(r"(?i)(?:hoofd?stuk|bijlage|deel|chapter|annex)\b")  # "Hoofdstuk 3 ...": a chapter, never a part
MAX_PARENT_WORDS = 12  # a longer heading is an item ("2. Hamerstukken a. Wijziging Besluit ..."), not a part


class _Outline:
    """The headings above the current one, by level; a section is named with its parent heading.

    A passage under "Inbreng van de leden van de D66-fractie" in the minister's reply is cited as
    "II Reactie van de minister ... › Inbreng van de leden van de D66-fractie": the same heading
    also stands over the questions of that party. The document's first heading (its title or cover
    line), the headings before its first text but the one right above it, and a heading guessed from
    its text alone are never a parent.
    """

    def __init__(self) -> None:
        self._open: list[Block] = []
        self._first = True
        self._text = False  # text seen yet

    def text(self) -> None:
        """Text under the current heading. The headings before the document's first text, but the one
        right above it, are its title block ("Vragen van de leden ..." / "Antwoord van Minister ..."
        over "Vraag 1"): no parts."""
        if not self._text:
            self._text = True
            self._open = self._open[-1:]

    def enter(self, heading: Block) -> str:
        """Take a new heading; the section name for the text under it.

        A heading without a number right under a numbered one of its rank is part of that one
        ("3.2. Leefomgeving" / "Conclusie"), not its sibling.
        """
        top = self._open[-1] if self._open else None
        if (
            top is not None
            and heading.level == top.level < GUESSED_LEVEL
            and _SUBSECTION_NUMBER.match(top.text)
            and not (_SUBSECTION_NUMBER.match(heading.text) or _CHAPTER.match(heading.text))
        ):
            heading = replace(heading, level=top.level + 1)
        while self._open and self._open[-1].level >= heading.level:
            self._open.pop()
        parent = self._open[-1] if self._open and self._text else None
        if self._first:
            self._first = False
        elif heading.level < GUESSED_LEVEL:
            self._open.append(heading)
        if parent is None or len(parent.text.split()) > MAX_PARENT_WORDS:
            return heading.text
        return f"{parent.text}{SECTION_SEPARATOR}{heading.text}"


def chunk_document(meta: DocumentMeta, blocks: list[Block], cfg: ChunkingConfig) -> list[Chunk]:
    """Turn the blocks of one document into chunks with citation data and stable ids.

    A heading starts a section; its text is the first line of the section's first passage.
    A passage cites the page on which its own text starts (the repeated sentences of the
    passage before excluded) and, when it runs onto a later page, that page as ``page_end``.
    """
    sections: list[tuple[str | None, list[Block]]] = []
    section: str | None = None
    body: list[Block] = []
    outline = _Outline()
    for block in blocks:
        if block.kind == "boilerplate":
            continue
        if block.kind == "heading":
            if body:
                sections.append((section, body))
            section, body = outline.enter(block), [block]
            continue
        outline.text()
        body.append(block)
    if body:
        sections.append((section, body))

    # A heading with nothing under it ("b. Woontop d.d. 11 december 2024" before "III Stukken"), or with
    # only a line or two ("MINISTERRAAD / Kenmerk : 4430906"), is still text: it leads the next section's
    # first passage rather than standing alone as a passage too short to answer anything.
    merged: list[tuple[str | None, list[Block]]] = []
    carry: list[Block] = []
    for n, (heading, section_blocks) in enumerate(sections):
        body_words = sum(len(b.text.split()) for b in section_blocks if b.kind != "heading")
        words = sum(len(b.text.split()) for b in section_blocks)
        # ("11. Regeling nadere eisen ... (Staatssecretaris van BZK)" / "Aangehouden." is a decision of its own)
        short = body_words == 0 or (body_words < CARRY_WORDS and words < 2 * CARRY_WORDS)
        apart = any(b.reason in APART for b in section_blocks)
        if short and body_words and heading and ANSWER_LABEL.match(own_heading(heading)) and merged and not carry and not apart:
            merged[-1][1].extend(section_blocks)  # "Antwoord 1 / Ja.": the answer stays with its question
            continue
        if n + 1 < len(sections) and short and not apart:
            carry.extend(section_blocks)
            continue
        merged.append((heading, carry + section_blocks))
        carry = []
    if carry:
        merged.append((carry[0].text, [replace(b, kind="text") for b in carry]))
    chunks: list[Chunk] = []
    for heading, section_blocks in merged:
        for draft in _pack(_units(section_blocks, cfg.max_words), cfg):
            text = draft.text()
            position = len(chunks)
            first = next((u for u in draft.own if u.kind != "heading"), draft.own[0])  # a heading at a page's foot
            pages = [u.page_end for u in draft.overlap + draft.own if u.page_end is not None]
            page_end = max(pages) if pages else None
            kinds = {u.kind for u in draft.own} - {"heading"}
            kind = next(iter(kinds)) if len(kinds) == 1 else "text"
            digest = hashlib.sha1(f"{meta.source}\x00{position}\x00{text}".encode()).hexdigest()[:16]
            chunks.append(
                Chunk(
                    id=digest,
                    source=meta.source,
                    title=meta.title,
                    date=meta.date,
                    type=meta.type,
                    page=first.page,
                    section=heading,
                    position=position,
                    text=text,
                    page_end=page_end if page_end is not None and first.page is not None and page_end > first.page else None,
                    kind=kind,
                )
            )
    return chunks
