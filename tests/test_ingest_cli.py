"""`python -m ingest`: the summary, unreadable files by name, a document without manifest entry."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from ingest.__main__ import main
from settings import ROOT

ARTICLE = "关于支持跨境电商发展的通知\n\n各有关单位:\n\n为支持跨境电商发展，现通知如下。\n"


def test_parse_only_prints_the_summary_and_every_failure(tmp_path: Path, capsys) -> None:
    (tmp_path / "notice.txt").write_text(ARTICLE, encoding="gbk")
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 broken")
    assert main(["--parse-only", "--docs", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    # one paragraph and the document's card
    assert "files 1 · articles 1 · sections 0 · paragraphs 1 · table rows 0 · chunks 2" in out
    assert "unreadable files (1):\n  broken.pdf: not a readable PDF" in out


def test_a_document_without_manifest_entry_gets_a_title_from_its_text(tmp_path: Path) -> None:
    from ingest.pipeline import parse_corpus

    (tmp_path / "manifest.json").write_text(
        json.dumps({"other.txt": {"title": "另一份文件", "date": "2024", "aliases": ["那份文件"]}}),
        encoding="utf-8",
    )
    (tmp_path / "other.txt").write_text("正文。", encoding="utf-8")
    (tmp_path / "notice.txt").write_text(ARTICLE, encoding="utf-8")
    corpus = parse_corpus(tmp_path)
    titles = {doc.doc_id: (doc.title, doc.date) for doc in corpus.documents}
    assert titles == {
        "notice.txt": ("关于支持跨境电商发展的通知", ""),
        "other.txt": ("另一份文件", "2024"),
    }
    # the names users call a document by travel with it to the index
    assert {doc.doc_id: doc.aliases for doc in corpus.documents} == {
        "notice.txt": (),
        "other.txt": ("那份文件",),
    }
    notice = [c for c in corpus.chunks if c.doc_id == "notice.txt" and c.kind != "document"]
    assert [c.text for c in notice] == ["各有关单位:为支持跨境电商发展，现通知如下。"]


def test_a_broken_manifest_is_reported_not_fatal(tmp_path: Path) -> None:
    from ingest.pipeline import parse_corpus

    (tmp_path / "manifest.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "notice.txt").write_text(ARTICLE, encoding="utf-8")
    corpus = parse_corpus(tmp_path)
    assert len(corpus.documents) == 1
    assert corpus.failures[0][0] == "manifest.json"


def test_nothing_usable_exits_non_zero(tmp_path: Path, capsys) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    assert main(["--parse-only", "--docs", str(tmp_path)]) == 1
    assert main(["--parse-only", "--docs", str(tmp_path / "missing")]) == 1
    assert "docs folder not found" in capsys.readouterr().out


def test_module_entry_point_runs(tmp_path: Path) -> None:
    (tmp_path / "notice.txt").write_text(ARTICLE, encoding="utf-8")
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "ingest", "--parse-only", "--docs", str(tmp_path)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "chunks 2" in result.stdout and "parsing" in result.stderr  # tqdm progress on stderr
