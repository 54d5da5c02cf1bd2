"""Cold ingest (fresh index and embedding cache) and a second ingest with nothing changed.

Each repeat gets a new temporary index folder and cache folder, runs the worker twice in
fresh processes and keeps: parse seconds (parse_corpus), build seconds (build_index),
wall seconds of the process (imports included, as a user of `python -m ingest` waits)
and peak RSS. build_index reports no split of its own, so embedding time is taken as
cold build minus second build: the second build does everything but embed.

Example:
    measure_ingest(Path("docs"), repeats=3)["cold_parse_chunks_per_s"]
    -> {"median": 1021.0, "min": 990.2, "max": 1100.4, "runs": 3}

Worker: python -m bench.ingest_speed --docs DIR --index DIR --cache DIR --result FILE
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from bench.child import WorkerRun, run_worker
from bench.stats import Spread, spreads
from index.build import build_index
from ingest.model import CHUNKER_VERSION
from ingest.pipeline import parse_corpus
from settings import Settings


def measure_ingest(docs_dir: Path, repeats: int) -> dict[str, Spread]:
    """Spreads over `repeats` (cold ingest, second ingest) pairs, each in fresh folders."""
    runs = []
    for _ in range(repeats):
        with tempfile.TemporaryDirectory(prefix="bench-ingest-") as scratch:
            args = ["--docs", str(docs_dir), "--index", f"{scratch}/index"]
            args += ["--cache", f"{scratch}/cache"]
            cold = run_worker("bench.ingest_speed", args, env={})
            second = run_worker("bench.ingest_speed", args, env={})
        runs.append(ingest_numbers(cold, second))
    return spreads(runs)


def ingest_numbers(cold: WorkerRun, second: WorkerRun) -> dict[str, float]:
    """Seconds, chunks per second and peak memory of one cold + second ingest pair.

    Example: 313 chunks, parse 0.3 s, cold build 40.3 s, second build 0.9 s
    -> embed_s 39.4, cold_parse_chunks_per_s 1043, cold_embed_chunks_per_s 7.9, ...
    """
    chunks = cold.result["chunks"]
    embed_s = max(cold.result["build_s"] - second.result["build_s"], 1e-6)
    cold_work_s = cold.result["parse_s"] + cold.result["build_s"]
    if second.result["embedded"]:
        raise RuntimeError(f"second ingest embedded {second.result['embedded']} passages")
    return {
        "chunks": chunks,
        "cold_wall_s": cold.wall_s,
        "cold_parse_s": cold.result["parse_s"],
        "cold_build_s": cold.result["build_s"],
        "cold_embed_s": embed_s,
        "cold_chunks_per_s": chunks / cold_work_s,
        "cold_parse_chunks_per_s": chunks / cold.result["parse_s"],
        "cold_embed_chunks_per_s": cold.result["embedded"] / embed_s,
        "cold_peak_mb": cold.peak_mb,
        "second_wall_s": second.wall_s,
        "second_work_s": second.result["parse_s"] + second.result["build_s"],
        "second_peak_mb": second.peak_mb,
    }


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.ingest_speed")
    for name in ("--docs", "--index", "--cache", "--result"):
        parser.add_argument(name, type=Path, required=True)
    args = parser.parse_args()
    settings = Settings.from_env(docs_dir=args.docs, index_dir=args.index, cache_dir=args.cache)
    started = time.perf_counter()
    corpus = parse_corpus(settings.docs_dir)
    parsed = time.perf_counter()
    report = build_index(corpus.chunks, corpus.documents, settings, chunker_version=CHUNKER_VERSION)
    built = time.perf_counter()
    result = {
        "chunks": report.chunks,
        "parse_s": parsed - started,
        "build_s": built - parsed,
        "embedded": report.embedded,
        "reused": report.reused,
        "index_type": report.index_type,
    }
    args.result.write_text(json.dumps(result), encoding="utf-8")


if __name__ == "__main__":
    main()
