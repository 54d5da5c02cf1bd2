"""Run history under var/reports: one timestamped folder per run, `latest`, and run-to-run diffs.

Example:
    run_dir = new_run_dir(Path("var/reports"))        # var/reports/20250101-120000
    previous = previous_run(Path("var/reports"), run_dir, mode="full")
    diff_runs(load_scores(previous), scores)
    -> {"previous": "20241231-090000", "newly_failing": ["fact-07"], "newly_passing": [],
        "deltas": {"hit@5": -0.02, ...}}
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path

DIFF_METRICS = ("hit@1", "hit@5", "mrr", "citation_hit_any", "key_fact_accuracy", "pass_rate")
TIMESTAMP = "%Y%m%d-%H%M%S"


def new_run_dir(reports_root: Path, now: datetime | None = None) -> Path:
    """Create var/reports/<timestamp>; a second run in the same second gets a -2 suffix."""
    stamp = (now or datetime.now()).strftime(TIMESTAMP)
    run_dir, n = reports_root / stamp, 1
    while run_dir.exists():
        n += 1
        run_dir = reports_root / f"{stamp}-{n}"
    run_dir.mkdir(parents=True)
    return run_dir


def update_latest(run_dir: Path) -> Path:
    """Point <reports>/latest at run_dir (relative symlink, swapped atomically)."""
    latest = run_dir.parent / "latest"
    temporary = run_dir.parent / f".latest-{os.getpid()}"
    temporary.unlink(missing_ok=True)
    temporary.symlink_to(run_dir.name, target_is_directory=True)
    os.replace(temporary, latest)
    return latest


def previous_run(reports_root: Path, run_dir: Path, mode: str) -> Path | None:
    """The most recent earlier run of the same mode (full or retrieval) that finished scoring."""
    earlier = [
        d
        for d in reports_root.iterdir()
        if d.is_dir() and not d.is_symlink() and d.name < run_dir.name
    ]
    for candidate in sorted(earlier, reverse=True):
        if (candidate / "scores.json").exists() and load_scores(candidate)["mode"] == mode:
            return candidate
    return None


def load_scores(run_dir: Path) -> dict:
    return json.loads((run_dir / "scores.json").read_text(encoding="utf-8"))


def diff_runs(previous: dict, current: dict, previous_name: str = "") -> dict:
    """Questions that flipped between two runs (judged in both) and headline metric deltas."""
    before = {q["id"]: q["passed"] for q in previous["questions"] if q["passed"] is not None}
    after = {q["id"]: q["passed"] for q in current["questions"] if q["passed"] is not None}
    common = sorted(before.keys() & after.keys())
    deltas = {}
    for name in DIFF_METRICS:
        old, new = previous["overall"].get(name), current["overall"].get(name)
        if old is not None and new is not None:
            deltas[name] = round(new - old, 4)
    return {
        "previous": previous_name,
        "newly_failing": [qid for qid in common if before[qid] and not after[qid]],
        "newly_passing": [qid for qid in common if after[qid] and not before[qid]],
        "new_questions": sorted(after.keys() - before.keys()),
        "deltas": deltas,
    }
