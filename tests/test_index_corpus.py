"""The real index over docs/ (session fixture): staff questions find their paragraphs."""

from __future__ import annotations

import pytest

from index.store import PolicyIndex


@pytest.mark.parametrize(
    ("question", "quote", "within"),
    [
        ("原油先放后检 节省多少时间", "缩减至半天", 1),
        ("四证一单", "“四证一单”审批模式", 1),
        ("一般公共预算收入 2025年目标", "一般公共预算收入", 1),
        ("自贸助贷资金池有多少钱", "1亿元“自贸助贷”资金池", 1),
        ("3087万标箱", "集装箱吞吐量3087万标箱", 3),
    ],
)
def test_question_finds_its_paragraph(policy_index: PolicyIndex, question, quote, within) -> None:
    hits = policy_index.search(question, k=10)
    assert any(quote in hit.chunk.text for hit in hits[:within]), [h.chunk.text for h in hits]


def test_index_matches_its_manifest(policy_index: PolicyIndex) -> None:
    counts = policy_index.manifest["counts"]
    assert counts["chunks"] == len(policy_index.chunks) == len({c.id for c in policy_index.chunks})
    assert set(policy_index.manifest["corpus"]) == {d.doc_id for d in policy_index.documents}
    assert counts["by_kind"].get("table_row", 0) > 0


def test_off_topic_question_matches_weakly(policy_index: PolicyIndex) -> None:
    on_topic = policy_index.search_detailed("四证一单审批模式", k=1)[0].signals
    off_topic = policy_index.search_detailed("埃菲尔铁塔有多高", k=1)[0].signals
    assert off_topic.dense_cosine < on_topic.dense_cosine
    assert len(off_topic.matched_terms) < 2
