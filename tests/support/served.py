"""`python app.py` as a real subprocess on 127.0.0.1 and a free port, shared per test run.

Example:
    app = shared_app(request.config, index_dir=Path("var/test-index"), data_dir=tmp)
    Client(app.url).predict("四证一单", [], api_name="/ask")   # the documented endpoint
    app.rss_mb()  -> 512.3
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import psutil
import pytest

from settings import ROOT

START_TIMEOUT_S = 180  # loading the model and the index on a busy 2-core machine
_SHARED: dict[tuple[str, ...], ServedApp] = {}


def wait_until(condition, seconds: float = 30.0) -> None:
    """Poll `condition` until it holds; fail the test when `seconds` pass first."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"not reached within {seconds:.0f} s"
        time.sleep(0.1)


def free_port() -> int:
    """A port nothing listens on right now (the OS picks it)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def offline_env(**qa: str) -> dict[str, str]:
    """The inherited environment, offline and without telemetry, plus QA_* settings."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    env |= {"GRADIO_ANALYTICS_ENABLED": "False", "TOKENIZERS_PARALLELISM": "false"}
    return env | {f"QA_{key.upper()}": value for key, value in qa.items()}


@dataclass
class ServedApp:
    url: str
    process: subprocess.Popen
    log: Path

    def rss_mb(self) -> float:
        """Resident memory of the server process, in MiB."""
        return psutil.Process(self.process.pid).memory_info().rss / 2**20

    def listening(self) -> set[tuple[str, int]]:
        """(address, port) of every socket the server listens on."""
        connections = psutil.Process(self.process.pid).net_connections(kind="inet")
        return {(c.laddr.ip, c.laddr.port) for c in connections if c.status == "LISTEN"}

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def call_api(url: str, api_name: str, *inputs: object, timeout: float = 30) -> tuple[str, object]:
    """One call of a named endpoint over Gradio's HTTP API: (SSE event, decoded data).

    The body is ASCII JSON, so any string a client can send (lone surrogates too) arrives.
    Example: call_api(app.url, "ask", "四证一单", []) -> ("complete", [{"answer": "…", …}])
    """
    endpoint = f"{url.rstrip('/')}/gradio_api/call/{api_name}"
    body = json.dumps({"data": list(inputs)}).encode("ascii")
    with httpx.Client(timeout=timeout) as client:
        posted = client.post(endpoint, content=body, headers={"content-type": "application/json"})
        posted.raise_for_status()
        streamed = client.get(f"{endpoint}/{posted.json()['event_id']}")
    event, data = "", None
    for line in streamed.text.splitlines():
        if line.startswith("event:"):
            event = line.removeprefix("event:").strip()
        elif line.startswith("data:") and event in ("complete", "error"):
            data = json.loads(line.removeprefix("data:"))
    return event, data


def start_app(log_dir: Path, **qa: str) -> ServedApp:
    """Start app.py with QA_* settings (port chosen here) and wait until it answers HTTP.

    Gradio's own temporary files (uploads, cached examples) go to log_dir/gradio, not /tmp.
    """
    port = free_port()
    log = log_dir / f"app-{port}.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "app.py"],
            cwd=ROOT,
            env={**offline_env(port=str(port), **qa), "GRADIO_TEMP_DIR": str(log_dir / "gradio")},
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    app = ServedApp(f"http://127.0.0.1:{port}/", process, log)
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"app.py exited with {process.returncode}:\n{app.output()}")
        try:
            if httpx.get(app.url, timeout=2).status_code == 200:
                return app
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    app.stop()
    raise RuntimeError(f"app.py did not answer within {START_TIMEOUT_S} s:\n{app.output()}")


def shared_app(config: pytest.Config, log_dir: Path, **qa: str) -> ServedApp:
    """One server per distinct settings for the whole run, stopped when the run ends."""
    key = tuple(sorted(qa.items()))
    app = _SHARED.get(key)
    if app is None or app.process.poll() is not None:
        app = _SHARED[key] = start_app(log_dir, **qa)
        config.add_cleanup(app.stop)
    return app


def corpus_app(config: pytest.Config, index_dir: Path, base_temp: Path) -> ServedApp:
    """The app over the session index of the real corpus (feedback and caches in base_temp).

    Example: corpus_app(request.config, corpus_settings.index_dir, tmp_path_factory.getbasetemp())
    """
    folder = base_temp / "robust-app"
    folder.mkdir(exist_ok=True)
    return shared_app(
        config,
        folder,
        index_dir=str(index_dir),
        data_dir=str(folder / "data"),
        cache_dir=str(folder / "cache"),
    )
