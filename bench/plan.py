"""How much of everything a bench run measures: the full run and the --quick smoke run.

The full run keeps `make bench` near ten minutes on two cores (the 1M-chunk point dominates
the first run, whose IVF build is cached for later ones). --quick runs every measurement
once on a few questions, the smallest document and the smallest corpus size: it shows the
code works, not how fast it is.

Example:
    plan_for(quick=True).sizes  -> (1000,)
    tiny_docs(Path("docs"), Path("/tmp/x"))  -> /tmp/x with the smallest document + manifest
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from bench.scaling import SIZES
from ingest.manifest import MANIFEST_NAME


@dataclass(frozen=True)
class Plan:
    latency_passes: int  # timed passes over the questions (after one warm-up pass)
    variant_passes: int  # passes under the other OpenMP wait policy (bench/steps.py); 0 = skip
    variant_every: int  # over every n-th of the latency questions
    ingest_repeats: int  # cold + second ingest pairs
    app_repeats: int  # fresh app starts
    app_questions: int  # questions asked of each started app while its RSS is sampled
    scaling_passes: int
    peer_passes: int
    question_every: int  # use every n-th eval question for latency and peer
    scaling_every: int  # and every n-th for the scaling curve
    sizes: tuple[int, ...]
    tiny_docs: bool  # ingest (and the peer) on the smallest document only


FULL = Plan(
    latency_passes=5,
    variant_passes=1,
    variant_every=3,
    ingest_repeats=3,
    app_repeats=3,
    app_questions=30,
    scaling_passes=3,
    peer_passes=3,
    question_every=1,
    scaling_every=2,
    sizes=SIZES,
    tiny_docs=False,
)
QUICK = Plan(
    latency_passes=1,
    variant_passes=0,
    variant_every=1,
    ingest_repeats=1,
    app_repeats=1,
    app_questions=2,
    scaling_passes=1,
    peer_passes=1,
    question_every=20,
    scaling_every=40,
    sizes=(1_000,),
    tiny_docs=True,
)


def plan_for(quick: bool) -> Plan:
    return QUICK if quick else FULL


def tiny_docs(docs_dir: Path, target: Path) -> Path:
    """A docs folder holding only the smallest document (and the manifest describing it)."""
    smallest = min(
        (p for p in docs_dir.iterdir() if p.is_file() and p.name != MANIFEST_NAME),
        key=lambda p: p.stat().st_size,
    )
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(smallest, target / smallest.name)
    if (docs_dir / MANIFEST_NAME).exists():
        shutil.copy(docs_dir / MANIFEST_NAME, target / MANIFEST_NAME)
    return target
