"""The bot's own database: SQLite beside the index (one process), or PostgreSQL (several replicas).

With ``store.backend: postgres`` the feedback, questions log, subscribers, members,
invitations and the short-lived state of the conversations (button answers, follow-up
context, filters, rate limits; :mod:`bot.shared`) live in the index's database, in the same
schema, so that two ``dtzbot serve`` processes behind one webhook answer alike. Otherwise
they live in the SQLite file ``telegram.feedback_db`` and in the process.

The stores write SQL once, with ``?`` placeholders and statements both engines know
(``ON CONFLICT DO NOTHING``); :class:`Database` runs it on either.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Literal

from index.config import Config
from index.errors import StoreUnavailableError

Engine = Literal["sqlite", "postgres"]


class Database:
    """One connection, used by one thread at a time; ``with db.transaction() as run:`` commits at the end."""

    def __init__(self, engine: Engine, conn: Any, url: str = "") -> None:
        self.engine = engine
        self._conn = conn
        self._url = url
        self._lock = threading.RLock()

    @classmethod
    def sqlite(cls, path: Path) -> Database:
        """A SQLite file (made with its folder when missing)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")  # readers do not wait for a writer
        conn.execute("PRAGMA synchronous=NORMAL")  # safe with WAL; no disk flush on every question logged
        return cls("sqlite", conn)

    @classmethod
    def postgres(cls, url: str, schema: str) -> Database:
        """A PostgreSQL connection whose tables are in ``schema`` (made when missing)."""
        from index.pgstore import redact

        try:
            import psycopg
        except ImportError:
            raise StoreUnavailableError(
                "store.backend is postgres but psycopg is not installed: pip install '.[postgres]'"
            ) from None
        try:
            from psycopg import sql

            from index.pgstore import with_options

            conn = psycopg.connect(
                with_options(url, "-c statement_timeout=30000"),
                autocommit=True,
                connect_timeout=5,
                keepalives=1,
                keepalives_idle=30,
            )
            with conn.transaction():  # replicas starting together create the schema one after the other
                conn.execute("SELECT pg_advisory_xact_lock(hashtext('dtzbot-schema'))")
                conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))
            conn.execute("SELECT set_config('search_path', %s, false)", (sql.Identifier(schema).as_string(conn),))
        except psycopg.OperationalError as exc:
            raise StoreUnavailableError(
                f"the bot's database is unavailable ({redact(url)}): {str(exc).strip().splitlines()[0]}"
            ) from None
        db = cls("postgres", conn, url)
        db._schema = schema
        return db

    @classmethod
    def open(cls, cfg: Config) -> Database:
        """The database that the configuration chooses."""
        if cfg.store.backend == "postgres":
            from index.storage import database_url

            return cls.postgres(database_url(cfg), cfg.store.schema)
        return cls.sqlite(cfg.telegram.feedback_db)

    def _sql(self, text: str) -> str:
        return text.replace("?", "%s") if self.engine == "postgres" else text

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Runner]:
        """Statements that commit together (or not at all)."""
        with self._lock, self._guard():
            if self.engine == "sqlite":
                with self._conn:
                    yield Runner(self, self._conn)
            else:
                with self._conn.transaction():
                    yield Runner(self, self._conn)

    def execute(self, text: str, params: Sequence[Any] = ()) -> Any:
        """One statement on its own (committed)."""
        with self.transaction() as run:
            return run(text, params)

    def rows(self, text: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """The rows of one query."""
        with self.transaction() as run:
            return list(run(text, params).fetchall())

    def script(self, sqlite_script: str, postgres_script: str) -> None:
        """Create the tables (each engine has its own types)."""
        with self.transaction() as run:
            script = sqlite_script if self.engine == "sqlite" else postgres_script
            if self.engine == "postgres":  # replicas starting together: one creates, the other waits and finds it
                run("SELECT pg_advisory_xact_lock(hashtext('dtzbot-schema'))")
            for statement in (s.strip() for s in script.split(";")):
                if statement:
                    run(statement)

    @contextlib.contextmanager
    def _guard(self) -> Iterator[None]:
        """A lost PostgreSQL connection becomes StoreUnavailableError, and the next statement reconnects."""
        if self.engine == "sqlite":
            yield
            return
        import psycopg

        if not self._conn.closed:
            try:  # after a restart of the database the connection is dead but does not know it yet
                self._conn.execute("SELECT 1")
            except psycopg.OperationalError:
                with contextlib.suppress(Exception):
                    self._conn.close()
        if self._conn.closed:
            self._reconnect()
        try:
            yield
        except psycopg.OperationalError as exc:
            with contextlib.suppress(Exception):
                self._conn.close()
            from index.pgstore import redact

            raise StoreUnavailableError(
                f"the bot's database is unavailable ({redact(self._url)}): {str(exc).strip().splitlines()[0]}"
            ) from None

    def _reconnect(self) -> None:
        fresh = Database.postgres(self._url, self._schema)
        self._conn = fresh._conn

    def close(self) -> None:
        """Close the connection."""
        with self._lock, contextlib.suppress(Exception):
            self._conn.close()

    _schema = ""


class Runner:
    """Runs statements inside one transaction: ``run(sql, params)`` returns the cursor."""

    def __init__(self, db: Database, conn: Any) -> None:
        self._db = db
        self._conn = conn

    def __call__(self, text: str, params: Sequence[Any] = ()) -> Any:
        return self._conn.execute(self._db._sql(text), tuple(params))
