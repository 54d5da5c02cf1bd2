"""The 检索 tab: type words or a question, filter by document and year, open a paragraph.

Results follow the typing (only the latest keystroke is searched when they pile up); the same
search is the documented `/lookup` endpoint:
    Client(url).predict("四证一单", [], 5, "", "", api_name="/lookup")
    -> [{"rank": 1, "doc": "…", "paragraph": "41", "text": "…四证一单…", ...}, ...]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import gradio as gr

from settings import Settings
from ui.api import API_LANGUAGE, PRIVATE, hit_record
from ui.lookup import document_years, render_hits, run_lookup
from ui.source import render_source, render_source_placeholder
from ui.words import Words

if TYPE_CHECKING:
    from admin.reindex import LiveIndex

LOOKUP_K = 10


def add_lookup_tab(
    demo: gr.Blocks, live: LiveIndex, settings: Settings, actions_js: str, words: Words
) -> None:
    """Lay out the lookup tab in the current Blocks context and wire its events and API;
    every search reads the live index once (a re-index may replace it between requests),
    and the document and year filters offer what the live index holds when a page opens."""
    hint = words("lookup.source_hint")

    def filter_choices(index) -> tuple[list, list]:
        titles = [(doc.title, doc.doc_id) for doc in index.documents]
        years = [(words("lookup.any_year"), "")]
        years += [(words("lookup.year", year=year), year) for year in document_years(index)]
        return titles, years

    def lookup_panel(
        query: str, documents: list[str], date_from: str, date_to: str, current_only: bool
    ) -> tuple[str, str]:
        """The hits for the current words and filters; the source panel starts afresh, so it
        never shows a paragraph of an earlier query."""
        index = live.index
        query = query[: settings.max_question_chars]
        filters = (documents or (), date_from, date_to, LOOKUP_K, current_only)
        hits, terms = run_lookup(index, query, *filters)
        unfiltered = 0
        if not hits and (documents or date_from or date_to or current_only):
            unfiltered = len(run_lookup(index, query, k=LOOKUP_K)[0])
        numbers = {doc.doc_id: doc.doc_number for doc in index.documents}
        found = render_hits(hits, terms, query, numbers, unfiltered, words)
        return found, render_source_placeholder(hint)

    def current_filters():
        titles, years = filter_choices(live.index)
        return gr.update(choices=titles), gr.update(choices=years), gr.update(choices=years)

    def open_hit(query: str, event: gr.EventData) -> str:
        index = live.index
        terms = index.tokenizer.query_terms(query)
        try:
            chunk = index.get(event.chunk)
        except KeyError:  # the document was deleted since the results were shown
            return render_source_placeholder(words("lookup.gone"))
        return render_source(index, chunk, terms=terms, words=words)

    def lookup(
        query: str,
        documents: list[str] | None = None,
        k: int = LOOKUP_K,
        date_from: str = "",
        date_to: str = "",
    ) -> list[dict]:
        """Ranked paragraphs for words or a question, optionally within documents and dates
        (a retired document's paragraphs rank below current ones)."""
        query = query[: settings.max_question_chars]
        hits, terms = run_lookup(live.index, query, documents or (), date_from, date_to, k)
        return [hit_record(hit, rank, terms) for rank, hit in enumerate(hits, 1)]

    titles, years = filter_choices(live.index)
    with gr.Row():
        query = gr.Textbox(
            placeholder=words("lookup.placeholder"),
            show_label=False,  # named for screen readers in ui/chat_tab.py LABELS_JS
            scale=3,
            min_width=220,
            elem_id="lookup-query",
        )
        doc_filter = gr.Dropdown(
            titles,
            value=[],
            multiselect=True,
            label=words("lookup.documents"),
            scale=2,
            min_width=220,
        )
    with gr.Row():
        date_from = gr.Dropdown(years, value="", label=words("lookup.year_from"), min_width=120)
        date_to = gr.Dropdown(years, value="", label=words("lookup.year_to"), min_width=120)
        current_only = gr.Checkbox(
            False, label=words("lookup.current_only"), min_width=200, elem_id="lookup-current"
        )
    with gr.Row(equal_height=False):
        with gr.Column(scale=3, min_width=300):
            hits = gr.HTML(
                render_hits([], [], "", words=words), js_on_load=actions_js, elem_id="lookup-hits"
            )
        with gr.Column(scale=2, min_width=300, elem_classes="source-col"):
            hit_source = gr.HTML(render_source_placeholder(hint), elem_id="lookup-source")
    gr.on(
        [query.change, doc_filter.change, date_from.change, date_to.change, current_only.change],
        lookup_panel,
        [query, doc_filter, date_from, date_to, current_only],
        [hits, hit_source],
        show_progress="hidden",
        trigger_mode="always_last",
        concurrency_id="lookup",
        **PRIVATE,
    )
    hits.click(open_hit, query, hit_source, **PRIVATE)
    demo.load(current_filters, None, [doc_filter, date_from, date_to], queue=False, **PRIVATE)
    if words.language == API_LANGUAGE:
        gr.api(lookup, api_name="lookup", concurrency_id="lookup")
