"""Is a quoted figure a plan target or an achieved result, and how to name a document's date.

Example:
    is_target("到2025年,自贸试验区内金融机构达到300家", plan_chunk, "plan") -> True
    is_target("2020年,青岛自贸片区实现固定资产投资108亿元", plan_chunk, "plan") -> False
    is_target("计划至2025年,园区将完成投资1000亿元以上", news_chunk, "news") -> True
    reports_result("…｜ 2020年完成 28.6 ｜ 2025年目标 50", plan_table_row, "plan") -> True
    reports_result("…｜ 2020年完成 28.6 ｜ 2025年目标 50", plan_table_row, "plan", "2025") -> False
    date_label("2021-06-11") -> "2021年6月"; date_label("2025") -> "2025年"
"""

from __future__ import annotations

import calendar
import re

from answer.rules.terms import NOW
from ingest.model import Chunk
from ingest.text import CELL_BAR, fold

# Sections of a plan that report what was achieved before it was written.
_ACHIEVED_SECTIONS = ("发展基础", "发展环境", "前言")
# Said of the future: targets, plans, intentions.
_FUTURE = re.compile(
    r"目标|力争|争取|计划|(?<!截)(?:到|至)20\d\d年|十四五.{0,3}(?:期间|末)|将(?:完成|达到|建成|打造)"
    r"|年均增速|保持|不低于|不少于"
)
# Said of the past: a result reported as done (a table row's "2020年完成 28.6" included).
_ACHIEVED = re.compile(
    r"完成\s*[\d.]+|完成了|已(?:完成|实施|形成|有|建成|开展|累计)|成立以来|近两年来"
    r"|(?:(?<=截至)|(?<![到至]))(?:19|20)\d\d年.{0,12}(?:实现|完成|达到|突破|增长|保有)"
)
# Questions about a plan's targets.
ASKS_TARGET = re.compile(
    r"目标|计划|规划|(?:到|至)20\d\d年|十四五|争取|力争|远景|要(?:达到|做到|有|建|增长|引进|培育|打造)"
)
# Questions about what was actually achieved, not planned.
ASKS_ACTUAL = re.compile(rf"全年|实际完成|实际(?:实现|达到)|完成了|实现了|达到了|已经|{NOW}")


def reports_result(text: str, chunk: Chunk, year: str = "") -> bool:
    """Whether a quote states an achieved result (a plan's review, "2020年完成 28.6", 已…);
    for a table row and a year, whether that year's column is a result or a target."""
    cells = [c for c in text.split(CELL_BAR) if year and year in c] if CELL_BAR in text else []
    if cells:
        return "完成" in cells[0]
    text = fold(text)
    if _ACHIEVED.search(text):
        return True
    if chunk.doc_kind == "plan":
        return any(part in chunk.section for part in _ACHIEVED_SECTIONS)
    return not _FUTURE.search(text)


def is_target(text: str, chunk: Chunk) -> bool:
    """Whether a quote states a target: in a plan, anything outside its review sections
    that is not a reported result, and any table row naming a target column; elsewhere,
    sentences worded as plans.
    """
    if chunk.kind == "document":
        return False  # a card describes the document ("主要部分 …第二章 发展目标")
    if chunk.doc_kind == "plan" and "目标" in text:
        return True
    return not reports_result(text, chunk)


def date_label_en(date: str) -> str:
    """ISO date (possibly partial) in English: "2024-12" -> "December 2024", "" -> ""."""
    parts = [p for p in date.split("-") if p]
    if len(parts) < 2:
        return parts[0] if parts else ""
    return f"{calendar.month_name[int(parts[1])]} {parts[0]}"


def date_label(date: str) -> str:
    """ISO date (possibly partial) as Chinese: "2024-12" -> "2024年12月", "" -> ""."""
    parts = [p for p in date.split("-") if p]
    if not parts:
        return ""
    label = f"{parts[0]}年"
    return label + f"{int(parts[1])}月" if len(parts) > 1 else label
