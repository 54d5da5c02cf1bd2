"""Reading a question as users type it: background apart from the ask, parts, language,
and follow-ups decided by form."""

from __future__ import annotations

import pytest

from answer.rules.asking import read_question, wants_of
from answer.rules.focus import is_followup, language_of, split_focus, split_parts, understand
from answer.rules.glossary import Glossary
from answer.rules.members import members_asked
from answer.rules.terms import question_terms
from answer.rules.units import asked_units, missing_unit
from answer.understand import keyword_parts


def test_the_askers_description_of_themselves_is_background_not_focus():
    focus, background = split_focus(
        "我们是一家做汽车零部件出口的民营企业，片区对企业出海有哪些服务？"
    )
    assert focus == "片区对企业出海有哪些服务？"
    assert "汽车零部件" in background


def test_how_many_members_are_asked_for_is_no_term_of_the_question(policy_index):
    # "哪两个" is the asking, not a topic: "两个" would match "落实“两个维护”"
    terms = question_terms(policy_index.tokenizer, "规划说要和省内哪两个片区联动")
    assert "两个" not in terms and "说" not in terms and "联动" in terms
    terms = question_terms(policy_index.tokenizer, "改革试点涉及哪几条航线")
    assert "条" not in terms and "航线" in terms
    # where it is written and what it is called are the asking, not the topic
    terms = question_terms(policy_index.tokenizer, "规划里写人才公寓的那段叫什么")
    assert not {"里", "写", "叫"} & set(terms) and "公寓" in terms


def test_a_clause_going_on_about_the_asker_is_background_but_an_intent_names_the_topic():
    focus, background = split_focus("我们是做家电出口的，正在找海外仓，片区对海外仓有什么支持？")
    assert focus == "片区对海外仓有什么支持？" and "正在找海外仓" in background
    focus, _ = split_focus("我们是做物流的，想用先放后检模式，能省多少时间？")
    assert focus.startswith("想用先放后检模式")


def test_a_clause_that_asks_is_never_background():
    focus, background = split_focus("我们能享受哪些通关便利？")
    assert focus == "我们能享受哪些通关便利？" and background == ""


def test_a_rough_number_in_the_askers_story_asks_nothing():
    # "十几个人" and "好几千万" describe the company; only the last clause asks
    question = "我们是做工业软件的，二十几个人，去年营收好几千万，片区的研发补助按什么比例给？"
    assert split_parts(split_focus(question)[0]) == (
        "二十几个人，去年营收好几千万，片区的研发补助按什么比例给",
    )
    assert wants_of("去年营收好几千万，片区对软件企业有哪些扶持") == "list"
    assert wants_of("片区有几家软件企业") == "amount"


def test_two_asking_clauses_are_two_parts_and_a_bare_clause_joins_the_next():
    assert split_parts("资金池有多大，累计放款多少笔？") == ("资金池有多大", "累计放款多少笔")
    assert split_parts("片区的资金池，规模多大？") == ("片区的资金池，规模多大",)
    # "谁" asks as "哪" does
    assert split_parts("那篇稿子，记者是谁，园区哪天开的园？") == (
        "那篇稿子，记者是谁",
        "园区哪天开的园",
    )


def test_a_typed_blank_between_chinese_words_parts_clauses_as_a_comma_does():
    assert split_parts("助贷资金池多大 放了多少笔贷款") == ("助贷资金池多大", "放了多少笔贷款")
    # keywords that ask nothing stay with the asking clause; English words are not clauses
    assert split_parts("原油先放后检 节省多少时间") == ("原油先放后检 节省多少时间",)
    assert split_parts("What is the visa-free stay period") == (
        "What is the visa-free stay period",
    )


def test_an_english_clause_asks_only_when_it_opens_with_a_question_word():
    listed = "Which mechanisms link it with customs, ports, tax and banks?"
    assert split_parts(listed) == (listed.rstrip("?"),)
    assert split_parts("How big is the loan pool, and how many loans were made?") == (
        "How big is the loan pool",
        "and how many loans were made",
    )


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("What support is there for cross-border e-commerce?", "en"),
        ("Qingdao片区 offshore trade 占全省多少", "mixed"),
        ("原油先放后检 节省多少时间", "zh"),
        ("RCEP企业服务中心在哪", "zh"),
    ],
)
def test_language_is_read_from_the_script(question, language):
    assert language_of(question) == language


HISTORY = ["2020年青岛自贸片区的工业总产值是多少？"]


@pytest.mark.parametrize(
    "question",
    ["那济南片区呢？", "这个平台一年能帮企业省多少钱？", "2024年呢？", "该模式效果怎么样"]
    + ["这几种模式的交易额分别是多少？", "那两家企业叫什么"],
)
def test_follow_ups_are_recognised_by_their_form(question):
    assert is_followup(question, HISTORY, content_chars=len(question))


def test_a_full_new_question_after_an_unrelated_one_starts_afresh():
    question = "我们公司做跨境电商，想在青岛片区开海外仓，有什么支持政策？"
    assert not understand(question, HISTORY).followup


def test_english_phrases_map_to_the_documents_chinese_terms():
    terms = Glossary.load().terms(
        "How much time does the crude oil release first, inspect later model save?"
    )
    assert {"原油", "先放后检", "时间"} <= set(terms)


def test_an_english_word_that_spells_pinyin_is_read_as_english():
    glossary = Glossary.load().with_pinyin({"预案": 3, "集成电路": 5, "产业园": 4})
    assert "预案" not in glossary.terms("What was the port's revenue in 2024, in yuan?")
    # a run of pinyin syllables in an English sentence, or pinyin alone, still reads as pinyin
    assert "集成电路" in glossary.terms("What is the jicheng dianlu plan of the zone?")
    assert "预案" in glossary.terms("yuan an 演练 几次")


def test_english_words_no_glossary_phrase_lists_find_the_corpus_words_a_dictionary_gives():
    vocabulary = {"监管": 40, "监督": 6, "原油": 9, "整合": 3, "保税区": 5}
    glossary = Glossary.load().with_dictionary(vocabulary)
    # inflected forms are looked up by their stem; only the corpus's words come back
    assert glossary.word_terms("Who supervises the tanks?") == ("监管", "监督")
    assert glossary.word_terms("Which spaces were integrated?") == ("整合",)
    # a sense of several words is read whole: "tariff-free zones" is 保税区, "zone"
    # alone is not
    assert "保税区" in glossary.word_terms("services in tariff-free zones")
    assert "保税区" not in glossary.word_terms("Which zone of the city?")
    # a glossary phrase speaks for its own words: its terms, not the dictionary's senses
    assert "原油" not in glossary.word_terms("the crude oil release first, inspect later model")


def test_a_possessive_s_is_no_term_an_english_question_must_find(policy_index):
    asked = read_question(
        policy_index.tokenizer, "What was the Qingdao Area's total GDP in 2024?", Glossary.load()
    )
    assert asked.terms and not [t for t in asked.terms if len(t) == 1 and t.isascii()]


def test_the_rest_of_a_set_asks_for_members_the_question_does_not_name(policy_index):
    question = "大赛设了4个赛道，除了人工智能和5G+工业互联网，另外两个赛道是什么"
    asked = members_asked(question, question_terms(policy_index.tokenizer, question), "", 0)
    assert asked.noun == "赛道"
    # the examples the question names, then "等4个", name none of the rest
    assert not asked.named_in("设置人工智能、5G+工业互联网等4个赛道")
    assert asked.named_in("设置人工智能、5G+工业互联网、数字化转型和数字低碳关键技术等4个赛道")
    # the set counted before the rest is asked for ("4个赛道 … 另外两个是什么")
    question = "大赛设了4个赛道，除了人工智能和5G+工业互联网，另外两个是什么"
    asked = members_asked(question, question_terms(policy_index.tokenizer, question), "", 0)
    assert asked.noun == "赛道"
    assert not asked.named_in("设置人工智能、5G+工业互联网等4个赛道")


@pytest.mark.parametrize(
    ("question", "answer", "missing"),
    [
        # a span of years is not given by minutes
        ("这种绿色贷款最长能贷几年", "授信审批时间压缩至15分钟", "年限"),
        ("贷款期限最长几年", "贷款期限最长3年", ""),
        # kinds are counted apart from people
        ("千种海洋生物测序完成了多少种", "靶向引进千名高端科研人才", "数量"),
        # a share of the province asked of a count is a ratio
        ("灯塔工厂数量占全省多少", "全球“灯塔工厂”总量占全省五分之三", ""),
        ("2020年海铁联运集装箱量多少万标箱", "海铁联运集装箱同比增长18.4%", "箱量"),
        # jobs are counted in people, in English too
        ("How many new jobs should the area add each year", "年新增就业人数5000人以上", ""),
        ("How many jobs were created", "新引进项目28个", "人数"),
        # results are counted in 项, firms in 家
        ("形成了多少项创新成果", "与30余家企业达成技术合作", "数量"),
        ("形成了多少项创新成果", "探索形成32项高质量创新成果", ""),
    ],
)
def test_an_amount_is_answered_only_in_the_unit_asked(question, answer, missing):
    assert missing_unit(asked_units(question), [answer]) == missing


def test_keywords_naming_two_amounts_are_two_parts_with_one_subject():
    parts = keyword_parts(("黄河流域 博览会 举办时间 地点 参展费",))
    assert parts == ("黄河流域 博览会 举办时间", "黄河流域 博览会 地点", "黄河流域 博览会 参展费")
    assert keyword_parts(("数据联动 进口退税 查询时长 退税天数",)) == (
        "数据联动 进口退税 查询时长",
        "数据联动 进口退税 退税天数",
    )
    # keywords naming one thing asked, and questions in words, stay whole
    assert keyword_parts(("日韩冰鲜 检疫审批 零跑腿",)) == ("日韩冰鲜 检疫审批 零跑腿",)
    assert keyword_parts(("博览会什么时候办 在哪办",)) == ("博览会什么时候办 在哪办",)


def test_a_document_number_is_one_term_and_names_no_year():
    from answer.rules.asking import entities
    from answer.rules.terms import question_terms

    class Words:
        def terms(self, text: str) -> list[str]:
            return [w for w in text.replace("这个", " ").split() if w]

    question = "青自贸管发〔2021〕34号 这个 文件 有效"
    assert question_terms(Words(), question)[0] == "青自贸管发〔2021〕34号"
    assert "2021年" not in entities(question)
    assert entities("2021年 青自贸管发〔2021〕34号") == ("2021年",)


def test_whole_sentences_that_ask_nothing_before_the_question_are_the_story():
    from answer.rules.focus import split_story

    story, asked = split_story("货压在仓库里占用资金。听说片区有种仓单融资的办法。具体怎么运作？")
    assert (story, asked) == (
        "货压在仓库里占用资金。",
        "听说片区有种仓单融资的办法。具体怎么运作？",
    )
    # one sentence, or commas only: nothing is set apart
    assert split_story("进口研发用物品通关很慢，片区有什么办法") == (
        "",
        "进口研发用物品通关很慢，片区有什么办法",
    )


def test_everyday_words_are_read_in_their_standard_form():
    from answer.rules.asking import wants_of
    from answer.rules.question import clean_question

    def read(question: str) -> str:
        return clean_question(question, 500).text

    assert read("这篇稿子啥时候发的") == "这篇稿子什么时候发的"
    assert read("一个标箱运费到底多钱啊") == "一个标箱运费到底多少钱啊"
    assert read("責編是誰") == "责任编辑是谁"  # traditional characters first, then 责编
    assert wants_of(read("黄河流域跨境电商博览会啥时候开")) == "time"
    assert wants_of(read("那个平台啥时上线的")) == "time"
    assert wants_of(read("一个标箱运费多钱")) == "amount"


def test_an_english_story_ends_at_a_full_stop_and_states_ask_nothing():
    from answer.rules.focus import split_story

    story, asked = split_story(
        "We are an exporter in Xi'an. Our port is 7.5 km away. Where are goods declared?"
    )
    assert story == "We are an exporter in Xi'an. Our port is 7.5 km away. "
    assert asked == "Where are goods declared?"


def test_a_count_of_years_asks_nothing_and_makes_no_part_of_its_own():
    parts = understand("青岛片区这几年 引进了多少个世界500强项目", []).parts
    assert parts == ("青岛片区这几年 引进了多少个世界500强项目",)
    # two clauses that each ask stay two parts
    assert len(understand("近几年片区新设企业多少家，其中外资多少家", []).parts) == 2


def test_an_english_condition_stays_in_the_focus_and_a_pointer_keeps_what_it_points_at():
    read = understand(
        "I'm a foreign student at a Chinese university. If I start a business in Qingdao, "
        "what residence permit can I get?",
        [],
    )
    assert read.background == "I'm a foreign student at a Chinese university."
    assert read.focus.startswith("If I start a business in Qingdao")
    # "it" is the card the sentence before names: that sentence tells what is asked about
    read = understand(
        "I'm a Korean investor with a permanent residence card. Can I use it to open a company?",
        [],
    )
    assert not read.background and "permanent residence card" in read.story


def test_english_business_words_map_to_the_documents_terms():
    terms = Glossary.load().terms("Can a foreign student start a business in the zone?")
    assert {"外国留学生", "创业"} <= set(terms)
