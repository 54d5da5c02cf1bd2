"""A card per document (and per article of a news page): what the document is, who issued
it, its 文号, 索引号, dates and validity — searchable and citable like any paragraph, so
"十四五规划的文号是什么" and "交通产业园的报道是谁写的" are answered with a source. A
document with chapters has a second card listing them ("规划纲要一共有几章"), and a section
with numbered headings a card listing those ("第一节下面有哪几个小标题").

A card quotes the document as printed wherever the document says it: header lines keep
their own label and separator ("发文字号 青自贸管发〔2021〕34号", "发布时间:2026-01-01"), an
article's card holds its masthead (kicker, headline, subtitle), its byline and its opening
sentence as the page prints them, and a report's closing credit ("（青岛日报/观海新闻记者
王凯）") stands as printed. Facts only the manifest knows follow as "label value".

Example:
    document_cards(info, {"发文字号": "青自贸管发〔2021〕34号", "有效性": "有效"}, paragraphs)
    -> [Chunk(kind="document", section_path=("文件信息",), paragraph="",
              text="文件名称 《…纲要》\\n发文单位 青岛前湾保税港区管委\\n发文字号 青自贸管发〔2021〕34号\\n…")]
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from ingest.furniture import iso_date, printed_label
from ingest.model import Chunk, DocumentInfo
from ingest.structure import SourceParagraph

CARD_SECTION = "文件信息"
PARTS_LABEL = "目录"  # the top-level headings in order: "分了哪几个部分", "有几章"
SECTIONS_LABEL = "章节"  # one chapter's entries of the printed contents: "第五章分哪几节"
DECK_LABEL = "引题"  # the summary printed before a report's headline
SUBTITLE_LABEL = "副题"  # the line printed below an article's headline
SUBHEADINGS_LABEL = "小标题"  # one section's numbered headings: "第一节下面有哪几个小标题"
BAR_LABEL = "信息栏"  # the page's header lines as printed, facts and blank fields alike
CAPTION_LABEL = "图片说明"  # a photo's caption as the page prints it: "图为…"
SHORT_TITLE_LABEL = "简称"  # the name a five-year plan goes by: "“十四五”规划纲要"
KIND_NAMES = {"plan": "规划", "news": "新闻报道", "other": "其他"}
# Header fields in the order a card shows them (manifest values win over the page's own).
FIELDS = (
    "发文单位",
    "发文字号",
    "索引号",
    "主题分类",
    "成文日期",
    "发布日期",
    "发布时间",
    "有效性",
    "作者",
    "责任编辑",
)
# A report's closing credit in brackets: "……高地。(青岛日报/观海新闻记者 王凯)"
_CREDIT = re.compile(r"[(（][^()（）]{0,30}(?:记者|通讯员)[^()（）]{0,30}[)）]$")
_FIRST_SENTENCE = re.compile(r".*?[。！？][”’」』]?")
_FIVE_YEAR_PLAN = re.compile(r"第([一二三四五六七八九十]+)个五年规划")
# A top-level entry of a table of contents, and the page number printed after an entry.
_CHAPTER = re.compile(r"第[一二三四五六七八九十百\d]+[章编篇部]|前言|附[录件]|结束语|结语")
_PAGE = re.compile(r"\s*\d+$")
# A numbered heading below a section: "一、放宽市场准入限制".
_NUMBERED_HEADING = re.compile(r"[一二三四五六七八九十]+、")
# A photo's caption: a short paragraph saying what the picture shows ("…。图为山东港口青岛港
# 传统桥吊（左）与自动化无人桥吊（右）对比"), or a photographer's credit.
_CAPTION = re.compile(r"(?:^|[。！？\s(（])图为|[(（][^()（）]{0,20}摄[)）]$")
CAPTION_CHARS = 120  # longer paragraphs saying 图为 are body text


def card_fields(
    info: DocumentInfo, header: Mapping[str, str], credit: str = ""
) -> list[tuple[str, str]]:
    """(label, value) of one document: its header fields, then the manifest's facts. The
    manifest's authors stand in only when the page prints no credit of its own."""
    values = dict(header)
    values["发文单位"] = values.get("发文单位") or info.issuer or "未注明"
    values["发文字号"] = info.doc_number or values.get("发文字号", "")
    values["有效性"] = info.validity or values.get("有效性", "")
    for label in ("成文日期", "发布日期", "发布时间"):  # "2026-01-01 阅读次数: 来源:" -> the date
        values[label] = iso_date(values.get(label, "")) or values.get(label, "")
    if not (values["发布日期"] or values["发布时间"]):
        values["发布日期"] = info.date
    printed_credit = credit or values.get("责任编辑")
    values["作者"] = values.get("作者") or ("" if printed_credit else info.authors)
    fields = [("文件名称", f"《{info.title}》")]
    if short := short_title(info.title):
        fields.append((SHORT_TITLE_LABEL, short))
    fields += [(label, values[label]) for label in FIELDS if values.get(label)]
    return fields + [("文件类型", KIND_NAMES.get(info.kind, info.kind))]


def short_title(title: str) -> str:
    """The name a five-year plan goes by: "…第十四个五年规划和2035年远景目标纲要" ->
    "“十四五”规划纲要"; "" for any other title."""
    plan = _FIVE_YEAR_PLAN.search(title)
    if not plan:
        return ""
    return f"“{plan.group(1)}五”规划" + ("纲要" if title.endswith("纲要") else "")


def document_cards(
    info: DocumentInfo,
    header: Mapping[str, str],
    paragraphs: Sequence[SourceParagraph],
    separators: Mapping[str, str] | None = None,
    contents: Sequence[str] = (),
    deck: str = "",
    bar: Sequence[str] = (),
) -> list[Chunk]:
    """The document's card (with the `deck` printed before its headline), its chapters'
    card, one card per chapter of its printed table of contents (`contents`), then one card
    per article with its byline (news pages).
    `separators` are the page's own, per header label (" " when not given); `bar` is the
    page's information bar as printed (PageMeta.header), which the card ends with, so its
    source can be read there line for line ("• 发文单位 …\n• 有效性 有效\n• 规范性文件登记号")."""
    separators = separators or {}
    credit = _closing_credit(paragraphs)
    lines = [
        f"{label}{separators.get(label, ' ')}{value}"
        for label, value in card_fields(info, header, credit)
    ]
    if credit:
        lines.insert(-1, credit)  # before 文件类型, with the other credits
    for caption in _captions(paragraphs, article=""):
        lines.insert(-1, f"{CAPTION_LABEL} {caption}")
    if deck:  # the line printed above the headline, on the title's own line
        lines.insert(1, f"{DECK_LABEL} {deck}")
    lines = _with_bar(lines, bar)
    cards = [_card(info, (CARD_SECTION,), "\n".join(lines))]
    parts = _parts(paragraphs)
    if parts:  # a card of its own: the chapters' titles would crowd the header facts
        text = f"{lines[0]}\n{PARTS_LABEL} {'；'.join(parts)}"
        cards.append(_card(info, (CARD_SECTION, PARTS_LABEL), text))
    for chapter, entries in _chapters(contents):  # "第五章下面分哪几节", "第四章第一节叫什么"
        text = f"{lines[0]}\n{SECTIONS_LABEL} {'；'.join(entries)}"
        cards.append(_card(info, (CARD_SECTION, SECTIONS_LABEL, chapter), text))
    for section, subheadings in _subheadings(paragraphs):
        text = f"{lines[0]}\n{SUBHEADINGS_LABEL} {' '.join(section)}：{'；'.join(subheadings)}"
        cards.append(_card(info, (CARD_SECTION, SUBHEADINGS_LABEL, section[-1]), text))
    seen: set[str] = set()
    for paragraph in paragraphs:
        extra = dict(paragraph.extra)
        article, byline = extra.get("article"), extra.get("byline")
        if article and byline and article not in seen:
            seen.add(article)
            lines = [f"报道 《{article}》", *_masthead(article, extra.get("masthead", article))]
            lines += [byline, _opening(article, paragraphs), f"刊于 《{info.title}》 {info.date}"]
            lines += [f"{CAPTION_LABEL} {c}" for c in _captions(paragraphs, article)]
            cards.append(_card(info, (CARD_SECTION, article), "\n".join(filter(None, lines))))
    return cards


def _with_bar(lines: list[str], bar: Sequence[str]) -> list[str]:
    """The card's lines with the page's information bar as printed. A bar of labelled lines
    only ("• 索引号 …", "• 规范性文件登记号") stands in place of the lines it prints, in its
    own order, its blank fields included; any other bar (one with a breadcrumb and the
    title, "• 山东省商务厅") follows the card's lines as one line of its own."""
    if not bar:
        return lines
    labels = [printed_label(line) for line in bar]
    if not all(labels):
        return [*lines, f"{BAR_LABEL} {' '.join(bar)}"]
    named = naming_line_count(lines)
    rest = [line for line in lines[named:] if printed_label(line) not in labels]
    return [*lines[:named], *bar, *rest]


def naming_line_count(lines: Sequence[str]) -> int:
    """How many first lines of a card name its document: its title, and the name it goes by."""
    return 2 if len(lines) > 1 and lines[1].startswith(SHORT_TITLE_LABEL) else 1


def _masthead(article: str, printed: str) -> list[str]:
    """An article's masthead as the page prints it, down to the byline that follows it: a
    kicker above the headline labelled 引题, a subtitle below it 副题, so the card holds
    "抢抓新风口 强化政策引导 / 青岛推动网络微短剧… / □记者 杨国胜 报道" as one passage."""
    lines = printed.split("\n")
    at = lines.index(article) if article in lines else 0
    return [
        line if i == at else f"{DECK_LABEL if i < at else SUBTITLE_LABEL} {line}"
        for i, line in enumerate(lines)
    ]


def _parts(paragraphs: Sequence[SourceParagraph]) -> list[str]:
    """The document's top-level headings in reading order (its chapters); none when it has
    fewer than two, or when they are a news page's articles (each has its own card)."""
    if any(dict(p.extra).get("article") for p in paragraphs):
        return []
    tops = [p.section_path[0] for p in paragraphs if p.section_path and p.section_path[0]]
    parts = list(dict.fromkeys(tops))
    return parts if len(parts) >= 2 else []


def _subheadings(paragraphs: Sequence[SourceParagraph]) -> list[tuple[tuple[str, ...], list[str]]]:
    """Each section's numbered headings in reading order ("一、放宽市场准入限制", …), for
    sections with two or more: (the section's path, its headings)."""
    sections: dict[tuple[str, ...], list[str]] = {}
    for paragraph in paragraphs:
        path = paragraph.section_path
        if len(path) >= 2 and _NUMBERED_HEADING.match(path[-1]):
            entries = sections.setdefault(tuple(path[:-1]), [])
            if path[-1] not in entries:
                entries.append(path[-1])
    return [(section, entries) for section, entries in sections.items() if len(entries) >= 2]


def _chapters(contents: Sequence[str]) -> list[tuple[str, list[str]]]:
    """The printed contents grouped by chapter: (chapter title without its page number,
    [the chapter's entry, its sections' entries as printed]), for chapters with sections."""
    groups: list[tuple[str, list[str]]] = []
    for entry in contents:
        if _CHAPTER.match(entry) or not groups:
            groups.append((_PAGE.sub("", entry).strip(), [entry]))
        else:
            groups[-1][1].append(entry)
    return [(title, entries) for title, entries in groups if len(entries) > 1]


def _closing_credit(paragraphs: Sequence[SourceParagraph]) -> str:
    """The bracketed credit closing a report's last paragraphs, as printed, or ""."""
    for paragraph in reversed(paragraphs[-3:]):
        found = _CREDIT.search(paragraph.text.strip())
        if found:
            return found.group(0)
    return ""


def _captions(paragraphs: Sequence[SourceParagraph], article: str) -> list[str]:
    """The photo captions of one article ("" : of the document outside any article)."""
    return [
        p.text.strip()
        for p in paragraphs
        if dict(p.extra).get("article", "") == article
        and len(p.text.strip()) <= CAPTION_CHARS
        and _CAPTION.search(p.text.strip())
    ]


def _opening(article: str, paragraphs: Sequence[SourceParagraph]) -> str:
    """The first sentence of an article's first body paragraph (what follows its byline)."""
    body = next(
        (
            p.text
            for p in paragraphs
            if dict(p.extra).get("article") == article and p.kind == "paragraph"
        ),
        "",
    )
    first = _FIRST_SENTENCE.match(body.strip())
    return first.group(0) if first else body.strip()


def _card(info: DocumentInfo, section_path: tuple[str, ...], text: str) -> Chunk:
    return Chunk.make(
        doc_id=info.doc_id,
        doc_title=info.title,
        date=info.date,
        section_path=section_path,
        paragraph="",
        text=text,
        kind="document",
        doc_kind=info.kind,
    )


def card_title(card: Chunk) -> str:
    """The title a card names on its first line: "报道 《…》" -> "…"."""
    first = card.text.split("\n", 1)[0]
    return first[first.find("《") + 1 : first.rfind("》")] if "《" in first else first


def card_source(card: Chunk) -> tuple[str, str]:
    """What a card is about: its document, and on a news page its article (the chapters'
    card and a chapter's contents are the document's own)."""
    part = card.section_path[1] if len(card.section_path) > 1 else ""
    return card.doc_id, "" if part in (PARTS_LABEL, SECTIONS_LABEL, SUBHEADINGS_LABEL) else part


def lists_subheadings(chunk: Chunk) -> bool:
    """Whether a chunk is a section's card of numbered headings: it names a dozen topics
    and answers only a question about the document's structure."""
    path = chunk.section_path
    return chunk.kind == "document" and len(path) == 3 and path[1] == SUBHEADINGS_LABEL


def contents_chapter(card: Chunk) -> str:
    """The chapter whose printed contents a card lists, "" for any other card."""
    path = card.section_path
    return path[2] if len(path) == 3 and path[1] == SECTIONS_LABEL else ""
