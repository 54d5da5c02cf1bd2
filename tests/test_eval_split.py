"""The dev/test split and styles: fixed by id, big enough, and every style present."""

from __future__ import annotations

import json

from eval.runner import answer_questions, read_jsonl, write_jsonl
from eval.split import TEST_PERCENT, USER_STYLES, select, split_of, style_of
from settings import ROOT

QUESTIONS = ROOT / "eval" / "questions.jsonl"


def test_the_split_depends_on_the_id_alone_and_test_holds_at_least_40_percent():
    questions = read_jsonl(QUESTIONS)
    assert [split_of(q["id"]) for q in questions] == [split_of(q["id"]) for q in questions]
    share = len(select(questions, "test")) / len(questions)
    assert 0.40 <= share <= TEST_PERCENT / 100 + 0.05


def test_every_user_style_has_at_least_30_questions_and_some_in_test():
    questions = read_jsonl(QUESTIONS)
    for style in USER_STYLES:
        mine = [q for q in questions if style_of(q) == style]
        assert len(mine) >= 30, style
        assert select(mine, "test"), style


class _Failing:
    def answer(self, question, history):
        if "boom" in question:
            raise RuntimeError("index went away")
        raise AssertionError("only the failing question is asked here")


def test_a_question_that_fails_gets_an_error_record_and_the_file_is_still_written(tmp_path):
    questions = [{"id": "q1", "question": "\ud83d boom 先放后检"}]
    records = answer_questions(_Failing(), questions, progress=False)
    assert records[0]["error"].startswith("RuntimeError")
    out = tmp_path / "answers.jsonl"
    write_jsonl(out, records)
    assert json.loads(out.read_text(encoding="utf-8"))["question"] == "\ud83d boom 先放后检"
