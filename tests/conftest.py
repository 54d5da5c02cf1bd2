"""Shared fixtures: the real corpus, ingested and indexed once per test run.

The session index lives in var/test-index (git-ignored) and shares the content-hash
embedding cache in var/cache, so a re-run re-embeds nothing it has seen before.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

from settings import ROOT, Settings  # noqa: E402

DOCS = ROOT / "docs"


@pytest.fixture(scope="session")
def corpus_settings() -> Settings:
    """Default settings pointed at the session index of the real corpus."""
    return Settings(docs_dir=DOCS, index_dir=ROOT / "var" / "test-index")


@pytest.fixture(scope="session")
def parsed_corpus(corpus_settings: Settings):
    from ingest.pipeline import parse_corpus

    return parse_corpus(corpus_settings.docs_dir)


@pytest.fixture(scope="session")
def policy_index(corpus_settings: Settings, parsed_corpus):
    """The real hybrid index (bundled e5 + BM25) over docs/, built once per run."""
    from index.build import build_index
    from index.store import PolicyIndex
    from ingest.model import CHUNKER_VERSION

    build_index(
        parsed_corpus.chunks,
        parsed_corpus.documents,
        corpus_settings,
        chunker_version=CHUNKER_VERSION,
    )
    return PolicyIndex.load(corpus_settings)


@pytest.fixture()
def tmp_settings(tmp_path: Path) -> Settings:
    """Settings whose every folder is private to one test."""
    return Settings(
        docs_dir=tmp_path / "docs",
        index_dir=tmp_path / "index",
        data_dir=tmp_path / "var",
        cache_dir=tmp_path / "cache",
    )
