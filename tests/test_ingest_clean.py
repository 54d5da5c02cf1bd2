"""Cleaning rules, each with the worked example it exists for: figures, spaces, furniture, titles."""

from __future__ import annotations

import pytest

from ingest.cards import SECTIONS_LABEL, document_cards
from ingest.clean import normalize_line, normalize_lines
from ingest.furniture import iso_date, split_table_of_contents, strip_furniture
from ingest.model import DocumentInfo
from ingest.titles import resolve_title


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("集装箱吞吐量3 0 8 7 万标箱，稳居", "集装箱吞吐量3087万标箱，稳居"),
        ("海洋经济生产总值244 . 8 1亿元，", "海洋经济生产总值244.81亿元，"),
        ("同比增长9 . 1 % ， 海 洋经济", "同比增长9.1%，海洋经济"),
        ("1 2 . 7 5 %，远高于", "12.75%，远高于"),
        ("节省物流成本 2 0 万 元 ，使仓库", "节省物流成本20万元，使仓库"),
        ("累计投保金额超2 亿美元", "累计投保金额超2亿美元"),
        ("艘货物7 0余万箱，叠加", "艘货物70余万箱，叠加"),
        ("如今平均缩减3 0天，", "如今平均缩减30天，"),
    ],
)
def test_spaced_figures_are_written_normally(raw: str, clean: str) -> None:
    assert normalize_line(raw) == clean


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("2020 2025", "2020 2025"),  # two numbers, not letter-spacing
        ("本报青岛讯 2024年12月28日", "本报青岛讯 2024年12月28日"),
        ("抢抓新风口 强化政策引导", "抢抓新风口 强化政策引导"),  # a headline's phrase break
        ("在 activities 揭牌成立", "在 activities 揭牌成立"),
    ],
)
def test_meaningful_spaces_are_kept(raw: str, clean: str) -> None:
    assert normalize_line(raw) == clean


def test_layout_spaces_and_odd_whitespace_go() -> None:
    assert normalize_line("\u3000目 \xa0录\u200b") == "目录"
    assert (
        normalize_line("重塑。 今年以来,首创建设工程 “四证一单”")
        == "重塑。今年以来,首创建设工程“四证一单”"
    )
    assert normalize_line("台——— “离岸达”。") == "台———“离岸达”。"


def test_punctuation_is_not_converted() -> None:
    assert (
        normalize_line("规划期限为2021-2025年,共5年，完成。")
        == "规划期限为2021-2025年,共5年，完成。"
    )


def test_lines_keep_blank_lines_and_mark_indents() -> None:
    text = "\xa0\xa0第一节\xa0 发展基础\r\n\xa0\xa0\n正文。"
    assert normalize_lines(text) == [" 第一节 发展基础", "", "正文。"]


def test_furniture_is_dropped_and_its_metadata_kept() -> None:
    lines = [
        "字体大小: 打印",
        "• 索引号 75379544200020020210012",
        "• 成文日期 2021-06-11",
        "• 发布日期 2021-06-12",
        "• 发文单位 青岛前湾保税港区管委",
        "• 规范性文件登记号",
        "正文第一段。",
        "责任编辑:杨小萌",
        "分享到 分享",
        "如果您对该文件有疑问,可以通过网上咨询方式咨询相关单位。",
    ]
    kept, meta = strip_furniture(lines)
    assert kept == ["正文第一段。"]
    assert (meta.date, meta.issuer) == ("2021-06-12", "青岛前湾保税港区管委")
    assert ("索引号", "75379544200020020210012") in meta.fields  # kept for the document card
    assert ("责任编辑", "杨小萌") in meta.fields
    # the header bar ends at the top: an editor's line below the body is not part of it
    assert meta.header[-1] == "• 规范性文件登记号" and "责任编辑:杨小萌" not in meta.header
    # the card prints each field the way the page does
    assert {("索引号", " "), ("责任编辑", ":")} <= set(meta.separators)


def test_breadcrumb_and_publication_line_yield_issuer_and_date() -> None:
    lines = ["• 山东省商务厅", "", "标题", "", "发布时间:2026-01-01 阅读次数: 来源:", "", "正文。"]
    kept, meta = strip_furniture(lines)
    assert [line for line in kept if line] == ["标题", "正文。"]
    assert (meta.date, meta.issuer) == ("2026-01-01", "山东省商务厅")
    # the information bar as printed, the title between its lines, blank fields and all
    assert meta.header == ("• 山东省商务厅", "标题", "发布时间:2026-01-01 阅读次数: 来源:")


def test_a_bullet_with_punctuation_is_not_a_breadcrumb() -> None:
    kept, _ = strip_furniture(["标题", "• 区各部室,区直各单位:", "正文。"])
    assert kept == ["标题", "• 区各部室,区直各单位:", "正文。"]


def test_table_of_contents_leaves_the_body_and_is_kept_as_printed() -> None:
    lines = ["目录", "前言5", "第一章发展基础与环境6", "第一节 发展基础6",
             "第四章 聚焦“四新”经济培育发展,建设产业发展示范区", "31", "第一节 建设区域性国际贸易中心31",
             "", "前言", "", "2019年8月,经国务院批准。", "第一章 发展基础与环境"]  # fmt: skip
    body, contents = split_table_of_contents(lines)
    assert body == ["前言", "", "2019年8月,经国务院批准。", "第一章 发展基础与环境"]
    # the page number on a line of its own joins its entry
    assert contents == ("前言5", "第一章发展基础与环境6", "第一节 发展基础6",
                        "第四章 聚焦“四新”经济培育发展,建设产业发展示范区31",
                        "第一节 建设区域性国际贸易中心31")  # fmt: skip


def test_iso_date() -> None:
    assert iso_date("2021年6月11日") == "2021-06-11"
    assert iso_date("发布时间:2026-01-01 阅读次数:") == "2026-01-01"
    assert iso_date("无日期") == ""


def test_known_title_drops_its_repeat_and_splits_off_the_deck() -> None:
    lines = [
        "推进多场景融合创新,着力打造重点产业集群 青岛自贸片区:努力当好全市开放发展排头兵",
        "",
        "正文。",
    ]
    titled = resolve_title(lines, "青岛自贸片区：努力当好全市开放发展排头兵")
    assert titled.deck == "推进多场景融合创新,着力打造重点产业集群"
    assert [line for line in titled.lines if line] == ["正文。"]
    repeated = resolve_title(["中国(山东)规划纲要", "", "前言"], "中国(山东)规划纲要")
    assert [line for line in repeated.lines if line] == ["前言"]


def test_without_a_manifest_the_title_comes_from_the_text() -> None:
    assert resolve_title(["关于印发规划的通知", "", "正文。"]).title == "关于印发规划的通知"
    assert (
        resolve_title(["关于印发规划的通知", "• 各单位:", "正文。"]).title == "关于印发规划的通知"
    )
    wrapped = resolve_title(["制度创新是自贸试验区的“核心竞", "争力”。青岛自贸片区聚焦。"])
    assert wrapped.title == "制度创新是自贸试验区的“核心竞争力”"
    news = resolve_title(
        ["头条标题", "", "□记者 甲 报道", "正文。", "", "二条", "", "□记者 乙 报道"]
    )
    assert news.title == "头条标题" and news.lines[0] == "头条标题"  # it stays a headline


def test_quotes_are_part_of_a_word_when_judging_a_space() -> None:
    title = "向“新”而行 向“实”发力——山东自贸试验区交出2025年“高分答卷”"
    assert normalize_line(title) == title


def test_each_chapter_of_the_printed_contents_becomes_a_card_of_its_own() -> None:
    info = DocumentInfo("plan.txt", "规划纲要", "管委", "2021-06-11", "plan", "0" * 64)
    contents = ("前言5", "第一章 发展基础与环境6", "第一节 发展基础6", "第二节 发展环境9",
                "第二章 发展目标12", "第一节 指导思想12")  # fmt: skip
    cards = document_cards(info, {}, [], contents=contents)
    chapters = [c for c in cards if c.section_path[1:2] == (SECTIONS_LABEL,)]
    # the preface has no sections, so no card; each chapter's entries as printed
    assert [c.section_path[2] for c in chapters] == ["第一章 发展基础与环境", "第二章 发展目标"]
    assert (
        chapters[0].text.splitlines()[1]
        == "章节 第一章 发展基础与环境6；第一节 发展基础6；第二节 发展环境9"
    )
