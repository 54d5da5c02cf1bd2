"""A bench run as tables: one model, rendered as aligned text (stdout) and as Markdown (README).

Every cell that was measured several times reads "median (min–max)".

Example:
    tables = build_tables(results)
    print(render_text(tables))      # ── latency (warm, 231 questions, 5 passes) ──  …
    render_markdown(tables, results)  -> "### Performance\\n\\nMeasured with `python -m bench` …"
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from bench.scaling import COMPONENT_QUERIES
from bench.stats import show


@dataclass(frozen=True)
class Table:
    title: str
    header: tuple[str, ...]
    rows: list[tuple[str, ...]]
    note: str = ""
    only: str = ""  # the measurement: `python -m bench --only <only>` reproduces the table


def _p50_p95(label: str, spreads: dict, key: str) -> tuple[str, str, str]:
    return (label, show(spreads[f"{key}_p50_ms"], "ms"), show(spreads[f"{key}_p95_ms"], "ms"))


def latency_table(latency: dict, variant: dict | None, policy: str) -> Table:
    s = latency["spreads"]
    rows = [
        _p50_p95(f"retrieval (hybrid search), {policy}", s, "retrieval"),
        _p50_p95(f"full extractive answer, {policy}", s, "answer"),
    ]
    if variant:
        label = f"{variant['label']} ({variant['questions']} questions)"
        rows.append(_p50_p95(f"retrieval, {label}", variant["spreads"], "retrieval"))
        rows.append(_p50_p95(f"answer, {label}", variant["spreads"], "answer"))
    stages = ", ".join(
        f"{stage} {s[f'stage_{stage}_p50_ms']['median']:.1f}"
        for stage in ("understand", "retrieve", "score", "decide", "compose")
    )
    title = f"latency, warm ({latency['questions']} questions × {latency['passes']} passes)"
    note = f"answer stages p50 (ms): {stages}; worker peak RSS {latency['peak_mb']:.0f} MB"
    return Table(title, ("", "p50", "p95"), rows, note)


def ingest_table(ingest: dict) -> Table:
    rows = [
        ("cold: process wall", show(ingest["cold_wall_s"], "s")),
        (
            "cold: parsing",
            f"{show(ingest['cold_parse_s'], 's', 2)} = {show(ingest['cold_parse_chunks_per_s'], 'chunks/s', 0)}",
        ),
        (
            "cold: embedding",
            f"{show(ingest['cold_embed_s'], 's')} = {show(ingest['cold_embed_chunks_per_s'], 'chunks/s')}",
        ),
        ("cold: parse + build", show(ingest["cold_chunks_per_s"], "chunks/s")),
        ("cold: peak RSS", show(ingest["cold_peak_mb"], "MB", 0)),
        ("second ingest, nothing changed: process wall", show(ingest["second_wall_s"], "s")),
        ("second ingest: parse + build in process", show(ingest["second_work_s"], "s", 2)),
        ("second ingest: peak RSS", show(ingest["second_peak_mb"], "MB", 0)),
    ]
    note = "embedding = cold build − second build (the second build embeds nothing)"
    return Table(
        f"ingest of docs/ ({ingest['chunks']['median']:.0f} chunks)", ("", "value"), rows, note
    )


def app_table(app: dict, questions: int) -> Table:
    rows = [
        ("start until /ask answers", show(app["start_to_answer_s"], "s")),
        ("RSS at first answer", show(app["start_peak_mb"], "MB", 0)),
        (f"peak RSS serving ({questions} questions)", show(app["serving_peak_mb"], "MB", 0)),
    ]
    return Table("app (python app.py, built index)", ("", "value"), rows)


def scaling_table(scaling: dict) -> Table:
    rows = []
    for row in scaling["rows"]:
        cached = " (cached)" if row["ivf_build_cached"] else ""
        recall = row["ivf_recall_at_10"]
        rows.append((
            f"{row['size']:,}", row["index_type"].removeprefix("Index"),
            show(row["hybrid_p50_ms"], "ms"), show(row["hybrid_p95_ms"], "ms"),
            show(row["flat_p50_ms"], "ms", 2), show(row["ivf_p50_ms"], "ms", 2),
            " · ".join(f"{r['rows']:.2f}/{r['paragraphs']:.2f}" for r in recall.values()),
            show(row["bm25_p50_ms"], "ms", 2),
            f"{row['bm25_build_s']:.1f} s", f"{row['ivf_build_s']:.1f} s{cached}",
            f"{row['rss_mb']:.0f} MB",
        ))  # fmt: skip
    probes = " · ".join(scaling["rows"][0]["ivf_recall_at_10"])  # markdown cells forbid "|"
    header = ("chunks", "FAISS", "hybrid p50", "hybrid p95", "flat p50", "IVF p50",
              f"IVF recall@10 rows/paragraphs ({probes})", "BM25 p50", "BM25 build", "IVF build", "RSS")  # fmt: skip
    faiss = scaling["faiss"]
    note = (
        "synthetic corpora: real paragraphs, perturbed and shuffled; dense vectors drawn near the"
        " real e5 vectors (not embedded); hybrid includes embedding the query; flat, IVF, BM25"
        f" alone and recall over the first {COMPONENT_QUERIES} questions (recall vs exact flat: of rows, and of"
        " the source paragraphs those rows copy). "
        f"FAISS choice: exact flat while its p50 ≤ {faiss['budget_ms']:.0f} ms, i.e. up to"
        f" ≈{faiss['flat_threshold']:,} vectors here; index/dense.py APPROXIMATE_THRESHOLD = "
        f"{faiss['approximate_threshold']:,}."
    )
    return Table("retrieval scaling (hybrid = FAISS + BM25, fused)", header, rows, note)


def peer_table(peer: dict) -> Table:
    def cell(value) -> str:
        return "–" if value is None else f"{value:g}"

    rows = [
        (key, cell(peer["ours"][key]), cell(peer["peer"][key]), cell(peer["ratios"][key]))
        for key in peer["ours"]
    ]
    for name in ("answer", "retrieval"):
        rows.append(
            (f"{name} latency p50 (ours/peer)", "", "", cell(peer["ratios"][f"{name}_latency_p50"]))
        )
    note = f"peer: langchain 500/50 splitter ({peer['peer_chunks']} chunks), same e5, FAISS, top chunk; peer p50 {show(peer['peer_latency']['p50_ms'], 'ms')}"
    return Table(
        "ours vs plain langchain peer", ("metric", "ours", "peer", "ours/peer"), rows, note
    )


def targets_table(verdicts: list[dict]) -> Table:
    rows = [
        (v["name"], v["target"], f"{v['value']:g}", "met" if v["met"] else "MISSED")
        for v in verdicts
    ]
    return Table("targets (medians)", ("target", "goal", "measured", ""), rows)


def build_tables(results: dict) -> list[Table]:
    """The tables of the measurements present, each knowing the --only that reproduces it."""
    policy = results["machine"]["omp"]["OMP_WAIT_POLICY"]
    policy = f"OMP_WAIT_POLICY={policy}" if policy else "OMP_WAIT_POLICY unset"
    makers = {
        "latency": lambda: latency_table(
            results["latency"], results.get("latency_variant"), policy
        ),
        "ingest": lambda: ingest_table(results["ingest"]),
        "app": lambda: app_table(results["app"], results["app_questions"]),
        "scaling": lambda: scaling_table(results["scaling"]),
        "peer": lambda: peer_table(results["peer"]),
    }
    tables = [replace(make(), only=name) for name, make in makers.items() if name in results]
    return [*tables, targets_table(results["targets"])] if results["targets"] else tables


def render_text(tables: list[Table]) -> str:
    out = []
    for table in tables:
        widths = [
            max(len(str(r[i])) for r in [table.header, *table.rows])
            for i in range(len(table.header))
        ]
        out.append(f"── {table.title} ──")
        for row in [table.header, *table.rows]:
            out.append(
                "  ".join(
                    str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)
                ).rstrip()
            )
        if table.note:
            out.append(f"  ({table.note})")
        out.append("")
    return "\n".join(out)


def machine_line(machine: dict) -> str:
    return (
        f"{machine['cpu']}, {machine['cores']} cores, {machine['ram_gb']:.0f} GB RAM,"
        f" {machine['system']}, Python {machine['python']}; commit {machine['commit']};"
        f" load average {machine['load_1m']} at start, {machine['load_1m_end']} at end"
    )


def render_markdown(tables: list[Table], results: dict) -> str:
    lines = [
        "### Performance",
        "",
        f"Measured with `{results['command']}` (`make bench`) on {machine_line(results['machine'])},"
        f" {results['machine']['started'][:10]}. Cells are the median run with the range of the runs"
        " in brackets; raw numbers in `var/bench/bench.json`, curve in `var/bench/scaling.png`.",
        "",
    ]
    for table in tables:
        command = f" — `python -m bench --only {table.only}`" if table.only else ""
        lines += [f"**{table.title}**{command}", "", "| " + " | ".join(table.header) + " |"]
        lines.append("|" + "---|" * len(table.header))
        lines += ["| " + " | ".join(row) + " |" for row in table.rows]
        lines += ["", f"_{table.note}_", ""] if table.note else [""]
    return "\n".join(lines)
