"""Answer feedback in the registry (registry/models.py Feedback): one vote per answer, the
latest click wins. SQLite in the data folder by default, PostgreSQL with QA_DATABASE_URL.

A reader's click goes through the outbox when one is given (`accept`): the vote is kept on
the local disk at once and copied into the database in the background, so a database
outage loses none. `record` writes straight to the database (imports, the CLI).

Example:
    store = FeedbackStore.from_settings(Settings.from_env())
    store.record(Vote(conversation="c1", turn=0, rating="down", reason="引用不对",
                      question="…", answer="…[1]", cited_chunk_ids=("3f2a…",)))
    store.latest(1)[0]["reason"] -> "引用不对"
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from registry.database import DATABASE_NAME, Registry
from registry.models import Feedback, now
from registry.outbox import Outbox
from settings import Settings

RATINGS = ("up", "down")
REASONS = ("答案错误", "引用不对", "应该拒答", "其他")
DB_NAME = DATABASE_NAME  # the SQLite file in the data folder when no database URL is set
LEGACY_NAME = "feedback.sqlite3"  # where votes were kept before the registry held them


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

    def to_record(self) -> dict:
        return {**self.__dict__, "cited_chunk_ids": list(self.cited_chunk_ids)}

    @classmethod
    def from_record(cls, record: dict) -> Vote:
        return cls(**{**record, "cited_chunk_ids": tuple(record.get("cited_chunk_ids", ()))})


def apply_vote(session, entry: str, record: dict, at: datetime) -> None:
    """The outbox's copy of an accepted vote (idempotent: the same vote replaces itself)."""
    _upsert(session, Vote.from_record(record), at)


def _upsert(session, vote: Vote, at: datetime) -> None:
    query = select(Feedback).where(
        Feedback.conversation == vote.conversation, Feedback.turn == vote.turn
    )
    row = session.scalar(query) or Feedback(conversation=vote.conversation, turn=vote.turn)
    row.created_at = at.astimezone(UTC).replace(tzinfo=None)
    row.rating, row.reason = vote.rating, vote.reason
    row.question, row.answer = vote.question, vote.answer
    row.cited_chunk_ids = json.dumps(list(vote.cited_chunk_ids))
    session.add(row)


class FeedbackStore:
    def __init__(self, registry: Registry, outbox: Outbox | None = None) -> None:
        self.registry = registry
        self.outbox = outbox

    @classmethod
    def from_settings(cls, settings: Settings) -> FeedbackStore:
        """The store the app and `python -m feedback` share; votes from an older
        data_dir/feedback.sqlite3 are brought over once, so none is lost."""
        store = cls(Registry.open(settings))
        legacy = settings.data_dir / LEGACY_NAME
        if legacy.is_file() and not store.count():
            store.import_legacy(legacy)
        return store

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> FeedbackStore:
        return cls.from_settings(Settings(data_dir=data_dir))

    @property
    def where(self) -> str:
        """The database, as a URL without its password."""
        return self.registry.engine.url.render_as_string(hide_password=True)

    def record(self, vote: Vote, at: datetime | None = None) -> None:
        """Store a vote, replacing any earlier vote on the same answer."""
        for _ in range(2):  # two clicks racing on one answer: the loser updates instead
            try:
                with self.registry.session() as session:
                    _upsert(session, vote, at or now())
                return
            except IntegrityError:
                continue
        raise RuntimeError("feedback could not be stored")

    def accept(self, vote: Vote) -> None:
        """Keep a reader's vote: through the outbox when there is one, else at once."""
        if self.outbox is None:
            self.record(vote)
        else:
            self.outbox.put("vote", vote.to_record())

    def latest(self, limit: int = 20) -> list[dict]:
        """The newest votes first, cited_chunk_ids decoded to a list, times in local time."""
        query = select(Feedback).order_by(Feedback.created_at.desc(), Feedback.id.desc())
        with self.registry.session() as session:
            rows = session.scalars(query.limit(limit)).all()
        return [
            {
                "id": r.id,
                "created_at": r.created_at.replace(tzinfo=UTC)
                .astimezone()
                .isoformat(timespec="seconds"),
                "conversation": r.conversation,
                "turn": r.turn,
                "rating": r.rating,
                "reason": r.reason,
                "question": r.question,
                "answer": r.answer,
                "cited_chunk_ids": json.loads(r.cited_chunk_ids),
            }
            for r in rows
        ]

    def count(self) -> int:
        with self.registry.session() as session:
            return int(session.scalar(select(func.count()).select_from(Feedback)) or 0)

    def import_legacy(self, path: Path) -> int:
        """Votes of an older feedback.sqlite3; returns how many were brought over."""
        with sqlite3.connect(path) as db:
            db.row_factory = sqlite3.Row
            rows = db.execute("SELECT * FROM feedback ORDER BY id").fetchall()
        for row in rows:
            vote = Vote(
                conversation=row["conversation"],
                turn=row["turn"],
                rating=row["rating"],
                question=row["question"],
                answer=row["answer"],
                cited_chunk_ids=tuple(json.loads(row["cited_chunk_ids"])),
                reason=row["reason"],
            )
            self.record(vote, datetime.fromisoformat(row["created_at"]))
        return len(rows)
