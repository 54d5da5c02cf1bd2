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

# How a reason reads on the button (the stored value stays the same for the registry).
REASON_LABELS = {"应该拒答": "文件没写却回答了"}

REFUSAL_LABELS = {
    "not_in_documents": "文件中没有找到依据",
    "offtopic": "超出政策文件的范围",
    "injection": "无法按该指令操作",
    "empty": "没有收到问题",
}
WELCOME = (
    "可以问我青岛自贸片区的发展规划、产业与开放政策、发展数据等问题。"
    "每个回答都标注出处，点击 [1] 等编号即可查看原文段落。"
)
_MARKER = re.compile(r"\[(\d+)\]")
# Inline thumbs (Material icons): emoji fonts are missing on many servers and kiosks.
_THUMB = (
    '<svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true"><path fill="currentColor" '
    'd="M1 21h4V9H1v12zm22-11c0-1.1-.9-2-2-2h-6.31l.95-4.57.03-.32c0-.41-.17-.79-.44-1.06L14.17 '
    "1 7.59 7.59C7.22 7.95 7 8.45 7 9v10c0 1.1.9 2 2 2h9c.83 0 1.54-.5 1.84-1.22l3.02-7.05c.09"
    '-.23.14-.47.14-.73v-2z"/></svg>'
)
RATING_BUTTONS = (("up", f"{_THUMB}有用"), ("down", f'<span class="flip">{_THUMB}</span>有误'))


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


def citation_list(answer: Answer, turn: int) -> str:
    """Under the answer: every source with its document, section and paragraph number."""
    items = "".join(
        f"<li>{_button('cite', turn, f'[{c.number}]', 'cite', n=c.number)}"
        f'<span class="cite-where">{escape(c.chunk.doc_title)} · '
        f"{escape(c.chunk.section or '正文')} · {paragraph_label(c.chunk)}</span></li>"
        for c in answer.citations
    )
    return f'<ol class="cite-list">{items}</ol>' if items else ""


def feedback_bar(turn: Turn, index: int) -> str:
    """👍/👎 and copy; after 👎 the optional reasons, the chosen one pressed."""
    rate = [
        _button("rate", index, label, "fb on" if turn.rating == value else "fb", value=value)
        for value, label in RATING_BUTTONS
    ]
    plain = answer_as_plain_text(turn.answer) if turn.answer else ""
    copy = _button("copy", index, "复制", "copy", text=plain)
    thanks = '<span class="thanks">已记录，谢谢反馈</span>' if turn.rating else ""
    bar = f'<div class="tools">{"".join(rate)}{copy}{thanks}</div>'
    if turn.rating != "down":
        return bar
    reasons = "".join(
        _button(
            "reason",
            index,
            escape(REASON_LABELS.get(r, r)),
            "reason on" if r == turn.reason else "reason",
            value=r,
        )
        for r in REASONS
    )
    return f'{bar}<div class="reasons"><span>原因（可选）：</span>{reasons}</div>'


def turn_html(turn: Turn, index: int) -> str:
    """A question bubble and its answer: streaming, refused, or answered with sources."""
    question = f'<div class="q">{escape(turn.question)}</div>'
    answer = turn.answer
    if answer is None:
        body = f'<div class="a streaming">{escape(turn.partial)}<span class="caret"></span></div>'
        return f'<div class="turn">{question}{body}</div>'
    note = f'<p class="note">{escape(answer.note)}</p>' if answer.note else ""
    if answer.refused:
        label = REFUSAL_LABELS.get(answer.refusal_reason, "无法回答")
        head = f'<p class="refusal-tag">ⓘ 未作答 · {label}</p>'
        text = f"<p>{answer_html(answer, index)}</p>{citation_list(answer, index)}{note}"
        body = f'<div class="a refused">{head}{text}'
    else:
        text = f"<p>{answer_html(answer, index)}</p>{citation_list(answer, index)}{note}"
        body = f'<div class="a">{text}'
    return f'<div class="turn">{question}{body}{feedback_bar(turn, index)}</div></div>'


def render_conversation(turns: Sequence[Turn]) -> str:
    """The whole conversation, or a welcome line before the first question."""
    if not turns:
        return f'<div class="conv"><p class="welcome">{WELCOME}</p></div>'
    return f'<div class="conv">{"".join(turn_html(t, i) for i, t in enumerate(turns))}</div>'
