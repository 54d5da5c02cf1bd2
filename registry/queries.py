"""The query log: one row per question answered, from the UI or the API, on any replica.

It is written through the outbox (registry/outbox.py), so answering never waits on the
database and a database outage loses no row. Staff read it with `python -m admin queries`
(the newest first; refused questions are where the documents fall short).

Example:
    log_answer(outbox, answer, channel="api", client="hall-web", replica="127.0.0.1:7861")
    recent(registry, 5)[0] -> {"at": "2026-12-05T09:14:03+08:00", "channel": "api",
                               "question": "…", "refused": False, "latency_ms": 41.2, …}
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from answer.model import Answer
from registry.database import Registry
from registry.models import QueryLog
from registry.outbox import Outbox

QUESTION_CHARS = 2000  # a longer question is logged cut to this


def query_record(answer: Answer, channel: str, client: str = "", replica: str = "") -> dict:
    """What the log keeps of an answer: no answer text, only its shape and speed. Channels:
    "ui" (the chat), "gradio" (Gradio's /ask endpoint), "api" (/api/v1/ask)."""
    return {
        "channel": channel,
        "client": client,
        "replica": replica,
        "question": answer.question[:QUESTION_CHARS],
        "refused": answer.refused,
        "reason": answer.refusal_reason,
        "answer_chars": len(answer.text),
        "citations": len(answer.citations),
        "latency_ms": round(float(answer.timings.get("total", 0.0)), 1),
    }


def log_answer(
    outbox: Outbox | None, answer: Answer, channel: str, client: str = "", replica: str = ""
) -> None:
    """Log an answer through the outbox (nothing without one, e.g. in tests of the UI alone)."""
    if outbox is not None:
        outbox.put("query", query_record(answer, channel, client, replica))


def apply_query(session: Session, entry: str, record: dict, at: datetime) -> None:
    """Add the row unless this entry is already in (a retried copy)."""
    if session.scalar(select(exists().where(QueryLog.entry == entry))):
        return
    session.add(QueryLog(entry=entry, at=at.astimezone(UTC).replace(tzinfo=None), **record))


def recent(registry: Registry, limit: int = 50, refused_only: bool = False) -> list[dict]:
    """The newest rows first, times in local time."""
    query = select(QueryLog).order_by(QueryLog.at.desc(), QueryLog.id.desc()).limit(limit)
    if refused_only:
        query = query.where(QueryLog.refused)
    with registry.session() as session:
        rows = session.scalars(query).all()
    return [
        {
            "at": row.at.replace(tzinfo=UTC).astimezone().isoformat(timespec="seconds"),
            "channel": row.channel,
            "client": row.client,
            "replica": row.replica,
            "question": row.question,
            "refused": row.refused,
            "reason": row.reason,
            "answer_chars": row.answer_chars,
            "citations": row.citations,
            "latency_ms": row.latency_ms,
        }
        for row in rows
    ]
