"""Step 3 of 5, score: each part's hits -> Scored, the quotes that answer it and the
evidence on them.

Sentences of the hits are scored against what the part asks (answer/rules/extractive.py)
and the best one to three become quotes; the evidence measures how well they answer it
(answer/rules/evidence.py). A named year or area no quote speaks of is searched for once
more on its own (step 2's Retriever.about) before the part is scored again. A later part
asking a fact of the document the first part found ("…是哪篇文章说的？这篇文章哪天发布的？")
reads that document's cards (Retriever.cards_of). A word asking for a card fact ("规划的文号")
is held by the card line giving it, whatever its label ("发文字号 …").

Example:
    scorer.score(reading, retrieved)   # "原油先放后检 节省多少时间"
    -> (Scored(asked=Asked(terms=("原油", "先放后检", "节省", "时间"), wants="amount", …),
               quotes=[Quote(text="…将原本2—3天的验放时间缩减至半天，…", …)],
               evidence=Evidence(coverage=1.0, missing_cue=False, …)),)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from answer.retrieve import Retrieved, Retriever
from answer.rules.asking import Asked
from answer.rules.choosing import choose_from
from answer.rules.document_facts import CARD_FIELDS, TITLE_NAMED
from answer.rules.evidence import COVERAGE_FLOOR, Evidence, weigh
from answer.rules.extractive import Quote
from answer.rules.extractive import candidates as scored_candidates
from answer.rules.focus import POINTS_TO_DOCUMENT
from answer.rules.terms import TermStats
from answer.understand import Reading
from index.fusion import FusedHit


@dataclass(frozen=True)
class Scored:
    asked: Asked
    quotes: list[Quote]
    evidence: Evidence  # on the part's own quotes
    with_others: Evidence | None = None  # on every part's quotes (several parts only)
    shown: tuple[Quote, ...] = ()  # the quotes an answer shows (`quotes` and maybe one more)

    @property
    def answer_quotes(self) -> list[Quote]:
        """What an answer to this part quotes: its quotes and any further one shown."""
        return list(self.shown) or self.quotes


def _titled(name: str, cards: list[FusedHit]) -> bool:
    """Whether one of the cards is of the document or article the question names."""
    return any(name in c.chunk.text or c.chunk.doc_title in name for c in cards)


class Scorer:
    def __init__(self, retriever: Retriever, stats: TermStats) -> None:
        self.retriever = retriever
        self.stats = stats

    def score(self, reading: Reading, retrieved: Retrieved) -> tuple[Scored, ...]:
        parts: list[Scored] = []
        titles = TITLE_NAMED.findall(reading.standalone)  # documents the question names in 《》
        for asked, hits in zip(reading.parts, retrieved.per_part, strict=True):
            if (
                parts
                and asked.wants == "document"
                and (asked.borrowed or POINTS_TO_DOCUMENT.search(asked.text))
            ):
                cards = self._of_first_sources(parts[0], asked, hits)
                if cards is not hits:
                    # the borrowed subject has found the document; its card need not name it
                    hits = cards
                    asked = replace(asked, terms=_as_labelled(asked), borrowed=())
            parts.append(self._part(asked, hits, titles))
        if len(parts) == 1:
            return (parts[0],)
        # a part may be answered by a quote chosen for another ("…排第几？…指数排在什么位置")
        return tuple(replace(part, with_others=self._with_others(part, parts)) for part in parts)

    def _of_first_sources(
        self, first: Scored, asked: Asked, hits: list[FusedHit]
    ) -> list[FusedHit]:
        """A later part asking a fact of the document the first part found ("…在哪篇文章里
        讲的？文章什么时候发布？") reads that document's cards, not another's."""
        cards = self.retriever.cards_of([q.chunk for q in first.quotes], asked)
        named = TITLE_NAMED.findall(f"{first.asked.text} {asked.text}")
        if not cards or any(not _titled(name, cards) for name in named):
            return hits  # the first part asked of a document its quotes only mention
        if asked.fields:  # a fact of that document ("哪天发布的") stands on its card only
            return cards
        known = {f.chunk.id for f in cards}
        return cards + [f for f in hits if f.chunk.kind != "document" and f.chunk.id not in known]

    def _with_others(self, part: Scored, parts: list[Scored]) -> Evidence:
        """The part's evidence on every part's quotes. Another part's quote counts by the
        words it holds, not by its coverage read in context, which measured that other part."""
        own = {q.text for q in part.quotes}
        every = [*part.quotes]
        for other in parts:
            every += [replace(q, coverage=0.0) for q in other.quotes if q.text not in own]
        return weigh(part.asked, every, self.stats, part.evidence.dense)

    def _part(self, asked: Asked, found: list[FusedHit], titles: Sequence[str] = ()) -> Scored:
        scored = self._quote(asked, found)
        missing = scored.evidence.missing_entities
        quoted = list(found)
        for entity in missing:
            known = {f.chunk.id for f in quoted}
            quoted += [f for f in self.retriever.about(entity, asked) if f.chunk.id not in known]
        if missing and len(quoted) > len(found):
            scored = self._quote(asked, quoted)
        return self._of_own_source(scored, titles)

    def _of_own_source(self, scored: Scored, titles: Sequence[str]) -> Scored:
        """A fact of the article a passage stands in ("提到…的那篇文章是哪个单位发布的"),
        when no card quoted gives it: the card of the source of the passage holding most of
        the question, then that passage."""
        asked = scored.asked
        passages = [q for q in scored.quotes if q.chunk.kind != "document"]
        # only when the question points at the article: "指数 发布机构" asks the index's issuer
        pointed = asked.wants == "document" and bool(POINTS_TO_DOCUMENT.search(asked.text))
        if not (pointed and asked.fields and passages and scored.evidence.missing_detail):
            return scored
        best = max(passages, key=lambda q: q.coverage)
        cards = self.retriever.cards_of([best.chunk], asked)
        if any(not _titled(name, cards) for name in titles):
            return scored  # the passage only names the document the question names
        card = self._quote(asked, cards)
        if card.evidence.missing_detail:
            return scored
        quotes = [*card.quotes, best]  # the card's fact, then the passage it was found by
        return Scored(asked, quotes, weigh(asked, quotes, self.stats, scored.evidence.dense))

    def _quote(self, asked: Asked, found: list[FusedHit]) -> Scored:
        candidates = scored_candidates(asked, [f.hit for f in found], self.stats)
        chosen = choose_from(asked, candidates, self.stats)
        dense = max((f.signals.dense_cosine for f in found), default=0.0)
        evidence = weigh(_fields_by_label(asked), chosen.quotes, self.stats, dense)
        if evidence.coverage < COVERAGE_FLOOR:
            # the best-scoring quote (a list, the asker's own trade) holds too little of the
            # question to answer it: the answer starts from one on its topic, when there is
            other = choose_from(asked, candidates, self.stats, on_topic_first=True)
            if other.quotes != chosen.quotes:
                again = weigh(_fields_by_label(asked), other.quotes, self.stats, dense)
                if again.coverage >= COVERAGE_FLOOR:
                    chosen, evidence = other, again
        return Scored(asked, chosen.quotes, evidence, shown=tuple(chosen.shown))


def _as_labelled(asked: Asked) -> tuple[str, ...]:
    """A later part's own terms on the card of the document found, the words asking for a
    card fact read as the card's labels for it ("作者是谁" -> 作者, 记者: "□记者 白晓")."""
    own = asked.own_terms or asked.terms
    if not asked.fields:
        return own
    if not any(f.asked.search(t) for t in own for f in CARD_FIELDS):
        return own
    return tuple(dict.fromkeys([*own, *asked.fields]))


def _fields_by_label(asked: Asked) -> Asked:
    """A word asking for a card fact ("规划 文号") is held by the card line giving it, whose
    label is another word ("发文字号 青自贸管发〔2021〕34号")."""
    if asked.wants != "document" or not asked.fields:
        return asked
    terms = []
    for term in asked.terms:
        field = next((f for f in CARD_FIELDS if f.asked.fullmatch(term)), None)
        terms.append(field.labels[0] if field and field.labels[0] in asked.fields else term)
    return replace(asked, terms=tuple(dict.fromkeys(terms)))
