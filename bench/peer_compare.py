"""Ours against the plain langchain pipeline (eval/peer.py) on the same questions, as ratios.

The peer splits the raw files with RecursiveCharacterTextSplitter(500, 50), embeds them with
the same e5 model into FAISS and answers with the top chunk. Both sides are scored by
eval/metrics.py: retrieval quality (hit@k, MRR, all sources in top k) on the ten hits each
returns, key facts found in the answer text, the answer length (median characters over the
answerable questions we answered, the same questions for the peer) and the warm latency
(our full extractive answer, and our retrieval alone, against the peer's search + top chunk).

Example:
    compare = measure_peer(settings, questions, our_records, our_latency, passes=3)
    compare["ratios"]["hit@5"], compare["ratios"]["answer_chars_median"]  -> (1.05, 0.21)
"""

from __future__ import annotations

import statistics

from bench.stats import Spread, percentile, spreads
from eval.metrics import ANSWERABLE, score_run
from eval.peer import build_peer, peer_records
from settings import Settings

QUALITY = ("hit@1", "hit@3", "hit@5", "hit@10", "mrr", "all_sources@5", "all_sources@10")
QUALITY += ("key_fact_fraction",)


def measure_peer(
    settings: Settings,
    questions: list[dict],
    our_records: list[dict],
    our_latency: dict[str, Spread],
    passes: int,
) -> dict:
    """Quality and length of both sides, the peer's latency spreads, and ours/peer ratios."""
    peer = build_peer(settings)
    peer_records(peer, questions, progress=False)  # warm-up, not recorded
    runs, records = [], []
    for _ in range(passes):
        records = peer_records(peer, questions, progress=False)
        latencies = [record["latency_ms"] for record in records]
        runs.append({"p50_ms": percentile(latencies, 50), "p95_ms": percentile(latencies, 95)})
    ours, theirs = side(questions, our_records), side(questions, records, answered_by=our_records)
    peer_latency = spreads(runs)
    ratios = {key: ratio(ours[key], theirs[key]) for key in ours}
    for name, key in (("answer", "answer_p50_ms"), ("retrieval", "retrieval_p50_ms")):
        ratios[f"{name}_latency_p50"] = ratio(
            our_latency[key]["median"], peer_latency["p50_ms"]["median"]
        )
    return {
        "ours": ours,
        "peer": theirs,
        "peer_latency": peer_latency,
        "peer_chunks": len(peer.chunks),
        "ratios": ratios,
    }


def side(questions: list[dict], records: list[dict], answered_by: list[dict] | None = None) -> dict:
    """Quality metrics of one side, and its median answer length over the questions
    `answered_by` answered (answerable type, not refused); by default those of `records`."""
    overall = score_run(questions, records, "full")["overall"]
    by_id = {record["id"]: record for record in records}
    reference = {record["id"]: record for record in (answered_by or records)}
    answered = [
        q["id"] for q in questions if q["type"] in ANSWERABLE and not reference[q["id"]]["refused"]
    ]
    lengths = [len(by_id[qid]["answer"]) for qid in answered] or [0]
    return {key: overall[key] for key in QUALITY} | {
        "answer_chars_median": statistics.median(lengths)
    }


def ratio(ours: float | None, theirs: float | None) -> float | None:
    """ours / peer, None when undefined: ratio(0.9, 0.8) -> 1.125, ratio(0.5, 0) -> None."""
    if ours is None or not theirs:
        return None
    return round(ours / theirs, 3)
