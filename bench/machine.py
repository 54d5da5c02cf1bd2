"""The machine a benchmark ran on, so every number in the README can say where it came from.

The load average is recorded before and after: on two cores anything else running
(a test suite, another eval) shows up directly in the latencies.

Example:
    describe_machine()
    -> {"cpu": "AMD EPYC 7B13", "cores": 2, "ram_gb": 23.4, "python": "3.11.9",
        "load_1m": 0.12, "commit": "303da78", "omp": {"OMP_WAIT_POLICY": ""}, ...}
"""

from __future__ import annotations

import os
import platform
import subprocess
from datetime import datetime
from pathlib import Path

import faiss
import psutil

from settings import ROOT

OMP_VARIABLES = ("OMP_NUM_THREADS", "OMP_WAIT_POLICY")


def cpu_model(cpuinfo: Path = Path("/proc/cpuinfo")) -> str:
    """The "model name" line of /proc/cpuinfo, or what platform knows."""
    try:
        for line in cpuinfo.read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def commit() -> str:
    """Short hash of the checked-out commit (read only), "+dirty" with uncommitted changes."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
    except OSError:
        return "unknown"
    return f"{head}+dirty" if head and dirty else head or "unknown"


def describe_machine() -> dict:
    return {
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "ram_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "faiss_threads": faiss.omp_get_max_threads(),
        "omp": {name: os.environ.get(name, "") for name in OMP_VARIABLES},
        "load_1m": round(os.getloadavg()[0], 2),
        "commit": commit(),
        "started": datetime.now().isoformat(timespec="seconds"),
    }
