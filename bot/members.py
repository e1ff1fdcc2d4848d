"""Users admitted by invitation, and the invitations: beside the feedback (SQLite or PostgreSQL, :mod:`bot.db`).

An admin creates an invitation (``/uitnodiging``): a one-time code that expires. A user who
opens the bot with it (``/start CODE``, or the t.me deep link that sends it) becomes a member;
the code can then not be used again. Members are allowed in allowlist mode in addition to
``telegram.allow_users`` in config.yaml. The member ids are kept in memory as well, so the
access check on every update does not touch the database; with replicas, an id this process
does not know is looked up (a member admitted by another replica), and the set is read
again every :data:`REFRESH_SECONDS` (a member removed there).
"""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bot.db import Database

SCHEMA = """
CREATE TABLE IF NOT EXISTS members (
    user_id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    added_at TEXT NOT NULL,
    invited_by INTEGER
);
CREATE TABLE IF NOT EXISTS invitations (
    code TEXT PRIMARY KEY,
    created_by INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    expires_at REAL NOT NULL,
    used_by INTEGER,
    used_at TEXT
);
"""
POSTGRES_SCHEMA = """
CREATE TABLE IF NOT EXISTS members (
    user_id BIGINT PRIMARY KEY,
    name TEXT NOT NULL,
    added_at TEXT NOT NULL,
    invited_by BIGINT
);
CREATE TABLE IF NOT EXISTS invitations (
    code TEXT PRIMARY KEY,
    created_by BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at DOUBLE PRECISION NOT NULL,
    used_by BIGINT,
    used_at TEXT
)
"""
CODE = re.compile(r"^[A-Za-z0-9_-]{8,64}$")  # what a t.me deep link may carry
REFRESH_SECONDS = 30.0


@dataclass(frozen=True)
class Member:
    """A user admitted by invitation."""

    user_id: int
    name: str
    added_at: str
    invited_by: int | None


@dataclass(frozen=True)
class Invitation:
    """A one-time code and when it expires (seconds since the epoch)."""

    code: str
    expires_at: float


def _stamp(seconds: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


class MemberStore:
    """Members and invitations; safe to use from several threads."""

    def __init__(self, where: Path | Database, clock: Callable[[], float] = time.time) -> None:
        self._db = where if isinstance(where, Database) else Database.sqlite(where)
        self._clock = clock
        self._db.script(SCHEMA, POSTGRES_SCHEMA)
        self._ids: set[int] = set()
        self._read_at = 0.0
        self._refresh()

    def _refresh(self) -> None:
        self._ids = {int(r[0]) for r in self._db.rows("SELECT user_id FROM members")}
        self._read_at = time.monotonic()

    def __contains__(self, user_id: object) -> bool:
        if not isinstance(user_id, int):
            return False
        if self._db.engine == "postgres":  # other replicas admit and remove members too
            if time.monotonic() - self._read_at > REFRESH_SECONDS:
                self._refresh()
            elif user_id not in self._ids and self._db.rows("SELECT 1 FROM members WHERE user_id = ?", (user_id,)):
                self._ids.add(user_id)
        return user_id in self._ids

    def invite(self, admin_id: int, hours: float) -> Invitation:
        """A new one-time code, valid for ``hours``."""
        code = secrets.token_urlsafe(12)
        now = self._clock()
        expires = now + hours * 3600
        with self._db.transaction() as run:
            run(
                "INSERT INTO invitations (code, created_by, created_at, expires_at) VALUES (?, ?, ?, ?)",
                (code, admin_id, _stamp(now), expires),
            )
        return Invitation(code, expires)

    def redeem(self, code: str, user_id: int, name: str) -> str:
        """Use a code: 'joined', 'member' (already one), or why not: 'unknown', 'used', 'expired'."""
        if not CODE.match(code):
            return "unknown"
        now = self._clock()
        with self._db.transaction() as run:
            row = run("SELECT created_by, expires_at, used_by FROM invitations WHERE code = ?", (code,)).fetchone()
            if row is None:
                return "unknown"
            created_by, expires_at, used_by = row
            member = user_id in self  # also a member admitted by another replica
            if used_by is not None:  # their own link again is fine while they are a member; it admits nobody else
                return "member" if used_by == user_id and member else "used"
            if now > expires_at:
                return "expired"
            if member:  # a member who opens someone else's link does not use it up
                return "member"
            used = run(
                "UPDATE invitations SET used_by = ?, used_at = ? WHERE code = ? AND used_by IS NULL", (user_id, _stamp(now), code)
            )
            if used.rowcount != 1:  # another replica used it a moment ago
                return "used"
            run("INSERT INTO members VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING", (user_id, name[:64], _stamp(now), created_by))
            self._ids.add(user_id)
            return "joined"

    def members(self) -> list[Member]:
        """All members, the longest-standing first."""
        rows = self._db.rows("SELECT user_id, name, added_at, invited_by FROM members ORDER BY added_at, user_id")
        return [Member(int(u), str(n), str(a), None if b is None else int(b)) for u, n, a, b in rows]

    def remove(self, user_id: int) -> bool:
        """Take a member's access away; False when they were none."""
        gone = bool(self._db.execute("DELETE FROM members WHERE user_id = ?", (user_id,)).rowcount == 1)
        self._ids.discard(user_id)
        return gone

    def open_invitations(self) -> int:
        """Codes not used and not expired."""
        rows = self._db.rows("SELECT COUNT(*) FROM invitations WHERE used_by IS NULL AND expires_at >= ?", (self._clock(),))
        return int(rows[0][0])

    def close(self) -> None:
        """Close the database."""
        self._db.close()
