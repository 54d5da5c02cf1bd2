"""The 问答 tab: ask, watch the answer stream in, open a source, vote, copy.

The conversation is kept in the browser (the questions and votes, in localStorage via
gr.BrowserState) and comes back after a reload, answered again from the current documents;
新对话 clears it. Empty input says so; a counter appears near the length limit; the example
questions stay one click away after the first question. The same answering is the
documented `/ask` endpoint:
    Client(url).predict("2020年工业总产值是多少？", [], api_name="/ask") -> answer record
"""

from __future__ import annotations

import json
import secrets
import uuid
from typing import TYPE_CHECKING

import gradio as gr

from registry.queries import log_answer
from settings import Settings
from ui.api import API_LANGUAGE, PRIVATE, ask_record
from ui.chat import (
    open_citation,
    record_vote,
    restore_turns,
    saved_conversation,
    stream_turns,
)
from ui.conversation import render_conversation
from ui.source import render_source_placeholder
from ui.words import Words

if TYPE_CHECKING:
    from admin.reindex import LiveIndex
    from feedback.store import FeedbackStore
    from registry.outbox import Outbox

EXAMPLES = ("example_1", "example_2", "example_3", "example_4")  # entries in [ui]
COUNTER_FROM = 0.8  # the character counter shows from this share of the limit
STORAGE_KEY = "qa-conversation"
# Counts characters under the question box once they near the limit (max_length stops
# typing there, which would otherwise look like a frozen keyboard).
COUNTER_JS = """
const box = () => document.querySelector("#question textarea");
const update = () => {
  const area = box();
  if (!area) return;
  const counter = element.querySelector(".counter");
  const limit = Number(counter.dataset.limit), used = area.value.length;
  counter.hidden = used < limit * Number(counter.dataset.from);
  counter.textContent = `${used} / ${limit} ${counter.dataset.unit}`;
  counter.classList.toggle("full", used >= limit);
};
document.addEventListener("input", (event) => {
  if (event.target === box()) update();
});
"""
# Gradio renders a label-less textbox without an accessible name: give the question and
# lookup boxes theirs (tabs render lazily, so also when they appear). `names` is prepended.
LABELS_JS = """
const label = () => {
  for (const [selector, name] of names) {
    const box = document.querySelector(selector);
    if (box && !box.hasAttribute("aria-label")) box.setAttribute("aria-label", name);
  }
};
label();
new MutationObserver(label).observe(document.body, { childList: true, subtree: true });
"""


def browser_secret(settings: Settings) -> str:
    """The key the saved conversation is sealed with, shared by every replica (it lives in
    the data folder) so a reload served by another replica still finds it."""
    path = settings.data_dir / "browser-state.key"
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(32), encoding="utf-8")
    return path.read_text(encoding="utf-8").strip()


def add_chat_tab(
    demo: gr.Blocks,
    live: LiveIndex,
    settings: Settings,
    store: FeedbackStore,
    actions_js: str,
    concurrency: int,
    words: Words,
    outbox: Outbox | None = None,
) -> None:
    """Lay out the chat tab in the current Blocks context and wire its events and API;
    labels, refusals and notes are in the language of `words`."""
    replica = f"{settings.host}:{settings.port}"
    # the reader's language: an English page answers in English; the Chinese page answers a
    # question asked in English in English too (Assistant.stream decides when None)
    language = "en" if words.language == "en" else None
    source_hint = words("chat_source_hint")

    def chat_turn(question: str, turns: list, conversation: str):
        question = question.strip()  # the assistant itself shortens an overlong question
        if not question:
            gr.Warning(words("empty_question"))
            yield gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
            return
        conversation = conversation or uuid.uuid4().hex  # named at its first question
        closed = gr.update(open=False)
        try:
            for updated in stream_turns(live.assistant, turns, question, language):
                chat_html = render_conversation(updated, words)
                yield "", updated, conversation, chat_html, closed, gr.skip()
        except Exception as error:  # the reader keeps the question and may try again
            shown = render_conversation(turns, words)
            yield question, turns, conversation, shown, gr.skip(), gr.skip()
            raise gr.Error(words("answer_error")) from error
        if updated[-1].answer is not None:
            log_answer(outbox, updated[-1].answer, "ui", replica=replica)
        saved = saved_conversation(conversation, updated)
        yield gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip(), saved

    def on_conversation_click(turns: list, conversation: str, event: gr.EventData):
        action, turn = getattr(event, "action", None), int(getattr(event, "turn", -1))
        if action == "cite":
            number = int(getattr(event, "n", 0))
            cited = open_citation(live.index, turns, turn, number, words)
            return gr.skip(), gr.skip(), cited, gr.skip()
        value = getattr(event, "value", "")
        updated = record_vote(store, conversation, turns, turn, action, value)
        saved = saved_conversation(conversation, updated)
        return updated, render_conversation(updated, words), gr.skip(), saved

    def new_conversation():
        source = render_source_placeholder(source_hint)
        fresh = saved_conversation("", [])
        return [], "", render_conversation([], words), source, gr.update(open=True), "", fresh

    def restore(saved: dict | None):
        """The conversation this browser kept, answered again from the current documents."""
        turns = restore_turns(live.assistant, saved, language)
        if not turns:
            return gr.skip(), gr.skip(), gr.skip(), gr.skip()
        conversation = str((saved or {}).get("conversation") or uuid.uuid4().hex)
        return turns, conversation, render_conversation(turns, words), gr.update(open=False)

    def ask_api(question: str, history: list[str] | None = None) -> dict:
        """Answer one question (earlier questions of the conversation in history, oldest first)."""
        answer = live.assistant.answer(question, list(history or []), language)
        log_answer(outbox, answer, "gradio", replica=replica)
        return ask_record(answer)

    turns = gr.State([])
    conversation = gr.State("")
    saved = gr.BrowserState(
        saved_conversation("", []), storage_key=STORAGE_KEY, secret=browser_secret(settings)
    )
    with gr.Row(equal_height=False):
        with gr.Column(scale=3, min_width=300):
            chat = gr.HTML(
                render_conversation([], words), js_on_load=actions_js, elem_id="chat-conv"
            )
            with (
                gr.Accordion(words("examples"), open=True, elem_id="examples-box") as examples,
                gr.Column(elem_id="examples"),
            ):
                example_buttons = [gr.Button(words(name), size="sm") for name in EXAMPLES]
            question = gr.Textbox(
                placeholder=words("question_placeholder"),
                show_label=False,  # named for screen readers by LABELS_JS
                max_length=settings.max_question_chars,
                submit_btn=words("send"),
                elem_id="question",
            )
            limit = settings.max_question_chars
            names = [
                ["#question textarea", words("question_name")],
                ["#lookup-query textarea", words("lookup.name")],
            ]
            gr.HTML(
                f'<p class="counter" data-limit="{limit}" data-from="{COUNTER_FROM}"'
                f' data-unit="{words("counter")}" hidden aria-live="polite"></p>',
                js_on_load=COUNTER_JS + f"const names = {json.dumps(names)};" + LABELS_JS,
                elem_id="question-counter",
            )
            new_chat = gr.Button(words("new_chat"), size="sm", elem_id="new-chat")
        with gr.Column(scale=2, min_width=300, elem_classes="source-col"):
            source = gr.HTML(render_source_placeholder(source_hint), elem_id="chat-source")

    asked = [question, turns, conversation]
    ask_outputs = [question, turns, conversation, chat, examples, saved]
    ask_event = {"concurrency_id": "answer", "concurrency_limit": concurrency, **PRIVATE}
    question.submit(chat_turn, asked, ask_outputs, **ask_event)
    for button in example_buttons:
        button.click(lambda q=button.value: q, None, question, queue=False, **PRIVATE).then(
            chat_turn, asked, ask_outputs, **ask_event
        )
    chat.click(
        on_conversation_click, [turns, conversation], [turns, chat, source, saved], **PRIVATE
    )
    new_chat.click(
        new_conversation,
        None,
        [turns, conversation, chat, source, examples, question, saved],
        queue=False,
        **PRIVATE,
    )
    demo.load(
        restore, saved, [turns, conversation, chat, examples], show_progress="hidden", **ask_event
    )
    if words.language == API_LANGUAGE:
        gr.api(ask_api, api_name="ask", concurrency_id="answer", concurrency_limit=concurrency)
