"""Page furniture: web-page chrome, metadata bullets, breadcrumbs and the table of contents.

What is dropped still tells something: the metadata gives a date and an issuer that the
manifest may lack.

Example:
    strip_furniture(["字体大小: 打印", "• 发布日期 2021-06-11", "• 发文单位 青岛前湾保税港区管委", "正文。"])
    -> (["正文。"], PageMeta(date="2021-06-11", issuer="青岛前湾保税港区管委"))
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ingest.lines import heading_like, is_bullet, strip_bullet, structural_level

_CHROME = re.compile(
    r"^(?:字体大小|分享到|打印本页|关闭窗口|上一篇|下一篇|返回顶部|【打印】|【关闭】"
    r"|如果您对该文件有疑问)"
)
_DATE_KEYS = ("发布日期", "发布时间", "成文日期")
_ISSUER_KEYS = ("发文单位", "发布机构", "来源", "信息来源")
_OTHER_KEYS = (
    "索引号",
    "主题分类",
    "发文字号",
    "有效性",
    "规范性文件登记号",
    "责任编辑",
    "阅读次数",
    "浏览次数",
)
_META = re.compile(
    rf"^(?:•\s*)?({'|'.join(_DATE_KEYS + _ISSUER_KEYS + _OTHER_KEYS)})(\s*[:：]\s*|\s+|$)(.*)$"
)
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_PAGE_NUMBER = re.compile(r"\s*\d+$")
_BREADCRUMB_WINDOW = 3  # a "• 山东省商务厅" line counts as a breadcrumb only near the top
_MAX_META_CHARS = 80


@dataclass(frozen=True)
class PageMeta:
    """Fallback facts read from the furniture before it is dropped."""

    date: str = ""
    issuer: str = ""
    fields: tuple[tuple[str, str], ...] = ()  # every header field as printed: (("索引号", "…"), …)
    # how the page separates each label from its value: (("发布时间", ":"), ("索引号", " "))
    separators: tuple[tuple[str, str], ...] = ()
    # the table of contents as printed, one entry a line: ("第一章  发展基础与环境3", …)
    contents: tuple[str, ...] = ()
    # the page's information bar as printed, from its first metadata or breadcrumb line to
    # its last, the title between included: ("• 山东省商务厅", "向“新”而行…", "发布时间:…")
    header: tuple[str, ...] = ()


def strip_furniture(lines: list[str]) -> tuple[list[str], PageMeta]:
    """Drop chrome, metadata and breadcrumb lines and the table of contents."""
    fields: dict[str, str] = {}
    separators: dict[str, str] = {}
    kept: list[str] = []
    shown = 0  # non-blank lines kept so far (counted once, not per line)
    top: list[tuple[str, bool]] = []  # the page's top lines: (text, whether furniture)
    in_top = True
    body, contents = split_table_of_contents(lines)
    for line in body:
        text = line.strip()
        meta = _META.match(text) if len(text) <= _MAX_META_CHARS else None
        furniture = True
        if meta:
            fields.setdefault(meta.group(1), meta.group(3).strip())
            separators.setdefault(meta.group(1), meta.group(2).strip() or " ")
        elif _CHROME.match(text):
            continue
        elif _is_breadcrumb(text, shown):
            fields.setdefault("breadcrumb", strip_bullet(text))
        else:
            furniture = False
            kept.append(line)
            shown += bool(text)
            # the bar holds the title at most: body text ends it
            in_top = in_top and not _SENTENCE_END.search(text)
        if text and in_top and shown <= _TITLE_LINES:
            top.append((text, furniture))
    page = replace(_page_meta(fields, separators), contents=contents, header=_header(top))
    return kept, page


# The title stands among the information bar's lines; the body, in sentences, after it.
_SENTENCE_END = re.compile(r"[。！？!?]")
_TITLE_LINES = 1


def _header(top: list[tuple[str, bool]]) -> tuple[str, ...]:
    """The top lines from the first furniture line to the last, as printed."""
    marked = [n for n, (_, furniture) in enumerate(top) if furniture]
    return tuple(text for text, _ in top[marked[0] : marked[-1] + 1]) if marked else ()


def printed_label(line: str) -> str:
    """The label a header line prints its value under ("• 有效性 有效" -> "有效性",
    "发布时间:2026-01-01 阅读次数:" -> "发布时间"); "" for an unlabelled line ("• 山东省商务厅")."""
    meta = _META.match(line.strip())
    return meta.group(1) if meta else ""


def iso_date(text: str) -> str:
    """First full date in the text as ISO: "2021年6月11日" -> "2021-06-11"; "" when none."""
    found = _DATE.search(text)
    if not found:
        return ""
    year, month, day = found.groups()
    return f"{year}-{int(month):02d}-{int(day):02d}"


def split_table_of_contents(lines: list[str]) -> tuple[list[str], tuple[str, ...]]:
    """The lines without "目录" and its entries, and the entries as printed ("第一节
    发展基础6"; a page number on a line of its own joins the entry before it).

    The contents end where the body starts: at the first entry's title repeated without
    a page number (e.g. the real "前言" heading), or at any line that is not an entry.
    """
    start = next((i for i, line in enumerate(lines) if line.strip() == "目录"), None)
    if start is None:
        return lines, ()
    first_title = ""
    entries: list[str] = []
    end = start + 1
    for end in range(start + 1, len(lines)):
        text = lines[end].strip()
        if not text or (text.isdigit() and first_title):
            if text and entries:
                entries[-1] += text
            continue
        title = _PAGE_NUMBER.sub("", text)
        if title == text and title == first_title:
            break
        if structural_level(title) is None or not heading_like(title, 60):
            break
        first_title = first_title or title
        entries.append(text)
    else:
        end = len(lines)
    return lines[:start] + lines[end:], tuple(entries)


def _is_breadcrumb(text: str, shown: int) -> bool:
    """ "• 山东省商务厅" above the title: a site breadcrumb, not a list item."""
    near_top = shown < _BREADCRUMB_WINDOW
    label = strip_bullet(text)
    return (
        near_top
        and is_bullet(text)
        and heading_like(label, 20)
        and not any(mark in label for mark in "，,:：")
        and structural_level(label) is None
    )


def _page_meta(fields: dict[str, str], separators: dict[str, str]) -> PageMeta:
    date = next((iso_date(fields[key]) for key in _DATE_KEYS if iso_date(fields.get(key, ""))), "")
    issuer = next((fields[key] for key in (*_ISSUER_KEYS, "breadcrumb") if fields.get(key)), "")
    printed = tuple((k, v) for k, v in fields.items() if v and k != "breadcrumb")
    between = tuple((k, separators[k]) for k, _ in printed)
    return PageMeta(date=date, issuer=issuer, fields=printed, separators=between)
