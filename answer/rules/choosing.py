"""Candidate quotes -> the one to three the answer rests on, and those it shows: the best
quote first, then the quote adding most of the question (terms, named areas/years, places
in a document, a comparison's figures) while it adds enough and fits. The answer may show
more than the decision rests on: a quote adding a little, and for a broad question the best
further sentence nearly as much on its topic; two that follow each other in a paragraph are
said as one.

Example:
    choose_quotes(asked("原油先放后检 节省多少时间"), hits, stats).quotes
    -> [Quote(chunk=<marine PDF ¶2>, text="青岛自贸片区联合青岛海关推出的进口原油“先放后检”模式，
              将原本2—3天的验放时间缩减至半天，原油周转率提升35%，每艘油轮可节省成本200万元；", …)]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from answer.rules.asking import Asked, mentions
from answer.rules.document_facts import card_lines, signed_cards
from answer.rules.extractive import CUE_WEIGHT, MAX_ANSWER_CHARS, Quote
from answer.rules.extractive import candidates as scored_candidates
from answer.rules.terms import TermStats
from index.model import Hit
from ingest.text import names_parts

ENTITY_GAIN = 0.3  # a further quote speaking of a named area/year no quote covers yet
SECOND_QUOTE_GAIN = 0.15  # a further quote must add this much (terms, entities, figure)
# Once the answer is decided on those quotes, it shows one more on-topic quote adding this
# much, within a longer budget: a broad "有什么支持" is often answered in two paragraphs
# (dev: 0.05, 0.10, 0.15 and 150, 180, 200, 250 characters).
SHOWN_QUOTE_GAIN = 0.10
SHOWN_ANSWER_CHARS = 180
# A broad question ("有什么支持", "怎么做的", "有哪些") is often answered by more than one
# sentence on its topic, each holding all its words, so no further quote adds terms: the
# answer also shows the best further quote (of the same paragraph or another) holding this
# much of the question (in its context) and at most PARALLEL_BEHIND less than the best shown,
# scoring at most PARALLEL_SCORE_BEHIND below it (so a sum over years or a target penalised
# as not asked stays out), within a longer budget (dev: 0.35-0.7 by 0.05-1.0, scores 0.2-0.5
# behind, 250-450 characters, other paragraphs only or any; the tuning sets alike).
PARALLEL_ON_TOPIC = 0.4
PARALLEL_BEHIND = 0.3
PARALLEL_SCORE_BEHIND = 0.3
PARALLEL_ANSWER_CHARS = 350
ON_TOPIC = 0.35  # a further quote holding less of the question (in its context) adds nothing
# the same for a comparison's quote giving the fact asked (dev: 0.25-0.35 alike)
COMPARED_ON_TOPIC = 0.25
MAX_QUOTES = 3


def _gain(asked: Asked, stats: TermStats, chosen: list[Quote], extra: Quote) -> float:
    """What one more on-topic quote adds: terms and named areas/years not yet covered, and
    for a comparison further figures; an off-topic quote adds nothing."""
    # each subject compared ("交通产业园开园和…公司揭牌各是哪天") holds only its half of
    # the question: a quote giving the fact asked is on topic with less
    # and so is, for "是谁介绍的", the quote naming who did it ("…成员隋斌介绍，…")
    answers = asked.answers(extra.text) if asked.compare or asked.deed else 0
    names_doer = bool(asked.deed) and answers == 2
    floor = COMPARED_ON_TOPIC if (asked.compare and answers) or names_doer else ON_TOPIC
    if extra.coverage < floor:
        return 0.0
    before = " ".join(q.text for q in chosen)
    after = f"{before} {extra.text}"
    gain = stats.coverage(asked.terms, after) - stats.coverage(asked.terms, before)
    covered = " ".join(q.where for q in chosen)
    added = [e for e in asked.entities if mentions(e, extra.where) and not mentions(e, covered)]
    gain += ENTITY_GAIN * len(added)
    # one of several places in the document named apart ("附表一、附图二") that no quote
    # stands in yet
    placed = [
        p
        for p in (asked.places if len(asked.places) > 1 else ())
        if names_parts(extra.where, p) and not any(names_parts(q.where, p) for q in chosen)
    ]
    gain += ENTITY_GAIN * len(placed)
    if asked.compare or names_doer:
        gain += CUE_WEIGHT * (asked.answers(after) - asked.answers(before))
    return gain


def _fits(chosen: list[Quote], quote: Quote, budget: int) -> bool:
    overlaps = any(quote.text in q.text or q.text in quote.text for q in chosen)
    length = sum(len(q.display) for q in chosen) + len(quote.display)
    return not overlaps and length <= budget


@dataclass(frozen=True)
class Chosen:
    quotes: list[Quote]  # the quotes the decision to answer rests on, in reading order
    shown: list[Quote]  # those and any further quote the answer shows, in reading order


def choose_quotes(asked: Asked, hits: Sequence[Hit], stats: TermStats) -> Chosen:
    """The quotes of the hits' candidates (answer/rules/extractive.py) chosen by choose_from."""
    return choose_from(asked, scored_candidates(asked, hits, stats), stats)


def choose_from(
    asked: Asked, candidates: list[Quote], stats: TermStats, on_topic_first: bool = False
) -> Chosen:
    """Best quote first, then the quote adding most, while it adds enough and fits; then,
    for the answer only, one more that adds less within a longer budget. `on_topic_first`:
    start from the best quote holding ON_TOPIC of the question, when one does."""
    signed = _signed_articles(asked, candidates)
    if signed:
        return Chosen(signed, signed)
    # a comparison's figures stand in sentences of their own: both fit the longer budget
    budget = SHOWN_ANSWER_CHARS if asked.compare else MAX_ANSWER_CHARS
    first = candidates[:1]
    if on_topic_first:
        first = next(([q] for q in candidates if q.coverage >= ON_TOPIC), first)
    chosen = _extended(asked, stats, candidates, first, SECOND_QUOTE_GAIN, budget)
    shown = _extended(asked, stats, candidates, chosen, SHOWN_QUOTE_GAIN, SHOWN_ANSWER_CHARS)
    if asked.wants in ("what", "list"):
        shown += _parallel(candidates, shown)
    return Chosen(_reading_order(chosen), _joined(_reading_order(shown)))


def _parallel(candidates: list[Quote], shown: list[Quote]) -> list[Quote]:
    """The best further quote about the question nearly as much as those shown and scoring
    nearly as well ("…转为出让;" then "如果未能通过履约考核,…收回土地使用权。"; a card never: it
    names a document, it gives no measure), when it fits beside them."""
    if not shown or len(shown) >= MAX_QUOTES:
        return []
    floor = max(PARALLEL_ON_TOPIC, max(q.coverage for q in shown) - PARALLEL_BEHIND)
    best = max(q.score for q in shown)
    return next(
        (
            [q]
            for q in candidates
            if q.chunk.kind != "document"
            and q.coverage >= floor
            and q.score >= best - PARALLEL_SCORE_BEHIND
            and _fits(shown, q, PARALLEL_ANSWER_CHARS)
            and not any(_overlap(q, kept) for kept in shown)
        ),
        [],
    )


def _overlap(quote: Quote, other: Quote) -> bool:
    """Whether two quotes of one paragraph share any of its text (two windows of a sentence)."""
    if quote.chunk.id != other.chunk.id:
        return False
    start, end = _span(quote)
    other_start, other_end = _span(other)
    return start < other_end and other_start < end


def _joined(quotes: list[Quote]) -> list[Quote]:
    """Quotes in reading order, two that follow each other in a paragraph (only a mark or
    a blank between) said as one: "…转为出让;如果未能通过履约考核,…收回土地使用权。"."""
    joined: list[Quote] = []
    for quote in quotes:
        last = joined[-1] if joined else None
        if last is not None and last.chunk.id == quote.chunk.id:
            start, end = _span(last)
            next_start, next_end = _span(quote)
            if 0 <= next_start - end <= 2 and not quote.chunk.text[end:next_start].strip(_BETWEEN):
                text = quote.chunk.text[start:next_end]
                joined[-1] = replace(
                    last,
                    text=text,
                    score=max(last.score, quote.score),
                    coverage=max(last.coverage, quote.coverage),
                )
                continue
        joined.append(quote)
    return joined


_BETWEEN = " \n,，;；、"


def _span(quote: Quote) -> tuple[int, int]:
    start = quote.chunk.text.find(quote.text)
    return start, start + len(quote.text)


def _extended(
    asked: Asked,
    stats: TermStats,
    candidates: list[Quote],
    chosen: list[Quote],
    floor: float,
    budget: int,
) -> list[Quote]:
    """The quotes chosen, then the candidate adding most while it adds `floor` and fits."""
    chosen = list(chosen)
    while chosen and len(chosen) < MAX_QUOTES:
        scored = [
            (_gain(asked, stats, chosen, q), q) for q in candidates if _fits(chosen, q, budget)
        ]
        gain, best = max(scored, key=lambda pair: pair[0], default=(0.0, None))
        if best is None or gain < floor:
            break
        chosen.append(best)
    return chosen


_SIGNED_LINES = ("报道", "记者", "通讯员")


def _signed_articles(asked: Asked, candidates: list[Quote]) -> list[Quote]:
    """The cards of every article signed by a person the question names, when there are
    several ("记者白晓写了哪几篇报道" is answered by each article, not by the best one)."""
    if asked.wants != "document":
        return []
    cards = list({q.chunk.id: q for q in candidates if q.chunk.kind == "document"}.values())
    signed = [cards[n] for n in signed_cards(asked.text, [q.chunk.text for q in cards])]
    if len(signed) < 2:
        return []
    # each article by its title and byline
    return [replace(q, text=card_lines(q.chunk.text, _SIGNED_LINES)) for q in signed[:MAX_QUOTES]]


def _reading_order(quotes: list[Quote]) -> list[Quote]:
    """Quotes of one paragraph in the order they stand there; paragraphs as first chosen."""
    first = {q.chunk.id: n for n, q in reversed(list(enumerate(quotes)))}
    return sorted(quotes, key=lambda q: (first[q.chunk.id], q.chunk.text.find(q.text)))
