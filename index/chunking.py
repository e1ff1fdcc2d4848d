"""Cut a document's blocks into passages that fit a quoted answer.

Passages follow the structure: they never cross a heading, paragraphs are kept
whole where they fit, a long paragraph is split at sentence boundaries, and
consecutive passages of one section share ``overlap_sentences`` sentences.
Boilerplate blocks (letterhead, reference lines, signatures) never enter a passage.
"""

from __future__ import annotations

import hashlib
import re

from index.config import ChunkingConfig
from index.models import Block, Chunk, DocumentMeta

_ABBREVIATIONS = {
    "o.a",
    "bijv",
    "bv",
    "m.b.t",
    "t.a.v",
    "i.v.m",
    "e.d",
    "e.a",
    "enz",
    "ca",
    "nr",
    "dhr",
    "mevr",
    "drs",
    "ir",
    "mr",
    "dr",
    "prof",
    "ing",
    "jl",
    "vs",
    "etc",
    "art",
    "blz",
    "zgn",
    "resp",
    "incl",
    "excl",
    "mln",
    "mrd",
    "st",
    "min",
}
# "Peter Cool, voorzitter Program Board": a closing signature with a role is a fact of its own.
_SIGNATURE = re.compile(r"^[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|van|de|der|den|ter|ten|het|la|le|du)){0,4},\s+[a-z][^.!?]*$")
# Bump when the way documents become passages changes: an index built before is then rebuilt, not reused.
CHUNKER_VERSION = 3
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
    """A short "Name, role" line that closes a piece of text."""
    return len(text.split()) <= 12 and "\n" not in text and bool(_SIGNATURE.match(text))


def _words(text: str) -> int:
    return len(text.split())


def _pieces(block: Block, max_words: int, overlap: int) -> list[tuple[str, Block]]:
    """Cut one block into pieces of at most ``max_words`` at sentence boundaries, sharing ``overlap`` sentences."""
    if _words(block.text) <= max_words:
        return [(block.text, block)]
    pieces: list[tuple[str, Block]] = []
    current: list[str] = []
    for sentence in split_sentences(block.text):
        if current and _words(" ".join(current)) + _words(sentence) > max_words:
            pieces.append((" ".join(current), block))
            tail = current[-overlap:] if overlap else []
            current = tail if _words(" ".join(tail)) + _words(sentence) <= max_words else []
        if _words(sentence) > max_words:  # one enormous "sentence": cut by words
            words = sentence.split()
            for i in range(0, len(words), max_words):
                pieces.append((" ".join(words[i : i + max_words]), block))
            continue
        current.append(sentence)
    if current:
        pieces.append((" ".join(current), block))
    return pieces


def chunk_document(meta: DocumentMeta, blocks: list[Block], cfg: ChunkingConfig) -> list[Chunk]:
    """Turn the blocks of one document into chunks with citation data and stable ids."""
    sections: list[tuple[str | None, list[Block]]] = []
    section: str | None = None
    body: list[Block] = []
    for block in blocks:
        if block.kind == "heading":
            if body:
                sections.append((section, body))
                body = []
            section = block.text
        elif block.kind == "text":
            body.append(block)
    if body:
        sections.append((section, body))

    texts: list[tuple[str | None, str, int | None]] = []
    for heading, section_blocks in sections:
        texts.extend((heading, text, page) for text, page in _pack(section_blocks, cfg))

    chunks: list[Chunk] = []
    for position, (heading, text, page) in enumerate(texts):
        digest = hashlib.sha1(f"{meta.source}\x00{position}\x00{text}".encode()).hexdigest()[:16]
        chunks.append(
            Chunk(
                id=digest,
                source=meta.source,
                title=meta.title,
                date=meta.date,
                type=meta.type,
                page=page,
                section=heading,
                position=position,
                text=text,
            )
        )
    return chunks


def _pack(blocks: list[Block], cfg: ChunkingConfig) -> list[tuple[str, int | None]]:
    """Pack the paragraphs of one section into passages of about ``max_words``."""
    pieces = [piece for block in blocks for piece in _pieces(block, cfg.max_words, cfg.overlap_sentences)]
    passages: list[tuple[str, int | None]] = []
    current: list[str] = []
    page: int | None = None
    for text, block in pieces:
        if current and is_signature(text):
            passages.append(("\n".join(current), page))
            passages.append((text, block.page))
            current = []
            continue
        if current and _words("\n".join(current)) + _words(text) > cfg.max_words:
            passages.append(("\n".join(current), page))
            tail = split_sentences(current[-1])[-cfg.overlap_sentences :] if cfg.overlap_sentences else []
            overlap = " ".join(tail)
            current = [overlap] if overlap and _words(overlap) + _words(text) <= cfg.max_words else []
            page = block.page if not current else page
        if not current:
            page = block.page
        current.append(text)
    if current:
        last = "\n".join(current)
        if passages and _words(last) < cfg.min_words and _words(passages[-1][0]) + _words(last) <= cfg.max_words * 1.3:
            passages[-1] = (f"{passages[-1][0]}\n{last}", passages[-1][1])
        else:
            passages.append((last, page))
    return passages
