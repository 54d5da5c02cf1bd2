"""The answer stage: question (+ conversation) -> Answer, streamed, timed per stage.

clean -> classify -> make standalone -> retrieve -> choose quotes -> answer or refuse ->
(LLM, when configured, with every [n] checked) -> Answer.

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

from answer.asking import Asked, read_question
from answer.citations import CitationChecker
from answer.compose import compose_answer, compose_refusal
from answer.extractive import Quote, choose_quotes
from answer.followup import FollowupRewriter
from answer.generate import Draft, build_prompt
from answer.llm import ChatClient, LLMUnavailable
from answer.model import Answer
from answer.prompts import PromptLibrary
from answer.question import clean_question, request_kind
from answer.refusal import Evidence, weigh
from answer.terms import TermStats
from index.filters import LookupFilter
from index.fusion import FusedHit
from index.model import Hit
from index.store import PolicyIndex
from settings import Settings

RETRIEVED_K = 10  # hits kept on the Answer (the eval contract asks for the top 10)
QUOTED_HITS = 8  # hits the extractive answer may quote (the LLM sees Settings.top_k)
ENTITY_HITS = 3  # hits added per named year/area the first hits never mention
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
    standalone: str
    hits: list[Hit]
    asked: Asked
    quotes: list[Quote]
    evidence: Evidence


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
        self.stats = TermStats(chunk.search_text for chunk in index.chunks)
        self.docs = {doc.doc_id: doc for doc in index.documents}
        self.doc_kinds = {doc.doc_id: doc.kind for doc in index.documents}
        self.rewriter = FollowupRewriter(index.tokenizer, self.stats)
        self.checker = CitationChecker(index.tokenizer, self.stats)
        configured = settings.llm_base_url and chat is None
        self.chat = ChatClient.from_settings(settings) if configured else chat

    def answer(self, question: str, history: Sequence[str] = ()) -> Answer:
        """The final Answer of stream()."""
        return next(item for item in self.stream(question, history) if isinstance(item, Answer))

    def stream(self, question: str, history: Sequence[str] = ()) -> Iterator[str | Answer]:
        """Text deltas as they are ready, then the final Answer."""
        clock = _Clock()
        limit = self.settings.max_question_chars
        clean = clean_question(question, limit)
        note = self.prompts.render("note_truncated", limit=limit) if clean.truncated else ""
        kind = request_kind(clean.text)
        clock.lap("clean")
        if kind != "question":
            text = self.prompts.render(CANNED[kind])
            yield text
            reason = "offtopic" if kind == "greeting" else kind
            yield Answer(clean.text, text, (), True, reason, note, timings=clock.total())
            return
        earlier = [clean_question(h, limit).text for h in history]
        found = self.prepare(clean.text, earlier, clock)
        base = Answer(clean.text, "", note=note, retrieved=tuple(found.hits))
        base = replace(base, standalone_question=found.standalone)
        reason = found.evidence.reason
        if reason:
            text, citations = compose_refusal(found.evidence, found.quotes, self.docs, self.prompts)
            yield text
            refusal = replace(base, text=text, citations=citations, refused=True)
            yield replace(refusal, refusal_reason=reason, timings=clock.total())
            return
        text, citations = compose_answer(found.quotes, self.docs, self.prompts)
        if self.chat is None:
            yield text
            yield replace(base, text=text, citations=citations, timings=clock.total())
            return
        used = found.hits[: self.settings.top_k]
        extractive = replace(base, text=text, citations=citations)
        final = yield from self._generate(found.standalone, used, extractive)
        clock.lap("generate")
        yield replace(final, timings=clock.total())

    def prepare(
        self, question: str, history: Sequence[str] = (), clock: _Clock | None = None
    ) -> Prepared:
        """Standalone question, hits, chosen quotes and the evidence on them (no wording yet).

        A question naming several years or areas ("2020年是多少，2024年增长如何") may find
        only one of them in its hits: each missing one is searched for once more on its own.
        """
        clock = clock or _Clock()
        standalone = self._standalone(question, history)
        clock.lap("rewrite")
        found = self.index.search_detailed(standalone, RETRIEVED_K)
        clock.lap("retrieve")
        asked = read_question(self.index.tokenizer, standalone)
        quoted = found[:QUOTED_HITS]
        quotes, evidence = self._quote(asked, quoted)
        for entity in evidence.missing_entities:
            known = {f.chunk.id for f in quoted}
            query = " ".join((entity, *asked.terms))
            # a year is written about in documents of that year or later
            where = LookupFilter(date_from=entity[:4]) if entity.endswith("年") else None
            more = self.index.search_detailed(query, ENTITY_HITS, where)
            quoted += [f for f in more if f.chunk.id not in known]
        if len(quoted) > QUOTED_HITS:
            quotes, evidence = self._quote(asked, quoted)
        clock.lap("extract")
        return Prepared(standalone, [f.hit for f in found], asked, quotes, evidence)

    def _quote(self, asked: Asked, found: list[FusedHit]) -> tuple[list[Quote], Evidence]:
        quotes = choose_quotes(asked, [f.hit for f in found], self.stats, self.doc_kinds)
        dense = max((f.signals.dense_cosine for f in found), default=0.0)
        return quotes, weigh(asked, quotes, self.stats, self.doc_kinds, dense)

    def _generate(
        self, question: str, hits: list[Hit], extractive: Answer
    ) -> Iterator[str | Answer]:
        """Stream the model's checked sentences; fall back to the extractive answer on failure."""
        system, user = build_prompt(question, hits, self.prompts)
        draft = Draft(self.checker, {n: hit.chunk for n, hit in enumerate(hits, start=1)})
        try:
            for delta in self.chat.stream(system, user):
                released = draft.feed(delta)
                if released:
                    yield released
            rest = draft.flush()
            if rest:
                yield rest
        except LLMUnavailable as error:
            note = self.prompts.render("note_llm_fallback", reason=str(error))
            yield extractive.text
            return replace(extractive, note=_join(extractive.note, note))
        text, citations, dropped = draft.result()
        note = self.prompts.render("note_unsupported", count=dropped) if dropped else ""
        if not citations:
            yield extractive.text
            return replace(extractive, note=_join(extractive.note, note))
        return replace(
            extractive, text=text, citations=citations, note=_join(extractive.note, note)
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
            if rewritten and 0 < len(rewritten[0]) <= self.settings.max_question_chars:
                return rewritten[0].strip("“”\"' ")
        return self.rewriter.rewrite(question, history)


def _join(*notes: str) -> str:
    return " ".join(n for n in notes if n)
