"""Load: 32 simulated users ask eval questions through the HTTP API of the running app for 60 s.

Zero errors; p95 latency and the server's memory (RSS at start, peak, end) are printed and
written to var/reports/robust-load.json. Traffic goes to 127.0.0.1 only and stops by itself.
"""

from __future__ import annotations

import json
import random
import statistics
import threading
import time
from dataclasses import asdict, dataclass

import pytest

from settings import ROOT
from tests.support.served import ServedApp, call_api, corpus_app

USERS = 32
DURATION_S = 60.0
REQUEST_TIMEOUT_S = 60.0  # 32 users share 2 answer slots; a turn waits its place in the queue
RSS_WARMUP_MB = 200  # the first concurrent turns grow thread stacks, arenas and caches
RSS_DRIFT_MB = 50  # after the first third of the run memory must level off
# The users draw from this many questions: by the end of the first third most have been
# asked, so the answering's bounded caches have stopped growing and growth after it is a leak.
QUESTION_POOL = 300
REPORT = ROOT / "var" / "reports" / "robust-load.json"


@dataclass
class LoadReport:
    users: int
    seconds: float
    requests: int
    errors: int
    p50_ms: float
    p95_ms: float
    max_ms: float
    rss_start_mb: float
    rss_third_mb: float  # one third into the run: warmed up under full concurrency
    rss_peak_mb: float
    rss_end_mb: float


@pytest.fixture(scope="module")
def app(request, policy_index, corpus_settings, tmp_path_factory) -> ServedApp:
    return corpus_app(request.config, corpus_settings.index_dir, tmp_path_factory.getbasetemp())


def eval_questions() -> list[str]:
    """The first QUESTION_POOL eval questions: a pool that does not grow with the eval set."""
    lines = (ROOT / "eval" / "questions.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["question"] for line in lines if line.strip()][:QUESTION_POOL]


def simulated_user(url: str, questions: list[str], seed: int, until: float, out: list) -> None:
    """Ask random eval questions one after another until the deadline; record each outcome."""
    rng = random.Random(seed)
    while time.monotonic() < until:
        started = time.monotonic()
        try:
            event, data = call_api(url, "ask", rng.choice(questions), [], timeout=REQUEST_TIMEOUT_S)
            ok = event == "complete" and bool(data[0]["answer"])
        except Exception as error:  # a failed request is what this test counts
            ok, data = False, repr(error)
        out.append((ok, time.monotonic() - started, None if ok else data))


def watch_memory(app: ServedApp, stop: threading.Event, samples: list[float]) -> None:
    """The server's RSS once a second until stopped."""
    while not stop.wait(1.0):
        samples.append(app.rss_mb())


def run_load(app: ServedApp, questions: list[str]) -> tuple[LoadReport, list]:
    call_api(app.url, "ask", questions[0], [])  # warm: the first answer builds caches
    rss_start, samples, stop = app.rss_mb(), [], threading.Event()
    outcomes: list = []
    started = time.monotonic()
    until = started + DURATION_S
    users = [
        threading.Thread(target=simulated_user, args=(app.url, questions, n, until, outcomes))
        for n in range(USERS)
    ]
    monitor = threading.Thread(target=watch_memory, args=(app, stop, samples))
    for thread in [monitor, *users]:
        thread.start()
    for thread in users:
        thread.join()
    stop.set()
    monitor.join()
    latencies = sorted(seconds * 1000 for _, seconds, _ in outcomes)
    report = LoadReport(
        users=USERS,
        seconds=round(time.monotonic() - started, 1),
        requests=len(outcomes),
        errors=sum(1 for ok, _, _ in outcomes if not ok),
        p50_ms=round(statistics.median(latencies), 1),
        p95_ms=round(statistics.quantiles(latencies, n=20)[-1], 1),
        max_ms=round(latencies[-1], 1),
        rss_start_mb=round(rss_start, 1),
        rss_third_mb=round(samples[len(samples) // 3], 1),
        rss_peak_mb=round(max(samples), 1),
        rss_end_mb=round(app.rss_mb(), 1),
    )
    return report, [detail for ok, _, detail in outcomes if not ok]


@pytest.mark.slow
def test_32_users_for_60_seconds_get_answers_without_errors(app):
    report, failures = run_load(app, eval_questions())
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(json.dumps(asdict(report), indent=2), encoding="utf-8")
    print(f"\nload: {report}")
    assert report.errors == 0, failures[:5]
    assert report.requests >= USERS
    assert report.rss_end_mb - report.rss_start_mb < RSS_WARMUP_MB, report
    assert report.rss_end_mb - report.rss_third_mb < RSS_DRIFT_MB, report
