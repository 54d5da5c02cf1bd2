"""Follow-up questions -> standalone questions for retrieval, by rule (no model needed).

Whether a question is a follow-up is decided by its form (answer/rules/focus.py): it opens
with 那/还有…, ends with 呢, points back (这个, 它…), or is too short to stand alone; a full
question after an unrelated one starts afresh. A follow-up inherits from the
previous question (itself made standalone first): a lone area or year replaces the
previous one; otherwise the previous question's areas, years and specific terms (with a
commoner word written onto one, as 海洋 in 海洋经济增加值) are put in front of it (its
specific terms only when the follow-up does not switch to another area: "那济南片区在审批上
有什么改革" asks about 济南, not about 四证一单; but "那2020年完成了多少" still asks about the
previous question's indicator).

Example:
    rewriter.rewrite("那烟台片区呢？", ["2025年青岛片区在海洋产业上有哪些新进展"])
    -> "2025年烟台片区在海洋产业上有哪些新进展"
    rewriter.rewrite("到现在放出去多少贷款？", ["自贸助贷资金池有多大"])
    -> "自贸助贷 池 到现在放出去多少贷款？"   # for retrieval, not for display
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from answer.rules.asking import entities, has_question_word
from answer.rules.focus import CLOSING, OPENING, POINTING, is_followup
from answer.rules.terms import WEAK_TERMS, Segmenter, TermStats, question_terms
from ingest.text import unquoted

ANCHOR_IDF = 4.0  # a term this rare in the corpus lets a question stand on its own
# … when this specific in the language at large, or unknown there (dev: 10 and 12 alike on
# balance, 12 broke one)
ANCHOR_SPECIFICITY = 10.0
CONTEXT_IDF = 3.0  # previous-question terms at least this rare are carried over
MODIFIER_IDF = 1.5  # a commoner word joined to such a term ("海洋" + "经济增加值") goes with it
MAX_HISTORY = 3  # earlier turns consulted when making the previous question standalone


def _kind(entity: str) -> str:
    return "year" if entity[:1].isdigit() else "area"


def _substitute(previous: str, named: Sequence[str]) -> str:
    """Put the named areas/years into the previous question in place of ones of the same kind."""
    result, added = previous, []
    for entity in named:
        same = [e for e in entities(previous) if _kind(e) == _kind(entity)]
        if same:
            result = re.sub(
                re.escape(same[0]).replace("片区", "(?:片区)?"), entity, result, count=1
            )
        else:
            added.append(entity)
    return " ".join([*added, result])


def _swapped(previous: str, own: Sequence[str], before: Sequence[str]) -> str:
    """A bare phrase ("市级的呢？") asks the previous question again with it in place of
    the previous term of the same head ("青岛市的省级知名农产品品牌有多少个" -> 市级…), or ""
    when the previous question has no such term."""
    for term in own:
        alike = [p for p in before if p != term and p[-1] == term[-1]]
        if alike:
            return previous.replace(alike[0], term, 1)
    return ""


class FollowupRewriter:
    def __init__(self, segmenter: Segmenter, stats: TermStats) -> None:
        self._segmenter = segmenter
        self._stats = stats

    def _anchored(self, terms: Sequence[str]) -> bool:
        """Whether a term is rare in the corpus and names a topic of its own: a name the
        language at large does not know ("青岛港"), or one specific in it; "累计" (rare
        here, everyday at large) asks of the topic before ("累计融了多少笔")."""
        stats = self._stats
        return any(
            stats.known(t)
            and stats.idf(t) >= ANCHOR_IDF
            and (not stats.specificity(t) or stats.specificity(t) >= ANCHOR_SPECIFICITY)
            for t in terms
        )

    def content_chars(self, question: str) -> int:
        """Characters of the question's own content terms (片区, 青岛 … do not count)."""
        return sum(len(t) for t in self._terms(question) if t not in WEAK_TERMS)

    def is_followup(self, question: str, history: Sequence[str]) -> bool:
        return is_followup(question, history, self.content_chars(question))

    @staticmethod
    def restates(followup: str) -> bool:
        """Whether a follow-up asks the previous question again about something else, with no
        question word or pointer of its own ("集装箱呢？", "2025年的呢"): it keeps that
        question's years, areas and kind of answer."""
        core = CLOSING.sub("", OPENING.sub("", followup)).strip()
        return bool(core) and not has_question_word(core) and not POINTING.search(core)

    def _terms(self, text: str) -> tuple[str, ...]:
        return question_terms(self._segmenter, text)

    def _carried(self, previous: str) -> list[str]:
        """The previous question's specific terms, each with a commoner word written right
        before it as one name ("海洋" of "海洋经济增加值": the row asked about, not any
        "…经济增加值")."""
        terms = self._terms(previous)
        joined = unquoted(previous)  # "“四新”经济增加值" names one row
        kept = []
        for n, term in enumerate(terms):
            following = terms[n + 1] if n + 1 < len(terms) else ""
            if self._stats.idf(term) >= CONTEXT_IDF or (
                following
                and self._stats.idf(term) >= MODIFIER_IDF
                and self._stats.idf(following) >= CONTEXT_IDF
                and term + following in joined
            ):
                kept.append(term)
        return kept

    def rewrite(self, question: str, history: Sequence[str]) -> str:
        """The standalone form of question given the earlier questions (oldest first)."""
        history = list(history)[-MAX_HISTORY:]
        if not self.is_followup(question, history):
            return question
        previous = self.rewrite(history[-1], history[:-1])
        core = CLOSING.sub("", OPENING.sub("", question)).strip()
        named = entities(core)
        own_terms = [t for t in self._terms(core) if not any(t in e or e in t for e in named)]
        if not own_terms:
            return _substitute(previous, named) if named else previous
        if not named and not has_question_word(core) and not POINTING.search(core):
            swapped = _swapped(previous, own_terms, self._terms(previous))
            if swapped:
                return swapped
        kinds = {_kind(e) for e in named}
        carried = [e for e in entities(previous) if _kind(e) not in kinds]
        replaces = "area" in kinds and any(_kind(e) == "area" for e in entities(previous))
        if not replaces and (POINTING.search(core) or not self._anchored(own_terms)):
            carried += [t for t in self._carried(previous) if t not in core and not entities(t)]
        return " ".join([*dict.fromkeys(carried), core]) if carried else core
