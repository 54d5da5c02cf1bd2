"""The text rules chunking, quoting and citation checking share (ingest/text.py)."""

from __future__ import annotations

from answer.rules.citations import markers_inside
from answer.rules.generate import take_sentences
from ingest.chunking import split_long
from ingest.text import (
    fold,
    part_paths,
    quoted_phrases,
    says_word_for_word,
    split_clauses,
    split_sentences,
    tidy,
)


def test_sentences_keep_their_punctuation_and_closing_quotes() -> None:
    assert split_sentences("一句。二句！“三句。”四句") == ["一句。", "二句！", "“三句。”", "四句"]


def test_semicolons_ellipses_and_line_breaks_end_sentences() -> None:
    text = "设立资金池；放款146笔……惠及企业\n70余家"
    assert split_sentences(text) == ["设立资金池；", "放款146笔……", "惠及企业\n", "70余家"]
    assert "".join(split_sentences(text)) == text


def test_clauses_are_exact_pieces_and_lists_split_only_when_asked() -> None:
    sentence = "将验放时间缩减至半天，原油、铁矿石周转率提升35%。"
    assert split_clauses(sentence) == ["将验放时间缩减至半天，", "原油、铁矿石周转率提升35%。"]
    assert split_clauses(sentence, "、") == [
        "将验放时间缩减至半天，原油、",
        "铁矿石周转率提升35%。",
    ]


def test_chunking_and_streaming_cut_where_quoting_does() -> None:
    sentence = "青岛自贸片区推进“先放后检”；原油验放时间缩减至半天。"
    long_text = sentence * 30
    parts = split_long(long_text)
    assert len(parts) > 1 and all(part[-1] in "。；" for part in parts)
    done, rest = take_sentences("设立资金池；[1]放款146笔。")
    assert done == ["设立资金池；[1]"] and rest == "放款146笔。"
    assert markers_inside("放款146笔。[2]") == "放款146笔[2]。"


def test_display_and_matching_forms() -> None:
    assert tidy(" 集装箱吞吐量3 0 8 7 万标箱， ") == "集装箱吞吐量3087万标箱，"
    assert fold("３ ０８７万标箱（ＲＣＥＰ） Free Trade") == "3087万标箱(rcep) free trade"


def test_numbered_parts_named_together_are_one_place_and_apart_several() -> None:
    assert part_paths("规划纲要第八章的第三节标题是什么") == (("第八章", "第三节"),)
    assert part_paths("第六章 第二节") == (("第六章", "第二节"),)
    assert part_paths("附表一、附图二分别是什么") == (("附表一",), ("附图二",))
    assert part_paths("第一章和第八章分别叫什么") == (("第一章",), ("第八章",))
    assert part_paths("片区有哪些产业") == ()


def test_a_quoted_phrase_is_found_word_for_word_whatever_its_punctuation():
    (phrase,) = quoted_phrases("“港口货物吞吐量跃居全球第四”这句话是哪篇报道说的？“四证一单”呢")
    assert (
        phrase == "港口货物吞吐量跃居全球第四"
    )  # "四证一单" is too short to single a sentence out
    assert says_word_for_word("…港口货物吞吐量 跃居全球第四,集装箱…", phrase)
    assert not says_word_for_word("港口货物吞吐量跃居全国第四", phrase)
