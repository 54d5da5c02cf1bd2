"""Feedback: one vote per answer in the registry, the latest click wins, `python -m feedback`
prints it, and votes from an older feedback file are kept."""

from __future__ import annotations

import sqlite3

import pytest

from feedback.__main__ import main
from feedback.store import DB_NAME, LEGACY_NAME, FeedbackStore, Vote


def vote(**changes) -> Vote:
    fields = {
        "conversation": "c1",
        "turn": 0,
        "rating": "down",
        "question": "2020年工业总产值是多少？",
        "answer": "工业总产值670亿元[1]。",
        "cited_chunk_ids": ("abc123",),
        "reason": "引用不对",
    }
    return Vote(**{**fields, **changes})


def test_a_vote_is_stored_with_question_answer_citations_and_time(tmp_path):
    store = FeedbackStore.in_data_dir(tmp_path)
    store.record(vote())
    (row,) = store.latest()
    assert row["rating"] == "down" and row["reason"] == "引用不对"
    assert row["question"].startswith("2020年") and row["answer"].endswith("[1]。")
    assert row["cited_chunk_ids"] == ["abc123"] and row["created_at"][:2] == "20"
    assert (tmp_path / DB_NAME).exists()


def test_a_changed_mind_replaces_the_vote_on_the_same_answer(tmp_path):
    store = FeedbackStore.in_data_dir(tmp_path)
    store.record(vote(rating="up", reason=""))
    store.record(vote())
    store.record(vote(turn=1, rating="up", reason=""))
    rows = store.latest()
    assert len(rows) == 2
    assert {(r["turn"], r["rating"]) for r in rows} == {(0, "down"), (1, "up")}


def test_unknown_ratings_and_reasons_are_refused():
    with pytest.raises(ValueError):
        vote(rating="meh")
    with pytest.raises(ValueError):
        vote(reason="DROP TABLE feedback")


def test_the_command_prints_the_latest_feedback(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("QA_DATA_DIR", str(tmp_path))
    assert main([]) == 0
    assert "还没有反馈" in capsys.readouterr().out
    FeedbackStore.in_data_dir(tmp_path).record(vote())
    assert main(["-n", "5"]) == 0
    out = capsys.readouterr().out
    assert "👎 引用不对" in out and "问：2020年工业总产值是多少？" in out and "abc123" in out


def test_the_database_is_plain_sqlite(tmp_path):
    FeedbackStore.in_data_dir(tmp_path).record(vote())
    with sqlite3.connect(tmp_path / DB_NAME) as db:
        assert db.execute("SELECT count(*) FROM feedback").fetchone() == (1,)


def test_votes_kept_in_an_older_feedback_file_are_brought_over_once(tmp_path):
    with sqlite3.connect(tmp_path / LEGACY_NAME) as db:
        db.execute(
            "CREATE TABLE feedback (id INTEGER PRIMARY KEY, created_at TEXT, conversation TEXT,"
            " turn INTEGER, rating TEXT, reason TEXT, question TEXT, answer TEXT,"
            " cited_chunk_ids TEXT)"
        )
        db.execute(
            "INSERT INTO feedback VALUES (1, '2025-03-01T10:00:00+08:00', 'old', 0, 'up', '',"
            " '四证一单是什么？', '…[1]。', '[\"c1\"]')"
        )
    (row,) = FeedbackStore.in_data_dir(tmp_path).latest()
    assert (row["conversation"], row["rating"], row["cited_chunk_ids"]) == ("old", "up", ["c1"])
    assert row["created_at"].startswith("2025-03-01")
    FeedbackStore.in_data_dir(tmp_path).record(vote())
    assert len(FeedbackStore.in_data_dir(tmp_path).latest()) == 2  # imported once, not again
