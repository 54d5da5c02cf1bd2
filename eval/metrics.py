"""Score answer records against the question file: per question, then overall and per type.

Example:
    question = {"id": "q1", "type": "fact", "sources": [{"doc": "plan", "quote": "9610"}],
                "must_include": ["9610"], ...}
    record = {"id": "q1", "answer": "……9610……[1]", "refused": False,
              "citations": [{"text": "……9610……"}], "retrieved": [{"text": "无关"}, {"text": "9610"}],
              "latency_ms": 80.0}
    score_run([question], [record], mode="full")["overall"]
    -> {"questions": 1, "hit@1": 0.0, "hit@3": 1.0, ..., "mrr": 0.5, "citation_hit_any": 1.0, ...}
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from eval.split import SPLITS, STYLES, split_of, style_of
from eval.textmatch import contains, shown

ANSWERABLE = ("fact", "table", "multi")
MUST_REFUSE = ("unanswerable", "offtopic", "injection")
TYPES = ANSWERABLE + MUST_REFUSE
KS = (1, 3, 5, 10)
PASS_K = 5  # retrieval-only runs count a question as passed when gold is in the top 5


@dataclass(frozen=True)
class QuestionResult:
    """How one record did; ranks are 1-based, None = no gold chunk in what was retrieved."""

    id: str
    type: str
    style: str  # how the user typed it (eval/split.py)
    split: str  # "dev" (tunes) or "test" (reports)
    source_ranks: tuple[int | None, ...]  # first rank holding each source's quote
    refused: bool
    # refused, or answered while saying that an asked part is not in the documents
    declined: bool
    citation_any: bool | None  # None when not judged (refused or must-refuse)
    citation_all: bool | None
    facts_found: int
    facts_total: int
    answer_chars: int
    latency_ms: float
    failures: tuple[str, ...]  # empty = passed
    passed: bool | None  # None when the mode cannot judge the question

    @property
    def first_rank(self) -> int | None:
        found = [rank for rank in self.source_ranks if rank is not None]
        return min(found) if found else None


def first_gold_rank(texts: list[str], quotes: Iterable[str]) -> int | None:
    """1-based rank of the first text containing one of the quotes: (["x", "含9610"], ["9610"]) -> 2."""
    quotes = list(quotes)
    for rank, text in enumerate(texts, start=1):
        if any(contains(text, quote) for quote in quotes):
            return rank
    return None


def _citation_hits(question: dict, record: dict) -> tuple[bool, bool]:
    """(some citation holds some gold quote, every source is held by some citation)."""
    cited = [shown(c.get("section", ""), c["text"]) for c in record["citations"]]
    per_source = [first_gold_rank(cited, [s["quote"]]) is not None for s in question["sources"]]
    return any(per_source), all(per_source)


def _failures(question: dict, result: dict, mode: str) -> tuple[str, ...]:
    """Why a question failed, in words a reader of the report understands."""
    if question["type"] in MUST_REFUSE:
        # "文件未写明…" said of the asked part, beside what the documents do say, declines too
        return () if mode == "retrieval" or result["declined"] else ("answered, should refuse",)
    ranks = result["source_ranks"]
    if mode == "retrieval":
        hit = any(rank is not None and rank <= PASS_K for rank in ranks)
        return () if hit else (f"no gold in top {PASS_K}",)
    if result["refused"]:
        return ("refused an answerable question",)
    reasons = []
    if result["citation_all"] is False:
        reasons.append("citations miss a source")
    if result["facts_found"] < result["facts_total"]:
        reasons.append(f"key facts {result['facts_found']}/{result['facts_total']}")
    if reasons and not any(rank is not None for rank in ranks):
        reasons.append("gold not retrieved")  # points triage at retrieval, not the answer
    return tuple(reasons)


def judge(question: dict, record: dict, mode: str) -> QuestionResult:
    """Score one record; mode "full" judges the answer, "retrieval" only what was retrieved."""
    retrieved = [shown(hit.get("section", ""), hit["text"]) for hit in record["retrieved"]]
    refused = bool(record["refused"])
    answerable = question["type"] in ANSWERABLE
    facts = question.get("must_include") or []
    judged = mode == "full" and answerable and not refused and bool(question["sources"])
    cite_any, cite_all = _citation_hits(question, record) if judged else (None, None)
    result = {
        "source_ranks": tuple(
            first_gold_rank(retrieved, [s["quote"]]) for s in question["sources"]
        ),
        "refused": refused,
        "declined": refused or bool(record.get("unanswered_parts")),
        "citation_any": cite_any,
        "citation_all": cite_all,
        "facts_found": sum(contains(record["answer"], fact) for fact in facts),
        "facts_total": len(facts),
    }
    failures = _failures(question, result, mode)
    unjudged = mode == "retrieval" and not answerable
    return QuestionResult(
        id=question["id"],
        type=question["type"],
        style=style_of(question),
        split=split_of(question["id"]),
        answer_chars=len(record["answer"]),
        latency_ms=float(record["latency_ms"]),
        failures=failures,
        passed=None if unjudged else not failures,
        **result,
    )


def _mean(values: Iterable[bool | float]) -> float | None:
    values = [float(v) for v in values]
    return round(sum(values) / len(values), 4) if values else None


def _percentile(values: list[float], q: int) -> float | None:
    if len(values) < 2:
        return round(values[0], 1) if values else None
    return round(statistics.quantiles(values, n=100, method="inclusive")[q - 1], 1)


def _within(rank: int | None, k: int) -> bool:
    return rank is not None and rank <= k


def retrieval_metrics(results: list[QuestionResult]) -> dict[str, float | None]:
    """hit@k, 'all sources in top k' (multi-source questions) and MRR over answerable questions."""
    gold = [r for r in results if r.type in ANSWERABLE and r.source_ranks]
    multi = [r for r in gold if len(r.source_ranks) > 1]
    metrics: dict[str, float | None] = {}
    for k in KS:
        metrics[f"hit@{k}"] = _mean(_within(r.first_rank, k) for r in gold)
    for k in KS:
        metrics[f"all_sources@{k}"] = _mean(
            all(_within(x, k) for x in r.source_ranks) for r in multi
        )
    metrics["mrr"] = _mean(1 / r.first_rank if r.first_rank else 0.0 for r in gold)
    return metrics


def answer_metrics(results: list[QuestionResult]) -> dict[str, float | None]:
    """Citation hit, key facts, refusal and false refusal (denominators in the module doc)."""
    answerable = [r for r in results if r.type in ANSWERABLE]
    with_facts = [r for r in answerable if r.facts_total]
    cited = [r for r in answerable if r.citation_any is not None]
    return {
        "citation_hit_any": _mean(r.citation_any for r in cited),
        "citation_hit_all": _mean(r.citation_all for r in cited),
        "key_fact_accuracy": _mean(r.facts_found == r.facts_total for r in with_facts),
        "key_fact_fraction": _mean(r.facts_found / r.facts_total for r in with_facts),
        "refusal_rate": _mean(r.declined for r in results if r.type in MUST_REFUSE),
        "refused_outright_rate": _mean(r.refused for r in results if r.type in MUST_REFUSE),
        "false_refusal_rate": _mean(r.refused for r in answerable),
        "part_declined_rate": _mean(r.declined and not r.refused for r in answerable),
    }


def aggregate(results: list[QuestionResult], mode: str) -> dict[str, float | None]:
    """All metrics of one group of questions (the whole run or one question type)."""
    latencies = [r.latency_ms for r in results]
    judged = [r.passed for r in results if r.passed is not None]
    metrics: dict[str, float | None] = {"questions": len(results), "pass_rate": _mean(judged)}
    metrics |= retrieval_metrics(results)
    if mode == "full":
        metrics |= answer_metrics(results)
    chars = [r.answer_chars for r in results]
    if mode == "full" and chars:
        metrics["answer_chars_mean"] = round(statistics.fmean(chars), 1)
        metrics["answer_chars_median"] = statistics.median(chars)
    metrics["latency_ms_p50"] = _percentile(latencies, 50)
    metrics["latency_ms_p95"] = _percentile(latencies, 95)
    return metrics


def _by_style(results: list[QuestionResult], mode: str) -> dict[str, dict]:
    present = {r.style for r in results}
    styles = [s for s in STYLES if s in present] + sorted(present - set(STYLES))
    return {s: aggregate([r for r in results if r.style == s], mode) for s in styles}


def score_run(questions: list[dict], records: list[dict], mode: str) -> dict:
    """Scores of one run: overall, per question type, per style, per split (dev / test, each
    overall and per style) and per question (for the report and diffs)."""
    by_id = {record["id"]: record for record in records}
    missing = [q["id"] for q in questions if q["id"] not in by_id]
    if missing:
        raise ValueError(
            f"no answer record for questions {missing}: re-run `python -m eval answer`"
        )
    results = [judge(q, by_id[q["id"]], mode) for q in questions]
    present = {r.type for r in results}
    types = [t for t in TYPES if t in present] + sorted(present - set(TYPES))
    return {
        "mode": mode,
        "overall": aggregate(results, mode),
        "by_type": {t: aggregate([r for r in results if r.type == t], mode) for t in types},
        "by_style": _by_style(results, mode),
        "splits": {
            split: {
                "overall": aggregate(part, mode),
                "by_style": _by_style(part, mode),
            }
            for split in SPLITS
            if (part := [r for r in results if r.split == split])
        },
        "questions": [asdict(r) | {"first_rank": r.first_rank} for r in results],
    }


def chunk_char_stats(texts: Iterable[str]) -> dict[str, int]:
    """Count, median and max characters of a chunking: ["ab", "abcd"] -> {"chunks": 2, "median": 3, "max": 4}."""
    lengths = [len(text) for text in texts]
    return {
        "chunks": len(lengths),
        "median": round(statistics.median(lengths)),
        "max": max(lengths),
    }
