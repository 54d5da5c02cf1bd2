"""Blocks -> numbered source paragraphs, each knowing its section path (and article).

Headings never become paragraphs of their own: they open a section, and every paragraph
under them carries the path ("第一章 发展基础与环境", "第一节 发展基础", "一、综合实力显著增强").
A heading that never gets a paragraph (a sign-off, a trailing caption title) is kept as
a paragraph of the section before it, so no text is lost and no heading is orphaned.

Example:
    source_paragraphs(build_blocks(["第一章 总则", "", "第一条 正文。"]))
    -> [SourceParagraph(section_path=("第一章 总则",), number=1, text="第一条 正文。")]
"""

from __future__ import annotations

from dataclasses import dataclass

from ingest.articles import ARTICLE_LEVEL, headline, mark_articles
from ingest.blocks import Block
from ingest.lines import row_cells
from ingest.tables import looks_like_table, reconstruct_table, table_from_rows

Extra = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class SourceParagraph:
    section_path: tuple[str, ...]
    number: int  # 1-based, counting body paragraphs (and table rows) of the document
    text: str
    kind: str = "paragraph"  # paragraph | list_item | table_row
    extra: Extra = ()


@dataclass
class _OpenHeading:
    level: int
    text: str
    path_before: tuple[str, ...]  # where its text goes if no paragraph ever follows
    structural: bool
    has_body: bool = False


class _Outline:
    """The headings currently open, outermost first, and the paragraphs emitted so far."""

    def __init__(self) -> None:
        self.open: list[_OpenHeading] = []
        self.paragraphs: list[SourceParagraph] = []
        self.extra: Extra = ()

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(heading.text for heading in self.open)

    def free_level(self) -> int:
        """A heading without a number sits just below the deepest numbered one."""
        return max((h.level for h in self.open if h.structural), default=0) + 1

    def enter(self, level: int, text: str, *, structural: bool) -> None:
        before = self.path
        self.close(level)
        self.open.append(_OpenHeading(level, text, before, structural))

    def close(self, level: int) -> None:
        """Close headings at or below level; one that got no paragraph becomes one."""
        closing = [h for h in self.open if h.level >= level]
        self.open = [h for h in self.open if h.level < level]
        for heading in closing:
            if not heading.has_body:
                self.emit(heading.text, path=heading.path_before)

    def emit(self, text: str, kind: str = "paragraph", path: tuple[str, ...] | None = None) -> None:
        for heading in self.open:
            heading.has_body = True
        number = len(self.paragraphs) + 1
        section = self.path if path is None else path
        self.paragraphs.append(SourceParagraph(section, number, text, kind, self.extra))


def source_paragraphs(blocks: list[Block]) -> list[SourceParagraph]:
    """Walk the blocks, keeping the outline of open headings."""
    outline = _Outline()
    for block in mark_articles(group_runs(blocks)):
        if block.table is not None:
            title = block.table.title
            path = (*outline.path, title) if title else outline.path
            for row in block.table.row_texts():
                outline.emit(row, "table_row", path=path)
        elif block.kind == "article":
            main, deck = headline(block.lines)
            outline.close(ARTICLE_LEVEL)
            # the masthead as printed (kicker, headline, subtitle in page order) for the card
            printed = (("masthead", "\n".join(block.lines)),) if deck else ()
            outline.extra = (("article", main), *printed)
            outline.enter(ARTICLE_LEVEL, main, structural=True)
            if deck:  # the subtitle states facts ("2024年探索形成32项…"): keep it searchable
                outline.emit(deck, "heading")
        elif block.kind == "byline":  # "□ 本报记者 张晓帆" then "本报通讯员 李梦艳": one byline
            extra = dict(outline.extra)
            printed = "\n".join(filter(None, (extra.get("byline"), block.text.strip())))
            outline.extra = tuple({**extra, "byline": printed}.items())  # as the page prints it
        elif block.kind in ("heading", "short"):
            structural = block.kind == "heading"
            level = block.level if structural else outline.free_level()
            outline.enter(level, " ".join(block.lines), structural=structural)
        else:
            outline.emit(block.text, block.kind)
    outline.close(ARTICLE_LEVEL)
    return outline.paragraphs


def group_runs(blocks: list[Block]) -> list[Block]:
    """Merge a run of short lines into one free heading or a table; a run of rows into a table."""
    grouped: list[Block] = []
    run: list[Block] = []
    for block in [*blocks, Block("end")]:
        if run and block.kind != run[0].kind:
            grouped.append(_close_run(run))
            run = []
        if block.kind in ("short", "row"):
            run.append(block)
        elif block.kind != "end":
            grouped.append(block)
    return grouped


def _close_run(run: list[Block]) -> Block:
    lines = [line for block in run for line in block.lines]
    if run[0].kind == "row":
        table = table_from_rows([row_cells(line) for line in lines])
    else:
        table = reconstruct_table(lines) if looks_like_table(lines) else None
    if table is not None:
        return Block("table", lines, table=table)
    if run[0].kind == "row" or looks_like_table(lines):
        return Block("paragraph", [" ".join(lines)])
    return Block("short", lines)
