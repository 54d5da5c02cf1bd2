"""Load on the JSON API and on the UI's Gradio path: the raw answer rate (Assistant.answer
in a loop on every core) against POST /api/v1/ask, and against Gradio's queued /ask
endpoint (the queue and concurrency group the chat uses), on a real server with C
concurrent clients for D seconds.

    python -m bench.api_load [--clients 32,128] [--seconds 60] [--replicas 1] [--via api,ui]
    raw Assistant.answer: 61.2 answers/s (2 threads)
    API, 32 clients, 60 s: 44.0 answers/s (72 % of raw) · p50 690 ms · p95 1020 ms · 0 errors
    UI, 32 clients, 60 s: 40.1 answers/s (66 % of raw) · p50 760 ms · p95 1210 ms · 0 errors

The server is `python app.py` in its own process (with --replicas N, N of them behind
nginx: python -m serving) over var/index with a private data folder and an API key made
for the run; the questions are the eval questions, in turn.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path

import httpx

from bench.app_start import free_port
from bench.stats import percentile
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


async def closed_loop(client: httpx.AsyncClient, clients: int, seconds: float, ask) -> dict:
    """`clients` loops each sending the next question as soon as the last one is answered,
    for `seconds`. `ask(client, n)` sends question n and returns "" when it was answered,
    else what went wrong (a status code, "error event")."""
    latencies: list[float] = []
    errors: dict[str, int] = {}
    deadline = time.monotonic() + seconds

    async def one(slot: int) -> None:
        n = slot
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                failed = await ask(client, n)
            except httpx.HTTPError as error:
                failed = type(error).__name__
            if failed:
                errors[failed] = errors.get(failed, 0) + 1
            else:
                latencies.append((time.perf_counter() - started) * 1000)
            n += clients

    began = time.monotonic()
    await asyncio.gather(*(one(i) for i in range(clients)))
    elapsed = time.monotonic() - began
    return {
        "clients": clients,
        "seconds": round(elapsed, 1),
        "answers_per_s": round(len(latencies) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies), 1) if latencies else None,
        "p95_ms": round(percentile(latencies, 95), 1) if latencies else None,
        "errors": errors,
    }


async def api_run(url: str, key: str, asked: list[str], clients: int, seconds: float) -> dict:
    """The load on POST /api/v1/ask."""

    async def ask(client: httpx.AsyncClient, n: int) -> str:
        response = await client.post("/api/v1/ask", json={"question": asked[n % len(asked)]})
        return "" if response.status_code == 200 else str(response.status_code)

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    headers = {"X-API-Key": key}
    async with httpx.AsyncClient(
        base_url=url, headers=headers, timeout=60, limits=limits
    ) as client:
        return await closed_loop(client, clients, seconds, ask)


async def ui_run(url: str, asked: list[str], clients: int, seconds: float) -> dict:
    """The same load through the Gradio path the UI uses: its queue (the "answer"
    concurrency group the chat shares), one question posted, its result read from the event
    stream, as a browser's page does."""
    endpoint = f"{url.rstrip('/')}/gradio_api/call/ask"

    async def ask(client: httpx.AsyncClient, n: int) -> str:
        posted = await client.post(endpoint, json={"data": [asked[n % len(asked)], []]})
        posted.raise_for_status()
        streamed = await client.get(f"{endpoint}/{posted.json()['event_id']}")
        return "" if "event: complete" in streamed.text else "error event"

    limits = httpx.Limits(max_connections=2 * clients, max_keepalive_connections=2 * clients)
    async with httpx.AsyncClient(timeout=120, limits=limits) as client:
        return await closed_loop(client, clients, seconds, ask)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.api_load", description=__doc__)
    parser.add_argument("--clients", default="32,128")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--replicas", type=int, default=1)
    parser.add_argument("--via", default="api,ui", help="api, ui (Gradio's queue) or both")
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "bench")
    args = parser.parse_args(argv)
    base = Settings.from_env()
    asked = questions()
    raw = raw_rate(base, asked, min(args.seconds, 30), threads=2)
    print(f"raw Assistant.answer: {raw:.1f} answers/s (2 threads)", flush=True)
    results = {"raw_answers_per_s": round(raw, 1), "replicas": args.replicas, "api": [], "ui": []}
    with tempfile.TemporaryDirectory(prefix="bench-api-") as scratch:
        settings = replace(base, data_dir=Path(scratch), port=free_port())
        with Registry.open(settings).session() as session:
            key = create_key(session, "bench", per_minute=MAX_PER_MINUTE, actor="bench")
        env = {
            **os.environ,
            "HF_HUB_OFFLINE": "1",
            "GRADIO_ANALYTICS_ENABLED": "False",
            "QA_PORT": str(settings.port),
            "QA_DATA_DIR": scratch,
            "QA_INDEX_DIR": str(settings.index_dir),
        }
        cluster = None
        if args.replicas > 1:
            from serving.__main__ import start

            ports = [free_port() for _ in range(args.replicas)]
            cluster = start(settings, ports, settings.port, Path(scratch) / "nginx", env)
            server = None
        else:
            with (Path(scratch) / "app.log").open("wb") as sink:
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
            for via in args.via.split(","):
                for clients in (int(c) for c in args.clients.split(",")):
                    if via == "api":
                        run = asyncio.run(api_run(url, key, asked, clients, args.seconds))
                    else:
                        run = asyncio.run(ui_run(url, asked, clients, args.seconds))
                    run["share_of_raw"] = round(run["answers_per_s"] / raw, 2)
                    results[via].append(run)
                    print(
                        f"{via.upper()}, {clients} clients, {run['seconds']:.0f} s: "
                        f"{run['answers_per_s']} answers/s ({run['share_of_raw']:.0%} of raw) · "
                        f"p50 {run['p50_ms']} ms · p95 {run['p95_ms']} ms · "
                        f"errors {run['errors'] or 0}",
                        flush=True,
                    )
        finally:
            if cluster is not None:
                cluster.stop()
            if server is not None:
                server.terminate()
                server.wait(timeout=30)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"api_load_{args.replicas}.json").write_text(
        json.dumps(results, indent=1), encoding="utf-8"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
