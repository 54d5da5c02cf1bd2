"""A tiny two-document corpus (a sectioned plan and a news page) and a one-call index build.

Six paragraphs embed in a moment with the bundled e5 model, so a test can build a real
hybrid index of its own in a temporary folder.

Example:
    chunks, documents = make_corpus()         -> 6 chunks of PLAN and NEWS, 2 documents
    build(chunks, documents, tmp_settings)    -> the BuildReport; PolicyIndex.load now works
"""

from __future__ import annotations

from index.build import build_index
from ingest.model import CHUNKER_VERSION, Chunk, DocumentInfo
from settings import Settings

PLAN = "plan.txt"
NEWS = "news.txt"
PLAN_PARAGRAPHS = [
    (("第一章 发展基础",), "2020年，青岛自贸片区实现外贸进出口额2000亿元，实际利用外资增长22%。"),
    (
        ("第二章 主要任务", "一、口岸便利"),
        "首创进口原油“先放后检”模式，验放时间由2—3天缩减至半天。",
    ),
    (
        ("第二章 主要任务", "二、投资便利"),
        "青岛片区首创建设工程“四证一单”审批模式，方案审查缩短至7天。",
    ),
    (("附表一 主要指标",), "一般公共预算收入：2020年65亿元，2025年目标100亿元，年均增长9%。"),
]
NEWS_PARAGRAPHS = [
    ((), "2024年，山东港口青岛港集装箱吞吐量3 0 8 7 万标箱，稳居全球港口第4名。"),
    ((), "济南片区推出大件运输“一件事”审批制度集成改革，审批环节压缩83%。"),
]


def make_corpus() -> tuple[list[Chunk], list[DocumentInfo]]:
    """Two small documents: a plan with chapters and a news page without sections."""
    documents = [
        DocumentInfo(PLAN, "青岛自贸片区十四五规划", "管委", "2021-06-11", "plan", "a" * 64),
        DocumentInfo(NEWS, "青岛新闻版面", "青岛日报", "2024-12", "news", "b" * 64),
    ]
    chunks = [
        Chunk.make(
            doc_id=doc.doc_id,
            doc_title=doc.title,
            date=doc.date,
            section_path=path,
            paragraph=str(n),
            text=text,
            position=n - 1,
        )
        for doc, paragraphs in ((documents[0], PLAN_PARAGRAPHS), (documents[1], NEWS_PARAGRAPHS))
        for n, (path, text) in enumerate(paragraphs, start=1)
    ]
    return chunks, documents


def build(chunks: list[Chunk], documents: list[DocumentInfo], settings: Settings):
    return build_index(chunks, documents, settings, chunker_version=CHUNKER_VERSION)
