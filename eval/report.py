"""Write a run's report: report.md (+ plots/*.png) and a self-contained report.html.

Example:
    write_report(Path("var/reports/20250101-120000"), scores, questions, records)
    -> (…/report.md, …/report.html)   # headline, per type, latency, peer, changes, failures
"""

from __future__ import annotations

from pathlib import Path

from eval import plots
from eval.document import Details, Heading, Image, Items, Table, Text, to_html, to_markdown
from eval.tables import chunk_table, metric_table, peer_table, split_table, style_table
from eval.textmatch import contains, shown

SHOWN_HITS = 5  # retrieved hits listed per failed question
EXCERPT_CHARS = 160


def _excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


def _summary(scores: dict) -> list:
    meta = scores.get("meta", {})
    facts = [f"{key}: {value}" for key, value in meta.items()]
    gate = scores.get("gate")
    verdict = (
        [] if gate is None else [f"quality gate (eval/gate.json): {'; '.join(gate) or 'passed'}"]
    )
    return [
        Items([f"mode: {scores['mode']}", *facts, *verdict]),
        *_splits(scores),
        Heading("Scores overall and per question type"),
        metric_table(scores),
        Image("per_type", plots.per_type_chart(scores), "scores per question type"),
    ]


def _splits(scores: dict) -> list:
    """Test per style (what users' questions get), dev per style, and the dev-test gap."""
    if scores["mode"] != "full" or len(scores.get("splits", {})) < 2:
        return []
    return [
        Heading("Test split per style (never tuned on), with the BM25 and e5 peers"),
        style_table(scores, "test"),
        Heading("Dev split per style (thresholds, rules and the refusal model chosen here)"),
        style_table(scores, "dev"),
        Heading("Dev vs test"),
        split_table(scores),
    ]


def _latency(scores: dict) -> list:
    runs = {"ours": scores} | ({"peer": scores["peer"]} if "peer" in scores else {})
    latencies = {name: [q["latency_ms"] for q in run["questions"]] for name, run in runs.items()}
    marks = {
        name: (run["overall"]["latency_ms_p50"], run["overall"]["latency_ms_p95"])
        for name, run in runs.items()
    }
    chart = plots.latency_chart(latencies, marks)
    return [Heading("Latency"), Image("latency", chart, "latency distribution")]


def _peer(scores: dict) -> list:
    if "peer" not in scores:
        return []
    chart = plots.retrieval_chart(scores["overall"], scores["peer"]["overall"])
    return [
        Heading("Ours vs the plain langchain peer"),
        Text(
            "Peer: raw docs/*.txt split by RecursiveCharacterTextSplitter(500, overlap 50), the same "
            "embedder, FAISS, answer = the top chunk. Same questions and gold rule; longer chunks "
            "contain a quote more easily, so compare chunk sizes too."
        ),
        peer_table(scores),
        chunk_table(scores),
        Image("retrieval_vs_peer", chart, "retrieval ours vs peer"),
    ]


def _changes(scores: dict) -> list:
    diff = scores.get("diff")
    if not diff:
        return [Heading("Changes against the previous run"), Text("No earlier run of this mode.")]
    deltas = [(name, f"{delta:+.3f}") for name, delta in diff["deltas"].items()]
    return [
        Heading("Changes against the previous run"),
        Text(f"Previous run: {diff['previous']}"),
        Table(("metric", "change"), deltas),
        Text(f"Newly failing ({len(diff['newly_failing'])}):"),
        Items(diff["newly_failing"] or ["none"]),
        Text(f"Newly passing ({len(diff['newly_passing'])}):"),
        Items(diff["newly_passing"] or ["none"]),
    ]


def _is_gold(hit: dict, question: dict) -> str:
    text = shown(hit.get("section", ""), hit["text"])
    return "✓" if any(contains(text, s["quote"]) for s in question["sources"]) else ""


def _failure(result: dict, question: dict, record: dict) -> Details:
    facts = [
        f"question: {question['question']}",
        *([f"history: {' / '.join(question['history'])}"] if question.get("history") else []),
        f"failures: {'; '.join(result['failures'])}",
        f"reference answer: {question.get('answer', '')}",
        *(f"gold quote ({s['doc']}): {s['quote']}" for s in question["sources"]),
        f"must include: {', '.join(question.get('must_include') or []) or '–'}",
        f"refused: {record['refused']}",
    ]
    citations = [
        (
            str(n),
            c["doc"],
            c.get("section", ""),
            c["paragraph"],
            _is_gold(c, question),
            _excerpt(c["text"]),
        )
        for n, c in enumerate(record["citations"], start=1)
    ]
    hits = [
        (
            str(rank),
            h["doc"],
            h["paragraph"],
            f"{h['score']:.3f}",
            _is_gold(h, question),
            _excerpt(h["text"]),
        )
        for rank, h in enumerate(record["retrieved"][:SHOWN_HITS], start=1)
    ]
    blocks = [Items(facts), Text(f"Answer: {record['answer'] or '(retrieval only)'}")]
    if citations:
        blocks.append(Table(("cited", "doc", "section", "paragraph", "gold", "text"), citations))
    blocks.append(Table(("rank", "doc", "paragraph", "score", "gold", "text"), hits))
    summary = f"{result['id']} [{result['type']}] {_excerpt(question['question'], 50)}"
    return Details(summary, blocks)


def _failures(scores: dict, questions: list[dict], records: list[dict]) -> list:
    by_id = {q["id"]: q for q in questions}
    record_by_id = {r["id"]: r for r in records}
    failed = [r for r in scores["questions"] if r["passed"] is False]
    details = [_failure(r, by_id[r["id"]], record_by_id[r["id"]]) for r in failed]
    return [Heading(f"Failed questions ({len(failed)})"), *details]


def write_report(
    run_dir: Path, scores: dict, questions: list[dict], records: list[dict]
) -> tuple[Path, Path]:
    """Render every section once, then write Markdown (+ PNG files) and the HTML page."""
    blocks = [
        *_summary(scores),
        *_latency(scores),
        *_peer(scores),
        *_changes(scores),
        *_failures(scores, questions, records),
    ]
    title = f"Policy QA evaluation — {run_dir.name}"
    plots_dir = run_dir / "plots"
    plots_dir.mkdir(parents=True, exist_ok=True)
    for image in (b for b in blocks if isinstance(b, Image)):
        (plots_dir / f"{image.name}.png").write_bytes(image.png)
    markdown, page = run_dir / "report.md", run_dir / "report.html"
    markdown.write_text(to_markdown(blocks, title), encoding="utf-8")
    page.write_text(to_html(blocks, title), encoding="utf-8")
    return markdown, page
