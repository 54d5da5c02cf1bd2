"""Tune the answer stage on the dev split only: scores and failures, the refusal
threshold sweep, and the refusal model (answer/refusal_model.json).

Uses the eval stage's own scorer (eval/metrics.py), so the numbers are the ones
`python -m eval` reports. Every subcommand reads only dev questions (eval/split.py) unless
--split says otherwise; the test split is for reporting.

    python -m eval.tune                          # dev scores + failures
    python -m eval.tune --warm                   # the same, timed on a second (warm) pass
    python -m eval.tune --sweep                  # refusal vs false refusal per threshold pair
    python -m eval.tune --train-refusal          # fit answer/refusal_model.json on dev
    python -m eval.tune --questions Q.jsonl --index DIR --split dev|test|all
    python -m eval.tune --ids wg-,wh-            # only the questions whose id starts so
    python -m eval.tune --split test --ids wo-,wp- --scores-only   # a test batch, scores only
    python -m eval.tune --split test --not-ids w --scores-only     # all but the w… batches
"""

from __future__ import annotations

import argparse
import statistics
from pathlib import Path

from answer.assistant import Assistant
from answer.decide import Thresholds, judge
from answer.render import answer_to_record
from answer.rules.evidence import Evidence
from answer.rules.question import clean_question, request_kind
from eval.metrics import ANSWERABLE, MUST_REFUSE, score_run
from eval.refusal_model import train_refusal_model
from eval.runner import read_jsonl
from eval.split import select
from index.store import PolicyIndex
from settings import Settings

SHOWN = ("key_fact_accuracy", "citation_hit_any", "citation_hit_all", "hit@5", "refusal_rate")
SHOWN += ("refused_outright_rate", "false_refusal_rate", "part_declined_rate")
THRESHOLD_GRID = [
    Thresholds(coverage, dense)
    for coverage in (0.0, 0.2, 0.3, 0.4, 0.5, 0.6)
    for dense in (0.0, 0.86, 0.88, 0.9)
]


def answer_all(assistant: Assistant, questions: list[dict]) -> tuple[list[dict], list[dict]]:
    """Eval records (as `python -m eval answer` writes them) and each answer's stage timings."""
    records, timings = [], []
    for q in questions:
        answer = assistant.answer(q["question"], q.get("history") or [])
        records.append({"id": q["id"], "question": q["question"], **answer_to_record(answer)})
        timings.append(answer.timings)
    return records, timings


def report_scores(
    questions: list[dict], records: list[dict], timings: list[dict], failures: bool = True
) -> None:
    """Overall metrics, answer length, latency per stage, then every failed question (not
    with failures=False: a test-split batch is scored without reading its questions)."""
    scores = score_run(questions, records, "full")
    overall = scores["overall"]
    for key in SHOWN:
        print(f"{key:22} {overall[key]}")
    answered = [len(r["answer"]) for r in records if not r["refused"]]
    print(f"{'answer_chars_median':22} {statistics.median(answered)} (answered only)")
    for stage in ("total", "retrieve", "score"):
        values = [t[stage] for t in timings if stage in t]
        print(f"{'ms_p50_' + stage:22} {statistics.median(values):.1f}")
    header = f"{'key facts':>9} {'cited':>6} {'declined':>8} {'false ref':>9} {'hit@5':>6}"
    print(f"\n{'style':14} {'n':>4} {header}")
    for style, part in scores["by_style"].items():
        row = [part.get(k) for k in ("key_fact_accuracy", "citation_hit_any")]
        row += [part.get(k) for k in ("refusal_rate", "false_refusal_rate", "hit@5")]
        shown = " ".join(
            f"{'–' if v is None else f'{v:.3f}':>{w}}"
            for v, w in zip(row, (9, 6, 8, 9, 6), strict=True)
        )
        print(f"{style:14} {part['questions']:>4} {shown}")
    if not failures:
        return
    by_id = {r["id"]: r for r in records}
    text = {q["id"]: q for q in questions}
    for result in scores["questions"]:
        if result["failures"]:
            record, question = by_id[result["id"]], text[result["id"]]
            print(f"\n{result['id']} {question['question']} -> {'; '.join(result['failures'])}")
            print(f"   must: {question.get('must_include')}  answer: {record['answer']}")


def _refused(evidence: Evidence | None, limits: Thresholds) -> bool:
    """None stands for a request refused by pattern (injection, off-topic, empty)."""
    return evidence is None or bool(judge(evidence, limits))


def _signals(evidence: Evidence | None) -> str:
    """Which measured signals say "refuse": "detail 税率或利率, coverage 0.41"."""
    if evidence is None:
        return "pattern"
    found = [f"detail {evidence.missing_detail}"] if evidence.missing_detail else []
    found += [f"members {evidence.missing_members}"] if evidence.missing_members else []
    found += [f"region {evidence.other_region}"] if evidence.other_region else []
    found += (
        ["entities " + "、".join(evidence.missing_entities)] if evidence.missing_entities else []
    )
    found += ["target only"] if evidence.target_only else []
    found += ["no figure/place/date"] if evidence.missing_cue else []
    return ", ".join([*found, f"coverage {evidence.coverage:.2f}"])


def sweep(assistant: Assistant, questions: list[dict]) -> None:
    """Must-refuse questions refused and answerable ones refused, per threshold pair, then
    the signals behind each decision at the current thresholds."""
    evidence: dict[str, Evidence | None] = {}
    for q in questions:
        question = clean_question(q["question"], assistant.settings.max_question_chars).text
        kind = request_kind(question)
        history = q.get("history") or []
        evidence[q["id"]] = (
            assistant.prepare(question, history).evidence if kind == "question" else None
        )
    refuse = [q for q in questions if q["type"] in MUST_REFUSE]
    answer = [q for q in questions if q["type"] in ANSWERABLE]
    print(f"must-refuse {len(refuse)}, answerable {len(answer)}; current {Thresholds()}")
    print("coverage dense  refused  false_refused")
    for limits in THRESHOLD_GRID:
        hit = sum(_refused(evidence[q["id"]], limits) for q in refuse) / len(refuse)
        false = sum(_refused(evidence[q["id"]], limits) for q in answer) / len(answer)
        print(f"{limits.coverage:8} {limits.dense:5}  {hit:7.3f}  {false:13.3f}")
    print("\nmust-refuse questions and why (at the current thresholds):")
    for q in refuse:
        verdict = "refused" if _refused(evidence[q["id"]], Thresholds()) else "ANSWERED"
        print(f"  {verdict:8} {q['id']} {q['question']}  [{_signals(evidence[q['id']])}]")
    print("\nanswerable questions refused:")
    for q in answer:
        if _refused(evidence[q["id"]], Thresholds()):
            print(f"  {q['id']} {q['question']}  [{_signals(evidence[q['id']])}]")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=Path, default=Path("eval/questions.jsonl"))
    parser.add_argument("--index", type=Path, help="index folder (default: settings)")
    parser.add_argument("--sweep", action="store_true", help="sweep the refusal thresholds")
    parser.add_argument("--warm", action="store_true", help="answer twice, time the second pass")
    parser.add_argument(
        "--train-refusal", action="store_true", help="fit answer/refusal_model.json on dev"
    )
    parser.add_argument("--split", default="dev", choices=("dev", "test", "all"))
    parser.add_argument(
        "--ids", default="", help="comma-separated id prefixes: score a batch of questions alone"
    )
    parser.add_argument(
        "--not-ids", default="", help="comma-separated id prefixes of questions to leave out"
    )
    parser.add_argument(
        "--scores-only", action="store_true", help="print the scores, not the failed questions"
    )
    args = parser.parse_args(argv)
    settings = Settings.from_env(index_dir=args.index)
    assistant = Assistant(PolicyIndex.load(settings), settings)
    questions = select(read_jsonl(args.questions), args.split)
    if args.ids:
        questions = [q for q in questions if q["id"].startswith(tuple(args.ids.split(",")))]
    if args.not_ids:
        questions = [q for q in questions if not q["id"].startswith(tuple(args.not_ids.split(",")))]
    if args.train_refusal:
        train_refusal_model(assistant, questions)
        return
    if args.sweep:
        sweep(assistant, questions)
        return
    records, timings = answer_all(assistant, questions)
    if args.warm:  # the first pass filled every cache; time the second
        records, timings = answer_all(assistant, questions)
    report_scores(questions, records, timings, failures=not args.scores_only)


if __name__ == "__main__":
    main()
