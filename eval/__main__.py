"""python -m eval: answer questions, score answers, or both plus the report.

Example:
    python -m eval answer --questions eval/questions.jsonl --out var/answers.jsonl
    python -m eval score --questions eval/questions.jsonl --answers var/answers.jsonl
    python -m eval --retrieval-only --peer      # -> var/reports/<time>/report.html
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from eval.document import to_text
from eval.runner import read_jsonl, write_jsonl
from eval.tables import chunk_table, metric_table, peer_table, split_table, style_table
from settings import ROOT, Settings

DEFAULT_QUESTIONS = ROOT / "eval" / "questions.jsonl"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m eval",
        description="Without a command: answer and score the questions, write var/reports/<time>/.",
    )
    parser.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS, help="question JSONL")
    parser.add_argument("--index", type=Path, help="index folder (default: settings)")
    parser.add_argument(
        "--retrieval-only", action="store_true", help="score retrieval without answering"
    )
    parser.add_argument(
        "--peer", action="store_true", help="also run the plain langchain peer and compare"
    )
    commands = parser.add_subparsers(dest="command")
    answer = commands.add_parser("answer", help="answer every question, write the eval JSONL")
    answer.add_argument("--out", type=Path, required=True, help="answers JSONL to write")
    score = commands.add_parser("score", help="score an answers JSONL against the questions")
    score.add_argument("--answers", type=Path, required=True, help="answers JSONL to score")
    score.add_argument("--out-dir", type=Path, help="write scores.json and the report here")
    for sub in (answer, score):
        # SUPPRESS: a subcommand's unset flag must not hide the same flag given before it
        sub.add_argument("--questions", type=Path, default=argparse.SUPPRESS, help="question JSONL")
    answer.add_argument("--index", type=Path, default=argparse.SUPPRESS, help="index folder")
    return parser


def answer_command(args: argparse.Namespace, settings: Settings) -> None:
    from answer.assistant import Assistant
    from eval.runner import answer_questions
    from index.store import PolicyIndex

    assistant = Assistant(PolicyIndex.load(settings), settings)
    records = answer_questions(assistant, read_jsonl(args.questions))
    write_jsonl(args.out, records)
    print(f"{len(records)} answers -> {args.out}")


def score_command(args: argparse.Namespace) -> None:
    from eval.metrics import score_run
    from eval.report import write_report

    questions, records = read_jsonl(args.questions), read_jsonl(args.answers)
    scores = score_run(questions, records, "full")
    print(to_text(metric_table(scores)))
    if args.out_dir:
        args.out_dir.mkdir(parents=True, exist_ok=True)
        text = json.dumps(scores, ensure_ascii=False, indent=1)
        (args.out_dir / "scores.json").write_text(text, encoding="utf-8")
        print(f"report -> {write_report(args.out_dir, scores, questions, records)[1]}")


def run_command(args: argparse.Namespace, settings: Settings) -> None:
    from eval.evaluate import evaluate
    from eval.runs import load_scores

    run_dir = evaluate(
        settings, args.questions, retrieval_only=args.retrieval_only, with_peer=args.peer
    )
    scores = load_scores(run_dir)
    print(to_text(metric_table(scores)))
    if scores["mode"] == "full" and len(scores["splits"]) == 2:
        for split in ("test", "dev"):
            print(f"\n{split} split, per style:\n" + to_text(style_table(scores, split)))
        print("\n" + to_text(split_table(scores)))
    if "peer" in scores:
        print("\n" + to_text(peer_table(scores)))
        print("\n" + to_text(chunk_table(scores)))
    for violation in scores.get("gate", []):
        print(f"gate: {violation}")
    print(f"\n{scores['meta']['seconds']} s; report -> {run_dir / 'report.html'}")


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = Settings.from_env(index_dir=args.index)
    if args.command == "answer":
        answer_command(args, settings)
    elif args.command == "score":
        score_command(args)
    else:
        run_command(args, settings)
    return 0


if __name__ == "__main__":
    sys.exit(main())
