"""Which FAISS index at which corpus size: exact flat vs IVF, timed and checked for recall.

At every size of the scaling curve both types are built by DenseIndex.build: the one it
picks itself (by corpus size) and the other one on request. IVF indexes are kept in
var/bench/cache keyed by the exact vectors and build constants (training k-means over a
million vectors takes tens of seconds); the build time shown is the one measured when the
file was made. Flat ones build in seconds and are never kept.

The rule the curve tests: exact search while its p50 stays within FLAT_BUDGET_MS (below
the query embedding's own cost), IVF beyond. flat_threshold() turns the measured flat
curve into the corpus size where that budget runs out.

Example:
    built = build_both(vectors, Path("var/bench/cache"))
    built["IndexFlatIP"].dense.index_type, built["IndexIVFFlat"].build_s  -> ("IndexFlatIP", 21.2)
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
    APPROXIMATE_THRESHOLD,
    IVF_LISTS,
    IVF_PROBE_SHARE,
    TRAINING_PER_LIST,
    DenseIndex,
)

FLAT = "IndexFlatIP"
IVF = "IndexIVFFlat"
FLAT_BUDGET_MS = 10.0  # exact search may cost this much per query (p50) before IVF pays off
DEPTH = 50  # candidates per retriever, as PolicyIndex asks (CANDIDATE_DEPTH)
# IVF recall is checked at index/dense.py's share of clusters probed and at twice it: the
# wider search shows what more recall would cost.
PROBE_FACTORS = (1, 2)


@dataclass(frozen=True)
class BuiltDense:
    dense: DenseIndex
    build_s: float
    cached: bool  # loaded from var/bench/cache; build_s is from the run that built it
    automatic: bool = False  # the type DenseIndex.build chose for this size


def cached_build(
    build: Callable[[], DenseIndex], name: str, digest: str, cache_dir: Path | None
) -> BuiltDense:
    """build() once per (name, digest); an IVF result is saved, and later runs load it with
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
    if path is not None and dense.is_approximate:
        path.parent.mkdir(parents=True, exist_ok=True)
        for stale in path.parent.glob(f"{name}-*"):
            if stale.stem.rsplit("-", 1)[0] == name:  # "auto-1000-*" also globs "auto-10000-…"
                stale.unlink()
        dense.save(path)
        path.with_suffix(".json").write_text(json.dumps({"build_s": build_s}), encoding="utf-8")
    return BuiltDense(dense, build_s, cached=False)


def build_both(vectors: np.ndarray, cache_dir: Path | None) -> dict[str, BuiltDense]:
    """{type name: built index} for flat and IVF; the automatic one is the type DenseIndex.build
    picks for this size."""
    constants = (APPROXIMATE_THRESHOLD, IVF_LISTS, IVF_PROBE_SHARE, TRAINING_PER_LIST)
    params = "-".join(map(str, (*constants, faiss.__version__)))
    fingerprint = hashlib.sha256(np.ascontiguousarray(vectors).data)  # no 1.5 GB copy at 1M
    fingerprint.update(params.encode())
    digest = fingerprint.hexdigest()[:16]
    size = len(vectors)
    automatic = cached_build(lambda: DenseIndex.build(vectors), f"auto-{size}", digest, cache_dir)
    other_type = FLAT if automatic.dense.index_type == IVF else IVF
    approximate = other_type == IVF
    other = cached_build(
        lambda: DenseIndex.build(vectors, approximate), f"{other_type}-{size}", digest, cache_dir
    )
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
    ivf: DenseIndex, exact: DenseIndex, query_vectors: np.ndarray, sources: list[str], k: int = 10
) -> dict[str, dict[str, float]]:
    """Per number of clusters probed (index/dense.py's, then twice it): mean share of the
    exact top k that IVF also finds in its top k, as rows and as source paragraphs
    (sources[row] = id of the real chunk that synthetic row copies), and the search time.

    A synthetic corpus holds many near-identical copies of each paragraph, so missing one
    copy for another is a row miss but not a paragraph miss.
    Example: -> {"nprobe×1": {"nprobe": 256, "rows": 0.98, "paragraphs": 0.99, "ms": 30.5},
                 "nprobe×2": {"nprobe": 512, ...}}
    """
    truths = [exact.search(vector, k)[0].tolist() for vector in query_vectors]
    results = {}
    default = ivf.index.nprobe
    for factor in PROBE_FACTORS:
        nprobe = min(ivf.index.nlist, default * factor)
        ivf.index.nprobe = nprobe
        rows, paragraphs = [], []
        started = time.perf_counter()
        found = [ivf.search(vector, k)[0].tolist() for vector in query_vectors]
        ms = (time.perf_counter() - started) * 1000 / max(1, len(query_vectors))
        for truth, hits in zip(truths, found, strict=True):
            rows.append(len(set(truth) & set(hits)) / max(1, len(truth)))
            wanted = {sources[row] for row in truth}
            paragraphs.append(len(wanted & {sources[row] for row in hits}) / max(1, len(wanted)))
        results[f"nprobe×{factor}"] = {
            "nprobe": nprobe,
            "rows": round(float(np.mean(rows)), 3),
            "paragraphs": round(float(np.mean(paragraphs)), 3),
            "ms": round(ms, 3),
        }
    ivf.index.nprobe = default
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
