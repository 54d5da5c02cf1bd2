"""The HTML the app shows: escaped document text, marked sentences and terms, clickable [n]."""

from __future__ import annotations

from dataclasses import replace
from html import unescape

import pytest

from answer.model import Answer, Citation
from ui.conversation import Turn, render_conversation
from ui.documents import render_documents
from ui.highlight import mark_spans, sentence_spans, term_spans
from ui.lookup import render_hits, run_lookup, snippet
from ui.source import render_source
from ui.words import Words


def test_mark_spans_escapes_everything_and_marks_only_the_spans():
    text = "第1段<script>alert(1)</script>投资便利"
    html = mark_spans(text, term_spans(text, ["投资"]))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<mark>投资</mark>便利" in html


def test_sentence_spans_ignore_whitespace_and_width():
    text = "2020年，青岛自贸片区实现工业总产值670亿元。其他内容。"
    (start, end) = sentence_spans(text, ["工业总产值 6 7 0 亿元。"])[0]
    assert text[start:end] == "工业总产值670亿元。"


def test_snippet_keeps_the_first_match_in_view():
    text = "甲" * 300 + "先放后检" + "乙" * 300
    html = snippet(text, term_spans(text, ["先放后检"]), width=40)
    assert html.startswith("…") and html.endswith("…")
    assert "<mark>先放后检</mark>" in html


@pytest.fixture(scope="module")
def cited(policy_index):
    """A real chunk and one of its sentences, as an extractive answer would cite it."""
    chunk = next(c for c in policy_index.chunks if "工业总产值" in c.text and c.kind != "table_row")
    sentence = next(s + "。" for s in chunk.text.split("。") if "工业总产值" in s)
    return chunk, sentence


def test_source_view_names_the_place_and_marks_the_sentence(policy_index, cited):
    chunk, sentence = cited
    html = render_source(policy_index, chunk, sentences=[sentence], number=1)
    assert "来源 [1]" in html and chunk.doc_title in html
    assert f"第{chunk.paragraph}段" in html
    assert "青岛前湾保税港区管委" in html  # issuer from the manifest
    assert f"<mark>{sentence}</mark>" in html
    neighbour = policy_index.neighbours(chunk.id)[0]
    assert "<details" in html and neighbour.text[:20] in html  # context on demand


def test_source_view_escapes_a_paragraph_with_markup(policy_index, cited):
    chunk, _ = cited
    hostile = replace(chunk, text="<script>alert('x')</script>投资")
    html = render_source(policy_index, hostile, terms=["投资"])
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_answer_markers_become_buttons_and_refusals_look_like_refusals(cited):
    chunk, sentence = cited
    answer = Answer(
        question="2020年工业总产值是多少？",
        text="工业总产值670亿元[1]。见[2]",
        citations=(Citation(1, chunk, (sentence,)),),
    )
    refusal = Answer(
        question="今天天气？", text="文件中没有相关内容。", refused=True, refusal_reason="offtopic"
    )
    html = render_conversation(
        [Turn(answer.question, answer=answer), Turn("今天天气？", answer=refusal)]
    )
    assert (
        '<button type="button" class="cite" data-action="cite" data-turn="0" data-n="1">[1]</button>'
        in html
    )
    assert "[2]" in html and 'data-n="2"' not in html  # no citation 2: plain text
    assert 'class="a refused"' in html and "未作答" in html and "超出政策文件的范围" in html
    assert html.count('data-action="rate"') == 4  # 👍 and 👎 under both answers


def test_downvote_shows_the_reasons(cited):
    chunk, sentence = cited
    answer = Answer(question="q", text="a[1]", citations=(Citation(1, chunk, (sentence,)),))
    html = render_conversation([Turn("q", answer=answer, rating="down", reason="引用不对")])
    assert 'class="reason on" data-action="reason" data-turn="0" data-value="引用不对"' in html
    assert "应该拒答" in html and "已记录" in html


def test_lookup_finds_a_paragraph_by_two_keywords_and_marks_them(policy_index):
    hits, terms = run_lookup(policy_index, "集成电路 封测")
    assert any("封测" in hit.chunk.text and "集成电路" in hit.chunk.text for hit in hits[:3])
    html = render_hits(hits, terms, "集成电路 封测")
    assert "<mark>封测</mark>" in html and "<mark>集成电路</mark>" in html


def test_lookup_lists_no_paragraph_holding_only_a_common_word_of_the_query(policy_index):
    # "做法" stands in the documents ("经验做法"); a recipe does not
    assert run_lookup(policy_index, "红烧肉的做法")[0] == []
    # English words count by their Chinese terms
    hits, _ = run_lookup(policy_index, "crude oil release first")
    assert any("先放后检" in hit.chunk.text for hit in hits[:3])


def test_lookup_hits_escape_document_text(policy_index):
    hits, _ = run_lookup(policy_index, "集成电路 封测")
    hostile = replace(
        hits[0], chunk=replace(hits[0].chunk, text="<img src=x onerror=alert(1)>封测")
    )
    html = render_hits([hostile], ["封测"], "封测")
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;<mark>封测</mark>" in html


def test_lookup_filters_by_document_and_date(policy_index):
    plan = "qingdao-ftz-14th-five-year-plan.txt"
    hits, _ = run_lookup(policy_index, "集成电路", documents=[plan])
    assert hits and {hit.chunk.doc_id for hit in hits} == {plan}
    hits, _ = run_lookup(policy_index, "集成电路", date_from="2024")
    assert hits and all(hit.chunk.date >= "2024" for hit in hits)


def test_documents_page_counts_sections_paragraphs_and_table_rows(policy_index):
    html = render_documents(policy_index)
    assert html.count('<section class="doc">') == len(policy_index.documents)
    assert "索引构建于" in html and "表格行" in html and "章节" in html
    # the documents' own paragraphs and table rows: their cards are not counted
    body = sum(chunk.kind != "document" for chunk in policy_index.chunks)
    assert body < len(policy_index.chunks) and f"{body} 个段落" in html


def test_a_filter_never_fills_the_list_with_paragraphs_that_do_not_match(policy_index):
    for document in policy_index.documents:
        hits, terms = run_lookup(policy_index, "集成电路 封测", documents=[document.doc_id])
        assert all(any(t in hit.chunk.text for t in terms) for hit in hits), document.doc_id
    hits, terms = run_lookup(policy_index, "集成电路 封测", date_from="2030")
    unfiltered = len(run_lookup(policy_index, "集成电路 封测")[0])
    html = render_hits(hits, terms, "集成电路 封测", unfiltered=unfiltered)
    assert hits == [] and unfiltered > 0
    assert "没有找到匹配的段落" in html and f"去掉文件或年份筛选后可找到 {unfiltered} 段" in html


def test_lone_characters_are_neither_matched_alone_nor_highlighted(policy_index):
    hits, terms = run_lookup(policy_index, "海外 仓")
    assert terms == ["海外"]
    html = render_hits(hits, terms, "海外 仓")
    assert "<mark>仓</mark>" not in html and "<mark>海外</mark>" in html
    assert run_lookup(policy_index, "zzzz qqqq")[0] == []


def test_a_copied_hit_carries_its_citation(policy_index):
    plan = next(d for d in policy_index.documents if d.doc_number)
    hits, terms = run_lookup(policy_index, "集成电路 封测", documents=[plan.doc_id])
    html = render_hits(hits[:1], terms, "集成电路 封测", {plan.doc_id: plan.doc_number})
    copied = html.split('data-text="', 1)[1].split('"', 1)[0]
    text, citation = unescape(copied).split("\n——")
    assert text == hits[0].chunk.text
    assert citation.startswith(f"{plan.title}（{plan.doc_number}，{hits[0].chunk.date}）")
    assert citation.endswith(f"第{hits[0].chunk.paragraph}段")


def test_every_panel_speaks_english_on_the_english_page_and_quotes_stay_chinese(
    policy_index, cited
):
    english = Words.of("en")
    chunk, sentence = cited
    answer = Answer(question="q", text="670亿元[1]。", citations=(Citation(1, chunk, (sentence,)),))
    refusal = Answer(question="weather?", text="…", refused=True, refusal_reason="offtopic")
    html = render_conversation(
        [Turn("q", answer=answer, rating="down"), Turn("weather?", answer=refusal)], english
    )
    assert "Helpful" in html and "Wrong" in html and "Copy" in html and 'data-done="Copied"' in html
    assert "Reason (optional):" in html and "Wrong source" in html
    assert "Not answered · outside the policy documents" in html
    assert f"paragraph {chunk.paragraph}" in html and "有用" not in html and "复制" not in html
    source = render_source(policy_index, chunk, sentences=[sentence], number=1, words=english)
    assert "Source [1]" in source and "Issued by" in source and "Whole document" in source
    assert f"<mark>{sentence}</mark>" in source  # the paragraph itself is quoted as written
    assert "lang=en" in source and 'data-closed="Source closed."' in source
    documents = render_documents(policy_index, words=english)
    assert "Indexed " in documents and "Download the original" in documents
    assert "in force" in documents and "索引构建于" not in documents
    hits, terms = run_lookup(policy_index, "overseas warehouse")
    found = render_hits(hits, terms, "overseas warehouse", words=english)
    assert "Paragraphs found: " in found and "<mark>海外</mark>" in found  # by the glossary
    empty = render_hits([], [], "zzzz qqqq", words=english)
    assert "No matching paragraph" in empty and "overseas warehouse" in empty
