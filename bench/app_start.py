"""App start with a built index until it answers, and the serving app's peak memory.

`python app.py` is started as a subprocess on a free 127.0.0.1 port (QA_PORT, QA_INDEX_DIR;
QA_DATA_DIR is a temporary folder so feedback stays out of var/). The clock runs from the
spawn until the /ask API returns an answer; the API is polled over plain HTTP (Gradio's
/gradio_api/call/ask: POST the inputs, then read the event stream), so no client library
start-up counts against the app. Then it answers a set of questions one by one while the
process tree's RSS is sampled.

Example:
    measure_app_start(Path("var/index"), ["四证一单是什么？"], repeats=3)
    -> {"start_to_answer_s": {"median": 6.1, ...}, "serving_peak_mb": {"median": 702.3, ...}}
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench.child import child_env
from bench.rss import TreeSampler
from bench.stats import Spread, spreads
from settings import ROOT

HOST = "127.0.0.1"
POLL_S = 0.1
START_TIMEOUT_S = 120.0


def free_port() -> int:
    """A port nobody listens on right now (the OS picks it)."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def ask(base_url: str, question: str, timeout_s: float = 60.0) -> dict:
    """One answer record from the /ask endpoint: POST for an event id, then read its stream."""
    body = json.dumps({"data": [question, []]}).encode("utf-8")
    request = urllib.request.Request(
        f"{base_url}/gradio_api/call/ask", body, {"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=timeout_s) as response:
        event_id = json.loads(response.read())["event_id"]
    url = f"{base_url}/gradio_api/call/ask/{event_id}"
    with urllib.request.urlopen(url, timeout=timeout_s) as stream:
        event = ""
        for raw in stream:
            line = raw.decode("utf-8").strip()
            if line.startswith("event:"):
                event = line.removeprefix("event:").strip()
            elif line.startswith("data:") and event == "complete":
                return json.loads(line.removeprefix("data:"))[0]
            elif line.startswith("data:") and event == "error":
                raise RuntimeError(f"/ask failed: {line}")
    raise RuntimeError("/ask stream ended without an answer")


def wait_for_answer(base_url: str, process: subprocess.Popen, question: str) -> dict:
    """Poll /ask until the app answers; fail if the app exits or the timeout passes."""
    deadline = time.perf_counter() + START_TIMEOUT_S
    while time.perf_counter() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"app.py exited with {process.returncode} before answering")
        try:
            return ask(base_url, question)
        except (urllib.error.URLError, ConnectionError):
            time.sleep(POLL_S)
    raise TimeoutError(f"app.py did not answer within {START_TIMEOUT_S:.0f} s")


def one_start(index_dir: Path, questions: list[str]) -> dict[str, float]:
    """Spawn, wait for the first answer, answer every question, stop; seconds and MB."""
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="bench-app-") as data_dir:
        env = {"QA_HOST": HOST, "QA_PORT": str(port), "QA_INDEX_DIR": str(index_dir)}
        env["QA_DATA_DIR"] = data_dir
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "app.py"],
            cwd=ROOT,
            env=child_env(env),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            with TreeSampler(process.pid) as memory:
                wait_for_answer(f"http://{HOST}:{port}", process, questions[0])
                start_s = time.perf_counter() - started
                start_peak_mb = memory.peak_mb
                for question in questions:
                    ask(f"http://{HOST}:{port}", question)
            return {
                "start_to_answer_s": start_s,
                "start_peak_mb": start_peak_mb,
                "serving_peak_mb": memory.peak_mb,
                "serving_end_mb": memory.last_mb,
            }
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def measure_app_start(index_dir: Path, questions: list[str], repeats: int) -> dict[str, Spread]:
    """Spreads over `repeats` fresh starts of the app on the built index."""
    return spreads([one_start(index_dir, questions) for _ in range(repeats)])
