"""The second peer: plain BM25 over jieba words, the strong baseline on policy wording.

The same raw 500-character chunks as the langchain peer (eval/peer.py split_corpus), jieba's
own dictionary in search mode (no domain words, no stopword list beyond punctuation),
bm25s; the answer is the top chunk and it never refuses.

Example:
    peer = build_bm25_peer(settings)
    bm25_records(peer, [{"id": "kw-01", "question": "原油先放后检 节省多少时间"}])[0]["answer"]
    -> "…进口原油“先放后检”模式，将原本2—3天的验放时间缩减至半天…"
"""

from __future__ import annotations

from dataclasses import dataclass

import bm25s
import jieba
import numpy as np

from eval.peer import RETRIEVED_K, split_corpus, top_chunk_record
from eval.runner import progress_bar, timed


@dataclass(frozen=True)
class BM25Peer:
    bm25: bm25s.BM25
    chunks: list  # langchain Documents, row i = BM25 row i


def words(text: str) -> list[str]:
    """jieba search-mode words with a letter or digit: "原油先放后检？" -> ["原油", "先放", …]."""
    return [w for w in jieba.lcut_for_search(text.lower()) if any(ch.isalnum() for ch in w)]


def build_bm25_peer(settings) -> BM25Peer:
    jieba.setLogLevel(60)
    chunks = split_corpus(settings.docs_dir)
    bm25 = bm25s.BM25(csc_backend="numpy")
    bm25.index([words(c.page_content) for c in chunks], show_progress=False)
    return BM25Peer(bm25, chunks)


def _search(peer: BM25Peer, question: str) -> list[tuple[int, float]]:
    ids = peer.bm25.get_tokens_ids(words(question))
    if not ids:
        return []
    scores = peer.bm25.get_scores_from_ids(ids)
    order = np.argsort(-scores, kind="stable")[:RETRIEVED_K]
    return [(int(row), float(scores[row])) for row in order if scores[row] > 0]


def bm25_records(peer: BM25Peer, questions: list[dict], *, progress: bool = True) -> list[dict]:
    """Each question alone (no conversation memory), in the eval contract's record shape."""
    records = []
    for question in progress_bar(questions, "peer bm25", progress):
        found, latency_ms = timed(lambda q=question: _search(peer, q["question"]))
        ranked = [(peer.chunks[row], score) for row, score in found]
        records.append(top_chunk_record(question, ranked, latency_ms))
    return records
