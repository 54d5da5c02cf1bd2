"""Failures under load: PostgreSQL stopped for a while, then one replica killed, while
clients keep asking and voting through nginx. Counts requests, errors and rows lost.

    python -m bench.failover [--clients 16] [--seconds 50] [--outage 10]
    PostgreSQL stopped at 8 s for 10 s · replica 127.0.0.1:41873 killed at 32 s
    asked 1012 (errors 0) · voted 337 accepted (errors 0)
    in the database: 1012 query-log rows, 337 votes · lost 0 · drained 3.1 s after the end

Two replicas (python -m serving) share a fresh PostgreSQL database made for the run and
the index in var/index. Stopping PostgreSQL stops the machine's server for everyone
(`pg_ctlcluster 15 main stop`); run this where nothing else needs it. The killed replica
is started again at the end on its port, so the votes and log lines it had accepted
(kept in its outbox spool) are copied too; a row still missing then is lost.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import httpx
from sqlalchemy import func, select

from bench.api_load import questions
from bench.app_start import free_port
from bench.scratch import fresh_database
from registry.database import Registry
from registry.keys import MAX_PER_MINUTE, create_key
from registry.models import Feedback, QueryLog
from settings import ROOT, Settings

CLUSTER = ("15", "main")


def postgres(action: str) -> None:
    """Start or stop the machine's PostgreSQL server (Debian's cluster tools)."""
    command = ["pg_ctlcluster", "--skip-systemctl-redirect", *CLUSTER, action]
    subprocess.run([*command, *(["-m", "fast"] if action == "stop" else [])], check=True)


def count(tally: dict, key: str, began: float, when: list[float]) -> None:
    tally[key] = tally.get(key, 0) + 1
    when.append(round(time.monotonic() - began, 1))


async def load(url: str, key: str, asked: list[str], clients: int, seconds: float) -> dict:
    """Each client asks in turn and votes on every third answer, until time is up."""
    tally: dict = {"asked": 0, "ask_errors": {}, "voted": 0, "vote_errors": {}, "errors_at_s": []}
    began = time.monotonic()
    deadline = began + seconds
    async with httpx.AsyncClient(base_url=url, headers={"X-API-Key": key}, timeout=60) as client:

        async def one(slot: int) -> None:
            n = 0
            while time.monotonic() < deadline:
                question = asked[(slot + n * clients) % len(asked)]
                try:
                    reply = await client.post("/api/v1/ask", json={"question": question})
                    if reply.status_code == 200:
                        tally["asked"] += 1
                    else:
                        count(
                            tally["ask_errors"], str(reply.status_code), began, tally["errors_at_s"]
                        )
                    if n % 3 == 0 and reply.status_code == 200:
                        vote = {
                            "conversation": f"s{slot}",
                            "turn": n,
                            "rating": "up",
                            "question": question,
                            "answer": reply.json()["answer"],
                        }
                        voted = await client.post("/api/v1/feedback", json=vote)
                        if voted.status_code == 202:
                            tally["voted"] += 1
                        else:
                            count(
                                tally["vote_errors"],
                                str(voted.status_code),
                                began,
                                tally["errors_at_s"],
                            )
                except httpx.HTTPError as error:
                    count(tally["ask_errors"], type(error).__name__, began, tally["errors_at_s"])
                n += 1

        await asyncio.gather(*(one(i) for i in range(clients)))
    return tally


def rows(registry: Registry) -> tuple[int, int]:
    with registry.session() as session:
        logged = session.scalar(
            select(func.count()).select_from(QueryLog).where(QueryLog.client == "bench")
        )
        votes = session.scalar(
            select(func.count()).select_from(Feedback).where(Feedback.conversation.like("bench:%"))
        )
    return int(logged or 0), int(votes or 0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.failover", description=__doc__)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=50)
    parser.add_argument("--outage", type=float, default=10, help="seconds PostgreSQL is down")
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "bench")
    args = parser.parse_args(argv)
    from serving.__main__ import start

    result: dict = {"clients": args.clients, "seconds": args.seconds, "outage_s": args.outage}
    with (
        fresh_database("qa_failover") as database,
        tempfile.TemporaryDirectory(prefix="bench-failover-") as scratch,
    ):
        settings = replace(
            Settings.from_env(), data_dir=Path(scratch), port=free_port(), database_url=database
        )
        registry = Registry.open(settings)
        with registry.session() as session:
            key = create_key(session, "bench", per_minute=MAX_PER_MINUTE, actor="bench")
        env = {
            **os.environ,
            "HF_HUB_OFFLINE": "1",
            "GRADIO_ANALYTICS_ENABLED": "False",
            "QA_DATA_DIR": scratch,
            "QA_INDEX_DIR": str(settings.index_dir),
            "QA_DATABASE_URL": database,
        }
        ports = [free_port(), free_port()]
        folder = Path(scratch) / "nginx"
        cluster = start(settings, ports, settings.port, folder, env)
        victim = ports[0]
        try:

            async def scenario() -> dict:
                running = asyncio.create_task(
                    load(cluster.url.rstrip("/"), key, questions(), args.clients, args.seconds)
                )
                stop_at = args.seconds * 0.15
                await asyncio.sleep(stop_at)
                await asyncio.to_thread(postgres, "stop")
                await asyncio.sleep(args.outage)
                await asyncio.to_thread(postgres, "start")
                kill_at = args.seconds * 0.65
                await asyncio.sleep(max(0.0, kill_at - stop_at - args.outage))
                cluster.replicas[victim].kill()
                result["postgres_stopped_at_s"] = round(stop_at, 1)
                result["replica_killed_at_s"] = round(kill_at, 1)
                return await running

            tally = asyncio.run(scenario())
            ended = time.monotonic()
            log = (folder / f"replica-{victim}.again.log").open("wb")
            cluster.replicas[victim] = subprocess.Popen(  # the killed replica comes back
                [sys.executable, "app.py"],
                cwd=ROOT,
                env={**env, "QA_PORT": str(victim), "QA_HOST": "127.0.0.1"},
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            expected = (tally["asked"], tally["voted"])
            deadline = time.monotonic() + 240
            while rows(registry) != expected and time.monotonic() < deadline:
                time.sleep(0.5)
            found = rows(registry)
            result |= {
                **tally,
                "query_log_rows": found[0],
                "vote_rows": found[1],
                "lost": (expected[0] - found[0]) + (expected[1] - found[1]),
                "drained_after_s": round(time.monotonic() - ended, 1),
            }
        finally:
            cluster.stop()
            registry.engine.dispose()
            with contextlib.suppress(subprocess.CalledProcessError):  # already running
                postgres("start")  # before the database is dropped
    print(
        f"PostgreSQL stopped at {result['postgres_stopped_at_s']} s for {args.outage:.0f} s · "
        f"replica killed at {result['replica_killed_at_s']} s\n"
        f"asked {result['asked']} (errors {result['ask_errors'] or 0}) · "
        f"voted {result['voted']} accepted (errors {result['vote_errors'] or 0})\n"
        f"in the database: {result['query_log_rows']} query-log rows, {result['vote_rows']} "
        f"votes · lost {result['lost']} · drained {result['drained_after_s']} s after the end"
        + (f"\nerrors at (s): {result['errors_at_s']}" if result["errors_at_s"] else "")
    )
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "failover.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
