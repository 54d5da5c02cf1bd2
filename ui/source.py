"""The source view: where a cited or found paragraph comes from, with its neighbours on demand.

Example:
    render_source(index, chunk, sentences=("2020年…工业总产值670亿元",), number=1)
    -> '<article class="source">…<h3 class="src-title">中国(山东)自由贸易试验区…</h3>…
        <blockquote class="src-passage">…<mark>2020年…670亿元</mark>…</blockquote>…'
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING
from urllib.parse import quote

from ingest.model import Chunk, DocumentInfo
from ui.highlight import mark_spans, sentence_spans, term_spans

if TYPE_CHECKING:
    from index.store import PolicyIndex

KIND_LABELS = {"table_row": "表格行", "heading": "标题", "list_item": "列表项"}
CONTEXT_SIZE = 2  # paragraphs shown above and below on demand


def paragraph_label(chunk: Chunk) -> str:
    """Where in the document: "12" -> "第12段", a table row -> "第30段（表格行）"."""
    label = f"第{chunk.paragraph}段" if chunk.paragraph else "段落号未知"
    kind = KIND_LABELS.get(chunk.kind)
    return f"{label}（{kind}）" if kind else label


def document_url(doc_id: str, chunk_id: str = "") -> str:
    """Where the whole document opens (ui/document_page.py), at a paragraph when given."""
    url = f"/documents/{quote(doc_id)}"
    return f"{url}?c={quote(chunk_id)}#c-{quote(chunk_id)}" if chunk_id else url


def find_document(index: PolicyIndex, doc_id: str) -> DocumentInfo | None:
    """The manifest entry of a chunk's document, or None for a document the index forgot."""
    return next((doc for doc in index.documents if doc.doc_id == doc_id), None)


def _meta_row(label: str, value: str) -> str:
    return f"<div><dt>{label}</dt><dd>{escape(value) if value else '—'}</dd></div>"


def _context(chunks: Sequence[Chunk], summary: str, css_class: str) -> str:
    """A closed <details> with neighbouring paragraphs: they cost nothing until opened."""
    if not chunks:
        return ""
    body = "".join(
        f'<p class="ctx-par"><span class="pno">{paragraph_label(c)}</span>'
        f"{mark_spans(c.text, [])}</p>"
        for c in chunks
    )
    return f'<details class="{css_class}"><summary>{summary}</summary>{body}</details>'


def render_source(
    index: PolicyIndex,
    chunk: Chunk,
    *,
    sentences: Sequence[str] = (),
    terms: Sequence[str] = (),
    number: int | None = None,
) -> str:
    """One paragraph as evidence: document, section, paragraph number, highlighted text."""
    document = find_document(index, chunk.doc_id)
    neighbours = [c for c in index.neighbours(chunk.id, CONTEXT_SIZE, CONTEXT_SIZE) if c != chunk]
    before = [c for c in neighbours if c.position < chunk.position]
    after = [c for c in neighbours if c.position > chunk.position]
    spans = sentence_spans(chunk.text, sentences) + term_spans(chunk.text, terms)
    kicker = f"来源 [{number}]" if number is not None else "原文"
    meta = "".join(
        (
            _meta_row("发布", document.issuer if document else ""),
            _meta_row("有效性", document.status if document else ""),
            _meta_row("日期", chunk.date or (document.date if document else "")),
            _meta_row("章节", chunk.section),
            _meta_row("段落", paragraph_label(chunk)),
        )
    )
    return (
        f'<article class="source" data-chunk="{escape(chunk.id)}">'
        f'<p class="src-kicker">{kicker}</p>'
        f'<h3 class="src-title">{escape(chunk.doc_title)}</h3>'
        f'<dl class="src-meta">{meta}</dl>'
        f'<p class="src-full"><a href="{escape(document_url(chunk.doc_id, chunk.id))}" '
        'target="_blank" rel="noopener">查看全文</a></p>'
        f"{_context(before, f'上文（{len(before)}段）', 'ctx-before')}"
        f'<blockquote class="src-passage">{mark_spans(chunk.text, spans)}</blockquote>'
        f"{_context(after, f'下文（{len(after)}段）', 'ctx-after')}"
        "</article>"
    )


def render_source_placeholder(message: str) -> str:
    """The empty source panel: a short hint instead of a blank box."""
    return f'<div class="source-empty">{escape(message)}</div>'
