"""Summaries of repeated runs: percentiles within a run, median with min–max across runs.

Every benchmark number is measured several times; what we print is the median run and
the range of the runs, so a reader sees both the value and how much it wobbles.

Example:
    percentile([10.0, 20.0, 30.0, 40.0], 50)  -> 25.0
    spread([41.0, 39.5, 44.2])                -> {"median": 41.0, "min": 39.5, "max": 44.2, "runs": 3}
    show(spread([41.0, 39.5, 44.2]), "ms")    -> "41.0 ms (39.5–44.2)"
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence

Spread = dict[str, float]  # {"median", "min", "max", "runs"}


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0–100) with linear interpolation between the closest ranks."""
    if not values:
        raise ValueError("percentile of no values")
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def spread(values: Iterable[float]) -> Spread:
    """Median, min and max of one number measured in several runs."""
    runs = [float(v) for v in values]
    if not runs:
        raise ValueError("spread of no runs")
    return {
        "median": round(statistics.median(runs), 3),
        "min": round(min(runs), 3),
        "max": round(max(runs), 3),
        "runs": len(runs),
    }


def spreads(runs: list[dict[str, float]]) -> dict[str, Spread]:
    """Per key, the spread over runs: [{"p50": 4}, {"p50": 6}] -> {"p50": spread([4, 6])}."""
    return {key: spread(run[key] for run in runs) for key in runs[0]}


def show(summary: Spread, unit: str = "", digits: int = 1) -> str:
    """One spread for a table cell; a single run prints without a range."""
    suffix = f" {unit}" if unit else ""
    median = f"{summary['median']:.{digits}f}{suffix}"
    if summary["runs"] < 2:
        return median
    return f"{median} ({summary['min']:.{digits}f}–{summary['max']:.{digits}f})"
