"""What one cleaned line of Chinese policy text is: heading, bullet, byline or prose.

Example:
    structural_level("第二节 发展环境") -> 2      structural_level("一、国际宏观环境") -> 3
    ends_sentence("……一系列举措让通关效率大幅提升。") -> True
    is_byline("□记者 白晓 报道") -> True        normalize_heading("第一章发展基础") -> "第一章 发展基础"
"""

from __future__ import annotations

import re

CN_DIGITS = "一二三四五六七八九十百千零〇两"
CELL_MARK = "｜"  # a loader writes a real table's row (docx, html, md) as "｜cell｜cell｜"

# (pattern, level): chapter-like 1, 节 2, 一、/附表 3, （一） 4, 1. 5
_STRUCTURE = (
    (re.compile(rf"^第[{CN_DIGITS}\d]+(?:章|编|篇|部分)"), 1),
    (re.compile(r"^(?:前言|序言|引言|总则|附则|结语|结束语)$"), 1),
    (re.compile(rf"^第[{CN_DIGITS}\d]+节"), 2),
    (re.compile(r"^附[表图件]"), 3),
    (re.compile(rf"^[{CN_DIGITS}]+、"), 3),
    (re.compile(rf"^[（(][{CN_DIGITS}]+[）)]"), 4),
    (re.compile(r"^\d{1,2}[.．、](?!\d)"), 5),
)
NUMBERED_ITEM_LEVEL = 5
_MARKER = re.compile(rf"^(第[{CN_DIGITS}\d]+(?:章|节|编|篇|部分))\s*")
_BULLET = re.compile(r"^(?:[•●◆■▪]|--|－－)\s*")
_BYLINE = re.compile(r"^(?:□|(?:本报)?(?:特约|实习)?(?:记者|通讯员)\s*\S)")
_CAPTION = re.compile(r"图为|^图[：:]|（摄）|\(摄\)")
_NUMERIC_CELL = re.compile(r"^(?:[-—–/]|[+\-]?\d[\d,.]*[%％]?)$")

SENTENCE_END = "。！？!?…."
_CLOSERS = "”’\"'）)」』】》"
_NOT_A_HEADING_END = "，,、：:；;（(“《—"
_PAIRS = ("“”", "（）", "()", "《》", "【】", "「」")


def structural_level(text: str) -> int | None:
    """Outline level of a numbered heading, or None for anything else."""
    for pattern, level in _STRUCTURE:
        if pattern.match(text):
            return level
    return None


def normalize_heading(text: str) -> str:
    """One space between a 第X章/节 marker and its title, whatever the source had."""
    return _MARKER.sub(r"\1 ", text).strip()


def strip_bullet(text: str) -> str:
    """Drop a leading bullet glyph: "• 第三节 发展目标" -> "第三节 发展目标"."""
    return _BULLET.sub("", text, count=1)


def is_bullet(text: str) -> bool:
    return bool(_BULLET.match(text))


def ends_sentence(text: str) -> bool:
    """True when the line ends a sentence (closing quotes and brackets may follow)."""
    core = text.rstrip(_CLOSERS)
    return bool(core) and core[-1] in SENTENCE_END


def is_caption(text: str) -> bool:
    """A photo caption ("……。图为山东港口青岛港……") is a paragraph of its own."""
    return bool(_CAPTION.search(text))


def is_byline(text: str) -> bool:
    """Reporter lines of a newspaper page: "□ 本报记者 张晓帆", "本报通讯员 李梦艳"."""
    return len(text) <= 30 and not ends_sentence(text) and bool(_BYLINE.match(text))


def is_table_row(text: str) -> bool:
    return len(text) >= 3 and text.startswith(CELL_MARK) and text.endswith(CELL_MARK)


def row_cells(text: str) -> list[str]:
    """ "｜类别｜2020年｜｜" -> ["类别", "2020年", ""]."""
    return [cell.strip() for cell in text[1:-1].split(CELL_MARK)]


def is_numeric_cell(text: str) -> bool:
    """Table cells that hold a figure or a placeholder: "28.6", "1000", "-", "9.1%"."""
    return bool(_NUMERIC_CELL.match(text))


def heading_like(text: str, max_chars: int) -> bool:
    """Short, no sentence punctuation inside, and not an unfinished lead-in clause."""
    return (
        len(text) <= max_chars
        and not any(mark in text for mark in "。！？!?")
        and text[-1] not in _NOT_A_HEADING_END
    )


def title_like(text: str, max_chars: int) -> bool:
    """A heading without a number: heading_like, balanced, and no "，", "、" or "；".

    Chinese headlines separate phrases with a space ("抢抓新风口 强化政策引导"); a short
    line with a full-width comma or an open quote is a sentence broken across lines
    ("2024年，青岛自贸片区聚焦绿色低碳、海").
    """
    balanced = all(text.count(left) == text.count(right) for left, right in _PAIRS)
    return heading_like(text, max_chars) and balanced and not any(m in text for m in "，、；")
