"""What a question asks for: its key terms, the kind of answer it wants, and the named
areas and years an answer must speak about.

Example:
    read_question(segmenter, "2025年济南片区和烟台片区在生物医药领域各有什么成绩")
    -> Asked(terms=("济南片区", "烟台片区", "生物医药", "领域", "成绩"), wants="list",
             compare=True, entities=("济南片区", "烟台片区", "2025年"), units=())
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from answer.rules.document_facts import (
    asks_about_document,
    asks_location,
    card_fields,
    gives_fields,
)
from answer.rules.facts import (
    ORDINAL,
    actor_ends,
    actors,
    figures,
    has_date,
    has_day,
    has_figure,
    has_place,
)
from answer.rules.focus import QUESTION_WORDS, language_of, without_rough_numbers
from answer.rules.glossary import Glossary
from answer.rules.members import CLAUSE_END, MembersAsked, enumerates, enumerations, members_asked
from answer.rules.terms import NOW, Segmenter, question_terms
from answer.rules.units import Unit, asked_units, missing_unit, names_amount
from ingest.text import CELL_BAR, DOCUMENT_NUMBER, fold, part_paths

# After a question about a document itself (answer/rules/document_facts.py), the kinds of
# answer asked for.
# Order matters: "哪几年" asks for a time and "哪几种" for a list, although "几" alone asks
# for an amount.
_WANTS = (
    (
        "time",
        re.compile(
            r"何时|什么时候|哪[一几]?年|哪天|几月|哪个月|日期|哪一天|时间是"
            r"|(?:开业|开园|开通|成立|举办|召开|启动|上线|播出|投产|建成|揭牌|签约|施行|开工|竣工|完工|投运|交付)的?时间"
        ),
    ),
    (
        "place",
        re.compile(
            r"哪里|哪儿|在哪(?![些个几一种类])|何处|什么地方|地点|位置|落户在|落地在|选址"
            r"|哪个(?:城市|地方|省份|国家(?!级))"
        ),
    ),
    (
        "who",
        re.compile(
            r"是谁|由谁|哪位|谁(?:来|负责|开发|牵头|承办|主办|举办|发起|运营|提供|派出|介绍|批准|审批"
            r"|拿|获|得|赢|夺|写|提出|主持|承担|投资|签)"
            r"|哪家(?:公司|企业|银行|机构|单位|保险|医院|学校)?(?:开发|负责|承保|运营|提供|派出|牵头)"
            r"|哪(?:家|个)(?:公司|企业|银行|机构|单位|部门|保险公司|协会|机关)"
            r"|什么(?:部门|单位|机构|公司|机关)(?:负责|牵头|派出|审批|开发|运营|主办|通过|发布|制定)"
        ),
    ),
    ("list", re.compile(r"哪些|哪[几两三四五]|有什么|都有|包括|些什么")),
    (
        "amount",
        re.compile(
            r"多少|多长|多久|多大|多高|多快|几|(?<!什么)(?<!哪个)(?<!哪项)(?:比例|比重)|占比"
            r"|百分之|增速|增长率|排名|第几|目标值|数值|具体数字|上限|下限"
        ),
    ),
)
# The same kinds asked in English.
_WANTS_EN = (
    ("time", re.compile(r"\bwhen\b|what (?:year|date|month|time)|which year", re.I)),
    ("place", re.compile(r"\bwhere\b|which (?:city|district|province|country)", re.I)),
    (
        "amount",
        re.compile(
            r"how (?:many|much|long|fast|big|large|far)|what (?:percentage|share|proportion|rate)|by how"
            r"|(?:total|the) number of|total number|\bhow many\b",
            re.I,
        ),
    ),
    (
        "who",
        re.compile(
            r"\bwho\b|which (?:company|bank|insurer|insurance company|department|agency"
            r"|organi[sz]ation|institution|firm|university)\b",
            re.I,
        ),
    ),
    (
        "list",
        re.compile(
            r"\bwhich\b|what (?:are|kinds?|types?|measures|support|services)|\blist\b", re.I
        ),
    ),
)
_COMPARE = re.compile(
    r"分别|各是|各有|各占|各多少|对比|相比|比较|变化|前后|一样吗|从多少.*到多少|和.*(?:各|分别)"
    r"|\d{4}年?和\d{4}年"
)
_ASKS = re.compile(r"多少|几|多久|多长|多大|多快")
_AND = re.compile(r"和|与|及|、")
# "五个统一", "哪三段": a list question that says how many items the answer enumerates.
# A total asked ("一共有多少个") and a figure given as one ("总数达到54个", "累计…", "共54个"):
# "新增3个内陆港" beside it is an increment, not the total.
_ASKS_TOTAL = re.compile(
    r"一共|总共|总数|总计|合计|共有|共计|累计|加起来|total number|in total|altogether|in all\b"
    # the count standing now ("现在有多少个内陆港") is the total, not what was added lately
    rf"|(?:{NOW})(?:已经?)?(?:有|达到?|拥有)?了?多少|so far|to date|(?:has|have) now",
    re.IGNORECASE,
)
_GIVES_TOTAL = re.compile(r"(?:一共|总共|总数|总量|总计|合计|共有|共计|累计)\D{0,6}\d|共\d")
_HOW_MANY = re.compile(r"([一二两三四五六七八九十]|\d+)(?:个|项|大|种|类|段|条|家|方面|位)")
_NUMERALS = {ch: n for n, ch in enumerate("一二三四五六七八九十", start=1)} | {"两": 2}
# A day asked for ("几月几号", "哪天") is answered by a month and day, not a year alone.
_ASKS_DAY = re.compile(
    r"几月几[号日]|哪天|哪一天|几号|哪日|具体日期|什么日子"
    r"|(?:exact|which|what) (?:day|date)|on what (?:day|date)",
    re.IGNORECASE,
)
# A span of years asked ("规划期是从哪年到哪年", "起止年份"): one year does not answer it.
_ASKS_SPAN = re.compile(r"哪一?年到哪一?年|哪几年|起止|起讫|from which year to")
_SPAN = re.compile(r"\d{4}\s*年?\s*[-—–~至到]\s*\d{4}")
# Named areas and years: an answer about one area or year must not stand in for another.
_AS_OF = re.compile(r"(?:截至|截止到?)[^，,。；;]*")
_ASKS_AS_OF = re.compile(r"截至|截止|截到|统计到|数据到|到什么时候|到哪天|到几月|as of")
_RANK = re.compile(r"第几|排名|排第|名次|位居")
_AREA = re.compile(r"青岛片区|济南片区|烟台片区|(?<!青岛)(?:济南|烟台)|\b(?:jinan|yantai)\b", re.I)
_YEAR = re.compile(r"(?:19|20)\d{2}年?")
_ALIASES = {"济南": "济南片区", "烟台": "烟台片区", "jinan": "济南片区", "yantai": "烟台片区"}
# Words pointing at where something was read, not at what is asked.
_POINTER_WORDS = frozenset(("报道", "文章", "新闻", "版面", "综述", "篇", "里", "上", "中"))
_LOCATION_WORDS = frozenset(("第", "章", "节", "章节", "哪一章", "哪一节", "部分"))


_ROUGHLY = str.maketrans("多余", "余多")  # "more than" written either way


@dataclass(frozen=True)
class Asked:
    text: str
    terms: tuple[str, ...]
    wants: str  # document | time | place | who | amount | list | what
    compare: bool  # two figures or two named areas/years wanted
    entities: tuple[str, ...]  # areas and years the question names
    units: tuple[Unit, ...] = ()  # the units an amount question asks in (answer/rules/units.py)
    items: int = 0  # how many items a list question says the answer has ("五个统一" -> 5)
    attribute: str = ""  # the term just before the question word: "贷款期限最长是多久" -> "期限"
    fields: tuple[str, ...] = ()  # card labels a document question asks for ("发文字号",)
    # terms a later part borrows from the first to name its subject ("累计放款多少笔" <- 资金池)
    borrowed: tuple[str, ...] = ()
    # terms of what the asker says of themselves ("我们做跨境电商零售进口"): not asked, but a
    # quote on them is on the asker's subject
    background: tuple[str, ...] = ()
    # the corpus words a dictionary glosses the English words by that no glossary phrase
    # covers ("development path" -> 发展, 路径): they help choose a quote, never required of it
    glossed: tuple[str, ...] = ()

    @property
    def own_terms(self) -> tuple[str, ...]:
        """The terms the part itself says: what it asks about beyond the borrowed subject."""
        return tuple(t for t in self.terms if t not in self.borrowed)

    @functools.cached_property
    def _own_figures(self) -> re.Pattern[str] | None:
        """The figures the question states itself, with their unit ("千种", "112项"): they do
        not answer how many ("千种海洋生物测序完成了多少种" is not answered by "千种")."""
        own = {f for f in figures(fold(self.text)) if len(f) >= 2 and not f.isdigit()}
        if not own or _CONFIRMS.search(self.text):  # "是38项还是…": the figure is put to check
            return None
        # "5000多家" as the question says it is the "5000余家" the documents print
        own |= {f.translate(_ROUGHLY) for f in own}
        alternatives = "|".join(map(re.escape, sorted(own, key=len, reverse=True)))
        return re.compile(rf"(?<![\d.]){alternatives}")

    def beyond_own_figures(self, text: str) -> str:
        """The text without the figures the question states itself, when an amount is asked."""
        if self.wants != "amount" or self._own_figures is None:
            return text
        return self._own_figures.sub("", text)

    @functools.cached_property
    def deed(self) -> str:
        """The deed whose doer a who-question asks for: "是谁出来介绍情况的" -> "介绍", "谁发布的"
        -> "发布"; "" when it names none ("负责人是谁")."""
        found = _DEED.search(self.text)
        return found.group(1) if found else ""

    @property
    def unit(self) -> str:
        """Regex of the units asked in ("天|日|元"), or "" when none is named."""
        return "|".join(u.shows for u in self.units)

    @functools.cached_property
    def members_asked(self) -> MembersAsked:
        """The set whose members are asked for by name (answer/rules/members.py); none when
        a time is asked ("管的是哪几年" is answered by "2021-2025年")."""
        if self.wants == "time":
            return MembersAsked(self.text, self.terms, noun="", counted=False)
        return members_asked(self.text, self.terms, self.attribute, self.items)

    @property
    def members(self) -> str:
        """The noun whose members are asked for by name: "分别通往哪些港口" -> "港口",
        "试点银行都有哪几家" -> "试点银行"; "" when no members are asked for."""
        return self.members_asked.noun

    @functools.cached_property
    def places(self) -> tuple[tuple[str, ...], ...]:
        """The places in a document the question names by numbered parts, each a path
        (ingest/text.part_paths): "附表一、附图二" -> (("附表一",), ("附图二",))."""
        return part_paths(self.text)

    @property
    def located(self) -> bool:
        """Asks where in a document something stands ("写在哪一章哪一节"): answered by the
        topic's paragraph, led by its chapter and section."""
        return asks_location(self.text)

    @property
    def asks_day(self) -> bool:
        """Asks for a day ("几月几号", "具体是哪天"): a month or year does not answer it."""
        return bool(_ASKS_DAY.search(self.text))

    @property
    def ranked(self) -> bool:
        """Asks for a rank (第几, 排名): an ordinal answers it."""
        return bool(_RANK.search(self.text))

    def gives_total(self, text: str) -> bool:
        """Whether a text gives the total a question asks for, or the question asks none."""
        return not (self.wants == "amount" and _ASKS_TOTAL.search(self.text)) or bool(
            _GIVES_TOTAL.search(fold(text))
        )

    def cue(self, text: str) -> bool:
        """Whether a text holds the kind of thing asked for (a figure, place, date)."""
        if self.wants == "amount":
            return has_figure(self.beyond_own_figures(text)) or (
                self.ranked and bool(ORDINAL.search(text))
            )
        if self.wants == "place":
            return has_place(text)
        if self.wants == "time":
            if not _ASKS_AS_OF.search(self.text):  # "截至2025年7月末" dates a tally, not an event
                text = _AS_OF.sub("", text)
            if _ASKS_SPAN.search(self.text):
                return bool(_SPAN.search(text))
            return has_day(text) if self.asks_day else has_date(text)
        if self.wants == "who":  # a body or person the question does not already name
            return any(name not in self.text for name in actors(text))
        if self.wants == "document":  # a card line giving a document fact asked for
            return gives_fields(text, self.fields)
        if self.wants == "list":  # a noun twice in a clause names two members ("…管委 …管委")
            noun = self.members
            clauses = CLAUSE_END.split(text) if noun else []
            return enumerates(text) or any(c.count(noun) >= 2 for c in clauses)
        return False

    def missing_unit(self, texts: Sequence[str]) -> str:
        """The name of the first unit asked ("金额", "天数") in which no text holds a figure
        (answer/rules/units.py)."""
        return missing_unit(self.units, [self.beyond_own_figures(t) for t in texts])

    def answers(self, text: str) -> int:
        """How many of the things asked for a text holds: figures in the unit asked for
        (two count for a comparison, in any unit when none is named: "外贸出口和财政收入
        增长多少"), an enumeration of as many items as asked for (counts twice), else 1 when
        cue() holds."""
        if self.wants == "list" and self.items:
            return 2 if self.items in enumerations(text) else int(self.cue(text))
        if self.wants == "who" and self.deed and self.cue(text):
            return 1 + any(self.deed in text[end : end + 4] for end in actor_ends(text))
        if self.wants != "amount" or CELL_BAR in text or not (self.unit or self.compare):
            return int(self.cue(text))  # a table row's units stand in its headers
        held = [f for f in figures(self.beyond_own_figures(text)) if re.search(self.unit or ".", f)]
        return min(len(held), 2 if self.compare else 1)


# The doer asked for and the deed after it: "是谁出来介绍情况的", "哪位领导介绍的", "由谁牵头".
_DEED = re.compile(
    r"(?:谁|哪位(?:领导|负责人|专家|官员|嘉宾)?|哪[家个](?:公司|企业|银行|机构|单位|部门|机关)?)"
    r"(?:来|出来|出面)?([\u4e00-\u9fa5]{2})"
)


# A figure put to the documents to confirm: "是38项还是40项", "38项对吗", "是不是38项".
_CONFIRMS = re.compile(r"\d[^\d，,。？?\s]{0,4}\s*(?:还是|对吗|对不对|没错)|(?:是不是|真的是)\s*\d")


def mentions(entity: str, text: str) -> bool:
    """Whether a (folded) text speaks of an area or year: "济南片区" by "济南", "2024年" by "2024"."""
    return entity.removesuffix("年").removesuffix("片区") in text


def entities(question: str) -> tuple[str, ...]:
    """Areas (济南 -> 济南片区) and years (2020 -> 2020年) named, first-seen order."""
    found = [_ALIASES.get(m.group(0).lower(), m.group(0)) for m in _AREA.finditer(question)]
    dated = DOCUMENT_NUMBER.sub(" ", question)  # a 文号's year names no year asked about
    found += [m.group(0).rstrip("年") + "年" for m in _YEAR.finditer(dated)]
    return tuple(dict.fromkeys(found))


def wants_of(question: str) -> str:
    """The kind of answer a question asks for (Asked.wants)."""
    if asks_location(question):  # "写在哪一章": the topic's paragraph, its headings lead
        return "what"
    question = without_rough_numbers(question)  # "好几千万" asks for no amount
    wants = "document" if asks_about_document(question) else ""
    wants = wants or next((name for name, pattern in _WANTS if pattern.search(question)), "")
    wants = wants or next((n for n, pattern in _WANTS_EN if pattern.search(question)), "what")
    if wants == "what" and names_amount(question):
        wants = "amount"  # keywords naming an amount: "黄河流域跨境电商博览会 参展费"
    return wants


def read_question(segmenter: Segmenter, question: str, glossary: Glossary | None = None) -> Asked:
    """Analyse a cleaned, standalone question once; everything downstream reads the result.
    English and pinyin phrases count by their Chinese terms (answer/rules/glossary.tsv)."""
    located = asks_location(question)
    wants = wants_of(question)
    named = entities(question)
    several = len(_ASKS.findall(without_rough_numbers(question))) >= 2 or (
        wants == "amount" and _AND.search(question)
    )
    compare = bool(_COMPARE.search(question) or several) or len(named) >= 2
    asked_in = asked_units(question) if wants == "amount" else ()
    how_many = _HOW_MANY.search(question) if wants == "list" else None
    items = 0
    if how_many:
        number = how_many.group(1)
        items = int(number) if number.isdigit() else _NUMERALS[number]
    terms = question_terms(segmenter, question)
    if located:  # the words asking where ("第几章", "哪一节") are not the topic
        terms = tuple(t for t in terms if t not in _LOCATION_WORDS)
    if wants != "document":  # "那篇报道里，隋斌是什么身份": the report only says where to look
        terms = tuple(t for t in terms if t not in _POINTER_WORDS) or terms
    terms = _in_chinese(terms, question, glossary)
    fields = card_fields(question) if wants == "document" else ()
    attribute = _attribute(question, terms)
    glossed = (
        glossary.word_terms(question) if glossary and _LATIN_WORD.search(question.lower()) else ()
    )
    glossed = tuple(t for t in glossed if t not in terms)
    return Asked(
        question, terms, wants, compare, named, asked_in, items, attribute, fields, glossed=glossed
    )


def text_terms(
    segmenter: Segmenter, text: str, glossary: Glossary | None = None
) -> tuple[str, ...]:
    """The content terms of any text the asker wrote (their background, their story), English
    and pinyin phrases by their Chinese terms as in read_question."""
    return _in_chinese(question_terms(segmenter, text), text, glossary)


_LATIN_WORD = re.compile(r"[a-z]+")


def _in_chinese(terms: tuple[str, ...], text: str, glossary: Glossary | None) -> tuple[str, ...]:
    """A non-Chinese text's terms: its glossary phrases' Chinese terms, then its own
    non-Latin terms (a Latin word no glossary phrase covers is no term)."""
    if glossary is None or language_of(text) == "zh":
        return terms
    kept = (t for t in terms if not _LATIN_WORD.fullmatch(t))
    return tuple(dict.fromkeys((*glossary.terms(text), *kept)))


_ASK_WORD = re.compile(QUESTION_WORDS)


def has_question_word(text: str) -> bool:
    """Whether a text asks anything itself ("市级的" does not; "有多少" does)."""
    return bool(_ASK_WORD.search(text))


def _attribute(question: str, terms: tuple[str, ...]) -> str:
    """The term standing last before the first question word (the last term when none):
    what exactly is asked about its subject."""
    ask = _ASK_WORD.search(question)
    end = ask.start() if ask else len(question)
    placed = [(question.rfind(t, 0, end), t) for t in terms if question.rfind(t, 0, end) >= 0]
    return max(placed)[1] if placed else ""
