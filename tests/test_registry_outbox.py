"""Votes and the query log through the outbox: accepted at once, in the database within
seconds, never twice, and none lost while the database is away (a real PostgreSQL outage)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from answer.model import Answer
from feedback.store import FeedbackStore, Vote, apply_vote
from registry.database import Registry
from registry.models import Feedback, QueryLog
from registry.outbox import Outbox
from registry.queries import apply_query, log_answer, recent
from settings import Settings
from tests.support.postgres import database_down, fresh_database
from tests.support.served import wait_until

KINDS = {"vote": apply_vote, "query": apply_query}


def answer(n: int, refused: bool = False) -> Answer:
    return Answer(
        question=f"问题{n}：原油先放后检节省多少时间",
        text="现有文件未写明。" if refused else "验放时间缩减至半天[1]。",
        refused=refused,
        refusal_reason="not_in_documents" if refused else "",
        timings={"total": 40.0 + n},
    )


def vote(n: int, rating: str = "up") -> Vote:
    return Vote(conversation=f"c{n}", turn=0, rating=rating, question="q", answer="a[1]")


def rows(registry: Registry, model) -> int:
    with registry.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)))


@pytest.fixture
def registry(tmp_path: Path) -> Registry:
    return Registry.open(Settings(data_dir=tmp_path))


def test_accepted_writes_reach_the_database_once_even_when_copied_again(registry, tmp_path):
    outbox = Outbox(registry, tmp_path / "outbox", "127.0.0.1:7860", KINDS)
    store = FeedbackStore(registry, outbox)
    for n in range(3):
        log_answer(outbox, answer(n, refused=n == 2), "api", client="hall", replica="r1")
    store.accept(vote(1, "up"))
    store.accept(vote(1, "down"))  # a changed mind replaces the vote
    assert outbox.pending() == 5 and rows(registry, QueryLog) == 0  # accepted, not yet copied
    assert outbox.flush() == 5 and outbox.pending() == 0
    outbox.mark.write_text("0")  # as if the process died between the commit and the mark
    outbox.flush()
    assert rows(registry, QueryLog) == 3 and rows(registry, Feedback) == 1
    assert store.latest(1)[0]["rating"] == "down"
    logged = recent(registry, 10)
    assert [r["question"][:3] for r in logged] == ["问题2", "问题1", "问题0"]
    assert logged[0]["refused"] and logged[0]["reason"] == "not_in_documents"
    assert logged[1]["client"] == "hall" and logged[1]["latency_ms"] == 41.0
    assert recent(registry, 10, refused_only=True) == logged[:1]


def test_a_torn_line_from_a_crash_does_not_block_the_lines_after_it(registry, tmp_path):
    outbox = Outbox(registry, tmp_path / "outbox", "app", KINDS)
    log_answer(outbox, answer(0), "ui")
    with outbox.spool.open("ab") as spool:
        spool.write(b'{"id": "torn", "kind": "qu\n')  # half a line, cut by a crash
    log_answer(outbox, answer(1), "ui")
    outbox.flush()
    assert rows(registry, QueryLog) == 2 and outbox.pending() == 0


def test_a_restarted_process_copies_what_it_had_accepted(registry, tmp_path):
    first = Outbox(registry, tmp_path / "outbox", "127.0.0.1:7861", KINDS)
    for n in range(4):
        log_answer(first, answer(n), "api")
    # the process stops before its copier ran; the same replica starts again
    again = Outbox(registry, tmp_path / "outbox", "127.0.0.1:7861", KINDS).start()
    try:
        wait_until(lambda: rows(registry, QueryLog) == 4)
    finally:
        again.stop()


def test_nothing_accepted_is_lost_while_postgresql_is_away(tmp_path):
    with fresh_database("qa_outbox") as url:
        registry = Registry.open(Settings(data_dir=tmp_path, database_url=url))
        outbox = Outbox(registry, tmp_path / "outbox", "127.0.0.1:7862", KINDS).start()
        store = FeedbackStore(registry, outbox)
        try:
            log_answer(outbox, answer(0), "api")
            wait_until(lambda: outbox.pending() == 0)
            with database_down(url):
                for n in range(1, 21):
                    log_answer(outbox, answer(n), "api")  # accepted at once, database or not
                    store.accept(vote(n))
                wait_until(lambda: outbox.retries >= 2)  # the copier tried and failed
                assert outbox.pending() == 40 and outbox.state()["last_error"]
            wait_until(lambda: outbox.pending() == 0)
            assert rows(registry, QueryLog) == 21 and rows(registry, Feedback) == 20
            assert outbox.state()["last_error"] == ""
        finally:
            outbox.stop()
            registry.engine.dispose()
