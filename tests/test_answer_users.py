"""Questions as users type them, on the real corpus and index: background words, document
facts, English, and a new question after an unrelated conversation."""

from __future__ import annotations

import pytest

from answer.assistant import Assistant
from answer.rules.dating import date_label_en
from index.filters import LookupFilter


@pytest.fixture(scope="module")
def assistant(policy_index, corpus_settings) -> Assistant:
    return Assistant(policy_index, corpus_settings)


def test_background_words_do_not_make_an_answerable_question_refused(assistant):
    answer = assistant.answer(
        "我司从事保税铁矿混矿业务，听说片区有新模式，混矿准备时间能压缩多少？"
    )
    assert not answer.refused
    assert "5天" in answer.text


def test_how_the_asker_asks_is_no_missing_topic(assistant):
    # "打算…", "有没有相关安排" say how one asks; the topic is the wholly foreign-owned hospital
    _answered_with(
        assistant,
        "我们是韩国一家医疗集团，打算在片区开独资医院，规划里有没有相关安排？",
        "独资医疗机构",
    )


def test_what_the_asker_heard_names_the_topic(assistant):
    # "听说…" is not about the asker: the policy heard of is what the answer must be about
    _answered_with(
        assistant, "我们做船舶维修的，听说可以用综保区21条政策，能开展哪些业务", "全球维修"
    )


def test_a_full_question_after_an_unrelated_one_gets_the_new_chat_answer(assistant):
    question = "我们公司做跨境电商，想在青岛片区开海外仓，有什么支持政策？"
    fresh = assistant.answer(question)
    after = assistant.answer(question, ["2020年青岛自贸片区的工业总产值是多少？"])
    assert after.text == fresh.text and after.refused == fresh.refused


@pytest.mark.parametrize(
    ("question", "shown"),
    [
        # a demonstrative is not a missing topic
        ("这份规划纲要管哪几年", ("2021-2025",)),
        ("这篇报道里片区获批多久了", ("近五年",)),
        # a place something is moved to answers where
        ("空运出口货物的安检组板以后放到哪里做", ("前置到货站",)),
        # a quote is not cut just before the members asked for
        ("首贷信用贷服务能力提升行动重点支持哪些领域的民营企业", ("专精特新",)),
        # two figures asked together are both quoted when no unit is named
        ("2024年前10个月片区外贸出口和财政收入涨了多少", ("16%", "10.7%")),
        # an English question on what opens first, from the plan
        ("Which sectors will the zone open up first to foreign investment?", ("电信",)),
    ],
)
def test_questions_typed_as_users_do_are_answered_with_the_fact(assistant, question, shown):
    _answered_with(assistant, question, *shown)


def test_a_broad_question_is_shown_a_second_paragraph_on_its_topic(assistant):
    question = "片区对企业做工业互联网数字化诊断有什么支持"
    answer = assistant.answer(question)
    assert "5-10家" in answer.text and "数字化转型" in answer.text
    assert len({c.chunk.id for c in answer.citations}) == 2
    # the decision to answer rests on the paragraph that answers; the second is only shown
    (part,) = assistant.prepare(question).scored
    assert len(part.quotes) == 1 and len(part.answer_quotes) == 2


def test_a_broad_question_is_shown_each_paragraph_wholly_on_its_topic(assistant):
    # both paragraphs hold every word of the question, so neither adds terms to the other:
    # the plan's review and the 2024 report each name a different Siemens project
    answer = assistant.answer("西门子在片区有什么项目")
    assert "西门子创新中心" in answer.text and "工业4.0创新中心" in answer.text
    assert len({c.chunk.doc_id for c in answer.citations}) == 2


def test_what_follows_on_the_topic_in_the_same_sentence_is_shown_with_it(assistant):
    # "…转为出让;" and "如果未能通过履约考核,…收回土地使用权。" both hold every keyword:
    # the second is shown too, joined to the first as the plan prints them
    answer = assistant.answer("先租后让 履约考核")
    assert "转为出让;如果未能通过履约考核" in answer.text and "收回土地使用权" in answer.text
    assert len(answer.citations) == 1


def test_two_years_compared_are_both_quoted(assistant):
    # each year's figure stands in its own sentence, of two documents
    _answered_with(
        assistant, "2020年和2024年青岛港的集装箱吞吐量分别有多少万标箱", "2200万", "3087万"
    )


def test_each_subject_compared_is_answered_by_its_own_date(assistant):
    # each sentence names one of the two subjects, so holds only half of the question
    _answered_with(
        assistant, "交通产业园开园和通号青铁低空公司揭牌各是哪天？", "12月28日", "12月27日"
    )


def test_a_day_or_an_event_time_is_answered_only_by_a_date(assistant):
    _answered_with(assistant, "省内首个交通产业园是几月几号开园的", "12月28日")
    # a year or "近期" is not the day asked for
    refused = assistant.answer("西门子工业4.0创新中心是哪天开始运营的")
    assert refused.refused and "“天" not in refused.text
    assert assistant.answer("中日韩消费专区的免税店开业时间").refused
    # in English too: the marine review's card dates it by its year alone
    exact = assistant.answer(
        "On what exact day was the Qingdao Area marine economy review published?"
    )
    assert exact.refused or exact.unanswered


def test_an_author_is_a_document_fact_answered_from_a_byline_or_refused(assistant):
    _answered_with(assistant, "省内首个交通产业园那篇报道的作者是谁", "李媛")
    # a report's closing credit names its reporter; the newspaper page's review names none
    _answered_with(assistant, "《青岛自贸片区：努力当好全市开放发展排头兵》的作者是谁", "王凯")
    _refused_naming(assistant, "《逐梦深蓝，向海图强》那篇综述的作者是谁", "作者")
    # a report's reporter does not stand in for its editor
    _refused_naming(assistant, "交通产业园开园那篇报道的编辑是谁", "责任编辑", "李媛")


def test_the_way_to_a_place_is_an_address_the_documents_do_not_give(assistant):
    _refused_naming(assistant, "国家海洋基因库在哪条路上 怎么过去", "地址")


def test_people_firms_and_tonnes_are_counted_apart(assistant):
    _refused_naming(assistant, "跨境电商博览会来了多少名观众", "人数")  # 500家企业参展
    _refused_naming(assistant, "原油混兑调和业务一年处理多少吨油", "吨数")  # 22元/吨
    _answered_with(assistant, "华大基因研究院和多少家科研院所开展了合作", "153个")


def test_an_amount_named_by_its_noun_asks_for_a_figure_in_its_unit(assistant):
    # keywords and English naming a fee: the expo's 500 exhibitors are no fee
    _refused_naming(assistant, "跨境电商博览会 展位费", "金额", "500家企业")
    english = assistant.answer(
        "What is the exhibition fee for the e-commerce expo in the Yellow River basin?"
    )
    assert english.refused and "do not state the amount in yuan" in english.text
    _answered_with(assistant, "罐式集装箱 通关 报关费用", "200元")


def test_how_often_is_counted_apart_from_how_many(assistant):
    _refused_naming(assistant, "海铁联运班列一周跑几班", "次数", "86条")  # routes, not runs
    _answered_with(assistant, "即墨区一年举办多少次阅读活动", "300余场次")


def test_a_present_figure_is_not_answered_by_a_plan_target(assistant):
    _refused_naming(assistant, "集成电路产业园如今有多少专业人才了", "人数")  # 1.2万人 is planned
    _answered_with(assistant, "集成电路产业园目前集聚了多少个项目", "30个")


def test_a_price_per_unit_is_answered_only_by_a_price_per_unit(assistant):
    _refused_naming(assistant, "租海外仓每平方米能补多少钱", "单价")  # only "300亿元" nearby
    _answered_with(assistant, "保税原油混兑调和每吨能省多少钱", "22元/吨")


def test_a_card_fact_asked_by_another_word_than_its_label_is_answered(assistant):
    # "文号" is held by the card's line labelled 发文字号
    _answered_with(assistant, "规划的文号", "青自贸管发〔2021〕34号")


def test_the_plans_document_number_is_answered_from_its_card(assistant):
    answer = assistant.answer("十四五规划纲要的发文字号是什么")
    assert not answer.refused
    assert "青自贸管发〔2021〕34号" in answer.text
    assert answer.citations[0].chunk.kind == "document"


def test_a_reporter_is_answered_from_the_article_card(assistant):
    answer = assistant.answer("省内首个交通产业园开园的报道是哪个记者写的")
    assert "李媛" in answer.text


def test_when_and_by_whom_a_document_was_issued_comes_from_its_card_not_its_notice(assistant):
    # the notice "关于印发《…》的通知" holds every word of these questions and neither fact
    for question, fact in (
        ("十四五规划什么时候印发的", "2021-06-11"),
        ("青岛片区十四五规划是哪个单位印发的", "青岛前湾保税港区管委"),
        ("海洋经济综述是哪年写的", "发布日期 2025"),
        ("排头兵那篇报道是什么时候登的", "2024-06-26"),
    ):
        answer = assistant.answer(question)
        assert not answer.refused and fact in answer.text, (question, answer.text)
        assert answer.citations[0].chunk.kind == "document"
    _answered_with(assistant, "海洋经济那篇综述 标题", "逐梦深蓝，向海图强")


def test_a_photo_caption_is_answered_from_the_page_that_prints_one(assistant):
    answer = assistant.answer("海洋经济那篇综述的图片说明是什么")
    assert not answer.refused, answer.text
    assert "传统桥吊（左）与自动化无人桥吊（右）" in answer.text
    assert answer.citations[0].chunk.kind == "document"
    # a report printing no photo has no caption: said so, naming the report, not "文件信息"
    _refused_naming(
        assistant,
        "排头兵那篇报道的配图说明写的啥",
        "图片说明",
        "《青岛自贸片区：努力当好全市开放发展排头兵》",
    )


def test_an_articles_subtitle_and_a_reports_editor_are_answered_as_printed(assistant):
    subtitle = assistant.answer("微短剧那篇报道的副标题是什么")
    assert not subtitle.refused
    assert "抢抓新风口" in subtitle.text
    editor = assistant.answer("排头兵那篇报道的责任编辑叫什么")
    assert "杨小萌" in editor.text
    assert "责任编辑:杨小萌" in editor.citations[0].chunk.text  # the page's own line


def test_an_english_question_is_answered_with_an_english_lead_and_the_chinese_quote(assistant):
    answer = assistant.answer(
        "How much time does the crude oil release first, inspect later model save?"
    )
    assert not answer.refused
    assert answer.text.startswith("According to")
    assert "半天" in answer.text and "[1]" in answer.text


def test_an_english_questions_other_words_choose_among_quotes_by_their_glosses(assistant):
    # no glossary phrase says "development path"; a dictionary's 发展, 路径 pick the sentence
    question = "What development path does the FTZ follow in advanced manufacturing?"
    assert "路径" in assistant.reader.read(question, []).parts[0].glossed
    _answered_with(assistant, question, "强存量、扩增量、锻链条、建园区、优保障")


def test_an_english_reader_is_told_the_source_and_its_month_in_english(assistant):
    answer = assistant.answer("What support is there for cross-border e-commerce in the FTZ?")
    assert answer.text.startswith(
        "According to the Qingdao Area 14th Five-Year Plan (June 2021), in Chinese: "
    ), answer.text
    assert date_label_en("2024-12-28") == "December 2024" and date_label_en("2025") == "2025"


def test_an_english_question_the_documents_do_not_answer_is_refused_in_english(assistant):
    answer = assistant.answer("What are the talent settlement policies of Shanghai Lingang?")
    assert answer.refused
    assert answer.text.startswith("The documents cover only the China (Shandong) Pilot")
    assert "service hall" in answer.text


@pytest.mark.parametrize(
    ("question", "missing"),
    [
        (
            "What is the hotline number for the crude oil release-first inspection service?",
            "a phone number",
        ),
        ("What is the deadline to apply for the free trade loan pool?", "the deadline"),
    ],
)
def test_an_english_question_for_a_detail_the_documents_omit_is_refused(
    assistant, question, missing
):
    answer = assistant.answer(question)
    assert answer.refused, answer.text
    assert answer.text.startswith(f"The documents do not state {missing}.")


def test_an_english_how_many_is_answered_only_by_a_count(assistant):
    # "how many X" asks for a count, as "多少个" does: a cost in 元 is no count of docks
    answer = assistant.answer("How many crude oil docks does the zone plan to add?")
    assert answer.refused and answer.text.startswith("The documents do not state the number.")
    _answered_with(
        assistant, "How many projects has the integrated circuit industrial park gathered?", "30个"
    )


def test_the_reader_language_decides_the_wording_but_never_the_quote(assistant):
    english = assistant.answer("原油先放后检 节省多少时间", language="en")
    chinese = assistant.answer("原油先放后检 节省多少时间")
    # the source named in English (docs/manifest.json's title_en), its month in English
    assert english.text.startswith("According to the Qingdao Area marine economy review (2025)")
    assert ", in Chinese: " in english.text
    assert "半天" in english.text and "半天" in chinese.text
    assert english.citations[0].chunk.id == chinese.citations[0].chunk.id
    refused = assistant.answer("济南片区大件运输审批要几个工作日", language="en")
    assert refused.refused and refused.text.startswith(
        "The documents do not state how long processing takes"
    )
    assert "83%" in refused.text  # the related rule is still quoted, in Chinese
    assert assistant.answer("你好", language="en").text.startswith("Hello!")


def test_an_amount_in_a_unit_no_quote_gives_is_refused_naming_what_is_missing(assistant):
    # the documents give the reform's gains in percent, never a number of days
    answer = assistant.answer("济南片区大件运输审批压缩了多少天")
    assert answer.refused
    assert "天数" in answer.text and "83%" in answer.text


def test_an_amount_in_the_unit_asked_is_answered(assistant):
    answer = assistant.answer("四证一单 审查时间 几天")
    assert not answer.refused
    assert "7天" in answer.text


def _refused_naming(assistant, question: str, *shown: str) -> None:
    answer = assistant.answer(question)
    assert answer.refused, answer.text
    for text in shown:  # the missing detail named, the related rule still quoted
        assert text in answer.text


def _answered_with(assistant, question: str, *shown: str) -> None:
    answer = assistant.answer(question)
    assert not answer.refused, answer.text
    for text in shown:
        assert text in answer.text


def test_a_year_only_the_plans_title_names_is_not_answered_by_a_row_dated_otherwise(assistant):
    _refused_naming(assistant, "片区2035年实际利用外资目标多少", "2035年", "2025年目标30")
    _answered_with(assistant, "片区2025年实际利用外资目标多少", "2025年目标30")


def test_a_year_naming_when_a_report_appeared_is_spoken_of_by_that_report(assistant):
    # "2024年6月…那篇报道" dates the report; its sentences need not repeat the year
    _answered_with(assistant, "2024年6月排头兵那篇报道说片区的产业集群发展得怎么样？", "产业集群")
    answer = assistant.answer("2024年6月排头兵那篇报道说片区的产业集群发展得怎么样？")
    assert "未写明" not in answer.text, answer.text


def test_a_figure_of_another_year_does_not_answer_for_the_year_asked(assistant):
    # "2024年，…54部，…已远超2023年数量" names 2023 but gives 2024's figure only
    _refused_naming(assistant, "2023年青岛全市规划备案的重点网络微短剧有多少部？", "2023年", "54部")
    _answered_with(assistant, "2024年青岛全市规划备案的重点网络微短剧有多少部？", "54部")


def test_a_procedure_or_fee_the_documents_do_not_give_is_refused_naming_it(assistant):
    # keywords a service-hall visitor types for papers to file and a way in
    _refused_naming(assistant, "海铁联运一单制 备案材料", "申请材料", "一单制")
    _refused_naming(assistant, "离岸达平台 登录入口", "网址", "离岸达")
    _refused_naming(
        assistant, "货物储运状态分类监管模式 企业要满足啥条件 去哪申请", "申请办法和材料"
    )
    _refused_naming(assistant, "海洋基因库参观门票多少", "金额标准")
    # "材料" in "从设计到材料、设备、制造" is no list of documents to submit
    english = assistant.answer(
        "How do companies apply to join the integrated circuit industrial park?"
    )
    assert english.refused and "how to apply and what to submit" in english.text
    # a saving, not a fee
    _answered_with(assistant, "航运企业集成化审批 一年能省多少钱", "1500万元")


def test_members_asked_by_name_are_refused_when_the_quotes_only_count_them(assistant):
    _refused_naming(assistant, "青岛港新增的那20条集装箱航线都通往哪些港口", "具体有哪些港口")
    english = assistant.answer("青岛港新增的那20条集装箱航线都通往哪些港口", language="en")
    assert english.text.startswith("The documents do not state which 港口 they are, by name.")
    # a quote that enumerates them answers, whatever the documents call them (领域, not 行业)
    _answered_with(assistant, "片区鼓励哪些行业的跨国公司用跨境人民币资金池", "汽车及零配件")
    # members listed in brackets, and a 白名单 that is not a question for names
    _answered_with(assistant, "片区海洋经济的两大特色是哪两个", "数智支撑力")
    _answered_with(assistant, "第二批研发用物品进口白名单把什么纳入了清单管理", "4种研发用物品")
    # two named in one line are members too
    _answered_with(
        assistant, "印发片区十四五规划纲要的通知是哪两个管委联合发的", "青岛前湾保税港区管委"
    )


def test_who_is_answered_by_a_body_named_in_the_quote_on_the_question(assistant):
    # a body in an unrelated quote (a laboratory in another article) does not answer
    assert assistant.answer("数智药安系统是谁开发的").refused
    assert assistant.answer("Which company developed the 数智药安 system in Jinan?").refused
    _answered_with(assistant, "进口原油先放后检是片区联合哪个部门推出的", "青岛海关")
    _answered_with(
        assistant, "交通产业园开园那天交通运输局跟哪家公司签了协议", "百度网讯科技有限公司"
    )


def test_members_named_stand_in_the_clause_that_names_their_set(assistant):
    # "试点银行已为4100家企业办理付汇" names no bank; "汇率风险、节约了企业成本" lists no banks
    _refused_naming(assistant, "运费外汇支付便利化 参与的试点银行有哪些", "具体有哪些")
    # support is set out as measures, clause by clause
    _answered_with(assistant, "做二手车出口的企业，片区规划里有哪些支持", "二手车出口")


def test_a_set_the_question_counts_is_answered_only_by_its_members_named(assistant):
    # the quote restates the count the question already gives, and names no member
    answer = assistant.answer("区内那23家世界500强企业具体叫什么名字")
    assert answer.refused and ("具体有哪些企业" in answer.text or "未写明“名称”" in answer.text)
    _refused_naming(assistant, "获国家部委推广认可的那4项成果都是什么", "具体有哪些成果")
    # "…+7个工作推进专班+4个保障组…" lists the set's siblings, not its members
    _refused_naming(assistant, "7个专班分别是什么", "具体有哪些专班")
    # members joined by 和 and counted, or listed with 、, answer
    _answered_with(
        assistant, "2024年新增的两项全国最佳实践案例分别是什么", "航运企业集成化审批服务模式"
    )
    _answered_with(assistant, "进出境船舶监管的五个统一分别是什么", "统一现场执法")


@pytest.mark.parametrize(
    ("question", "answered", "missing"),
    [
        ("先放后检能节省多少时间？2016年在哪些口岸试点过？", "缩减至半天", "2016年"),
        ("自贸助贷资金池规模多大 2018年放了多少笔", "1亿元", "2018年"),
        ("原油先放后检省多少时间，上海临港有没有类似做法", "缩减至半天", "上海"),
    ],
)
def test_a_part_the_documents_do_not_answer_is_named_beside_the_answered_one(
    assistant, question, answered, missing
):
    answer = assistant.answer(question)
    assert not answer.refused and answered in answer.text
    gap = answer.text.split("[1]。", 1)[1]
    assert gap.startswith("关于“") and f"未写明“{missing}" in gap


def test_a_part_borrowing_its_subject_must_still_find_what_it_asks(assistant):
    # "码头工人平均工资多少" borrows 青岛港 from the first part; the route count's sentence
    # holds 青岛港 but no wage
    answer = assistant.answer("青岛港集装箱航线有多少条？码头工人平均工资多少？")
    assert not answer.refused and "180条" in answer.text
    assert answer.unanswered == ("码头工人平均工资多少",)
    assert "关于“码头工人平均工资多少”，现有文件未写明" in answer.text


def test_a_part_no_quote_speaks_of_is_named_as_missing(assistant):
    answer = assistant.answer("原油先放后检能节省多少时间？合作油企获得过哪些国际奖项？")
    assert not answer.refused and "缩减至半天" in answer.text
    assert answer.unanswered == ("合作油企获得过哪些国际奖项",)


def test_a_yearly_figure_is_not_answered_by_a_sum_over_years(assistant):
    yearly = assistant.answer("一年新增就业目标是多少人")
    assert not yearly.refused and "5000人" in yearly.text and "25000" not in yearly.text
    _answered_with(assistant, "十四五期间累计新增就业目标是多少", "25000")
    english = assistant.answer("What is the plan's target for new jobs each year?")
    assert "5000人" in english.text and "25000" not in english.text


def test_an_amount_per_company_is_refused_where_the_documents_give_a_total(assistant):
    _refused_naming(
        assistant,
        "用了航运企业集成化审批，每家航运企业能省多少钱",
        "每家企业或每笔的数额",
        "1500万元",
    )
    _refused_naming(assistant, "动产质押融资单笔最多贷多少", "每家企业或每笔的数额")
    # the asker's own "一家" is background, not a per-company amount
    _answered_with(assistant, "我们是一家航运企业，集成化审批一年能帮行业省多少钱", "1500万元")


def test_a_phrase_the_question_quotes_is_found_word_for_word(assistant):
    # the marine review says the port is "第4名"; the pacesetter report says the words quoted
    _answered_with(
        assistant, "“港口货物吞吐量跃居全球第四”这句话出自哪篇报道？", "《青岛自贸片区：努力当好"
    )


def test_a_document_s_full_title_is_its_card_s_first_line(assistant):
    _answered_with(
        assistant, "排头兵那篇报道的完整标题是什么", "《青岛自贸片区：努力当好全市开放发展排头兵》"
    )
    _answered_with(assistant, "十四五规划纲要的全称是什么", "2035年远景目标纲要》")
    english = assistant.answer("What is the full title of the marine economy review?")
    assert not english.refused and "发展综述》[1]" in english.text


def test_a_document_s_subheadings_are_its_outline(assistant):
    _answered_with(assistant, "海洋经济那篇综述分了哪几个小标题", "制度创新破局", "科技创新筑基")
    english = assistant.answer("What are the subheadings of the marine economy review?")
    assert not english.refused and "制度创新破局" in english.text


def test_a_place_beside_a_landmark_and_names_joined_by_he_answer(assistant):
    # "在第二条海底隧道出口侧、淮河路高架周边" says where
    _answered_with(assistant, "高品质地标性建筑打算建在什么位置", "淮河路高架周边")
    # "《不期而遇的你》和《山海之间有花香》" names two members
    _answered_with(
        assistant, "哪几部微短剧入选了全省网络视听节目精品工程", "不期而遇的你", "山海之间有花香"
    )


def test_a_list_of_names_is_not_given_by_a_count(assistant):
    _refused_naming(assistant, "交通产业园 入园企业名单", "名单", "8家")
    # a 白名单 is a programme, not a request for names
    _answered_with(assistant, "第二批研发用物品进口白名单把什么纳入了清单管理", "4种研发用物品")


def test_how_to_join_or_which_steps_to_take_asks_how_to_apply(assistant):
    _refused_naming(assistant, "我们企业想加入国际海洋基因组学联盟，怎么加入", "申请办法和材料")
    _refused_naming(assistant, "研发用物品进口白名单 企业要走什么流程", "申请办法和材料", "白名单")
    english = assistant.answer("How can a company join the international marine genomics alliance?")
    assert english.refused and "how to apply and what to submit" in english.text


def test_an_identifying_number_is_no_amount(assistant):
    # "85%以上" in the quote on the standard is a figure, not the standard's number
    _refused_naming(assistant, "国际易货师职业团体标准的标准号", "编号", "团体标准")
    english = assistant.answer("What is the standard number of the barter trader group standard?")
    assert english.refused and "the identifying number" in english.text


def test_a_list_joined_by_plus_signs_answers_a_list_question(assistant):
    _answered_with(assistant, "金融创新生态由哪几部分构成", "专家智库", "金融服务平台")


def test_a_documents_parts_are_answered_from_its_card(assistant):
    chapters = assistant.answer("十四五规划纲要一共有几章")
    assert not chapters.refused and "第八章 强化规划实施保障" in chapters.text
    assert "规划目标" not in chapters.text  # a card is no plan target
    _answered_with(assistant, "这篇海洋经济综述分了哪几个部分", "制度创新破局")
    _answered_with(assistant, "How many chapters does the five-year plan have?", "第八章")


def test_a_page_or_edition_is_a_document_fact_no_card_gives(assistant):
    _refused_naming(assistant, "四证一单那篇文章登在哪一版", "版次和页码")
    english = assistant.answer("Which page of the newspaper carried the marine economy review?")
    assert english.refused and "do not state the page or edition" in english.text


def test_a_place_is_given_only_by_a_quote_on_what_is_asked(assistant):
    # 金华市 stands in another article of the same page; the contest's own lines name no place
    history = ["数字变革职工创新大赛有几个项目进了决赛？"]
    for question in ("决赛在什么地方比的？", "那现场答辩在哪个城市举行？"):
        answer = assistant.answer(question, history)
        assert answer.refused, (question, answer.text)
    _answered_with(assistant, "空运出口货物的安检组板以后放到哪里做", "前置到货站")


def test_a_question_typed_in_pinyin_finds_the_documents_words(assistant):
    # no line of glossary.tsv spells 保税, 原油, 混兑 or 调和: their pinyin comes from the corpus
    _answered_with(assistant, "baoshui yuanyou hundui tiaohe 每吨能省多少钱", "22元/吨")


def test_which_article_says_something_names_and_cites_the_article_first(assistant):
    # on the news page of ten articles, the article holding the sentence is named, not the page
    answer = assistant.answer("“灯塔书屋”是哪篇报道里提到的")
    assert answer.text.startswith("见《即墨：打造文化品牌 推动全民阅读》"), answer.text
    card, paragraph = answer.citations[0], answer.citations[1]
    assert card.number == 1 and card.chunk.kind == "document"
    assert "即墨：打造文化品牌" in card.sentences[0]
    assert paragraph.number == 2 and "灯塔书屋" in paragraph.chunk.text
    assert "[1]：" in answer.text and "[2]" in answer.text
    # a document of one article: its own card
    plan = assistant.answer("哪份文件说要打造“自贸全链帮”服务平台")
    assert plan.citations[0].sentences[0].startswith("文件名称 《中国(山东)自由贸易试验区青岛片区")


@pytest.mark.parametrize(
    ("question", "shown"),
    [
        # who may take part: a programme the documents support, no conditions set
        ("我们是做汽车贸易的，想开展平行进口汽车保税展示交易，有什么门槛", "资格条件"),
        # how long processing takes, in keywords
        ("外国人工作许可 一窗受理 几个工作日能办好", "办理时限"),
        # what to submit: "可申请…居留许可" says one may apply, not with what
        ("外国留学生想在青岛创业，申请居留许可要准备哪些材料", "申请材料"),
    ],
)
def test_conditions_processing_time_and_papers_are_details_of_their_own(assistant, question, shown):
    _refused_naming(assistant, question, shown)


def test_a_one_character_set_or_a_span_of_years_is_no_set_of_names(assistant):
    # "方" stands inside "平方米": the list of parties is in another clause and still answers
    _answered_with(assistant, "动产质押融资开出的可信仓单，给哪些方搭了桥", "贸易商")
    # "哪几年" asks for a time span, answered by "2021-2025年"
    _answered_with(assistant, "这份十四五规划纲要的规划期限覆盖哪几年", "2021-2025年")
    # a threshold asked yes or no is answered by "不设…限制"
    _answered_with(assistant, "金融租赁公司设专业子公司有没有注册资本门槛", "不设最低注册资本限制")


def test_the_part_of_a_whole_asked_after_its_total_needs_its_own_figure(assistant):
    history = ["国际海洋基因组学联盟跟多少家科研院所有合作？"]
    answer = assistant.answer("其中海外的科研院所占几家", history)
    assert answer.refused and "海外" in answer.text and "430余家" in answer.text
    # a part the documents count is answered
    answered = assistant.answer(
        "其中世界500强有几家", ["截至2020年底有多少个国家和地区的投资者在区内设立企业"]
    )
    assert not answered.refused and "23家" in answered.text


def test_a_place_described_by_what_is_there_says_where(assistant):
    # "在外国人工作、生活较集中的区域" is where, although it lists what the area holds
    _answered_with(
        assistant, "国际人才引进服务单一窗口打算建在什么地方", "外国人工作、生活较集中的区域"
    )


def test_a_follow_up_restating_the_question_keeps_its_year_and_kind_of_answer(assistant):
    # "那集装箱呢" asks 2024's figure again, for containers: not the plan's 2020 figure
    answer = assistant.answer("那集装箱呢", ["2024年青岛港货物吞吐量是多少"])
    assert not answer.refused and "3087万标箱" in answer.text, answer.text
    assert "2200万" not in answer.text


def test_an_investment_or_completion_date_named_in_keywords_is_asked_for(assistant):
    # the project is listed, its investment is not given
    _refused_naming(assistant, "日日顺智慧物流一期项目 投资额", "金额")
    # a park whose investment the documents give is answered
    _answered_with(assistant, "青岛市集成电路产业园 总投资", "1758亿元")
    # a completion date asked in keywords is a time, which the list of projects lacks
    _refused_naming(assistant, "中远海运期货保税交割库项目 竣工时间", "竣工")


def test_the_sections_of_a_chapter_are_answered_from_the_printed_contents(assistant):
    answer = assistant.answer("规划纲要第七章下面有哪几节")
    assert (
        not answer.refused and "建设安全城区" in answer.text and "建设服务共享城区" in answer.text
    )
    assert answer.citations[0].chunk.kind == "document"
    # the chapters themselves still come from the card listing them
    _answered_with(assistant, "十四五规划纲要一共有几章", "第八章 强化规划实施保障")


def test_where_a_topic_stands_is_answered_with_its_chapter_and_section(assistant):
    answer = assistant.answer("“标准地”改革在规划纲要第几章第几节")
    assert not answer.refused
    assert answer.text.startswith("见《") and "第三章" in answer.text and "第七节" in answer.text
    contents, paragraph = answer.citations[0], answer.citations[1]
    assert contents.chunk.kind == "document" and "第七节" in contents.chunk.text  # page numbers
    assert contents.sentences[0].startswith("章节 第三章")  # the line shown is the chapter's
    assert "标准地" in paragraph.chunk.text


def test_already_in_a_question_for_a_body_asks_no_achieved_figure(assistant):
    # "已经" asks whether a result was reached only when a figure or date is asked
    _answered_with(assistant, "十四五规划纲要印发前已经由谁同意", "管委同意")


def test_aspects_asked_for_are_set_out_sentence_by_sentence(assistant):
    # each aspect is a sentence of its own ("聚力在…上打头阵当先锋"), not a list in one clause
    _answered_with(assistant, "青岛自贸片区准备从哪几个方面打头阵当先锋", "打头阵当先锋")


def test_words_pointing_at_a_report_are_not_the_topic(assistant):
    # "那篇报道里" says where the asker read it; the question is about 隋斌
    _answered_with(assistant, "那篇报道里，隋斌在片区担任什么职务", "管委副主任")


def test_a_body_named_by_its_kind_and_a_place_joined_to_another_answer(assistant):
    # "第三方专业机构" is who; "与黄岛石化基地" is where
    _answered_with(assistant, "片区安全生产的日常监管打算由谁来承担", "第三方专业机构")
    _answered_with(assistant, "港口要增强油品集散能力，得跟哪儿加强联系", "黄岛石化基地")


def test_a_correspondent_or_a_day_asked_of_a_report_is_given_only_by_its_own_card(assistant):
    _answered_with(assistant, "市南区电梯安全应急演练那篇报道的通讯员是谁", "尹昊")
    # the reporter does not stand in for a correspondent, nor another article's correspondent
    _refused_naming(assistant, "省内首个交通产业园开园的报道，通讯员是谁", "通讯员")
    # the news page prints a month: a day asked is not given
    _refused_naming(assistant, "青岛推动网络微短剧那篇报道是哪一天发的", "微短剧")
    _answered_with(assistant, "排头兵那篇报道具体哪天发布的", "2024-06-26")


def test_english_words_the_glossary_lacks_still_find_the_passage_that_answers(assistant):
    # "reading spaces … integrate": no glossary phrase; the dictionary gives 空间, 整合
    answer = assistant.answer("Which reading spaces did Jimo district integrate?")
    assert not answer.refused and "网红书店" in answer.text, answer.text


def test_a_numbered_chapter_asked_in_english_finds_its_contents(assistant):
    answer = assistant.answer("What are the sections of Chapter 7 of the five-year plan?")
    assert not answer.refused and "建设安全城区" in answer.text, answer.text


def test_a_total_asked_is_quoted_through_to_the_total_not_the_increment(assistant):
    # "新增…3个内陆港" stands just before "总数达到54个": the quote carries on to the total
    _answered_with(assistant, "青岛港内陆港总共多少个了", "54个")
    # the count standing now is the total too, in Chinese or English
    _answered_with(assistant, "青岛港目前已经有多少个内陆港", "54个")
    _answered_with(assistant, "How many inland ports does Qingdao Port have now?", "54个")


def test_a_numbered_part_the_document_lacks_is_said_to_be_missing(assistant):
    # the plan's 第七章 has four sections and its appendices are 附表一 and 附图二
    _refused_naming(assistant, "规划纲要第七章第六节写了什么", "第七章第六节")
    _refused_naming(assistant, "十四五规划的附表五列了哪些指标", "附表五")
    _answered_with(assistant, "规划纲要第七章第二节叫什么", "建设智慧城区")


def test_an_element_of_an_official_document_no_card_gives_is_said_to_be_missing(assistant):
    _refused_naming(assistant, "规划纲要那份通知的签发人是谁", "签发人")
    _refused_naming(assistant, "海洋经济综述的原文链接是什么", "网址")


def test_a_website_named_as_where_the_asker_read_a_fact_asks_no_address(assistant):
    # "官网上…" says where the asker saw the field; the card gives it
    _answered_with(assistant, "政府官网上这份规划纲要被归到哪个主题分类里了", "宏观经济")
    _refused_naming(assistant, "规划纲要在官网的网址是多少", "网址")


def test_a_sections_numbered_headings_are_listed_from_its_card(assistant):
    answer = assistant.answer("规划纲要第八章第二节强化落实工作保障下面分了哪几个小标题")
    assert not answer.refused, answer.text
    for heading in ("有效开展精准招商", "强化政策支撑", "统筹资金保障"):
        assert heading in answer.text
    assert answer.citations[0].chunk.kind == "document"


def test_every_article_a_named_reporter_signed_is_listed(assistant):
    answer = assistant.answer("李媛在青岛新闻版面上发了哪几篇稿件")
    assert not answer.refused, answer.text
    for title in ("省内首个交通产业园在青岛开园", "“青岛农产品”登顶"):
        assert title in answer.text
    assert all(c.chunk.kind == "document" for c in answer.citations)


def test_a_later_part_asking_of_the_article_found_reads_that_articles_card(assistant):
    answer = assistant.answer("海铁联运班列线路总数达86条是哪篇文章说的？这篇文章哪天发布的？")
    assert "2026-01-01" in answer.text and not answer.unanswered, answer.text
    reporter = assistant.answer("即墨城市书房是在哪篇报道里提到的？那篇报道是哪位记者写的？")
    assert "张晓帆" in reporter.text and "薄克国" not in reporter.text, reporter.text


def test_the_line_printed_before_a_headline_is_the_reports_kicker(assistant):
    _answered_with(assistant, "排头兵那篇报道标题前面那行引题是啥", "推进多场景融合创新")
    # a question on the clusters quotes the report's paragraph, not its card's kicker line
    clusters = assistant.answer("片区着力打造哪些重点产业集群")
    assert all(not line.startswith("引题") for c in clusters.citations for line in c.sentences)


def test_labour_asked_for_is_not_a_head_count(assistant):
    # "多少人工" asks how much labour is saved: "减少人工60%" answers it
    _answered_with(assistant, "棉花智慧鉴重以后能省多少人工", "60%")


def test_a_section_named_by_its_numbers_is_found_under_those_headings(assistant, policy_index):
    under = LookupFilter(parts=("第七章", "第三节"))
    hits = policy_index.search("生态 绿色发展", 10, under)
    assert hits and all(
        "第七章" in h.chunk.search_text and "第三节" in h.chunk.search_text for h in hits
    )
    assert not policy_index.search("生态", 10, LookupFilter(parts=("第十九章",)))

    answer = assistant.answer("规划第七章第三节下面有哪几个小标题")
    assert not answer.refused and "建设生态城区" in answer.text
    assert "实施生态发展奖惩机制" in answer.text
    # a second part pointing back ("这一节") asks about the section the first part named
    answer = assistant.answer("规划纲要第三章第五节叫什么？这一节下面分了哪几个小标题？")
    assert not answer.refused and "推动数据安全有序流动" in answer.text
    assert "探索数据流动" in answer.text
    assert assistant.answer("规划纲要第九章第二节讲了什么").refused  # the plan has eight chapters


def test_a_list_a_policy_keeps_is_not_a_documents_table_of_contents(assistant):
    answer = assistant.answer("鲜活农副产品目录清单是跟哪些国家一起定的")
    assert not answer.refused and "日本、韩国" in answer.text
    assert "文件名称" not in answer.text  # not the plan's card of chapters
    _answered_with(assistant, "规划纲要的目录", "第五章 聚焦中日韩地方经贸合作")


def test_a_part_asked_in_everyday_words_is_answered_from_its_borrowed_subject(assistant):
    answer = assistant.answer("海洋经济生产总值规划是多少？2024年到底弄了多少？")
    assert not answer.refused and "244.81亿元" in answer.text
    assert "未写明" not in answer.text
    # words of a topic of its own must still be found ("码头工人", "平均工资")
    answer = assistant.answer("青岛港集装箱航线有多少条？码头工人平均工资多少？")
    assert "180条" in answer.text and "未写明“码头工人" in answer.text


def test_a_count_asked_is_not_answered_by_many_said_in_words(assistant):
    # the documents say "集聚起一大批…产业项目" and "推出一揽子…举措", never how many
    for question in ("获批以来片区一共集聚了多少个产业项目", "片区推出了多少项助企聚才举措"):
        answer = assistant.answer(question)
        assert answer.refused and "未写明“数量”" in answer.text and "一大批" in answer.text


def test_a_detail_word_inside_a_name_the_documents_print_asks_no_detail(assistant):
    # "“拎包入驻”条件" and "客服中心" are the plan's own words, typed as keywords
    answer = assistant.answer("拎包入驻条件")
    assert not answer.refused and "办公设施" in answer.text
    # asked for outright, the detail is still one the documents do not give
    for question, missing in (
        ("拎包入驻需要什么条件", "申请办法"),
        ("青岛港客服电话是多少", "电话"),
    ):
        answer = assistant.answer(question)
        assert answer.refused and f"未写明“{missing}" in answer.text


def test_which_ratio_is_asked_apart_from_how_large_a_ratio(assistant):
    # "什么比例" is answered by the words the plan uses; "比例是多少" asks for a figure
    _answered_with(assistant, "综合用地里要布局什么比例的新型产业用地", "适当比例的新型产业用地")
    _refused_naming(assistant, "新型产业用地的比例是多少", "未写明“比例")
    _answered_with(
        assistant,
        "Which factories were built as smart manufacturing demo factories?",
        "海尔滚筒洗衣机",
    )


def test_a_policys_full_text_or_a_limit_asked_in_keywords_is_refused_when_not_given(assistant):
    # the news cites the action plan by name; its text is not reprinted
    _refused_naming(assistant, "首贷信用贷行动方案 原文", "未写明“政策原文")
    # "法律规定的最高出让年限以内" names a limit but gives no figure
    _refused_naming(assistant, "产业用地 出让年限 上限 数值", "最高出让年限")
    _answered_with(assistant, "科技孵化产业园 面积 数值", "500亩")


def test_who_won_is_answered_only_by_a_name(assistant):
    answer = assistant.answer("跨境电商博览会上谁拿了最佳展台奖")
    assert answer.refused and "黄河流域跨境电商博览会" in answer.text


def test_that_one_pointing_back_keeps_its_noun(assistant):
    history = ["即墨区2024年搞了哪些全民阅读活动"]
    standalone = assistant.prepare("那个亲子诵读会叫什么名字", history).standalone
    assert "那个亲子诵读会" in standalone or standalone.startswith("亲子诵读会")
    assert "个亲子诵读会" not in standalone.replace("那个亲子诵读会", "")


def test_an_english_version_is_a_document_fact_the_documents_do_not_give(assistant):
    answer = assistant.answer("十四五规划纲要有英文版吗")
    assert answer.refused and "未写明“英文版或英文标题”" in answer.text
    answer = assistant.answer("Is there an English version of the 14th five-year plan?")
    assert answer.refused and "do not state an English version" in answer.text
    assert not assistant.answer("十四五规划纲要的标题是什么").refused


def test_a_chapters_name_is_answered_from_the_outline(assistant):
    _answered_with(assistant, "规划纲要第六章的章名完整怎么写", "创建科技创新活力区")
    # a part's heading, not the article's title
    answer = assistant.answer("高分答卷那篇讲特色产业的那部分，标题叫什么")
    assert not answer.refused and "特色产业聚势成峰" in answer.text


def test_a_subsidiary_is_no_subsidy(assistant):
    answer = assistant.answer(
        "Can a financial leasing company set up an aircraft leasing subsidiary in the zone?"
    )
    assert not answer.refused and "专业子公司" in answer.text


def test_a_name_asked_is_answered_only_by_a_name_printed(assistant):
    answer = assistant.answer("离岸贸易那个平台叫什么名字")
    assert not answer.refused and "离岸达" in answer.text
    # the plan plans a community "具有青岛特色的国际人才集聚社区" but names none
    answer = assistant.answer("规划要建的那个国际人才社区叫什么名字")
    assert answer.refused and "未写明“名称" in answer.text


def test_a_date_a_tally_is_counted_to_does_not_date_an_event(assistant):
    # "截至2020年底,已有62个国家和地区的投资者在区内设立企业" says when the count was made
    answer = assistant.answer("世界500强企业最早是哪一年在区内设立企业的")
    assert answer.refused and "截至2020年底" in answer.text
    _answered_with(assistant, "截至什么时候有62个国家和地区的投资者在区内设立企业", "2020年底")


@pytest.mark.parametrize(
    ("question", "shown"),
    [
        ("我们是做航运的企业，以前开办特别慢，现在能快多少", "平均缩减30天"),
        ("我们是做原油进口的，以前验放特别慢，现在能快到啥程度", "先放后检"),
    ],
)
def test_the_askers_own_business_names_the_subject_of_a_vague_question(assistant, question, shown):
    # "以前…特别慢，现在能快多少" says little; the business named before it is the subject
    answer = assistant.answer(question)
    assert not answer.refused and shown in answer.text


def test_a_plan_asked_by_the_name_it_goes_by_is_answered_from_its_card(assistant):
    _answered_with(assistant, "这篇十四五规划现在还有效吗", "有效性 有效")
    _answered_with(assistant, "规划纲要是哪个部门发的", "青岛前湾保税港区管委")
    # a document the plan only cites is not the plan: its 文号 is not the plan's
    answer = assistant.answer("《中国(山东)自由贸易试验区青岛片区概念规划(中期成果)》的文号")
    assert answer.refused and "青自贸管发" not in answer.text


def test_a_fact_of_one_article_is_never_answered_from_another_articles_card(assistant):
    # the transport report is signed by a reporter only; the reading report has a correspondent
    answer = assistant.answer("交通产业园那篇报道的通讯员是谁")
    assert answer.refused and "李梦艳" not in answer.text
    _answered_with(assistant, "即墨全民阅读那篇报道的通讯员是谁", "李梦艳")
    _answered_with(assistant, "规划纲要什么时候成文的", "2021-06-11")


def test_a_numbered_part_asked_what_it_is_is_answered_with_its_headings(assistant):
    # the paragraph under 附表(图)一 holds none of the question's words; its headings say it
    answer = assistant.answer("附表一叫什么")
    assert not answer.refused and "“十四五”经济社会发展主要指标表" in answer.text


def test_where_a_topic_stands_is_answered_by_the_headings_naming_it(assistant):
    # the chapter's heading, not a paragraph's words, says 科技创新; the quoted phrase is a
    # section heading, not the sentence of the preface that also says it
    _answered_with(
        assistant, "规划纲要里专门讲科技创新的是第几章，章名叫啥？", "第六章", "创建科技创新活力区"
    )
    answer = assistant.answer("青岛片区十四五规划里“建设海洋经济发展示范区”是在哪一节？")
    assert "第四节建设海洋经济发展示范区" in answer.text and "前言" not in answer.text


def test_numbered_parts_named_apart_are_each_answered_with_their_headings(assistant):
    # 附表一 and 附图二 stand in different chapters: neither quote stands under both, each
    # is quoted and the lead names both paths
    answer = assistant.answer("规划纲要后面附的附表一、附图二分别是什么？")
    assert not answer.refused
    assert "经济社会发展主要指标表" in answer.text and "产业发展布局示意图" in answer.text


def test_a_figure_the_question_states_does_not_answer_how_many(assistant):
    # "千种" is the question's own figure; "千亩", "千名" count other things
    _answered_with(assistant, "千种海洋生物基因测序现在完成多少种了", "260余种")


def test_a_quote_never_stops_between_a_subject_and_what_it_did(assistant):
    # "片区上线的“…平台”，" names the platform; what it does follows
    _answered_with(assistant, "片区有没有平台能简化船舶物料通关", "平台”，实现了", "无纸化申报")


def test_a_table_row_leaving_a_year_empty_answers_for_that_year(assistant):
    # "2020年完成-": the row gives the year's cell, empty, beside the target asked
    answer = assistant.answer("地区生产总值年均增长率 2020年是多少 2025年目标多少")
    assert not answer.refused and "2025年目标15" in answer.text and "未写明" not in answer.text


def test_how_many_articles_a_reporter_signed_is_answered_from_their_cards(assistant):
    answer = assistant.answer("记者李媛的稿子有几篇")
    assert not answer.refused
    assert (
        "省内首个交通产业园在青岛开园" in answer.text and "登顶2024中国区域农业品牌" in answer.text
    )


def test_the_publisher_of_the_article_a_passage_stands_in_comes_from_its_card(assistant):
    # the passage names no publisher; the card of its article does
    _answered_with(
        assistant, "说青岛港新增兰考内陆港的那篇文章，是哪个单位发布的？", "发文单位 山东省商务厅"
    )
    # who issued a thing a passage names is not who published the page naming it
    answer = assistant.answer("国际航运枢纽竞争力指数是哪个机构发布的")
    assert "发文单位" not in answer.text


def test_keywords_naming_a_count_of_trains_ask_for_a_figure(assistant):
    # "中欧班列" stands in the review's opening line, which gives no count of trains
    answer = assistant.answer("中欧班列 开行列数")
    assert answer.refused


def test_keywords_naming_several_things_asked_are_answered_one_by_one(assistant):
    answer = assistant.answer("交通产业园 开园时间 租金")
    assert not answer.refused and "2024年12月28日" in answer.text
    # the rent is a part of its own, said to be missing, not dropped
    assert any("租金" in part for part in answer.unanswered)


def test_a_rough_figure_the_question_states_does_not_answer_how_many_of_them(assistant):
    # "90多家" is the "90余家" the review prints: no count of the 非遗 firms among them
    answer = assistant.answer("济南片区汇聚的那90多家领军文化企业里，有多少家是非遗企业？")
    assert answer.refused


def test_an_english_fee_asked_is_an_amount_not_a_list(assistant):
    # "listing fee" asks for money; "list" inside "listing" asks for no list
    answer = assistant.answer(
        "Is there a listing fee at the Yellow River cross-border e-commerce expo?"
    )
    assert answer.refused


def test_the_author_of_the_article_a_first_part_finds_is_its_reporter(assistant):
    answer = assistant.answer("报道通号青铁低空交通公司揭牌的是哪篇报道？作者是谁？")
    assert not answer.refused and "白晓" in answer.text and not answer.unanswered


def test_a_minimum_asked_in_english_is_a_threshold_a_quote_must_set(assistant):
    # the plan sets no minimum for a service ambassador; it does say there is none for
    # leasing subsidiaries' registered capital
    answer = assistant.answer(
        "What is the minimum investment to get a service ambassador for a foreign project?"
    )
    assert answer.refused
    # a word between "minimum" and what it bounds still asks for a threshold
    answer = assistant.answer("What is the minimum paid-in capital for a Japanese-owned clinic?")
    assert answer.refused, answer.text
    answer = assistant.answer(
        "Is there a minimum registered capital for financial leasing subsidiaries in the FTZ?"
    )
    assert not answer.refused and "不设最低注册资本限制" in answer.text


def test_two_facts_of_one_card_are_said_under_one_title(assistant):
    answer = assistant.answer("十四五规划纲要的文号是多少？什么时候发布的？")
    assert "青自贸管发〔2021〕34号" in answer.text and "2021-06-11" in answer.text
    assert answer.text.count("文件名称") == 1 and len(answer.citations) == 1


def test_a_sentence_of_ordinary_length_is_quoted_whole_so_its_closing_result_stays(assistant):
    # a 97-character sentence: the measures, then what they achieved; cut after the
    # measures, the answer would say nothing of how it worked out
    answer = assistant.answer("微短剧《政策清单》有几个方面多少项举措，效果怎么样？")
    assert "17项举措" in answer.text and "快速有序发展新阶段" in answer.text, answer.text


def test_words_saying_sum_it_up_name_no_topic_the_documents_must_hold(assistant):
    # "加起来" asks for the total over the plan's five years, it is no term a quote must hold
    answer = assistant.answer("那十四五五年加起来计划投多少？", ["2020年片区固定资产投资多少？"])
    assert not answer.refused and "1000" in answer.text, answer.text


def test_a_document_asked_of_by_the_name_it_goes_by_is_answered_from_its_card(assistant):
    # "《规划纲要》" is the plan's 简称 ("“十四五”规划纲要"), not part of its full title
    _answered_with(assistant, "《规划纲要》是哪天印发的？", "2021-06-11")


def test_a_document_named_by_its_number_is_asked_of_whole(assistant):
    # the 文号 names the plan: its year asks about no year, its code is no missing topic
    answer = assistant.answer("青自贸管发〔2021〕34号这个文件现在还有效吗？")
    assert not answer.refused, answer.text
    assert "有效性 有效" in answer.text
    assert "2021年" not in answer.text


@pytest.mark.parametrize(
    ("question", "shown"),
    [
        # the situation told before the question asks no detail ("手续繁琐" asks no procedure)
        (
            "我们是做进出口的，给境外船公司付海运费都得在境内购汇付汇，手续繁琐还怕汇率波动。"
            "片区在运费付汇上有什么便利化做法？",
            "跨境金融服务平台",
        ),
        # a question naming no topic of its own ("有什么办法") asks about the situation told
        (
            "我们是做来料加工的企业，进口环节增值税抵扣信息核对要等一个月，退税也慢，资金压力大。"
            "片区有什么办法吗？",
            "7天以内",
        ),
        # a question pointing back ("这种报关模式") asks about what the asker told
        (
            "我们做跨境电商出口，货先整批运到国外的海外仓再零售。片区能办这种报关模式吗？",
            "9810",
        ),
    ],
)
def test_the_situation_an_asker_tells_is_apart_from_what_they_ask(assistant, question, shown):
    _answered_with(assistant, question, shown)


def test_a_question_the_document_asks_itself_is_answered_by_what_follows_it(assistant):
    # "巨型网箱如何确权?巨额投资如何保障?" then "一系列…改革应运而生:创新海域使用权…"
    answer = assistant.answer("山东自贸试验区对深远海网箱确权有什么改革")
    assert "海域使用权与装备所有权协同登记" in answer.text
    assert "如何确权" not in answer.text


@pytest.mark.parametrize(
    ("question", "shown"),
    [
        ("排头兵那篇 责编是谁", ("杨小萌",)),
        ("山东省商务厅那篇2025高分答卷啥时候发的", ("2026-01-01",)),
        # every article a reporter signed, asked in everyday words
        ("张晓帆写的稿子有哪些", ("推动全民阅读", "首贷信用贷")),
    ],
)
def test_a_news_page_fact_asked_in_everyday_words_is_read_from_the_cards(
    assistant, question, shown
):
    _answered_with(assistant, question, *shown)


def test_when_a_document_ends_is_not_whether_it_is_in_force(assistant):
    # the card says 有效性 有效; no card gives the day a document ends
    _refused_naming(assistant, "规划纲要什么时候废止/失效？", "废止日期")
    assert "有效性 有效" not in assistant.answer("规划纲要什么时候废止/失效？").text
    _answered_with(assistant, "规划纲要失效了吗", "有效性 有效")


def test_an_english_story_lends_its_chinese_terms_not_its_english_words(assistant):
    reading = assistant.reader.read(
        "Our architects hold overseas professional qualifications. Can they work here?"
    )
    terms = reading.parts[0].terms
    assert "境外职业资格" in terms
    assert not any(t.isascii() and t.isalpha() for t in terms), terms


@pytest.mark.parametrize(
    "question",
    [
        "What does the marine economy review say the Qingdao Area's share of Shandong's barter trade is?",
        "海洋经济综述里说片区易货贸易额占全省多少",
    ],
)
def test_a_question_naming_its_document_is_answered_from_that_document(assistant, question):
    # the 2024 report gives the share as 80%; the marine economy review, named, says 85%以上
    answer = assistant.answer(question)
    assert not answer.refused
    assert "85%以上" in answer.text
    assert answer.citations[0].chunk.doc_id == "qingdao-ftz-marine-economy-pdf.txt"


def test_the_documents_a_question_names_come_from_the_manifest(assistant):
    named = assistant.retriever.documents_named
    assert named("According to the Marine Economy Review, what…") == (
        "qingdao-ftz-marine-economy-pdf.txt",
    )
    assert named("规划里2025年进出口总额目标") == ("qingdao-ftz-14th-five-year-plan.txt",)
    assert named("片区2025年进出口总额多少") == ()


def test_a_later_part_borrows_the_subject_not_what_the_first_asks_of_its_document(assistant):
    # "园区哪天开的园" borrows 交通产业园 from the first part, not its 稿子 or 记者
    reading = assistant.reader.read("省内首个交通产业园开园的那篇稿子，记者是谁，园区哪天开的园？")
    second = reading.parts[1]
    assert "产业园" in second.terms and not {"稿子", "记者"} & set(second.terms)
    answer = assistant.answer("省内首个交通产业园开园的那篇稿子，记者是谁，园区哪天开的园？")
    assert "李媛" in answer.text and "2024年12月28日" in answer.text


def test_train_routes_in_english_are_the_documents_train_lines(assistant):
    # "routes" alone is 航线 (shipping); a train's routes are its 班列线路
    _answered_with(assistant, "How many sea-rail train routes does Qingdao Port run now?", "86条")


def test_a_list_holding_little_of_the_question_gives_way_to_a_quote_on_its_topic(assistant):
    # "在文化出口、生物医药、低空经济等前沿赛道全面布局" lists and names the asker's trade, but
    # holds too little of the question to answer it; the import whitelist is on its topic
    _answered_with(
        assistant,
        "我们是一家生物医药研发企业，经常要从国外进口研发用物品，山东自贸试验区在通关上有什么便利措施？",
        "白名单",
    )


def test_a_long_sentence_is_quoted_through_its_short_last_clause(assistant):
    # "…检疫审批“零跑腿、无纸化、信息化”," leaves only "货物到港后“即审即放、即查即放”。":
    # the clause saying what the fast track comes to is not cut off
    _answered_with(assistant, "日韩冰鲜水产品进口 有什么通关便利", "即审即放、即查即放")


def test_who_did_it_is_answered_by_the_person_who_did_it(assistant):
    # the report's lead names the press office that held the conference; the person who
    # presented its results is named in the next paragraph, and that is who is asked for
    _answered_with(assistant, "2024年青岛自贸片区创新成果发布会上是谁介绍情况的？", "隋斌")


def test_a_card_fact_asked_by_the_deed_it_dates_is_given_by_the_card(assistant):
    # "哪天印发的" asks the card's 发布日期; the card need not say "印发"
    answer = assistant.answer("青岛自贸片区十四五规划纲要的发文字号是多少？哪天印发的？")
    assert not answer.unanswered
    assert "青自贸管发〔2021〕34号" in answer.text and "2021-06-11" in answer.text


def test_how_much_faster_a_procedure_got_asks_the_time_saved_not_the_procedure(assistant):
    # "手续" alone asks how to apply; "手续能快多少" asks the days saved, which are given
    answer = assistant.answer(
        "我们是航运公司，准备在青岛自贸片区新设水路运输企业，筹办手续能快多少？"
    )
    assert not answer.refused
    assert "30天" in answer.text
    assert assistant.answer("新设水路运输企业要办哪些手续？").refused


def test_an_english_question_on_another_area_is_not_answered_by_qingdaos_figure(assistant):
    # "the Jinan Area" names an area as "济南片区" does: Qingdao's 32 results do not answer it
    answer = assistant.answer("How many innovation results did the Jinan Area produce in 2024?")
    assert answer.refused
    assert "32项" not in answer.text


def test_another_areas_count_is_not_answered_by_qingdaos_or_by_a_count_of_firms(assistant):
    # 济南's "30余家企业" is no count of results; 青岛's "32项" is not 济南's
    answer = assistant.answer("济南片区2024年形成了多少项创新成果？")
    assert answer.refused
    assert "济南片区" in answer.text
