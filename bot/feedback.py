"""👍/👎 feedback in SQLite: question, passage ids, vote, time; the user only as a salted hash."""

from __future__ import annotations

import csv
import secrets
import sqlite3
import threading
import time
from pathlib import Path
from typing import TextIO

from bot.access import user_hash

SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    user_hash TEXT NOT NULL,
    question TEXT NOT NULL,
    passage_ids TEXT NOT NULL,
    vote TEXT NOT NULL CHECK (vote IN ('up', 'down'))
);
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS subscribers (chat_id INTEGER PRIMARY KEY, lang TEXT NOT NULL, since TEXT NOT NULL);
"""
# One vote per user per answer message (databases of older versions get the column added).
VOTE_KEY = "CREATE UNIQUE INDEX IF NOT EXISTS one_vote ON feedback (answer_id, user_hash)"


class FeedbackStore:
    """A small SQLite database; safe to use from several threads."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), check_same_thread=False)
        self._lock = threading.Lock()
        with self._lock, self._db:
            self._db.executescript(SCHEMA)
            columns = {row[1] for row in self._db.execute("PRAGMA table_info(feedback)")}
            if "answer_id" not in columns:
                self._db.execute("ALTER TABLE feedback ADD COLUMN answer_id TEXT")
            self._db.execute(VOTE_KEY)
            row = self._db.execute("SELECT value FROM settings WHERE key = 'salt'").fetchone()
            if row is None:
                self.salt = secrets.token_hex(16)
                self._db.execute("INSERT INTO settings VALUES ('salt', ?)", (self.salt,))
            else:
                self.salt = row[0]

    def record(self, user_id: int | None, question: str, passage_ids: list[str], vote: str, answer_id: str | None = None) -> str:
        """Store a vote; a second vote on the same answer replaces the first. Returns 'new', 'changed' or 'same'."""
        stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        who = user_hash(user_id, self.salt)
        with self._lock, self._db:
            if answer_id is not None:
                row = self._db.execute(
                    "SELECT vote FROM feedback WHERE answer_id = ? AND user_hash = ?", (answer_id, who)
                ).fetchone()
                if row is not None:
                    if row[0] == vote:
                        return "same"
                    self._db.execute(
                        "UPDATE feedback SET vote = ?, created_at = ? WHERE answer_id = ? AND user_hash = ?",
                        (vote, stamp, answer_id, who),
                    )
                    return "changed"
            self._db.execute(
                "INSERT INTO feedback (created_at, user_hash, question, passage_ids, vote, answer_id) VALUES (?, ?, ?, ?, ?, ?)",
                (stamp, who, question, " ".join(passage_ids), vote, answer_id),
            )
            return "new"

    def rows(self) -> list[tuple[str, str, str, str, str]]:
        """All feedback, oldest first."""
        with self._lock:
            cur = self._db.execute("SELECT created_at, user_hash, question, passage_ids, vote FROM feedback ORDER BY id")
            return list(cur.fetchall())

    def export_csv(self, out: TextIO) -> int:
        """Write all feedback as CSV with a header; returns the number of rows."""
        rows = self.rows()
        writer = csv.writer(out)
        writer.writerow(["created_at", "user_hash", "question", "passage_ids", "vote"])
        writer.writerows(rows)
        return len(rows)

    def subscribe(self, chat_id: int, lang: str) -> bool:
        """Have this chat told when documents are added; False when it already was."""
        stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        with self._lock, self._db:
            cur = self._db.execute("INSERT OR IGNORE INTO subscribers VALUES (?, ?, ?)", (chat_id, lang, stamp))
            return cur.rowcount == 1

    def unsubscribe(self, chat_id: int) -> bool:
        """Stop telling this chat; False when it was not subscribed."""
        with self._lock, self._db:
            return self._db.execute("DELETE FROM subscribers WHERE chat_id = ?", (chat_id,)).rowcount == 1

    def subscribers(self) -> list[tuple[int, str]]:
        """(chat id, language) of every subscribed chat."""
        with self._lock:
            return [(int(c), str(lang)) for c, lang in self._db.execute("SELECT chat_id, lang FROM subscribers ORDER BY since")]

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._db.close()
