"""Chunk sizes, merging of fragments and content-hash ids."""

from __future__ import annotations

from ingest.chunking import (
    MAX_TOKENS,
    MIN_TOKENS,
    chunk_paragraphs,
    split_long,
    token_count,
)
from ingest.model import Chunk, DocumentInfo
from ingest.structure import SourceParagraph

DOC = DocumentInfo("plan.txt", "十四五规划", "青岛片区管委", "2021-06-11", "plan", "0" * 64)
SENTENCE = "青岛自贸片区始终坚持以制度创新为核心，推动区域开放发展。"


def test_token_budget_keeps_chunks_under_300_characters() -> None:
    assert token_count(SENTENCE * 10) > len(SENTENCE * 10)  # Chinese: more tokens than characters
    parts = split_long(SENTENCE * 20)
    assert len(parts) > 1
    assert all(token_count(part) <= MAX_TOKENS and len(part) <= 300 for part in parts)
    assert "".join(parts) == SENTENCE * 20
    sizes = [len(part) for part in parts]
    assert max(sizes) - min(sizes) <= len(SENTENCE)  # parts of even size, no tiny tail


def test_a_sentence_over_budget_is_cut_at_commas() -> None:
    long_sentence = "，".join(["推动投资贸易自由化便利化"] * 60) + "。"
    parts = split_long(long_sentence)
    assert all(token_count(part) <= MAX_TOKENS for part in parts)
    assert "".join(parts) == long_sentence


def test_split_parts_keep_the_paragraph_number() -> None:
    chunks = chunk_paragraphs([SourceParagraph(("前言",), 12, SENTENCE * 20)], DOC)
    assert len(chunks) > 1 and {c.paragraph for c in chunks} == {"12"}
    assert [c.position for c in chunks] == list(range(len(chunks)))


def test_tiny_fragments_merge_within_their_section_only() -> None:
    tiny = "近日，大赛举办。"
    assert token_count(tiny) < MIN_TOKENS
    paragraphs = [
        SourceParagraph(("甲",), 12, tiny),
        SourceParagraph(("甲",), 13, SENTENCE * 3),
        SourceParagraph(("乙",), 14, tiny),
    ]
    chunks = chunk_paragraphs(paragraphs, DOC)
    assert [(c.paragraph, c.section_path) for c in chunks] == [("12-13", ("甲",)), ("14", ("乙",))]
    assert chunks[0].text == f"{tiny}\n{SENTENCE * 3}"


def test_table_rows_are_never_merged() -> None:
    rows = [SourceParagraph(("附表",), n, f"序号 {n}", "table_row") for n in (1, 2)]
    assert [c.text for c in chunk_paragraphs(rows, DOC)] == ["序号 1", "序号 2"]


def test_chunks_carry_document_facts_and_a_content_hash_id() -> None:
    paragraph = SourceParagraph(("第一章 总则",), 3, SENTENCE * 3, extra=(("article", "头条"),))
    chunk = chunk_paragraphs([paragraph], DOC)[0]
    assert (chunk.doc_id, chunk.doc_title, chunk.date) == ("plan.txt", "十四五规划", "2021-06-11")
    assert chunk.extra == (("article", "头条"),)
    assert chunk.id == Chunk.content_id("plan.txt", ("第一章 总则",), SENTENCE * 3)
    assert chunk.search_text.startswith("第一章 总则\n")
