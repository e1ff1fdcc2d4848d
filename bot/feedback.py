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
"""


class FeedbackStore:
    """A small SQLite database; safe to use from several threads."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), check_same_thread=False)
        self._lock = threading.Lock()
        with self._lock, self._db:
            self._db.executescript(SCHEMA)
            row = self._db.execute("SELECT value FROM settings WHERE key = 'salt'").fetchone()
            if row is None:
                self.salt = secrets.token_hex(16)
                self._db.execute("INSERT INTO settings VALUES ('salt', ?)", (self.salt,))
            else:
                self.salt = row[0]

    def record(self, user_id: int | None, question: str, passage_ids: list[str], vote: str) -> None:
        """Store one vote."""
        stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        with self._lock, self._db:
            self._db.execute(
                "INSERT INTO feedback (created_at, user_hash, question, passage_ids, vote) VALUES (?, ?, ?, ?, ?)",
                (stamp, user_hash(user_id, self.salt), question, " ".join(passage_ids), vote),
            )

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

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._db.close()
