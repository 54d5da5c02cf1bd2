"""The kinds of fact a sentence can hold: figures, places and dates (sentence and clause
splitting is shared with ingest, in ingest/text.py).

Example:
    figures("节省成本2 0 万元，提升30％") -> ["20万元", "30%"]
"""

from __future__ import annotations

import functools
import re

from ingest.text import fold

_CN_NUM = "零〇一二两三四五六七八九十百千万亿半"
UNITS = (
    "个工作日|工作日|万平方米|平方米|平方公里|万标准箱|万标箱|标准箱|标箱|亿美元|万美元|美元|亿元|万元|元/吨|元|"
    "万吨|亿吨|吨|万人次|万人|人次|人|万家|家|万个|个|项|条|艘|万箱|箱|笔|部|款|种|位|名|场次|场|"
    "处|届|亩|件|倍|小时|分钟|秒|天|日|周|个月|月|年|%|％|大"
)
# A number (Arabic, possibly with PDF spaces, or Chinese) followed by a unit, or a fraction.
FIGURE = re.compile(
    rf"(?:\d[\d\s.]*(?:\s*[-—–~至到]\s*\d[\d.]*)?\s*(?:多|余|近|超)?\s*(?:{UNITS})"
    # "一大批", "一大片" say many, not how many
    rf"|(?<!第)(?!一大[批片堆把])[{_CN_NUM}]{{1,6}}(?:多|余)?(?:{UNITS})"
    rf"|[{_CN_NUM}]+分之[{_CN_NUM}]+|\d+/\d+"
    rf"|\d+(?:\.\d+)?)"
)
ORDINAL = re.compile(rf"第[{_CN_NUM}\d]+")  # a rank: an answer only to 第几 / 排名
DATE = re.compile(
    r"\d{4}\s*年(?:\s*\d{1,2}\s*月)?(?:\s*\d{1,2}\s*日)?|\d{1,2}月\d{1,2}日|\d{4}-\d{4}年?"
)
DAY = re.compile(r"\d{1,2}\s*月\s*\d{1,2}\s*[日号]|\d{4}-\d{1,2}-\d{1,2}")
# A place said to be where something is: "落地崂山区", "在海天大酒店", "前置到货站",
# "示范园(高新区)", "在第二条海底隧道出口侧".
PLACE = re.compile(
    r"(?:在|于|落地|落户|位于|设在|迁至|选址|(?:前置|移|转|放|搬|延伸)(?:到|至))"
    r"[\u4e00-\u9fa5()（）A-Za-z、]{1,15}"
    r"(?:区|市|省|县|港|园|酒店|中心|基地|街道|路|号|村|社区|窗口|大厅|大厦|内|站|场|仓|码头|口岸"
    r"|侧|周边|附近|一带|沿线|区域)"
    # a place joined to another: "加强港口与黄岛石化基地联系"
    r"|(?:与|同|跟)[\u4e00-\u9fa5]{2,12}(?:基地|港区|园区|片区|口岸|码头)"
    r"|[(（][\u4e00-\u9fa5]{1,6}区[)）]"
)
_YEAR = re.compile(r"\d{4}(?:年(?:\d{1,2}月)?)?")


def figures(text: str) -> list[str]:
    """Figures of a text in display form; dates ("2024年10月") are not figures."""
    return list(_figures(text))


@functools.lru_cache(maxsize=1 << 15)
def _figures(text: str) -> tuple[str, ...]:
    found = []
    for match in FIGURE.finditer(DATE.sub("。", text)):
        value = fold(match.group(0)).rstrip(",")
        if value and not _YEAR.fullmatch(value):
            found.append(value)
    return tuple(found)


def has_figure(text: str) -> bool:
    return bool(figures(text))


def has_date(text: str) -> bool:
    return bool(DATE.search(text))


def has_day(text: str) -> bool:
    """A month and day ("12月28日", "2021-06-11"), not a year alone."""
    return bool(DAY.search(text))


# The verbs a person's words are reported by ("隋斌介绍，…", "李明表示").
SPEAKS = "介绍|表示|指出|透露|说"
# Who does something: a body ("青岛海关", "山东省商务厅", "百度智能云公司") or a person by
# title ("管委副主任…隋斌", "记者 李媛").
ACTOR = re.compile(
    r"[\u4e00-\u9fa5A-Za-z]{1,20}?(?:公司|集团|银行|保险|证券|海关|局|委员会|管委会?|厅|署|"
    r"办公室|新闻办|中心|研究院|研究所|实验室|大学|学院|协会|商会|联盟|法院|政府|医院|机关|机构|"
    r"(?:商务|财政|交通运输|工业和信息化|自然资源|生态环境|农业农村|科技)部)"
    r"|(?:记者|主任|局长|书记|经理|董事长|院长|总裁|主席)\s*[\u4e00-\u9fa5]{2,3}"
    # a titled person speaking: "…管委副主任，黄岛区政府党组成员隋斌介绍"
    rf"|(?:成员|委员|主任|部长|处长|局长|书记|经理|负责人|专家)[\u4e00-\u9fa5]{{2,3}}(?={SPEAKS})"
)


def actors(text: str) -> list[str]:
    """The bodies and titled persons a text names: "联合青岛海关推出" -> ["联合青岛海关"]."""
    return [m.group(0) for m in ACTOR.finditer(text)]


def actor_ends(text: str) -> list[int]:
    """Where each body or titled person a text names ends: the deed done follows."""
    return [m.end() for m in ACTOR.finditer(text)]


def has_place(text: str) -> bool:
    return bool(PLACE.search(text))
