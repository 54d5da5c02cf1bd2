"""The unit an amount question asks in, and whether a text holds a figure in that unit.

A question asks in a unit by its question word ("几天", "多少钱", "多少名") or, typed as
keywords or in English, by the noun it counts ("参展费", "员工", "次数", "booth fee"): an
answer must then hold a figure in that unit. Measure words stand in for each other in a
count (17项举措 answers 多少条措施), but people, firms, tonnes, times and money are
counted apart: "多少名观众" is not answered by "500家企业", nor "一个月开几趟" by "86条".

Example:
    asked_units("参展费多少钱") -> (Unit(name="金额", …),)
    missing_unit(asked_units("黄河流域跨境电商博览会 参展费"), ["…吸引超500家企业参展"]) -> "金额"
    missing_unit(asked_units("几个工作日能办完"), ["…审批时限压缩至3个工作日"]) -> ""
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from answer.rules.facts import figures, has_figure
from ingest.text import CELL_BAR

# Measure words of a count.
COUNTED = "个家项条位处种款部名次人笔艘箱届场所批只大座"
# A fee, rent, price or investment named by its noun: "参展费", "保费", "租金", "总投资"
# ("费用" counts too).
_FEE = (
    r"(?<![经消免])费(?!率)|价格|租金|造价|保费|总投资|投资额|投资规模"
    r"|booth|\bfees?\b|\bprice|\brent\b|\bcost|total investment"
)


# Things counted, apart from people (名, 位, 人: the 人数 unit): "多少种" is not answered by
# "千名人才".
_THINGS = "".join(c for c in COUNTED if c not in "名位人")

_ONE = re.compile(rf"一[{COUNTED}]")
# People counted in English, in 人/名/位 (jobs too: 年新增就业人数5000人)
_PEOPLE_EN = (
    r"people|employees|staff|workers|visitors|jobs|talents|students|residents|experts"
    r"|researchers|participants|attendees|tourists|passengers"
)


@dataclass(frozen=True)
class Unit:
    name: str  # what a refusal says is missing: "金额"
    asks: re.Pattern[str]  # how a question asks in this unit (its question words or its noun)
    shows: str  # regex of the unit an answer's figure carries
    noun: re.Pattern[str] | None  # the noun asking for it without a question word: "参展费"
    words: re.Pattern[str] | None = None  # its question words alone: "多少钱"


def _unit(name: str, asks: str, shows: str, noun: str = "") -> Unit:
    pattern = f"{asks}|{noun}" if noun else asks
    return Unit(
        name,
        re.compile(pattern, re.IGNORECASE),
        shows,
        re.compile(noun, re.IGNORECASE) if noun else None,
        re.compile(asks, re.IGNORECASE),
    )


# Things counted by any counter; a count asked by its own counter ("几家", "多少项") goes by it.
ANY_COUNT = _unit(
    "数量",
    rf"(?<!第)(?:几|多少)[{_THINGS}]|how many (?!days|years|months|hours|minutes|times|tons"
    rf"|tonnes|square|kilomet|percent|yuan|dollars|hectares|mu\b|(?:new )?(?:{_PEOPLE_EN}))",
    rf"[{_THINGS}]",
    noun="数量|个数",
)

UNITS = (
    _unit("天数", r"几天|多少天|几个?工作日|多少个?工作日|how many days", r"天|日", noun="天数"),
    _unit(
        "时长",
        r"多长时间|多久|几个小时|多少小时|多少时间|多快|时长|how long",
        r"天|日|小时|分钟|秒|月|周|年",
    ),
    # a span of years ("最长能贷几年") is not given by minutes or days ("压缩至15分钟")
    _unit("年限", r"(?<![近这前哪])几年|多少年(?!前)|how many years", r"年|个?月"),
    # money: asked outright, as "how much" of something paid (补贴多少, 注册资本多少), or
    # by the fee's own noun
    _unit(
        "金额",
        r"多少钱|多少资金|多少费用|多少成本|(?<!全)省多少(?![人时天小])|多少(?:[万亿]|万亿)?(?:美)?元|金额"
        r"|(?:补贴|补助|奖励|奖金|资本|报名费|租金|收费|费用|价格|投资额|贷款|融资)"
        rf"(?:是|有|为|要|能|可以|大概|一共|共|约)?多少(?![{COUNTED}])"
        rf"|多少(?:补贴|补助|奖励|奖金|钱|费)|how much (?:does|do|is|money|funding|subsid)",
        r"元",
        noun=_FEE,
    ),
    _unit(
        "比例",
        # "提高什么比例" asks which ratio, not how much
        r"占比|(?<!什么)(?<!哪个)(?<!哪项)(?:比例|比重)|份额|增速|增长率|百分之|股份|股比"
        r"|提高多少|提升多少|下降多少|降低多少|占全[省市国][^，,。？?\d]{0,4}?多少"
        r"|percentage|what share",
        r"%|％|分之|成|倍",
    ),
    # people, firms, times and tonnes are counted apart ("多少人工" asks for labour, not heads)
    _unit(
        "人数",
        r"(?<!第)(?:几|多少)(?:万)?[名人位](?![置工力])|(?:几|多少)[^，,。？?\d]{0,4}?(?:员工|职工|人才|人员)"
        rf"|how many (?:new )?(?:{_PEOPLE_EN})",
        r"[名人位]",
        noun="人数",
    ),
    _unit(
        "家数",
        r"(?<!第)(?:几|多少)[家所]|(?:企业|公司|银行|机构)(?:数量|数|个数)"
        r"|how many (?:companies|firms|enterprises|banks|exhibitors)",
        r"[家所个]",
    ),
    # results, measures, tasks are counted in 项 ("多少项成果"), or in 个 that counts anything:
    # "30余家企业" is no such count
    _unit("数量", r"(?<!第)(?:几|多少)项", r"[项个]"),
    _unit(
        "次数",
        r"(?<!第)(?:几|多少)(?:趟|班|次)|how often|how many times",
        r"趟|班|次|列",
        noun="次数|频次|班次|列数|开行量",
    ),
    ANY_COUNT,
    _unit("吨数", r"(?:几|多少)(?:万|亿)?吨|tonnes|tons", r"(?<!/)吨"),
    _unit("箱量", r"(?:几|多少)(?:万|亿)?标准?箱|how many teu", r"标准?箱|TEU"),
    # a price per unit: "每平方米多少钱" is answered by "…元/平方米", not by a total in 元
    _unit(
        "单价",
        r"每(?:平方米|平米|亩|吨|标箱|箱)[^，,。？?\d]{0,4}?(?:多少钱|价格|租金)|per square met",
        r"元/",
    ),
    _unit("面积", r"多少平方|占地|多少亩|square met", r"平方米|平方公里|亩|公顷", noun="面积"),
)


_COUNTS = frozenset(("数量", "家数", "人数", "次数"))  # units a count's noun asks in


def asked_units(question: str) -> tuple[Unit, ...]:
    """Every unit the question asks in: "缩短多少天、一年省多少钱" -> (天数, 金额). A share
    asked of a count ("数量占全省多少") is a ratio, not a count."""
    units = [unit for unit in UNITS if unit.asks.search(question)]
    if any(unit.name in _COUNTS and unit is not ANY_COUNT for unit in units):
        units = [unit for unit in units if unit is not ANY_COUNT]
    if any(unit.name == "比例" for unit in units):
        units = [
            u for u in units if u.name not in _COUNTS or u.words is None or u.words.search(question)
        ]
    return tuple(units)


def names_amount(question: str) -> bool:
    """Whether the question names an amount by its noun, without a question word:
    "参展费", "试点企业数量"."""
    return any(u.noun is not None and u.noun.search(question) for u in UNITS)


def missing_unit(asked: Sequence[Unit], texts: Sequence[str]) -> str:
    """The name of the first unit asked ("金额", "天数") in which no text holds a figure:
    "几个工作日能办完" is not answered by "时限提速80%". A table row counts by the units
    its headers name ("进出口总额(亿元)")."""
    return next((u.name for u in asked if not any(holds(u.shows, t) for t in texts)), "")


def holds(unit: str, text: str) -> bool:
    """Whether a text holds a figure in a unit (a table row: names it and holds a figure)."""
    if CELL_BAR in text:
        return bool(re.search(unit, text)) and has_figure(text)
    # "一条完整的生态链", "一个平台": one of a kind, not a count anyone asks for
    return any(re.search(unit, f) for f in figures(text) if not _ONE.fullmatch(f))
