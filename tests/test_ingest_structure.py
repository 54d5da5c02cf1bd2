"""Structure rules with worked examples: rejoining, headings, sections, articles, captions."""

from __future__ import annotations

from ingest.blocks import build_blocks
from ingest.clean import normalize_lines
from ingest.lines import structural_level
from ingest.structure import SourceParagraph, source_paragraphs


def paragraphs(text: str, *, hard_wrapped: bool = True) -> list[SourceParagraph]:
    return source_paragraphs(build_blocks(normalize_lines(text), hard_wrapped=hard_wrapped))


def test_a_sentence_broken_across_lines_and_a_blank_line_is_rejoined() -> None:
    text = "在物流新业态发展方面，青岛自贸\n片区首创的“货物储运状\n\n态分类监管”模式，节省成本。\n\n下一段。"
    assert [p.text for p in paragraphs(text)] == [
        "在物流新业态发展方面，青岛自贸片区首创的“货物储运状态分类监管”模式，节省成本。",
        "下一段。",
    ]


def test_a_sentence_end_closes_the_paragraph() -> None:
    assert [p.text for p in paragraphs("一句话。\n另一段开始，\n继续。")] == [
        "一句话。",
        "另一段开始，继续。",
    ]


def test_latin_words_broken_across_lines_keep_a_space() -> None:
    assert (
        paragraphs("支持跨境电商B2B\nexport业务发展。")[0].text
        == "支持跨境电商B2B export业务发展。"
    )


def test_heading_hierarchy_becomes_the_section_path() -> None:
    text = (
        "第一章 发展基础与环境\n\n第一节\xa0 \xa0发展基础\n\n一、综合实力显著增强\n\n"
        "（一）经济总量\n\n1.经济总量持续增长。2020年,实现固定资产投资108亿元。\n\n"
        "• 第二节 发展环境\n\n“十四五”时期,形势深刻变化。"
    )
    result = paragraphs(text)
    assert result[0].section_path == (
        "第一章 发展基础与环境",
        "第一节 发展基础",
        "一、综合实力显著增强",
        "（一）经济总量",
    )
    assert result[0].kind == "list_item"
    assert result[1].section_path == ("第一章 发展基础与环境", "第二节 发展环境")
    assert [p.number for p in result] == [1, 2]


def test_structural_levels() -> None:
    assert structural_level("第三章 聚焦高水平对外开放") == 1
    assert structural_level("前言") == 1
    assert structural_level("第二节 发展环境") == 2
    assert structural_level("附表(图)一") == 3
    assert structural_level("三、营商环境不断优化") == 3
    assert structural_level("（二）加快发展") == 4
    assert structural_level("12.75%，远高于") is None
    assert structural_level("第4名，进一步巩固") is None


def test_dash_bullets_are_list_items_under_their_section() -> None:
    result = paragraphs(
        "第二节 基本原则\n\n--坚持党的领导。全面做好党的建设。\n\n--坚持先行先试。抓住机遇。"
    )
    assert [(p.text, p.kind) for p in result] == [
        ("坚持党的领导。全面做好党的建设。", "list_item"),
        ("坚持先行先试。抓住机遇。", "list_item"),
    ]
    assert result[1].section_path == ("第二节 基本原则",)


def test_short_lines_are_free_headings_and_adjacent_ones_merge() -> None:
    text = "前文。\n\n科技创新筑基\n 培育未来海洋产业\n\n在科技创新的加持下，转化效率攀升。"
    assert paragraphs(text)[-1].section_path == ("科技创新筑基 培育未来海洋产业",)


def test_a_heading_directly_followed_by_an_indented_paragraph() -> None:
    text = "前文。\n\n制度创新破局\n 不久前，国际顶级学术期刊《细胞》以封面\n专辑形式发布成果。"
    result = paragraphs(text)
    assert result[-1].section_path == ("制度创新破局",)
    assert result[-1].text == "不久前，国际顶级学术期刊《细胞》以封面专辑形式发布成果。"


def test_a_broken_sentence_fragment_is_not_a_heading() -> None:
    text = "上一段。\n\n2024年，青岛自贸片区聚焦绿色低碳、海\n\n洋经济等领域，开展探索。"
    result = paragraphs(text)
    assert result[-1].section_path == ()
    assert result[-1].text == "2024年，青岛自贸片区聚焦绿色低碳、海洋经济等领域，开展探索。"


def test_a_caption_is_a_paragraph_and_a_trailing_heading_is_not_orphaned() -> None:
    text = "正文。\n\n科技创新筑基\n\n新旧动能转换，通关高效便捷。图为桥吊对比\n基因科技培育未来海洋产业\n"
    assert [(p.section_path, p.text) for p in paragraphs(text)][-2:] == [
        (("科技创新筑基",), "新旧动能转换，通关高效便捷。图为桥吊对比"),
        (("科技创新筑基",), "基因科技培育未来海洋产业"),
    ]


def test_headings_without_a_paragraph_become_paragraphs() -> None:
    text = "通知正文。\n\n青岛片区管委\n\n2021年6月11日\n\n前言\n\n规划正文。"
    result = paragraphs(text)
    assert [(p.section_path, p.text) for p in result] == [
        ((), "通知正文。"),
        ((), "青岛片区管委 2021年6月11日"),
        (("前言",), "规划正文。"),
    ]


def test_a_news_page_is_split_into_articles_with_headline_deck_and_byline() -> None:
    text = (
        "青岛自贸片区实现制度创新成果全覆盖\n\n2024年探索形成32项创新成果\n\n□记者 白晓 报道\n"
        "本报青岛讯 近日，召开发布会。\n\n片区2024年高质量创新成果有三个特点。\n\n"
        "抢抓新风口 强化政策引导\n\n青岛推动网络微短剧行业健康快速发展\n\n□记者 杨国胜 报道\n"
        "本报青岛讯 2024年，青岛网络微短剧创作生产量质齐升。"
    )
    result = paragraphs(text)
    deck, first, last = result[0], result[1], result[-1]
    assert (deck.kind, deck.text) == ("heading", "2024年探索形成32项创新成果")
    assert first.section_path == ("青岛自贸片区实现制度创新成果全覆盖",)
    assert dict(first.extra) == {
        "article": "青岛自贸片区实现制度创新成果全覆盖",
        # headline and subtitle in the order the page prints them, for the article's card
        "masthead": "青岛自贸片区实现制度创新成果全覆盖\n2024年探索形成32项创新成果",
        "byline": "□记者 白晓 报道",  # as printed
    }
    assert result[2].section_path[0] == "青岛自贸片区实现制度创新成果全覆盖"
    assert last.section_path == ("青岛推动网络微短剧行业健康快速发展",)
    # a kicker printed above the headline
    assert (
        dict(last.extra)["masthead"]
        == "抢抓新风口 强化政策引导\n青岛推动网络微短剧行业健康快速发展"
    )
    assert [p.kind for p in result] == ["heading", "paragraph", "paragraph", "heading", "paragraph"]


def test_one_byline_does_not_split_a_page() -> None:
    result = paragraphs("标题行\n\n□记者 甲 报道\n正文。")
    assert all("article" not in dict(p.extra) for p in result)


def test_docx_and_html_lines_are_never_rejoined() -> None:
    result = paragraphs("没有句号的一段文字，它很长很长很长\n第二段。", hard_wrapped=False)
    assert [p.text for p in result] == ["没有句号的一段文字，它很长很长很长", "第二段。"]
