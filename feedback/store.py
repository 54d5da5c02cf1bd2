"""SQLite store of answer feedback: one vote per answer, the latest click wins.

Example:
    store = FeedbackStore(Path("var/feedback.sqlite3"))
    store.record(Vote(conversation="c1", turn=0, rating="down", reason="引用不对",
                      question="…", answer="…[1]", cited_chunk_ids=("3f2a…",)))
    store.latest(1)[0]["reason"] -> "引用不对"
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

RATINGS = ("up", "down")
REASONS = ("答案错误", "引用不对", "应该拒答", "其他")
DB_NAME = "feedback.sqlite3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    conversation TEXT NOT NULL,
    turn INTEGER NOT NULL,
    rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    reason TEXT NOT NULL DEFAULT '',
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    cited_chunk_ids TEXT NOT NULL,
    UNIQUE (conversation, turn)
)
"""

# A changed mind (👍 then 👎, or a reason added later) replaces the earlier vote on that answer.
_UPSERT = """
INSERT INTO feedback (created_at, conversation, turn, rating, reason, question, answer,
                      cited_chunk_ids)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (conversation, turn) DO UPDATE SET
    created_at = excluded.created_at, rating = excluded.rating, reason = excluded.reason,
    question = excluded.question, answer = excluded.answer,
    cited_chunk_ids = excluded.cited_chunk_ids
"""


@dataclass(frozen=True)
class Vote:
    """A reader's judgement of one answer in one conversation."""

    conversation: str
    turn: int
    rating: str  # "up" | "down"
    question: str
    answer: str
    cited_chunk_ids: tuple[str, ...] = ()
    reason: str = ""  # one of REASONS, or "" when none was given

    def __post_init__(self) -> None:
        if self.rating not in RATINGS:
            raise ValueError(f"rating must be one of {RATINGS}, got {self.rating!r}")
        if self.reason and self.reason not in REASONS:
            raise ValueError(f"reason must be one of {REASONS} or empty, got {self.reason!r}")


class FeedbackStore:
    """Votes in one SQLite file; a fresh connection per call keeps it safe across threads."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute(_SCHEMA)

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> FeedbackStore:
        """The store the app and `python -m feedback` share: data_dir/feedback.sqlite3."""
        return cls(data_dir / DB_NAME)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """One transaction on a fresh connection: committed on success, always closed."""
        db = sqlite3.connect(self.path, timeout=10)
        db.row_factory = sqlite3.Row
        try:
            with db:
                yield db
        finally:
            db.close()

    def record(self, vote: Vote) -> None:
        """Store a vote, replacing any earlier vote on the same answer."""
        now = datetime.now().astimezone().isoformat(timespec="seconds")
        row = (now, vote.conversation, vote.turn, vote.rating, vote.reason, vote.question)
        with self._connect() as db:
            db.execute(_UPSERT, (*row, vote.answer, json.dumps(list(vote.cited_chunk_ids))))

    def latest(self, limit: int = 20) -> list[dict]:
        """The newest votes first, cited_chunk_ids decoded to a list."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT * FROM feedback ORDER BY created_at DESC, id DESC LIMIT ?", (limit,)
            ).fetchall()
        return [
            {**dict(row), "cited_chunk_ids": json.loads(row["cited_chunk_ids"])} for row in rows
        ]
