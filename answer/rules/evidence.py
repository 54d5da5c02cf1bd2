"""The evidence the chosen quotes give on what is asked, measured (answer/decide.py turns
it into answer-or-refuse): how much of the question the quotes hold, whether they give
the detail asked for (an address, a rate …: answer/rules/details.py), whether the
question is about another region, whether a named year or area goes unspoken, and
whether only a plan target stands where an achieved figure was asked.

Example:
    weigh(asked("青岛片区企业所得税税率是多少"), quotes, stats, dense=0.86)
    -> Evidence(coverage=0.62, missing_detail="税率或利率", …)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from answer.rules.asking import Asked, mentions
from answer.rules.dating import ASKS_ACTUAL, reports_result
from answer.rules.details import DETAIL_ON_TOPIC, missing_detail
from answer.rules.document_facts import (
    ISSUER_FIELDS,
    TITLE_NAMED,
    card_lines,
    card_titled_as,
    field_words,
    gives_fields,
    names_issuer,
)
from answer.rules.extractive import Quote
from answer.rules.facts import DATE, FIGURE, has_day, has_figure
from answer.rules.focus import language_of
from answer.rules.terms import WEAK_TERMS, TermStats
from ingest.cards import card_title
from ingest.model import Chunk
from ingest.text import CELL_BAR, fold, names_parts, split_sentences, unquoted

_DATE_FIELDS = frozenset(("成文日期", "发布日期", "发布时间", "刊于"))
_NAMED_YEAR = re.compile(r"(?:19|20)\d{2}\s*年")  # a year a quote dates its figures by
# Regions outside the Shandong pilot zone that users ask about.
OTHER_REGIONS = re.compile(
    r"上海|临港|海南|深圳|前海|广东|广州|南沙|横琴|珠海|天津|福建|厦门|浙江|杭州|宁波|舟山|江苏|苏州"
    r"|北京|河北|雄安|辽宁|大连|重庆|四川|成都|湖北|武汉|湖南|长沙|河南|郑州|陕西|西安|安徽|合肥"
    r"|广西|云南|黑龙江|新疆|香港|澳门|台湾"
    r"|shanghai|lingang|hainan|shenzhen|qianhai|guangdong|tianjin|fujian|zhejiang|beijing|hong kong",
    re.IGNORECASE,
)


# Quotes holding less of the question's weighted terms than this do not answer it (the
# default of answer/decide.Thresholds, swept by `python -m eval.tune --sweep`).
COVERAGE_FLOOR = 0.3


@dataclass(frozen=True)
class Evidence:
    coverage: float  # weighted share of the question's terms held by the quotes
    dense: float  # best dense cosine between the question and the passages answered from
    missing_cue: bool  # a figure, place, date or body was asked for and no quote holds one
    missing_unit: str  # an amount asked in a unit (元, 天, %) no quote holds a figure in: "金额"
    missing_detail: str  # a detail asked for that the quotes do not give, or ""
    other_region: str  # a region outside the zone named by the question, absent from the quotes
    target_only: bool  # an achieved figure asked, only plan targets found
    # areas/years named by the question, or the part asked after "其中" ("国外"), absent from
    # the quotes
    missing_entities: tuple[str, ...]
    uncovered: tuple[str, ...]  # question terms no quote holds, most specific first
    uncovered_weight: float = 0.0  # weight (idf) of the rarest term no quote holds
    quoted_coverage: float = 0.0  # share of the question's terms the quotes hold on their own
    attribute_missing: bool = False  # the quotes never name what is asked about ("期限")
    # how specific in the language at large the most specific term no quote holds is:
    # "注册资本" is a missing topic, "以后" or "放到" only the asker's phrasing
    uncovered_specific: float = 0.0
    # the noun whose members are asked for by name when the quotes only count them: "港口"
    missing_members: str = ""
    # an English question whose topic no glossary or dictionary word names (_topic_untranslated)
    topic_untranslated: bool = False

    @property
    def lacks_detail(self) -> bool:
        """A detail, a document fact or the members asked for is not given."""
        return bool(self.missing_detail or self.missing_members)


def _missing_field(asked: Asked, quotes: Sequence[Quote]) -> str:
    """The document fact asked for ("发文字号") when no quoted card gives it: a news report
    has no 文号, and the plan's card names no reporter. A day asked ("具体是哪天发的") is not
    given by a month ("刊于 … 2024-12")."""
    if not asked.fields:
        return ""
    if "文件名称" in asked.fields and any(q.chunk.kind != "document" for q in quotes):
        return ""  # the title of a quoted passage's article leads the answer (compose._lead)
    # an article's card holds its lead, which may say so too
    passages = [fold(q.text) for q in quotes]
    if set(asked.fields) <= ISSUER_FIELDS and names_issuer(asked.terms, passages):
        return ""  # a document the corpus only mentions: its passage says who issued it
    # a fact of a document the question names by its title (《…总体方案》的文号) is given by
    # that document's card only, not by the card of the plan that cites it
    named = TITLE_NAMED.findall(asked.text)
    cards = [
        q.chunk.text
        for q in quotes
        if q.chunk.kind == "document" and (not named or card_titled_as(q.chunk, named))
    ]
    given = [card_lines(c, asked.fields) for c in cards if gives_fields(c, asked.fields)]
    if asked.asks_day and _DATE_FIELDS & set(asked.fields):
        given = [lines for lines in given if has_day(lines)]
    return "" if given else asked.fields[0]


def _card_given(asked: Asked, quotes: Sequence[Quote]) -> bool:
    """Whether a quoted card line gives the document fact asked."""
    return bool(asked.fields) and any(
        q.chunk.kind == "document" and gives_fields(q.text, asked.fields) for q in quotes
    )


def _missing_members(asked: Asked, quotes: Sequence[Quote]) -> str:
    """The noun ("港口") when the question asks for members by name and no quote sentence on
    the question enumerates any: "20条航线分别通往哪些港口" is not answered by
    "港口新增集装箱航线20条" (MembersAsked.named_in). A table row
    is one, and a document card lists its own facts."""
    noun = asked.members
    if not noun or asked.wants == "document" or any(q.chunk.kind == "document" for q in quotes):
        return ""
    if any(CELL_BAR in q.text for q in quotes):
        return ""  # a table row is one member
    for quote in quotes:
        for sentence in split_sentences(fold(quote.text)):
            on_question = noun in sentence or sum(t in sentence for t in asked.terms) >= 2
            if on_question and asked.members_asked.named_in(sentence):
                return ""
    return noun


def _missing_part(asked: Asked, quotes: Sequence[Quote]) -> str:
    """The numbered parts a question names ("第八章第四节", "附表一、附图二") of each place no
    quote stands in or lists: a chapter of three sections has no 第四节, and a plan with 附图二
    no 附图三."""
    missing = [p for p in asked.places if not any(names_parts(q.where, p) for q in quotes)]
    return "".join(part for path in missing for part in path)


def _other_region(question: str, quoted: str) -> str:
    return next(
        (m.group(0) for m in OTHER_REGIONS.finditer(question) if m.group(0).lower() not in quoted),
        "",
    )


def _missing_entities(
    named: Sequence[str], quotes: Sequence[Quote], figure_asked: Asked | None = None
) -> tuple[str, ...]:
    """Named years the quotes (with their titles and headings) never mention, or all named
    areas when none is mentioned ("跟济南、烟台比，青岛片区…" is answered about 青岛).

    A quote that dates its own figures speaks of those years only: the row "2020年完成1108，
    2025年目标2200" does not answer for 2035, although the plan's title names 2035. When a
    figure is asked, a quote whose figures are dated by other years does not speak of the
    year either: "2024年，…备案重点网络微短剧54部，…已远超2023年数量" gives no 2023 figure.
    An area's figure must stand in a passage on the area: "济南片区外贸出口增长多少" is not
    answered by 青岛's "外贸出口同比增长16%" beside a passage on 济南 that gives none.
    `figure_asked`: the question, when it asks for a figure."""
    years = [e for e in named if e.endswith("年")]
    areas = [e for e in named if not e.endswith("年")]
    around = " ".join(_surroundings(q) for q in quotes)
    missing = [
        e
        for e in years
        if not any(
            _speaks_of_year(e, q, figure_asked)
            and not (figure_asked and _figures_of_other_years(e, q.text))
            for q in quotes
        )
    ]
    if figure_asked:  # the area's figure: a quote giving one must speak of the area
        figured = [q for q in quotes if figure_asked.answers(q.text) > 0]
        around = " ".join(_surroundings(q) for q in figured) if figured else around
    if areas and not any(mentions(e, around) for e in areas):
        missing += areas
    return tuple(missing)


def _figures_of_other_years(year: str, text: str) -> bool:
    """Whether every figure of the text that a year dates (the last year named before it in
    its sentence) is dated by another year than the one asked. A table row's empty cell for
    the year ("2020年完成-") gives the year's value: none."""
    if any(mentions(year, cell) for cell in _EMPTY_CELL.findall(fold(text))):
        return False
    dated = []
    for sentence in split_sentences(fold(text)):
        masked = DATE.sub(lambda m: "年" * len(m.group(0)), sentence)  # keeps positions
        named = [(m.start(), m.group(0)) for m in _NAMED_YEAR.finditer(sentence)]
        for figure in FIGURE.finditer(masked):
            before = [y for at, y in named if at < figure.start()]
            if before and figure.group(0).strip("年"):
                dated.append(mentions(year, before[-1]))
    return bool(dated) and not any(dated)


# A year's cell of a flattened table row left empty: "2020年完成-".
_EMPTY_CELL = re.compile(r"((?:19|20)\d{2})年?(?:完成|目标|预计)?\s*[-—–－](?!\d)")
# A plan's review of where it starts from ("第一节 发展基础"): it speaks of the base year, the
# one before the plan's own ("2020年" in a plan of 2021).
_BASE_SECTION = re.compile(r"发展基础|发展回顾|主要成就|取得的成就")


# The end of a five-year plan's period names its last year: "力争“十四五”末…突破300亿元".
_PERIOD_ENDS = {"十四五末": "2025", "十四五期末": "2025", "十三五末": "2020", "十三五期末": "2020"}


def _speaks_of_year(year: str, quote: Quote, figure_asked: Asked | None = None) -> bool:
    """The quote names the year, or names none and its title, headings, the sentences
    before it or its document's date do ("2024年6月那篇报道说…" of a report of 2024-06);
    a plan's review of its starting point speaks of its base year, in the figures it gives
    (of the unit asked, when a figure is asked)."""
    own = fold(quote.text)
    if mentions(year, own) or any(
        end in unquoted(own) and mentions(year, last) for end, last in _PERIOD_ENDS.items()
    ):
        return True
    chunk = quote.chunk
    if (
        chunk.doc_kind == "plan"
        and _BASE_SECTION.search(chunk.section)
        and chunk.date[:4].isdigit()
    ):
        base = str(int(chunk.date[:4]) - 1)
        gives = figure_asked is None or figure_asked.answers(quote.text) > 0
        if mentions(year, base) and not _NAMED_YEAR.search(own) and gives:
            return True
    dated = f"{_surroundings(quote)} {quote.chunk.date[:4]}"
    return not _NAMED_YEAR.search(own) and mentions(year, dated)


def _on_topic(quotes: Sequence[Quote]) -> list[Quote]:
    """The quotes about what is asked: those holding DETAIL_ON_TOPIC of the question, and
    the one holding most of it."""
    best = max(quotes, key=lambda q: q.coverage, default=None)
    return [q for q in quotes if q.coverage >= DETAIL_ON_TOPIC or q is best]


def _of_topic_sources(quotes: Sequence[Quote]) -> list[Quote]:
    """The quotes standing in the same source (article or document) as a quote about what
    is asked: "6月26日…发布会" dates the report the question names, not another article."""
    sources = {_source(q.chunk) for q in _on_topic(quotes)}
    return [q for q in quotes if _source(q.chunk) in sources]


def _source(chunk: Chunk) -> tuple[str, str]:
    """The article (on a page of several) or document a chunk stands in; a card its own."""
    if chunk.kind == "document":
        return chunk.doc_id, card_title(chunk)
    return chunk.doc_id, dict(chunk.extra).get("article") or chunk.doc_title


# "其中国外的有多少家": the part of a whole a figure is asked for; the whole's figure does
# not answer it.
_SUBSET = re.compile(r"其中(?P<part>[^，,。？?]{1,12}?)(?:的|有|占|是|多少|几)")


def _missing_subset(asked: Asked, quotes: Sequence[Quote]) -> tuple[str, ...]:
    """The terms naming the part asked after "其中" ("国外") when no quote holding a figure
    names all of them: another quote's "海外" does not answer for the part of its "430余家",
    nor "外贸进出口" with "货物吞吐量7.1亿吨" for "其中外贸货物吞吐量"."""
    found = _SUBSET.search(asked.text)
    part = [t for t in asked.terms if found and t in found.group("part")]
    figured = [fold(f"{q.context} {q.text}") for q in quotes if has_figure(q.text)]
    if any(all(t in text for t in part) for text in figured):
        return ()  # one figure's passage names the whole part: "外贸货物吞吐量", not 外贸 apart
    return tuple(t for t in part if not all(t in text for text in figured)) or tuple(part)


def _surroundings(quote: Quote) -> str:
    """Where a quote stands: its title and headings, and the sentences before it (folded)."""
    return f"{quote.where} {fold(quote.context)}"


def _results(quotes: Sequence[Quote]) -> list[str]:
    """The quotes' sentences stating achieved results, not targets."""
    return [s for q in quotes for s in split_sentences(q.text) if reports_result(s, q.chunk)]


def _targets_only(asked: Asked, quotes: Sequence[Quote]) -> bool:
    """Whether the quotes on the year asked about (all quotes when none is named) give only
    plan targets: "2025年全年进出口总额" is not answered by "2025年目标 2200"."""
    years = [e.removesuffix("年") for e in asked.entities if e.endswith("年")]
    on_year = [q for q in quotes if not years or any(y in q.where for y in years)]
    year = years[0] if years else ""
    return bool(on_year) and not any(reports_result(q.text, q.chunk, year) for q in on_year)


# How specific in the language at large (TermStats.specificity) a word a part says itself must
# be to name a topic of its own: "码头工人", "平均工资" (16.5) do, "实际" (8.5), "弄" (9.3) do not.
OWN_TOPIC_SPECIFICITY = 9.5


def _own_coverage(asked: Asked, quotes: Sequence[Quote], stats: TermStats) -> float:
    """How much of what a part says itself its quotes (where they stand included) hold, when
    it borrowed its subject from the first part; 1.0 otherwise. The borrowed subject is
    found wherever the first part was answered, so "码头工人平均工资多少" after
    "青岛港集装箱航线有多少条" must find 码头工人 or 平均工资 itself. A document fact asked
    ("哪家媒体的") is given by a card's label, not by the question's words."""
    # everyday words of the asker's phrasing ("实际…弄了多少人") name no topic of their own
    own = [t for t in asked.own_terms if stats.specificity(t) >= OWN_TOPIC_SPECIFICITY]
    if not (asked.borrowed and own) or asked.wants == "document":
        return 1.0
    around = " ".join(f"{_surroundings(q)} {q.text}" for q in quotes)
    return stats.coverage(own, around)


def _topic_untranslated(asked: Asked) -> bool:
    """An English or mixed question of which the glossary and the dictionary turn nothing
    into a topic the documents could speak of: "What is the local minimum monthly wage in
    the Qingdao Area?" reads as 青岛片区 alone. What it asks stands in the words left
    untranslated, which no quote holds, however much of "青岛片区" the quotes hold."""
    if language_of(asked.text) == "zh":
        return False
    return not any(len(t) > 1 and t not in WEAK_TERMS and not t.isascii() for t in asked.terms)


def weigh(
    asked: Asked,
    quotes: Sequence[Quote],
    stats: TermStats,
    dense: float,
) -> Evidence:
    """Measure how well the chosen quotes answer the question (no quotes: nothing held)."""
    quoted = fold(" ".join(q.text for q in quotes))
    # The question's subject may be named just before a quote ("该模式…", see
    # Quote.coverage); details and figures must stand in the quotes themselves.
    read = fold(" ".join(f"{q.context} {q.text}" for q in quotes))
    in_context = max((q.coverage for q in quotes), default=0.0)
    # the question read with the asker's own subject, when the quotes are on it too
    on_subject = stats.coverage(asked.terms + asked.background, read) if asked.background else 0.0
    uncovered = [t for t in asked.terms if t not in stats.matched(asked.terms, read)]
    quoted_coverage = stats.coverage(asked.terms, quoted)
    card_given = _card_given(asked, quotes)
    if card_given:  # what the card's label names, the question's words for it need not
        labelled = field_words(asked.text, asked.terms)
        rest = [t for t in asked.terms if t not in labelled]
        quoted_coverage = stats.coverage(rest, quoted) if rest else 1.0
        uncovered = [t for t in uncovered if t in rest]
    attribute = asked.attribute
    # an achieved figure or date asked ("现在有多少员工"), not "已经谁同意了"
    actual = asked.wants in ("amount", "time") and bool(ASKS_ACTUAL.search(asked.text))
    untranslated = _topic_untranslated(asked)
    return Evidence(
        attribute_missing=bool(attribute) and not stats.matches([attribute], quoted)[0],
        uncovered_weight=max((stats.weight(t) for t in uncovered), default=0.0),
        uncovered_specific=max((stats.specificity(t) for t in uncovered), default=0.0),
        quoted_coverage=quoted_coverage,
        topic_untranslated=untranslated,
        coverage=0.0
        if untranslated
        else min(max(quoted_coverage, in_context, on_subject), _own_coverage(asked, quotes, stats)),
        dense=dense,
        # a place or body must stand in a quote on what is asked, a day asked in the source
        # of one (another article's city, laboratory or press conference does not do)
        missing_cue=(asked.wants in ("amount", "time", "place", "who") and not asked.cue(quoted))
        or (
            asked.wants in ("place", "who")
            and not any(asked.cue(fold(q.text)) for q in _on_topic(quotes))
        )
        or (asked.asks_day and not any(asked.cue(fold(q.text)) for q in _of_topic_sources(quotes))),
        # an achieved figure asked ("现在有多少员工") is not given by a plan target's
        missing_unit=asked.missing_unit(_results(quotes) if actual else [q.text for q in quotes])
        if quotes
        else "",
        # a year or area may stand in the title, the headings or the sentences before a quote
        missing_entities=_missing_entities(
            asked.entities, quotes, asked if asked.wants == "amount" else None
        )
        + _missing_subset(asked, quotes),
        missing_detail=missing_detail(asked.text, quotes)
        or _missing_field(asked, quotes)
        or _missing_part(asked, quotes),
        missing_members=_missing_members(asked, quotes),
        other_region=_other_region(asked.text, quoted),
        target_only=actual and _targets_only(asked, quotes),
        # named in a refusal: the most specific words first ("注册资本" before "以后")
        uncovered=tuple(
            sorted(uncovered, key=lambda t: (stats.specificity(t), stats.weight(t)), reverse=True)
        ),
    )
