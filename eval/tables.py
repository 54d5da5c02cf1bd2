"""The headline tables of a run (overall and per type, ours vs peer), shared by stdout and report.

Example:
    metric_table(scores).rows[0]  -> ("hit@1", "0.812", "0.850", "0.700", ...)
    peer_table(scores).rows[0]    -> ("hit@1", "0.812", "0.640", "1.27")
"""

from __future__ import annotations

from eval.document import Table

HEADLINE = (
    "pass_rate",
    "hit@1",
    "hit@3",
    "hit@5",
    "hit@10",
    "all_sources@5",
    "all_sources@10",
    "mrr",
    "citation_hit_any",
    "citation_hit_all",
    "key_fact_accuracy",
    "key_fact_fraction",
    "refusal_rate",
    "refused_outright_rate",
    "false_refusal_rate",
    "part_declined_rate",
    "answer_chars_median",
    "latency_ms_p50",
    "latency_ms_p95",
)
PEER_METRICS = ("hit@1", "hit@3", "hit@5", "hit@10", "mrr")
PEER_LATENCY = ("latency_ms_p50", "latency_ms_p95")
PEER_LENGTH = ("answer_chars_mean", "answer_chars_median")
COUNTS = (
    "questions",
    "answer_chars_mean",
    "answer_chars_median",
    "latency_ms_p50",
    "latency_ms_p95",
)


def fmt(metric: str, value: float | None) -> str:
    """Rates with 3 decimals, counts and sizes with at most one: ("mrr", 0.8123) -> "0.812"."""
    if value is None:
        return "–"
    if metric in COUNTS:
        return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"
    return f"{value:.3f}"


def ratio(ours: float | None, peer: float | None) -> str:
    """ours / peer with two decimals, "–" when undefined: (0.9, 0.6) -> "1.50"."""
    if ours is None or not peer:
        return "–"
    return f"{ours / peer:.2f}"


def metric_table(scores: dict) -> Table:
    """Rows = headline metrics, columns = overall and each question type (empty rows dropped)."""
    columns = {"overall": scores["overall"], **scores["by_type"]}
    header = ("metric", *(f"{name} (n={m['questions']})" for name, m in columns.items()))
    rows = [
        (metric, *(fmt(metric, m.get(metric)) for m in columns.values()))
        for metric in HEADLINE
        if any(m.get(metric) is not None for m in columns.values())
    ]
    return Table(header, rows)


def peer_table(scores: dict) -> Table:
    """Ours vs the plain langchain peer on the same questions, with ours/peer ratios."""
    ours, peer = scores["overall"], scores["peer"]["overall"]
    metrics = PEER_METRICS + (PEER_LENGTH if scores["mode"] == "full" else ()) + PEER_LATENCY
    rows = [
        (m, fmt(m, ours.get(m)), fmt(m, peer.get(m)), ratio(ours.get(m), peer.get(m)))
        for m in metrics
    ]
    return Table(("metric", "ours", "peer", "ours/peer"), rows)


def chunk_table(scores: dict) -> Table:
    """Chunk length in characters, ours vs the peer's 500-character splitter."""
    ours, peer = scores["chunk_chars"], scores["peer"]["chunk_chars"]
    rows = [(stat, str(ours[stat]), str(peer[stat])) for stat in ("chunks", "median", "max")]
    return Table(("chunk characters", "ours", "peer"), rows)


STYLE_METRICS = (
    "key_fact_accuracy",
    "citation_hit_any",
    "false_refusal_rate",
    "refusal_rate",
    "hit@5",
    "answer_chars_median",
)
PEER_STYLE_METRICS = ("key_fact_accuracy", "hit@5")
SPLIT_METRICS = STYLE_METRICS + ("hit@1", "mrr", "latency_ms_p50")


def _peers(scores: dict) -> dict[str, dict]:
    """The peers present in a run: {"e5": …, "bm25": …}."""
    named = {"e5": scores.get("peer"), "bm25": scores.get("peer_bm25")}
    return {name: peer for name, peer in named.items() if peer}


def style_table(scores: dict, split: str) -> Table:
    """One split's scores per style (rows) — ours, then the peers' key facts and hit@5."""
    ours = scores["splits"][split]
    peers = {name: peer["splits"][split] for name, peer in _peers(scores).items()}
    styles = ["overall", *ours["by_style"]]

    def pick(part: dict, style: str) -> dict:
        return part["overall"] if style == "overall" else part["by_style"].get(style, {})

    header = ("style", *STYLE_METRICS)
    header += tuple(f"{name} {m}" for name in peers for m in PEER_STYLE_METRICS)
    rows = []
    for style in styles:
        mine = pick(ours, style)
        row = [f"{style} (n={mine['questions']})", *(fmt(m, mine.get(m)) for m in STYLE_METRICS)]
        for peer in peers.values():
            row += [fmt(m, pick(peer, style).get(m)) for m in PEER_STYLE_METRICS]
        rows.append(tuple(row))
    return Table(header, rows)


def split_table(scores: dict) -> Table:
    """Overall dev vs test and the gap (test - dev): how far tuning fit the dev questions."""
    dev, test = scores["splits"]["dev"]["overall"], scores["splits"]["test"]["overall"]
    rows = []
    for metric in SPLIT_METRICS:
        a, b = dev.get(metric), test.get(metric)
        gap = "–" if a is None or b is None else f"{b - a:+.3f}"
        rows.append((metric, fmt(metric, a), fmt(metric, b), gap))
    return Table(("metric", "dev", "test", "gap (test-dev)"), rows)
