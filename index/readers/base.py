"""What every reader returns, and the error for a file that cannot be read."""

from __future__ import annotations

from dataclasses import dataclass, field

from index.models import Block


class Unreadable(Exception):
    """The file cannot be indexed; the message is the reason shown in the build report."""


@dataclass
class ReadResult:
    """Blocks of a document plus the metadata the file itself carries."""

    blocks: list[Block]
    # Metadata given explicitly in the file (front matter): title, date, type, sender, url.
    given: dict[str, str] = field(default_factory=dict)
    # Metadata found in file properties (PDF info, DOCX core properties): used to derive missing fields.
    properties: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    # Text that was read but is not content: (page, reason, text), e.g. running headers and page numbers.
    dropped: list[tuple[int | None, str, str]] = field(default_factory=list)
