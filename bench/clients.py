"""Closed-loop load clients shared by the benches: each client sends its next question as
soon as the last one is answered, until told to stop; every request is kept as (started,
ended, "" or what failed).

Example:
    async with api_client(url, key, clients=32) as client:
        await timed_load(client, 32, 60, api_asker(questions))
    -> {"clients": 32, "seconds": 60.0, "answers_per_s": 31.5, "p50_ms": 990.0, …}
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections import Counter
from collections.abc import Callable

import httpx

from bench.stats import percentile

Request = tuple[float, float, str]  # (started, ended, "" when answered, else what failed)


async def closed_loop(
    client: httpx.AsyncClient, clients: int, ask, done: Callable[[], bool], made: list[Request]
) -> None:
    """`clients` loops each sending the next question as soon as the last one is answered,
    until `done()`; every request is appended to `made`. `ask(client, n)` sends question n
    and returns "" when it was answered, else what went wrong (a status code, "error
    event")."""

    async def one(slot: int) -> None:
        n = slot
        while not done():
            started = time.monotonic()
            try:
                failed = await ask(client, n)
            except httpx.HTTPError as error:
                failed = type(error).__name__
            made.append((started, time.monotonic(), failed))
            n += clients

    await asyncio.gather(*(one(i) for i in range(clients)))


async def timed_load(client: httpx.AsyncClient, clients: int, seconds: float, ask) -> dict:
    """closed_loop for `seconds`, summarised: answers a second, latency p50/p95 of the
    answered requests, failures by kind."""
    made: list[Request] = []
    began = time.monotonic()
    deadline = began + seconds
    await closed_loop(client, clients, ask, lambda: time.monotonic() >= deadline, made)
    elapsed = time.monotonic() - began
    latencies = [(ended - started) * 1000 for started, ended, failed in made if not failed]
    return {
        "clients": clients,
        "seconds": round(elapsed, 1),
        "answers_per_s": round(len(latencies) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies), 1) if latencies else None,
        "p95_ms": round(percentile(latencies, 95), 1) if latencies else None,
        "errors": dict(Counter(failed for _, _, failed in made if failed)),
    }


def api_asker(asked: list[str]):
    """`ask` for closed_loop: question n posted to POST /api/v1/ask."""

    async def ask(client: httpx.AsyncClient, n: int) -> str:
        response = await client.post("/api/v1/ask", json={"question": asked[n % len(asked)]})
        return "" if response.status_code == 200 else str(response.status_code)

    return ask


def api_client(url: str, key: str, clients: int) -> httpx.AsyncClient:
    """A client of the JSON API with `key`, one connection per closed-loop client."""
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    return httpx.AsyncClient(base_url=url, headers={"X-API-Key": key}, timeout=60, limits=limits)
