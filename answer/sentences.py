"""Passage text -> sentences and clauses (exact substrings), and the figures, places and
dates inside them.

Example:
    split_sentences("片区设立1亿元资金池；放款146笔。惠及企业70余家")
    -> ["片区设立1亿元资金池；", "放款146笔。", "惠及企业70余家"]
    split_clauses("将原本2—3天的验放时间缩减至半天，原油周转率提升35%")
    -> ["将原本2—3天的验放时间缩减至半天，", "原油周转率提升35%"]
    figures("节省成本2 0 万元，提升30％") -> ["20万元", "30%"]
"""

from __future__ import annotations

import re
import unicodedata

CELL_BAR = (
    "｜"  # ingest writes a table row as "主要指标 一般公共预算收入(亿元) ｜ 2020年完成 28.6 ｜ …"
)
# A sentence ends at 。！？；!?; or a line break; the closing quote after it stays with it.
_SENTENCE = re.compile(r"[^。！？；!?;\n]*(?:[。！？；!?;]+[”’」』)）]*|\n|$)")
_CLAUSE = re.compile(r"[^，,：:。！？；!?;]*(?:[，,：:。！？；!?;]+[”’」』)）]*|$)")

_CN_NUM = "零〇一二两三四五六七八九十百千万亿半"
UNITS = (
    "万平方米|平方米|平方公里|万标准箱|万标箱|标准箱|标箱|亿美元|万美元|美元|亿元|万元|元/吨|元|"
    "万吨|亿吨|吨|万人次|万人|人次|人|万家|家|万个|个|项|条|艘|万箱|箱|笔|部|款|种|位|名|场次|场|"
    "处|届|亩|件|倍|小时|分钟|秒|天|日|周|个月|月|年|%|％|大"
)
# A number (Arabic, possibly with PDF spaces, or Chinese) followed by a unit, or a fraction.
FIGURE = re.compile(
    rf"(?:\d[\d\s.]*(?:\s*[-—–~至到]\s*\d[\d.]*)?\s*(?:多|余|近|超)?\s*(?:{UNITS})"
    rf"|(?<!第)[{_CN_NUM}]{{1,6}}(?:多|余)?(?:{UNITS})"
    rf"|[{_CN_NUM}]+分之[{_CN_NUM}]+|\d+/\d+"
    rf"|\d+(?:\.\d+)?)"
)
ORDINAL = re.compile(rf"第[{_CN_NUM}\d]+")  # a rank: an answer only to 第几 / 排名
DATE = re.compile(
    r"\d{4}\s*年(?:\s*\d{1,2}\s*月)?(?:\s*\d{1,2}\s*日)?|\d{1,2}月\d{1,2}日|\d{4}-\d{4}年?"
)
# A place said to be where something is: "落地崂山区", "在海天大酒店", "示范园(高新区)".
PLACE = re.compile(
    r"(?:在|于|落地|落户|位于|设在|迁至|选址)[\u4e00-\u9fa5()（）A-Za-z]{1,15}"
    r"(?:区|市|省|县|港|园|酒店|中心|基地|街道|路|号|村|社区|窗口|大厅|大厦|内)"
    r"|[(（][\u4e00-\u9fa5]{1,6}区[)）]"
)
_YEAR = re.compile(r"\d{4}(?:年(?:\d{1,2}月)?)?")
# Loose spaces inside Chinese text come from PDF line breaks ("3 0 8 7 万标箱").
_LOOSE_SPACE = re.compile(r"(?<![A-Za-z])\s+(?![A-Za-z])")


def split_sentences(text: str) -> list[str]:
    """Sentences of a passage, each an exact substring, blank ones dropped."""
    return [s for s in _SENTENCE.findall(text) if s.strip()]


def split_clauses(sentence: str) -> list[str]:
    """Comma/colon clauses of a sentence, each an exact substring; "".join(...) == sentence."""
    return [c for c in _CLAUSE.findall(sentence) if c]


def tidy(text: str) -> str:
    """Display form of a quote: loose spaces between Chinese characters and digits removed.

    Example: "集装箱吞吐量3 0 8 7 万标箱，" -> "集装箱吞吐量3087万标箱，"
    """
    return _LOOSE_SPACE.sub("", text).strip()


def fold(text: str) -> str:
    """Matching form: NFKC (full-width to ASCII), lower case, loose spaces removed.

    Example: "３ ０８７万标箱（ＲＣＥＰ）" -> "3087万标箱(rcep)"
    """
    return tidy(unicodedata.normalize("NFKC", text).lower())


def figures(text: str) -> list[str]:
    """Figures of a text in display form; dates ("2024年10月") are not figures."""
    found = []
    for match in FIGURE.finditer(DATE.sub("。", text)):
        value = fold(match.group(0)).rstrip(",")
        if value and not _YEAR.fullmatch(value):
            found.append(value)
    return found


def has_figure(text: str) -> bool:
    return bool(figures(text))


def has_date(text: str) -> bool:
    return bool(DATE.search(text))


def has_place(text: str) -> bool:
    return bool(PLACE.search(text))
