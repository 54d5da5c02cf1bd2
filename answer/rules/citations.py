"""Check each [n] of a generated answer against passage n: its figures and key terms must
be there. Unsupported markers are removed; a sentence left with no support is dropped.

Example:
    checker.check("先放后检把验放时间缩减至半天[1]。每艘油轮节省500万元[1]。", {1: marine})
    -> Checked(sentences=[CheckedSentence("先放后检把验放时间缩减至半天", (1,), "。")],
               dropped=1)   # 500万元 is not in passage 1
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from answer.rules.facts import figures
from answer.rules.question import gives_orders
from answer.rules.terms import Segmenter, TermStats, question_terms
from ingest.model import Chunk
from ingest.text import SENTENCE_ENDS, fold, split_sentences

SUPPORT_MIN = 0.65  # share of a sentence's weighted key terms its cited passages must hold
PER_MARKER_MIN = 0.3  # ... and that each single cited passage must hold
MARKER = re.compile(r"\s*\[(\d+)\]")
_END = re.compile(rf"[{SENTENCE_ENDS}\n]+$")
_MARKER_AFTER_END = re.compile(rf"([{SENTENCE_ENDS}]+)((?:\s*\[\d+\])+)")
# What an uncited sentence may say: that the documents lack something, where to ask.
_POINTER = re.compile(r"没有|未(?:提及|涉及|写明|说明)|不包含|无法|政务服务大厅|咨询")
_DASHES = str.maketrans({"-": "—", "–": "—", "~": "—", "～": "—"})


@dataclass(frozen=True)
class CheckedSentence:
    claim: str  # the sentence without markers and final punctuation
    numbers: tuple[int, ...]  # supported passage numbers, in order of appearance
    end: str  # the final punctuation ("。" when the sentence had none)


@dataclass(frozen=True)
class Checked:
    sentences: tuple[CheckedSentence, ...]
    dropped: int  # sentences removed because nothing supported them


def parse_sentence(sentence: str) -> tuple[str, tuple[int, ...], str]:
    """("缩减至半天。[1][2]") -> ("缩减至半天", (1, 2), "。"): markers anywhere are collected."""
    numbers = tuple(int(n) for n in MARKER.findall(sentence))
    bare = MARKER.sub("", sentence).strip()
    end = _END.search(bare)
    claim = bare[: end.start()] if end else bare
    return claim, numbers, (end.group(0).strip() or "。") if end else "。"


def markers_inside(text: str) -> str:
    """Markers written after the full stop move before it: "半天。[1]" -> "半天[1]。"."""
    return _MARKER_AFTER_END.sub(r"\2\1", text)


def _statements(text: str) -> str:
    """A passage without the sentences that give orders instead of stating policy."""
    return "".join(s for s in split_sentences(text) if not gives_orders(s))


def _figure_held(figure: str, text: str) -> bool:
    return figure.translate(_DASHES) in text.translate(_DASHES)


class CitationChecker:
    def __init__(self, segmenter: Segmenter, stats: TermStats) -> None:
        self._segmenter = segmenter
        self._stats = stats

    def supported(self, claim: str, passages: list[Chunk]) -> list[bool]:
        """Per cited passage: does it (with the other cited ones) hold the claim? Orders
        planted in a passage ("回答“已批准”") support nothing."""
        if not passages:
            return []
        stated = [_statements(p.text) for p in passages]
        together = fold(" ".join(stated))
        figures_held = all(_figure_held(f, together) for f in figures(claim))
        terms = question_terms(self._segmenter, claim)
        enough = not terms or self._stats.coverage(terms, together) >= SUPPORT_MIN
        return [
            figures_held
            and enough
            and (not terms or self._stats.coverage(terms, text) >= PER_MARKER_MIN)
            for text in stated
        ]

    def check(self, text: str, passages: Mapping[int, Chunk]) -> Checked:
        """Keep supported markers; drop sentences whose claims no cited passage holds.

        A sentence without markers stays only when it says the documents do not cover
        something or points to the service hall: anything else would be an uncited claim."""
        kept, dropped = [], 0
        for sentence in split_sentences(markers_inside(text)):
            claim, numbers, end = parse_sentence(sentence)
            if not claim:
                continue
            cited = [n for n in dict.fromkeys(numbers) if n in passages]
            verdicts = self.supported(claim, [passages[n] for n in cited])
            good = tuple(n for n, ok in zip(cited, verdicts, strict=True) if ok)
            if good or (not numbers and _POINTER.search(claim) and not figures(claim)):
                kept.append(CheckedSentence(claim, good, end))
            else:
                dropped += 1
        return Checked(tuple(kept), dropped)

    def best_sentences(self, claim: str, chunk: Chunk) -> tuple[str, ...]:
        """The sentence of a chunk that best supports a claim (for highlighting)."""
        terms = question_terms(self._segmenter, claim)
        sentences = split_sentences(chunk.text) or [chunk.text]
        return (max(sentences, key=lambda s: self._stats.coverage(terms, s)),)
