"""The assistant: question (+ conversation) -> Answer, streamed, timed per step.

Five steps, each a module of answer/ with a typed result:

    understand (Reading) -> retrieve (Retrieved) -> score (Scored per part)
    -> decide (Decision) -> compose (Composed; with an LLM, its checked stream)

The hand-written rules the steps use are in answer/rules/; the tuned parts (the refusal
thresholds, the refusal model file) are in answer/decide.py and rebuilt by
`python -m eval.tune` on the dev split.

Example:
    assistant = Assistant(PolicyIndex.load(settings), settings)
    assistant.answer("原油先放后检 节省多少时间").text
    -> "在口岸通关领域，…进口原油“先放后检”模式，将原本2—3天的验放时间缩减至半天，…[1]。"
    list(assistant.stream("那烟台片区呢？", ["2025年青岛片区在海洋产业上有哪些新进展"]))
    -> ["烟台片区实现海域使用权与养殖证“五同步”办理…[1]。", Answer(...)]
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from answer.compose import Composer
from answer.decide import Decision, decide
from answer.llm import ChatClient
from answer.model import Answer
from answer.prompts import PromptLibrary
from answer.retrieve import RETRIEVED_K, Retrieved, Retriever
from answer.rules.citations import CitationChecker
from answer.rules.evidence import Evidence
from answer.rules.source_cards import SourceCards
from answer.rules.terms import TermStats
from answer.score import Scored, Scorer
from answer.understand import Reader, Reading
from index.model import Hit
from index.store import PolicyIndex
from settings import Settings

__all__ = ["RETRIEVED_K", "Assistant", "Prepared"]
CANNED = {"empty": "refusal_empty", "injection": "refusal_injection"}
CANNED |= {"greeting": "refusal_greeting", "offtopic": "refusal_offtopic"}


class _Clock:
    """Milliseconds per stage, in the order the stages ran."""

    def __init__(self) -> None:
        self.start = self.last = time.perf_counter()
        self.timings: dict[str, float] = {}

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.timings[stage] = round((now - self.last) * 1000, 2)
        self.last = now

    def total(self) -> dict[str, float]:
        return {**self.timings, "total": round((time.perf_counter() - self.start) * 1000, 2)}


@dataclass(frozen=True)
class Prepared:
    """Steps 1-4 of one question, before any wording."""

    reading: Reading
    retrieved: Retrieved
    scored: tuple[Scored, ...]
    decision: Decision

    @property
    def standalone(self) -> str:
        return self.reading.standalone

    @property
    def hits(self) -> list[Hit]:
        return [f.hit for f in self.retrieved.hits]

    @property
    def evidence(self) -> Evidence:
        return self.decision.shown.evidence


class Assistant:
    def __init__(
        self,
        index: PolicyIndex,
        settings: Settings,
        *,
        chat: ChatClient | None = None,
        prompts: PromptLibrary | None = None,
    ) -> None:
        self.index = index
        self.settings = settings
        self.prompts = prompts or PromptLibrary.load()
        texts = (chunk.search_text for chunk in index.chunks)
        stats = TermStats(texts, general=index.tokenizer.general_idf)
        configured = settings.llm_base_url and chat is None
        self.chat = ChatClient.from_settings(settings) if configured else chat
        limit = settings.max_question_chars
        self.reader = Reader(
            index.tokenizer,
            stats,
            limit,
            chat=self.chat,
            prompts=self.prompts,
            vocabulary=index.lexical.vocabulary(),
        )
        # each passage's article or document card, for retrieving and for naming sources
        cards = SourceCards(chunk for chunk in index.chunks if chunk.kind == "document")
        self.retriever = Retriever(index, cards)
        self.scorer = Scorer(self.retriever, stats)
        docs = {doc.doc_id: doc for doc in index.documents}
        checker = CitationChecker(index.tokenizer, stats)
        self.composer = Composer(docs, self.prompts, checker, self.chat, cards)

    def answer(
        self, question: str, history: Sequence[str] = (), language: str | None = None
    ) -> Answer:
        """The final Answer of stream()."""
        answered = self.stream(question, history, language)
        return next(item for item in answered if isinstance(item, Answer))

    def stream(
        self, question: str, history: Sequence[str] = (), language: str | None = None
    ) -> Iterator[str | Answer]:
        """Text deltas as they are ready, then the final Answer.

        `language` is the reader's ("zh" | "en"; by default English for a question in
        English): refusals, notes and the lead are written in it, quotes stay Chinese.
        """
        clock = _Clock()
        reading = self.reader.read(question, history)
        clock.lap("understand")
        words = self.prompts.in_language(language or ("en" if reading.language == "en" else "zh"))
        limit = self.settings.max_question_chars
        note = words.render("note_truncated", limit=limit) if reading.truncated else ""
        if reading.kind != "question":
            text = words.render(CANNED[reading.kind])
            yield text
            reason = "offtopic" if reading.kind == "greeting" else reading.kind
            yield Answer(reading.question, text, (), True, reason, note, timings=clock.total())
            return
        found = self._prepare(reading, clock)
        base = Answer(reading.question, "", note=note, retrieved=tuple(found.hits))
        base = replace(base, standalone_question=reading.standalone)
        decision = found.decision
        if decision.reason:
            refusal = self.composer.refusal(decision, words)
            clock.lap("compose")
            yield refusal.text
            refused = replace(base, text=refusal.text, citations=refusal.citations, refused=True)
            yield replace(refused, refusal_reason=decision.reason, timings=clock.total())
            return
        composed = self.composer.answer(decision, reading.language, words)
        clock.lap("compose")
        extractive = replace(base, text=composed.text, citations=composed.citations)
        extractive = replace(
            extractive, unanswered=tuple(p.asked.text for p in decision.unanswered)
        )
        if self.chat is None:
            yield composed.text
            yield replace(extractive, timings=clock.total())
            return
        used = found.hits[: self.settings.top_k]
        final = yield from self.composer.generate(reading.standalone, used, extractive, words)
        clock.lap("generate")
        yield replace(final, timings=clock.total())

    def prepare(self, question: str, history: Sequence[str] = ()) -> Prepared:
        """Steps 1-4, the question and history cleaned as the chat cleans them (full-width,
        traditional characters): what eval's retrieval run and the tuning commands measure."""
        return self._prepare(self.reader.read_as_policy_question(question, history), _Clock())

    def _prepare(self, reading: Reading, clock: _Clock) -> Prepared:
        retrieved = self.retriever.retrieve(reading)
        clock.lap("retrieve")
        scored = self.scorer.score(reading, retrieved)
        clock.lap("score")
        decision = decide(scored)
        clock.lap("decide")
        return Prepared(reading, retrieved, scored, decision)
