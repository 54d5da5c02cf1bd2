"""Members of a set asked for by name, and whether a text names them.

"20条航线分别通往哪些港口" asks for the ports by name: "港口新增集装箱航线20条" counts them
and names none. A question that counts the set itself ("4项创新成果分别是什么", "7个工作推进
专班 名称") is answered only by members beyond its own words.

Example:
    asked = members_asked("试点银行都有哪几家", terms=("试点银行",), attribute="试点银行", items=0)
    asked.noun == "试点银行"
    asked.named_in("试点银行：中国银行、工商银行") -> True
    asked.named_in("试点银行共5家") -> False
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from answer.rules.facts import DATE
from ingest.text import fold

# Clauses: the span in which a list belongs to the noun standing in it.
CLAUSE_END = re.compile(r"[，,。；;：:]")
_ITEMS = re.compile(r"[、+＋]")
# A list in a text: items parted by 、 or +, or set out after a colon.
_LISTING = re.compile(r"[、+＋：:]")
# A short name in a text's own words ("“集成查检、分次出区”模式") enumerates no members;
# a long quotation may ("践行“一个主题（现代海洋）、两大特色（…）…”的工作思路").
_NAMED = re.compile(r"“[^”]{1,15}”|《[^》]{1,30}》")
# Two names joined: "《不期而遇的你》和《山海之间有花香》入选…".
_NAMES_JOINED = re.compile(r"[》”](?:和|与|及|、)[《“]")

# A question asking for the members of a set by name: "哪些港口", "哪几家".
_MEMBERS = re.compile(
    r"哪(?:些|几[个家条款种项位所座]?|[两三四五六七八九十\d]+[个家条款种项位所座])"
)
# Nouns for what is done rather than things with names: their members are measures, set
# out clause by clause ("积极推进二手车出口,建立健全…体系,扩大…业务").
MEASURES = frozenset(
    ("支持", "措施", "举措", "政策", "服务", "优惠", "便利", "做法", "帮助", "扶持", "方面")
)
# A count of things: "6大", "两个", "4类".
_CLASSIFIER = "(?:个|项|大|种|类|条|家|位|所|座|款)"
_COUNT = rf"(?:\d+|[一二两三四五六七八九十]+){_CLASSIFIER}"
# A set the question counts and asks to have named: "23家世界500强企业分别是哪些",
# "另外4类是什么", keywords "7个工作推进专班 名称".
_COUNTED = re.compile(
    rf"{_COUNT}"
    r"(?P<noun>[^，,。？?！!\s]{1,12}?)\s*"
    r"(?:(?:分别|都|各|具体)?(?:是|有|叫|包括)(?:什么|哪些|哪几)|的?(?:名称|名单|分别是))"
)
# The rest of a set some of whose members the question names: "除了电力热力源和工业源，另外
# 4类是什么"; the set is the one the question counts before ("6大排放源大类").
_REST = re.compile(
    rf"(?:另外|其余|其他|剩下|剩余)的?(?:[一二两三四五六七八九十几]|\d+)?{_CLASSIFIER}?"
    r"[\u4e00-\u9fa5]{0,8}?(?:分别|都|各|具体)?"
    r"(?:是|有|叫|包括)(?:什么|哪些|哪几)"
)
_EXAMPLES_COUNTED = re.compile(f"等{_COUNT}")
_KNOWN = re.compile(r"除了?([^，,。？?！!]{2,40})(?:以外|之外)?")
_JOINED = re.compile(r"和|与|及|、|以外|之外")
_SET = re.compile(rf"{_COUNT}(?P<noun>[\u4e00-\u9fa5]{{1,8}})")
# An item with words of its own once the question's terms are blanked out; an item that
# counts the set ("7个工作推进专班") stands beside its siblings, not over its members.
_OWN_WORDS = re.compile(r"[^\W\d_]")
_COUNTED_ITEM = re.compile(rf"\W*{_COUNT}")
# Members joined by 和 and then counted: "航运企业集成化审批服务模式和企业登记“智能表单”模式
# 这两项".
_PAIR_COUNTED = re.compile(r"\w(?:和|与|及)\w.*?(?:这|等)[两二三四五六七八九十\d]+[个项家种类条位]")
_COLON = re.compile(r"[：:]\s*\w")


def enumerations(text: str) -> set[int]:
    """Item counts of the enumerations in a text's clauses: "统一规划、统一招商和统一执法" -> {3}."""
    counts = set()
    for clause in CLAUSE_END.split(text):
        separators = len(_ITEMS.findall(clause))
        if separators:
            counts.add(separators + 1 + ("和" in clause or "及" in clause))
    return counts


def enumerates(text: str) -> bool:
    """Whether a text lists items, leaving out those inside a short name of its own
    ("“集成查检、分次出区”模式" names one mode); names joined by 和 are items too."""
    return bool(_LISTING.search(_NAMED.sub("", text)) or _NAMES_JOINED.search(text))


@dataclass(frozen=True)
class MembersAsked:
    """The set whose members a question asks for by name."""

    question: str
    terms: tuple[str, ...]  # the question's terms (answer/rules/asking.py)
    noun: str  # "港口", "试点银行"; "" when no members are asked for
    counted: bool  # the question counts the set itself: "4项…分别是什么", "哪两个"

    def listed_in(self, text: str) -> bool:
        """Whether one clause of a text enumerates the members asked for: "加大对科技创新、
        专精特新…等重点领域民营企业的支持" for "哪些领域"."""
        return bool(self.noun) and any(
            self.noun in clause and enumerates(clause) for clause in CLAUSE_END.split(text)
        )

    def named_in(self, sentence: str) -> bool:
        """Whether a sentence names members of the set: the noun twice ("区直各单位,驻区各单位"),
        or a list in a clause naming the set when the sentence names it (in any clause when
        it does not: the set stands in the question). Measures (支持, 措施 …) are named by any
        clause. For a set the question counts, only members beyond the question's own words
        count (_beyond_question)."""
        if self.noun in MEASURES:  # "有哪些支持" is answered by what is done, clause by clause
            return True
        # a one-character noun stands inside other words ("方" in "平方米"): it owns no clause
        owned = len(self.noun) >= 2 and self.noun in sentence
        if not (owned or self.counted):
            return enumerates(sentence)
        clauses = [c for c in CLAUSE_END.split(sentence) if not owned or self.noun in c]
        if not self.counted:  # the noun twice anywhere: "区直各单位,驻区各单位"
            return self._named_twice(sentence) or any(enumerates(c) for c in clauses)
        return any(self._named_twice(c) or self._beyond_question(c) for c in clauses) or (
            self._listed_after(sentence)
        )

    def _named_twice(self, span: str) -> bool:
        """The noun twice in a span ("…管委 …管委"); for a counted set, in one clause and once
        after words of the clause's own ("青岛片区管委 青岛前湾保税港区管委", not "设立企业,
        其中世界500强企业23家")."""
        noun = self.noun
        named = [m.start() for m in re.finditer(re.escape(noun), span)] if noun else []
        if len(named) < 2:
            return False
        return not self.counted or any(
            span[max(0, at - 2) : at] not in self.question for at in named
        )

    def _beyond_question(self, clause: str) -> bool:
        """Members beyond the question's own words, for a set the question counts: two
        members joined and counted ("A模式和B模式这两项"); members in brackets after the noun
        ("两大特色（…）"); or items parted by 、 or + with words of their own ("4项获国家部委
        推广、认可" names nothing new for "4项创新成果分别是什么"; "+7个工作推进专班+4个保障组"
        lists the set's siblings)."""
        noun = self.noun
        if _PAIR_COUNTED.search(clause) or (noun and re.search(f"{noun}[（(]", clause)):
            return True
        items = _ITEMS.split(_NAMED.sub("", clause))
        if len(items) < 2 or any(_COUNTED_ITEM.match(i) for i in items if noun and noun in i):
            return False
        return sum(bool(_OWN_WORDS.search(self._masked(i))) for i in items) >= 2

    def _listed_after(self, sentence: str) -> bool:
        """A list after a colon that follows the noun ("试点银行：…", not "成果有三个特点：…")."""
        return any(
            self.noun in sentence[max(0, m.start() - 6) : m.start()]
            for m in _COLON.finditer(sentence)
        )

    def _masked(self, text: str) -> str:
        """The text with the question's terms blanked out, and what is no word of a member's
        own: a date, the count closing a list of examples ("…等4个")."""
        text = _EXAMPLES_COUNTED.sub(" ", DATE.sub(" ", fold(text)))
        for term in sorted(map(fold, self.terms), key=len, reverse=True):
            text = text.replace(term, " ")
        return text


def members_asked(
    question: str, terms: tuple[str, ...], attribute: str, items: int
) -> MembersAsked:
    """The set a question asks to have named: the term just after "哪些"/"哪几家" ("分别通往
    哪些港口" -> "港口"), else the noun of a set the question counts ("4项创新成果分别是什么"
    -> "成果"), else the attribute asked about ("试点银行都有哪几家" -> "试点银行")."""
    counted = _COUNTED.search(question)
    own_count = _counted_noun(question, terms, counted)
    ask = _MEMBERS.search(question)
    if not ask:
        noun = own_count
    else:
        after = [
            (at, t) for t in terms if 0 <= (at := question.find(t, ask.end())) <= ask.end() + 1
        ]
        noun = min(after)[1] if after else own_count or attribute
    if rest := _REST.search(question):  # the members beyond those the question names
        terms += _named_before(question[: rest.start()])
        if not noun:  # "…6大排放源大类，…另外4类是什么": the set counted before
            counted = _SET.search(question[: rest.start()])
            noun = _counted_noun(question, terms, counted)
    return MembersAsked(question, terms, noun, bool(items or counted))


def _named_before(question: str) -> tuple[str, ...]:
    """The members a question names as known: "除了电力热力源和工业源" -> ("电力热力源", "工业源")."""
    known = _KNOWN.search(question)
    return tuple(m for m in _JOINED.split(known.group(1)) if m) if known else ()


def _counted_noun(question: str, terms: tuple[str, ...], counted: re.Match[str] | None) -> str:
    """The last term inside a counted set's noun: "7个工作推进专班 名称" -> "专班"."""
    if not counted:
        return ""
    start, end = counted.span("noun")
    inside = [
        (at + len(t), t)
        for t in terms
        if start <= (at := question.find(t, start)) and at + len(t) <= end
    ]
    return max(inside)[1] if inside else ""
