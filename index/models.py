"""Values that flow through the library: blocks, chunks, passages, answers, reports."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from index.glossary import Entry


@dataclass(frozen=True)
class DocumentMeta:
    """What a citation needs to know about a document."""

    source: str  # file name relative to the knowledge folder, with "/" separators
    title: str
    date: str = ""  # ISO date or partial date ("2025", "2022-06"); "" when unknown
    type: str = ""  # raadsbrief, statenbrief, jaarplan, jaarverslag, ...
    sender: str = ""
    url: str = ""
    derived: tuple[str, ...] = ()  # metadata fields that were derived instead of given
    collection: str = ""  # the council or organisation whose documents these are (a folder or given); "" = none


# A heading guessed from its text alone (no markup, no type size) has no known rank among the
# headings: it is below every marked one and never holds other headings.
GUESSED_LEVEL = 7
# Bump when what :meth:`Chunk.embed_text` gives the model changes: vectors of an index built before
# were made from other text and are not reused (their cache key is the text as it is made now).
EMBED_TEXT_VERSION = 2
# Between a section's parent heading and its own: "II Reactie van de minister › Inbreng van de D66-fractie".
SECTION_SEPARATOR = " › "


def own_heading(section: str | None) -> str:
    """A section's own heading, without the parent's: "2. Financien › 2.1 Bijdragen" -> "2.1 Bijdragen"."""
    return section.rpartition(SECTION_SEPARATOR)[2] if section else ""


@dataclass(frozen=True)
class Block:
    """A paragraph or heading read from a document, before chunking."""

    text: str
    kind: Literal["text", "heading", "boilerplate", "table"] = "text"
    page: int | None = None
    level: int = 1  # heading level, 1 = top
    # A paragraph that runs on over a page break: (offset in text, page) where each later page starts.
    breaks: tuple[tuple[int, int], ...] = ()
    # Why boilerplate is not content: letterhead, reference, signature, header, footer, page number, toc.
    reason: str = ""

    def page_at(self, offset: int) -> int | None:
        """The page the character at ``offset`` is on."""
        page = self.page
        for start, later in self.breaks:
            if offset >= start:
                page = later
        return page


@dataclass(frozen=True)
class Chunk:
    """A passage of a document as stored in the index."""

    id: str
    source: str
    title: str
    date: str
    type: str
    page: int | None
    section: str | None
    position: int  # order of the chunk within its document
    text: str
    page_end: int | None = None  # the last page when the passage runs over a page break
    kind: str = (
        "text"  # "text", "table" (rows of a table), "letterhead" (address, reference block), "signature", "toc", "footnote"
    )

    def _section_prefix(self) -> str | None:
        """The section's own heading, unless the passage already starts with it (the first of its section).

        The parent heading of a section path is left out: in a written consultation it would give the
        words of "Reactie van de minister van Onderwijs, Cultuur en Wetenschap" to every answer, and
        those passages then outrank the one that answers a question about that minister.
        """
        own = own_heading(self.section)
        return own if own and not self.text.startswith(own) else None

    def embed_text(self) -> str:
        """The text given to the embedder: title and section give the passage its context."""
        head = " — ".join(p for p in (self.title, self._section_prefix()) if p)
        return f"{head}\n{self.text}" if head else self.text

    def lexical_text(self) -> str:
        """The text given to the lexical index: the section heading belongs to its passage."""
        section = self._section_prefix()
        return f"{section}\n{self.text}" if section else self.text


@dataclass(frozen=True)
class Passage:
    """One search result: a chunk with its score."""

    chunk: Chunk
    score: float
    highlight: str | None = None  # the sentence (or table row) of the text that answers, to show in bold

    def as_dict(self) -> dict[str, object]:
        """The JSON shape used by ``dtzbot ask --json``."""
        c = self.chunk
        return {
            "id": c.id,
            "text": c.text,
            "title": c.title,
            "date": c.date or None,
            "type": c.type or None,
            "source": c.source,
            "page": c.page,
            "page_end": c.page_end,
            "section": c.section,
            "highlight": self.highlight,
            "score": round(self.score, 4),
        }


@dataclass(frozen=True)
class Answer:
    """The result of a question: passages and whether they answer it."""

    question: str
    answered: bool
    passages: tuple[Passage, ...]
    evidence: float = 0.0
    understood: str = ""  # the question as searched, when it was read as a follow-up of the one before
    filtered: str = ""  # the filter the passages were kept to ("jaar 2024, type jaarplan"), if any
    filter_empty: bool = False  # the filter left no document to answer from
    definition: Entry | None = None  # the glossary entry when the question asks what a term means

    def as_dict(self) -> dict[str, object]:
        """The JSON shape used by ``dtzbot ask --json``."""
        return {
            "question": self.question,
            **({"understood": self.understood} if self.understood else {}),
            **({"filter": self.filtered} if self.filtered else {}),
            **({"filter_matches_nothing": True} if self.filter_empty else {}),
            **({"definition": vars(self.definition)} if self.definition is not None else {}),
            "answered": self.answered,
            "passages": [p.as_dict() for p in self.passages],
        }


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def printable(text: str) -> str:
    """Text for one line of a report: control characters (a newline in a file name) escaped as \\xNN."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256 else f"\\u{ord(m.group()):04x}", text)


@dataclass(frozen=True)
class Skipped:
    """A file that was not indexed, and why."""

    source: str
    reason: str


@dataclass
class BuildReport:
    """What a build or update did."""

    files_read: int = 0
    files_reused: int = 0
    files_removed: int = 0
    chunks: int = 0
    chunks_embedded: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    seconds: float = 0.0
    words: int = 0  # words read from the documents of this index
    kept_words: int = 0  # of those, the words in passages
    kept_generation: bool = False  # an update that found nothing to change wrote no new generation

    def summary(self) -> str:
        """A short human summary, one line per item (control characters in names are escaped)."""
        lines = [
            f"{self.files_read} file(s) read, {self.files_reused} unchanged, {self.files_removed} removed; "
            f"{self.chunks} passages ({self.chunks_embedded} embedded) in {self.seconds:.1f} s"
            + (f"; the passages keep {self.kept_words / self.words:.1%} of the {self.words} words read" if self.words else "")
            + ("; nothing changed, the index is kept as it was" if self.kept_generation else "")
        ]
        for label, names in (("added", self.added), ("changed", self.changed), ("removed", self.removed)):
            if names:
                lines.append(f"{label}: " + ", ".join(printable(n) for n in names))
        for s in self.skipped:
            lines.append(f"skipped {printable(s.source)}: {printable(s.reason)}")
        lines.extend(f"note: {printable(w)}" for w in self.warnings)
        return "\n".join(lines)

    @property
    def changed_anything(self) -> bool:
        """True when files were added, changed or removed."""
        return bool(self.added or self.changed or self.removed)
