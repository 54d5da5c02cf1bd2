"""Step 2 of 5, retrieve: a Reading -> Retrieved, the hits of the question and of each part.

One hybrid search (BM25 + dense, index/search.py) for the whole question; a several-part
question adds each part's own search, so a second part is not left to what the first
part's hits happen to say. A part naming the document it asks of ("规划里…", "According to
the marine economy review") quotes that document first. Current documents rank before
retired ones. Step 3 may ask for more: a named year or area the quotes never mention is
searched for on its own.

Example:
    retriever.retrieve(reader.read("自贸助贷资金池有多大，累计放款多少笔"))
    -> Retrieved(hits=[…10 hits…],      # the question's
                 per_part=([…9 hits…], […10 hits…]))   # its top 8 + each part's own search
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from answer.rules.asking import Asked
from answer.rules.document_facts import TITLE_NAMED, card_titled_as, gives_fields, signed_cards
from answer.rules.focus import POINTS_TO_DOCUMENT
from answer.rules.source_cards import SourceCards
from answer.understand import Reading
from index.filters import LookupFilter
from index.fusion import FusedHit
from index.store import PolicyIndex
from ingest.cards import SUBHEADINGS_LABEL, card_source, lists_subheadings
from ingest.model import Chunk
from ingest.text import fold, part_paths, quoted_phrases, says_word_for_word

RETRIEVED_K = 10  # hits kept on the Answer (the eval contract asks for the top 10)
QUOTED_HITS = 8  # hits the extractive answer may quote (the LLM sees Settings.top_k)
ENTITY_HITS = 3  # hits added per named year/area the first hits never mention
PART_HITS = 5  # hits searched for each part of a several-part question
CARD_HITS = 2  # document cards quoted first for a question about a document
OUTLINE_CARDS = 3  # extra hits searched, as a section's card of headings answers only for those
CARD_POOL = 5  # … chosen among CARD_HITS * CARD_POOL cards, those giving the fact asked first
VERBATIM_POOL = 10  # hits searched for a phrase the question quotes
VERBATIM_MOST = 3  # paragraphs saying it word for word, beyond which it singles none out
_CARDS = LookupFilter(kinds=("document",))


@dataclass(frozen=True)
class Retrieved:
    hits: list[FusedHit]  # the question's, best first (RETRIEVED_K)
    per_part: tuple[list[FusedHit], ...]  # what each part may quote, in Reading.parts order


class Retriever:
    def __init__(self, index: PolicyIndex, cards: SourceCards | None = None) -> None:
        self.index = index
        self.cards = cards or SourceCards(c for c in index.chunks if c.kind == "document")
        self.names = {
            document.doc_id: tuple(
                fold(name)
                for name in (document.title, document.title_en, *document.aliases)
                if name
            )
            for document in index.documents
        }

    def retrieve(self, reading: Reading) -> Retrieved:
        found = self.index.search_detailed(reading.query, RETRIEVED_K + OUTLINE_CARDS)
        found = self._word_for_word_first(found, reading)
        fields = {field for asked in reading.parts for field in asked.fields}
        found = _outlines_if_asked(found, fields)[:RETRIEVED_K]
        single = len(reading.parts) == 1
        per_part = tuple(
            # a retired document ranks below current ones
            self.index.current_first(
                self._under_named_parts(
                    asked,
                    self._cards(
                        asked,
                        found[:QUOTED_HITS] if single else self._part(asked, found, reading),
                        reading,
                    ),
                    reading,
                )
            )
            for asked in reading.parts
        )
        per_part = tuple(
            self._in_named_document(asked, hits, reading)
            for asked, hits in zip(reading.parts, per_part, strict=True)
        )
        return Retrieved(found, per_part)

    def _word_for_word_first(self, found: list[FusedHit], reading: Reading) -> list[FusedHit]:
        """The paragraphs holding word for word a phrase the question quotes ("“港口货物吞吐量
        跃居全球第四”这句话是哪篇报道里说的"), first: a search ranks paragraphs by the words
        they share, and many share the words of a sentence that only one says. A phrase many
        paragraphs say ("“十四五”规划纲要") singles none out and moves nothing."""
        said: list[FusedHit] = []
        for phrase in quoted_phrases(reading.standalone):
            searched = self.index.search_detailed(phrase, VERBATIM_POOL, dense_query=reading.query)
            saying = [f for f in searched if says_word_for_word(f.chunk.text, phrase)]
            if len(saying) <= VERBATIM_MOST:
                said += saying
        known = {f.chunk.id for f in said}
        return list({f.chunk.id: f for f in said}.values()) + [
            f for f in found if f.chunk.id not in known
        ]

    def _in_named_document(
        self, asked: Asked, hits: list[FusedHit], reading: Reading
    ) -> list[FusedHit]:
        """A part naming the one document it asks of ("According to the marine economy
        review, …", "规划里…") quotes that document's hits first, then its own best paragraphs
        the question's search missed, then the other documents' hits: another document saying
        much the same ("易货贸易额占全省80%") no longer answers for the one named."""
        single = len(reading.parts) == 1
        named = self.documents_named(reading.standalone if single else asked.text)
        if len(named) != 1:
            return hits
        query = reading.query if single else _words(asked)
        scoped = self.index.search_detailed(
            query, QUOTED_HITS, LookupFilter(docs=named), dense_query=reading.query
        )
        known = {f.chunk.id for f in hits}
        more = [
            f
            for f in _outlines_if_asked(scoped, asked.fields)
            if f.chunk.id not in known and f.chunk.kind != "document"
        ]
        inside = [f for f in hits if f.chunk.doc_id in named]
        return inside + more + [f for f in hits if f.chunk.doc_id not in named]

    def documents_named(self, text: str) -> tuple[str, ...]:
        """The documents a text names by title, English title or a name users call it by
        (docs/manifest.json "aliases"): "规划里2025年的目标" -> ("qingdao-ftz-14th-…-plan.txt",)."""
        folded = fold(text)
        return tuple(doc for doc, names in self.names.items() if any(n in folded for n in names))

    def _cards(self, asked: Asked, hits: list[FusedHit], reading: Reading) -> list[FusedHit]:
        """A question about a document quotes first the best-matching document cards, which
        a search over every paragraph can rank below the paragraphs ("规划纲要一共有几章")."""
        if asked.located:  # answered by a paragraph's headings, not a card
            return [f for f in hits if f.chunk.kind != "document"]
        if asked.wants != "document":
            return hits
        found = self.index.search_detailed(reading.query, 3 * CARD_HITS * CARD_POOL, _CARDS)
        if named := _titles_asked_of(reading.standalone):  # "《…概念规划(中期成果)》的文号"
            hits = [f for f in hits if f.chunk.kind != "document" or card_titled_as(f.chunk, named)]
            found = [f for f in found if card_titled_as(f.chunk, named)]
        found = _outlines_if_asked(found, asked.fields)[: CARD_HITS * CARD_POOL]
        # of the best card's source ("有几章": the chapters' card, not a chapter's), the cards
        # giving the fact asked first
        best = card_source(found[0].chunk) if found else None
        found.sort(
            key=lambda f: (
                not (card_source(f.chunk) == best and gives_fields(f.chunk.text, asked.fields))
            )
        )
        # the articles a person the question names signed, every one ("记者白晓写了哪几篇")
        signed = [found[i] for i in signed_cards(asked.text, [f.chunk.text for f in found])]
        # a fact of the document or article asked about, never another one's ("那篇报道的通讯员")
        if found and asked.fields and len(signed) < 2 and POINTS_TO_DOCUMENT.search(asked.text):
            found = [f for f in found if card_source(f.chunk) == best]
            hits = [f for f in hits if f.chunk.kind != "document" or card_source(f.chunk) == best]
        first = signed if len(signed) >= 2 else found[:CARD_HITS]
        known = {f.chunk.id for f in hits}
        return [f for f in first if f.chunk.id not in known] + hits

    def _under_named_parts(
        self, asked: Asked, hits: list[FusedHit], reading: Reading
    ) -> list[FusedHit]:
        """A part naming numbered parts of a document ("第六章第二节叫什么") quotes first what
        stands under them (or the card listing them); a question about the document's
        structure pointing back ("这一节下面有哪几个小标题") names those of the question."""
        paths = asked.places
        if not paths and (asked.wants == "document" or asked.located):
            paths = part_paths(reading.standalone)
        if not paths:
            return hits
        # each place named ("附表一、附图二") by its own search, their hits taken in turn
        searched = [
            self.index.search_detailed(_words(asked), PART_HITS, LookupFilter(parts=path))
            for path in paths
        ]
        turns = itertools.chain.from_iterable(itertools.zip_longest(*searched))
        found = list({f.chunk.id: f for f in turns if f is not None}.values())
        found = _outlines_if_asked(found, asked.fields)
        known = {f.chunk.id for f in found}
        return found + [f for f in hits if f.chunk.id not in known]

    def _part(self, asked: Asked, found: list[FusedHit], reading: Reading) -> list[FusedHit]:
        """The question's hits, then the part's own search (what the question's top hits
        miss for a second part): its words for BM25, and the question's embedding, already
        computed, for the dense side (dev: as good as embedding each part, one model call
        fewer per part)."""
        known = {f.chunk.id for f in found}
        more = self.index.search_detailed(_words(asked), PART_HITS, dense_query=reading.query)
        return found[:QUOTED_HITS] + [f for f in more if f.chunk.id not in known]

    def cards_of(self, passages: Sequence[Chunk], asked: Asked) -> list[FusedHit]:
        """The cards of the passages another part was answered from (a passage's article or
        document card, or the card itself), those first: "文章什么时候发布" after
        "…是在哪篇文章里讲的" asks of that article."""
        own = {
            c.id if c.kind == "document" else getattr(self.cards.of(c), "id", "") for c in passages
        }
        docs = tuple(dict.fromkeys(c.doc_id for c in passages))
        where = LookupFilter(docs=docs, kinds=("document",))
        found = _outlines_if_asked(
            self.index.search_detailed(_words(asked), 3 * CARD_HITS * CARD_POOL, where),
            asked.fields,
        )
        return [f for f in found if f.chunk.id in own] or found[:CARD_HITS]

    def about(self, entity: str, asked: Asked) -> list[FusedHit]:
        """Hits on one named year or area with the part's terms; a year is written about in
        documents of that year or later."""
        query = " ".join((entity, *asked.terms))
        where = LookupFilter(date_from=entity[:4]) if entity.endswith("年") else None
        return self.index.search_detailed(query, ENTITY_HITS, where)


def _words(asked: Asked) -> str:
    """A part's own words as a search query: its terms, or its text when it has none."""
    return " ".join(asked.terms) or asked.text


def _outlines_if_asked(found: list[FusedHit], fields: Collection[str]) -> list[FusedHit]:
    """The hits without the sections' cards of headings unless headings are asked for: such
    a card names a dozen topics and answers only "…下面有哪几个小标题"."""
    if SUBHEADINGS_LABEL in fields:
        return found
    return [f for f in found if not lists_subheadings(f.chunk)]


# "规划纲要里说的《总体方案》": a title cited inside another document, not the one asked of
_CITED_IN = re.compile(r"(?:报道|文章|规划|纲要|综述|文件|通知)[里中内]")


def _titles_asked_of(question: str) -> list[str]:
    """The titles (in 《》) of the documents a question asks about."""
    first = TITLE_NAMED.search(question)
    if not first or _CITED_IN.search(question[: first.start()]):
        return []
    return TITLE_NAMED.findall(question)
