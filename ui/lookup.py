"""检索: words or a question -> ranked paragraphs with the matched terms highlighted.

The terms to highlight are the index tokenizer's query terms, so what is marked is what BM25
matched.

Example:
    render_hits(index.search("集成电路 投资", k=10), ["集成电路", "投资"], "集成电路 投资")
    -> '<ol class="hits"><li class="hit" data-action="open" data-chunk="…">…<mark>投资</mark>…'
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING

from answer.question import clean_question
from index.filters import LookupFilter
from index.model import Hit
from ui.highlight import Span, mark_spans, merge_spans, term_spans
from ui.source import paragraph_label

if TYPE_CHECKING:
    from index.store import PolicyIndex

SNIPPET_CHARS = 160
LOOKUP_MAX_CHARS = 200  # keywords or one question; longer input is cut


def run_lookup(
    index: PolicyIndex,
    query: str,
    documents: Sequence[str] = (),
    date_from: str = "",
    date_to: str = "",
    k: int = 10,
    current_only: bool = False,
) -> tuple[list[Hit], list[str]]:
    """Ranked hits under the filters, and the query terms to highlight in them.

    Empty filters mean "all"; dates may be partial ("2024" covers "2024-12" and "2024-06-26");
    current_only leaves out documents marked 已失效 / 已废止 or replaced.
    Example: run_lookup(index, "四证一单", date_from="2021") -> ([Hit(...), ...], ["四证一单"])
    """
    query = clean_question(query, LOOKUP_MAX_CHARS).text  # control chars, lone surrogates …
    without = frozenset(index.retired) if current_only else frozenset()
    where = LookupFilter(tuple(documents), date_from or None, date_to or None, without)
    hits = index.current_first(index.search(query, k, where))
    return hits, index.tokenizer.query_terms(query)


def document_years(index: PolicyIndex) -> list[str]:
    """The years the documents were issued, for the date filter: ["2021", "2024", ...]."""
    return sorted({doc.date[:4] for doc in index.documents if doc.date[:4].isdigit()})


def snippet(text: str, spans: Sequence[Span], width: int = SNIPPET_CHARS) -> str:
    """At most `width` characters around the first match, marked and escaped."""
    spans = merge_spans(spans)
    if len(text) <= width:
        return mark_spans(text, spans)
    start = max(0, min(spans[0][0] - width // 4, len(text) - width)) if spans else 0
    end = start + width
    inside = [
        (max(s, start) - start, min(e, end) - start) for s, e in spans if s < end and e > start
    ]
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return f"{prefix}{mark_spans(text[start:end], inside)}{suffix}"


def hit_html(hit: Hit, rank: int, terms: Sequence[str]) -> str:
    """One ranked paragraph; the whole card opens the source view."""
    chunk = hit.chunk
    where = f"{escape(chunk.section or '正文')} · {paragraph_label(chunk)}"
    return (
        f'<li class="hit" data-action="open" data-chunk="{escape(chunk.id)}" role="button"'
        f' tabindex="0"><div class="hit-head"><span class="rank">{rank}</span>'
        f'<span class="hit-doc">{escape(chunk.doc_title)}</span>'
        f'<span class="hit-date">{escape(chunk.date)}</span></div>'
        f'<div class="hit-where">{where}</div>'
        f'<p class="hit-text">{snippet(chunk.text, term_spans(chunk.text, terms))}</p></li>'
    )


def render_hits(hits: Sequence[Hit], terms: Sequence[str], query: str) -> str:
    """The ranked list, or a line saying why it is empty."""
    if not query.strip():
        return '<p class="hits-empty">输入关键词或问题，结果随输入更新。</p>'
    if not hits:
        return '<p class="hits-empty">没有找到匹配的段落，换个说法或放宽筛选试试。</p>'
    items = "".join(hit_html(hit, rank, terms) for rank, hit in enumerate(hits, 1))
    return f'<p class="hits-count">找到 {len(hits)} 段</p><ol class="hits">{items}</ol>'
