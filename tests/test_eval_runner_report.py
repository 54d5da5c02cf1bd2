"""The report: Markdown with PNG files and one self-contained HTML page; `score` writes it."""

from __future__ import annotations

import json
import re

from eval.__main__ import main
from eval.metrics import chunk_char_stats, score_run
from eval.report import write_report
from eval.runner import write_jsonl
from eval.runs import diff_runs
from tests.support.eval_records import question, record

QUESTIONS = [question("a", facts=("9610",)), question("b", "offtopic"), question("c", "table")]
RECORDS = [
    record("a", ["保税港区"], answer="支持9610[1]", cited=["保税港区"], latency=80.0),
    record("b", ["无关"], answer="天气晴", latency=20.0),  # should have refused
    record("c", ["无关"] * 10, answer="不知道", latency=120.0),
]


def test_report_has_every_section_and_an_html_page_that_fetches_nothing(tmp_path):
    scores = score_run(QUESTIONS, RECORDS, "full")
    peer_records = [record(r["id"], ["保税港区"], answer="保税港区", latency=5.0) for r in RECORDS]
    scores["peer"] = score_run(QUESTIONS, peer_records, "full")
    scores["chunk_chars"] = chunk_char_stats(["保税港区", "无关"])
    scores["peer"]["chunk_chars"] = chunk_char_stats(["x" * 500, "y" * 480])
    scores["diff"] = diff_runs(scores["peer"], scores, "20250101-000000")
    scores["gate"] = []
    markdown, page = write_report(tmp_path, scores, QUESTIONS, RECORDS)

    text = markdown.read_text(encoding="utf-8")
    for section in ("per question type", "Latency", "peer", "previous run", "Failed questions (2)"):
        assert section in text
    assert "天气晴" in text and "newly failing" in text.lower()
    for name in ("per_type", "latency", "retrieval_vs_peer"):
        assert (tmp_path / "plots" / f"{name}.png").read_bytes().startswith(b"\x89PNG")
    html = page.read_text(encoding="utf-8")
    assert len(re.findall(r'<img [^>]*src="data:image/png;base64,', html)) == 3
    assert not re.search(r"(src|href)=\"(?!data:)", html)
    assert "http://" not in html and "https://" not in html


def test_score_command_prints_the_table_and_writes_the_report(tmp_path, capsys):
    questions, answers = tmp_path / "q.jsonl", tmp_path / "a.jsonl"
    write_jsonl(questions, QUESTIONS)
    write_jsonl(answers, RECORDS)
    out_dir = tmp_path / "report"
    argv = ["score", "--questions", str(questions), "--answers", str(answers)]
    assert main([*argv, "--out-dir", str(out_dir)]) == 0
    assert "hit@5" in capsys.readouterr().out
    scores = json.loads((out_dir / "scores.json").read_text(encoding="utf-8"))
    assert scores["overall"]["refusal_rate"] == 0.0
    assert (out_dir / "report.html").exists() and (out_dir / "report.md").exists()


def test_retrieval_only_report_leaves_out_answer_metrics(tmp_path):
    scores = score_run(QUESTIONS, RECORDS, "retrieval")
    markdown, _ = write_report(tmp_path, scores, QUESTIONS, RECORDS)
    text = markdown.read_text(encoding="utf-8")
    assert "| hit@5 |" in text and "citation_hit_any" not in text
    assert "Failed questions (1)" in text  # the table question: no gold in the top 5
