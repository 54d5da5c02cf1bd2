"""Questions -> eval records: the app's answer path, or retrieval alone, timed per question.

Example:
    records = answer_questions(Assistant(index, settings), read_jsonl(Path("eval/questions.jsonl")))
    records[0] -> {"id": "fact-01", "question": "…", "answer": "…[1]", "refused": False,
                   "citations": [...], "retrieved": [...10 hits...], "latency_ms": 84.2}
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from tqdm import tqdm

from answer.render import answer_to_record, hit_to_record


def read_jsonl(path: Path) -> list[dict]:
    """One JSON object per non-blank line: Path("q.jsonl") -> [{"id": "fact-01", ...}, ...]."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _json_line(row: dict) -> str:
    """Chinese kept readable; a row holding a lone surrogate (not encodable as UTF-8) is
    written \\u-escaped instead, so it still reads back as the same strings."""
    line = json.dumps(row, ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        line = json.dumps(row, ensure_ascii=True)
    return line + "\n"


def write_jsonl(path: Path, rows: Iterable[dict]) -> None:
    """Write rows as UTF-8 JSONL, whatever characters they hold."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(_json_line(row) for row in rows), encoding="utf-8")


def timed(call: Callable[[], Any]) -> tuple[Any, float]:
    """Run call() and return (its result, wall time in milliseconds)."""
    start = time.perf_counter()
    result = call()
    return result, round((time.perf_counter() - start) * 1000, 1)


def progress_bar(questions: list[dict], label: str, enabled: bool) -> Iterable[dict]:
    return tqdm(questions, desc=label, unit="q", file=sys.stderr, disable=not enabled)


def error_record(question: dict, error: Exception, latency_ms: float = 0.0) -> dict:
    """The record of a question whose answering failed: nothing answered, the error kept."""
    return {
        "id": question.get("id", ""),
        "question": question.get("question", ""),
        "answer": "",
        "refused": False,
        "citations": [],
        "retrieved": [],
        "latency_ms": latency_ms,
        "error": f"{type(error).__name__}: {error}",
    }


def answer_questions(assistant, questions: list[dict], *, progress: bool = True) -> list[dict]:
    """Ask the assistant every question (follow-ups with their history) as the app would.
    A question that makes the assistant fail gets a record with the error; the run goes on."""
    records = []
    for question in progress_bar(questions, "answering", progress):
        history = list(question.get("history") or [])
        try:
            answer, latency_ms = timed(
                lambda q=question, h=history: assistant.answer(q["question"], h)
            )
        except Exception as error:  # one question must never end the run
            records.append(error_record(question, error))
            continue
        # answer_to_record carries the assistant's own clock; the runner's wall time replaces it
        record = answer_to_record(answer) | {"latency_ms": latency_ms}
        records.append({"id": question["id"], "question": question["question"], **record})
    return records


def retrieve_questions(assistant, questions: list[dict], *, progress: bool = True) -> list[dict]:
    """Retrieval alone, follow-ups made standalone as the app does: empty, unrefused answers."""
    records = []
    for question in progress_bar(questions, "retrieving", progress):
        history = list(question.get("history") or [])
        prepared, latency_ms = timed(
            lambda q=question, h=history: assistant.prepare(q["question"], h)
        )
        records.append(
            {
                "id": question["id"],
                "question": question["question"],
                "answer": "",
                "refused": False,
                "citations": [],
                "retrieved": [hit_to_record(hit) for hit in prepared.hits],
                "latency_ms": latency_ms,
            }
        )
    return records
