"""The chat column as HTML: questions, answers with clickable [n], feedback and copy buttons.

Clicks are delegated by one script (ui/static/actions.js) that reads data-action,
data-turn, data-n and data-value from the clicked button and hands them to the server.

Example:
    render_conversation([Turn("工业总产值是多少？", answer=Answer(..., text="670亿元[1]。"))])
    -> '<div class="conv">…<button class="cite" data-action="cite" data-turn="0"
        data-n="1">[1]</button>…'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from answer.model import Answer
from answer.render import answer_as_plain_text
from feedback.store import REASONS
from ui.source import paragraph_label
from ui.words import Words

REFUSAL_REASONS = ("not_in_documents", "offtopic", "injection", "empty")  # named in [ui]
_MARKER = re.compile(r"\[(\d+)\]")
# Inline thumbs (Material icons): emoji fonts are missing on many servers and kiosks.
_THUMB = (
    '<svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true"><path fill="currentColor" '
    'd="M1 21h4V9H1v12zm22-11c0-1.1-.9-2-2-2h-6.31l.95-4.57.03-.32c0-.41-.17-.79-.44-1.06L14.17 '
    "1 7.59 7.59C7.22 7.95 7 8.45 7 9v10c0 1.1.9 2 2 2h9c.83 0 1.54-.5 1.84-1.22l3.02-7.05c.09"
    '-.23.14-.47.14-.73v-2z"/></svg>'
)
RATING_ICONS = (("up", _THUMB, "useful"), ("down", f'<span class="flip">{_THUMB}</span>', "wrong"))


@dataclass(frozen=True)
class Turn:
    """One question and its answer as far as it has streamed, with the reader's vote."""

    question: str
    answer: Answer | None = None  # set once the stream has finished
    partial: str = ""  # text streamed so far
    rating: str = ""  # "up" | "down" | ""
    reason: str = ""


def _button(action: str, turn: int, label: str, css: str, **data: str | int) -> str:
    """A button the delegated click handler understands; label is trusted HTML."""
    attributes = "".join(f' data-{key}="{escape(str(value))}"' for key, value in data.items())
    return (
        f'<button type="button" class="{css}" data-action="{action}" data-turn="{turn}"'
        f"{attributes}>{label}</button>"
    )


def answer_html(answer: Answer, turn: int) -> str:
    """Escaped answer text whose [n] markers are buttons that open citation n."""
    numbers = {c.number for c in answer.citations}

    def cite(match: re.Match[str]) -> str:
        n = int(match.group(1))
        return _button("cite", turn, f"[{n}]", "cite", n=n) if n in numbers else match.group(0)

    return _MARKER.sub(cite, escape(answer.text)).replace("\n", "<br>")


def citation_list(answer: Answer, turn: int, words: Words) -> str:
    """Under the answer: every source with its document, section and paragraph number."""
    items = "".join(
        f"<li>{_button('cite', turn, f'[{c.number}]', 'cite', n=c.number)}"
        f'<span class="cite-where">{escape(c.chunk.doc_title)} · '
        f"{escape(c.chunk.section or words('main_text'))} · "
        f"{paragraph_label(c.chunk, words)}</span></li>"
        for c in answer.citations
    )
    return f'<ol class="cite-list">{items}</ol>' if items else ""


def feedback_bar(turn: Turn, index: int, words: Words) -> str:
    """👍/👎 and copy; after 👎 the optional reasons, the chosen one pressed."""
    rate = [
        _button(
            "rate",
            index,
            icon + words(label),
            "fb on" if turn.rating == value else "fb",
            value=value,
        )
        for value, icon, label in RATING_ICONS
    ]
    plain = answer_as_plain_text(turn.answer) if turn.answer else ""
    copy = _button("copy", index, words("copy"), "copy", text=plain, done=words("copied"))
    thanks = f'<span class="thanks">{words("thanks")}</span>' if turn.rating else ""
    bar = f'<div class="tools">{"".join(rate)}{copy}{thanks}</div>'
    if turn.rating != "down":
        return bar
    reasons = "".join(
        _button(
            "reason",
            index,
            escape(words.known(f"reason.{r}") or r),
            "reason on" if r == turn.reason else "reason",
            value=r,
        )
        for r in REASONS
    )
    return f'{bar}<div class="reasons"><span>{words("reasons")}</span>{reasons}</div>'


def turn_html(turn: Turn, index: int, words: Words) -> str:
    """A question bubble and its answer: streaming, refused, or answered with sources."""
    question = f'<div class="q">{escape(turn.question)}</div>'
    answer = turn.answer
    if answer is None:
        body = f'<div class="a streaming">{escape(turn.partial)}<span class="caret"></span></div>'
        return f'<div class="turn">{question}{body}</div>'
    note = f'<p class="note">{escape(answer.note)}</p>' if answer.note else ""
    text = f"<p>{answer_html(answer, index)}</p>{citation_list(answer, index, words)}{note}"
    if answer.refused:
        reason = answer.refusal_reason if answer.refusal_reason in REFUSAL_REASONS else "other"
        head = (
            f'<p class="refusal-tag">ⓘ {words("not_answered")} · {words(f"refusal_{reason}")}</p>'
        )
        body = f'<div class="a refused">{head}{text}'
    else:
        body = f'<div class="a">{text}'
    return f'<div class="turn">{question}{body}{feedback_bar(turn, index, words)}</div></div>'


def render_conversation(turns: Sequence[Turn], words: Words | None = None) -> str:
    """The whole conversation, or a welcome line before the first question."""
    words = words or Words.of()
    if not turns:
        return f'<div class="conv"><p class="welcome">{words("welcome")}</p></div>'
    html = "".join(turn_html(t, i, words) for i, t in enumerate(turns))
    return f'<div class="conv">{html}</div>'
