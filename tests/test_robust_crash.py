"""Crash safety: ingests killed with SIGKILL at random points, and two ingests at once.

The previous index must keep loading and answering after every kill, the next ingest must
complete, and a second ingest while one runs must stop with a message instead of racing it.
"""

from __future__ import annotations

import fcntl
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from index.store import PolicyIndex
from settings import ROOT, Settings
from tests.support.corpora import LEAD, ingest_command, run_ingest, start_ingest, write_policies
from tests.support.served import offline_env

KILLS = 5
SEED = 20241124  # the kill delays are random but the same on every run
LOCK_WAIT_S = 60


def load(tmp_path: Path) -> PolicyIndex:
    return PolicyIndex.load(Settings(index_dir=tmp_path / "index", cache_dir=tmp_path / "cache"))


def answers(index: PolicyIndex) -> bool:
    return any(LEAD in hit.chunk.text for hit in index.search(LEAD, k=3))


def revise(docs: Path, revision: int) -> str:
    """A new paragraph in trade.txt, so the next ingest has something new to embed."""
    paragraph = f"第{revision}次修订：片区新增{revision}项跨境贸易便利化措施。"
    with (docs / "trade.txt").open("a", encoding="utf-8") as handle:
        handle.write(f"\n{paragraph}\n")
    return paragraph


def leftovers(tmp_path: Path) -> list[str]:
    return sorted(p.name for p in tmp_path.glob(".index.*") if p.is_dir())


@pytest.mark.slow
def test_sigkill_at_random_points_keeps_the_previous_index_answering(tmp_path: Path) -> None:
    docs, index, cache = tmp_path / "docs", tmp_path / "index", tmp_path / "cache"
    write_policies(docs)
    started = time.monotonic()
    assert run_ingest(docs, index, cache).returncode == 0
    full_run = time.monotonic() - started
    rng = random.Random(SEED)
    killed = 0
    for revision in range(1, KILLS + 1):
        revise(docs, revision)
        process = start_ingest(docs, index, cache)
        time.sleep(rng.uniform(0.1, full_run))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            killed += 1
        process.wait()
        assert answers(load(tmp_path)), f"no answering index after kill {revision}"
    assert killed >= KILLS // 2, "most runs must die mid-way for the test to mean anything"
    last = revise(docs, KILLS + 1)
    result = run_ingest(docs, index, cache)
    assert result.returncode == 0, result.stderr
    assert any(last in chunk.text for chunk in load(tmp_path).chunks)
    assert leftovers(tmp_path) == []


# Kill the ingest right after it first moves the live index folder away (if it ever does):
# a swap done in one step never gives this hook a chance, and the index must still load.
_DIE_AFTER_MOVING_THE_INDEX = """
import os, signal, sys
index = os.path.abspath(sys.argv[sys.argv.index("--index") + 1])
def dying(move):
    def moved(source, target, *args, **kwargs):
        move(source, target, *args, **kwargs)
        if os.path.abspath(source) == index:
            os.kill(os.getpid(), signal.SIGKILL)
    return moved
os.rename, os.replace = dying(os.rename), dying(os.replace)
from ingest.__main__ import main
sys.exit(main(sys.argv[1:]))
"""


def test_a_kill_while_the_new_index_is_swapped_in_leaves_one_that_loads(tmp_path: Path) -> None:
    docs, index, cache = tmp_path / "docs", tmp_path / "index", tmp_path / "cache"
    write_policies(docs)
    assert run_ingest(docs, index, cache).returncode == 0
    revise(docs, 1)
    command = [sys.executable, "-c", _DIE_AFTER_MOVING_THE_INDEX, *ingest_command(docs, index)[3:]]
    swapped = subprocess.run(command, cwd=ROOT, env=offline_env(cache_dir=str(cache)),
                             capture_output=True, timeout=120, check=False)  # fmt: skip
    assert swapped.returncode in (0, -signal.SIGKILL), swapped.stderr
    assert answers(load(tmp_path)), "no loadable index until the next ingest"
    assert run_ingest(docs, index, cache).returncode == 0


def lock_is_held(index: Path) -> bool:
    """True while some process holds the ingest lock next to the index."""
    lock = index.with_name(f".{index.name}.lock")
    if not lock.exists():
        return False
    with lock.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
        return False


def test_a_second_ingest_while_one_runs_stops_with_a_message(tmp_path: Path) -> None:
    docs, index = tmp_path / "docs", tmp_path / "index"
    write_policies(docs)
    for revision in range(1, 101):  # about ten seconds of embedding keeps the lock held
        revise(docs, revision)
    first = start_ingest(docs, index, tmp_path / "cache")
    deadline = time.monotonic() + LOCK_WAIT_S
    while not lock_is_held(index) and first.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert lock_is_held(index), "the first ingest never took the lock"
    second = run_ingest(docs, index, tmp_path / "second-cache")
    assert first.poll() is None, "the first ingest finished too early to race it"
    assert second.returncode != 0
    assert "another ingest is running" in second.stderr
    assert first.wait(timeout=180) == 0
    assert answers(load(tmp_path)) and leftovers(tmp_path) == []


def test_two_ingests_started_together_leave_one_complete_index(tmp_path: Path) -> None:
    docs, index, cache = tmp_path / "docs", tmp_path / "index", tmp_path / "cache"
    write_policies(docs)
    racers = [start_ingest(docs, index, cache) for _ in range(2)]
    codes = sorted(racer.wait(timeout=180) for racer in racers)
    assert codes[0] == 0
    assert answers(load(tmp_path)) and leftovers(tmp_path) == []
