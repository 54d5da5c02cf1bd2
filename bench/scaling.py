"""Retrieval latency against corpus size: hybrid search at about 1k, 10k, 100k and 1M chunks.

For each size a synthetic corpus is grown from the real one (bench/synthetic.py: real
paragraphs, perturbed and shuffled; dense vectors drawn near the real e5 vectors, not
embedded). It is indexed with our own modules — LexicalIndex.build for BM25,
DenseIndex.build for FAISS (which picks the index type by size) — and searched through
PolicyIndex.search_detailed, the call the Assistant makes, query embedding included.
Alongside: dense search alone for flat and IVF (bench/faiss_choice.py), BM25 alone, the
IVF recall against exact search, build times and the process RSS.

Example:
    rows = measure_scaling(index, settings, questions, sizes=(1_000, 10_000), passes=3,
                           cache_dir=Path("var/bench/cache"))
    rows[1]["hybrid_p50_ms"], rows[1]["index_type"]
    -> ({"median": 24.1, "min": 23.0, "max": 25.2, "runs": 3}, "IndexFlatIP")
"""

from __future__ import annotations

import gc
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import psutil

from bench.faiss_choice import DEPTH, FLAT, IVF, build_both, recall_at, search_ms
from bench.stats import percentile, spreads
from bench.synthetic import RealCorpus, real_corpus, synthetic_corpus
from index.lexical import LexicalIndex
from index.store import PolicyIndex
from settings import Settings

SIZES = (1_000, 10_000, 100_000, 1_000_000)
SHORT = {FLAT: "flat", IVF: "ivf"}
BIG = 1_000_000  # from this size on, at most two passes (each pass costs tens of seconds)
# Single-retriever timings and recall use the first questions only: exact search over 1M
# vectors costs over half a second a query, and these curves need no more to be clear.
COMPONENT_QUERIES = 40


@dataclass(frozen=True)
class Queries:
    """The scaling questions, embedded and segmented once (for the single-retriever timings)."""

    texts: list[str]
    vectors: np.ndarray
    terms: list[list[str]]


def measure_scaling(
    index: PolicyIndex,
    settings: Settings,
    questions: list[str],
    sizes: tuple[int, ...],
    passes: int,
    cache_dir: Path | None,
) -> list[dict]:
    """One row per size: build seconds, RSS, latency spreads and IVF recall."""
    real = real_corpus(index)
    queries = Queries(
        texts=questions,
        vectors=np.stack([index.embedder.embed_query(q) for q in questions]),
        terms=[index.tokenizer.query_terms(q) for q in questions],
    )
    rows = []
    for size in sizes:
        rows.append(measure_size(index, settings, real, queries, size, passes, cache_dir))
        gc.collect()  # the previous size's million objects must go before the next is built
    return rows


def measure_size(
    index: PolicyIndex,
    settings: Settings,
    real: RealCorpus,
    queries: Queries,
    size: int,
    passes: int,
    cache_dir: Path | None,
) -> dict:
    started = time.perf_counter()
    corpus = synthetic_corpus(real, size)
    synth_s = time.perf_counter() - started
    lexical = LexicalIndex.build(corpus.terms)
    bm25_build_s = time.perf_counter() - started - synth_s
    chunks, vectors = corpus.chunks, corpus.vectors
    del corpus  # the term lists are the largest part at 1M; BM25 keeps its own arrays
    built = build_both(vectors, cache_dir)
    automatic = next(name for name, b in built.items() if b.automatic)
    hybrid = PolicyIndex(
        Path(f"synthetic-{size}"),
        {},
        index.documents,
        chunks,
        built[automatic].dense,
        lexical,
        index.embedder,
        index.tokenizer,
        settings,
    )
    runs = [
        one_pass(hybrid, built, queries) for _ in range(passes if size < BIG else min(passes, 2))
    ]
    return {
        "size": size,
        "index_type": automatic,
        "synth_s": round(synth_s, 2),
        "bm25_build_s": round(bm25_build_s, 2),
        "flat_build_s": built[FLAT].build_s,
        "ivf_build_s": built[IVF].build_s,
        "ivf_build_cached": built[IVF].cached,
        "ivf_recall_at_10": recall_at(
            built[IVF].dense,
            built[FLAT].dense,
            queries.vectors[:COMPONENT_QUERIES],
            [chunk.id for chunk in chunks],
        ),
        "rss_mb": round(psutil.Process().memory_info().rss / 2**20, 1),
        **spreads(runs),
    }


def one_pass(hybrid: PolicyIndex, built: dict, queries: Queries) -> dict[str, float]:
    """p50/p95 of hybrid search (embedding included), each FAISS type alone and BM25 alone
    (these two over the first COMPONENT_QUERIES questions)."""
    hybrid_ms, bm25_ms = [], []
    for text in queries.texts:
        started = time.perf_counter()
        hybrid.search_detailed(text, 10)
        hybrid_ms.append((time.perf_counter() - started) * 1000)
    for terms in queries.terms[:COMPONENT_QUERIES]:
        started = time.perf_counter()
        LexicalIndex.top(hybrid.lexical.scores(terms), DEPTH)
        bm25_ms.append((time.perf_counter() - started) * 1000)
    timings = {"hybrid": hybrid_ms, "bm25": bm25_ms}
    vectors = queries.vectors[:COMPONENT_QUERIES]
    timings |= {SHORT[name]: search_ms(b.dense, vectors) for name, b in built.items()}
    numbers = {}
    for name, values in timings.items():
        numbers[f"{name}_p50_ms"] = percentile(values, 50)
        numbers[f"{name}_p95_ms"] = percentile(values, 95)
    return numbers
