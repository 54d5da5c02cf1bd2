"""Smoke test: `python -m bench --quick` runs every measurement on tiny inputs and saves them.

Quick mode measures once, on 12 questions, the smallest document and 1,000 synthetic
chunks, against the session index; its numbers mean nothing, the run and its files do.
Everything it writes goes under tmp_path (results, embedding cache, app data).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time

import pytest

from bench.child import run_worker
from settings import ROOT
from tests.support.postgres import postgres_running


def _bench(module: str, args: list[str], policy_index, tmp_path) -> subprocess.CompletedProcess:
    """`python -m <module> <args>` over the session index; its data, cache and results (under
    tmp_path/bench) stay in tmp_path."""
    env = {
        **os.environ,
        "HF_HUB_OFFLINE": "1",
        "GRADIO_ANALYTICS_ENABLED": "False",
        "QA_INDEX_DIR": str(policy_index.folder),
        "QA_CACHE_DIR": str(tmp_path / "cache"),
        "QA_DATA_DIR": str(tmp_path / "data"),
    }
    return subprocess.run(
        [sys.executable, "-m", module, *args, "--out", str(tmp_path / "bench")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=500,
    )


def test_quick_bench_measures_everything_and_writes_results(policy_index, tmp_path):
    out = tmp_path / "bench"
    done = _bench("bench", ["--quick"], policy_index, tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "── targets (medians) ──" in done.stdout

    results = json.loads((out / "bench.json").read_text(encoding="utf-8"))
    assert {"latency", "ingest", "app", "scaling", "peer", "targets"} <= results.keys()
    assert results["latency"]["spreads"]["answer_p50_ms"]["median"] > 0
    assert results["ingest"]["cold_embed_chunks_per_s"]["median"] > 0
    assert results["app"]["start_to_answer_s"]["median"] > 0
    assert [row["size"] for row in results["scaling"]["rows"]] == [1_000]
    assert results["peer"]["ratios"]["answer_chars_median"] is not None
    assert {verdict["name"] for verdict in results["targets"]} >= {"answer p50 (docs/)"}
    assert (out / "scaling.png").stat().st_size > 10_000
    assert "### Performance" in (out / "performance.md").read_text(encoding="utf-8")


def test_load_bench_serves_each_run_fresh_and_reports_medians(policy_index, tmp_path):
    """`python -m bench.api_load --runs 2`: two runs, each on a fresh server, every answer
    counted (none failed) and the medians written beside each run."""
    out = tmp_path / "bench"
    args = ["--via", "api,ui", "--clients", "2", "--seconds", "2", "--runs", "2"]
    done = _bench("bench.api_load", args, policy_index, tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "medians of 2 runs" in done.stdout

    results = json.loads((out / "api_load_1.json").read_text(encoding="utf-8"))
    assert len(results["raw_each"]) == 2 and results["raw_answers_per_s"] > 0
    for via in ("api", "ui"):
        (line,) = results[via]
        assert line["runs"] == 2 and len(line["each"]) == 2
        assert line["errors"] == {}
        assert all(run["answers_per_s"] > 0 for run in line["each"])
        low, high = line["answers_per_s_range"]
        assert low <= line["answers_per_s"] <= high


def test_publish_bench_times_every_replica_reaching_each_new_version(policy_index, tmp_path):
    """`python -m bench.publish --runs 2`: two versions published into the folder two
    replicas share, each replica's answer seen to come from each, and no request failed
    while they swapped."""
    postgres_running()
    # the session's embedding cache, so each run's build embeds only its notice
    shutil.copytree(ROOT / "var" / "cache", tmp_path / "cache")
    out = tmp_path / "bench"
    args = ["--replicas", "2", "--runs", "2", "--clients", "2"]
    done = _bench("bench.publish", args, policy_index, tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "published → every replica answering from it" in done.stdout

    results = json.loads((out / "publish.json").read_text(encoding="utf-8"))
    assert [run["run"] for run in results["each"]] == [1, 2]
    for run in results["each"]:
        assert len(run["replicas"]) == 2  # both replicas answered from this version
        assert all(0 < seconds < 30 for seconds in run["replicas"].values())
        assert run["seconds"] == max(run["replicas"].values())
        assert run["client_requests"] > 0 and run["failed"] == {}
    assert {address for run in results["each"] for address in run["replicas"]} == set(
        results["each"][0]["replicas"]
    )
    spread = results["publish_to_every_replica_s"]
    assert spread["runs"] == 2 and 0 < spread["min"] <= spread["median"] <= spread["max"] < 30
    assert results["during_swaps"]["failed"] == {} and results["in_all"]["failed"] == {}


def test_a_worker_running_too_long_is_stopped_and_reported():
    started = time.monotonic()
    with pytest.raises(RuntimeError, match="ran longer than 2 s"):
        run_worker("tests.support.sleeper", [], env={}, timeout_s=2)
    assert time.monotonic() - started < 20  # not the worker's minute
    leftover = subprocess.run(
        ["pgrep", "-f", "tests.support.sleeper"], capture_output=True, text=True, check=False
    )
    assert leftover.stdout.strip() == ""  # nothing left running behind the bench
