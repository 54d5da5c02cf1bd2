"""Load on the JSON API and on the UI's Gradio path: the raw answer rate (Assistant.answer
in a loop on every core) against POST /api/v1/ask, and against Gradio's queued /ask
endpoint (the queue and concurrency group the chat uses), on a real server with C
concurrent clients for D seconds.

    python -m bench.api_load [--clients 32,128] [--seconds 60] [--replicas 1] [--via api,ui]
                             [--runs 1]
    raw Assistant.answer: 61.2 answers/s (2 threads)
    API, 32 clients, 60 s: 44.0 answers/s (72 % of raw) · p50 690 ms · p95 1020 ms · 0 errors
    UI, 32 clients, 60 s: 40.1 answers/s (66 % of raw) · p50 760 ms · p95 1210 ms · 0 errors

Every load runs on a fresh server: `python app.py` in its own process (with --replicas N, N
of them behind nginx: python -m serving) over var/index with a private data folder and an
API key made for the run. The raw rate is measured for as long, on a fresh Assistant in a
fresh process, so each starts with nothing remembered and the ratios compare like with like. The
questions are the eval questions, in turn. With --runs N each measurement is made N times
and the medians are reported (this machine is noisy).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

import httpx

from bench.app_start import free_port
from bench.clients import api_asker, api_client, timed_load
from registry.database import Registry
from registry.keys import MAX_PER_MINUTE, create_key
from settings import ROOT, Settings


def questions() -> list[str]:
    lines = (ROOT / "eval" / "questions.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["question"] for line in lines if line.strip()]


def raw_rate(settings: Settings, asked: list[str], seconds: float, threads: int) -> float:
    """Answers a second from Assistant.answer called in `threads` threads for `seconds`."""
    from answer.assistant import Assistant
    from index.store import PolicyIndex

    assistant = Assistant(PolicyIndex.load(settings), settings)
    for question in asked[:20]:
        assistant.answer(question)  # warm
    done = [0] * threads
    deadline = time.monotonic() + seconds

    def work(slot: int) -> None:
        n = slot
        while time.monotonic() < deadline:
            assistant.answer(asked[n % len(asked)])
            done[slot] += 1
            n += threads

    workers = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return sum(done) / seconds


async def api_run(url: str, key: str, asked: list[str], clients: int, seconds: float) -> dict:
    """The load on POST /api/v1/ask."""
    async with api_client(url, key, clients) as client:
        return await timed_load(client, clients, seconds, api_asker(asked))


async def ui_run(url: str, asked: list[str], clients: int, seconds: float) -> dict:
    """The same load through the Gradio path the UI uses: its queue (the "answer"
    concurrency group the chat shares), one question posted, its result read from the event
    stream, as a browser's page does. Each client is one visitor: its questions share one
    session, as a page's do (a session is made once per visitor, not per question)."""
    endpoint = f"{url.rstrip('/')}/gradio_api/call/ask"

    async def ask(client: httpx.AsyncClient, n: int) -> str:
        body = {"data": [asked[n % len(asked)], []], "session_hash": f"visitor-{n % clients}"}
        posted = await client.post(endpoint, json=body)
        posted.raise_for_status()
        streamed = await client.get(f"{endpoint}/{posted.json()['event_id']}")
        return "" if "event: complete" in streamed.text else "error event"

    limits = httpx.Limits(max_connections=2 * clients, max_keepalive_connections=2 * clients)
    async with httpx.AsyncClient(timeout=120, limits=limits) as client:
        return await timed_load(client, clients, seconds, ask)


@contextlib.contextmanager
def serving(base: Settings, scratch: Path, replicas: int) -> Iterator[tuple[str, str, list[str]]]:
    """A fresh server over base's index (and registry: base.database_url, else SQLite in
    the data folder), with a private data folder and an API key made for the run: `python
    app.py`, or `replicas` of them behind nginx (python -m serving). Yields (url, key, the
    replicas' own addresses, as their X-Replica header names them) once it answers; stops
    it after."""
    scratch.mkdir(parents=True)
    settings = replace(base, data_dir=scratch, port=free_port())
    registry = Registry.open(settings)
    with registry.session() as session:
        key = create_key(session, "bench", per_minute=MAX_PER_MINUTE, actor="bench")
    registry.engine.dispose()
    env = {
        **os.environ,
        "HF_HUB_OFFLINE": "1",
        "GRADIO_ANALYTICS_ENABLED": "False",
        "QA_PORT": str(settings.port),
        "QA_DATA_DIR": str(scratch),
        "QA_INDEX_DIR": str(settings.index_dir),
    }
    if settings.database_url:
        env["QA_DATABASE_URL"] = settings.database_url
    cluster = server = None
    addresses = [f"{settings.host}:{settings.port}"]
    if replicas > 1:
        from serving.__main__ import start

        ports = [free_port() for _ in range(replicas)]
        cluster = start(settings, ports, settings.port, scratch / "nginx", env)
        addresses = [f"127.0.0.1:{port}" for port in ports]
    else:
        with (scratch / "app.log").open("wb") as sink:
            server = subprocess.Popen(
                [sys.executable, "app.py"], cwd=ROOT, env=env, stdout=sink, stderr=sink
            )
    url = f"http://127.0.0.1:{settings.port}"
    try:
        for _ in range(360):
            try:
                if httpx.get(url, timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.5)
        yield url, key, addresses
    finally:
        if cluster is not None:
            cluster.stop()
        if server is not None:
            server.terminate()
            server.wait(timeout=30)


def summary(runs: list[dict], raw: float) -> dict:
    """The median run of several (answers/s, p50, p95), their spread and the errors summed."""

    def median(name: str) -> float | None:
        values = [r[name] for r in runs if r[name] is not None]
        return round(statistics.median(values), 1) if values else None

    errors: dict[str, int] = {}
    for run in runs:
        for kind, count in run["errors"].items():
            errors[kind] = errors.get(kind, 0) + count
    rates = [r["answers_per_s"] for r in runs]
    rate = median("answers_per_s")
    return {
        "clients": runs[0]["clients"],
        "runs": len(runs),
        "answers_per_s": rate,
        "answers_per_s_range": [min(rates), max(rates)],
        "share_of_raw": round(rate / raw, 2) if raw and rate is not None else None,
        "p50_ms": median("p50_ms"),
        "p95_ms": median("p95_ms"),
        "p95_ms_range": [min(r["p95_ms"] or 0 for r in runs), max(r["p95_ms"] or 0 for r in runs)],
        "errors": errors,
        "each": runs,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.api_load", description=__doc__)
    parser.add_argument("--clients", default="32,128")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--replicas", type=int, default=1)
    parser.add_argument("--via", default="api,ui", help="api, ui (Gradio's queue) or both")
    parser.add_argument("--runs", type=int, default=1, help="runs of each; medians reported")
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "bench")
    args = parser.parse_args(argv)
    base = Settings.from_env()
    asked = questions()
    raws: list[float] = []
    loads: dict[tuple[str, int], list[dict]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-api-") as scratch:
        for attempt in range(args.runs):
            # in a process of its own, so no run inherits another's remembered windows
            with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as fresh:
                raws.append(fresh.submit(raw_rate, base, asked, args.seconds, 2).result())
            print(f"raw Assistant.answer: {raws[-1]:.1f} answers/s (2 threads)", flush=True)
            for via in args.via.split(","):
                for clients in (int(c) for c in args.clients.split(",")):
                    folder = Path(scratch) / f"{attempt}-{via}-{clients}"
                    with serving(base, folder, args.replicas) as (url, key, _):
                        if via == "api":
                            run = asyncio.run(api_run(url, key, asked, clients, args.seconds))
                        else:
                            run = asyncio.run(ui_run(url, asked, clients, args.seconds))
                    loads.setdefault((via, clients), []).append(run)
                    print(
                        f"{via.upper()}, {clients} clients, {run['seconds']:.0f} s: "
                        f"{run['answers_per_s']} answers/s ({run['answers_per_s'] / raws[-1]:.0%}"
                        f" of raw) · p50 {run['p50_ms']} ms · p95 {run['p95_ms']} ms · "
                        f"errors {run['errors'] or 0}",
                        flush=True,
                    )
    raw = statistics.median(raws)
    results: dict = {"raw_answers_per_s": round(raw, 1), "raw_each": raws}
    results |= {"replicas": args.replicas, "api": [], "ui": []}
    if args.runs > 1:
        print(f"medians of {args.runs} runs: raw {raw:.1f} answers/s")
    for (via, _), runs in loads.items():
        line = summary(runs, raw)
        results[via].append(line)
        if args.runs > 1:
            low, high = line["answers_per_s_range"]
            print(
                f"  {via.upper()}, {line['clients']} clients: {line['answers_per_s']} answers/s "
                f"({low}–{high}; {line['share_of_raw']:.0%} of raw) · p50 {line['p50_ms']} ms · "
                f"p95 {line['p95_ms']} ms · errors {line['errors'] or 0}"
            )
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"api_load_{args.replicas}.json").write_text(
        json.dumps(results, indent=1), encoding="utf-8"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
