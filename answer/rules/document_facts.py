"""Questions about a document itself: which document says something, or one of its facts
(文号, issuer, dates, validity, reporter, editor, subtitle, page, chapters), and the lines
of a document card (ingest/cards.py) that give them.

Example:
    asks_about_document("十四五规划的文号是什么") -> True
    card_fields("文号和发布日期") -> ("发文字号", "发布日期", "发布时间", "刊于")
    card_lines("文件名称 《…》\n发文单位 …\n发文字号 青自贸管发〔2021〕34号", ("发文字号",))
    -> "文件名称 《…》\n发文字号 青自贸管发〔2021〕34号"
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.cards import BAR_LABEL, SHORT_TITLE_LABEL, naming_line_count
from ingest.model import Chunk
from ingest.text import fold


@dataclass(frozen=True)
class CardField:
    """A document fact a question can ask for: the labels of the card lines giving it (see
    ingest/cards.py; a byline starts with 记者 or 通讯员), the phrases that make a question
    one about this fact of a document, and the broader ones naming the fact once it is
    ("有效" alone would make "有效检验" a question about a document)."""

    labels: tuple[str, ...]
    marks: str
    asks: str = ""  # the marks when empty

    @functools.cached_property
    def asked(self) -> re.Pattern[str]:
        return re.compile(self.asks or self.marks, re.I)


_NUMBER = r"[一二三四五六七八九十\d]+"
CARD_FIELDS = (
    CardField(("发文字号",), r"文号|发文字号|document number", r"文号|字号|document number"),
    CardField(("索引号",), r"索引号"),
    CardField(
        ("发文单位",),
        r"发文单位|发布机构|哪个(?:单位|部门|机关|机构)(?:发|印发|出)|谁(?:发布|印发)的"
        r"|who (?:issued|published)",
        r"发文单位|发文机关|发布机构|哪个(?:单位|部门|机关)|谁(?:发布|印发|发)|issue|publish",
    ),
    CardField(("成文日期",), r"成文日期|(?:什么时候|何时|哪天|哪年)成文|成文(?:时间|于)", r"成文"),
    CardField(
        ("发布日期", "发布时间", "刊于"),
        r"(?:什么时候|哪天|何时|哪年)(?:发布|印发|发的|写的|刊登|登的)|发布(?:日期|时间)",
        r"发布(?:日期|时间)|(?:什么时候|哪天|何时|哪年|哪一天)(?:发布|印发|发的|写的|刊登|登的|出的)"
        r"|publish",
    ),
    # whether a document is in force is on its card; the day it ends is on none ("有效性 有效"
    # does not say "什么时候废止")
    CardField(
        ("有效性",),
        r"有效性|还有效|是否有效|(?:失效|废止)了(?:吗|没)|still valid",
        # "什么时候废止/失效" asks when, for both words
        r"有效|(?<!什么时候)(?<!何时)(?<!哪天)(?<![/／、或])(?:失效|废止)(?![日时])|valid",
    ),
    CardField(
        ("废止日期",),
        r"(?:什么时候|何时|哪天)(?:失效|废止)|(?:失效|废止)(?:日期|时间)|有效期(?:至|到)"
        r"|expir(?:y|ation) date|when (?:does|will) (?:it|the plan) expire",
    ),
    CardField(("主题分类",), r"主题分类", r"主题分类|哪个分类|什么分类"),
    CardField(
        ("作者", "记者"),
        r"谁(?:写|报道)的|哪[个位]记者|记者是谁|作者|who wrote",
        r"记者|作者|谁写|谁报道|reporter|author|wrote",
    ),
    # a reporter does not stand in for a correspondent ("□记者 薄克国 通讯员 尹昊 报道")
    CardField(("通讯员",), r"通讯员|correspondent"),
    # a reporter does not stand in for an editor
    CardField(("责任编辑",), r"责任编辑|编辑是谁|哪[个位]编辑", r"编辑|editor"),
    CardField(("副题", "引题"), r"副标题|副题|引题|肩题|subtitle|kicker"),
    # the title stands on the card's first line ("文件名称 《…》", an article's "报道 《…》")
    CardField(
        ("文件名称", "报道"),
        r"完整标题|全称(?:是|叫)|(?:文章|报道|文件|规划|纲要|综述|篇)[的，,\s]?(?:完整|全)?(?:标题|题目)"
        r"|[正主大]标题|full title|title of the (?:article|report|document|plan)",
        r"(?<!副)标题(?![上下前后])|题目|全称|\btitle\b",
    ),
    # a photo's caption, printed on the card of the article it illustrates
    CardField(
        ("图片说明",),
        r"配图|图片说明|图注|图说|照片说明|那张图|那幅图|张照片|(?:photo|picture|image) caption",
        r"配图|图片|图注|图说|照片|那张图|那幅图|caption|photo|picture",
    ),
    # elements of an official document (GB/T 9704) and of a web page no card gives: the
    # question is refused naming the element
    CardField(("主题词",), r"主题词"),
    # the documents are Chinese only; an English name in this tool's leads is its own gloss
    CardField(
        ("英文标题",),
        r"英文版|英文标题|英文名称?|英译本|英文译本|english (?:version|title|translation)",
    ),
    CardField(("抄送",), r"抄送"),
    # fields a page's information bar prints blank (ingest/cards.py BAR_LABEL): no card line
    # gives them, so the question is refused naming the field
    CardField(("规范性文件登记号",), r"规范性文件登记号|文件登记号|registration number"),
    CardField(("阅读次数",), r"阅读次数|阅读量|浏览次数|浏览量|点击量|how many (?:views|reads)"),
    CardField(("签发人",), r"签发人|谁签发的?"),
    CardField(("密级",), r"密级|保密期限|紧急程度"),
    CardField(("网址",), r"网址|网页地址|原文链接|链接地址|\burl\b", r"网址|链接|\burl\b"),
    # a page or edition: no card gives one, so the question is refused naming it
    CardField(
        ("版次",), r"第几版|版次|哪一?版|第几页|页码|哪一?页|which (?:page|edition)|page number"
    ),
    CardField(
        ("目录",),
        r"(?:文章|报道|规划|纲要|文件|综述|全文).{0,8}(?:分|有|包括)[了为成]?(?:哪|几)几?[个大]?(?:部分|章)"
        # a document's 目录, not a list a policy keeps ("医保目录", "鲜活农副产品目录清单")
        r"|(?:^|[的之，,？?\s]|文章|报道|规划|纲要|文件|综述|全文)目录(?!清单)"
        r"|(?:what|which|how many) (?:main )?(?:sections|parts|chapters|headings)"
        r"|subheadings|table of contents",
        r"部分|几章|哪几章|目录|标题|sections?|chapters?|parts|outline|headings",
    ),
    # the numbered headings of a section (ingest/cards.py), else of a document ("目录")
    CardField(
        ("小标题", "目录"),
        r"小标题|分标题|(?:节|部分)\S{0,6}(?:分|有|包括)[了为成]?(?:哪|几)几?个?(?:部分|方面)"
        r"|(?:那|这|哪)(?:一|个)?(?:部分|段|节)[的，,]?\s*(?:标题|题目)"
        r"|subheadings",
    ),
    # the sections of a chapter, from its card of the printed contents (ingest/cards.py):
    # "第五章下面分哪几节", "第四章第一节叫什么"
    CardField(
        ("章节",),
        rf"第{_NUMBER}章.{{0,20}}(?:分|有|包括)[了为成]?(?:哪|几)几?个?节|第{_NUMBER}章第{_NUMBER}节"
        rf"|第{_NUMBER}章的?(?:章名|名称|标题|题目|全称|叫什么)"
        r"|section \w+ of chapter|sections of chapter",
    ),
)
# Where in a document something stands: "写在规划纲要的哪一章哪一节", "which section".
_LOCATION = re.compile(
    r"哪一?[章节]|第几[章节]|哪个章节|哪些章节|哪一部分|which (?:chapter|section|part)", re.I
)


def asks_location(question: str) -> bool:
    """Whether a question asks where in a document something stands (its chapter, section):
    answered by the quoted paragraph's headings."""
    return bool(_LOCATION.search(question))


# A document named by its title: "《…概念规划(中期成果)》的文号" -> "…概念规划(中期成果)".
TITLE_NAMED = re.compile(r"《([^《》]{2,80})》")

# A question about a document itself: which one says something, or one of its facts.
_DOCUMENT = re.compile(
    r"哪(?:几|两|些)?[个份篇部家]?(?:文件|文档|规划|报道|文章|媒体|报纸|稿子|稿件|材料|资料|新闻|综述)"
    r"|哪[几两一]?篇|几篇"
    r"|什么文件|出自|出处"
    # what a reporter wrote: "张晓帆写的稿子有哪些", "杨国胜报道了哪两件事"
    r"|写的(?:稿子|稿件|文章|报道|新闻)|(?:写|报道)了(?:哪|几|什么)"
    r"|which (?:document|report|article|plan|newspaper)|"
    + "|".join(field.marks for field in CARD_FIELDS),
    re.I,
)


def card_titled_as(card: Chunk, named: Sequence[str]) -> bool:
    """Whether a card is of a document (or article) the question names by its title: a
    question on 《…概念规划(中期成果)》 is not answered by the 十四五 plan's card."""
    titles = [fold(card.doc_title), *(fold(p) for p in card.section_path[1:2])]
    # and by the name it goes by: "《规划纲要》" is the card's "简称 “十四五”规划纲要"
    titles += [fold(name) for name in short_titles(card.text)]
    return any(n in t or t in n for n in map(fold, named) for t in titles if t)


def asks_about_document(question: str) -> bool:
    return bool(_DOCUMENT.search(question))


def card_fields(question: str) -> tuple[str, ...]:
    """Card labels of the document facts a question asks for: "文号和发布日期" ->
    ("发文字号", "发布日期", "发布时间", "刊于")."""
    labels = [label for f in CARD_FIELDS if f.asked.search(question) for label in f.labels]
    if "小标题" in labels and not _TITLE_OF_DOCUMENT.search(question):
        # "那部分的标题" asks a part's heading, not the document's title
        labels = [label for label in labels if label not in ("文件名称", "报道")]
    return tuple(labels)


def field_words(question: str, terms: Sequence[str]) -> tuple[str, ...]:
    """The terms of a question that only ask for a card fact, which the card gives by its
    label: "哪天印发的" -> ("印发",), answered by "发布日期 2021-06-11"."""
    spans = [m.group(0) for f in CARD_FIELDS for m in f.asked.finditer(question)]
    spans += [m.group(0) for f in CARD_FIELDS if f.asks for m in re.finditer(f.marks, question)]
    return tuple(t for t in terms if any(t in span for span in spans))


_TITLE_OF_DOCUMENT = re.compile(
    r"(?:文章|报道|文件|规划|纲要|综述|篇)[的，,\s]?(?:完整|全)?(?:标题|题目)|[正主大]标题|全称"
)


def card_lines(card: str, fields: Sequence[str]) -> str:
    """The lines of a document card giving the fields asked, after the line naming the
    document; the whole card when none is asked or none is there."""
    lines = stated_lines(card)
    named = naming_line_count(lines)
    given = [line for line in lines[named:] if _gives_field(line, fields)]
    if not given and lines and _gives_field(lines[0], fields):
        return "\n".join(lines[:named])  # the title was asked
    return "\n".join([*lines[:named], *given] if given else lines)


def stated_lines(card: str) -> list[str]:
    """A card's lines stating its facts, without the information bar it ends with (the
    page's header as printed, kept for the reader to check the facts against)."""
    return [line for line in card.splitlines() if not line.startswith(BAR_LABEL)]


def naming_lines(card: str) -> str:
    """The lines of a document card that name its document: the title, the name it goes by
    and its 文号 ("青自贸管发〔2021〕34号这个文件还有效吗" asks of the plan's card)."""
    lines = card.splitlines()
    return "\n".join(
        lines[: naming_line_count(lines)] + [ln for ln in lines if _gives_field(ln, _NUMBER)]
    )


_NUMBER = ("发文字号",)


def short_titles(card: str) -> list[str]:
    """The names a card's document goes by ("简称 “十四五”规划纲要" -> "“十四五”规划纲要")."""
    prefix = SHORT_TITLE_LABEL + " "
    return [line.removeprefix(prefix) for line in card.splitlines() if line.startswith(prefix)]


def _gives_field(line: str, fields: Sequence[str]) -> bool:
    """Whether a card line gives one of the fields (its label stands first: "发文字号 …",
    "发布时间:2026-01-01")."""
    # "□ 本报记者 张晓帆" gives 记者; the page's own "• 有效性 有效" gives 有效性, and its
    # blank "• 规范性文件登记号" gives nothing
    printed = line.lstrip("□• ")
    if printed.strip().rstrip(":：") in fields:
        return False
    label = printed.split(" ", 1)[0]
    return any(f in label or (f == "通讯员" and f"{f} " in line) for f in fields)


def gives_fields(card: str, fields: Sequence[str]) -> bool:
    """Whether a card (or the lines quoted of it) gives any of the fields asked."""
    return any(_gives_field(line, fields) for line in card.splitlines())


# A name in an article's byline: "□记者 薄克国 通讯员 尹昊 报道" -> 薄克国, 尹昊.
_SIGNED = re.compile(r"(?:记者|通讯员)\s*([\u4e00-\u9fff]{2,3})(?=\s|$|报道)", re.M)


def signers(card: str) -> tuple[str, ...]:
    """The people an article's card names in its byline."""
    return tuple(_SIGNED.findall(card))


def signed_cards(question: str, cards: Sequence[str]) -> list[int]:
    """Positions of the cards signed by a person the question names ("白晓写了哪几篇")."""
    named = {name for card in cards for name in signers(card) if name in question}
    return [n for n, card in enumerate(cards) if named & set(signers(card))]


# A passage saying who issued a document it names: "青岛市民营经济发展局联合青岛农商银行发布
# 《关于共同提升首贷信用贷服务能力的行动方案》" (a body right before the verb; "《政策清单》…制定
# 17项举措" names no issuer).
_ISSUED = re.compile(r"[\u4e00-\u9fff]{2,}(?:发布|印发|出台)了?《(?P<title>[^《》]{2,80})》")
# the card facts such a passage gives: who issued the document, and its name
ISSUER_FIELDS = frozenset(("发文单位", "文件名称", "报道"))


def names_issuer(terms: Sequence[str], passages: Sequence[str]) -> bool:
    """Whether a (folded) passage says who issued a document it names by a title holding one
    of the question's terms: a document the corpus mentions, not one of its own, whose
    issuer no card gives ("首贷信用贷行动方案是谁发布的")."""
    return any(
        any(len(t) >= 2 and t in issued.group("title") for t in terms)
        for passage in passages
        for issued in _ISSUED.finditer(passage)
    )
