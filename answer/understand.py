"""Step 1 of 5, understand: the question as typed (+ the earlier questions) -> a Reading.

Cleans the text, tells a policy question from a greeting, an injection or an empty line,
decides by form whether it follows on from the conversation (and if so makes it
standalone, by the LLM when one is configured, else by rule), separates what is asked
from what the asker says about themselves, splits it into parts and reads what each part
asks for. The rules live in answer/rules/ (question, focus, followup, asking, glossary).

Example:
    reader.read("我们是做跨境电商的，自贸助贷资金池有多大？累计放款多少笔", [])
    -> Reading(question="我们是做跨境电商的,自贸助贷资金池有多大?累计放款多少笔", kind="question",
               language="zh", followup=False, standalone=<the same>,
               parts=(Asked(text="自贸助贷资金池有多大", wants="amount", …),
                      Asked(text="累计放款多少笔", wants="amount", …)), …)
    reader.read("那烟台片区呢？", ["2025年青岛片区在海洋产业上有哪些新进展"]).standalone
    -> "2025年烟台片区在海洋产业上有哪些新进展"
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from answer.llm import ChatClient, LLMUnavailable
from answer.prompts import PromptLibrary
from answer.rules.asking import Asked, entities, read_question, text_terms, wants_of
from answer.rules.details import asks_detail
from answer.rules.focus import (
    DOCUMENT_WORDS,
    POINTING,
    Understood,
    asks,
    language_of,
    understand,
)
from answer.rules.followup import FollowupRewriter
from answer.rules.glossary import Glossary, expand_query
from answer.rules.members import MEASURES
from answer.rules.question import clean_question, request_kind
from answer.rules.terms import WEAK_TERMS, Segmenter, TermStats
from answer.rules.units import asked_units

# The kind of help a question asks for names no topic: "…退税到账也得一个多月。片区有没有
# 办法？" asks about the situation told before it.
MEASURE_WORDS = MEASURES | frozenset(
    ("办法", "新做法", "安排", "打算", "说法", "情况", "进展", "效果", "突破", "先例", "动作", "招")
)
# A zone named says where, not what: "山东自贸试验区这边有什么新做法".
ZONE_SUFFIXES = ("自贸试验区", "自贸区", "片区")


@dataclass(frozen=True)
class Reading:
    question: str  # cleaned, as asked
    truncated: bool  # cut to the question length limit
    kind: str  # "question", or the request answered by a canned text (answer/rules/question.py)
    language: str  # the language asked in: "zh" | "en" | "mixed"
    followup: bool = False  # continues the conversation (decided by form)
    standalone: str = ""  # the question made standalone (itself when not a follow-up)
    query: str = ""  # what retrieval searches: standalone + the glossary's Chinese terms
    understood: Understood | None = None  # focus, background and parts of the standalone
    parts: tuple[Asked, ...] = ()  # what each part asks; areas/years are this turn's


class Reader:
    def __init__(
        self,
        segmenter: Segmenter,
        stats: TermStats,
        max_chars: int,
        *,
        chat: ChatClient | None = None,
        prompts: PromptLibrary | None = None,
        vocabulary: Mapping[str, int] | None = None,
    ) -> None:
        """`vocabulary`: the corpus's words (with how many chunks hold each), whose pinyin a
        question may be typed in."""
        self.segmenter = segmenter
        self.max_chars = max_chars
        self.stats = stats
        self.rewriter = FollowupRewriter(segmenter, stats)
        words = vocabulary or {}
        self.glossary = Glossary.load().with_pinyin(words).with_dictionary(words)
        self.chat = chat
        self.prompts = prompts or PromptLibrary.load()

    def read(self, question: str, history: Sequence[str] = ()) -> Reading:
        clean = clean_question(question, self.max_chars)
        kind = request_kind(clean.text)
        language = language_of(clean.text)
        if kind != "question":
            return Reading(clean.text, clean.truncated, kind, language)
        return self.read_clean(clean.text, self._cleaned(history), truncated=clean.truncated)

    def read_as_policy_question(self, question: str, history: Sequence[str] = ()) -> Reading:
        """Any text cleaned as read() cleans it and read as a policy question, whatever its
        kind: what eval's retrieval run and the tuning commands measure."""
        clean = clean_question(question, self.max_chars)
        return self.read_clean(clean.text, self._cleaned(history), truncated=clean.truncated)

    def _cleaned(self, history: Sequence[str]) -> list[str]:
        return [clean_question(h, self.max_chars).text for h in history]

    def read_clean(
        self, question: str, history: Sequence[str] = (), *, truncated: bool = False
    ) -> Reading:
        """A cleaned policy question (and cleaned history) read for retrieval and quoting.

        Areas and years are the ones the user named in this turn: a follow-up pointing back
        ("这个平台…") does not have to find the earlier question's year again.
        """
        followup = self.rewriter.is_followup(question, history)
        standalone = self._standalone(question, history) if followup else question
        understood = understand(standalone, ())
        understood = replace(understood, parts=keyword_parts(understood.parts))
        # "集装箱呢？" asks the previous question again: its years and kind of answer hold
        restated = followup and self.rewriter.restates(question)
        named = entities(question) if followup and not restated else None
        wants = wants_of(history[-1]) if restated else ""
        parts = tuple(
            self._asked(part, understood, named, number, wants)
            for number, part in enumerate(understood.parts)
        )
        return Reading(
            question=question,
            truncated=truncated,
            kind="question",
            language=language_of(question),
            followup=followup,
            standalone=standalone,
            query=expand_query(understood, self.glossary),
            understood=understood,
            parts=parts,
        )

    def _asked(
        self,
        part: str,
        read: Understood,
        named: tuple[str, ...] | None,
        number: int,
        wants: str = "",
    ) -> Asked:
        """What one part asks; a later part too short to name its subject borrows the first
        part's terms ("资金池有多大，累计放款多少笔" -> 放款 with 资金池). A restated question
        asks for what the previous one did (`wants`) when it says nothing itself."""
        asked = read_question(self.segmenter, part, self.glossary)
        # English words count by their Chinese terms, as in the part itself
        told = self._terms(read.story) if read.story and not number else ()
        told = tuple(t for t in told if t not in asked.terms)
        if told and (POINTING.search(part) or not any(map(self._names_topic, asked.terms))):
            # "…退税到账也得一个多月。片区有没有办法？", "…先把货发到海外仓再卖。能走这种报关
            # 模式吗？": the situation told is what is asked about
            asked = replace(asked, terms=asked.terms + told, borrowed=told)
            told = ()
        if read.background or told:
            about = self._terms(read.background) + told
            asked = replace(asked, background=tuple(t for t in about if t not in asked.terms))
        if wants and asked.wants == "what":
            asked = replace(asked, wants=wants)
        if number and len(asked.terms) < 3:
            first = read_question(self.segmenter, read.parts[0], self.glossary)
            # the subject, not what the first part asks of its document ("那篇稿子，记者是谁")
            asking = set(first.fields) | set(DOCUMENT_WORDS)
            borrowed = tuple(t for t in first.terms if t not in asked.terms and t not in asking)
            asked = replace(asked, terms=asked.terms + borrowed, borrowed=borrowed)
        return asked if named is None else replace(asked, entities=named)

    def _terms(self, text: str) -> tuple[str, ...]:
        return text_terms(self.segmenter, text, self.glossary) if text else ()

    def _names_topic(self, term: str) -> bool:
        """Whether a term of the asking sentence names a topic the documents speak of: not
        the zone, not the kind of help asked ("办法", "措施"), not a word no passage holds."""
        return (
            len(term) > 1
            and term not in WEAK_TERMS
            and term not in MEASURE_WORDS
            and not term.endswith(ZONE_SUFFIXES)
            and self.stats.known(term)
        )

    def _standalone(self, question: str, history: Sequence[str]) -> str:
        """The follow-up rewritten for retrieval: by the model when configured, else by rule."""
        if not history:
            return question
        if self.chat is not None:
            listed = "\n".join(f"{n}. {q}" for n, q in enumerate(history[-3:], start=1))
            system = self.prompts.render("rewrite_system").strip()
            user = self.prompts.render("rewrite_user", history=listed, question=question)
            try:
                rewritten = self.chat.complete(system, user).strip().splitlines()
            except LLMUnavailable:
                rewritten = []
            if rewritten and 0 < len(rewritten[0]) <= self.max_chars:
                return rewritten[0].strip("“”\"' ")
        return self.rewriter.rewrite(question, history)


def keyword_parts(parts: tuple[str, ...]) -> tuple[str, ...]:
    """Keywords naming several things asked ("博览会 举办时间 地点 参展费") are as many parts,
    each with the keywords naming the subject: "博览会 举办时间", "博览会 地点", "博览会 参展费".
    Keywords naming one thing asked, or a question in words, stay as they are."""
    if len(parts) != 1 or asks(parts[0]):
        return parts
    pieces = parts[0].split()
    asked = [p for p in pieces if _names_what_is_asked(p)]
    if len(pieces) < 3 or len(asked) < 2:
        return parts
    subject = " ".join(p for p in pieces if p not in asked)
    return tuple(f"{subject} {p}".strip() for p in asked)


def _names_what_is_asked(piece: str) -> bool:
    """A keyword naming the kind of answer wanted ("举办时间", "地点", "参展费", "申请条件",
    "退税天数")."""
    return wants_of(piece) != "what" or bool(asked_units(piece)) or asks_detail(piece)
