"""Warm latency over the eval questions: retrieval alone and the full extractive answer.

The worker loads the built index and the Assistant once, answers every question once to
warm up (thread pools, caches, lazy imports), then makes `passes` timed passes, each
question embedded afresh (the query memory is emptied before each timed call: the numbers are
those of first-time questions, whose one answer still embeds the question once). Per pass:
p50/p95 of retrieval (PolicyIndex.search_detailed, as Assistant.prepare calls it) and of
Assistant.answer (follow-ups with their history, as the app runs them), and the median of
each answer stage (the Assistant's own clock) to show where the time goes. The answer
records of the last pass feed the peer comparison.

Example:
    measure_latency(Path("var/index"), Path("eval/questions.jsonl"), passes=5, env={})
    -> {"spreads": {"answer_p50_ms": {"median": 41.0, ...}, ...}, "records": [...], "peak_mb": 610.2}

Worker: python -m bench.latency --index DIR --questions FILE --passes N [--every N] --result FILE
"""

from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path

from answer.assistant import RETRIEVED_K, Assistant
from answer.render import answer_to_record
from bench.child import run_worker
from bench.stats import percentile, spreads
from eval.runner import read_jsonl, timed
from index.embed import QueryMemory
from index.store import PolicyIndex
from settings import Settings

STAGES = ("understand", "retrieve", "score", "decide", "compose", "total")


def measure_latency(
    index_dir: Path, questions: Path, passes: int, env: dict[str, str], every: int = 1
) -> dict:
    """Run the worker in a fresh process under env; spreads over passes, records, peak RSS.

    every > 1 asks only every n-th question (a cheaper comparison run).
    """
    args = ["--index", str(index_dir), "--questions", str(questions), "--passes", str(passes)]
    args += ["--every", str(every)]
    # a warm-up and `passes` timed passes, each question retrieved and answered afresh: up to
    # half a second a question a pass on a busy 2-core machine
    asked = len(read_jsonl(questions)[::every])
    run = run_worker(
        "bench.latency", args, env=env, timeout_s=max(900.0, asked * (passes + 1) * 0.5)
    )
    return {
        "spreads": spreads(run.result["passes"]),
        "records": run.result["records"],
        "peak_mb": run.peak_mb,
    }


def one_pass(assistant: Assistant, questions: list[dict]) -> tuple[dict[str, float], list[dict]]:
    """Percentiles of one pass over all questions, and the answer records it produced.

    Each question is retrieved, then answered, before the next: both numbers see the same
    machine load, which on a shared machine drifts within a pass.
    """
    retrieval, answers, records = [], [], []
    stages: dict[str, list[float]] = {stage: [] for stage in STAGES}
    embedder = assistant.index.embedder
    forget = embedder.forget if isinstance(embedder, QueryMemory) else lambda: None
    for question in questions:
        text, history = question["question"], list(question.get("history") or [])
        forget()
        _, ms = timed(lambda t=text: assistant.index.search_detailed(t, RETRIEVED_K))
        retrieval.append(ms)
        forget()
        answer, ms = timed(lambda t=text, h=history: assistant.answer(t, h))
        answers.append(ms)
        for stage in STAGES:
            stages[stage].append(answer.timings.get(stage, 0.0))
        record = answer_to_record(answer) | {"latency_ms": ms}
        records.append({"id": question["id"], "question": text, **record})
    numbers = {
        "retrieval_p50_ms": percentile(retrieval, 50),
        "retrieval_p95_ms": percentile(retrieval, 95),
        "answer_p50_ms": percentile(answers, 50),
        "answer_p95_ms": percentile(answers, 95),
    }
    numbers |= {f"stage_{stage}_p50_ms": statistics.median(stages[stage]) for stage in STAGES}
    return numbers, records


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.latency")
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--questions", type=Path, required=True)
    parser.add_argument("--passes", type=int, required=True)
    parser.add_argument("--every", type=int, default=1)
    parser.add_argument("--result", type=Path, required=True)
    args = parser.parse_args()
    # every pass asks the same questions: one_pass empties the query memory before each call,
    # so each is a first-time question; within one answer the memory serves the question's
    # second and later searches (its document cards, a named document), as in the app
    settings = Settings.from_env(index_dir=args.index)
    assistant = Assistant(PolicyIndex.load(settings), settings)
    questions = read_jsonl(args.questions)[:: args.every]
    one_pass(assistant, questions)  # warm-up, not recorded
    passes, records = [], []
    for _ in range(args.passes):
        numbers, records = one_pass(assistant, questions)
        passes.append(numbers)
    args.result.write_text(
        json.dumps({"passes": passes, "records": records}, ensure_ascii=False), encoding="utf-8"
    )


if __name__ == "__main__":
    main()
