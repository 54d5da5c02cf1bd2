"""Cleaned lines -> blocks: paragraphs with broken lines rejoined, headings, bylines, cells.

Rejoining: while a paragraph has not ended a sentence, the next line continues it, even
across a blank line ("货物储运状" / "" / "态分类监管" is one sentence), unless that line
clearly starts something new (a numbered heading, a bullet, a byline).

A "short" block is a line that may be a free heading or a table cell: short, without
sentence punctuation, starting a block and followed by a break (blank line, indent, end).

Example:
    build_blocks(["第一节 发展基础", "", "青岛自贸片区成立以来，改革举措取", "", "得显著成效。"])
    -> [Block("heading", ["第一节 发展基础"], level=2),
        Block("paragraph", ["青岛自贸片区成立以来，改革举措取", "得显著成效。"])]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.lines import (
    NUMBERED_ITEM_LEVEL,
    ends_sentence,
    heading_like,
    is_bullet,
    is_byline,
    is_caption,
    is_table_row,
    normalize_heading,
    strip_bullet,
    structural_level,
    title_like,
)
from ingest.tables import Table

MAX_HEADING_CHARS = 60  # numbered headings: "第四章 聚焦“四新”经济培育发展,建设产业发展示范区"
MAX_SHORT_CHARS = 40  # free headings and table cells
_WORD_EDGE = re.compile(r"[A-Za-z0-9]")


@dataclass
class Block:
    kind: str  # heading | short | paragraph | list_item | byline | row (+ table, article)
    lines: list[str] = field(default_factory=list)
    level: int = 0  # outline level of a heading
    is_open: bool = False  # a paragraph whose last line has not ended its sentence
    table: Table | None = None  # the rows of a "table" block

    @property
    def text(self) -> str:
        """Lines rejoined: no space inside Chinese, one space between two Latin words."""
        joined = self.lines[0]
        for line in self.lines[1:]:
            word_break = _WORD_EDGE.match(joined[-1]) and _WORD_EDGE.match(line[0])
            joined += f" {line}" if word_break else line
        return joined


def build_blocks(lines: list[str], *, hard_wrapped: bool = True) -> list[Block]:
    """Group lines into blocks; hard_wrapped=False (docx, html) never rejoins lines."""
    blocks: list[Block] = []
    for index, line in enumerate(lines):
        text = line.strip()
        if not text:
            continue
        last = blocks[-1] if blocks else None
        if hard_wrapped and last and last.is_open and not starts_block(text):
            last.lines.append(text)
            last.is_open = not closes_paragraph(text)
            continue
        at_break = not hard_wrapped or _followed_by_break(lines, index)
        blocks.append(classify_line(text, at_break=at_break))
    return blocks


def classify_line(text: str, *, at_break: bool) -> Block:
    """The block a line starts: "一、综合实力显著增强" -> Block("heading", level=3)."""
    if is_table_row(text):
        return Block("row", [text])
    if is_byline(text):
        return Block("byline", [text])
    label = strip_bullet(text)
    level = structural_level(label)
    numbered_heading = level and heading_like(label, MAX_HEADING_CHARS)
    if numbered_heading and (level < NUMBERED_ITEM_LEVEL or at_break):
        return Block("heading", [normalize_heading(label)], level=level)
    if level or is_bullet(text):
        return Block("list_item", [label], is_open=not closes_paragraph(label))
    if at_break and title_like(text, MAX_SHORT_CHARS):
        return Block("short", [text])
    return Block("paragraph", [text], is_open=not closes_paragraph(text))


def starts_block(text: str) -> bool:
    """Lines that never continue an unfinished paragraph."""
    if is_table_row(text) or is_byline(text) or is_bullet(text):
        return True
    level = structural_level(text)
    return level is not None and (
        level == NUMBERED_ITEM_LEVEL or heading_like(text, MAX_HEADING_CHARS)
    )


def closes_paragraph(text: str) -> bool:
    return ends_sentence(text) or is_caption(text)


def _followed_by_break(lines: list[str], index: int) -> bool:
    """Blank line, indented line or end of text after this one."""
    following = lines[index + 1] if index + 1 < len(lines) else ""
    return not following.strip() or following.startswith(" ")
