"""The quality gate: the test split of the real questions, answered on the session index,
must meet eval/gate.json (the dev split tunes; the gate never looks at it)."""

from __future__ import annotations

from answer.assistant import Assistant
from eval.gate import check_gate, load_gate
from eval.metrics import score_run
from eval.runner import answer_questions, read_jsonl
from eval.split import select
from settings import ROOT


def test_answers_to_the_test_split_meet_the_gate(policy_index, corpus_settings):
    questions = select(read_jsonl(ROOT / "eval" / "questions.jsonl"), "test")
    records = answer_questions(Assistant(policy_index, corpus_settings), questions, progress=False)
    overall = score_run(questions, records, "full")["splits"]["test"]["overall"]
    violations = check_gate(overall, load_gate())
    assert not violations, "below eval/gate.json:\n" + "\n".join(violations)
