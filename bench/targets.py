"""The issue's targets for a 2-core machine, checked against the medians of a bench run.

Example:
    check_targets({"latency": {"spreads": {"answer_p50_ms": {"median": 41.0, ...}, ...}}, ...})
    -> [{"name": "answer p50 (docs/)", "target": "≤ 60 ms", "value": 41.0, "met": True}, ...]
A measurement that was not run yields no verdict.
"""

from __future__ import annotations

from collections.abc import Callable

from bench.peer_compare import QUALITY

SHORTER_FACTOR = 3  # "answers several times shorter": at most a third of the peer's length


def _median(results: dict, *path: str) -> float:
    node = results
    for key in path:
        node = node[key]
    return node["median"]


def _at_size(results: dict, size: int, key: str) -> float:
    row = next(row for row in results["scaling"]["rows"] if row["size"] == size)
    return row[key]["median"]


def _quality_ratio(results: dict) -> float:
    """The worst ours/peer ratio over the retrieval-quality metrics (None ratios skipped)."""
    ratios = results["peer"]["ratios"]
    return min(ratios[key] for key in QUALITY if ratios.get(key) is not None)


# (name, target text, section needed, value, passes)
TARGETS: list[tuple[str, str, str, Callable[[dict], float], Callable[[float], bool]]] = [
    ("answer p50 (docs/)", "≤ 60 ms", "latency",
     lambda r: _median(r, "latency", "spreads", "answer_p50_ms"), lambda v: v <= 60),
    ("answer p95 (docs/)", "≤ 150 ms", "latency",
     lambda r: _median(r, "latency", "spreads", "answer_p95_ms"), lambda v: v <= 150),
    ("retrieval p50 at 100k chunks", "≤ 150 ms", "scaling",
     lambda r: _at_size(r, 100_000, "hybrid_p50_ms"), lambda v: v <= 150),
    ("second ingest, nothing changed", "≤ 3 s", "ingest",
     lambda r: _median(r, "ingest", "second_wall_s"), lambda v: v <= 3),
    ("app start until it answers", "≤ 8 s", "app",
     lambda r: _median(r, "app", "start_to_answer_s"), lambda v: v <= 8),
    ("serving RSS (docs/)", "≤ 1229 MB", "app",
     lambda r: _median(r, "app", "serving_peak_mb"), lambda v: v <= 1228.8),
    ("retrieval quality / peer (worst metric)", "≥ 1.0", "peer",
     _quality_ratio, lambda v: v >= 1.0),
    ("answer length / peer", f"≤ {1 / SHORTER_FACTOR:.2f}", "peer",
     lambda r: r["peer"]["ratios"]["answer_chars_median"], lambda v: v <= 1 / SHORTER_FACTOR),
]  # fmt: skip


def check_targets(results: dict) -> list[dict]:
    """A verdict per target whose measurement is in results (and has the size it needs)."""
    verdicts = []
    for name, target, section, value_of, passes in TARGETS:
        if section not in results:
            continue
        try:
            value = value_of(results)
        except (StopIteration, KeyError, ValueError):
            continue  # e.g. a --quick scaling run without the 100k point
        verdicts.append(
            {"name": name, "target": target, "value": round(value, 3), "met": passes(value)}
        )
    return verdicts
