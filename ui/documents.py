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
from ui.words import Words

if TYPE_CHECKING:
    from index.store import PolicyIndex


def document_counts(doc_id: str, chunks: list[Chunk]) -> dict[str, int]:
    """Sections, paragraphs and table rows of one document, counted from its chunks (keys
    name entries of [ui.documents] in prompts/wording.toml)."""
    own = [c for c in chunks if c.doc_id == doc_id]
    kinds = Counter(c.kind for c in own)
    return {
        "sections": len({c.section_path for c in own if c.section_path}),
        "paragraphs": kinds["paragraph"] + kinds["list_item"],
        "table_rows": kinds["table_row"],
    }


def built_at(manifest: dict, words: Words | None = None) -> str:
    """The manifest's UTC build time in local time: "2025-01-05T09:12:03+00:00" -> "2025-01-05 17:12"."""
    stamp = manifest.get("built_at", "")
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp or (words or Words.of())("documents.unknown")


def document_card(
    document: DocumentInfo, counts: dict[str, int], version: str = "", words: Words | None = None
) -> str:
    """One document: title, issuer, date, kind, validity, file name, counts, whole text."""
    words = words or Words.of()
    kind = words.known(f"documents.{document.kind}") or document.kind
    parts = (document.issuer, document.date, kind, words.status(document), version)
    meta = " · ".join(escape(part) for part in parts if part)
    numbers = "".join(
        f"<span>{words(f'documents.{name}')} <b>{value}</b></span>"
        for name, value in counts.items()
        if value
    )
    number = words("documents.number", number=escape(document.doc_number))
    number_row = f'<div class="doc-meta">{number}</div>' if document.doc_number else ""
    whole = escape(document_url(document.doc_id, language=words.language))
    url = escape(document_url(document.doc_id))
    return (
        f'<section class="doc"><h3>{escape(document.title)}</h3>'
        f'<div class="doc-meta">{meta}</div>{number_row}'
        f'<div class="doc-counts">{numbers}</div>'
        f'<div class="doc-links"><a href="{whole}" target="_blank" rel="noopener">'
        f"{words('documents.whole')}</a> · "
        f'<a href="{url}/original" download>{words("documents.download")}</a></div></section>'
    )


def render_documents(
    index: PolicyIndex, versions: Mapping[str, str] | None = None, words: Words | None = None
) -> str:
    """All documents, newest first, under a line saying when and how much was indexed;
    `versions` (from the registry) says which version of a document is indexed."""
    words = words or Words.of()
    documents = sorted(index.documents, key=lambda d: d.date, reverse=True)
    versions = versions or {}
    cards = "".join(
        document_card(d, document_counts(d.doc_id, index.chunks), versions.get(d.doc_id, ""), words)
        for d in documents
    )
    summary = words(
        "documents.built",
        when=escape(built_at(index.manifest, words)),
        documents=len(documents),
        chunks=sum(c.kind != "document" for c in index.chunks),  # cards are no paragraphs
    )
    return f'<p class="docs-built">{summary}</p><div class="docs">{cards}</div>'
