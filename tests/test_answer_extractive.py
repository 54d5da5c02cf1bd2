"""Extractive answers on hand-made chunks: sentence choice, trimming, tags, refusal evidence."""

from __future__ import annotations

import pytest

from answer.compose import compose_answer, compose_refusal, display
from answer.decide import refusal_reason
from answer.prompts import PromptLibrary
from answer.rules.asking import read_question
from answer.rules.choosing import choose_quotes
from answer.rules.evidence import weigh
from answer.rules.facts import figures
from answer.rules.glossary import Glossary
from answer.rules.terms import TermStats
from answer.rules.units import holds
from index.model import Hit
from index.segment import PolicyTokenizer
from ingest.model import Chunk, DocumentInfo

PLAN, MARINE, NEWS = "plan.txt", "marine.txt", "news.txt"
DOCS = {
    PLAN: DocumentInfo(PLAN, "十四五规划纲要", "管委", "2021-06-11", "plan", ""),
    MARINE: DocumentInfo(MARINE, "逐梦深蓝", "报纸", "2025", "news", ""),
    NEWS: DocumentInfo(NEWS, "青岛新闻版面", "报纸", "2024-12", "news", ""),
}
REVIEW = ("第一章 发展基础与环境", "第一节 发展基础", "一、综合实力显著增强")
FINANCE = ("第四章 聚焦“四新”经济培育发展", "第五节 建设产业金融发展引领区")
TABLE = ("第二章 发展目标", "附表(图)一", "“十四五”经济社会发展主要指标表")
TEXTS = {
    "review": (
        PLAN,
        REVIEW,
        "1.经济总量持续增长。2020年,青岛自贸片区实现固定资产投资108亿元,"
        "工业总产值670亿元,一般公共预算收入28.6亿元,货物进出口1108亿元,实际利用外资5亿美元。",
    ),
    "finance": (
        PLAN,
        FINANCE,
        "到2025年,自贸试验区内金融机构达到300家,年新增较大融资租赁公司达到100家。",
    ),
    "table": (
        PLAN,
        TABLE,
        "类别 经济发展 ｜ 序号 2 ｜ 主要指标 一般公共预算收入(亿元) ｜ 2020年完成 28.6 "
        "｜ 2025年目标 50 ｜ 指标属性 预期性",
    ),
    "crude": (
        MARINE,
        ("制度创新破局",),
        "在口岸通关领域，青岛自贸片区联合青岛海关推出的进口原油“先放后检”"
        "模式，将原本2—3天的验放时间缩减至半天，原油周转率提升35%，每艘油轮可节省成本200万元；"
        "针对保税铁矿混矿业务，创新“随卸随混”模式，将混矿准备时长压缩5天，混矿效率提高20%。",
    ),
    "growth": (
        NEWS,
        ("青岛自贸片区实现国家层面自贸制度创新成果类别全覆盖",),
        "统计数据显示，截至2024年10月底，青岛自贸片区外贸出口同比增长16%，一般公共预算收入同比增长10.7%。",
    ),
    "refund": (
        NEWS,
        ("青岛自贸片区实现国家层面自贸制度创新成果类别全覆盖",),
        "片区开展企业自有罐式集装箱通关模式改革，协同开展鲁豫联动跨关区通关改革，创新试点跨境电商"
        "零售进口税款电子支付，探索“数据联动”进口退税模式，实现海关与税务部门电子数据自动对碰，"
        "退税时间从33.9天降至7天以内。",
    ),
    "ecommerce": (
        PLAN,
        FINANCE,
        "支持开展“保税备货+新零售”业务,力争“十四五”末年跨境电商营业收入突破300亿元。",
    ),
    "leasing": (
        PLAN,
        FINANCE,
        "支持融资租赁公司在区内设立飞机、船舶等专业子公司,并对专业子公司不设最低注册资本限制。",
    ),
    "port": (NEWS, ("青岛港",), "青岛港2024年实现货物吞吐量7.1亿吨，集装箱吞吐量3087万标箱。"),
    "marine": (PLAN, FINANCE, "“十四五”期间,海洋产业增加值保持年均增速10%以上。"),
    "jinan": (NEWS, ("济南片区",), "济南片区推动外贸企业出海，外贸出口持续向好。"),
    "trade": (NEWS, ("青岛港",), "片区实现外贸进出口年均增速21%。"),
}
CHUNKS = {
    name: Chunk.make(
        doc_id=doc,
        section_path=section,
        text=text,
        doc_title=DOCS[doc].title,
        date=DOCS[doc].date,
        paragraph=str(n),
        kind="table_row" if name == "table" else "paragraph",
        doc_kind=DOCS[doc].kind,
    )
    for n, (name, (doc, section, text)) in enumerate(TEXTS.items(), start=1)
}


@pytest.fixture(scope="module")
def segmenter(tmp_path_factory):
    return PolicyTokenizer(tmp_path_factory.mktemp("jieba"))


@pytest.fixture(scope="module")
def stats():
    return TermStats(chunk.search_text for chunk in CHUNKS.values())


@pytest.fixture(scope="module")
def prompts():
    return PromptLibrary.load()


def hits(*names: str) -> list[Hit]:
    return [Hit(CHUNKS[name], 1.0 / rank, "hybrid") for rank, name in enumerate(names, start=1)]


def answer(segmenter, stats, prompts, question: str, *names: str):
    asked = read_question(segmenter, question)
    quotes = choose_quotes(asked, hits(*names), stats).shown
    return asked, quotes, compose_answer(quotes, DOCS, prompts)


def test_a_how_long_question_quotes_the_figure_with_its_citation(segmenter, stats, prompts):
    _, quotes, (text, citations) = answer(
        segmenter, stats, prompts, "原油先放后检 节省多少时间", "growth", "crude", "review"
    )
    assert "半天" in text and text.endswith("[1]。")
    assert citations[0].chunk == CHUNKS["crude"]
    assert all(sentence in CHUNKS["crude"].text for sentence in citations[0].sentences)
    assert "随卸随混" not in text  # the next sentence of the paragraph is not pasted in
    assert len(text) < 150


def test_a_long_sentence_is_trimmed_to_the_clauses_that_answer(segmenter, stats, prompts):
    _, quotes, (text, _) = answer(
        segmenter, stats, prompts, "“数据联动”进口退税以后退税要几天", "refund"
    )
    assert "7天以内" in text and "数据联动" in text
    assert "罐式集装箱" not in text
    assert quotes[0].text in CHUNKS["refund"].text  # quoted faithfully: an exact substring


def test_a_comparison_quotes_both_figures_and_dates_its_sources(segmenter, stats, prompts):
    _, quotes, (text, citations) = answer(
        segmenter,
        stats,
        prompts,
        "一般公共预算收入2020年是多少，2024年增长多少",
        "review",
        "growth",
        "finance",
    )
    assert "28.6亿元" in text and "10.7%" in text
    assert [c.number for c in citations] == [1, 2]  # numbered in order of first use
    assert "（2024年12月）" in text  # documents of different dates say so


def test_a_plan_target_is_marked_with_the_plan_date(segmenter, stats, prompts):
    _, _, (text, _) = answer(
        segmenter, stats, prompts, "到2025年片区金融机构要有多少家", "finance", "growth"
    )
    assert "300家" in text
    assert "（规划目标，2021年6月发布）[1]" in text


def test_an_achieved_figure_carries_no_target_tag(segmenter, stats, prompts):
    _, _, (text, _) = answer(
        segmenter, stats, prompts, "2020年片区工业总产值是多少", "review", "finance"
    )
    assert "670亿元" in text and "目标" not in text


def test_a_table_row_reads_as_indicator_and_columns(segmenter, stats, prompts):
    _, quotes, (text, citations) = answer(
        segmenter, stats, prompts, "一般公共预算收入2025年目标是多少", "table", "review"
    )
    assert (
        display(quotes[0]) == "一般公共预算收入(亿元)：2020年完成28.6，2025年目标50，指标属性预期性"
    )
    assert citations[0].sentences == (CHUNKS["table"].text,)


@pytest.mark.parametrize(
    ("question", "names", "field", "value"),
    [
        ("青岛片区企业所得税税率是多少", ("growth", "review"), "missing_detail", "税率或利率"),
        ("先放后检模式怎么申请，需要准备什么材料", ("crude",), "missing_detail", "申请办法和材料"),
        ("青岛片区的办公地址在哪", ("review", "finance"), "missing_detail", "地址"),
        ("上海自贸区金融机构有多少家", ("finance",), "other_region", "上海"),
        ("到2025年金融机构实际达到了多少家", ("finance",), "target_only", True),
        ("济南片区金融机构有多少家", ("finance",), "missing_entities", ("济南片区",)),
    ],
)
def test_refusal_evidence_names_what_is_missing(segmenter, stats, question, names, field, value):
    asked = read_question(segmenter, question)
    evidence = weigh(asked, choose_quotes(asked, hits(*names), stats).quotes, stats, 0.9)
    assert getattr(evidence, field) == value
    assert refusal_reason(evidence) == "not_in_documents"


def test_an_answered_question_has_no_refusal_reason(segmenter, stats):
    asked = read_question(segmenter, "原油先放后检 节省多少时间")
    evidence = weigh(asked, choose_quotes(asked, hits("crude"), stats).quotes, stats, 0.9)
    assert refusal_reason(evidence) == ""
    assert evidence.coverage > 0.8


def test_a_question_on_an_absent_topic_is_refused_for_low_coverage(segmenter, stats):
    asked = read_question(segmenter, "片区对新能源汽车企业有什么专项补贴")
    evidence = weigh(asked, choose_quotes(asked, hits("review", "crude"), stats).quotes, stats, 0.9)
    assert refusal_reason(evidence) == "not_in_documents"
    assert "新能源汽车" in "".join(evidence.uncovered)


def test_a_target_refusal_quotes_the_target(segmenter, stats, prompts):
    asked = read_question(segmenter, "到2025年金融机构实际达到了多少家")
    quotes = choose_quotes(asked, hits("growth", "finance"), stats).quotes
    evidence = weigh(asked, quotes, stats, 0.9)
    text, citations = compose_refusal(evidence, quotes, DOCS, prompts)
    assert "只有规划目标：到2025年,自贸试验区内金融机构达到300家" in text
    assert citations[0].chunk == CHUNKS["finance"]


def test_a_close_but_absent_detail_says_so_and_quotes_the_related_passage(
    segmenter, stats, prompts
):
    asked = read_question(segmenter, "2020年片区固定资产投资的贷款利率是多少")
    quotes = choose_quotes(asked, hits("review"), stats).quotes
    evidence = weigh(asked, quotes, stats, 0.9)
    text, citations = compose_refusal(evidence, quotes, DOCS, prompts)
    assert text.startswith(
        "现有文件未写明“税率或利率”；相关内容是：2020年,青岛自贸片区实现固定资产投资108亿元"
    )
    assert "[1]。" in text and "。[1]" not in text
    assert "青岛自贸片区政务服务大厅" in text
    assert citations[0].chunk == CHUNKS["review"]


def test_a_refusal_names_no_passage_that_is_not_near(segmenter, stats, prompts):
    asked = read_question(segmenter, "青岛片区企业所得税税率是多少")
    quotes = choose_quotes(asked, hits("review"), stats).quotes
    text, citations = compose_refusal(weigh(asked, quotes, stats, 0.9), quotes, DOCS, prompts)
    assert (
        text == "现有政策文件中没有找到“税率或利率”的内容。具体事项请咨询青岛自贸片区政务服务大厅。"
    )
    assert citations == ()


def test_questions_say_what_kind_of_answer_they_want(segmenter):
    listed = read_question(segmenter, "管委层面说的“五个统一”具体是哪些")
    assert (listed.wants, listed.items) == ("list", 5)
    assert listed.answers("实现“统一规划、统一招商、统一产业布局、统一行政审批、统一综合执法”") == 2
    assert listed.answers("从工委、管委层面到基层组织") == 1
    days = read_question(segmenter, "“数据联动”进口退税以后退税要几天")
    assert (days.wants, days.unit) == ("amount", "天|日")
    assert days.answers("查询时长由1个月缩减至10秒内") == 0
    assert days.answers("退税时间从33.9天降至7天以内") == 1
    both = read_question(segmenter, "航运企业集成化审批服务能缩短多少天、一年省多少钱")
    assert both.compare and both.unit == "天|日|元"
    assert read_question(segmenter, "碳足迹评价先在哪些行业试").wants == "list"
    assert read_question(segmenter, "这个十四五规划纲要管的是哪几年？").wants == "time"


def test_many_said_in_words_is_not_a_figure():
    assert figures("集聚起一大批带动性、引领性产业项目") == []
    assert figures("重点发展五大产业，打造一个平台") == ["五大", "一个"]


def test_one_of_a_kind_is_no_count():
    assert not holds("[条个]", "已构建起一条完整的海洋科技创新生态链")
    assert holds("[条个]", "新增集装箱航线20条") and holds("[条个]", "建成两个平台")


@pytest.mark.parametrize(
    ("question", "names"),
    [
        # the end of the plan's period is its last year
        ("2025年跨境电商营业收入要突破多少", ("ecommerce",)),
        # a threshold asked about is no application procedure
        ("Is there a minimum capital requirement for leasing subsidiaries?", ("leasing",)),
        # what is required of a figure is the figure required
        ("海洋产业增加值增速有什么要求", ("marine",)),
    ],
)
def test_the_asked_fact_stands_in_the_quote_however_the_question_puts_it(
    segmenter, stats, question, names
):
    asked = read_question(segmenter, question, Glossary.load())
    evidence = weigh(asked, choose_quotes(asked, hits(*names), stats).quotes, stats, 0.9)
    assert refusal_reason(evidence) == "", evidence


def test_a_figure_put_to_check_is_the_answer_not_a_figure_the_asker_knows(segmenter):
    text = "山东自贸试验区38项制度创新成果获省政府部署在全省复制推广"
    checked = read_question(segmenter, "有几项制度创新成果在全省复制推广，是38项还是")
    assert checked.missing_unit([text]) == ""
    # "千种…完成了多少种" is not answered by the 千种 it names
    known = read_question(segmenter, "千种海洋生物测序完成了多少种")
    assert known.missing_unit(["全力完成千种海洋生物测序"]) == "数量"


def test_the_part_asked_after_其中_must_be_named_whole_by_one_figure_passage(segmenter, stats):
    asked = read_question(segmenter, "青岛港货物吞吐量是多少？其中外贸货物吞吐量占多少")
    evidence = weigh(asked, choose_quotes(asked, hits("port", "trade"), stats).quotes, stats, 0.9)
    assert "外贸" in evidence.missing_entities
    assert refusal_reason(evidence) == "not_in_documents"


def test_a_figure_asked_of_an_area_must_stand_in_a_passage_on_that_area(segmenter, stats):
    # the passage on 济南 gives no figure; the one with the figure speaks of 青岛
    asked = read_question(segmenter, "济南片区外贸出口同比增长多少")
    evidence = weigh(asked, choose_quotes(asked, hits("growth", "jinan"), stats).quotes, stats, 0.9)
    assert evidence.missing_entities == ("济南片区",)
    assert refusal_reason(evidence) == "not_in_documents"


@pytest.mark.parametrize(
    ("question", "deed"),
    [
        ("2024年创新成果发布会上是谁出来介绍情况的", "介绍"),
        ("那场发布会是哪位领导介绍的", "介绍"),
        ("这个行动方案是谁发布的", "发布"),
        ("片区负责人是谁", ""),
    ],
)
def test_a_who_question_asks_for_the_doer_of_its_deed(segmenter, question, deed):
    asked = read_question(segmenter, question)
    assert asked.deed == deed
    if deed == "介绍":  # the presenter, not the body that held the conference, did it
        presenter = (
            "青岛自贸片区工委委员、管委副主任，黄岛区政府党组成员隋斌介绍，片区成果有三个特点"
        )
        holder = "青岛市政府新闻办召开发布会，介绍2024年青岛自贸片区高质量制度创新成果情况"
        assert asked.answers(presenter) == 2 and asked.answers(holder) == 1
