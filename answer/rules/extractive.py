"""Ranked hits -> the candidate quotes for the question, scored and trimmed to the clauses
that carry it. No model: a sentence is scored by the question terms it holds (alone, and
read with its headings and the sentences before it, which often name the subject), the
kind of answer wanted (a figure in the unit asked, a place, a date), the areas/years
named, whether it is a plan target, its hit's rank, and as tie-breakers the asker's own
background and (English) a dictionary's glosses of the question's other words.

Which of them the answer quotes is answer/rules/choosing.py's.

Example:
    candidates(asked("原油先放后检 节省多少时间"), hits, stats)[0]
    -> Quote(chunk=<marine PDF ¶2>, text="青岛自贸片区联合青岛海关推出的进口原油“先放后检”模式，
             将原本2—3天的验放时间缩减至半天，原油周转率提升35%，每艘油轮可节省成本200万元；", …)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from answer.rules.asking import Asked, mentions
from answer.rules.dating import ASKS_TARGET, is_target
from answer.rules.document_facts import card_lines, naming_lines, stated_lines
from answer.rules.question import gives_orders
from answer.rules.terms import TermStats, period
from index.model import Hit
from ingest.cards import DECK_LABEL
from ingest.model import Chunk
from ingest.text import (
    CLOSERS,
    fold,
    names_parts,
    quoted_phrases,
    says_word_for_word,
    split_clauses,
    split_sentences,
    tidy,
)

OWN_SHARE = 0.3  # of the term score from the sentence alone; the rest with its paragraph
CONTEXT_GATE = 0.4  # own share of the question a text needs to borrow all of its context
CUE_WEIGHT = 0.35  # a figure for "多少", a place for "在哪", a date for "何时"
ENTITY_WEIGHT = 0.15  # each named area/year the text speaks about
RANK_PENALTY = 0.06  # per rank below the first hit
TARGET_PENALTY = 0.15  # a target where a result is asked for, or the other way round
PERIOD_PENALTY = 0.3  # a sum over years where a yearly figure is asked, or the other way round
BACKGROUND_WEIGHT = 0.1  # times the share of the asker's own words a sentence holds (dev: 0.1, 0.2)
GLOSSED_WEIGHT = 0.1  # times the share of an English question's glossed words (dev: 0.05-0.3 alike)
VERBATIM_BONUS = 0.3  # the text holds word for word a phrase the question quotes
LENGTH_PENALTY = 0.002  # per character over a short sentence: prefer the sufficient window
SHORT_SENTENCE = 100  # sentences this short are quoted whole (dev: 80, 100, 120)
SENTENCE_TAIL_CHARS = 40  # a sentence's rest this short is quoted too (dev: 20-60; 40-50 best)
MIN_QUOTE_CHARS = 10
MAX_ANSWER_CHARS = 150
_TITLE_FIELDS = frozenset(("文件名称", "报道", "目录"))  # a passage's source card gives them
_DOCUMENT_NAME = re.compile(r"《[^《》]{20,}》")
# A clause naming whom a measure is for, its measure still to come: "对区内诚信典型和连续三年
# 无不良信用记录的市场主体," then "根据实际情况实施“容缺受理”…".
_FOR_WHOM = re.compile(r"^(?:对于?|针对|凡)[^，,；;。！？]{2,60}的[^，,；;。！？]{0,12}[，,]$")
# A clause naming the subject, what it did still to come: "片区上线的“…通关服务平台”," then
# "实现了…无纸化申报".
_NAMED_SUBJECT = re.compile(r"的[“\"][^”\"]{2,30}[”\"][，,]$")
# A numbered heading ("4.制度创新走在前列。", "三、营商环境不断优化") names a topic, answers nothing.
_HEADING = re.compile(
    r"^(?:\d+[.．、]|[一二三四五六七八九十]+、|[(（][一二三四五六七八九十\d]+[)）]).{0,16}$"
)


@dataclass(frozen=True)
class Quote:
    """An exact substring of a chunk that the answer quotes."""

    chunk: Chunk
    text: str
    rank: int  # 0-based rank of the hit it came from
    score: float
    coverage: float = 0.0  # share of the question's terms it holds, read in its context
    context: str = ""  # its headings, the paragraph's opening and the sentence before it

    @property
    def display(self) -> str:
        return tidy(self.text)

    @property
    def where(self) -> str:
        """The quote with its document title and headings (which may name its year or area)."""
        return fold(f"{self.chunk.doc_title} {self.chunk.section} {self.text}")


class _Scorer:
    """Scores texts of one chunk against the question. A sentence's context is its
    headings, the paragraph's opening sentence and the sentence before it: where its
    subject is usually named ("该模式…" follows "…“随卸随混”模式").
    """

    def __init__(self, asked: Asked, stats: TermStats, chunk: Chunk, opening: str) -> None:
        self.asked, self.stats = asked, stats
        # "附图二是什么": what stands under the numbered part a question names is about it
        heading = fold(f"{chunk.doc_title} {chunk.section}")
        # "规划里讲科技创新的是第几章": where a paragraph stands is what is asked, so its
        # headings hold the answer as the numbered part's do
        self.under_named = asked.located or any(names_parts(heading, p) for p in asked.places)
        # its headings and, under a numbered part named, the document's title lend their words
        above = f"{chunk.doc_title} {chunk.section}" if self.under_named else chunk.section
        self.base = stats.matches(asked.terms, f"{above} {opening}")
        # a year or area named in the title or headings holds for every sentence below them
        heading = fold(f"{chunk.doc_title} {chunk.section}")
        self.named_above = sum(mentions(e, heading) for e in asked.entities)
        self.title = chunk.doc_title
        # a card's title line names the document a question about the document asks of
        self.card = chunk.kind == "document" and asked.wants == "document"

    def context(self, previous: str) -> list[float]:
        following = self.stats.matches(self.asked.terms, previous)
        return [max(a, b) for a, b in zip(self.base, following, strict=True)]

    def coverage(self, text: str, context: list[float], answers: int) -> tuple[float, float]:
        """(share of the question's terms in the text, share with its context). The context
        lends all its terms to a text holding the figure, date, place or body asked for ("规划期限为
        2021-2025年" after a sentence on the 规划纲要), else only to one that holds enough of
        the question itself."""
        own = self.stats.matches(self.asked.terms, text)
        joint = [max(a, b) for a, b in zip(own, context, strict=True)]
        own_share = self.stats.share(self.asked.terms, own)
        lent = self.stats.share(self.asked.terms, joint) - own_share
        specific = self.under_named or (
            answers and self.asked.wants in ("amount", "time", "place", "who")
        )
        return own_share, own_share + lent * (
            1.0 if specific else min(1.0, own_share / CONTEXT_GATE)
        )

    def score(self, text: str, context: list[float]) -> tuple[float, float]:
        """(score, coverage with context) of quoting exactly this text. A document naming
        itself is no answer: "关于印发《…十四五规划和2035年远景目标纲要》的通知" holds every
        word of a question on the plan and says nothing about it (but a card's title line
        names the document a question about a document asks of)."""
        said = text if self.card else _DOCUMENT_NAME.sub(self._unless_other, text)
        answers = self.asked.answers(said)
        own, joint = self.coverage(said, context, answers)
        named = max(self.named_above, sum(mentions(e, fold(text)) for e in self.asked.entities))
        cue = CUE_WEIGHT * answers
        # the asker's own business and situation break ties between sentences on the topic
        told = (
            BACKGROUND_WEIGHT * self.stats.coverage(self.asked.background, said)
            if self.asked.background
            else 0.0
        )
        # an English question's other words, by a dictionary's glosses, break ties the same way
        glossed = (
            GLOSSED_WEIGHT * self.stats.coverage(self.asked.glossed, said)
            if self.asked.glossed
            else 0.0
        )
        score = OWN_SHARE * own + (1 - OWN_SHARE) * joint + ENTITY_WEIGHT * named + cue + told
        return score + glossed, joint

    def _unless_other(self, name: re.Match[str]) -> str:
        """Keep the name of another document (《关于…的行动方案》); drop this one's own."""
        inner = name.group(0)[1:-1]
        return "《》" if inner in self.title or self.title in inner else name.group(0)

    def trim(self, sentence: str, context: list[float]) -> tuple[str, float, float]:
        """The best contiguous clauses of a long sentence (a short one stays whole)."""
        if len(tidy(sentence)) <= SHORT_SENTENCE:
            return sentence, *self.score(sentence, context)
        clauses = split_clauses(sentence)
        best, best_value, span = (sentence, 0.0, 0.0), float("-inf"), (0, len(clauses))
        for start in range(len(clauses)):
            for end in range(start + 1, len(clauses) + 1):
                window = "".join(clauses[start:end])
                length = len(tidy(window))
                if length < MIN_QUOTE_CHARS:
                    continue
                score, joint = self.score(window, context)
                value = score - LENGTH_PENALTY * max(0, length - SHORT_SENTENCE)
                if value > best_value:
                    best, best_value, span = (window, score, joint), value, (start, end)
        start, end = span
        while end < len(clauses) and _dangles(clauses[end - 1].strip()):
            end += 1  # never cut between whom a measure is for (or a subject) and the measure
        if end > span[1] and len(tidy("".join(clauses[start:end]))) <= MAX_ANSWER_CHARS:
            window = "".join(clauses[start:end])
            best, span = (window, *self.score(window, context)), (start, end)
        return (
            self._through_cue(clauses, *span, context)
            or self._to_end(clauses, *span, context)
            or best
        )

    def _to_end(
        self, clauses: list[str], start: int, end: int, context: list[float]
    ) -> tuple[str, float, float] | None:
        """The window carried on to the sentence's end when little of it is left ("…检疫审批
        “零跑腿、无纸化、信息化”," then "货物到港后“即审即放、即查即放”。"): a sentence's last
        clause often says what the measure comes to. Not for a comparison, whose figures each
        need room of their own; else None."""
        tail = "".join(clauses[end:])
        whole = "".join(clauses[start:])
        if self.asked.compare or not tail.strip() or len(tidy(tail)) > SENTENCE_TAIL_CHARS:
            return None
        if len(tidy(whole)) > MAX_ANSWER_CHARS:
            return None
        return whole, *self.score(whole, context)

    def _through_cue(
        self, clauses: list[str], start: int, end: int, context: list[float]
    ) -> tuple[str, float, float] | None:
        """The window carried on to the next clause when it stops just before the kind of
        fact asked ("…聚焦重点领域" then "加大对科技创新、专精特新…的支持力度"), else None."""
        window = "".join(clauses[start:end])
        if end >= len(clauses) or (_gives(self.asked, window) and self.asked.gives_total(window)):
            return None
        longer = window + clauses[end]
        carried = _gives(self.asked, clauses[end]) and self.asked.gives_total(clauses[end])
        if not carried or len(tidy(longer)) > MAX_ANSWER_CHARS:
            return None
        return longer, *self.score(longer, context)


def _before(sentences: list[str]) -> list[str]:
    """What stands before each sentence: the sentence before it, and when that one is a
    question the document asks itself, the run of questions with the sentence they follow
    ("…实施“百箱计划”,但挑战随之而来:巨型网箱如何确权?巨额投资如何保障?" before their answer)."""
    before, run = [], ""
    for sentence in sentences:
        before.append(run)
        run = run + sentence if _asks_itself(sentence) else sentence
    return before


def _asks_itself(sentence: str) -> bool:
    return tidy(sentence).rstrip(CLOSERS).endswith(("?", "？"))


def _dangles(clause: str) -> bool:
    """Whether a clause names only whom or what the next clause speaks of."""
    return bool(_FOR_WHOM.match(clause) or _NAMED_SUBJECT.search(clause))


def candidates(asked: Asked, hits: Sequence[Hit], stats: TermStats) -> list[Quote]:
    # a fact only a card gives ("什么时候印发的": its 发布日期) is not given by a paragraph
    # naming the document ("关于印发《…》的通知"); a title is, by its source's card
    card_only = bool(set(asked.fields) - _TITLE_FIELDS)
    asks_target = bool(ASKS_TARGET.search(asked.text))
    asks_period = period(asked.text)
    verbatim = quoted_phrases(asked.text)
    quotes = []
    for rank, hit in enumerate(hits):
        # A document card answers a question about the document as one statement (its lines
        # name the document they describe); any other question may quote one of its lines.
        card = hit.chunk.kind == "document"
        whole = card and asked.wants == "document"
        text = card_lines(hit.chunk.text, asked.fields) if whole else hit.chunk.text
        sentences = [text] if whole else _quotable_lines(text) if card else split_sentences(text)
        # a card's other lines name the document the lines quoted describe (its 文号, issuer)
        opening = naming_lines(hit.chunk.text) if whole else sentences[0] if sentences else ""
        scorer = _Scorer(asked, stats, hit.chunk, opening)
        for previous, sentence, following in zip(
            _before(sentences), sentences, [*sentences[1:], ""], strict=True
        ):
            if _HEADING.match(tidy(sentence)) or gives_orders(sentence) or _asks_itself(sentence):
                # a heading answers nothing, nor does a question the document asks itself
                # ("巨型网箱如何确权?", answered by the sentences after it); a planted order
                # is never quoted
                continue
            context = scorer.context(previous)
            if whole:
                scored = [(sentence, *scorer.score(sentence, context))]
            else:
                scored = [scorer.trim(sentence, context)]
                if _lists_next(asked, sentence, following):
                    scored.append(
                        (sentence + following, *scorer.score(sentence + following, context))
                    )
            for text, score, joint in scored:
                if asks_target != is_target(text, hit.chunk):
                    score -= TARGET_PENALTY
                if any(says_word_for_word(text, phrase) for phrase in verbatim):
                    score += VERBATIM_BONUS
                if card_only and not card and f"《{hit.chunk.doc_title}》" in text:
                    score -= CUE_WEIGHT
                said = period(text)
                if asks_period and said and said != asks_period:
                    score -= PERIOD_PENALTY
                surrounding = f"{hit.chunk.section} {opening} {previous}"
                quotes.append(
                    Quote(hit.chunk, text, rank, score - RANK_PENALTY * rank, joint, surrounding)
                )
    return sorted(quotes, key=lambda q: -q.score)


def _quotable_lines(card: str) -> list[str]:
    """A card's lines a question not about the document may quote: not its 引题, which the
    document also prints as its first paragraph (quoted from there)."""
    return [line for line in stated_lines(card) if not line.startswith(DECK_LABEL)]


def _lists_next(asked: Asked, sentence: str, following: str) -> bool:
    """A list question whose sentence announces what the next one lists ("进一步拓展新业务
    模式。" then "发展…保税检测和全球维修、再制造业务。"): the two are quoted together."""
    return (
        asked.wants == "list"
        and not asked.cue(sentence)
        and asked.cue(following)
        and len(tidy(sentence + following)) <= MAX_ANSWER_CHARS
        and not gives_orders(following)
        and not _asks_itself(following)
    )


def _gives(asked: Asked, text: str) -> bool:
    """Whether a text holds the kind of fact asked: the members asked for by name, listed in
    one clause, else a figure, place, date or list (Asked.cue)."""
    return asked.members_asked.listed_in(text) if asked.members else asked.cue(text)
