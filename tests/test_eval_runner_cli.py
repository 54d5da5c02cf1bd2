"""`python -m eval answer` end to end on the session index: the JSONL contract, key for key."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from eval.runner import write_jsonl
from settings import ROOT

RECORD_KEYS = {"id", "question", "answer", "refused", "citations", "retrieved", "latency_ms"}
RECORD_KEYS |= {"unanswered_parts"}  # the contract's one addition: parts said to be missing
CITATION_KEYS = {"doc", "title", "section", "paragraph", "text"}
RETRIEVED_KEYS = {"doc", "paragraph", "text", "score"}
RETRIEVED_KEYS |= {"section"}  # and the headings a hit stands under, as a reader sees it
QUESTIONS = [
    {"id": "fact", "question": "青岛自贸片区“十四五”时期的发展定位是什么？", "type": "fact"},
    {"id": "offtopic", "question": "今天青岛的天气怎么样？", "type": "offtopic"},
    {
        "id": "follow-up",
        "question": "它的具体目标有哪些？",
        "type": "fact",
        "history": ["青岛自贸片区“十四五”规划的总体要求是什么？"],
    },
]


def test_answer_command_writes_the_contract(policy_index, corpus_settings, tmp_path):
    questions, answers = tmp_path / "q.jsonl", tmp_path / "a.jsonl"
    write_jsonl(questions, QUESTIONS)
    command = [sys.executable, "-m", "eval", "answer", "--questions", str(questions)]
    command += ["--out", str(answers), "--index", str(corpus_settings.index_dir)]
    env = os.environ | {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, timeout=300)

    records = [json.loads(line) for line in answers.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == ["fact", "offtopic", "follow-up"]
    for record in records:
        assert set(record) == RECORD_KEYS
        assert isinstance(record["refused"], bool) and record["latency_ms"] > 0
        assert len(record["retrieved"]) >= 10 or record["refused"]
        assert all(set(hit) == RETRIEVED_KEYS for hit in record["retrieved"])
        assert all(set(citation) == CITATION_KEYS for citation in record["citations"])
    assert not records[0]["refused"] and records[0]["citations"]
    assert records[1]["refused"]


def test_a_test_batch_is_scored_without_showing_its_questions(policy_index, corpus_settings):
    """`python -m eval.tune --split test --ids … --scores-only`: the scores of a batch, and
    no failed question printed, so the test split is measured without being read."""
    command = [sys.executable, "-m", "eval.tune", "--split", "test", "--ids", "wo-,wp-"]
    command += ["--scores-only", "--index", str(corpus_settings.index_dir)]
    env = os.environ | {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    shown = subprocess.run(
        command, cwd=ROOT, env=env, check=True, capture_output=True, text=True, timeout=300
    ).stdout
    assert "key_fact_accuracy" in shown and "false_refusal_rate" in shown
    assert "wo-" not in shown and "wp-" not in shown and "must:" not in shown
