"""Run one benchmark worker in a fresh Python process: wall time, peak RSS and its JSON result.

A fresh process is what "cold" and "peak memory" mean: nothing imported, nothing
cached in memory, and the tree's RSS belongs to the measured work alone. The worker
writes its result as JSON to the file named by --result.

Example:
    run = run_worker("bench.ingest_run", ["--docs", "docs", "--index", "/tmp/i"], env={})
    run.wall_s, run.peak_mb, run.result["parse_s"]  -> (41.8, 655.0, 0.31)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.rss import TreeSampler
from settings import ROOT

OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "GRADIO_ANALYTICS_ENABLED": "False",
    "TOKENIZERS_PARALLELISM": "false",
}


@dataclass(frozen=True)
class WorkerRun:
    result: dict
    wall_s: float  # process start to exit, imports included
    peak_mb: float  # highest RSS of the process tree


def child_env(extra: dict[str, str]) -> dict[str, str]:
    """This process's environment, offline switches on, plus the given variables.

    Example: child_env({"QA_PORT": "7999"}) -> {"PATH": …, "HF_HUB_OFFLINE": "1", "QA_PORT": "7999"}
    """
    return {**os.environ, **OFFLINE_ENV, **extra}


def run_worker(
    module: str, args: list[str], env: dict[str, str], timeout_s: float = 900
) -> WorkerRun:
    """`python -m module *args --result FILE` under env; raises with its stderr if it fails,
    and stops it (raising) when it runs longer than timeout_s."""
    with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
        result_file = Path(scratch) / "result.json"
        command = [sys.executable, "-m", module, *args, "--result", str(result_file)]
        started = time.perf_counter()
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=child_env(env),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        with TreeSampler(process.pid) as memory:
            try:
                _, stderr = process.communicate(timeout=timeout_s)
            except subprocess.TimeoutExpired:
                process.kill()  # never left running behind the bench
                process.communicate()
                raise RuntimeError(f"{module} ran longer than {timeout_s:.0f} s; stopped") from None
        wall_s = time.perf_counter() - started
        if process.returncode != 0:
            raise RuntimeError(f"{module} failed ({process.returncode}):\n{stderr[-2000:]}")
        result = json.loads(result_file.read_text(encoding="utf-8"))
    return WorkerRun(result=result, wall_s=round(wall_s, 3), peak_mb=memory.peak_mb)
