"""Weighted reciprocal rank fusion, and the raw signals kept for every fused hit.

A chunk's fused score is the sum over retrievers of weight / (RRF_K + rank), rank
counted from 1 in that retriever's list. The weights are Settings.dense_weight and
Settings.lexical_weight. The answer stage needs more than a rank-based score to decide
whether the corpus answers at all, so each hit also carries its raw dense cosine and
BM25 score (RetrievalSignals).

Example:
    fuse([(np.array([3, 1]), 1.0), (np.array([1, 2]), 1.0)])
    -> [(1, 1/62 + 1/61), (3, 1/61), (2, 1/62)]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from index.model import Hit
from ingest.model import Chunk

RRF_K = 10  # small corpus: trust the first ranks more (chosen by `python -m eval.sweep`)


@dataclass(frozen=True)
class RetrievalSignals:
    """How strongly each retriever matched one chunk, before fusion."""

    dense_cosine: float  # cosine of query and passage embeddings, always computed
    bm25_score: float  # raw BM25 score; 0.0 when no query term occurs in the chunk
    dense_rank: int | None  # 1-based rank among dense candidates; None = below the cut
    bm25_rank: int | None  # 1-based rank among BM25 candidates; None = below the cut
    matched_terms: tuple[str, ...]  # query terms (jieba) that occur in the chunk


@dataclass(frozen=True)
class FusedHit:
    """A hit with its retrieval signals; .hit is the plain contract type."""

    chunk: Chunk
    score: float
    retriever: str
    signals: RetrievalSignals

    @property
    def hit(self) -> Hit:
        return Hit(chunk=self.chunk, score=self.score, retriever=self.retriever)


def fuse(rankings: list[tuple[np.ndarray, float]]) -> list[tuple[int, float]]:
    """(row, fused score) best first, from (rows best first, weight) per retriever.

    Rows that only zero-weight retrievers found are dropped; ties keep row order.
    """
    fused: dict[int, float] = {}
    for rows, weight in rankings:
        if weight <= 0:
            continue
        for rank, row in enumerate(rows.tolist(), start=1):
            fused[row] = fused.get(row, 0.0) + weight / (RRF_K + rank)
    return sorted(fused.items(), key=lambda item: (-item[1], item[0]))


def ranks(rows: np.ndarray) -> dict[int, int]:
    """1-based rank of each row in a best-first list: [7, 2] -> {7: 1, 2: 2}."""
    return {row: rank for rank, row in enumerate(rows.tolist(), start=1)}
