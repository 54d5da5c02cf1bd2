"""The report's charts as PNG bytes (matplotlib Figure objects, no pyplot global state).

Example:
    png = per_type_chart(scores)        # b"\\x89PNG…": grouped bars, one group per question type
    png = latency_chart({"ours": [80.1, 95.0, ...]}, {"ours": (84.0, 140.2)})
"""

from __future__ import annotations

import io

import numpy as np
from matplotlib.figure import Figure

PER_TYPE_METRICS = ("hit@5", "mrr", "citation_hit_all", "key_fact_accuracy", "refusal_rate")
RETRIEVAL_METRICS = ("hit@1", "hit@3", "hit@5", "hit@10", "mrr")


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    return buffer.getvalue()


def _grouped_bars(groups: list[str], series: dict[str, list[float | None]], title: str) -> bytes:
    """One bar per (group, series); missing values (None) leave a gap instead of a zero bar."""
    figure = Figure(figsize=(max(6.0, 1.3 * len(groups)), 3.6))
    axes = figure.subplots()
    width = 0.8 / max(1, len(series))
    for i, (name, values) in enumerate(series.items()):
        xs = [g + i * width for g, v in enumerate(values) if v is not None]
        axes.bar(xs, [v for v in values if v is not None], width, label=name)
    axes.set_xticks([g + 0.4 - width / 2 for g in range(len(groups))], groups)
    axes.set_ylim(0, 1.05)
    axes.set_title(title)
    axes.legend(
        fontsize="small", ncols=min(len(series), 5), loc="upper center", bbox_to_anchor=(0.5, -0.1)
    )
    axes.grid(axis="y", alpha=0.3)
    return _png(figure)


def per_type_chart(scores: dict) -> bytes:
    """Per question type: hit@5, MRR, citation hit (all sources), key facts, refusal rate."""
    by_type = scores["by_type"]
    types = [t for t in by_type if any(by_type[t].get(m) is not None for m in PER_TYPE_METRICS)]
    metrics = [m for m in PER_TYPE_METRICS if any(by_type[t].get(m) is not None for t in types)]
    series = {m: [by_type[t].get(m) for t in types] for m in metrics}
    return _grouped_bars(types, series, "Scores per question type")


def retrieval_chart(ours: dict, peer: dict) -> bytes:
    """Ours vs the plain langchain peer on the overall retrieval metrics."""
    series = {
        "ours": [ours.get(m) for m in RETRIEVAL_METRICS],
        "peer": [peer.get(m) for m in RETRIEVAL_METRICS],
    }
    return _grouped_bars(list(RETRIEVAL_METRICS), series, "Retrieval: ours vs peer")


def latency_chart(
    latencies: dict[str, list[float]], percentiles: dict[str, tuple[float, float]]
) -> bytes:
    """Histogram of per-question latency for each pipeline, its (p50, p95) marked as lines."""
    figure = Figure(figsize=(6.4, 3.4))
    axes = figure.subplots()
    # shared bin edges so the pipelines' bars are comparable
    edges = np.histogram_bin_edges([v for values in latencies.values() for v in values], bins=30)
    for name, values in latencies.items():
        bars = axes.hist(values, bins=edges, alpha=0.55, label=name)[2]
        color = bars[0].get_facecolor()[:3]
        p50, p95 = percentiles[name]
        axes.axvline(p50, color=color, linestyle="--", label=f"{name} p50 {p50:.0f} ms")
        axes.axvline(p95, color=color, linestyle=":", label=f"{name} p95 {p95:.0f} ms")
    axes.set_xlabel("latency per question (ms)")
    axes.set_ylabel("questions")
    axes.set_title("Latency distribution")
    axes.legend(fontsize="small")
    return _png(figure)
