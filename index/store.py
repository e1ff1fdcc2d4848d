"""The built index on disk: a directory of plain files, swapped in atomically.

Layout under ``<data_dir>/index``::

    current -> gen-20261122T101500-3f2a1c     symlink to the generation being served
    gen-.../manifest.json                     engine, model, dim, chunking, files + hashes, build time
    gen-.../chunks.jsonl                      one chunk per line, in vector order
    gen-.../vectors.npy                       float32 (n, dim), L2-normalised, no pickle
    gen-.../lexical/                          bm25s index files (numpy + json, no pickle)
    .lock                                     held while a build or update runs

A generation is written under a temporary name, renamed to ``gen-*`` when complete,
and then ``current`` is replaced by ``os.replace`` of a new symlink: at every moment
``current`` points to a complete generation, whatever happens to the writer.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import functools
import json
import logging
import os
import shutil
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from index.analysis import fold_spaces
from index.errors import BuildError, IndexMissingError
from index.manifest import Manifest
from index.models import Chunk
from index.vocabulary import Vocabulary

FORMAT_VERSION = 1


def _bm25s() -> Any:
    """Import bm25s, which sets its own logger to DEBUG on import; keep it at WARNING."""
    import bm25s

    logging.getLogger("bm25s").setLevel(logging.WARNING)
    return bm25s


CURRENT = "current"


@dataclass
class StoredIndex:
    """A loaded generation: manifest, chunks, vectors and search structures."""

    path: Path
    manifest: dict[str, Any]
    chunks: list[Chunk]
    vectors: np.ndarray
    dense: Any  # faiss.IndexFlatIP
    lexical: Any  # bm25s.BM25 or None when there are no chunks
    doc_freq: dict[str, int]
    sentence_cache: dict[int, list[set[str]]] = dataclasses.field(default_factory=dict)
    expansion_cache: dict[str, list[str]] = dataclasses.field(default_factory=dict)
    common_cache: dict[str, bool] = dataclasses.field(default_factory=dict)
    folded_cache: dict[int, str] = dataclasses.field(default_factory=dict)
    document_cache: dict[str, str] = dataclasses.field(default_factory=dict)
    by_id: dict[str, Chunk] = dataclasses.field(default_factory=dict)

    @functools.cached_property
    def info(self) -> Manifest:
        """The manifest, typed."""
        return Manifest.from_dict(self.manifest)

    @functools.cached_property
    def vocabulary(self) -> Vocabulary:
        """The lexical terms, for compound and spelling look-ups (built on first use)."""
        return Vocabulary(self.doc_freq)

    @functools.cached_property
    def by_source(self) -> dict[str, list[int]]:
        """The passage indexes of each document, in order."""
        out: dict[str, list[int]] = {}
        for i, chunk in enumerate(self.chunks):
            out.setdefault(chunk.source, []).append(i)
        return out

    def folded_document(self, source: str) -> str:
        """A document's title and passages, folded, cached (answerability looks names up in it)."""
        text = self.document_cache.get(source)
        if text is None:
            parts = [fold_spaces(self.chunks[i].title) for i in self.by_source.get(source, [])[:1]]
            parts += [self.folded(i) for i in self.by_source.get(source, [])]
            text = self.document_cache[source] = " ".join(parts)
        return text

    def folded(self, i: int) -> str:
        """Passage ``i``'s text folded (lower case, no accents, single spaces), cached: the re-rank reads it per question."""
        text = self.folded_cache.get(i)
        if text is None:
            text = self.folded_cache[i] = fold_spaces(self.chunks[i].text)
        return text

    @property
    def size(self) -> int:
        """Number of passages."""
        return len(self.chunks)

    def chunk(self, chunk_id: str) -> Chunk | None:
        """A passage by its id."""
        if not self.by_id:
            self.by_id.update((c.id, c) for c in self.chunks)
        return self.by_id.get(chunk_id)

    # -- the search interface (index.storage.Generation) --------------------------------

    @property
    def name(self) -> str:
        """The generation's name (its directory)."""
        return self.path.name

    def dense_search(self, query: np.ndarray, k: int, allowed: np.ndarray | None = None) -> np.ndarray:
        """The ``k`` passages nearest to ``query`` (exact inner product), among ``allowed`` when given."""
        q = np.asarray(query, np.float32).reshape(1, -1)
        if allowed is None:
            _, ids = self.dense.search(q, k)
            return ids[0][ids[0] >= 0].astype(np.int64)
        inside = np.flatnonzero(allowed)  # a filter leaves few: scored directly
        scores = self.vectors[inside] @ q[0]
        return inside[np.argsort(-scores, kind="stable")[:k]].astype(np.int64)

    def cosines(self, query: np.ndarray, ids: np.ndarray) -> np.ndarray:
        """Cosine similarity of ``query`` with passages ``ids``."""
        return np.asarray(self.vectors[ids] @ np.asarray(query, np.float32), np.float32)

    def bm25(self, tokens: list[str]) -> np.ndarray:
        """BM25 score of every passage for index terms ``tokens`` (a term given twice counts twice)."""
        if self.lexical is None or not tokens:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self.lexical.get_scores(tokens), dtype=np.float32)

    def prefetch(self, ids: Iterable[int]) -> None:
        """Make passages ``ids`` cheap to read (all are in memory here)."""

    def kinds(self, ids: np.ndarray) -> list[str]:
        """The kind of each passage (text, letterhead, toc ...), without reading the passages."""
        return [self.chunks[int(i)].kind for i in ids]

    def document_count(self, ids: np.ndarray) -> int:
        """How many documents the passages ``ids`` are from."""
        return len({self.chunks[int(i)].source for i in ids})

    def prefetch_terms(self, terms: Iterable[str]) -> None:
        """Make the passage counts of ``terms`` cheap to read (all are in memory here)."""

    def mask_of(self, sources: set[str]) -> np.ndarray:
        """A mask over the passages: True for those of ``sources``."""
        return np.fromiter((c.source in sources for c in self.chunks), dtype=bool, count=self.size)

    def passages_of(self, source: str | None = None) -> list[Chunk]:
        """The passages of one document in order, or all."""
        if source is None:
            return list(self.chunks)
        return [self.chunks[i] for i in self.by_source.get(source, [])]

    def export(self) -> tuple[list[Chunk], np.ndarray]:
        """All passages and their vectors (a build reuses them)."""
        return self.chunks, self.vectors


def current_path(index_dir: Path) -> Path | None:
    """The generation that ``current`` points to, or None when there is none."""
    link = index_dir / CURRENT
    if not link.is_symlink() and not link.exists():
        return None
    target = link.resolve()
    return target if (target / "manifest.json").exists() else None


def read_manifest(index_dir: Path) -> dict[str, Any] | None:
    """The manifest of the current generation, or None."""
    path = current_path(index_dir)
    if path is None:
        return None
    return dict(json.loads((path / "manifest.json").read_text(encoding="utf-8")))


def build_dense(vectors: np.ndarray, dim: int) -> tuple[Any, np.ndarray]:
    """Exact cosine search: vectors are L2-normalised, so inner product is cosine similarity.

    Returns the faiss index and a read-only numpy view of the vectors it stores, so that
    they are held in memory once. ``vectors`` may be a memory map; it is added in batches.
    """
    import faiss

    dense = faiss.IndexFlatIP(dim)
    for start in range(0, len(vectors), 8192):
        dense.add(np.ascontiguousarray(vectors[start : start + 8192], dtype=np.float32))
    if dense.ntotal == 0:
        return dense, np.zeros((0, dim), dtype=np.float32)
    view = faiss.rev_swig_ptr(dense.get_xb(), dense.ntotal * dim).reshape(dense.ntotal, dim)
    view.flags.writeable = False
    return dense, view


def build_lexical(token_lists: list[list[str]]) -> Any:
    """A bm25s index over already analysed token lists."""
    bm25s = _bm25s()
    if not token_lists:
        return None
    bm25 = bm25s.BM25()
    bm25.index(_tokenized(token_lists), show_progress=False)
    return bm25


def _tokenized(token_lists: list[list[str]]) -> Any:
    bm25s = _bm25s()
    vocab: dict[str, int] = {}
    ids = [[vocab.setdefault(t, len(vocab)) for t in tokens] for tokens in token_lists]
    return bm25s.tokenization.Tokenized(ids=ids, vocab=vocab)


def doc_freq_of(lexical: Any) -> dict[str, int]:
    """Number of passages each term occurs in, read from the bm25s sparse matrix."""
    if lexical is None:
        return {}
    indptr = np.asarray(lexical.scores["indptr"])
    counts = np.diff(indptr)
    return {term: int(counts[i]) for term, i in lexical.vocab_dict.items() if term}


def load(index_dir: Path) -> StoredIndex:
    """Load the current generation; raises IndexMissingError when none is built."""
    path = current_path(index_dir)
    if path is None:
        raise IndexMissingError(f"no index in {index_dir}; build one with: dtzbot index build")
    bm25s = _bm25s()
    manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    with (path / "chunks.jsonl").open(encoding="utf-8") as fh:
        chunks = [Chunk(**json.loads(line)) for line in fh if line.strip()]
    dense, vectors = build_dense(np.load(path / "vectors.npy", mmap_mode="r", allow_pickle=False), int(manifest["dim"]))
    lexical = None
    if chunks:
        lexical = bm25s.BM25.load(str(path / "lexical"), allow_pickle=False, show_progress=False)
    stored = StoredIndex(
        path=path,
        manifest=manifest,
        chunks=chunks,
        vectors=vectors,
        dense=dense,
        lexical=lexical,
        doc_freq=doc_freq_of(lexical),
    )
    _ = stored.vocabulary  # built while loading, not on the first question
    return stored


def write_generation(index_dir: Path, manifest: dict[str, Any], chunks: list[Chunk], vectors: np.ndarray, lexical: Any) -> Path:
    """Write a complete generation and make it current; returns its path.

    Raises BuildError (old index untouched) when the disk is full or read-only.
    """
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
    name = f"gen-{stamp}-{uuid.uuid4().hex[:6]}"
    tmp = index_dir / f".tmp-{name}"
    final = index_dir / name
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        tmp.mkdir()
        with (tmp / "chunks.jsonl").open("w", encoding="utf-8") as fh:
            for c in chunks:
                fh.write(json.dumps(dataclasses.asdict(c), ensure_ascii=False) + "\n")
        with (tmp / "vectors.npy").open("wb") as fh:
            np.save(fh, np.ascontiguousarray(vectors, dtype=np.float32), allow_pickle=False)
        if lexical is not None:
            lexical.save(str(tmp / "lexical"), allow_pickle=False, show_progress=False)
        (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        _fsync_tree(tmp)
        os.rename(tmp, final)
        link_tmp = index_dir / f".{CURRENT}-{uuid.uuid4().hex[:6]}"
        os.symlink(name, link_tmp)
        os.replace(link_tmp, index_dir / CURRENT)
        _fsync_dir(index_dir)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise BuildError(
            f"could not write the index in {index_dir}: {exc.strerror or exc}; the previous index is still in use"
        ) from None
    prune(index_dir)
    return final


def prune(index_dir: Path, keep: int = 2) -> None:
    """Remove unfinished temporaries and all but the newest ``keep`` generations (never the current one)."""
    current = current_path(index_dir)
    gens = sorted((p for p in index_dir.glob("gen-*") if p.is_dir()), key=lambda p: p.name, reverse=True)
    for old in gens[keep:]:
        if current is None or old.resolve() != current:
            shutil.rmtree(old, ignore_errors=True)
    for tmp in index_dir.glob(".tmp-gen-*"):
        shutil.rmtree(tmp, ignore_errors=True)
    for link in index_dir.glob(f".{CURRENT}-*"):
        with contextlib.suppress(OSError):
            link.unlink()


@contextlib.contextmanager
def build_lock(index_dir: Path) -> Iterator[None]:
    """Hold an exclusive lock while building; a second builder waits."""
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        fh = (index_dir / ".lock").open("a")
    except OSError as exc:
        kept = "; the previous index is still in use" if current_path(index_dir) is not None else ""
        raise BuildError(f"cannot use index directory {index_dir}: {exc.strerror or exc}{kept}") from None
    with fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _fsync_tree(root: Path) -> None:
    for path in root.rglob("*"):
        if path.is_file():
            with path.open("rb") as fh:
                os.fsync(fh.fileno())
    _fsync_dir(root)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
