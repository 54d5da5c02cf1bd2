"""检索: words or a question -> ranked paragraphs with the matched terms highlighted.

The terms to highlight are the index tokenizer's query terms, so what is marked is what BM25
matched.

Example:
    render_hits(index.search("集成电路 投资", k=10), ["集成电路", "投资"], "集成电路 投资")
    -> '<ol class="hits"><li class="hit" data-action="open" data-chunk="…">…<mark>投资</mark>…'
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from html import escape
from typing import TYPE_CHECKING

from answer.render import source_line
from answer.rules.focus import language_of
from answer.rules.glossary import Glossary
from answer.rules.question import clean_question
from index.filters import LookupFilter
from index.fusion import RetrievalSignals
from index.model import Hit
from ui.highlight import Span, mark_spans, merge_spans, term_spans
from ui.source import paragraph_label
from ui.words import Words

if TYPE_CHECKING:
    from index.store import PolicyIndex

SNIPPET_CHARS = 160
LOOKUP_MAX_CHARS = 200  # keywords or one question; longer input is cut
# A paragraph is shown when it holds a third of the query's real words (two or more
# characters: not a lone 仓 or 的; English words count by their glossary terms) or when its meaning is
# closer than any paragraph found for unrelated queries (`python -m eval.lookup_floor` on
# the dev split: those reach cosine 0.876 on e5-small, as high as true paraphrases).
DENSE_FLOOR = 0.88
MATCHED_SHARE = 1 / 3  # of the query's real words a paragraph must hold, without the floor


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
    query = lookup_query(query)
    without = frozenset(index.retired) if current_only else frozenset()
    where = LookupFilter(tuple(documents), date_from or None, date_to or None, without)
    found = index.search_detailed(query, k, where)
    terms = index.tokenizer.query_terms(query)
    hits = index.current_first([f.hit for f in found if relevant(f.signals, terms)])
    return hits, substantive(terms)


def lookup_query(query: str) -> str:
    """The query as searched: cleaned (control characters, lone surrogates …) and cut, and
    for English words the zone's Chinese terms added (answer/rules/glossary.tsv)."""
    query = clean_question(query, LOOKUP_MAX_CHARS).text
    if language_of(query) != "zh":
        query = " ".join((query, *glossary().terms(query)))
    return query


@functools.cache
def glossary() -> Glossary:
    return Glossary.load()


def real_words(terms: Sequence[str]) -> list[str]:
    """Terms of two or more characters: "仓" or "的" alone says little about a paragraph."""
    return [t for t in terms if len(t) >= 2]


def substantive(terms: Sequence[str]) -> list[str]:
    """The words to highlight: the real words, or all terms when the query has none."""
    return real_words(terms) or list(terms)


def relevant(signals: RetrievalSignals, query_terms: Sequence[str] = ()) -> bool:
    """Whether a hit is worth showing (see DENSE_FLOOR): it holds at least MATCHED_SHARE of
    the query's real words ("做法" alone is not "红烧肉的做法"), or its meaning is close."""
    held = len(real_words(signals.matched_terms))
    words = real_words(query_terms)
    # English words count by the glossary's Chinese terms added to the query
    asked = len([t for t in words if not t.isascii()]) or len(words) or 1
    return (held > 0 and held / asked >= MATCHED_SHARE) or signals.dense_cosine >= DENSE_FLOOR


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


def hit_html(
    hit: Hit, rank: int, terms: Sequence[str], doc_number: str = "", words: Words | None = None
) -> str:
    """One ranked paragraph: the card opens the source view; 复制 copies the paragraph with
    its citation (title, 文号 or date, section, paragraph)."""
    words = words or Words.of()
    chunk = hit.chunk
    where = f"{escape(chunk.section or words('main_text'))} · {paragraph_label(chunk, words)}"
    copied = f"{chunk.text}\n——{source_line(chunk, doc_number)}"
    return (
        f'<li class="hit"><div class="hit-card" data-action="open" data-chunk="{escape(chunk.id)}"'
        f' role="button" tabindex="0"><div class="hit-head"><span class="rank">{rank}</span>'
        f'<span class="hit-doc">{escape(chunk.doc_title)}</span>'
        f'<span class="hit-date">{escape(chunk.date)}</span></div>'
        f'<div class="hit-where">{where}</div>'
        f'<p class="hit-text">{snippet(chunk.text, term_spans(chunk.text, terms))}</p></div>'
        f'<button class="copy hit-copy" data-action="copy" data-text="{escape(copied)}"'
        f' data-done="{words("copied")}" aria-label="{words("lookup.copy_hit", rank=rank)}">'
        f"{words('copy')}</button></li>"
    )


def render_hits(
    hits: Sequence[Hit],
    terms: Sequence[str],
    query: str,
    doc_numbers: Mapping[str, str] | None = None,
    unfiltered: int = 0,
    words: Words | None = None,
) -> str:
    """The ranked list, or a line saying why it is empty and what to try: `unfiltered` is
    how many paragraphs the same words find without the filters."""
    words = words or Words.of()
    if not query.strip():
        return f'<p class="hits-empty">{words("lookup.start")}</p>'
    if not hits:
        if unfiltered:
            hint = words("lookup.without_filters", count=unfiltered)
        else:
            hint = words("lookup.try_words", examples=words("lookup.suggestions"))
        return f'<p class="hits-empty">{words("lookup.no_match")}{hint}</p>'
    numbers = doc_numbers or {}
    items = "".join(
        hit_html(hit, rank, terms, numbers.get(hit.chunk.doc_id, ""), words)
        for rank, hit in enumerate(hits, 1)
    )
    found = words("lookup.found", count=len(hits))
    return f'<p class="hits-count">{found}</p><ol class="hits">{items}</ol>'
