"""Build and update the index from the knowledge folder.

``build`` re-reads every file; ``update`` re-reads only files whose content hash
(document plus sidecar) changed, drops deleted and renamed ones, and keeps the
rest as they were. In both, a passage whose embedding text is already in the
current index is not embedded again. Each run writes a new generation and swaps
it in atomically (see :mod:`index.store`).
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from index import store
from index.analysis import analyze
from index.chunking import CHUNKER_VERSION, chunk_document
from index.config import Config
from index.embedders import Embedder
from index.errors import BuildError, KnowledgeError
from index.metadata import SIDECAR_SUFFIX, read_sidecar, resolve, sidecar_path
from index.models import BuildReport, Chunk, DocumentMeta, Skipped
from index.readers import Unreadable, read_file

log = logging.getLogger(__name__)

ANALYZER = "dutch-snowball-v1"
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class SourceFile:
    """A candidate document in the knowledge folder."""

    source: str  # relative name with "/" separators
    path: Path
    size: int
    mtime_ns: int


def scan(knowledge_dir: Path) -> tuple[list[SourceFile], list[Skipped]]:
    """List the documents in the knowledge folder; symlinks that leave the folder are not followed."""
    if not knowledge_dir.is_dir():
        raise KnowledgeError(f"knowledge folder not found: {knowledge_dir}")
    root = knowledge_dir.resolve()
    files: list[SourceFile] = []
    skipped: list[Skipped] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith(".") or name.endswith(SIDECAR_SUFFIX) or name.endswith("~"):
                continue
            path = Path(dirpath) / name
            source = path.relative_to(root).as_posix()
            if path.is_symlink():
                target = path.resolve()
                if not target.is_relative_to(root):
                    skipped.append(Skipped(source, "symbolic link to a file outside the knowledge folder (not followed)"))
                    continue
                if not target.is_file():
                    skipped.append(Skipped(source, "broken symbolic link"))
                    continue
            try:
                st = path.stat()
            except OSError as exc:
                skipped.append(Skipped(source, f"cannot read: {exc.strerror}"))
                continue
            files.append(SourceFile(source, path, st.st_size, st.st_mtime_ns))
    return files, skipped


def content_hash(path: Path) -> str:
    """SHA-256 of a document and its sidecar metadata (a metadata edit is a change)."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    side = sidecar_path(path)
    if side.exists():
        digest.update(b"\x00sidecar\x00")
        digest.update(side.read_bytes())
    return digest.hexdigest()


def settings_of(cfg: Config, embedder: Embedder) -> dict[str, Any]:
    """The settings a built index must share with the config to be usable."""
    return {
        "engine": embedder.engine,
        "model": embedder.model,
        "dim": embedder.dim,
        "chunking": settings_of_chunking(cfg),
        "analyzer": ANALYZER,
        "chunker": CHUNKER_VERSION,
        "format_version": store.FORMAT_VERSION,
    }


def embed_key(text: str) -> str:
    """Cache key of an embedding text."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def run(cfg: Config, embedder: Embedder, *, incremental: bool, progress: Progress | None = None) -> BuildReport:
    """Build (``incremental=False``) or update the index; returns the report."""
    started = time.perf_counter()
    report = BuildReport()
    index_dir = cfg.index_dir
    with store.build_lock(index_dir):
        files, skipped = scan(cfg.knowledge_dir)
        report.skipped.extend(skipped)
        settings = settings_of(cfg, embedder)
        old, reusable = _load_compatible(index_dir, settings, report)
        old_files: dict[str, Any] = old.manifest["files"] if old else {}
        old_by_source: dict[str, list[int]] = {}
        cache: dict[str, np.ndarray] = {}
        if old is not None:
            for i, chunk in enumerate(old.chunks):
                old_by_source.setdefault(chunk.source, []).append(i)
                cache[embed_key(chunk.embed_text())] = old.vectors[i]

        chunks: list[Chunk] = []
        vectors: list[np.ndarray | None] = []
        manifest_files: dict[str, Any] = {}
        total = len(files)
        for n, f in enumerate(files, start=1):
            if progress:
                progress("read", n, total)
            try:
                digest = content_hash(f.path)
            except OSError as exc:
                report.skipped.append(Skipped(f.source, f"cannot read: {exc.strerror}"))
                continue
            previous = old_files.get(f.source)
            if incremental and reusable and old is not None and previous and previous["sha256"] == digest:
                for i in old_by_source.get(f.source, []):
                    chunks.append(old.chunks[i])
                    vectors.append(old.vectors[i])
                manifest_files[f.source] = {**previous, "size": f.size, "mtime_ns": f.mtime_ns}
                report.files_reused += 1
                report.warnings.extend(previous.get("warnings", []))
                continue
            too_big = _too_large(f, cfg)
            if too_big:
                report.skipped.append(Skipped(f.source, too_big))
                continue
            try:
                meta, doc_chunks, warnings = _read_document(f, cfg)
            except Unreadable as exc:
                report.skipped.append(Skipped(f.source, str(exc)))
                continue
            except MemoryError:
                report.skipped.append(Skipped(f.source, "too large to read into memory"))
                continue
            (report.changed if previous else report.added).append(f.source)
            report.files_read += 1
            report.warnings.extend(warnings)
            for c in doc_chunks:
                chunks.append(c)
                vectors.append(cache.get(embed_key(c.embed_text())))
            manifest_files[f.source] = {
                "sha256": digest,
                "size": f.size,
                "mtime_ns": f.mtime_ns,
                "chunks": len(doc_chunks),
                "title": meta.title,
                "date": meta.date,
                "type": meta.type,
                "sender": meta.sender,
                "url": meta.url,
                "derived": list(meta.derived),
                "warnings": warnings,
            }
        report.removed = sorted(set(old_files) - set(manifest_files) - {s.source for s in report.skipped})
        if old is None:
            report.added = sorted(manifest_files) if not incremental else report.added
        report.files_removed = len(report.removed)

        matrix = _embed_missing(embedder, chunks, vectors, report, progress)
        if progress:
            progress("lexical", 0, 1)
        lexical = store.build_lexical([analyze(c.lexical_text()) for c in chunks])
        report.chunks = len(chunks)
        report.seconds = time.perf_counter() - started
        manifest = {
            **settings,
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "build_seconds": round(report.seconds, 3),
            "knowledge_dir": str(cfg.knowledge_dir),
            "files": manifest_files,
            "skipped": [{"source": s.source, "reason": s.reason} for s in report.skipped],
            "passages": len(chunks),
        }
        store.write_generation(index_dir, manifest, chunks, matrix, lexical)
    return report


def _load_compatible(index_dir: Path, settings: dict[str, Any], report: BuildReport) -> tuple[store.StoredIndex | None, bool]:
    """The current index, and whether its passages can be reused (else only its embeddings can)."""
    manifest = store.read_manifest(index_dir)
    if manifest is None:
        return None, False
    same_model = all(manifest.get(k) == settings[k] for k in ("engine", "model", "dim"))
    if not same_model:
        report.warnings.append("existing index was built with another embedding model; everything is embedded anew")
        return None, False
    try:
        old = store.load(index_dir)
    except (OSError, ValueError, KeyError) as exc:
        report.warnings.append(f"existing index could not be read ({exc.__class__.__name__}); building from scratch")
        return None, False
    reusable = all(manifest.get(k) == v for k, v in settings.items())
    if not reusable:
        report.warnings.append("existing index was built with other settings; every document is read anew")
    return old, reusable


TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")


def _too_large(f: SourceFile, cfg: Config) -> str | None:
    """Why a file is too large to read, or None."""
    mb = f.size / 1024 / 1024
    if f.path.suffix.lower() in TEXT_SUFFIXES and mb > cfg.reading.max_text_mb:
        return f"text file too large ({mb:.1f} MB; limit reading.max_text_mb = {cfg.reading.max_text_mb:g} MB)"
    if mb > cfg.reading.max_file_mb:
        return f"file too large ({mb:.1f} MB; limit reading.max_file_mb = {cfg.reading.max_file_mb:g} MB)"
    return None


def _read_document(f: SourceFile, cfg: Config) -> tuple[DocumentMeta, list[Chunk], list[str]]:
    result = read_file(f.path)
    side, side_warnings = read_sidecar(f.path)
    given = {**result.given, **side}
    meta, meta_warnings = resolve(f.source, f.path, given, result.properties, result.blocks)
    chunks = chunk_document(meta, result.blocks, cfg.chunking)
    if not chunks:
        raise Unreadable("no passages after removing letterhead and signatures")
    warnings = [f"{f.source}: {w}" for w in result.warnings + side_warnings] + meta_warnings
    return meta, chunks, warnings


def _embed_missing(
    embedder: Embedder, chunks: list[Chunk], vectors: list[np.ndarray | None], report: BuildReport, progress: Progress | None
) -> np.ndarray:
    missing = [i for i, v in enumerate(vectors) if v is None]
    # The same text twice in one run is embedded once.
    unique: dict[str, list[int]] = {}
    for i in missing:
        unique.setdefault(embed_key(chunks[i].embed_text()), []).append(i)
    keys = list(unique)
    batch = 16
    for start in range(0, len(keys), batch):
        part = keys[start : start + batch]
        try:
            embedded = embedder.embed_passages([chunks[unique[k][0]].embed_text() for k in part])
        except Exception as exc:  # an engine failure must not leave a half index; the old one keeps serving
            raise BuildError(f"embedding failed: {exc.__class__.__name__}: {exc}") from exc
        for k, vec in zip(part, embedded, strict=True):
            for i in unique[k]:
                vectors[i] = vec
        if progress:
            progress("embed", min(start + batch, len(keys)), len(keys))
    report.chunks_embedded = len(keys)
    if not vectors:
        return np.zeros((0, embedder.dim), dtype=np.float32)
    return np.vstack([v for v in vectors if v is not None]).astype(np.float32)


def stale_sources(cfg: Config, manifest: dict[str, Any]) -> list[str]:
    """Files added, changed or removed in the knowledge folder since the index was built."""
    try:
        files, _ = scan(cfg.knowledge_dir)
    except KnowledgeError:
        return []
    known: dict[str, Any] = manifest.get("files", {})
    skipped = {s["source"] for s in manifest.get("skipped", [])}
    changes: list[str] = []
    for f in files:
        entry = known.get(f.source)
        if entry is None:
            if f.source not in skipped:
                changes.append(f"added: {f.source}")
            continue
        if entry.get("size") == f.size and entry.get("mtime_ns") == f.mtime_ns:
            continue
        try:
            if content_hash(f.path) != entry["sha256"]:
                changes.append(f"changed: {f.source}")
        except OSError:
            changes.append(f"unreadable: {f.source}")
    present = {f.source for f in files}
    changes.extend(f"removed: {s}" for s in sorted(set(known) - present))
    return changes


def check_settings(manifest: dict[str, Any], cfg: Config, engine: str, model: str) -> str | None:
    """Why the built index cannot serve this config, or None when it can."""
    if (
        manifest.get("format_version") != store.FORMAT_VERSION
        or manifest.get("analyzer") != ANALYZER
        or manifest.get("chunker") != CHUNKER_VERSION
    ):
        return "the index was built by another version of dtzbot"
    if manifest.get("engine") != engine or manifest.get("model") != model:
        return (
            f"the index was built with {manifest.get('engine')} / {manifest.get('model')}, "
            f"but config.yaml asks for {engine} / {model}"
        )
    expected = settings_of_chunking(cfg)
    if manifest.get("chunking") != expected:
        return "the index was built with other chunking settings"
    return None


def settings_of_chunking(cfg: Config) -> dict[str, int]:
    """The chunking settings as stored in the manifest."""
    return {
        "max_words": cfg.chunking.max_words,
        "min_words": cfg.chunking.min_words,
        "overlap_sentences": cfg.chunking.overlap_sentences,
    }
