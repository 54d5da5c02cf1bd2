"""The real corpus in docs/: every quirk of the five files is handled."""

from __future__ import annotations

from collections import Counter

import pytest

from eval.textmatch import normalize
from ingest.model import CHUNK_KINDS

PLAN = "qingdao-ftz-14th-five-year-plan.txt"
PDF = "qingdao-ftz-marine-economy-pdf.txt"
NEWS = "qingdao-news-page-2024-12.txt"
PACESETTER = "qingdao-ftz-opening-pacesetter.txt"
REVIEW = "shandong-ftz-2025-review.txt"


def body_chunks(corpus):
    """The documents' own text: every chunk but the document cards."""
    return [chunk for chunk in corpus.chunks if chunk.kind != "document"]


def chunks_of(corpus, doc_id: str):
    return [chunk for chunk in body_chunks(corpus) if chunk.doc_id == doc_id]


def test_every_file_is_parsed_with_manifest_metadata(parsed_corpus) -> None:
    assert parsed_corpus.failures == []
    documents = {doc.doc_id: doc for doc in parsed_corpus.documents}
    assert set(documents) == {PLAN, PDF, NEWS, PACESETTER, REVIEW}
    assert documents[PLAN].date == "2021-06-11" and documents[PLAN].kind == "plan"
    assert documents[REVIEW].issuer == "山东省商务厅"
    plan_chunk = chunks_of(parsed_corpus, PLAN)[0]
    assert (plan_chunk.doc_title, plan_chunk.date) == (documents[PLAN].title, "2021-06-11")


def test_chunks_are_small_unique_and_ordered(parsed_corpus) -> None:
    chunks = parsed_corpus.chunks
    assert max(len(chunk.text) for chunk in chunks) <= 300
    assert len({chunk.id for chunk in chunks}) == len(chunks)
    assert {chunk.kind for chunk in chunks} <= set(CHUNK_KINDS)
    for doc in parsed_corpus.documents:
        mine = [c for c in chunks if c.doc_id == doc.doc_id]  # the card first, at 0
        assert [c.position for c in mine] == list(range(len(mine)))


@pytest.mark.parametrize(
    "figure",
    ["3087万标箱", "244.81亿元", "9.1%", "12.75%", "20万元", "2亿美元", "70余万箱", "30天"],
)
def test_spaced_figures_are_searchable_as_written_normally(parsed_corpus, figure: str) -> None:
    assert any(figure in chunk.text for chunk in chunks_of(parsed_corpus, PDF))


def test_raw_quotes_with_broken_lines_match_cleaned_chunks(parsed_corpus) -> None:
    quotes = {
        PDF: "首创的“货物储运状\n\n态分类监管”模式，为企业每年节省物\n流成本 2 0 万 元",
        NEWS: "在全国首次实现海关与税务部门电\n\n子数据自动对碰",
    }
    for doc_id, quote in quotes.items():
        assert any(normalize(quote) in normalize(c.text) for c in chunks_of(parsed_corpus, doc_id))


def test_indicator_table_has_twenty_rows_with_headers(parsed_corpus) -> None:
    rows = [c for c in chunks_of(parsed_corpus, PLAN) if c.kind == "table_row"]
    assert len(rows) == 20
    assert rows[1].text == (
        "类别 经济发展 ｜ 序号 2 ｜ 主要指标 一般公共预算收入(亿元) ｜ 2020年完成 28.6"
        " ｜ 2025年目标 50 ｜ 指标属性 预期性"
    )
    assert rows[0].section_path[-2:] == ("附表(图)一", "“十四五”经济社会发展主要指标表")
    categories = Counter(row.text.split(" ｜ ")[0] for row in rows)
    assert categories == {"类别 经济发展": 12, "类别 对外开放": 3, "类别 社会发展": 5}
    assert all(f"序号 {n} ｜" in row.text for n, row in enumerate(rows, start=1))
    assert all(row.text.endswith(("指标属性 预期性", "指标属性 约束性")) for row in rows)
    assert "纳入西海岸新区统一核算" in rows[19].text


def test_plan_outline_without_table_of_contents(parsed_corpus) -> None:
    chunks = chunks_of(parsed_corpus, PLAN)
    paths = {chunk.section_path for chunk in chunks}
    assert ("第一章 发展基础与环境", "第一节 发展基础", "一、综合实力显著增强") in paths
    assert ("前言",) in paths
    texts = "".join(chunk.text for chunk in chunks)
    assert "发展基础6" not in texts and "目录" not in [c.text for c in chunks]
    assert sum("经济总量持续增长" in c.text for c in chunks) == 1


def test_news_page_chunks_name_their_article(parsed_corpus) -> None:
    chunks = chunks_of(parsed_corpus, NEWS)
    articles = {dict(chunk.extra)["article"] for chunk in chunks}
    assert len(articles) == 10  # the manifest says "等9篇"; the page carries ten headlines
    for chunk in chunks:
        assert chunk.section_path[0] == dict(chunk.extra)["article"]
    by_article = {dict(c.extra)["article"]: c for c in chunks if "微短剧" in c.text}
    assert set(by_article) == {"青岛推动网络微短剧行业健康快速发展"}


def test_every_document_has_a_card_with_its_header_facts(parsed_corpus) -> None:
    cards = {
        c.doc_id: c
        for c in parsed_corpus.chunks
        if c.kind == "document" and c.section_path == ("文件信息",)
    }
    assert set(cards) == {doc.doc_id for doc in parsed_corpus.documents}
    plan = cards[PLAN].text
    for line in (
        "发文字号 青自贸管发〔2021〕34号",
        "索引号 75379544200020020210012",
        "有效性 有效",
        "简称 “十四五”规划纲要",  # the name a five-year plan goes by, after its full title
    ):
        assert line in plan
    # the plan's page prints every header field with its label: the card shows them as
    # printed, in the page's order, the blank registration number included, each once
    assert "• 发文单位 青岛前湾保税港区管委\n• 有效性 有效\n• 规范性文件登记号\n" in plan
    assert plan.count("有效性") == 1
    assert "简称" not in cards[REVIEW].text
    assert "发布时间:2026-01-01" in cards[REVIEW].text  # the page's own label and colon, date only
    # a bar with a breadcrumb is kept whole, as printed, after the card's labelled lines
    assert cards[REVIEW].text.endswith(
        "信息栏 • 山东省商务厅 向“新”而行 向“实”发力——山东自贸试验区交出2025年“高分答卷”"
        " 发布时间:2026-01-01 阅读次数: 来源:"
    )
    pacesetter = cards[PACESETTER].text
    assert "责任编辑:杨小萌" in pacesetter  # the page's editor line, no longer dropped
    assert "(青岛日报/观海新闻记者 王凯)" in pacesetter  # the closing credit as printed
    assert "作者" not in pacesetter  # the manifest's authors would only repeat the page
    # a photo's caption is a fact of the page that prints it, on no other card
    caption = "图片说明 新旧动能转换，通关高效便捷。图为山东港口青岛港传统桥吊（左）与自动化无人桥吊（右）对比"
    assert caption in cards[PDF].text
    assert "图片说明" not in pacesetter
    bylines = [c.text for c in parsed_corpus.chunks if c.kind == "document" and c.doc_id == NEWS]
    transport = next(text for text in bylines if "交通产业园在青岛开园" in text)
    # headline, byline as printed, then the opening sentence the byline stands before
    assert "□记者 李媛 报道\n本报青岛讯 2024年12月28日，省内首个交通产业园" in transport
    # a kicker, the headline and the byline as the page prints them, one passage to cite
    masthead = "引题 抢抓新风口 强化政策引导\n青岛推动网络微短剧行业健康快速发展\n□记者 杨国胜 报道"
    assert any(masthead in text for text in bylines)
    assert "“青岛农产品”登顶2024中国区域农业品牌影响力T100\n□记者 李媛 报道" in "".join(bylines)
    # a document's chapters in order on a card of their own; a news page's articles have
    # cards of their own
    parts = {
        c.doc_id: c.text
        for c in parsed_corpus.chunks
        if c.kind == "document" and c.section_path == ("文件信息", "目录")
    }
    assert "》\n目录 前言；第一章 发展基础与环境；第二章 发展目标；" in parts[PLAN]
    assert parts[PLAN].endswith("；第八章 强化规划实施保障")
    assert NEWS not in parts and PACESETTER not in parts


def test_no_page_furniture_is_left(parsed_corpus) -> None:
    text = "\n".join(chunk.text for chunk in body_chunks(parsed_corpus))
    for furniture in (
        "字体大小",
        "索引号",
        "责任编辑",
        "分享到",
        "如果您对该文件有疑问",
        "阅读次数",
    ):
        assert furniture not in text
    first = chunks_of(parsed_corpus, PACESETTER)[0].text
    assert first.startswith("推进多场景融合创新") and "排头兵" not in first


def test_headings_live_in_section_paths_not_in_tiny_chunks(parsed_corpus) -> None:
    headings = {title for chunk in body_chunks(parsed_corpus) for title in chunk.section_path}
    assert not [chunk.text for chunk in body_chunks(parsed_corpus) if chunk.text in headings]
    review = chunks_of(parsed_corpus, REVIEW)
    assert review[1].section_path == ("制度创新攻坚突破:破解发展堵点,释放市场活力",)
    caption = [c for c in chunks_of(parsed_corpus, PDF) if "图为" in c.text]
    assert caption[0].section_path == ("科技创新筑基 培育未来海洋产业",)


def test_stats_count_what_was_parsed(parsed_corpus) -> None:
    stats = parsed_corpus.stats
    assert stats["files"] == 5 and stats["failed"] == 0
    assert stats["table_rows"] == 20 and stats["chunks"] == len(parsed_corpus.chunks)
    assert stats["articles"] == 10 + 4
    assert stats["max_chunk_chars"] <= 300


def test_a_parse_cache_reparses_only_changed_files(tmp_path, monkeypatch):
    from ingest import pipeline

    (tmp_path / "a.txt").write_text(
        "第一章 总则\n\n青岛自贸片区推行“先放后检”模式。\n", encoding="utf-8"
    )
    (tmp_path / "b.txt").write_text("第一章 总则\n\n片区设立自贸助贷资金池。\n", encoding="utf-8")
    cache: pipeline.ParseCache = {}
    pipeline.parse_corpus(tmp_path, cache=cache)
    parsed: list[str] = []
    real = pipeline.parse_document
    monkeypatch.setattr(
        pipeline, "parse_document", lambda path, *a: parsed.append(path.name) or real(path, *a)
    )
    (tmp_path / "b.txt").write_text(
        "第一章 总则\n\n片区设立1亿元自贸助贷资金池。\n", encoding="utf-8"
    )
    corpus = pipeline.parse_corpus(tmp_path, cache=cache)
    assert parsed == ["b.txt"]
    assert any("1亿元" in chunk.text for chunk in corpus.chunks)
