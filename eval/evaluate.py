"""One evaluation run: answer (or only retrieve), score, compare, report, into var/reports/<time>/.

Example:
    run_dir = evaluate(Settings.from_env(), Path("eval/questions.jsonl"), retrieval_only=True,
                       with_peer=True)
    -> var/reports/20250101-120000/ with answers.jsonl, peer_answers.jsonl, scores.json,
       report.md, plots/*.png, report.html; var/reports/latest points at it
"""

from __future__ import annotations

import json
import time
from datetime import datetime
from pathlib import Path

from answer.assistant import Assistant
from eval.gate import check_gate, load_gate
from eval.metrics import chunk_char_stats, score_run
from eval.report import write_report
from eval.runner import answer_questions, read_jsonl, retrieve_questions, write_jsonl
from eval.runs import diff_runs, load_scores, new_run_dir, previous_run, update_latest
from index.store import PolicyIndex


def _our_records(index: PolicyIndex, settings, questions: list[dict], mode: str) -> list[dict]:
    assistant = Assistant(index, settings)
    if mode == "retrieval":
        return retrieve_questions(assistant, questions)
    return answer_questions(assistant, questions)


def _peer_scores(settings, questions: list[dict], mode: str, run_dir: Path) -> dict:
    """The peer's records and scores on the same questions; its chunk sizes for the report."""
    from eval.peer import build_peer, peer_records  # langchain-community loads only when asked

    peer = build_peer(settings)
    records = peer_records(peer, questions)
    write_jsonl(run_dir / "peer_answers.jsonl", records)
    scores = score_run(questions, records, mode)
    scores["chunk_chars"] = chunk_char_stats(doc.page_content for doc in peer.chunks)
    return scores


def _bm25_scores(settings, questions: list[dict], mode: str, run_dir: Path) -> dict:
    """Plain BM25 over the same 500-character chunks, answer = top chunk."""
    from eval.peer_bm25 import bm25_records, build_bm25_peer

    records = bm25_records(build_bm25_peer(settings), questions)
    write_jsonl(run_dir / "peer_bm25_answers.jsonl", records)
    return score_run(questions, records, mode)


def _meta(settings, index: PolicyIndex, questions_path: Path, started: float) -> dict:
    return {
        "questions_file": str(questions_path),
        "index": str(settings.index_dir),
        "embedding_model": settings.embedding_model,
        "chunker_version": index.manifest.get("chunker_version", "unknown"),
        "answers": f"LLM {settings.llm_model}" if settings.llm_base_url else "extractive",
        "finished": datetime.now().isoformat(timespec="seconds"),
        "seconds": round(time.perf_counter() - started, 1),
    }


def evaluate(settings, questions_path: Path, *, retrieval_only: bool, with_peer: bool) -> Path:
    """Run everything once and return the run folder; the index is loaded a single time."""
    started = time.perf_counter()
    mode = "retrieval" if retrieval_only else "full"
    questions = read_jsonl(questions_path)
    index = PolicyIndex.load(settings)
    reports_root = settings.data_dir / "reports"
    run_dir = new_run_dir(reports_root)
    records = _our_records(index, settings, questions, mode)
    write_jsonl(run_dir / "answers.jsonl", records)
    scores = score_run(questions, records, mode)
    scores["chunk_chars"] = chunk_char_stats(chunk.text for chunk in index.chunks)
    if with_peer:
        scores["peer"] = _peer_scores(settings, questions, mode, run_dir)
        scores["peer_bm25"] = _bm25_scores(settings, questions, mode, run_dir)
    previous = previous_run(reports_root, run_dir, mode)
    if previous is not None:
        scores["diff"] = diff_runs(load_scores(previous), scores, previous.name)
    if mode == "full":
        gated = scores["splits"].get("test", {}).get("overall", scores["overall"])
        scores["gate"] = check_gate(gated, load_gate())
    scores["meta"] = _meta(settings, index, questions_path, started)
    (run_dir / "scores.json").write_text(
        json.dumps(scores, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    write_report(run_dir, scores, questions, records)
    update_latest(run_dir)
    return run_dir
