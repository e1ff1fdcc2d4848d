"""What the bot keeps about its use, in SQLite, and for how long.

* questions: the text, whether it was answered, the documents cited; no user;
* feedback: 👍/👎 per answer, an optional "Wat miste je?" comment; the user only as a keyed hash
  (HMAC-SHA256), one vote per user per answer;
* subscribed chats (/abonneer).

The key of the user hashes is not stored in the database: it comes from ``DTZBOT_HASH_KEY`` or a
key file beside it (``user-hash.key``, readable by the owner only), so a copy of the database
alone cannot be searched for a user id. Questions and feedback older than
``privacy.retention_days`` are deleted (:meth:`FeedbackStore.purge`, run daily by the bot).
"""

from __future__ import annotations

import csv
import hmac
import os
import secrets
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from hashlib import sha256
from pathlib import Path
from typing import TextIO

from bot.db import Database

SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    user_hash TEXT NOT NULL,
    question TEXT NOT NULL,
    passage_ids TEXT NOT NULL,
    vote TEXT NOT NULL CHECK (vote IN ('up', 'down'))
);
CREATE TABLE IF NOT EXISTS questions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    question TEXT NOT NULL,
    answered INTEGER NOT NULL,
    sources TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS subscribers (chat_id INTEGER PRIMARY KEY, lang TEXT NOT NULL, since TEXT NOT NULL);
"""
# One vote per user per answer message (databases of older versions get the columns added).
VOTE_KEY = "CREATE UNIQUE INDEX IF NOT EXISTS one_vote ON feedback (answer_id, user_hash)"
POSTGRES_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    created_at TEXT NOT NULL,
    user_hash TEXT NOT NULL,
    question TEXT NOT NULL,
    passage_ids TEXT NOT NULL,
    vote TEXT NOT NULL CHECK (vote IN ('up', 'down')),
    answer_id TEXT,
    comment TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS one_vote ON feedback (answer_id, user_hash);
CREATE TABLE IF NOT EXISTS questions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    created_at TEXT NOT NULL,
    question TEXT NOT NULL,
    answered INTEGER NOT NULL,
    sources TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS subscribers (chat_id BIGINT PRIMARY KEY, lang TEXT NOT NULL, since TEXT NOT NULL)
"""
KEY_ENV = "DTZBOT_HASH_KEY"
KEY_FILE = "user-hash.key"
DEFAULT_RETENTION_DAYS = 90


def _stamp(seconds: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


def load_key(folder: Path) -> bytes:
    """The key of the user hashes: ``DTZBOT_HASH_KEY``, else ``user-hash.key`` in ``folder`` (made once, mode 600)."""
    given = os.environ.get(KEY_ENV, "").strip()
    if given:
        return given.encode()
    path = folder / KEY_FILE
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32))
    return path.read_text(encoding="ascii").strip().encode()


@dataclass(frozen=True)
class Digest:
    """What the bureau should see, without user identities."""

    since: str
    asked: int
    answered: int
    topics: list[tuple[str, int]] = field(default_factory=list)  # documents cited most, with counts
    refused: list[tuple[str, int]] = field(default_factory=list)  # questions not answered, with counts
    down: list[tuple[str, str]] = field(default_factory=list)  # 👎 answers: (question, what was missed)
    up: int = 0


class FeedbackStore:
    """Votes, comments, the questions log and the subscribers: in SQLite or PostgreSQL (:mod:`bot.db`); thread-safe."""

    def __init__(
        self,
        where: Path | Database,
        retention_days: int = DEFAULT_RETENTION_DAYS,
        key: bytes | None = None,
        clock: Callable[[], float] = time.time,
        key_folder: Path | None = None,
    ) -> None:
        self._db = where if isinstance(where, Database) else Database.sqlite(where)
        folder = key_folder or (where.parent if isinstance(where, Path) else Path("."))
        self._key = key if key is not None else load_key(folder)
        self._clock = clock
        self.retention_days = retention_days
        if self._db.engine == "postgres":
            self._db.script("", POSTGRES_SCHEMA)
            return
        with self._db.transaction() as run:
            for statement in (s.strip() for s in SCHEMA.split(";")):
                if statement:
                    run(statement)
            columns = {row[1] for row in run("PRAGMA table_info(feedback)")}
            if "answer_id" not in columns:
                run("ALTER TABLE feedback ADD COLUMN answer_id TEXT")
            if "comment" not in columns:
                run("ALTER TABLE feedback ADD COLUMN comment TEXT")
            run(VOTE_KEY)
            run("DELETE FROM settings WHERE key = 'salt'")  # older versions kept the salt beside the hashes

    def user_hash(self, user_id: int | None) -> str:
        """A keyed hash of a user id (for logs and votes; never the id itself)."""
        return hmac.new(self._key, str(user_id).encode(), sha256).hexdigest()[:16]

    def record(self, user_id: int | None, question: str, passage_ids: list[str], vote: str, answer_id: str | None = None) -> str:
        """Store a vote; a second vote on the same answer replaces the first. Returns 'new', 'changed' or 'same'."""
        stamp = _stamp(self._clock())
        who = self.user_hash(user_id)
        with self._db.transaction() as run:
            if answer_id is not None:
                row = run("SELECT vote FROM feedback WHERE answer_id = ? AND user_hash = ?", (answer_id, who)).fetchone()
                if row is not None:
                    if row[0] == vote:
                        return "same"
                    run(
                        "UPDATE feedback SET vote = ?, created_at = ? WHERE answer_id = ? AND user_hash = ?",
                        (vote, stamp, answer_id, who),
                    )
                    return "changed"
            cur = run(
                "INSERT INTO feedback (created_at, user_hash, question, passage_ids, vote, answer_id) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (stamp, who, question, " ".join(passage_ids), vote, answer_id),
            )
            if cur.rowcount == 1:
                return "new"
        # the same user's vote on this answer arrived at another replica a moment ago: count this one as a change
        return self.record(user_id, question, passage_ids, vote, answer_id)

    def comment(self, user_id: int | None, answer_id: str, text: str) -> bool:
        """What a user missed in an answer they voted 👎 on; False when there is no such vote."""
        with self._db.transaction() as run:
            cur = run(
                "UPDATE feedback SET comment = ? WHERE answer_id = ? AND user_hash = ? AND vote = 'down'",
                (" ".join(text.split())[:1000], answer_id, self.user_hash(user_id)),
            )
            return cur.rowcount == 1

    def asked(self, question: str, answered: bool, sources: list[str]) -> None:
        """Log a question (no user) for the digest."""
        with self._db.transaction() as run:
            run(
                "INSERT INTO questions (created_at, question, answered, sources) VALUES (?, ?, ?, ?)",
                (_stamp(self._clock()), question[:1000], int(answered), "\n".join(dict.fromkeys(sources))),
            )

    def digest(self, days: float = 7, limit: int = 10) -> Digest:
        """The last ``days``: how much was asked, the documents cited most, refused questions, 👎 answers."""
        since = _stamp(self._clock() - days * 86400)
        with self._db.transaction() as run:
            rows = run("SELECT question, answered, sources FROM questions WHERE created_at >= ?", (since,)).fetchall()
            votes = run(
                "SELECT question, vote, COALESCE(comment, '') FROM feedback WHERE created_at >= ? ORDER BY id", (since,)
            ).fetchall()
        topics = Counter(s for _, answered, sources in rows if answered for s in sources.split("\n") if s)
        refused = Counter(" ".join(q.split()) for q, answered, _ in rows if not answered)
        return Digest(
            since=since,
            asked=len(rows),
            answered=sum(1 for _, a, _ in rows if a),
            topics=topics.most_common(limit),
            refused=refused.most_common(limit),
            down=[(q, c) for q, v, c in votes if v == "down"][-limit:],
            up=sum(1 for _, v, _ in votes if v == "up"),
        )

    def purge(self) -> int:
        """Delete questions and feedback older than the retention period; returns the rows deleted."""
        cutoff = _stamp(self._clock() - self.retention_days * 86400)
        with self._db.transaction() as run:
            n = int(run("DELETE FROM questions WHERE created_at < ?", (cutoff,)).rowcount)
            n += int(run("DELETE FROM feedback WHERE created_at < ?", (cutoff,)).rowcount)
            return n

    def rows(self) -> list[tuple[str, str, str, str, str, str]]:
        """All feedback, oldest first."""
        return [
            (str(r[0]), str(r[1]), str(r[2]), str(r[3]), str(r[4]), str(r[5]))
            for r in self._db.rows(
                "SELECT created_at, user_hash, question, passage_ids, vote, COALESCE(comment, '') FROM feedback ORDER BY id"
            )
        ]

    def export_csv(self, out: TextIO) -> int:
        """Write all feedback as CSV with a header; returns the number of rows."""
        rows = self.rows()
        writer = csv.writer(out)
        writer.writerow(["created_at", "user_hash", "question", "passage_ids", "vote", "comment"])
        writer.writerows(rows)
        return len(rows)

    def subscribe(self, chat_id: int, lang: str) -> bool:
        """Have this chat told when documents are added; False when it already was."""
        stamp = _stamp(self._clock())
        cur = self._db.execute("INSERT INTO subscribers VALUES (?, ?, ?) ON CONFLICT DO NOTHING", (chat_id, lang, stamp))
        return bool(cur.rowcount == 1)

    def unsubscribe(self, chat_id: int) -> bool:
        """Stop telling this chat; False when it was not subscribed."""
        return bool(self._db.execute("DELETE FROM subscribers WHERE chat_id = ?", (chat_id,)).rowcount == 1)

    def subscribers(self) -> list[tuple[int, str]]:
        """(chat id, language) of every subscribed chat."""
        return [(int(c), str(lang)) for c, lang in self._db.rows("SELECT chat_id, lang FROM subscribers ORDER BY since")]

    def close(self) -> None:
        """Close the database."""
        self._db.close()
