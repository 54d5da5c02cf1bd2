"""The small parts of index/: segmentation, fusion, filters, ordering, FAISS index choice."""

from __future__ import annotations

import numpy as np
import pytest

from index import dense as dense_module
from index.build import in_document_order
from index.dense import DenseIndex
from index.filters import date_in_range
from index.fusion import RRF_K, fuse, ranks
from index.lexical import LexicalIndex
from index.segment import PolicyTokenizer
from ingest.text import fold
from tests.support.small_index import make_corpus


@pytest.fixture(scope="module")
def tokenizer(tmp_path_factory) -> PolicyTokenizer:
    return PolicyTokenizer(tmp_path_factory.mktemp("jieba"))


@pytest.mark.parametrize(
    ("question", "terms"),
    [
        ("原油先放后检 节省多少时间？", ["原油", "先放后检", "节省", "时间"]),
        ("“四证一单”是什么", ["四证一单"]),
        ("9610、1210模式有哪些", ["9610", "1210", "模式"]),
        ("青岛片区的离岸达", ["青岛", "片区", "青岛片区", "离岸", "离岸达"]),
        ("吞吐量３ ０ ８ ７万标箱", ["吞吐", "吞吐量", "3087", "万", "标箱"]),
        # a corpus word jieba's dictionary lacks is not cut across ("靠物/联网")
        ("靠物联网看管仓库", ["靠", "联网", "物联网", "看管", "仓库"]),
    ],
)
def test_query_terms_keep_corpus_words_and_numbers(tokenizer, question, terms) -> None:
    assert tokenizer.query_terms(question) == terms


def test_fold_joins_numbers_split_by_pdf_line_breaks() -> None:
    assert fold("集装箱吞吐量３ ０ ８ ７ 万标箱（RCEP）") == "集装箱吞吐量3087万标箱(rcep)"
    assert fold("in 2024 the port") == "in 2024 the port"


def test_fuse_adds_weighted_reciprocal_ranks() -> None:
    dense, bm25 = np.array([3, 1]), np.array([1, 2])
    fused = fuse([(dense, 1.0), (bm25, 2.0)])
    assert [row for row, _ in fused] == [1, 2, 3]
    assert fused[0][1] == pytest.approx(1 / (RRF_K + 2) + 2 / (RRF_K + 1))
    assert [row for row, _ in fuse([(dense, 1.0), (bm25, 0.0)])] == [3, 1]
    assert ranks(dense) == {3: 1, 1: 2}


def test_bm25_top_skips_chunks_without_a_term() -> None:
    bm25 = LexicalIndex.build([["四证一单", "审批"], ["原油"], ["审批"]])
    scores = bm25.scores(["审批", "不存在"])
    assert list(LexicalIndex.top(scores, depth=5)) == [2, 0]  # shorter chunk first
    assert not bm25.scores(["不存在"]).any()
    found = bm25.occurrences(["审批", "原油", "不存在"], np.array([2, 1, 0]))
    assert found.tolist() == [[True, False, False], [False, True, False], [True, False, False]]


@pytest.mark.parametrize(
    ("date", "date_from", "date_to", "inside"),
    [
        ("2024-12", "2024-06-01", None, True),
        ("2025", "2025-06", "2025-07", True),
        ("2021-06-11", "2024", None, False),
        ("2026-01-01", None, "2025-12-31", False),
        ("", None, None, True),
        ("", "2020", None, False),
    ],
)
def test_partial_dates_match_a_range(date, date_from, date_to, inside) -> None:
    assert date_in_range(date, date_from, date_to) is inside


def test_chunks_are_put_in_document_order_once() -> None:
    chunks, documents = make_corpus()
    shuffled = [chunks[5], chunks[1], chunks[0], chunks[1], *chunks[2:5]]
    ordered, duplicates = in_document_order(shuffled, documents)
    assert ordered == chunks and duplicates == 1


def test_large_corpus_gets_ivf_and_exact_filtered_search(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(dense_module, "APPROXIMATE_THRESHOLD", 100)
    vectors = np.random.default_rng(7).normal(size=(3000, 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    DenseIndex.build(vectors).save(tmp_path / "dense.faiss")
    index = DenseIndex.load(tmp_path / "dense.faiss")
    assert index.index_type == "IndexIVFFlat"
    assert index.index.nlist == 60 and index.index.nprobe == 15  # 3000 / 50 lists, a quarter probed
    assert index.search(vectors[42], depth=1)[0][0] == 42
    exact = DenseIndex.build(vectors, approximate=False)
    queries = vectors[:50] + np.random.default_rng(8).normal(0, 0.3, (50, 16)).astype(np.float32)
    recall = np.mean(
        [len(set(index.search(q, 10)[0]) & set(exact.search(q, 10)[0])) / 10 for q in queries]
    )
    assert recall >= 0.9
    allowed = np.array([5, 6, 7])
    rows, cosines = index.search(vectors[42], depth=10, allowed=allowed)
    assert sorted(rows) == [5, 6, 7]
    assert np.allclose(cosines, vectors[rows] @ vectors[42], atol=1e-5)
    assert DenseIndex.build(vectors[:99]).index_type == "IndexFlatIP"
