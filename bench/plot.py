"""The scaling curve as a PNG: query latency against corpus size, log–log.

Lines: hybrid search p50 (bars = min–max of the passes) and p95, dense search alone with
flat and with IVF, BM25 alone; dashed: the 150 ms target at scale, the flat budget, the
size where the fitted flat curve reaches it and the size where index/dense.py switches.

Example:
    plot_scaling(results["scaling"], Path("var/bench/scaling.png"))  -> var/bench/scaling.png
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only: no display on a server
import matplotlib.pyplot as plt  # noqa: E402

TARGET_AT_SCALE_MS = 150.0
SERIES = (
    ("hybrid_p50_ms", "hybrid search p50 (query embedding included)", "C0", "-"),
    ("hybrid_p95_ms", "hybrid search p95", "C0", ":"),
    ("flat_p50_ms", "dense only, FAISS flat p50", "C1", "-"),
    ("ivf_p50_ms", "dense only, FAISS IVF p50", "C2", "-"),
    ("bm25_p50_ms", "BM25 only p50", "C3", "-"),
)


def plot_scaling(scaling: dict, path: Path) -> Path:
    rows = scaling["rows"]
    sizes = [row["size"] for row in rows]
    figure, axes = plt.subplots(figsize=(8, 5.2), dpi=110)
    for key, label, colour, style in SERIES:
        medians = [row[key]["median"] for row in rows]
        below = [row[key]["median"] - row[key]["min"] for row in rows]
        above = [row[key]["max"] - row[key]["median"] for row in rows]
        axes.errorbar(sizes, medians, yerr=[below, above], label=label, color=colour,
                      linestyle=style, marker="o", capsize=3)  # fmt: skip
    axes.axhline(TARGET_AT_SCALE_MS, color="grey", linestyle="--", linewidth=1)
    axes.text(
        sizes[-1], TARGET_AT_SCALE_MS * 1.08, "target at 100k: 150 ms", color="grey", ha="right"
    )
    budget = scaling["faiss"]["budget_ms"]
    axes.axhline(budget, color="C1", linestyle="--", linewidth=1, alpha=0.6)
    axes.text(sizes[-1], budget * 1.08, f"flat budget {budget:.0f} ms", color="C1", ha="right")
    for size, label, height in (
        (scaling["faiss"]["flat_threshold"], "flat budget reached (fitted)", 0.3),
        (scaling["faiss"]["approximate_threshold"], "index/dense.py: IVF from here", 0.05),
    ):
        axes.axvline(size, color="C2", linestyle="--", linewidth=1, alpha=0.6)
        axes.text(size * 1.05, budget * height, f"{label}\n{size:,}", color="C2", fontsize=7)
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xlabel("chunks in the index (synthetic beyond the real corpus)")
    axes.set_ylabel("ms per query")
    axes.set_title("Retrieval latency vs corpus size (2 cores)")
    axes.grid(True, which="both", alpha=0.3)
    axes.legend(fontsize=8, loc="lower right")
    figure.text(0.01, 0.01, "Synthetic corpora: real paragraphs perturbed and shuffled; "
                "vectors drawn near the real e5 vectors, not embedded.", fontsize=7, color="dimgrey")  # fmt: skip
    figure.tight_layout(rect=(0, 0.03, 1, 1))
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path)
    plt.close(figure)
    return path
