"""Scoring on tiny hand-made records: hit@k, MRR, citations, key facts, refusals, per type, diffs."""

from __future__ import annotations

import pytest

from eval.gate import check_gate
from eval.metrics import chunk_char_stats, score_run
from eval.runs import diff_runs, new_run_dir, previous_run, update_latest
from tests.support.eval_records import question, record


def test_hit_at_k_and_mrr_use_the_first_gold_rank():
    questions = [question("a"), question("b"), question("c")]
    records = [
        record("a", ["无关段落", "前湾保税港区管委"]),  # gold at rank 2
        record("b", ["青岛前湾保税港区"]),  # rank 1
        record("c", ["无关"] * 10),  # never
    ]
    overall = score_run(questions, records, "retrieval")["overall"]
    assert overall["hit@1"] == pytest.approx(1 / 3, abs=1e-4)
    assert overall["hit@3"] == overall["hit@10"] == pytest.approx(2 / 3, abs=1e-4)
    assert overall["mrr"] == pytest.approx((0.5 + 1 + 0) / 3, abs=1e-4)


def test_gold_rule_ignores_whitespace_and_full_width_digits():
    questions = [question("a", quotes=("跨境电商9610 模式",))]
    records = [record("a", ["开展跨境电商\n９６１０模式试点"])]
    assert score_run(questions, records, "retrieval")["overall"]["hit@1"] == 1.0


def test_a_paragraph_is_matched_under_its_heading_and_without_bullet_markers():
    caption = "青岛自贸片区“十四五”产业发展布局示意图"
    questions = [
        question("fig", quotes=(caption,)),
        question("sub", quotes=("制度创新破局 不久前，国际顶级学术期刊",)),
        question("bullet", quotes=("--坚持先行先试。抓住",)),
        question("deep", quotes=("第四章 聚焦",)),  # only the nearest heading is shown with it
    ]
    records = [
        record("fig", ["形成五大产业融合联动发展"], cited=["形成五大产业融合联动发展"]),
        record(
            "sub", ["不久前，国际顶级学术期刊《细胞》"], cited=["不久前，国际顶级学术期刊《细胞》"]
        ),
        record("bullet", ["坚持先行先试。抓住自贸试验区建设"], cited=["坚持先行先试。抓住"]),
        record("deep", ["青岛片区"], cited=["青岛片区"]),
    ]
    sections = {
        "fig": f"第四章 … > 附图(表)二 > {caption}",
        "sub": "制度创新破局",
        "bullet": "第二章 发展目标 > 第二节 基本原则",
        "deep": "第四章 聚焦“四新”经济 > 第二节 建设枢纽",
    }
    for each in records:
        for hit in each["retrieved"] + each["citations"]:
            hit["section"] = sections[each["id"]]
    per_question = {r["id"]: r for r in score_run(questions, records, "full")["questions"]}
    assert [per_question[q]["source_ranks"] for q in sections] == [(1,), (1,), (1,), (None,)]
    assert [per_question[q]["citation_any"] for q in sections] == [True, True, True, False]
    # without its heading the caption is in no paragraph
    for hit in records[0]["retrieved"]:
        hit["section"] = ""
    assert score_run(questions[:1], records[:1], "full")["overall"]["hit@10"] == 0


def test_multi_question_reports_any_and_all_sources():
    questions = [question("m", "multi", quotes=("海洋经济", "航运中心"))]
    retrieved = ["海洋经济发展", "x", "x", "x", "x", "x", "国际航运中心"]
    records = [record("m", retrieved, answer="海洋经济[1]", cited=["海洋经济发展"])]
    overall = score_run(questions, records, "full")["overall"]
    assert (overall["hit@5"], overall["all_sources@5"], overall["all_sources@10"]) == (1, 0, 1)
    assert (overall["citation_hit_any"], overall["citation_hit_all"]) == (1.0, 0.0)


def test_key_facts_count_whole_questions_and_fractions():
    questions = [question("a", facts=("9610", "离岸达")), question("b", facts=("先放后检",))]
    records = [
        record("a", ["保税港区"], answer="支持 9610 模式", cited=["保税港区"]),
        record("b", ["保税港区"], answer="实行先放后检", cited=["保税港区"]),
    ]
    scores = score_run(questions, records, "full")
    assert scores["overall"]["key_fact_accuracy"] == 0.5
    assert scores["overall"]["key_fact_fraction"] == 0.75
    assert scores["questions"][0]["failures"] == ("key facts 1/2",)


def test_refusal_and_false_refusal_rates_and_pass_flags():
    questions = [question("u", "unanswerable"), question("o", "offtopic"), question("f")]
    records = [
        record("u", refused=True),
        record("o", answer="今天天气不错"),
        record("f", ["保税港区"], refused=True),
    ]
    scores = score_run(questions, records, "full")
    assert scores["overall"]["refusal_rate"] == 0.5
    assert scores["overall"]["false_refusal_rate"] == 1.0
    assert [q["passed"] for q in scores["questions"]] == [True, False, False]


def test_an_answer_saying_the_asked_part_is_missing_declines_without_refusing():
    questions = [question("u", "unanswerable"), question("f"), question("g")]
    gap = {"unanswered_parts": ["坏账率是多少"]}
    records = [record("u") | gap, record("f", ["保税港区"]) | gap, record("g", ["保税港区"])]
    overall = score_run(questions, records, "full")["overall"]
    assert overall["refusal_rate"] == 1.0 and overall["refused_outright_rate"] == 0.0
    assert overall["false_refusal_rate"] == 0.0 and overall["part_declined_rate"] == 0.5


def test_per_type_breakdown_in_type_order():
    questions = [question("i", "injection"), question("f1"), question("t", "table"), question("f2")]
    records = [record(q["id"], ["保税港区"], cited=["保税港区"]) for q in questions]
    scores = score_run(questions, records, "full")
    assert list(scores["by_type"]) == ["fact", "table", "injection"]
    assert scores["by_type"]["fact"]["questions"] == 2
    assert scores["by_type"]["injection"]["refusal_rate"] == 0.0
    assert scores["by_type"]["injection"]["hit@5"] is None  # no gold retrieval to score


def test_retrieval_mode_does_not_judge_must_refuse_questions():
    scores = score_run([question("o", "offtopic")], [record("o")], "retrieval")
    assert scores["questions"][0]["passed"] is None
    assert "refusal_rate" not in scores["overall"]


def test_missing_record_names_the_question():
    with pytest.raises(ValueError, match="b"):
        score_run([question("a"), question("b")], [record("a")], "full")


def test_diff_lists_newly_failing_and_newly_passing():
    questions = [question("a"), question("b"), question("c")]
    good, bad = ["保税港区"], ["无关"]
    before = score_run(
        questions, [record("a", good), record("b", bad), record("c", good)], "retrieval"
    )
    after = score_run(
        questions, [record("a", bad), record("b", good), record("c", good)], "retrieval"
    )
    diff = diff_runs(before, after, "run-1")
    assert (diff["newly_failing"], diff["newly_passing"]) == (["a"], ["b"])
    assert diff["deltas"]["hit@1"] == 0.0


def test_previous_run_is_the_latest_earlier_run_of_the_same_mode(tmp_path):
    for name, mode in [("20250101-000000", "full"), ("20250102-000000", "retrieval")]:
        (tmp_path / name).mkdir()
        (tmp_path / name / "scores.json").write_text(f'{{"mode": "{mode}"}}')
    run_dir = new_run_dir(tmp_path)
    assert previous_run(tmp_path, run_dir, "full").name == "20250101-000000"
    assert update_latest(run_dir).resolve() == run_dir.resolve()
    assert previous_run(tmp_path, run_dir, "retrieval").name == "20250102-000000"


def test_gate_reports_floors_and_ceilings():
    gate = {"min": {"hit@5": 0.9, "mrr": 0.5}, "max": {"false_refusal_rate": 0.1}}
    overall = {"hit@5": 0.8, "mrr": 0.6, "false_refusal_rate": 0.2}
    violations = check_gate(overall, gate)
    assert len(violations) == 2 and "hit@5" in violations[0] and "false_refusal" in violations[1]


def test_chunk_char_stats():
    assert chunk_char_stats(["ab", "abcd", "abcdef"]) == {"chunks": 3, "median": 4, "max": 6}
