"""From publishing an index version to every replica answering from it: N replicas behind
nginx share one index folder; a new build is published into it while clients keep asking
through nginx, and each replica is asked on its own port until it answers from the new
build. Counts the requests made meanwhile and those that failed.

    python -m bench.publish [--replicas 2] [--runs 5] [--clients 2] [--out var/bench]
    run 1: 3.8 s (127.0.0.1:55963 3.5 s, 127.0.0.1:41689 3.8 s) · built in 2.4 s
    …
    run 5: 4.5 s (127.0.0.1:55963 4.5 s, 127.0.0.1:41689 3.6 s) · built in 2.0 s
    published → every replica answering from it: 4.5 s (3.7–5.2), 5 runs, 2 replicas
    during the swaps: 245 requests from 2 clients via nginx, 264 polls, failed 0
    in all: 354 requests from the clients, failed 0

The replicas (python -m serving) are started once for all the runs, over private copies
of docs/ and of the index in var/index, with a fresh PostgreSQL database made for the
bench (as bench.failover does). A run publishes as `python -m ingest` does (build_index
into the shared folder, which it replaces atomically): docs/ plus one notice with a figure
no other run uses ("冷藏集装箱查验时限压缩为N小时"). The clock starts when the build is in
place and stops, for each replica, at its first answer to the notice's question that holds
the run's figure; a run's number is its slowest replica's, and the median of the runs is
reported with their range. Requests during the swaps are those in flight between the two
moments, the clients' and the polls'; any answer but a 200 counts as failed. Results go
to var/bench/publish.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import httpx

from bench.api_load import questions, serving
from bench.clients import Request, api_asker, api_client, closed_loop
from bench.scratch import fresh_database
from bench.stats import show, spread
from settings import ROOT, Settings

POLL_S = 0.1  # a replica not yet answering from the new build is asked again after this
NOTICE = "bench-publish.txt"
QUESTION = "冷藏集装箱查验时限压缩为多少小时？"


def notice(run: int) -> tuple[str, str]:
    """(the notice's text, the figure an answer from it holds): two digits, so no run's
    figure is part of another's."""
    hours = 10 + run
    text = f"青岛自贸片区冷藏集装箱查验试点通知\n\n冷藏集装箱查验时限压缩为{hours}小时。\n"
    return text, f"{hours}小时"


class Load:
    """`clients` closed-loop clients asking through nginx until the block ends; each
    request kept as (started, ended, "" or what failed)."""

    def __init__(self, url: str, key: str, asked: list[str], clients: int) -> None:
        self.url, self.key, self.asked, self.clients = url, key, asked, clients
        self.requests: list[Request] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=lambda: asyncio.run(self._run()), daemon=True)

    async def _run(self) -> None:
        async with api_client(self.url, self.key, self.clients) as client:
            ask = api_asker(self.asked)
            await closed_loop(client, self.clients, ask, self._stop.is_set, self.requests)

    def __enter__(self) -> Load:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()  # each client finishes the request it is in, then stops
        self._thread.join(timeout=120)


def first_answer(
    address: str, key: str, figure: str, published: float, timeout: float, stop: threading.Event
) -> tuple[float, list[Request]]:
    """Ask the replica at `address` (its own port) until its answer holds `figure`: (seconds
    from `published` to that answer, every request made)."""
    made: list[Request] = []
    url = f"http://{address}"
    with httpx.Client(base_url=url, headers={"X-API-Key": key}, timeout=60) as client:
        while not stop.is_set():
            started = time.monotonic()
            try:
                reply = client.post("/api/v1/ask", json={"question": QUESTION})
                failed = "" if reply.status_code == 200 else str(reply.status_code)
            except httpx.HTTPError as error:
                reply, failed = None, type(error).__name__
            ended = time.monotonic()
            made.append((started, ended, failed))
            if reply is not None and not failed and figure in reply.json()["answer"]:
                if reply.headers.get("x-replica") != address:
                    raise RuntimeError(f"{address} answered as {reply.headers.get('x-replica')}")
                return ended - published, made
            if ended - published > timeout:
                raise TimeoutError(f"{address} not answering from the new build after {timeout} s")
            time.sleep(POLL_S)
    raise RuntimeError("stopped")


def publish(settings: Settings, run: int, parsed: dict) -> tuple[str, float]:
    """Write this run's notice into docs and build the index into the shared folder, as
    `python -m ingest` does: (the figure an answer from the new build holds, build seconds)."""
    from index.build import build_index  # the embedding stack, loaded once
    from ingest.model import CHUNKER_VERSION
    from ingest.pipeline import parse_corpus

    text, figure = notice(run)
    (settings.docs_dir / NOTICE).write_text(text, encoding="utf-8")
    started = time.monotonic()
    corpus = parse_corpus(settings.docs_dir, cache=parsed)
    build_index(corpus.chunks, corpus.documents, settings, chunker_version=CHUNKER_VERSION)
    return figure, time.monotonic() - started


def failures(requests: list[Request]) -> Counter[str]:
    """How many requests failed, by what went wrong."""
    return Counter(failed for _, _, failed in requests if failed)


def measure(
    base: Settings, scratch: Path, replicas: int, runs: int, clients: int, timeout: float
) -> dict:
    """The runs' seconds and the requests made meanwhile (see the module docstring)."""
    shutil.copytree(base.docs_dir, scratch / "docs")
    shutil.copytree(base.index_dir, scratch / "index")
    each: list[dict] = []
    parsed: dict = {}  # unchanged files are parsed once, as the 管理 area's re-index does
    stop = threading.Event()
    with fresh_database("qa_publish") as database:
        settings = replace(
            base, docs_dir=scratch / "docs", index_dir=scratch / "index", database_url=database
        )
        with (
            serving(settings, scratch / "data", replicas) as (url, key, addresses),
            Load(url, key, questions(), clients) as load,
            ThreadPoolExecutor(len(addresses)) as pollers,
        ):
            try:
                for run in range(1, runs + 1):
                    figure, built = publish(settings, run, parsed)
                    published = time.monotonic()
                    asking = {
                        address: pollers.submit(
                            first_answer, address, key, figure, published, timeout, stop
                        )
                        for address in addresses
                    }
                    reached = {address: future.result() for address, future in asking.items()}
                    seconds = {address: round(s, 2) for address, (s, _) in reached.items()}
                    ended = published + max(seconds.values())
                    polls = [r for _, made in reached.values() for r in made]
                    asked = [r for r in list(load.requests) if r[0] < ended and r[1] > published]
                    each.append(
                        {
                            "run": run,
                            "seconds": max(seconds.values()),
                            "replicas": seconds,
                            "build_s": round(built, 2),
                            "client_requests": len(asked),
                            "polls": len(polls),
                            "failed": failures(asked + polls),
                        }
                    )
                    print(
                        f"run {run}: {max(seconds.values()):.1f} s ("
                        + ", ".join(f"{a} {s:.1f} s" for a, s in seconds.items())
                        + f") · built in {built:.1f} s",
                        flush=True,
                    )
            finally:
                stop.set()  # a poller still asking gives up
    failed = sum((run["failed"] for run in each), Counter())
    return {
        "replicas": replicas,
        "clients": clients,
        "publish_to_every_replica_s": spread(run["seconds"] for run in each),
        "during_swaps": {
            "client_requests": sum(run["client_requests"] for run in each),
            "polls": sum(run["polls"] for run in each),
            "failed": failed,
        },
        "in_all": {"client_requests": len(load.requests), "failed": failures(load.requests)},
        "each": each,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.publish", description=__doc__)
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--runs", type=int, default=5, help="versions published; median reported")
    parser.add_argument("--clients", type=int, default=2, help="clients asking through nginx")
    parser.add_argument("--timeout", type=float, default=60, help="seconds a run may take")
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "bench")
    args = parser.parse_args(argv)
    if args.replicas < 2:
        parser.error("--replicas: at least 2 (replicas behind nginx)")
    # a plain `kill` unwinds like Ctrl-C, so the replicas, nginx and the database go too
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    with tempfile.TemporaryDirectory(prefix="bench-publish-") as scratch:
        result = measure(
            Settings.from_env(), Path(scratch), args.replicas, args.runs, args.clients, args.timeout
        )
    during, overall = result["during_swaps"], result["in_all"]
    print(
        f"published → every replica answering from it: "
        f"{show(result['publish_to_every_replica_s'], 's')}, {args.runs} runs, "
        f"{args.replicas} replicas\n"
        f"during the swaps: {during['client_requests']:,} requests from {args.clients} clients "
        f"via nginx, {during['polls']:,} polls, failed {sum(during['failed'].values())}\n"
        f"in all: {overall['client_requests']:,} requests from the clients, "
        f"failed {sum(overall['failed'].values())}"
    )
    if during["failed"] or overall["failed"]:
        print(f"failed during the swaps: {during['failed']} · in all: {overall['failed']}")
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "publish.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
