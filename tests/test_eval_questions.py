"""The evaluators' question file is valid, and the validator catches what would corrupt a score."""

from __future__ import annotations

import json
from pathlib import Path

from eval.textmatch import contains, normalize
from eval.validate import main, table_row, validate_questions
from settings import ROOT

DOCS = ROOT / "docs"
PLAN = "qingdao-ftz-14th-five-year-plan.txt"
PDF = "qingdao-ftz-marine-economy-pdf.txt"


def _question(**changes) -> dict:
    """A valid fact question on the PDF text, with some fields replaced."""
    question = {
        "id": "pdf-x",
        "question": "原油先放后检 每艘油轮省多少",
        "type": "fact",
        "answer": "每艘油轮可节省成本200万元。",
        "must_include": ["200万元"],
        "sources": [{"doc": PDF, "quote": "原油周转率提升35%,每艘油轮可节省成本200万元"}],
    }
    return question | changes


def _problems(tmp_path: Path, *questions: dict) -> list[str]:
    path = tmp_path / "questions.jsonl"
    path.write_text("".join(json.dumps(q, ensure_ascii=False) + "\n" for q in questions))
    return validate_questions(path, DOCS, minimums={})


def test_question_file_is_valid():
    assert validate_questions(ROOT / "eval" / "questions.jsonl", DOCS) == []


def test_normalize_matches_pdf_text_with_broken_lines_and_spaced_digits():
    assert normalize("集装\n箱吞吐量3 0 8 7 万标箱，") == "集装箱吞吐量3087万标箱,"
    assert contains(
        (DOCS / PDF).read_text(encoding="utf-8"), "海洋经济生产总值244.81亿元，同比增长9.1%"
    )
    assert not contains("任何文本", " ")


def test_a_valid_question_passes(tmp_path):
    assert _problems(tmp_path, _question()) == []


def test_a_quote_missing_from_its_document_is_reported(tmp_path):
    bad = _question(sources=[{"doc": PDF, "quote": "每艘油轮可节省成本300万元"}])
    assert any("quote not found" in p for p in _problems(tmp_path, bad))


def test_a_key_fact_missing_from_the_quotes_is_reported(tmp_path):
    bad = _question(must_include=["200万元", "半天"])
    assert _problems(tmp_path, bad) == ["pdf-x: key fact '半天' is in none of its quotes"]


def test_table_facts_come_from_the_row_of_the_indicator_name(tmp_path):
    plan = (DOCS / PLAN).read_text(encoding="utf-8")
    assert table_row(plan, "一般公共预算收入(亿元)") == "一般公共预算收入(亿元)28.650预期性"
    source = [{"doc": PLAN, "quote": "一般公共预算收入(亿元)"}]
    good = _question(id="t1", type="table", must_include=["50"], sources=source)
    wrong_row = _question(id="t2", type="table", must_include=["2200"], sources=source)
    title = [{"doc": PLAN, "quote": "“十四五”经济社会发展主要指标表"}]
    not_a_row = _question(id="t3", type="table", sources=title)
    prose = [*source, {"doc": PLAN, "quote": "一般公共预算收入28.6亿元"}]
    beside_prose = _question(id="t4", type="table", must_include=["28.6", "50"], sources=prose)
    problems = _problems(tmp_path, good, wrong_row, not_a_row, beside_prose)
    assert problems[0] == "t2: key fact '2200' is in none of its quotes"
    assert problems[1] == "t3: a table question quotes no indicator-name line of the 附表"
    assert not any(p.startswith(("t1", "t4")) for p in problems)


def test_refusals_ids_types_and_history_are_checked(tmp_path):
    refusal = _question(id="u1", type="unanswerable")
    odd_type = _question(id="u2", type="opinion")
    bad_history = _question(id="u3", history="上一个问题")
    problems = _problems(tmp_path, refusal, odd_type, bad_history, _question(id="u3"))
    assert "u1: a must-refuse question has no sources and no key facts" in problems
    assert any(p.startswith("u2: type 'opinion'") for p in problems)
    assert "u3: history must be a list of non-empty strings" in problems
    assert "duplicate id 'u3'" in problems


def test_cli_prints_problems_and_fails(tmp_path, capsys):
    path = tmp_path / "q.jsonl"
    path.write_text("{not json\n" + json.dumps(_question()) + "\n", encoding="utf-8")
    assert main([str(path), "--docs", str(DOCS)]) == 1
    printed = capsys.readouterr().out
    assert "line 1: not JSON" in printed
    assert "only 1 total questions, need at least 450" in printed
