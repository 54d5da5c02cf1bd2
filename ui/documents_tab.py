"""The 文件 tab: every document with its card (issuer, 文号, date, validity) and counts, as
the live index and the registry have it when the page is opened (staff may change them)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import gradio as gr
from sqlalchemy.exc import SQLAlchemyError

from ui.api import PRIVATE
from ui.documents import render_documents
from ui.words import Words

if TYPE_CHECKING:
    from admin.reindex import LiveIndex
    from registry.library import Library


def add_documents_tab(
    demo: gr.Blocks, live: LiveIndex, library: Library | None, words: Words
) -> None:
    def current_documents() -> str:
        try:
            labels = library.version_labels() if library else None
        except SQLAlchemyError:  # the registry is away for a moment: the index alone
            labels = None
        return render_documents(live.index, labels, words)

    documents = gr.HTML(render_documents(live.index, words=words), elem_id="documents")
    demo.load(current_documents, None, documents, queue=False, **PRIVATE)
