"""Step 5 of 5, compose: a Decision -> the text the reader sees, with [n] markers and
citations; a refusal names what the documents lack and quotes what is near.

Markers are numbered in order of first use and only cited chunks become citations. A
quote from a plan target says so, and quotes from documents of different dates carry
their dates. An English reader, or a question about which document, gets a lead naming
the source. With an LLM configured, the model rewrites the answer from the passages and
every sentence it streams is checked against its [n] (answer/rules/generate.py,
answer/rules/citations.py); a failing model falls back to the extractive text with a note.

Example:
    compose_answer([Quote(chunk=marine, text="…将原本2—3天的验放时间缩减至半天，", …)], docs, prompts)
    -> ("…将原本2—3天的验放时间缩减至半天[1]。",
        (Citation(number=1, chunk=marine, sentences=("…将原本2—3天的验放时间缩减至半天，",)),))
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace

from answer.decide import Decision
from answer.llm import ChatClient, LLMUnavailable
from answer.model import Answer, Citation
from answer.prompts import PromptLibrary
from answer.rules.citations import CitationChecker
from answer.rules.dating import date_label, date_label_en, is_target
from answer.rules.evidence import Evidence
from answer.rules.extractive import Quote
from answer.rules.generate import Draft, build_prompt
from answer.rules.source_cards import SourceCards
from index.model import Hit
from ingest.cards import SECTIONS_LABEL, card_title
from ingest.model import Chunk, DocumentInfo
from ingest.text import CELL_BAR, CLAUSE_MARKS, SENTENCE_ENDS, names_parts, tidy

_SKIPPED_CELLS = ("类别", "序号")
NEARBY_COVERAGE = 0.3  # a passage holding less of the question is not named as nearby
# A quote holding this much of the question is on the asked subject and is quoted, so a
# close but absent detail reads "现有文件未写明“注册资本”；相关内容是：…[1]".
RELATED_COVERAGE = 0.5


def display(quote: Quote) -> str:
    """A quote as shown: tidied; a table row as "指标：列 值，列 值"; a document card as
    "发文字号 青自贸管发〔2021〕34号；有效性 有效"."""
    if quote.chunk.kind == "document":
        # the page's own bullets ("• 有效性 有效") mark lines, which "；" separates here
        return "；".join(line.strip("• ") for line in quote.text.splitlines() if line.strip("• "))
    if CELL_BAR not in quote.text:
        return tidy(quote.text)
    cells = [tidy(c) for c in quote.text.split(CELL_BAR)]
    cells = [c for c in cells if c and not c.startswith(_SKIPPED_CELLS)]
    head = cells[0].removeprefix("主要指标") if cells and cells[0].startswith("主要指标") else ""
    rest = cells[1:] if head else cells
    return f"{head}：{'，'.join(rest)}" if head else "，".join(rest)


def number_citations(quotes: Sequence[Quote]) -> tuple[dict[str, int], tuple[Citation, ...]]:
    """Chunk id -> [n] in order of first use, and one Citation per cited chunk."""
    numbers: dict[str, int] = {}
    sentences: dict[str, list[str]] = {}
    chunks: dict[str, Chunk] = {}
    for quote in quotes:
        numbers.setdefault(quote.chunk.id, len(numbers) + 1)
        # a card quote gathers lines of the card: each line is highlighted in the source
        lines = quote.text.splitlines() if quote.chunk.kind == "document" else [quote.text]
        sentences.setdefault(quote.chunk.id, []).extend(lines)
        chunks[quote.chunk.id] = quote.chunk
    citations = tuple(
        Citation(number=n, chunk=chunks[cid], sentences=tuple(sentences[cid]))
        for cid, n in numbers.items()
    )
    return numbers, citations


def _tag(quote: Quote, doc: DocumentInfo | None, dated: bool, prompts: PromptLibrary) -> str:
    """ "（已失效）" or "（已被《…》替代）" for a document no longer current; "（规划目标，2021年6月
    发布）" for a target; "（2024年12月）" when dates differ; else ""."""
    date = date_label(doc.date) if doc else ""
    if doc and doc.replaced_by:
        return prompts.render("replaced_tag", title=doc.replaced_by)
    if doc and not doc.current:
        return prompts.render("retired_tag", validity=doc.validity)
    if is_target(quote.text, quote.chunk):
        plan = quote.chunk.doc_kind == "plan"
        label = prompts.render("plan_target_label" if plan else "other_target_label")
        return prompts.render("target_tag", label=label, date=date) if date else ""
    return prompts.render("date_tag", date=date) if dated and date else ""


def compose_answer(
    quotes: Sequence[Quote], docs: Mapping[str, DocumentInfo], prompts: PromptLibrary
) -> tuple[str, tuple[Citation, ...]]:
    """One sentence per quote: quote, tag, [n], full stop."""
    numbers, citations = number_citations(quotes)
    dates = {docs[q.chunk.doc_id].date for q in quotes if q.chunk.doc_id in docs}
    parts = []
    for quote in quotes:
        body = _bare(quote)
        tag = _tag(quote, docs.get(quote.chunk.doc_id), len(dates) > 1, prompts)
        parts.append(f"{body}{tag}[{numbers[quote.chunk.id]}]。")
    return "".join(parts), citations


def _bare(quote: Quote) -> str:
    """A quote's display form without its closing stop, ready for a marker and "。"."""
    return display(quote).rstrip(SENTENCE_ENDS + CLAUSE_MARKS)


def _topic(quote: Quote) -> str:
    """What the nearest passage is about: its innermost heading, else its document's title
    (a card: the title it names, not the "文件信息" it is filed under)."""
    if quote.chunk.kind == "document":
        return f"《{card_title(quote.chunk)}》"
    if quote.chunk.section_path:
        return tidy(quote.chunk.section_path[-1])
    return f"《{quote.chunk.doc_title}》"


def compose_refusal(
    evidence: Evidence,
    quotes: Sequence[Quote],
    docs: Mapping[str, DocumentInfo],
    prompts: PromptLibrary,
) -> tuple[str, tuple[Citation, ...]]:
    """Says plainly what the documents lack, quotes the related rule when one is on the
    asked subject (else names the nearest covered topic) and points to the service hall."""
    if evidence.target_only:
        targets = [q for q in quotes if is_target(q.text, q.chunk)]
        target = (targets or list(quotes))[0]
        missing = _missing(evidence, prompts)
        text = prompts.render("refusal_target_only", missing=missing, quote=_bare(target))
        return text, number_citations([target])[1]
    # no quote is near a topic the question's words never named ("minimum monthly wage")
    near = () if evidence.topic_untranslated else quotes
    nearest = [q for q in near if q.coverage >= NEARBY_COVERAGE][:1]
    nearby = prompts.render("refusal_nearby", topic=_topic(nearest[0])) if nearest else ""
    related = [q for q in nearest if q.coverage >= RELATED_COVERAGE]
    if evidence.other_region:
        text = prompts.render("refusal_other_region", region=evidence.other_region, nearby=nearby)
    elif related:
        missing = _missing(evidence, prompts)
        text = prompts.render("refusal_related", missing=missing, quote=_bare(related[0]))
    else:
        missing = _missing(evidence, prompts)
        text = prompts.render("refusal_not_covered", missing=missing, nearby=nearby)
    return text, number_citations(nearest)[1]


def _missing(evidence: Evidence, prompts: PromptLibrary) -> str:
    """What the documents lack, in the user's words: "“税率或利率”" or "“房租、补贴”"."""
    if evidence.other_region:
        return f"“{evidence.other_region}”"
    if evidence.missing_entities:
        return "“" + "、".join(evidence.missing_entities) + "”"
    if evidence.missing_members and not evidence.missing_detail:
        # the noun stays as the documents write it
        return prompts.render("missing_members", noun=evidence.missing_members)
    if evidence.missing_detail or evidence.missing_unit:
        name = evidence.missing_detail or evidence.missing_unit
        if f"missing.{name}" in prompts.templates:  # in the reader's language
            return prompts.render(f"missing.{name}")
        return f"“{name}”"
    if evidence.uncovered:
        return "“" + "、".join(evidence.uncovered[:2]) + "”"
    return prompts.render("generic_missing")


def cite_first(
    card: Chunk, text: str, citations: tuple[Citation, ...]
) -> tuple[str, tuple[Citation, ...]]:
    """The text and citations with the card as [1] and every other marker one up; the
    card's line shown is its title, or a chapter's contents ("章节 第三章 …18；第一节 …")."""
    shifted = re.sub(r"\[(\d+)\]", lambda m: f"[{int(m.group(1)) + 1}]", text)
    lines = card.text.splitlines()
    shown = next((line for line in lines if line.startswith(SECTIONS_LABEL)), lines[0])
    first = Citation(number=1, chunk=card, sentences=(shown,))
    return shifted, (first, *(replace(c, number=c.number + 1) for c in citations))


@dataclass(frozen=True)
class Composed:
    text: str  # with [n] markers
    citations: tuple[Citation, ...]


class Composer:
    def __init__(
        self,
        docs: Mapping[str, DocumentInfo],
        prompts: PromptLibrary,
        checker: CitationChecker,
        chat: ChatClient | None = None,
        cards: SourceCards | None = None,
    ) -> None:
        self.docs = docs
        self.prompts = prompts
        self.checker = checker
        self.chat = chat
        self.cards = cards or SourceCards(())

    def refusal(self, decision: Decision, words: PromptLibrary) -> Composed:
        return Composed(
            *compose_refusal(decision.shown.evidence, decision.quotes, self.docs, words)
        )

    def answer(self, decision: Decision, asked_in: str, words: PromptLibrary) -> Composed:
        """The extractive answer, led by its source for an English reader or question."""
        text, citations = compose_answer(decision.quotes, self.docs, self.prompts)
        english = words.language == "en" or asked_in != "zh"
        lead_words = words.in_language("en") if english else words
        lead, card = self._lead(decision, citations, lead_words)
        if card is not None:  # the card is cited first: [1] stands in the lead
            text, citations = cite_first(card, text, citations)
        # a part the documents do not answer is named, not silently dropped
        gaps = "".join(
            words.render("part_not_covered", part=p.asked.text, missing=_missing(p.evidence, words))
            for p in decision.unanswered
        )
        return Composed(lead + text + gaps, citations)

    def _lead(
        self, decision: Decision, citations: tuple, words: PromptLibrary
    ) -> tuple[str, Chunk | None]:
        """Names the source first when the question asks which document, or when the reader
        reads English (the quote that follows is Chinese). A question about which document
        gets the article's or document's card cited in the lead ("见《…排头兵》（2024年6月）
        [1]："), so the title it names can be checked like any quote."""
        if not citations:
            return "", None
        chunk = citations[0].chunk
        date = date_label(chunk.date)
        asked = decision.shown.asked
        # "附图二是什么": the headings the answer stands under say what the part is
        paths = asked.places if asked.wants == "what" else ()
        titled = any(names_parts(chunk.section, path) for path in paths)
        if (asked.located or titled) and chunk.kind != "document":
            # the chapter's printed contents are cited with the path: its page numbers
            card = self.cards.chapter_of(chunk)
            path = _headings_of(paths, [c.chunk for c in citations]) or _heading_path(chunk)
            marker = "[1]" if card is not None else ""
            lead = words.render("section_lead", title=chunk.doc_title, path=path, cite=marker)
            return lead, card
        if decision.shown.asked.wants == "document" and chunk.kind != "document":
            card = self.cards.of(chunk)
            title = card_title(card) if card is not None else chunk.doc_title
            marker = "[1]" if card is not None else ""
            lead = words.render("document_lead", title=title, date=date or "n.d.", cite=marker)
            return lead, card
        if words.language == "en":
            doc = self.docs.get(chunk.doc_id)
            if doc is not None and doc.title_en:  # the source named in English, not in Chinese
                when = date_label_en(chunk.date) or "n.d."
                return words.render("named_lead", title=doc.title_en, date=when), None
            return words.render(
                "document_lead", title=chunk.doc_title, date=date or "n.d.", cite=""
            ), None
        return "", None

    def generate(
        self, question: str, hits: list[Hit], extractive: Answer, words: PromptLibrary
    ) -> Iterator[str | Answer]:
        """Stream the model's checked sentences, then the Answer; the extractive answer,
        with a note, when the model fails or none of its sentences holds up."""
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
        # the model's wording says what it says: no part is recorded as named missing
        return replace(
            extractive,
            text=text,
            citations=citations,
            note=_join(extractive.note, note),
            unanswered=(),
        )


def _join(*notes: str) -> str:
    return " ".join(n for n in notes if n)


def _heading_path(chunk: Chunk) -> str:
    return " › ".join(tidy(heading) for heading in chunk.section_path)


def _headings_of(places: Sequence[tuple[str, ...]], chunks: Sequence[Chunk]) -> str:
    """The heading path of a cited passage standing in each place the question names, in
    the question's order ("附表一、附图二" -> "…附表(图)一 › …；…附图(表)二 › …"); "" when none
    stands in one."""
    paths = (
        _heading_path(chunk)
        for place in places
        for chunk in chunks
        if names_parts(chunk.section, place)
    )
    return "；".join(dict.fromkeys(paths))
