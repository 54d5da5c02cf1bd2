"""Clean raw text line by line: odd whitespace, spaced-out figures, stray spaces in Chinese.

Example:
    normalize_line("集装箱吞吐量3 0 8 7 万标箱，增长9 . 1 % ， 海 洋经济")
    -> "集装箱吞吐量3087万标箱，增长9.1%，海洋经济"
    normalize_lines("\u00a0\u00a0第一节\u00a0 发展基础\n\u00a0\n正文。") -> [" 第一节 发展基础", "", "正文。"]

Stored text is not NFKC-normalised: "，" and "," stay as the source wrote them.
"""

from __future__ import annotations

import re
from collections.abc import Callable

IDEOGRAPHS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_PUNCTUATION = "，。、；：？！“”‘’（）《》〈〉【】「」『』—…～"

_SPACES = re.compile(r"[ \t\xa0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff]")
_SPACED_DECIMAL_POINT = re.compile(r"(?<=\d)(?: ([.．]) ?| ?([.．]) )(?=\d)")
_DIGIT_SPACE_DIGIT = re.compile(r"(?<=\d) (?=\d)")
_DIGIT_SPACE_UNIT = re.compile(rf"(?<=\d) (?=[{IDEOGRAPHS}%％‰])|(?<=[{IDEOGRAPHS}]) (?=\d)")
_SPACE_AT_PUNCTUATION = re.compile(rf" (?=[{CJK_PUNCTUATION}])|(?<=[{CJK_PUNCTUATION}]) ")
_IDEOGRAPH_SPACE_IDEOGRAPH = re.compile(rf"(?<=[{IDEOGRAPHS}]) (?=[{IDEOGRAPHS}])")
_IS_DIGIT = re.compile(r"\d").fullmatch
_IN_WORD = re.compile(
    rf"[{IDEOGRAPHS}“”‘’《》（）【】「」『』]"
).fullmatch  # quotes bind: 向“实”发力


def normalize_lines(text: str) -> list[str]:
    """Split into cleaned lines; blank lines stay "" and an indented line keeps one leading space.

    The indent survives because in PDF text it is often the only sign of a new paragraph.
    """
    lines = []
    for raw in text.splitlines():
        line = normalize_line(raw)
        indented = bool(line) and raw[:1].isspace()
        lines.append(f" {line}" if indented else line)
    return lines


def normalize_line(line: str) -> str:
    """Whitespace, spaced figures and stray spaces between Chinese characters, in that order."""
    line = _SPACES.sub(" ", _INVISIBLE.sub("", line)).strip()
    return drop_spaces_in_chinese(repair_spaced_numbers(line))


def repair_spaced_numbers(line: str) -> str:
    """ "244 . 8 1亿元" -> "244.81亿元", "3 0 8 7 万标箱" -> "3087万标箱", "2 亿美元" -> "2亿美元".

    Only a lone digit is letter-spacing: "2020 2025" stays two numbers and
    "本报青岛讯 2024年" keeps its space.
    """
    line = _SPACED_DECIMAL_POINT.sub(lambda m: m.group(1) or m.group(2), line)
    line = _DIGIT_SPACE_UNIT.sub(_join_if_lone(_IS_DIGIT, either_side=True), line)
    return _DIGIT_SPACE_DIGIT.sub(_join_if_lone(_IS_DIGIT), line)


def drop_spaces_in_chinese(line: str) -> str:
    """ "9.1% ， 海 洋经济" -> "9.1%，海洋经济", but "抢抓新风口 强化政策引导" keeps its space.

    A space next to Chinese punctuation is layout; between two ideographs it is layout only
    when one side is a single character (a PDF letter-spacing artefact, "目 录", "海 洋"),
    quotes counting as part of a word ("向“新”而行 向“实”发力" keeps its space).
    """
    line = _SPACE_AT_PUNCTUATION.sub("", line)
    return _IDEOGRAPH_SPACE_IDEOGRAPH.sub(_join_if_lone(_IN_WORD), line)


def _join_if_lone(
    is_member: Callable[[str], object], *, either_side: bool = False
) -> Callable[[re.Match[str]], str]:
    """A replacement that removes the matched space when a neighbouring run is one long.

    With either_side, only the side made of members counts (a digit next to "万").
    """

    def replace(match: re.Match[str]) -> str:
        text, at = match.string, match.start()
        runs = [_run_length(text, at - 1, -1, is_member), _run_length(text, at + 1, 1, is_member)]
        if either_side:
            runs = [run for run in runs if run]
        return "" if min(runs) == 1 else " "

    return replace


def _run_length(text: str, start: int, step: int, is_member: Callable[[str], object]) -> int:
    length, at = 0, start
    while 0 <= at < len(text) and is_member(text[at]):
        length, at = length + 1, at + step
    return length
