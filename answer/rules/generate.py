"""LLM answers: numbered passages placed in the prompt as data, the reply streamed and
checked sentence by sentence, so no unsupported [n] is ever shown.

Example:
    system, user = build_prompt("原油先放后检 节省多少时间", hits[:5], prompts)
    user -> '<passages>\\n<passage id="1" title="逐梦深蓝…" date="2025" …>\\n…缩减至半天…\\n</passage>…'
    draft = Draft(checker, {1: hits[0].chunk, …})
    for delta in chat.stream(system, user): shown = draft.feed(delta)   # checked text only
    draft.flush(); draft.result() -> ("…缩减至半天[1]。", (Citation(1, …),), 0)
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from answer.model import Citation
from answer.prompts import PromptLibrary
from answer.rules.citations import CitationChecker, markers_inside
from index.model import Hit
from ingest.model import Chunk
from ingest.text import SENTENCE_ENDS

# A sentence: text up to its end punctuation, with markers written after the stop.
_SENTENCE = re.compile(rf"[^{SENTENCE_ENDS}\n]*[{SENTENCE_ENDS}\n]+(?:[ \t]*\[\d+\])*")
_MAYBE_MARKER = re.compile(r"\s*(?:\[\d*)?$")
_DELIMITERS = str.maketrans({"<": "＜", ">": "＞"})


def _as_data(text: str) -> str:
    """Passage text cannot close its own <passage> tag: angle brackets become full-width."""
    return text.translate(_DELIMITERS)


def build_prompt(question: str, hits: Sequence[Hit], prompts: PromptLibrary) -> tuple[str, str]:
    """(system, user) messages: the rules, then passages [1]..[k] and the question."""
    passages = "\n".join(
        prompts.render(
            "passage",
            number=number,
            title=_as_data(hit.chunk.doc_title),
            date=_as_data(hit.chunk.date),
            section=_as_data(hit.chunk.section),
            paragraph=_as_data(hit.chunk.paragraph),
            text=_as_data(hit.chunk.text),
        ).strip()
        for number, hit in enumerate(hits, start=1)
    )
    user = prompts.render("answer_user", passages=passages, question=_as_data(question))
    return prompts.render("answer_system").strip(), user


def take_sentences(buffer: str) -> tuple[list[str], str]:
    """Complete sentences at the head of a buffer, and the unfinished rest.

    A sentence is complete once something other than a marker follows its full stop.
    Example: take_sentences("甲。[1]乙。[") -> (["甲。[1]"], "乙。[")
    """
    done, position = [], 0
    for match in _SENTENCE.finditer(buffer):
        if match.start() != position:
            break
        tail = buffer[match.end() :]
        if _MAYBE_MARKER.fullmatch(tail):
            break
        done.append(match.group(0))
        position = match.end()
    return done, buffer[position:]


class Draft:
    """Collects the streamed reply; releases each sentence once checked, renumbered [1], [2] …"""

    def __init__(self, checker: CitationChecker, passages: dict[int, Chunk]) -> None:
        self._checker = checker
        self._passages = passages
        self._buffer = ""
        self._numbers: dict[int, int] = {}  # passage number -> citation number
        self._quoted: dict[int, list[str]] = {}
        self.text = ""
        self.dropped = 0

    def feed(self, delta: str) -> str:
        """Add streamed text; return the newly released (checked) text, possibly ""."""
        sentences, self._buffer = take_sentences(self._buffer + delta)
        return "".join(self._release(s) for s in sentences)

    def flush(self) -> str:
        """Release what is left in the buffer once the stream has ended."""
        rest, self._buffer = self._buffer, ""
        return self._release(rest) if rest.strip() else ""

    def result(self) -> tuple[str, tuple[Citation, ...], int]:
        """(answer text, citations, sentences dropped) of everything released."""
        citations = tuple(
            Citation(number=n, chunk=self._passages[p], sentences=tuple(self._quoted[p]))
            for p, n in self._numbers.items()
        )
        return self.text, citations, self.dropped

    def _release(self, sentence: str) -> str:
        checked = self._checker.check(markers_inside(sentence), self._passages)
        self.dropped += checked.dropped
        released = ""
        for part in checked.sentences:
            markers = ""
            for passage in part.numbers:
                number = self._numbers.setdefault(passage, len(self._numbers) + 1)
                markers += f"[{number}]"
                chunk = self._passages[passage]
                for quote in self._checker.best_sentences(part.claim, chunk):
                    if quote not in self._quoted.setdefault(passage, []):
                        self._quoted[passage].append(quote)
            released += f"{part.claim}{markers}{part.end}"
        self.text += released
        return released
