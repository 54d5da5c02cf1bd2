"""Chat behaviour without a browser: streaming turns, opening citations, recording votes.

The streaming assistant here is a stand-in for a generative model that sends text in pieces;
the real extractive Assistant runs in tests/test_browser_app.py.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import pytest

from answer.model import Answer, Citation
from feedback.store import FeedbackStore
from ui.chat import (
    open_citation,
    record_vote,
    restore_turns,
    saved_conversation,
    stream_turns,
)
from ui.conversation import Turn, render_conversation


class PieceByPieceAssistant:
    """Streams its answer in three pieces, then the final Answer; remembers the history."""

    def __init__(self, citation: Citation) -> None:
        self.citation = citation
        self.histories: list[list[str]] = []

    def stream(
        self, question: str, history: Sequence[str] = (), language=None
    ) -> Iterator[str | Answer]:
        self.histories.append(list(history))
        pieces = ["2020年，", "工业总产值", "670亿元[1]。"]
        yield from pieces
        yield Answer(question, "".join(pieces), (self.citation,))


@pytest.fixture(scope="module")
def citation(policy_index) -> Citation:
    chunk = next(c for c in policy_index.chunks if "工业总产值670亿元" in c.text)
    return Citation(1, chunk, ("工业总产值670亿元,",))


def test_the_answer_streams_in_and_then_becomes_clickable(citation):
    assistant = PieceByPieceAssistant(citation)
    states = list(stream_turns(assistant, [], "工业总产值是多少？"))
    partials = [state[-1].partial for state in states if state[-1].answer is None]
    assert partials == ["", "2020年，", "2020年，工业总产值", "2020年，工业总产值670亿元[1]。"]
    assert 'class="a streaming"' in render_conversation(states[1])
    final = render_conversation(states[-1])
    assert 'data-action="cite"' in final and "streaming" not in final


def test_follow_ups_carry_the_earlier_questions(citation):
    assistant = PieceByPieceAssistant(citation)
    *_, turns = stream_turns(assistant, [], "2020年工业总产值是多少？")
    *_, turns = stream_turns(assistant, turns, "那2025年呢？")
    assert assistant.histories == [[], ["2020年工业总产值是多少？"]]
    assert [t.question for t in turns] == ["2020年工业总产值是多少？", "那2025年呢？"]


def test_opening_a_citation_marks_its_sentence(policy_index, citation):
    turns = [Turn("q", answer=Answer("q", "670亿元[1]。", (citation,)))]
    html = open_citation(policy_index, turns, 0, 1)
    assert "<mark>工业总产值670亿元,</mark>" in html
    assert "找不到来源" in open_citation(policy_index, turns, 0, 7)
    assert "找不到来源" in open_citation(policy_index, turns, 3, 1)


def test_votes_are_stored_and_shown(tmp_path, citation):
    store = FeedbackStore.in_data_dir(tmp_path)
    turns = [Turn("q", answer=Answer("q", "670亿元[1]。", (citation,)))]
    turns = record_vote(store, "conv", turns, 0, "rate", "down")
    turns = record_vote(store, "conv", turns, 0, "reason", "应该拒答")
    assert (turns[0].rating, turns[0].reason) == ("down", "应该拒答")
    turns = record_vote(store, "conv", turns, 0, "rate", "down")  # a second 👎 keeps the reason
    (row,) = store.latest()
    assert row["reason"] == "应该拒答" and row["cited_chunk_ids"] == [citation.chunk.id]
    turns = record_vote(store, "conv", turns, 0, "rate", "up")
    assert (turns[0].rating, turns[0].reason) == ("up", "")
    assert store.latest()[0]["rating"] == "up"


def test_a_vote_on_an_unfinished_or_missing_answer_is_ignored(tmp_path):
    store = FeedbackStore.in_data_dir(tmp_path)
    turns = [Turn("q", partial="still streaming")]
    assert record_vote(store, "conv", turns, 0, "rate", "up") == turns
    assert record_vote(store, "conv", turns, 5, "rate", "up") == turns
    assert store.latest() == []


class Answering:
    """Answers every question with its own text; remembers the history it was given."""

    def __init__(self) -> None:
        self.histories: list[list[str]] = []

    def answer(self, question: str, history: Sequence[str] = (), language=None) -> Answer:
        self.histories.append(list(history))
        return Answer(question, f"答：{question}")


def test_a_saved_conversation_comes_back_answered_in_order_with_its_votes():
    turns = [Turn("问一", Answer("问一", "答"), rating="down", reason="引用不对"), Turn("问二")]
    saved = saved_conversation("c9", turns)  # an unfinished turn is not kept
    assert saved == {
        "conversation": "c9",
        "turns": [{"question": "问一", "rating": "down", "reason": "引用不对"}],
    }
    saved["turns"].append({"question": "问三", "rating": "meh"})
    assistant = Answering()
    restored = restore_turns(assistant, saved)
    assert [t.question for t in restored] == ["问一", "问三"]
    assert assistant.histories == [[], ["问一"]]
    assert (restored[0].rating, restored[0].reason, restored[1].rating) == ("down", "引用不对", "")


@pytest.mark.parametrize(
    "saved", [None, {}, {"turns": "x"}, {"turns": [1, {"question": ""}, {"q": "x"}]}, []]
)
def test_a_malformed_saved_conversation_restores_nothing(saved):
    assert restore_turns(Answering(), saved) == []
