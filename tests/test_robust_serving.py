"""Serving hygiene of `python app.py`: loopback only, no share link, no file route that hands
out docs/, the index, the feedback database or anything else on disk, bounded uploads, and the
pinned newest Gradio 6.x.

Paths are sent byte for byte (http.client does not collapse "../"), as an attacker would.
"""

from __future__ import annotations

import http.client
import importlib.metadata
import json
from urllib.parse import urlparse

import httpx
import pytest

from settings import ROOT, Settings
from tests.support.served import ServedApp, corpus_app

GRADIO = "6.31.0"  # newest 6.x on the package index when this was written (pip index versions)
UPLOAD_LIMIT_BYTES = 1 * 2**20  # the app takes no files; a megabyte is already generous
TRAVERSALS = [
    "../../etc/passwd",
    "%2e%2e/%2e%2e/etc/passwd",
    "..%2f..%2f..%2fetc%2fpasswd",
    "....//....//etc/passwd",
    "/etc/passwd",
    "//etc/passwd",
    "/proc/self/environ",
]
SECRETS = [
    "root:x:0:0",  # /etc/passwd
    "QA_INDEX_DIR",  # the server's environment
    "成文日期、发布日期均为2021-06-11",  # a note that only docs/manifest.json holds
    '"chunker_version"',  # the index manifest
    "SQLite format 3",  # the feedback database or the embedding cache
    "import gradio as gr",  # source code
]


@pytest.fixture(scope="module")
def app(request, policy_index, corpus_settings, tmp_path_factory) -> ServedApp:
    return corpus_app(request.config, corpus_settings.index_dir, tmp_path_factory.getbasetemp())


def disk_paths(settings: Settings, app: ServedApp) -> list[str]:
    """Files that exist and must never be served, relative and absolute."""
    data = app.log.parent / "data"
    return [
        "docs/manifest.json",
        str(ROOT / "docs" / "manifest.json"),
        str(next((ROOT / "docs").glob("*.txt"))),
        "app.py",
        str(ROOT / "settings.py"),
        str(settings.index_dir / "manifest.json"),
        str(settings.index_dir / "chunks.jsonl"),
        str(data / "feedback.sqlite3"),
        "var/cache/jieba.cache",
    ]


def probes(settings: Settings, app: ServedApp) -> list[str]:
    targets = disk_paths(settings, app) + TRAVERSALS
    paths = [
        f"{prefix}{target}" for prefix in ("/file=", "/gradio_api/file=") for target in targets
    ]
    paths += [
        f"{prefix}{t}"
        for prefix in ("/static/", "/assets/", "/gradio_api/static/")
        for t in TRAVERSALS[:4]
    ]
    paths += [
        "/docs/manifest.json",
        "/var/index/manifest.json",
        "/../../etc/passwd",
        "/manifest.json",
    ]
    return paths


def raw_get(url: str, path: str) -> tuple[int, bytes]:
    where = urlparse(url)
    connection = http.client.HTTPConnection(where.hostname, where.port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def test_serves_on_loopback_only_and_without_a_share_link(app):
    assert Settings().host == "127.0.0.1"
    assert {address for address, _ in app.listening()} == {"127.0.0.1"}
    assert "gradio.live" not in app.output() and "public URL" not in app.output()
    config = httpx.get(f"{app.url}config", timeout=10).json()
    assert not config.get("share_url") and not config.get("is_space")


def test_no_route_hands_out_files_from_disk(app, corpus_settings):
    leaks = []
    for path in probes(corpus_settings, app):
        status, body = raw_get(app.url, path)
        text = body.decode("utf-8", errors="replace")
        found = [secret for secret in SECRETS if secret in text]
        if found or (status == 200 and path != "/manifest.json"):
            leaks.append((path, status, found))
    assert leaks == []


def test_the_page_and_its_config_name_no_folder_on_disk(app):
    for path in ("/", "/config", "/gradio_api/info", "/openapi.json"):
        status, body = raw_get(app.url, path)
        assert status == 200
        text = body.decode("utf-8", errors="replace")
        assert str(ROOT) not in text and "/tmp/" not in text, path


def test_uploads_are_refused_beyond_a_small_limit(app):
    blob = b"0" * (5 * UPLOAD_LIMIT_BYTES)
    response = httpx.post(
        f"{app.url}gradio_api/upload", files={"files": ("big.bin", blob)}, timeout=30
    )
    stored = response.json() if response.status_code == 200 else []  # (in the test's tmp)
    assert response.status_code == 413, f"a 5 MB upload was accepted and stored at {stored}"


def test_gradio_is_the_pinned_newest_6x(app):
    assert importlib.metadata.version("gradio") == GRADIO
    assert f"gradio=={GRADIO}" in (ROOT / "requirements.txt").read_text(encoding="utf-8")
    assert json.loads(raw_get(app.url, "/config")[1])["version"] == GRADIO
