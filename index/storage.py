"""Where the built index lives: the storage interface and its two backends.

A *backend* holds generations of an index: it writes a complete generation of passages,
vectors and lexical data, swaps it in atomically, and loads the current one. A loaded
*generation* answers the search's questions: the nearest passages to a vector, the BM25
scores of some terms, the passages themselves, the documents' metadata. Search, fusion,
re-ranking and answerability stay in the library (:mod:`index.search`,
:mod:`index.answerability`); a backend only returns candidates and scores.

- ``files`` (default, :mod:`index.store`): a directory of plain files in ``data_dir``, loaded
  whole into the process; nothing to install.
- ``postgres`` (:mod:`index.pgstore`): PostgreSQL with pgvector; the passages stay in the
  database, a process holds only the manifest and the term list. Needs ``pip install '.[postgres]'``.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Protocol

import numpy as np

from index import store
from index.config import Config
from index.errors import ConfigError
from index.manifest import Manifest
from index.models import Chunk

DATABASE_URL_ENV = "DTZBOT_DATABASE_URL"


class Terms(Protocol):
    """The lexical terms, searched for compounds and spelling variants (:class:`index.vocabulary.Vocabulary`)."""

    def __len__(self) -> int: ...
    def containing(self, part: str) -> list[str]: ...
    def similar_length(self, term: str) -> list[str]: ...


class Generation(Protocol):
    """One loaded, read-only generation of the index, as search and answerability use it."""

    sentence_cache: dict[int, list[set[str]]]
    expansion_cache: dict[str, list[str]]
    common_cache: dict[str, bool]

    @property
    def manifest(self) -> dict[str, Any]: ...
    @property
    def chunks(self) -> Sequence[Chunk]: ...  # by position; may be read lazily (prefetch first)
    @property
    def doc_freq(self) -> Mapping[str, int]: ...  # passages per lexical term
    @property
    def path(self) -> object: ...  # where it is, for the status
    @property
    def name(self) -> str: ...
    @property
    def info(self) -> Manifest: ...
    @property
    def size(self) -> int: ...
    @property
    def vocabulary(self) -> Terms: ...
    def dense_search(self, query: np.ndarray, k: int, allowed: np.ndarray | None = None) -> np.ndarray: ...
    def cosines(self, query: np.ndarray, ids: np.ndarray) -> np.ndarray: ...
    def bm25(self, tokens: list[str]) -> np.ndarray: ...
    def prefetch(self, ids: Iterable[int]) -> None: ...
    def kinds(self, ids: np.ndarray) -> list[str]: ...
    def document_count(self, ids: np.ndarray) -> int: ...  # how many documents the passages ``ids`` are from
    def prefetch_terms(self, terms: Iterable[str]) -> None: ...
    def folded(self, i: int) -> str: ...
    def folded_document(self, source: str) -> str: ...
    def chunk(self, chunk_id: str) -> Chunk | None: ...
    def mask_of(self, sources: set[str]) -> np.ndarray: ...
    def passages_of(self, source: str | None = None) -> list[Chunk]: ...
    def export(self) -> tuple[list[Chunk], np.ndarray]: ...


class Backend(Protocol):
    """Writes generations, swaps them in atomically, loads the current one."""

    @property
    def where(self) -> str: ...
    def current_name(self) -> str | None: ...
    def read_manifest(self) -> dict[str, Any] | None: ...
    def load(self) -> Generation: ...
    def write_generation(self, manifest: dict[str, Any], chunks: list[Chunk], vectors: np.ndarray, lexical: Any) -> str: ...
    def lock(self) -> contextlib.AbstractContextManager[None]: ...


class FilesBackend:
    """Generations as directories under ``<data_dir>/index`` (:mod:`index.store`)."""

    def __init__(self, index_dir: Any) -> None:
        self.index_dir = index_dir

    @property
    def where(self) -> str:
        return str(self.index_dir)

    def current_name(self) -> str | None:
        path = store.current_path(self.index_dir)
        return path.name if path is not None else None

    def read_manifest(self) -> dict[str, Any] | None:
        return store.read_manifest(self.index_dir)

    def load(self) -> store.StoredIndex:
        return store.load(self.index_dir)

    def write_generation(self, manifest: dict[str, Any], chunks: list[Chunk], vectors: np.ndarray, lexical: Any) -> str:
        return store.write_generation(self.index_dir, manifest, chunks, vectors, lexical).name

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        with store.build_lock(self.index_dir):
            yield


def database_url(cfg: Config) -> str:
    """The connection string: ``DTZBOT_DATABASE_URL``, else ``store.dsn``; a clear error when neither is set."""
    url = os.environ.get(DATABASE_URL_ENV, "").strip() or cfg.store.dsn
    if not url:
        raise ConfigError(f"store.backend is postgres but neither {DATABASE_URL_ENV} nor store.dsn is set")
    return url


def open_backend(cfg: Config) -> Backend:
    """The backend that ``store.backend`` names."""
    if cfg.store.backend == "postgres":
        from index import pgstore

        st = cfg.store
        return pgstore.PostgresBackend(database_url(cfg), st.schema, ef_search=st.ef_search, build_memory_mb=st.build_memory_mb)
    return FilesBackend(cfg.index_dir)
