"""The manifest of a built index, typed: what was built, with what, from which files.

On disk it is ``manifest.json`` (plain JSON, see :mod:`index.store`); in code it is a
:class:`Manifest` of frozen values. An index written by an older version reads with the
defaults for fields it lacks.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from index.models import DocumentMeta, Skipped


@dataclass(frozen=True)
class FileEntry:
    """One indexed document: its content hash, metadata (and how each field was derived), and what reading kept."""

    sha256: str
    size: int
    mtime_ns: int
    chunks: int
    title: str
    date: str = ""
    type: str = ""
    sender: str = ""
    url: str = ""
    derived: tuple[str, ...] = ()  # fields that were derived, not given
    derived_from: tuple[tuple[str, str], ...] = ()  # (field, where it was read), for the report
    warnings: tuple[str, ...] = ()
    words: int = 0  # words read from the file
    kept_words: int = 0  # of those, the words that are in passages
    dropped: tuple[tuple[str, int], ...] = ()  # (reason, lines) left out: running headers, page numbers ...
    added_at: str = ""  # when the document first came into the index (UTC, ISO 8601)
    changed_at: str = ""  # when its content last changed (the same as added_at until it does)
    collection: str = ""  # see DocumentMeta.collection

    def meta(self, source: str) -> DocumentMeta:
        """The document's metadata as a citation needs it."""
        return DocumentMeta(source, self.title, self.date, self.type, self.sender, self.url, self.derived, self.collection)

    @property
    def kept_share(self) -> float:
        """Share of the words read that the passages keep (1.0 when nothing was counted)."""
        return self.kept_words / self.words if self.words else 1.0

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON values."""
        return asdict(self)

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> FileEntry:
        """Read an entry; tuples come back from JSON lists, unknown keys are ignored."""
        known = {f for f in cls.__dataclass_fields__}
        values = {k: v for k, v in raw.items() if k in known}
        for key in ("derived", "warnings"):
            values[key] = tuple(values.get(key, ()))
        for key in ("derived_from", "dropped"):
            values[key] = tuple(tuple(x) for x in values.get(key, ()))
        return cls(**values)


@dataclass(frozen=True)
class Manifest:
    """A built index generation."""

    engine: str
    model: str
    dim: int
    chunking: dict[str, int]
    analyzer: str
    chunker: int
    format_version: int
    built_at: str
    build_seconds: float
    knowledge_dir: str
    passages: int
    embed_text: int = 0  # models.EMBED_TEXT_VERSION of the text the vectors were made from
    files: dict[str, FileEntry] = field(default_factory=dict)
    skipped: tuple[Skipped, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON values, as written to manifest.json."""
        out = {k: v for k, v in asdict(self).items() if k not in ("files", "skipped")}
        out["files"] = {source: entry.to_dict() for source, entry in self.files.items()}
        out["skipped"] = [{"source": s.source, "reason": s.reason} for s in self.skipped]
        return out

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Manifest:
        """Read manifest.json's contents."""
        return cls(
            engine=str(raw.get("engine", "")),
            model=str(raw.get("model", "")),
            dim=int(raw.get("dim", 0)),
            chunking=dict(raw.get("chunking", {})),
            analyzer=str(raw.get("analyzer", "")),
            chunker=int(raw.get("chunker", 0)),
            format_version=int(raw.get("format_version", 0)),
            built_at=str(raw.get("built_at", "")),
            build_seconds=float(raw.get("build_seconds", 0.0)),
            knowledge_dir=str(raw.get("knowledge_dir", "")),
            passages=int(raw.get("passages", 0)),
            embed_text=int(raw.get("embed_text", 0)),
            files={source: FileEntry.from_dict(entry) for source, entry in raw.get("files", {}).items()},
            skipped=tuple(Skipped(s["source"], s["reason"]) for s in raw.get("skipped", [])),
        )
