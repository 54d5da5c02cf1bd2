"""Which FAISS index at which corpus size: exact flat vs HNSW, timed and checked for recall.

At every size of the scaling curve both types are built: the one DenseIndex.build picks
itself (our code, by corpus size) and the other one by hand with index/dense.py's own
constants. Building HNSW over a million vectors takes over ten minutes on two cores, so HNSW
indexes are kept in var/bench/cache keyed by the exact vectors and build constants; the
build time shown is the one measured when the file was made. Flat ones build in seconds
and are never kept.

The rule the curve tests: exact search while its p50 stays within FLAT_BUDGET_MS (below
the query embedding's own cost), HNSW beyond. flat_threshold() turns the measured flat
curve into the corpus size where that budget runs out.

Example:
    built = build_both(vectors, Path("var/bench/cache"))
    built["IndexFlatIP"].dense.index_type, built["IndexHNSWFlat"].build_s  -> ("IndexFlatIP", 31.2)
    flat_threshold({10_000: 1.1, 100_000: 11.8, 1_000_000: 121.0})  -> 83_000
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import faiss
import numpy as np

from index.dense import (
    HNSW_EF_CONSTRUCTION,
    HNSW_EF_SEARCH,
    HNSW_NEIGHBOURS,
    HNSW_THRESHOLD,
    DenseIndex,
)

FLAT = "IndexFlatIP"
HNSW = "IndexHNSWFlat"
FLAT_BUDGET_MS = 10.0  # exact search may cost this much per query (p50) before HNSW pays off
DEPTH = 50  # candidates per retriever, as PolicyIndex asks (CANDIDATE_DEPTH)
# HNSW recall is checked at index/dense.py's efSearch and at four times it: on near-duplicate
# synthetic rows the default loses recall at 1M, and the wider search shows what it costs.
EF_SEARCH_TRIED = (HNSW_EF_SEARCH, 4 * HNSW_EF_SEARCH)


@dataclass(frozen=True)
class BuiltDense:
    dense: DenseIndex
    build_s: float
    cached: bool  # loaded from var/bench/cache; build_s is from the run that built it
    automatic: bool = False  # the type DenseIndex.build chose for this size


def _hnsw(vectors: np.ndarray) -> DenseIndex:
    """HNSW as DenseIndex.build makes it above its threshold, at any size."""
    index = faiss.IndexHNSWFlat(vectors.shape[1], HNSW_NEIGHBOURS, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
    index.add(vectors)
    return DenseIndex(index)


def _flat(vectors: np.ndarray) -> DenseIndex:
    index = faiss.IndexFlatIP(vectors.shape[1])
    index.add(vectors)
    return DenseIndex(index)


def cached_build(
    build: Callable[[], DenseIndex], name: str, digest: str, cache_dir: Path | None
) -> BuiltDense:
    """build() once per (name, digest); an HNSW result is saved, and later runs load it with
    its build time. Saving drops older digests of the same name: a re-ingested corpus makes
    them stale, and at 1M each holds 1.8 GB.

    Example: cached_build(build, "auto-1000000", "a6dfad66902dd937", Path("var/bench/cache"))
    """
    path = cache_dir / f"{name}-{digest}.faiss" if cache_dir else None
    if path is not None and path.exists() and path.with_suffix(".json").exists():
        recorded = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        return BuiltDense(DenseIndex.load(path), recorded["build_s"], cached=True)
    started = time.perf_counter()
    dense = build()
    build_s = round(time.perf_counter() - started, 2)
    if path is not None and dense.is_hnsw:
        path.parent.mkdir(parents=True, exist_ok=True)
        for stale in path.parent.glob(f"{name}-*"):
            if stale.stem.rsplit("-", 1)[0] == name:  # "auto-1000-*" also globs "auto-10000-…"
                stale.unlink()
        dense.save(path)
        path.with_suffix(".json").write_text(json.dumps({"build_s": build_s}), encoding="utf-8")
    return BuiltDense(dense, build_s, cached=False)


def build_both(vectors: np.ndarray, cache_dir: Path | None) -> dict[str, BuiltDense]:
    """{type name: built index} for flat and HNSW; the automatic one comes from DenseIndex.build."""
    params = f"{HNSW_THRESHOLD}-{HNSW_NEIGHBOURS}-{HNSW_EF_CONSTRUCTION}-{faiss.__version__}"
    fingerprint = hashlib.sha256(np.ascontiguousarray(vectors).data)  # no 1.5 GB copy at 1M
    fingerprint.update(params.encode())
    digest = fingerprint.hexdigest()[:16]
    size = len(vectors)
    automatic = cached_build(lambda: DenseIndex.build(vectors), f"auto-{size}", digest, cache_dir)
    other_type = FLAT if automatic.dense.index_type == HNSW else HNSW
    builder = _flat if other_type == FLAT else _hnsw
    other = cached_build(lambda: builder(vectors), f"{other_type}-{size}", digest, cache_dir)
    automatic = replace(automatic, automatic=True)
    return {automatic.dense.index_type: automatic, other_type: other}


def search_ms(dense: DenseIndex, query_vectors: np.ndarray) -> list[float]:
    """Milliseconds of one DenseIndex.search per query, at the depth PolicyIndex uses."""
    timings = []
    for vector in query_vectors:
        started = time.perf_counter()
        dense.search(vector, DEPTH)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def recall_at(
    hnsw: DenseIndex, exact: DenseIndex, query_vectors: np.ndarray, sources: list[str], k: int = 10
) -> dict[str, dict[str, float]]:
    """Per HNSW efSearch in EF_SEARCH_TRIED: mean share of the exact top k that HNSW also finds
    in its top k, as rows and as source paragraphs (sources[row] = id of the real chunk that
    synthetic row copies), and the search time.

    A synthetic corpus holds many near-identical copies of each paragraph, so missing one
    copy for another is a row miss but not a paragraph miss.
    Example: -> {"ef128": {"rows": 0.84, "paragraphs": 0.78, "ms": 0.5}, "ef512": {...}}
    """
    truths = [exact.search(vector, k)[0].tolist() for vector in query_vectors]
    results = {}
    for ef in EF_SEARCH_TRIED:
        hnsw.index.hnsw.efSearch = ef
        rows, paragraphs = [], []
        started = time.perf_counter()
        found = [hnsw.search(vector, k)[0].tolist() for vector in query_vectors]
        ms = (time.perf_counter() - started) * 1000 / max(1, len(query_vectors))
        for truth, hits in zip(truths, found, strict=True):
            rows.append(len(set(truth) & set(hits)) / max(1, len(truth)))
            wanted = {sources[row] for row in truth}
            paragraphs.append(len(wanted & {sources[row] for row in hits}) / max(1, len(wanted)))
        results[f"ef{ef}"] = {
            "rows": round(float(np.mean(rows)), 3),
            "paragraphs": round(float(np.mean(paragraphs)), 3),
            "ms": round(ms, 3),
        }
    hnsw.index.hnsw.efSearch = HNSW_EF_SEARCH
    return results


def flat_threshold(flat_p50_ms: dict[int, float]) -> int:
    """Corpus size where exact search reaches FLAT_BUDGET_MS, fitted from sizes ≥ 10k.

    Exact search time is linear in the number of vectors; the slope is the median of
    ms per vector over the measured sizes (small sizes are dominated by fixed overhead).
    """
    slopes = [ms / size for size, ms in flat_p50_ms.items() if size >= 10_000]
    if not slopes:
        slopes = [ms / size for size, ms in flat_p50_ms.items()]
    threshold = FLAT_BUDGET_MS / float(np.median(slopes))
    return int(float(f"{threshold:.2g}"))
