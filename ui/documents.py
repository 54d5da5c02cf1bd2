"""文件: the indexed documents with their metadata and counts, and when the index was built.

Example:
    render_documents(index)
    -> '<p class="docs-built">索引构建于 2025-01-05 17:12 · 5 份文件 · 412 个段落</p>
        <div class="docs"><section class="doc"><h3>中国(山东)自由贸易试验区青岛片区…</h3>…'
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import datetime
from html import escape
from typing import TYPE_CHECKING

from ingest.model import Chunk, DocumentInfo
from ui.source import document_url

if TYPE_CHECKING:
    from index.store import PolicyIndex

KIND_NAMES = {"plan": "规划", "news": "新闻报道", "other": "其他"}


def document_counts(doc_id: str, chunks: list[Chunk]) -> dict[str, int]:
    """Sections, paragraphs and table rows of one document, counted from its chunks."""
    own = [c for c in chunks if c.doc_id == doc_id]
    kinds = Counter(c.kind for c in own)
    return {
        "章节": len({c.section_path for c in own if c.section_path}),
        "段落": kinds["paragraph"] + kinds["list_item"],
        "表格行": kinds["table_row"],
    }


def built_at(manifest: dict) -> str:
    """The manifest's UTC build time in local time: "2025-01-05T09:12:03+00:00" -> "2025-01-05 17:12"."""
    stamp = manifest.get("built_at", "")
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp or "未知"


def document_card(document: DocumentInfo, counts: dict[str, int], version: str = "") -> str:
    """One document: title, issuer, date, kind, validity, file name, counts, whole text."""
    kind = KIND_NAMES.get(document.kind, document.kind)
    parts = (document.issuer, document.date, kind, document.status, version)
    meta = " · ".join(escape(part) for part in parts if part)
    numbers = "".join(
        f"<span>{name} <b>{value}</b></span>" for name, value in counts.items() if value
    )
    number = f'<div class="doc-meta">文号：{escape(document.doc_number)}</div>'
    url = escape(document_url(document.doc_id))
    return (
        f'<section class="doc"><h3>{escape(document.title)}</h3>'
        f'<div class="doc-meta">{meta}</div>{number if document.doc_number else ""}'
        f'<div class="doc-counts">{numbers}</div>'
        f'<div class="doc-links"><a href="{url}" target="_blank" rel="noopener">查看全文</a> · '
        f'<a href="{url}/original" download>下载原文件</a></div></section>'
    )


def render_documents(index: PolicyIndex, versions: Mapping[str, str] | None = None) -> str:
    """All documents, newest first, under a line saying when and how much was indexed;
    `versions` (from the registry) says which version of a document is indexed."""
    documents = sorted(index.documents, key=lambda d: d.date, reverse=True)
    versions = versions or {}
    cards = "".join(
        document_card(d, document_counts(d.doc_id, index.chunks), versions.get(d.doc_id, ""))
        for d in documents
    )
    summary = (
        f"索引构建于 {escape(built_at(index.manifest))} · {len(documents)} 份文件 · "
        f"{len(index.chunks)} 个段落"
    )
    return f'<p class="docs-built">{summary}</p><div class="docs">{cards}</div>'
