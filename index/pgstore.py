"""The ``postgres`` backend: the index in PostgreSQL with pgvector.

Layout in the schema ``store.schema`` (default ``dtzbot``)::

    generations(name, manifest jsonb, passages, created_at)   one row per complete generation
    current(name)                                             the generation being served (one row)
    p_<generation>(pos, chunk_id, source, collection, kind, chunk jsonb, embedding vector(dim))
                                                              passages, an HNSW index on embedding
    t_<generation>(term, df, ids bytea, scores bytea)         per analysed term: the passages that have it
                                                              and their BM25 weights (int32/float32 arrays)

A generation's tables are written and indexed first; one transaction then records it and
points ``current`` at it, so a question sees the old or the new generation, never a mix (a
loaded generation reads only its own tables, which never change). A writer killed halfway
leaves tables that no generation row names; the next build drops them. The two newest
generations are kept, so a question that started on the previous one finishes on it.

The lexical weights are the very numbers the files backend's bm25s index holds, so both
backends score passages the same; the term list (terms and passage counts) is loaded into
the process for the compound and spelling look-ups. Everything else (passage text, vectors,
metadata columns) stays in the database and is fetched per question for the candidates only.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import logging
import queue
import re
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, TypeVar

import numpy as np

from index.analysis import fold_spaces
from index.errors import BuildError, GenerationGoneError, IndexMissingError, StoreBusyError, StoreUnavailableError
from index.manifest import Manifest
from index.models import Chunk
from index.vocabulary import MIN_NEAR

log = logging.getLogger(__name__)
T = TypeVar("T")

KEEP = 2  # generations kept: the current one and the one before (questions still running on it)
HNSW = "m = 16, ef_construction = 64"  # pgvector's defaults, written out
CACHE_PASSAGES = 5_000  # passages kept in memory per generation (the candidates of recent questions)
CACHE_TERMS = 50_000  # terms whose passage count is kept
CACHE_KINDS = 50_000  # passage kinds kept (fusion weighs every candidate by its kind)
CACHE_DOCUMENTS = 256  # folded documents kept (answerability looks names up in them)
CONNECT_TIMEOUT = 5
STATEMENT_SECONDS = 30  # a question's statement that takes longer is given up


def _psycopg() -> Any:
    try:
        import psycopg
    except ImportError:
        raise StoreUnavailableError(
            "store.backend is postgres but psycopg is not installed; install it with: pip install '.[postgres]'"
        ) from None
    return psycopg


def with_options(url: str, extra: str) -> str:
    """The connection string with ``extra`` added to its server options (those it has are kept)."""
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    given = str(conninfo_to_dict(url).get("options") or "")
    return make_conninfo(url, options=f"{given} {extra}".strip())


def redact(url: str) -> str:
    """A connection string without its password, for messages and logs."""
    url = re.sub(r"(postgres(?:ql)?://[^:/@]*):[^@]*@", r"\1:***@", url)
    url = re.sub(r"([?&]password=)[^&]*", r"\1***", url)
    return re.sub(r"(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)", r"\1***", url)


class Bounded(dict):
    """A dict that forgets its oldest entries beyond ``limit`` (the caches of a large generation)."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def __setitem__(self, key: Any, value: Any) -> None:
        super().__setitem__(key, value)
        while len(self) > self.limit:  # another thread may evict the same entry, or be inserting
            try:
                self.pop(next(iter(self), None), None)
            except RuntimeError:  # changed size while looking for the oldest: the other thread trims
                break


class PostgresBackend:
    """Generations of the index in one PostgreSQL schema (:mod:`index.storage`)."""

    def __init__(
        self, url: str, schema: str = "dtzbot", *, ef_search: int = 500, build_memory_mb: int = 1024, pool_size: int = 4
    ) -> None:
        self.url = url
        self.schema = schema
        self.ef_search = ef_search
        self.build_memory_mb = build_memory_mb
        self._pool: queue.LifoQueue[Any] = queue.LifoQueue()
        self._slots = threading.BoundedSemaphore(pool_size)

    @property
    def where(self) -> str:
        return f"{redact(self.url)} schema {self.schema}"

    # -- connections ----------------------------------------------------------------------

    def _connect(self, timeout: bool = True) -> Any:
        """A new connection; ``timeout``: statements are given up after STATEMENT_SECONDS (questions, not builds)."""
        psycopg = _psycopg()
        limit = STATEMENT_SECONDS * 1000 if timeout else 0  # a hung database fails a question, not the bot
        conn = psycopg.connect(
            with_options(self.url, f"-c statement_timeout={limit}"),
            autocommit=True,
            connect_timeout=CONNECT_TIMEOUT,
            keepalives=1,
            keepalives_idle=30,
            keepalives_interval=10,
            keepalives_count=3,
        )
        try:
            conn.execute("SELECT set_config('hnsw.ef_search', %s, false)", (str(self.ef_search),))
            if conn.execute("SELECT 1 FROM pg_type WHERE typname = 'vector'").fetchone():
                from pgvector.psycopg import register_vector

                register_vector(conn)
        except Exception:
            conn.close()
            raise
        return conn

    @contextlib.contextmanager
    def connection(self) -> Iterator[Any]:
        """A pooled connection; a lost database becomes :class:`StoreUnavailableError` (the next call reconnects)."""
        psycopg = _psycopg()
        if not self._slots.acquire(timeout=STATEMENT_SECONDS):
            raise StoreBusyError(f"the index database is busy: no connection free within {STATEMENT_SECONDS} s")
        conn = None
        try:
            try:
                conn = self._pool.get_nowait()
            except queue.Empty:
                conn = self._connect()
            yield conn
        except psycopg.errors.QueryCanceled:  # over the time limit: the connection itself is fine
            raise StoreBusyError(f"the index database did not answer within {STATEMENT_SECONDS} s") from None
        except psycopg.errors.UndefinedTable:
            raise GenerationGoneError("the index generation being read was replaced; ask again") from None
        except psycopg.OperationalError as exc:
            if conn is not None:
                conn.close()
            conn = None
            self.close()  # the other pooled connections went the same way
            raise StoreUnavailableError(f"the index database is unavailable ({redact(self.url)}): {_first_line(exc)}") from None
        finally:
            if conn is not None:
                if conn.closed or conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
                    conn.close()
                else:
                    self._pool.put(conn)
            self._slots.release()

    def read(self, fn: Callable[[Any], T]) -> T:
        """Run a read-only ``fn(connection)``; tried once more on a fresh connection when the first fails.

        After the database restarted, the pooled connections are dead but do not know it yet:
        the first statement on each fails. A read can simply be repeated.
        """
        for attempt in (1, 2):
            try:
                with self.connection() as conn:
                    return fn(conn)
            except (StoreBusyError, GenerationGoneError):  # slow, or replaced: the same read again would not help
                raise
            except StoreUnavailableError:
                if attempt == 2:
                    raise
                log.info("index database: a connection failed; trying once more on a new one")
        raise AssertionError("unreachable")

    def close(self) -> None:
        """Close the pooled connections."""
        while True:
            try:
                self._pool.get_nowait().close()
            except queue.Empty:
                return

    def _table(self, prefix: str, name: str) -> Any:
        from psycopg import sql

        return sql.Identifier(self.schema, f"{prefix}_{name}")

    def _ident(self, name: str) -> Any:
        from psycopg import sql

        return sql.Identifier(self.schema, name)

    def _q(self, text: str, **parts: Any) -> Any:
        from psycopg import sql

        return sql.SQL(text).format(**parts)

    # -- reading the current generation ---------------------------------------------------

    def _current(self, columns: str) -> tuple[Any, ...] | None:
        """Columns of the current generation's row, or None when there is none (or no schema yet)."""
        psycopg = _psycopg()
        query = self._q(
            "SELECT " + columns + " FROM {c} JOIN {g} g USING (name)", c=self._ident("current"), g=self._ident("generations")
        )

        def fetch(conn: Any) -> tuple[Any, ...] | None:
            try:
                row = conn.execute(query).fetchone()
            except psycopg.errors.UndefinedTable:
                return None
            return tuple(row) if row else None

        return self.read(fetch)

    def current_name(self) -> str | None:
        row = self._current("g.name")
        return str(row[0]) if row else None

    def read_manifest(self) -> dict[str, Any] | None:
        row = self._current("g.manifest")
        return dict(row[0]) if row else None

    def load(self) -> PgGeneration:
        row = self._current("g.name, g.manifest, g.passages")
        if row is None:
            raise IndexMissingError(f"no index in {self.where}; build one with: dtzbot index build")
        return PgGeneration(self, str(row[0]), dict(row[1]), int(row[2]))

    # -- writing --------------------------------------------------------------------------

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """One writer per schema: a session advisory lock, released when the writer ends or dies."""
        psycopg = _psycopg()
        try:
            conn = self._connect(timeout=False)  # waiting for another writer may take a whole build
        except psycopg.OperationalError as exc:
            raise BuildError(f"cannot reach the index database ({redact(self.url)}): {_first_line(exc)}") from None
        try:
            conn.execute("SELECT pg_advisory_lock(hashtext(%s))", (f"dtzbot:{self.schema}",))
            yield
        finally:
            conn.close()  # releases the lock

    def _ensure_schema(self, conn: Any) -> None:
        with conn.transaction():  # two replicas starting together: one creates, the other waits and finds it
            conn.execute("SELECT pg_advisory_xact_lock(hashtext('dtzbot-schema'))")
            conn.execute("CREATE EXTENSION IF NOT EXISTS vector")
            conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            self._create_tables(conn)
        from pgvector.psycopg import register_vector

        register_vector(conn)

    def _create_tables(self, conn: Any) -> None:
        conn.execute(self._q("CREATE SCHEMA IF NOT EXISTS {s}", s=_sql_ident(self.schema)))
        conn.execute(
            self._q(
                "CREATE TABLE IF NOT EXISTS {g} (name text PRIMARY KEY, manifest jsonb NOT NULL, "
                "passages integer NOT NULL, created_at timestamptz NOT NULL DEFAULT now())",
                g=self._ident("generations"),
            )
        )
        conn.execute(
            self._q(
                "CREATE TABLE IF NOT EXISTS {c} (one boolean PRIMARY KEY DEFAULT true CHECK (one), "
                "name text NOT NULL REFERENCES {g} (name))",
                c=self._ident("current"),
                g=self._ident("generations"),
            )
        )

    def write_generation(self, manifest: dict[str, Any], chunks: list[Chunk], vectors: np.ndarray, lexical: Any) -> str:
        """Write a complete generation and make it current; raises BuildError (old index untouched) on failure."""
        psycopg = _psycopg()
        name = time.strftime("g%Y%m%d%H%M%S", time.gmtime()) + uuid.uuid4().hex[:6]
        dim = int(manifest["dim"])
        collections = {s: str(e.get("collection", "")) for s, e in manifest.get("files", {}).items()}
        p, t = self._table("p", name), self._table("t", name)
        try:
            with self._writer() as conn:
                self._ensure_schema(conn)
                conn.execute(
                    self._q(
                        "CREATE TABLE {p} (pos integer PRIMARY KEY, chunk_id text NOT NULL, source text NOT NULL, "
                        "collection text NOT NULL, kind text NOT NULL, chunk jsonb NOT NULL, embedding vector({dim}) NOT NULL)",
                        p=p,
                        dim=_sql_literal(dim),
                    )
                )
                from psycopg.types.json import Jsonb

                with conn.cursor() as cur:
                    copy_sql = self._q(
                        "COPY {p} (pos, chunk_id, source, collection, kind, chunk, embedding) FROM STDIN (FORMAT BINARY)", p=p
                    )
                    with cur.copy(copy_sql) as copy:
                        copy.set_types(["int4", "text", "text", "text", "text", "jsonb", "vector"])
                        for i, c in enumerate(chunks):
                            row = (i, c.id, c.source, collections.get(c.source, ""), c.kind, Jsonb(dataclasses.asdict(c)))
                            copy.write_row((*row, np.asarray(vectors[i], dtype=np.float32)))
                conn.execute(
                    self._q(
                        "CREATE TABLE {t} (term text PRIMARY KEY, df integer NOT NULL, ids bytea NOT NULL, scores bytea NOT NULL)",
                        t=t,
                    )
                )
                with (
                    conn.cursor() as cur,
                    cur.copy(self._q("COPY {t} (term, df, ids, scores) FROM STDIN (FORMAT BINARY)", t=t)) as copy,
                ):
                    copy.set_types(["text", "int4", "bytea", "bytea"])
                    for term, ids, scores in _postings(lexical):
                        copy.write_row((term, len(ids), ids.astype("<i4").tobytes(), scores.astype("<f4").tobytes()))
                conn.execute(self._q("CREATE INDEX ON {t} USING gin (term gin_trgm_ops)", t=t))  # compounds
                conn.execute(self._q("CREATE INDEX ON {t} (left(term, 2), length(term))", t=t))  # spelling variants
                conn.execute(self._q("CREATE INDEX ON {p} (source)", p=p))
                conn.execute(self._q("CREATE INDEX ON {p} (chunk_id)", p=p))
                conn.execute(self._q("CREATE INDEX ON {p} (collection)", p=p))
                if chunks:
                    conn.execute("SELECT set_config('maintenance_work_mem', %s, false)", (f"{self.build_memory_mb}MB",))
                    conn.execute(self._q("CREATE INDEX ON {p} USING hnsw (embedding vector_ip_ops) WITH (" + HNSW + ")", p=p))
                conn.execute(self._q("ANALYZE {p}", p=p))
                conn.execute(self._q("ANALYZE {t}", t=t))
                with conn.transaction():
                    conn.execute(
                        self._q("INSERT INTO {g} (name, manifest, passages) VALUES (%s, %s, %s)", g=self._ident("generations")),
                        (name, Jsonb(manifest), len(chunks)),
                    )
                    conn.execute(
                        self._q(
                            "INSERT INTO {c} (one, name) VALUES (true, %s) ON CONFLICT (one) DO UPDATE SET name = excluded.name",
                            c=self._ident("current"),
                        ),
                        (name,),
                    )
        except (psycopg.Error, StoreUnavailableError) as exc:
            self._drop_quietly(name)
            raise BuildError(
                f"could not write the index to {self.where}: {_first_line(exc)}; the previous index is still in use"
            ) from None
        try:
            self.prune()
        except (psycopg.Error, StoreUnavailableError) as exc:  # the new generation is in use; tidying up can wait
            log.warning("index database: old generations not removed yet: %s", _first_line(exc))
        return name

    def _drop_quietly(self, name: str) -> None:
        with contextlib.suppress(Exception), self.connection() as conn:
            conn.execute(self._q("DROP TABLE IF EXISTS {p}, {t}", p=self._table("p", name), t=self._table("t", name)))

    @contextlib.contextmanager
    def _writer(self) -> Iterator[Any]:
        """A connection of its own for writing, without the statement time limit (an index build takes minutes)."""
        psycopg = _psycopg()
        try:
            conn = self._connect(timeout=False)
        except psycopg.OperationalError as exc:
            raise StoreUnavailableError(f"the index database is unavailable ({redact(self.url)}): {_first_line(exc)}") from None
        try:
            yield conn
        finally:
            conn.close()

    def prune(self, keep: int = KEEP) -> None:
        """Drop all but the newest ``keep`` generations (never the current one) and tables no generation names."""
        with self._writer() as conn:
            current = conn.execute(self._q("SELECT name FROM {c}", c=self._ident("current"))).fetchone()
            names = [r[0] for r in conn.execute(self._q("SELECT name FROM {g} ORDER BY name DESC", g=self._ident("generations")))]
            kept = set(names[:keep]) | ({current[0]} if current else set())
            with conn.transaction():
                for old in names:
                    if old not in kept:
                        conn.execute(self._q("DELETE FROM {g} WHERE name = %s", g=self._ident("generations")), (old,))
            tables = conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = %s", (self.schema,)).fetchall()
            for (table,) in tables:
                prefix, _, gen = str(table).partition("_")
                if prefix in ("p", "t") and gen and gen not in kept:
                    conn.execute(self._q("DROP TABLE IF EXISTS {x}", x=self._ident(str(table))))

    def drop(self) -> None:
        """Remove the schema and everything in it (tests, and ``dtzbot index drop``)."""
        with self.connection() as conn:
            conn.execute(self._q("DROP SCHEMA IF EXISTS {s} CASCADE", s=_sql_ident(self.schema)))


def _postings(lexical: Any) -> Iterator[tuple[str, np.ndarray, np.ndarray]]:
    """Each term of a bm25s index with the passages that have it and their BM25 weights."""
    if lexical is None:
        return
    data = np.asarray(lexical.scores["data"])
    indices = np.asarray(lexical.scores["indices"])
    indptr = np.asarray(lexical.scores["indptr"])
    for term, col in lexical.vocab_dict.items():
        if term:
            start, end = int(indptr[col]), int(indptr[col + 1])
            yield term, indices[start:end], data[start:end]


class _DocFreq(Mapping[str, int]):
    """Passages per term, read from the term table as the search asks (a bounded cache; absent terms too)."""

    def __init__(self, generation: PgGeneration) -> None:
        self._gen = generation
        self.cache: Bounded = Bounded(CACHE_TERMS)

    def fetch(self, terms: Iterable[str]) -> None:
        """Look up the terms not yet known, in one query."""
        missing = sorted({t for t in terms if t not in self.cache})
        if not missing:
            return
        found = dict(self._gen._rows("SELECT term, df FROM {t} WHERE term = ANY(%s)", (missing,)))
        for term in missing:
            self.cache[term] = int(found.get(term, 0))

    def remember(self, rows: Iterable[tuple[Any, ...]]) -> None:
        for term, df in rows:
            self.cache[str(term)] = int(df)

    def __getitem__(self, term: str) -> int:
        if term not in self.cache:
            self.fetch([term])
        df = int(self.cache[term])
        if not df:
            raise KeyError(term)
        return df

    def __contains__(self, term: object) -> bool:
        if not isinstance(term, str):
            return False
        if term not in self.cache:
            self.fetch([term])
        return bool(self.cache[term])

    def __len__(self) -> int:
        return len(self._gen.vocabulary)

    def __iter__(self) -> Iterator[str]:
        raise TypeError("the terms of a database index are not listed one by one")


class _Terms:
    """The term table searched by substring (a trigram index) and by near spelling, as :class:`Vocabulary` is."""

    def __init__(self, generation: PgGeneration) -> None:
        self._gen = generation
        self._size: int | None = None

    def __len__(self) -> int:
        if self._size is None:
            self._size = int(self._gen._rows("SELECT count(*) FROM {t}")[0][0])
        return self._size

    def containing(self, part: str) -> list[str]:
        if not part or "\n" in part:
            return []
        pattern = "%" + part.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        rows = self._gen._rows("SELECT term, df FROM {t} WHERE term LIKE %s ORDER BY term", (pattern,))
        self._gen.doc_freq.remember(rows)
        return [str(r[0]) for r in rows]

    def similar_length(self, term: str) -> list[str]:
        if len(term) < MIN_NEAR - 1:
            return []
        rows = self._gen._rows(
            "SELECT term, df FROM {t} WHERE left(term, 2) = %s AND length(term) BETWEEN %s AND %s ORDER BY length(term), term",
            (term[:2], max(len(term) - 1, MIN_NEAR), len(term) + 1),
        )
        self._gen.doc_freq.remember(rows)
        return [str(r[0]) for r in rows]


class _LazyChunks(Sequence[Chunk]):
    """The passages of a generation by position, fetched on demand and cached (a bounded number)."""

    def __init__(self, generation: PgGeneration) -> None:
        self._gen = generation
        self.cache: Bounded = Bounded(CACHE_PASSAGES)

    def __len__(self) -> int:
        return self._gen.size

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(self._gen.size))]
        i = int(i)
        chunk = self.cache.get(i)
        if chunk is None:
            if not 0 <= i < self._gen.size:
                raise IndexError(i)
            rows = self._gen._rows("SELECT pos, chunk FROM {p} WHERE pos = %s", (i,))
            chunk = Chunk(**rows[0][1])
            self.cache[i] = chunk
        return chunk

    def __iter__(self) -> Iterator[Chunk]:
        yield from self._gen.passages_of()


class PgGeneration:
    """One generation in the database, as the search reads it (:class:`index.storage.Generation`)."""

    def __init__(self, backend: PostgresBackend, name: str, manifest: dict[str, Any], size: int) -> None:
        self.backend = backend
        self._name = name
        self.manifest = manifest
        self._size = size
        self.doc_freq = _DocFreq(self)
        self.vocabulary = _Terms(self)
        self.chunks = _LazyChunks(self)
        self.sentence_cache: dict[int, list[set[str]]] = Bounded(CACHE_PASSAGES)
        self.expansion_cache: dict[str, list[str]] = Bounded(CACHE_PASSAGES)
        self.common_cache: dict[str, bool] = Bounded(CACHE_PASSAGES)
        self.folded_cache: dict[int, str] = Bounded(CACHE_PASSAGES)
        self.kind_cache: dict[int, str] = Bounded(CACHE_KINDS)
        self.document_cache: dict[str, str] = Bounded(CACHE_DOCUMENTS)
        self._p = backend._table("p", name)
        self._t = backend._table("t", name)
        self.path = f"{backend.where} generation {name}"

    @property
    def name(self) -> str:
        return self._name

    @property
    def size(self) -> int:
        return self._size

    @functools.cached_property
    def info(self) -> Manifest:
        return Manifest.from_dict(self.manifest)

    def prefetch_terms(self, terms: Iterable[str]) -> None:
        self.doc_freq.fetch(terms)

    def _rows(self, text: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        query = self.backend._q(text, p=self._p, t=self._t)
        return self.backend.read(lambda conn: list(conn.execute(query, params).fetchall()))

    def _remember(self, rows: Iterable[tuple[Any, ...]]) -> None:
        for pos, chunk in rows:
            self.chunks.cache[int(pos)] = Chunk(**chunk)

    # -- search ------------------------------------------------------------------------

    def dense_search(self, query: np.ndarray, k: int, allowed: np.ndarray | None = None) -> np.ndarray:
        vec = _vector_text(query)
        if allowed is None and k > 1000:  # beyond what HNSW returns (ef_search <= 1000): exact
            allowed = np.ones(self._size, dtype=bool)
        if allowed is None:
            sql = "SELECT pos FROM {p} ORDER BY embedding <#> %s::vector LIMIT %s"
            if k > self.backend.ef_search:  # HNSW returns at most ef_search rows
                with self.backend.connection() as conn, conn.transaction():
                    conn.execute("SELECT set_config('hnsw.ef_search', %s, true)", (str(min(k, 1000)),))
                    rows = conn.execute(self.backend._q(sql, p=self._p), (vec, k)).fetchall()
            else:
                rows = self._rows(sql, (vec, k))
        elif allowed.all():  # exact search over everything
            rows = self._rows("SELECT pos FROM {p} ORDER BY (embedding <#> %s::vector) + 0, pos LIMIT %s", (vec, k))
        else:  # a filter: the allowed passages scored exactly (the "+ 0" keeps the planner off the approximate index)
            inside = [int(i) for i in np.flatnonzero(allowed)]
            rows = self._rows(
                "SELECT pos FROM {p} WHERE pos = ANY(%s) ORDER BY (embedding <#> %s::vector) + 0, pos LIMIT %s", (inside, vec, k)
            )
        return np.array([int(r[0]) for r in rows], dtype=np.int64)

    def cosines(self, query: np.ndarray, ids: np.ndarray) -> np.ndarray:
        wanted = [int(i) for i in ids]
        if not wanted:
            return np.zeros(0, np.float32)
        # the kind of every candidate comes along (fusion weighs it); whole passages only for those the re-rank reads
        rows = self._rows(
            "SELECT pos, -(embedding <#> %s::vector), kind FROM {p} WHERE pos = ANY(%s)", (_vector_text(query), wanted)
        )
        for pos, _, kind in rows:
            self.kind_cache[int(pos)] = str(kind)
        by_pos = {int(pos): float(cos) for pos, cos, _ in rows}
        return np.array([by_pos.get(i, 0.0) for i in wanted], dtype=np.float32)

    def kinds(self, ids: np.ndarray) -> list[str]:
        wanted = [int(i) for i in ids]
        missing = [i for i in wanted if i not in self.kind_cache and i not in self.chunks.cache]
        if missing:
            for pos, kind in self._rows("SELECT pos, kind FROM {p} WHERE pos = ANY(%s)", (missing,)):
                self.kind_cache[int(pos)] = str(kind)
        return [self.kind_cache[i] if i in self.kind_cache else self.chunks[i].kind for i in wanted]

    def document_count(self, ids: np.ndarray) -> int:
        if not len(ids):
            return 0
        rows = self._rows("SELECT count(DISTINCT source) FROM {p} WHERE pos = ANY(%s)", ([int(i) for i in ids],))
        return int(rows[0][0])

    def bm25(self, tokens: list[str]) -> np.ndarray:
        scores = np.zeros(self._size, dtype=np.float32)
        counts = Counter(tokens)
        if not counts:
            return scores
        for term, ids, weights in self._rows("SELECT term, ids, scores FROM {t} WHERE term = ANY(%s)", (list(counts),)):
            scores[np.frombuffer(ids, dtype="<i4")] += np.frombuffer(weights, dtype="<f4") * counts[term]
        return scores

    def prefetch(self, ids: Iterable[int]) -> None:
        missing = sorted({int(i) for i in ids} - self.chunks.cache.keys())
        if missing:
            self._remember(self._rows("SELECT pos, chunk FROM {p} WHERE pos = ANY(%s)", (missing,)))

    # -- passages and documents ----------------------------------------------------------

    def folded(self, i: int) -> str:
        text = self.folded_cache.get(i)
        if text is None:
            text = self.folded_cache[i] = fold_spaces(self.chunks[i].text)
        return text

    def folded_document(self, source: str) -> str:
        text = self.document_cache.get(source)
        if text is None:
            passages = self.passages_of(source)
            parts = [fold_spaces(c.title) for c in passages[:1]] + [fold_spaces(c.text) for c in passages]
            text = self.document_cache[source] = " ".join(parts)
        return text

    def chunk(self, chunk_id: str) -> Chunk | None:
        rows = self._rows("SELECT pos, chunk FROM {p} WHERE chunk_id = %s", (chunk_id,))
        self._remember(rows)
        return Chunk(**rows[0][1]) if rows else None

    def mask_of(self, sources: set[str]) -> np.ndarray:
        mask = np.zeros(self._size, dtype=bool)
        rows = self._rows("SELECT pos FROM {p} WHERE source = ANY(%s)", (sorted(sources),))
        mask[[int(r[0]) for r in rows]] = True
        return mask

    def passages_of(self, source: str | None = None) -> list[Chunk]:
        if source is not None:
            return [Chunk(**r[0]) for r in self._rows("SELECT chunk FROM {p} WHERE source = %s ORDER BY pos", (source,))]
        out: list[Chunk] = []
        with self.backend.connection() as conn, conn.transaction(), conn.cursor(name=f"all_{uuid.uuid4().hex[:8]}") as cur:
            cur.execute(self.backend._q("SELECT chunk FROM {p} ORDER BY pos", p=self._p))
            for (chunk,) in cur:
                out.append(Chunk(**chunk))
        return out

    def export(self) -> tuple[list[Chunk], np.ndarray]:
        dim = int(self.manifest.get("dim", 0))
        chunks: list[Chunk] = []
        vectors = np.zeros((self._size, dim), dtype=np.float32)
        with self.backend.connection() as conn, conn.transaction(), conn.cursor(name=f"exp_{uuid.uuid4().hex[:8]}") as cur:
            cur.execute(self.backend._q("SELECT pos, chunk, embedding FROM {p} ORDER BY pos", p=self._p))
            for pos, chunk, embedding in cur:
                chunks.append(Chunk(**chunk))
                vectors[int(pos)] = embedding.to_numpy() if hasattr(embedding, "to_numpy") else np.asarray(embedding)
        return chunks, vectors


def _vector_text(query: np.ndarray) -> str:
    """A query vector as pgvector's text form (one parameter; no adapter needed)."""
    return "[" + ",".join(f"{x:.9g}" for x in np.asarray(query, dtype=np.float32).ravel()) + "]"  # float32 exactly


def _sql_ident(name: str) -> Any:
    from psycopg import sql

    return sql.Identifier(name)


def _sql_literal(value: int) -> Any:
    from psycopg import sql

    return sql.Literal(int(value))


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else exc.__class__.__name__
