"""The short-lived state of the conversations: in the process, or in the database for replicas.

What a button, an edit or a follow-up needs later: the answer a message showed (for "➕ Meer
resultaten", 👍/👎, 🖼), which message answered which question, the "Wat miste je?" prompts,
the recent turns of a chat, the chosen filters and the rate limit's recent questions.

:class:`LocalMemory` keeps it in this process (one bot; the default). :class:`DatabaseMemory`
keeps it in PostgreSQL (``store.backend: postgres``), so that a button pressed on an answer
one replica sent works on the other. Values are JSON; each kind keeps its newest
:data:`MAX_REMEMBERED` entries in the process, and :data:`TTL_SECONDS` in the database.
"""

from __future__ import annotations

import json
import time
from collections import OrderedDict, defaultdict, deque
from collections.abc import Callable
from typing import Any, Protocol

from bot.db import Database

MAX_REMEMBERED = 2000
TTL_SECONDS = 30 * 86400  # a button on an answer older than this says "expired"
SWEEP_EVERY = 500  # writes between two deletions of expired rows

POSTGRES_SCHEMA = """
CREATE TABLE IF NOT EXISTS bot_memory (
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    value JSONB NOT NULL,
    expires_at DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (kind, key)
);
CREATE TABLE IF NOT EXISTS bot_hits (who TEXT NOT NULL, at DOUBLE PRECISION NOT NULL);
CREATE INDEX IF NOT EXISTS bot_hits_who ON bot_hits (who, at)
"""


class Memory(Protocol):
    """Keyed JSON values per kind, and a sliding-window counter."""

    def get(self, kind: str, key: str) -> Any | None: ...
    def put(self, kind: str, key: str, value: Any) -> None: ...
    def pop(self, kind: str, key: str) -> Any | None: ...
    def hit(self, who: str, limit: int, window: float) -> float: ...


class LocalMemory:
    """In this process: bounded ordered dicts (the oldest entries go first)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._kinds: dict[str, OrderedDict[str, Any]] = defaultdict(OrderedDict)
        self._hits: dict[str, deque[float]] = defaultdict(deque)
        self._clock = clock

    def get(self, kind: str, key: str) -> Any | None:
        return self._kinds[kind].get(key)

    def put(self, kind: str, key: str, value: Any) -> None:
        entries = self._kinds[kind]
        entries.pop(key, None)
        entries[key] = json.loads(json.dumps(value))  # the same values as the database would give back
        while len(entries) > MAX_REMEMBERED:
            entries.popitem(last=False)

    def pop(self, kind: str, key: str) -> Any | None:
        return self._kinds[kind].pop(key, None)

    def hit(self, who: str, limit: int, window: float) -> float:
        now = self._clock()
        recent = self._hits[who]
        while recent and now - recent[0] >= window:
            recent.popleft()
        if len(recent) >= limit:
            return max(1.0, window - (now - recent[0]))
        recent.append(now)
        return 0.0


class DatabaseMemory:
    """In PostgreSQL, shared by every replica of the bot."""

    def __init__(self, db: Database, clock: Callable[[], float] = time.time) -> None:
        self._db = db
        self._clock = clock
        self._writes = 0
        db.script("", POSTGRES_SCHEMA)

    def get(self, kind: str, key: str) -> Any | None:
        rows = self._db.rows(
            "SELECT value FROM bot_memory WHERE kind = ? AND key = ? AND expires_at > ?", (kind, key, self._clock())
        )
        return rows[0][0] if rows else None

    def put(self, kind: str, key: str, value: Any) -> None:
        from psycopg.types.json import Jsonb

        now = self._clock()
        self._db.execute(
            "INSERT INTO bot_memory (kind, key, value, expires_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (kind, key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at",
            (kind, key, Jsonb(value), now + TTL_SECONDS),
        )
        self._writes += 1
        if self._writes % SWEEP_EVERY == 0:
            self._db.execute("DELETE FROM bot_memory WHERE expires_at <= ?", (now,))

    def pop(self, kind: str, key: str) -> Any | None:
        rows = self._db.rows("DELETE FROM bot_memory WHERE kind = ? AND key = ? RETURNING value, expires_at", (kind, key))
        return rows[0][0] if rows and rows[0][1] > self._clock() else None

    def hit(self, who: str, limit: int, window: float) -> float:
        now = self._clock()
        with self._db.transaction() as run:
            run("SELECT pg_advisory_xact_lock(hashtext(?))", (f"dtzbot-hits:{who}",))  # replicas count one after the other
            run("DELETE FROM bot_hits WHERE who = ? AND at <= ?", (who, now - window))
            count, first = run("SELECT count(*), min(at) FROM bot_hits WHERE who = ?", (who,)).fetchone()
            if int(count) >= limit:
                return max(1.0, window - (now - float(first)))
            run("INSERT INTO bot_hits (who, at) VALUES (?, ?)", (who, now))
        self._writes += 1
        if self._writes % SWEEP_EVERY == 0:  # users who stopped asking
            self._db.execute("DELETE FROM bot_hits WHERE at <= ?", (now - 3600,))
        return 0.0


def open_memory(db: Database) -> Memory:
    """The memory that goes with the bot's database: shared in PostgreSQL, else in this process."""
    return DatabaseMemory(db) if db.engine == "postgres" else LocalMemory()
