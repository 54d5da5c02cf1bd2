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
from urllib.parse import quote, urlencode

from ingest.model import Chunk, DocumentInfo
from ui.highlight import mark_spans, sentence_spans, term_spans
from ui.words import Words

if TYPE_CHECKING:
    from index.store import PolicyIndex

KIND_LABELS = ("table_row", "heading", "list_item")  # kinds named after the paragraph number
CONTEXT_SIZE = 2  # paragraphs shown above and below on demand


def paragraph_label(chunk: Chunk, words: Words | None = None) -> str:
    """Where in the document: "12" -> "第12段", a table row -> "第30段（表格行）"
    (in English "paragraph 30 (table row)")."""
    words = words or Words.of()
    number = chunk.paragraph
    label = (
        words("source.paragraph_number", number=number)
        if number
        else words("source.paragraph_unknown")
    )
    if chunk.kind not in KIND_LABELS:
        return label
    return words("source.paragraph_kind", label=label, kind=words(f"source.{chunk.kind}"))


def document_url(doc_id: str, chunk_id: str = "", language: str = "zh") -> str:
    """Where the whole document opens (ui/document_page.py), at a paragraph when given, with
    its labels in the reader's language."""
    url = f"/documents/{quote(doc_id)}"
    params = {"c": chunk_id} if chunk_id else {}
    if language != "zh":
        params["lang"] = language
    query = f"?{urlencode(params)}" if params else ""
    anchor = f"#c-{quote(chunk_id)}" if chunk_id else ""
    return f"{url}{query}{anchor}"


def find_document(index: PolicyIndex, doc_id: str) -> DocumentInfo | None:
    """The manifest entry of a chunk's document, or None for a document the index forgot."""
    return next((doc for doc in index.documents if doc.doc_id == doc_id), None)


def _meta_row(label: str, value: str) -> str:
    return f"<div><dt>{label}</dt><dd>{escape(value) if value else '—'}</dd></div>"


def _context(chunks: Sequence[Chunk], summary: str, css_class: str, words: Words) -> str:
    """A closed <details> with neighbouring paragraphs: they cost nothing until opened."""
    if not chunks:
        return ""
    body = "".join(
        f'<p class="ctx-par"><span class="pno">{paragraph_label(c, words)}</span>'
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
    words: Words | None = None,
) -> str:
    """One paragraph as evidence: document, section, paragraph number, highlighted text."""
    words = words or Words.of()
    document = find_document(index, chunk.doc_id)
    neighbours = [c for c in index.neighbours(chunk.id, CONTEXT_SIZE, CONTEXT_SIZE) if c != chunk]
    before = [c for c in neighbours if c.position < chunk.position]
    after = [c for c in neighbours if c.position > chunk.position]
    spans = sentence_spans(chunk.text, sentences) + term_spans(chunk.text, terms)
    kicker = (
        words("source.kicker", number=number) if number is not None else words("source.original")
    )
    meta = "".join(
        (
            _meta_row(words("source.issuer"), document.issuer if document else ""),
            _meta_row(words("source.validity"), words.status(document) if document else ""),
            _meta_row(words("source.date"), chunk.date or (document.date if document else "")),
            _meta_row(words("source.section"), chunk.section),
            _meta_row(words("source.paragraph"), paragraph_label(chunk, words)),
        )
    )
    url = document_url(chunk.doc_id, chunk.id, words.language)
    return (
        f'<article class="source" data-chunk="{escape(chunk.id)}"'
        f' data-closed="{escape(words("source.closed"))}">'
        f'<p class="src-kicker">{kicker}</p>'
        f'<h3 class="src-title">{escape(chunk.doc_title)}</h3>'
        f'<dl class="src-meta">{meta}</dl>'
        f'<p class="src-full"><a href="{escape(url)}" '
        f'target="_blank" rel="noopener">{words("source.whole")}</a></p>'
        f"{_context(before, words('source.before', count=len(before)), 'ctx-before', words)}"
        f'<blockquote class="src-passage">{mark_spans(chunk.text, spans)}</blockquote>'
        f"{_context(after, words('source.after', count=len(after)), 'ctx-after', words)}"
        "</article>"
    )


def render_source_placeholder(message: str) -> str:
    """The empty source panel: a short hint instead of a blank box."""
    return f'<div class="source-empty">{escape(message)}</div>'
