"""Build and update the index from the knowledge folder.

``build`` re-reads every file; ``update`` re-reads only files whose content hash
(document plus sidecar) changed, drops deleted and renamed ones, and keeps the
rest as they were. In both, a passage whose embedding text is already in the
current index is not embedded again. Each run writes a new generation and swaps
it in atomically (see :mod:`index.store`).
"""

from __future__ import annotations

import dataclasses
import errno
import hashlib
import logging
import os
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from index import glossary, store
from index.analysis import analyze
from index.chunking import CHUNKER_VERSION
from index.config import Config
from index.embedders import Embedder
from index.errors import BuildError, KnowledgeError
from index.isolation import Budget, IsolatedReader
from index.manifest import FileEntry, Manifest
from index.metadata import SIDECAR_SUFFIX, sidecar_path
from index.models import EMBED_TEXT_VERSION, BuildReport, Chunk, Skipped
from index.readers import Unreadable
from index.reading import DocumentRead, read_document, too_large
from index.storage import Backend, Generation, open_backend

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
    """List the documents in the knowledge folder.

    Only regular files are documents: a FIFO, device or socket is skipped with the reason
    (opening a FIFO would wait forever). A symbolic link is followed only to a file inside
    the folder; a link loop, a broken link and a folder that cannot be read are reported.
    """
    if not knowledge_dir.is_dir():
        raise KnowledgeError(f"knowledge folder not found: {knowledge_dir}")
    root = knowledge_dir.resolve()
    files: list[SourceFile] = []
    skipped: list[Skipped] = []

    def unreadable_folder(exc: OSError) -> None:
        where = Path(exc.filename).relative_to(root).as_posix() if exc.filename else "?"
        skipped.append(Skipped(where + "/", f"folder cannot be read: {exc.strerror}"))

    for dirpath, dirnames, filenames in os.walk(root, followlinks=False, onerror=unreadable_folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith(".") or name.endswith(SIDECAR_SUFFIX) or name.endswith("~"):
                continue
            if name == glossary.GLOSSARY_FILE and Path(dirpath) == root:  # the bureau's glossary, read by index.glossary
                continue
            path = Path(dirpath) / name
            source = path.relative_to(root).as_posix()
            entry, reason = _regular_file(path, root)
            if entry is None:
                skipped.append(Skipped(source, reason))
            else:
                files.append(SourceFile(source, path, entry.st_size, entry.st_mtime_ns))
    return files, skipped


def _regular_file(path: Path, root: Path) -> tuple[os.stat_result | None, str]:
    """The stat of a readable regular file inside ``root``, or None and the reason it is not one."""
    try:
        if path.is_symlink():
            try:
                target = path.resolve(strict=True)
            except RuntimeError:  # Python < 3.13 raises this for a loop
                return None, "symbolic link loop (not followed)"
            except OSError as exc:
                if exc.errno == errno.ELOOP:
                    return None, "symbolic link loop (not followed)"
                return None, "broken symbolic link"
            if not target.is_relative_to(root):
                return None, "symbolic link to a file outside the knowledge folder (not followed)"
        st = path.stat()
    except OSError as exc:
        return None, f"cannot read: {exc.strerror or exc.__class__.__name__}"
    if stat.S_ISDIR(st.st_mode):
        return None, "symbolic link to a folder (not followed)"
    if not stat.S_ISREG(st.st_mode):
        kind = "FIFO (named pipe)" if stat.S_ISFIFO(st.st_mode) else "socket" if stat.S_ISSOCK(st.st_mode) else "device"
        return None, f"not a regular file ({kind}); only files are read"
    if not os.access(path, os.R_OK):
        return None, "cannot read: Permission denied"
    return st, ""


def content_hash(path: Path) -> str:
    """SHA-256 of a document and its sidecar metadata (a metadata edit is a change).

    Files are opened non-blocking and must be regular files: a file replaced by a FIFO
    after the scan raises OSError instead of waiting forever.
    """
    digest = hashlib.sha256()
    _hash_into(digest, path)
    side = sidecar_path(path)
    if side.exists():
        digest.update(b"\x00sidecar\x00")
        _hash_into(digest, side)
    return digest.hexdigest()


def _hash_into(digest: Any, path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)


def settings_of(cfg: Config, embedder: Embedder) -> dict[str, Any]:
    """The settings a built index must share with the config to be usable."""
    return {
        "engine": embedder.engine,
        "model": embedder.model,
        "dim": embedder.dim,
        "chunking": settings_of_chunking(cfg),
        "analyzer": ANALYZER,
        "chunker": CHUNKER_VERSION,
        "embed_text": EMBED_TEXT_VERSION,
        "format_version": store.FORMAT_VERSION,
    }


def embed_key(text: str) -> str:
    """Cache key of an embedding text."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


@dataclass
class _Plan:
    """What a run starts from: the files, the settings, and what the current index can give."""

    files: list[SourceFile]
    settings: dict[str, Any]
    incremental: bool
    old: Generation | None
    reusable: bool  # the old passages can be reused for unchanged files (else only their embeddings)
    old_files: dict[str, FileEntry]
    old_by_source: dict[str, list[int]]
    cache: dict[str, np.ndarray]  # embedding text -> vector, from the old index
    old_chunks: list[Chunk]
    old_vectors: np.ndarray


def run(
    cfg: Config, embedder: Embedder, *, incremental: bool, progress: Progress | None = None, backend: Backend | None = None
) -> BuildReport:
    """Build (``incremental=False``) or update the index; returns the report.

    plan (scan the folder, open the current index) -> read (each new or changed file, in a
    worker process) -> embed (only passages whose text has no vector yet) -> write (a new
    generation, swapped in atomically).
    """
    started = time.perf_counter()
    report = BuildReport()
    budget = Budget(cfg.reading.max_seconds, cfg.reading.max_memory_mb)
    backend = backend or open_backend(cfg)
    with backend.lock(), IsolatedReader(budget) as reader:
        plan = _plan(cfg, backend, embedder, incremental, report)
        chunks, vectors, entries = _read(plan, cfg, reader, report, progress)
        if _nothing_changed(plan, entries, report):  # e.g. a second replica's watcher saw the same change
            report.kept_generation = True
            report.chunks = len(chunks)
            report.seconds = time.perf_counter() - started
            return report
        matrix = _embed_missing(embedder, chunks, vectors, report, progress)
        _write(cfg, backend, plan, chunks, matrix, entries, report, started, progress)
    return report


def _plan(cfg: Config, backend: Backend, embedder: Embedder, incremental: bool, report: BuildReport) -> _Plan:
    files, skipped = scan(cfg.knowledge_dir)
    report.skipped.extend(skipped)
    settings = settings_of(cfg, embedder)
    old, reusable = _load_compatible(backend, settings, report)
    old_by_source: dict[str, list[int]] = {}
    cache: dict[str, np.ndarray] = {}
    old_chunks: list[Chunk] = []
    old_vectors = np.zeros((0, 0), np.float32)
    if old is not None:
        old_chunks, old_vectors = old.export()
        for i, chunk in enumerate(old_chunks):
            old_by_source.setdefault(chunk.source, []).append(i)
            cache[embed_key(chunk.embed_text())] = old_vectors[i]
    old_files = dict(old.info.files) if old is not None else {}
    return _Plan(files, settings, incremental, old, reusable, old_files, old_by_source, cache, old_chunks, old_vectors)


def _nothing_changed(plan: _Plan, entries: dict[str, FileEntry], report: BuildReport) -> bool:
    """An update whose files, metadata and skipped files are exactly those of the current index."""
    if not (plan.incremental and plan.reusable and plan.old is not None) or report.changed_anything:
        return False
    return entries == plan.old_files and tuple(report.skipped) == tuple(plan.old.info.skipped)


def _read(
    plan: _Plan, cfg: Config, reader: IsolatedReader, report: BuildReport, progress: Progress | None
) -> tuple[list[Chunk], list[np.ndarray | None], dict[str, FileEntry]]:
    """Reuse unchanged files, read the others; returns passages, their known vectors (or None) and file entries."""
    chunks: list[Chunk] = []
    vectors: list[np.ndarray | None] = []
    entries: dict[str, FileEntry] = {}
    total = len(plan.files)
    for n, f in enumerate(plan.files, start=1):
        if progress:
            progress("read", n, total)
        try:
            digest = content_hash(f.path)
        except OSError as exc:
            report.skipped.append(Skipped(f.source, f"cannot read: {exc.strerror or exc}"))
            continue
        previous = plan.old_files.get(f.source)
        if plan.incremental and plan.reusable and plan.old is not None and previous and previous.sha256 == digest:
            for i in plan.old_by_source.get(f.source, []):
                chunks.append(plan.old_chunks[i])
                vectors.append(plan.old_vectors[i])
            entries[f.source] = replace(previous, size=f.size, mtime_ns=f.mtime_ns)
            report.files_reused += 1
            report.warnings.extend(previous.warnings)
            continue
        too_big = too_large(f.path, f.size, cfg.reading)
        if too_big:
            report.skipped.append(Skipped(f.source, too_big))
            continue
        try:
            doc: DocumentRead = reader.run(read_document, f.source, f.path, cfg)
        except Unreadable as exc:
            report.skipped.append(Skipped(f.source, str(exc)))
            continue
        (report.changed if previous else report.added).append(f.source)
        report.files_read += 1
        report.warnings.extend(doc.warnings)
        for c in doc.chunks:
            chunks.append(c)
            vectors.append(plan.cache.get(embed_key(c.embed_text())))
        meta = doc.meta
        now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        same = previous is not None and previous.sha256 == digest  # re-read (a full build), not changed
        entries[f.source] = FileEntry(
            sha256=digest,
            size=f.size,
            mtime_ns=f.mtime_ns,
            chunks=len(doc.chunks),
            title=meta.title,
            date=meta.date,
            type=meta.type,
            sender=meta.sender,
            url=meta.url,
            derived=meta.derived,
            derived_from=doc.derived_from,
            warnings=tuple(doc.warnings),
            words=doc.words,
            kept_words=doc.kept_words,
            dropped=doc.dropped,
            collection=meta.collection,
            added_at=(previous.added_at if previous is not None else "") or now,
            changed_at=(previous.changed_at if same and previous is not None else "") or now,
        )
    report.removed = sorted(set(plan.old_files) - set(entries) - {s.source for s in report.skipped})
    if plan.old is None and not plan.incremental:
        report.added = sorted(entries)
    report.files_removed = len(report.removed)
    report.words = sum(e.words for e in entries.values())
    report.kept_words = sum(e.kept_words for e in entries.values())
    return chunks, vectors, entries


def _write(
    cfg: Config,
    backend: Backend,
    plan: _Plan,
    chunks: list[Chunk],
    matrix: np.ndarray,
    entries: dict[str, FileEntry],
    report: BuildReport,
    started: float,
    progress: Progress | None,
) -> None:
    if progress:
        progress("lexical", 0, 1)
    lexical = store.build_lexical([analyze(c.lexical_text()) for c in chunks])
    report.chunks = len(chunks)
    report.seconds = time.perf_counter() - started
    manifest = Manifest(
        **plan.settings,
        built_at=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        build_seconds=round(report.seconds, 3),
        knowledge_dir=str(cfg.knowledge_dir),
        passages=len(chunks),
        files=entries,
        skipped=tuple(report.skipped),
    )
    saved = manifest.to_dict()
    saved["glossary"] = [dataclasses.asdict(e) for e in glossary.from_passages(chunks)]  # not read again per generation
    backend.write_generation(saved, chunks, matrix, lexical)


def _load_compatible(backend: Backend, settings: dict[str, Any], report: BuildReport) -> tuple[Generation | None, bool]:
    """The current index, and whether its passages can be reused (else only its embeddings can)."""
    manifest = backend.read_manifest()
    if manifest is None:
        return None, False
    same_model = all(manifest.get(k) == settings[k] for k in ("engine", "model", "dim"))
    if not same_model:
        report.warnings.append("existing index was built with another embedding model; everything is embedded anew")
        return None, False
    if manifest.get("embed_text") != settings["embed_text"]:
        report.warnings.append("existing index gave the model its passages in another form; everything is embedded anew")
        return None, False
    try:
        old = backend.load()
    except (OSError, ValueError, KeyError) as exc:
        report.warnings.append(f"existing index could not be read ({exc.__class__.__name__}); building from scratch")
        return None, False
    reusable = all(manifest.get(k) == v for k, v in settings.items())
    if not reusable:
        report.warnings.append("existing index was built with other settings; every document is read anew")
    return old, reusable


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
        or manifest.get("embed_text") != EMBED_TEXT_VERSION
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
