"""Key terms of a question, how rare each is in the corpus, and how much of them a text covers.

A term's weight is its inverse document frequency over the corpus chunks (substring
counts, so no re-tokenising of the corpus). A term matches a text when it occurs in it,
or partly when most of its character bigrams do ("入园企业" against "人园企业").

Example:
    stats = TermStats([c.text for c in index.chunks])
    terms = question_terms(tokenizer, "原油先放后检 节省多少时间？")
    -> ("原油", "先放后检", "节省", "时间")
    stats.coverage(terms, "进口原油“先放后检”模式，将原本2—3天的验放时间缩减至半天") -> 0.8…
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Protocol

from ingest.text import DOCUMENT_NUMBER, fold

# Words placing a question in the present ("如今有多少"): no topic, but an achieved figure
# is asked (answer/rules/dating.py ASKS_ACTUAL).
NOW = "现在|目前|如今|至今|当前"
# Question phrasing that names no content: the question is cut there before segmentation.
_ASKING = re.compile(
    r"请问|(?:是|有)?多少[个家项条年天位处种款部名次人元钱亿万]*|是几|几[个家项条年天位处种款部名次]?|哪一步|哪个阶段|哪一?天|哪[几两三四五六七八九十\d]+[个家条款种项位所座]?|哪[些个里儿几一]*"
    r"|什么时候|什么样?的?|怎么样?|如何|是否|有没有|能不能|可不可以|是不是|算不算|吗|呢"
    r"|有?多[大长久高快]|分别|各是|各有|具体|一共|总共|加起来|合起来|算下来|到底|请"
    rf"|{NOW}"
    r"|[这那][个些份篇项条种家位部款次]|该[份篇项条种家位部款次]"  # "这份规划" names 规划
    r"|一下|说说|介绍|[，,。？?！!；;：:、\s]+"
)
# How a figure is counted over time: per year ("年新增就业人数5000人") or summed over
# several ("新增就业人数(个,5年累计)"). A question asking one is not answered by the other,
# and the documents say each in several ways ("每年" in a question, "年新增" in the text).
PERIODS = {
    "annual": re.compile(
        r"每年|年均|(?<![\d十])年(?:新增|增长|增速|产值|产量|吞吐)|全年|一年|/年|per year|annual|each year|a year",
        re.I,
    ),
    "cumulative": re.compile(r"累计|总计|合计|共计|in total|cumulative", re.I),
}


def period(text: str) -> str:
    """ "annual", "cumulative" or "" (neither, or both): how the text counts its figures."""
    found = [name for name, words in PERIODS.items() if words.search(text)]
    return found[0] if len(found) == 1 else ""


_period_of_term = functools.cache(period)  # terms recur on the hot path; texts do not
_YEAR = re.compile(r"(?:19|20)\d\d年?")  # years are entities (answer/rules/asking.py), not terms
# Verbs and particles of everyday phrasing that say nothing about the topic.
_FILLER = frozenset(
    "年到要想会让给做搞去来拿用过还又再才就都也着得地能可啊说里叫写"
)  # single characters
# Frequent words that carry little on their own here; they still count, at a fraction.
WEAK_TERMS = frozenset(
    ("片区", "青岛", "自贸", "自贸区", "青岛自贸片区", "自贸片区", "青岛片区", "规划", "文件")
    + ("政策", "情况", "方面", "主要")
    # how the asker asks: "打算…", "规划里有没有相关安排", "有什么说法"
    + ("相关", "安排", "说法", "计划", "打算")
)
_WEAK_FACTOR = 0.3
_SINGLE_CHAR_FACTOR = 0.4
_UNKNOWN_FACTOR = 0.35  # a term no chunk holds is as often colloquial phrasing as a missing topic
_PARTIAL_MIN = 0.5  # share of a term's bigrams a text must hold to count as a partial match
_PARTIAL_FACTOR = 0.7


class Segmenter(Protocol):
    def terms(self, text: str) -> list[str]: ...


def question_terms(segmenter: Segmenter, question: str) -> tuple[str, ...]:
    """Distinct maximal content terms: sub-words of a longer term of the question are dropped.

    Example: "2025年青岛自贸片区跨境电商营收多少" -> ("青岛自贸片区", "跨境电商", "营收")
    """
    # a document number is one term ("青自贸管发〔2021〕34号"), never its code's pieces
    found = DOCUMENT_NUMBER.findall(question)
    pieces = [p for p in _ASKING.split(DOCUMENT_NUMBER.sub(" ", question)) if p]
    found += [
        t
        for piece in pieces
        for t in segmenter.terms(piece)
        if t not in _FILLER and not _YEAR.fullmatch(t)
    ]
    terms = list(dict.fromkeys(found))
    return tuple(t for t in terms if not any(t != other and t in other for other in terms))


def _bigrams(term: str) -> list[str]:
    return [term[i : i + 2] for i in range(len(term) - 1)]


@functools.lru_cache(maxsize=1 << 16)
def match(term: str, text: str) -> float:
    """1.0 when the term occurs in the (tidied) text, partial credit for most of its bigrams
    (cached: every question weighs its terms against the same corpus windows)."""
    if term in text:
        return 1.0
    said = _period_of_term(term)
    if said and period(text) == said:
        return 1.0  # "每年" is held by "年新增就业人数5000人"
    grams = _bigrams(term)
    if len(term) < 3 or not grams:
        return 0.0
    share = sum(g in text for g in grams) / len(grams)
    return _PARTIAL_FACTOR * share if share >= _PARTIAL_MIN else 0.0


class TermStats:
    """Inverse document frequency of terms over the corpus chunks, cached per term."""

    def __init__(self, texts: Iterable[str], general: Callable[[str], float] | None = None) -> None:
        self._texts = [fold(t) for t in texts]
        self._general = general
        self._idf: dict[str, float] = {}
        self._known: dict[str, bool] = {}
        self._weight: dict[str, float] = {}

    def idf(self, term: str) -> float:
        """log((N + 1) / (df + 0.5)): rare terms weigh most."""
        if term not in self._idf:
            df = sum(term in text for text in self._texts)
            self._idf[term] = math.log((len(self._texts) + 1) / (df + 0.5))
            self._known[term] = df > 0
        return self._idf[term]

    def specificity(self, term: str) -> float:
        """How specific the word is in the language at large (0.0 when unknown there)."""
        return self._general(term) if self._general else 0.0

    def known(self, term: str) -> bool:
        """Whether any chunk holds the term at all."""
        self.idf(term)
        return self._known[term]

    def weight(self, term: str) -> float:
        """idf, lowered for weak, single-character and unknown terms (cached: hot path)."""
        if term not in self._weight:
            factor = _WEAK_FACTOR if term in WEAK_TERMS else 1.0
            if len(term) == 1:
                factor *= _SINGLE_CHAR_FACTOR
            if not self.known(term):
                factor *= _UNKNOWN_FACTOR
            self._weight[term] = factor * self.idf(term)
        return self._weight[term]

    def matches(self, terms: Sequence[str], text: str) -> list[float]:
        """Per term, how well the text holds it (1.0, partial, or 0.0)."""
        text = fold(text)
        return [match(t, text) for t in terms]

    def share(self, terms: Sequence[str], matches: Sequence[float]) -> float:
        """Weighted share (0..1) of the terms given their matches; 0.0 for no terms."""
        weights = [self.weight(t) for t in terms]
        total = sum(weights)
        return sum(w * m for w, m in zip(weights, matches, strict=True)) / total if total else 0.0

    def coverage(self, terms: Sequence[str], text: str) -> float:
        """Weighted share (0..1) of the terms a text holds."""
        return self.share(terms, self.matches(terms, text))

    def matched(self, terms: Sequence[str], text: str) -> tuple[str, ...]:
        return tuple(t for t, m in zip(terms, self.matches(terms, text), strict=True) if m > 0)
