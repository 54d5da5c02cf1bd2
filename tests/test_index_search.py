"""Searching a built index: fused ranking, signals, filters, neighbours, and the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from index.filters import LookupFilter
from index.store import PolicyIndex
from settings import ROOT, Settings
from tests.support.small_index import NEWS, PLAN, build, make_corpus

HIT_KEYS = "doc title section paragraph text score retriever id"


@pytest.fixture(scope="module")
def settings(tmp_path_factory) -> Settings:
    root = tmp_path_factory.mktemp("search")
    settings = Settings(index_dir=root / "index", cache_dir=root / "cache", data_dir=root)
    build(*make_corpus(), settings)
    return settings


@pytest.fixture(scope="module")
def index(settings: Settings) -> PolicyIndex:
    return PolicyIndex.load(settings)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("原油先放后检 节省多少时间", "先放后检"),
        ("四证一单", "四证一单"),
        ("3087万标箱", "3 0 8 7 万标箱"),
        ("一般公共预算收入 2025年目标", "一般公共预算收入"),
    ],
)
def test_best_hit_holds_the_answer(index: PolicyIndex, question: str, expected: str) -> None:
    best = index.search(question, k=3)[0]
    assert expected in best.chunk.text
    assert best.retriever == "hybrid" and best.score > 0


def test_signals_show_how_well_the_best_passage_matches(index: PolicyIndex) -> None:
    best, *rest = index.search_detailed("原油先放后检", k=3)
    assert best.signals.bm25_rank == 1 and best.signals.dense_rank == 1
    assert best.signals.matched_terms == ("原油", "先放后检")
    assert best.signals.bm25_score > 0 and 0.8 < best.signals.dense_cosine <= 1.0
    assert all(hit.score <= best.score for hit in rest)
    off_topic = index.search_detailed("埃菲尔铁塔有多高", k=3)
    assert all(hit.signals.bm25_score == 0 for hit in off_topic)
    assert off_topic[0].signals.dense_cosine < best.signals.dense_cosine


def test_a_dense_query_given_apart_is_what_the_embedder_reads(index: PolicyIndex) -> None:
    # BM25 reads the words ("四证一单"), the dense side another text's embedding
    mixed = index.search_detailed("四证一单", k=20, dense_query="原油先放后检")
    assert mixed[0].signals.matched_terms == ("四证一单",)
    crude = {h.chunk.id: h.signals.dense_cosine for h in index.search_detailed("原油先放后检", 20)}
    same = [h for h in mixed if h.chunk.id in crude]
    assert same and all(h.signals.dense_cosine == pytest.approx(crude[h.chunk.id]) for h in same)
    alone = {h.chunk.id: h.signals.dense_cosine for h in index.search_detailed("四证一单", 20)}
    assert any(h.signals.dense_cosine != pytest.approx(alone[h.chunk.id]) for h in mixed)


def test_zero_weight_leaves_one_retriever(index: PolicyIndex) -> None:
    lexical = index.reweighted(dense_weight=0.0, lexical_weight=1.0)
    hits = lexical.search("四证一单", k=5)
    assert [hit.retriever for hit in hits] == ["bm25"]  # only one paragraph has the term
    assert index.reweighted(1.0, 0.0).search("四证一单", k=2)[0].retriever == "dense"


def test_filters_by_document_and_date(index: PolicyIndex) -> None:
    def documents(where: LookupFilter) -> set[str]:
        return {hit.chunk.doc_id for hit in index.search("审批", 10, where)}

    assert documents(LookupFilter(docs=(NEWS,))) == {NEWS}
    assert documents(LookupFilter(date_from="2024-06")) == {NEWS}
    assert documents(LookupFilter(date_to="2021")) == {PLAN}
    assert documents(LookupFilter(docs=(PLAN,), date_from="2024")) == set()


def test_get_and_neighbours_stay_inside_one_document(index: PolicyIndex) -> None:
    plan = [chunk for chunk in index.chunks if chunk.doc_id == PLAN]
    assert index.get(plan[1].id) == plan[1]
    assert index.neighbours(plan[1].id) == plan[0:3]
    assert index.neighbours(plan[-1].id, before=2, after=2) == plan[-3:]


def test_blank_question_finds_nothing(index: PolicyIndex) -> None:
    assert index.search("  ", k=5) == []


def run_cli(settings: Settings, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "QA_CACHE_DIR": str(settings.cache_dir), "HF_HUB_OFFLINE": "1"}
    command = [sys.executable, "-m", "index.search", *args, "--index", str(settings.index_dir)]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_cli_prints_ranked_hits(settings: Settings) -> None:
    shown = run_cli(settings, "四证一单", "-k", "2")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith("1. [")
    assert "四证一单" in shown.stdout and "第二章 主要任务 > 二、投资便利 > 第3段" in shown.stdout


def test_cli_json_lists_hit_records(settings: Settings) -> None:
    shown = run_cli(settings, "3087万标箱", "-k", "3", "--json")
    hits = json.loads(shown.stdout)
    assert len(hits) == 3
    assert set(hits[0]) == set(HIT_KEYS.split())
    assert (hits[0]["doc"], hits[0]["paragraph"]) == (NEWS, "1")


def test_cli_without_index_says_what_to_run(tmp_settings: Settings) -> None:
    shown = run_cli(tmp_settings, "四证一单")
    assert shown.returncode == 2 and "python -m ingest" in shown.stderr
