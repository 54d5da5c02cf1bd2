"""Choose the fusion weights by measurement: hit@1/hit@5 over a grid of (dense, lexical) weights
and RRF constants, on the answerable dev questions of eval/questions.jsonl (the test split is
for reporting; --split test shows how a choice carries over, never to choose).

    python -m eval.sweep [--questions Q.jsonl] [--index DIR] [--split dev|test|all]

Example output row: "rrf_k=10 dense=0.5 lexical=1.0  hit@1 0.866  hit@5 0.979"
"""

from __future__ import annotations

import argparse
from pathlib import Path

import index.fusion as fusion
from answer.assistant import Assistant
from eval.metrics import first_gold_rank
from eval.runner import read_jsonl
from eval.split import select
from eval.textmatch import shown
from index.store import PolicyIndex
from settings import Settings

RRF_CONSTANTS = (5, 10, 20, 60)
DENSE_WEIGHTS = (0.0, 0.3, 0.5, 0.7, 1.0)


def sweep(index: PolicyIndex, settings: Settings, questions: list[dict]) -> list[tuple]:
    """(rrf_k, dense, lexical, hit@1, hit@5) for every grid point; follow-ups made standalone."""
    answerable = [q for q in questions if q.get("sources")]
    standalone = Assistant(index, settings)
    queries = [
        standalone.prepare(q["question"], q.get("history") or []).standalone for q in answerable
    ]
    rows, default_k = [], fusion.RRF_K
    try:
        for rrf_k in RRF_CONSTANTS:
            fusion.RRF_K = rrf_k
            for dense in DENSE_WEIGHTS:
                weighted = index.reweighted(dense, 1.0)
                ranks = [
                    first_gold_rank(
                        [
                            shown(hit.chunk.section, hit.chunk.text)
                            for hit in weighted.search(query, 10)
                        ],
                        [source["quote"] for source in question["sources"]],
                    )
                    for question, query in zip(answerable, queries, strict=True)
                ]
                hit1 = sum(r == 1 for r in ranks) / len(ranks)
                hit5 = sum(r is not None and r <= 5 for r in ranks) / len(ranks)
                rows.append((rrf_k, dense, 1.0, round(hit1, 3), round(hit5, 3)))
    finally:
        fusion.RRF_K = default_k
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m eval.sweep", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--questions", type=Path, default=Path("eval/questions.jsonl"))
    parser.add_argument("--index", type=Path, default=None)
    parser.add_argument("--split", default="dev", choices=("dev", "test", "all"))
    args = parser.parse_args()
    settings = Settings.from_env(index_dir=args.index)
    index = PolicyIndex.load(settings)
    for rrf_k, dense, lexical, hit1, hit5 in sweep(
        index, settings, select(read_jsonl(args.questions), args.split)
    ):
        print(
            f"rrf_k={rrf_k:<3} dense={dense:<4} lexical={lexical}  hit@1 {hit1:.3f}  hit@5 {hit5:.3f}"
        )


if __name__ == "__main__":
    main()
