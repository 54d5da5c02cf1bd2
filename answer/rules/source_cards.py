"""The card of the source a passage stands in (ingest/cards.py), for an answer that names
its source: an article's card on a news page of several articles, else the document's
own, and the printed contents of the chapter a passage stands in.

Example:
    cards = SourceCards(chunk for chunk in index.chunks if chunk.kind == "document")
    cards.of(jimo_paragraph)          -> the card "报道 《即墨：打造文化品牌 推动全民阅读》…"
    cards.chapter_of(plan_paragraph)  -> the card "章节 第三章 …18；第一节 …18；…"
"""

from __future__ import annotations

from collections.abc import Iterable

from ingest.cards import card_title, contents_chapter
from ingest.model import Chunk


class SourceCards:
    def __init__(self, cards: Iterable[Chunk]) -> None:
        self.by_title: dict[tuple[str, str], Chunk] = {}
        self.by_chapter: dict[tuple[str, str], Chunk] = {}
        for card in cards:
            chapter = contents_chapter(card)
            if chapter:
                self.by_chapter[(card.doc_id, _unspaced(chapter))] = card
            else:  # the document's own card comes before its chapters' card
                self.by_title.setdefault((card.doc_id, card_title(card)), card)

    def of(self, chunk: Chunk) -> Chunk | None:
        """The card of the passage's article, else of its document."""
        article = dict(chunk.extra).get("article", "")
        found = self.by_title.get((chunk.doc_id, article)) if article else None
        return found or self.by_title.get((chunk.doc_id, chunk.doc_title))

    def chapter_of(self, chunk: Chunk) -> Chunk | None:
        """The card of the printed contents of the chapter the passage stands in."""
        top = chunk.section_path[0] if chunk.section_path else ""
        return self.by_chapter.get((chunk.doc_id, _unspaced(top)))


def _unspaced(heading: str) -> str:
    return "".join(heading.split())
