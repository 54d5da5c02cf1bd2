"""Real files made here: every encoding and format loads; unreadable files are reported, never fatal."""

from __future__ import annotations

import os
from pathlib import Path

import docx
import pytest

from ingest.decode import UnreadableFile, decode_text
from ingest.load import load_document
from ingest.pipeline import parse_corpus
from tests.support.pdf import minimal_pdf

POLICY = "第一章 总则\n\n集装箱吞吐量3 0 8 7 万标箱，同比增长9 . 1 %。\n"


@pytest.mark.parametrize(
    ("encoding", "extra"),
    [
        ("utf-8", ""),
        ("utf-8-sig", ""),  # UTF-8 with a byte-order mark
        ("gbk", ""),
        ("gb18030", "䶮€"),  # characters GBK cannot encode
        ("utf-16", ""),  # with a byte-order mark
        ("utf-16-le", ""),  # without one
    ],
)
def test_text_encodings_are_detected(tmp_path: Path, encoding: str, extra: str) -> None:
    text = POLICY + f"青岛前湾保税港区{extra}。\n"
    path = tmp_path / "policy.txt"
    path.write_bytes(text.encode(encoding))
    loaded = load_document(path)
    assert loaded.text.replace("\r\n", "\n") == text
    assert loaded.hard_wrapped


def test_short_gbk_text_prefers_gb18030_over_other_east_asian_codecs() -> None:
    assert decode_text("青岛".encode("gbk")) == ("青岛", "gb18030")


def test_html_drops_script_nav_and_footer(tmp_path: Path) -> None:
    page = """<html><head><title>站点 - 通知</title><script>var x = "脚本";</script>
    <style>p {color: red}</style></head><body><nav>首页 | 政策文件</nav>
    <h1>青岛片区通知</h1><p>第一段：片区\n实现进出口1108亿元。</p><p>第二段<br>换行。</p>
    <table><tr><th>指标</th><th>2025年目标</th></tr><tr><td>进出口总额(亿元)</td><td>2200</td></tr></table>
    <footer>版权所有</footer></body></html>"""
    path = tmp_path / "notice.html"
    path.write_text(page, encoding="gb18030")
    loaded = load_document(path)
    assert loaded.title_hint == "青岛片区通知"
    assert "第一段：片区实现进出口1108亿元。" in loaded.text
    assert "｜指标｜2025年目标｜" in loaded.text
    for furniture in ("脚本", "首页", "版权所有", "color"):
        assert furniture not in loaded.text


def test_docx_paragraphs_and_tables(tmp_path: Path) -> None:
    document = docx.Document()
    document.core_properties.title = "青岛片区规划"
    document.add_heading("第一章 总则", level=1)
    document.add_paragraph("没有句号的段落")
    document.add_paragraph("第二段。")
    table = document.add_table(rows=2, cols=2)
    for cell, text in zip(
        table._cells, ["指标", "2025年目标", "进出口总额(亿元)", "2200"], strict=True
    ):
        cell.text = text
    path = tmp_path / "plan.docx"
    document.save(path)
    loaded = load_document(path)
    assert loaded.title_hint == "青岛片区规划" and not loaded.hard_wrapped
    assert "没有句号的段落\n\n第二段。" in loaded.text
    assert "｜进出口总额(亿元)｜2200｜" in loaded.text


def test_pdf_text_is_extracted_and_rejoined(tmp_path: Path) -> None:
    (tmp_path / "paper.pdf").write_bytes(
        minimal_pdf(
            ["逐梦深蓝，青岛港集装箱吞吐", "量3 0 8 7 万标箱，海洋经济", "增长9 . 1 %。", "3"]
        )
    )
    corpus = parse_corpus(tmp_path)
    assert corpus.failures == []
    assert [c.text for c in corpus.chunks if c.kind != "document"] == [
        "逐梦深蓝，青岛港集装箱吞吐量3087万标箱，海洋经济增长9.1%。"
    ]


def test_markdown_marks_are_removed(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text("# 青岛片区政策\n\n## 第一章 总则\n\n**重点**支持[跨境电商](http://x)发展。\n")
    loaded = load_document(path)
    assert loaded.title_hint == "青岛片区政策"
    assert "第一章 总则" in loaded.text and "重点支持跨境电商发展。" in loaded.text


def test_unreadable_files_are_reported_by_name_and_reason(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("青岛自贸片区实现进出口1108亿元。", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.md").write_text(" \n\n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(2048))
    (tmp_path / "nul.txt").write_bytes(b"abc\x00\x01\x02\x03" * 50)
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj garbage")
    (tmp_path / "sheet.xlsx").write_bytes(b"PK\x03\x04")
    (tmp_path / "furniture.txt").write_text("分享到 分享\n责任编辑:杨小萌\n", encoding="utf-8")
    corpus = parse_corpus(tmp_path)
    reasons = dict(corpus.failures)
    assert [doc.doc_id for doc in corpus.documents] == ["good.txt"]
    assert reasons["empty.txt"] == "empty file"
    assert reasons["blank.md"] == "empty file"
    assert "binary" in reasons["binary.txt"] and "binary" in reasons["nul.txt"]
    assert "not a readable .docx" in reasons["broken.docx"]
    assert "not a readable PDF" in reasons["broken.pdf"]
    assert "unsupported file type '.xlsx'" in reasons["sheet.xlsx"]
    assert reasons["furniture.txt"] == "no text left after removing page furniture"
    assert corpus.stats["failed"] == 8


def test_decode_rejects_binary() -> None:
    with pytest.raises(UnreadableFile, match="binary"):
        decode_text(bytes(range(256)) * 8)
