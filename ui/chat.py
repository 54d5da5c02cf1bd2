"""The chat's behaviour without Gradio: stream a turn, open a citation, record a vote.

app.py wires these to components; keeping them plain makes them testable without a browser.

Example:
    turns = []
    for turns in stream_turns(assistant, turns, "2020年工业总产值是多少？"):
        pass
    turns[-1].answer.text -> "2020年，青岛自贸片区实现……工业总产值670亿元[1]。"
    open_citation(index, turns, turn=0, number=1) -> '<article class="source">…'
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from answer.model import Answer
from feedback.store import FeedbackStore, Vote
from ui.conversation import Turn
from ui.source import render_source, render_source_placeholder
from ui.words import Words

if TYPE_CHECKING:
    from answer.assistant import Assistant
    from index.store import PolicyIndex


def stream_turns(
    assistant: Assistant, turns: Sequence[Turn], question: str, language: str | None = None
) -> Iterator[list[Turn]]:
    """The conversation after each streamed piece of the new answer, ending with the Answer.

    The earlier questions go along as history, so "那2035年呢？" is read as a follow-up;
    refusals and notes come in the page's `language`.
    """
    history = [turn.question for turn in turns]
    earlier = list(turns)
    current = Turn(question)
    yield [*earlier, current]
    for piece in assistant.stream(question, history, language):
        if isinstance(piece, Answer):
            current = replace(current, answer=piece, partial="")
        else:
            current = replace(current, partial=current.partial + piece)
        yield [*earlier, current]


def open_citation(
    index: PolicyIndex, turns: Sequence[Turn], turn: int, number: int, words: Words | None = None
) -> str:
    """The source view of citation [number] of answer `turn`, sentences highlighted."""
    words = words or Words.of()
    answer = turns[turn].answer if 0 <= turn < len(turns) else None
    citation = next((c for c in answer.citations if c.number == number), None) if answer else None
    if citation is None:
        return render_source_placeholder(words("citation_missing", number=number))
    if citation.chunk.id not in index:  # its document was deleted or changed since
        return render_source_placeholder(words("citation_gone", number=number))
    chunk, sentences = citation.chunk, citation.sentences
    return render_source(index, chunk, sentences=sentences, number=number, words=words)


def record_vote(
    store: FeedbackStore,
    conversation: str,
    turns: Sequence[Turn],
    turn: int,
    action: str,
    value: str,
) -> list[Turn]:
    """Store a vote on answer `turn`; the returned turns show it.

    action "rate" with value "up" | "down" (a repeated 👎 keeps its reason, 👍 drops it), or
    action "reason" with one of feedback.store.REASONS, which implies 👎.
    """
    if not 0 <= turn < len(turns) or turns[turn].answer is None:
        return list(turns)
    current = turns[turn]
    if action == "reason":
        rating, reason = "down", value
    else:
        rating, reason = value, (current.reason if value == "down" else "")
    answer = current.answer
    store.accept(
        Vote(
            conversation=conversation,
            turn=turn,
            rating=rating,
            reason=reason,
            question=current.question,
            answer=answer.text,
            cited_chunk_ids=tuple(c.chunk.id for c in answer.citations),
        )
    )
    updated = list(turns)
    updated[turn] = replace(current, rating=rating, reason=reason)
    return updated


MAX_SAVED_TURNS = 20  # a reloaded page brings back this many of the latest turns


def saved_conversation(conversation: str, turns: Sequence[Turn]) -> dict:
    """What the browser keeps across a reload: the questions and the votes, never answers
    (they are answered again from the current documents when the page comes back)."""
    kept = [t for t in turns if t.answer is not None][-MAX_SAVED_TURNS:]
    return {
        "conversation": conversation,
        "turns": [{"question": t.question, "rating": t.rating, "reason": t.reason} for t in kept],
    }


def restore_turns(
    assistant: Assistant, saved: dict | None, language: str | None = None
) -> list[Turn]:
    """The conversation a browser kept, answered again in order (each with the questions
    before it as history) in the page's language; anything malformed is dropped."""
    turns: list[Turn] = []
    entries = (saved or {}).get("turns") if isinstance(saved, dict) else None
    for entry in (entries or [])[:MAX_SAVED_TURNS]:
        question = entry.get("question") if isinstance(entry, dict) else None
        if not isinstance(question, str) or not question.strip():
            continue
        answer = assistant.answer(question, [t.question for t in turns], language)
        rating = entry.get("rating") if entry.get("rating") in ("up", "down") else ""
        reason = entry.get("reason") if isinstance(entry.get("reason"), str) and rating else ""
        turns.append(Turn(question, answer=answer, rating=rating, reason=reason))
    return turns
