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

from answer.asking import Asked, entities, read_question
from answer.citations import CitationChecker
from answer.compose import compose_answer, compose_refusal
from answer.dating import date_label
from answer.extractive import Quote, choose_quotes
from answer.followup import FollowupRewriter
from answer.generate import Draft, build_prompt
from answer.glossary import Glossary, expand_query
from answer.llm import ChatClient, LLMUnavailable
from answer.model import Answer
from answer.prompts import PromptLibrary
from answer.question import clean_question, request_kind
from answer.refusal import Evidence, weigh
from answer.terms import TermStats
from answer.understand import Understood, language_of, understand
from index.filters import LookupFilter
from index.fusion import FusedHit
from index.model import Hit
from index.store import PolicyIndex
from settings import Settings

RETRIEVED_K = 10  # hits kept on the Answer (the eval contract asks for the top 10)
QUOTED_HITS = 8  # hits the extractive answer may quote (the LLM sees Settings.top_k)
ENTITY_HITS = 3  # hits added per named year/area the first hits never mention
PART_HITS = 5  # hits searched for each part of a several-part question
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
        texts = (chunk.search_text for chunk in index.chunks)
        self.stats = TermStats(texts, general=index.tokenizer.general_idf)
        self.docs = {doc.doc_id: doc for doc in index.documents}
        self.rewriter = FollowupRewriter(index.tokenizer, self.stats)
        self.glossary = Glossary.load()
        self.checker = CitationChecker(index.tokenizer, self.stats)
        configured = settings.llm_base_url and chat is None
        self.chat = ChatClient.from_settings(settings) if configured else chat

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
        limit = self.settings.max_question_chars
        clean = clean_question(question, limit)
        asked_in = language_of(clean.text)
        words = self.prompts.in_language(language or ("en" if asked_in == "en" else "zh"))
        note = words.render("note_truncated", limit=limit) if clean.truncated else ""
        kind = request_kind(clean.text)
        clock.lap("clean")
        if kind != "question":
            text = words.render(CANNED[kind])
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
            text, citations = compose_refusal(found.evidence, found.quotes, self.docs, words)
            yield text
            refusal = replace(base, text=text, citations=citations, refused=True)
            yield replace(refusal, refusal_reason=reason, timings=clock.total())
            return
        text, citations = compose_answer(found.quotes, self.docs, self.prompts)
        english = words.language == "en" or asked_in != "zh"
        text = self._lead(found, citations, words.in_language("en") if english else words) + text
        if self.chat is None:
            yield text
            yield replace(base, text=text, citations=citations, timings=clock.total())
            return
        used = found.hits[: self.settings.top_k]
        extractive = replace(base, text=text, citations=citations)
        final = yield from self._generate(found.standalone, used, extractive, words)
        clock.lap("generate")
        yield replace(final, timings=clock.total())

    def prepare(
        self, question: str, history: Sequence[str] = (), clock: _Clock | None = None
    ) -> Prepared:
        """Standalone question, hits, chosen quotes and the evidence on them (no wording yet).

        The focus (background clauses removed) is what quotes must answer; each asked part
        gets its own quotes and its own evidence, and the answer keeps the parts that are
        answered. Areas and years are the ones the user named in this turn: a follow-up
        pointing back ("这个平台…") does not have to find the earlier question's year again.
        """
        clock = clock or _Clock()
        followup = self.rewriter.is_followup(question, history)
        standalone = self._standalone(question, history) if followup else question
        clock.lap("rewrite")
        read = understand(standalone, ())
        query = expand_query(read, self.glossary)
        found = self.index.search_detailed(query, RETRIEVED_K)
        clock.lap("retrieve")
        named = entities(question) if followup else None
        answered: list[Quote] = []
        decided: list[tuple[Asked, list[Quote], Evidence]] = []
        for number, part in enumerate(read.parts):
            asked = self._asked(part, read, named, number)
            single = len(read.parts) == 1
            hits = found[:QUOTED_HITS] if single else self._part_hits(asked, found)
            hits = self.index.current_first(hits)  # a retired document ranks below current ones
            quotes, evidence = self._quote_part(asked, hits)
            decided.append((asked, quotes, evidence))
            if not evidence.reason:
                answered += [q for q in quotes if q.text not in {a.text for a in answered}]
        # the evidence shown is the first answered part's, else the first part's
        asked, quotes, evidence = next((d for d in decided if not d[2].reason), decided[0])
        quotes = answered or quotes
        clock.lap("extract")
        return Prepared(standalone, [f.hit for f in found], asked, quotes, evidence)

    def _asked(self, part: str, read: Understood, named: tuple[str, ...] | None, number: int):
        """What one part asks; a later part too short to name its subject borrows the first
        part's terms ("资金池有多大，累计放款多少笔" -> 放款 with 资金池)."""
        asked = read_question(self.index.tokenizer, part, self.glossary)
        if number and len(asked.terms) < 3:
            first = read_question(self.index.tokenizer, read.parts[0], self.glossary)
            asked = replace(asked, terms=tuple(dict.fromkeys(asked.terms + first.terms)))
        return asked if named is None else replace(asked, entities=named)

    def _part_hits(self, asked: Asked, found: list[FusedHit]) -> list[FusedHit]:
        """The question's hits, then the part's own search (what the question's top hits
        miss for a second part)."""
        known = {f.chunk.id for f in found}
        more = self.index.search_detailed(" ".join(asked.terms) or asked.text, PART_HITS)
        return found[:QUOTED_HITS] + [f for f in more if f.chunk.id not in known]

    def _quote_part(self, asked: Asked, found: list[FusedHit]) -> tuple[list[Quote], Evidence]:
        """Quotes and evidence for one part; each named year or area the quotes miss is
        searched for once more on its own."""
        quoted = list(found)
        quotes, evidence = self._quote(asked, quoted)
        for entity in evidence.missing_entities:
            known = {f.chunk.id for f in quoted}
            query = " ".join((entity, *asked.terms))
            # a year is written about in documents of that year or later
            where = LookupFilter(date_from=entity[:4]) if entity.endswith("年") else None
            more = self.index.search_detailed(query, ENTITY_HITS, where)
            quoted += [f for f in more if f.chunk.id not in known]
        if evidence.missing_entities and len(quoted) > len(found):
            quotes, evidence = self._quote(asked, quoted)
        return quotes, evidence

    def _quote(self, asked: Asked, found: list[FusedHit]) -> tuple[list[Quote], Evidence]:
        quotes = choose_quotes(asked, [f.hit for f in found], self.stats)
        dense = max((f.signals.dense_cosine for f in found), default=0.0)
        return quotes, weigh(asked, quotes, self.stats, dense)

    def _lead(self, found: Prepared, citations: tuple, words: PromptLibrary) -> str:
        """Names the source first when the question asks which document, or when the reader
        reads English (the quote that follows is Chinese)."""
        if not citations:
            return ""
        chunk = citations[0].chunk
        date = date_label(chunk.date)
        if words.language == "en":
            return words.render("document_lead", title=chunk.doc_title, date=date or "n.d.")
        if found.asked.wants == "document" and chunk.kind != "document":
            return words.render("document_lead", title=chunk.doc_title, date=date)
        return ""

    def _generate(
        self, question: str, hits: list[Hit], extractive: Answer, words: PromptLibrary
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
            note = words.render("note_llm_fallback", reason=str(error))
            yield extractive.text
            return replace(extractive, note=_join(extractive.note, note))
        text, citations, dropped = draft.result()
        note = words.render("note_unsupported", count=dropped) if dropped else ""
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
