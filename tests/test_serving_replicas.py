"""Two app processes behind a real nginx (python -m serving): any replica answers the API,
an index published into the shared folder reaches every replica within seconds, and when
one replica is killed nginx routes around it without a failed request."""

from __future__ import annotations

import shutil
import signal
import time
from dataclasses import replace

import httpx
import pytest

from index.build import build_index
from ingest.model import CHUNKER_VERSION
from ingest.pipeline import parse_corpus
from registry.database import Registry
from registry.keys import create_key
from serving.__main__ import start
from settings import ROOT
from tests.support.served import free_port, offline_env

QUESTIONS = [
    "2020年青岛自贸片区的工业总产值是多少？",
    "四证一单是什么？",
    "原油先放后检 节省多少时间",
]


@pytest.fixture(scope="module")
def cluster(corpus_settings, policy_index, tmp_path_factory):
    """(cluster, API key, settings) over private copies of docs/ and the session index."""
    data = tmp_path_factory.mktemp("replicas")
    shutil.copytree(corpus_settings.docs_dir, data / "docs")
    shutil.copytree(policy_index.folder, data / "index")
    settings = replace(
        corpus_settings,
        docs_dir=data / "docs",
        index_dir=data / "index",
        data_dir=data,
        cache_dir=ROOT / "var" / "cache",
        port=free_port(),
    )
    with Registry.open(settings).session() as session:
        key = create_key(session, "hall", per_minute=6000, actor="test")
    env = offline_env(
        index_dir=str(settings.index_dir), data_dir=str(data), cache_dir=str(settings.cache_dir)
    )
    ports: set[int] = set()
    while len(ports) < 2:
        ports.add(free_port())
    running = start(settings, sorted(ports), settings.port, data / "nginx", env)
    yield running, key, settings
    running.stop()


def ask_all(url: str, key: str, times: int) -> tuple[list[int], set[str]]:
    statuses, replicas = [], set()
    with httpx.Client(base_url=url, headers={"X-API-Key": key}, timeout=60) as client:
        for n in range(times):
            response = client.post("/api/v1/ask", json={"question": QUESTIONS[n % 3]})
            statuses.append(response.status_code)
            replicas.add(response.headers.get("x-replica", ""))
    return statuses, replicas


def test_both_replicas_answer_through_nginx(cluster):
    running, key, _ = cluster
    statuses, replicas = ask_all(running.url, key, 12)
    assert statuses == [200] * 12
    assert replicas == {f"127.0.0.1:{port}" for port in running.replicas}
    assert httpx.get(running.url, timeout=30).status_code == 200  # the UI too


def test_a_published_index_reaches_every_replica_within_10_seconds(cluster):
    running, key, settings = cluster
    (settings.docs_dir / "reefer.txt").write_text(
        "青岛自贸片区冷藏集装箱查验试点通知\n\n冷藏集装箱查验时限压缩为5小时。\n", encoding="utf-8"
    )
    corpus = parse_corpus(settings.docs_dir)
    build_index(corpus.chunks, corpus.documents, settings, chunker_version=CHUNKER_VERSION)
    published = time.monotonic()
    question = {"question": "冷藏集装箱查验时限压缩为多少小时？"}
    fresh: set[str] = set()
    with httpx.Client(base_url=running.url, headers={"X-API-Key": key}, timeout=60) as client:
        while fresh != {f"127.0.0.1:{port}" for port in running.replicas}:
            assert time.monotonic() - published < 10, f"only {fresh} answer from the new index"
            response = client.post("/api/v1/ask", json=question)
            if "5小时" in response.json()["answer"]:
                fresh.add(response.headers["x-replica"])
            time.sleep(0.2)


def test_a_killed_replica_is_routed_around_without_errors(cluster):
    running, key, _ = cluster
    victim, process = next(iter(running.replicas.items()))
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    statuses, replicas = ask_all(running.url, key, 12)
    assert statuses == [200] * 12
    assert replicas == {f"127.0.0.1:{port}" for port in running.replicas if port != victim}
