"""Small Chinese corpora and faulty files for ingest tests, and `python -m ingest` as a process.

Three short documents embed in a second or two, so a test can ingest them many times.

Example:
    write_policies(tmp_path / "docs")          -> ["trade.txt", "port.txt", "talent.txt"]
    run_ingest(tmp_path / "docs", tmp_path / "index", tmp_path / "cache").returncode -> 0
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import docx

from settings import ROOT
from tests.support.pdf import minimal_pdf
from tests.support.served import offline_env

POLICIES = {
    "trade.txt": (
        "青岛自贸片区跨境贸易便利化措施\n\n第一章 通关服务\n\n"
        "青岛自贸片区推行进口原油“先放后检”模式，验放时间由2至3天缩短至半天。\n\n"
        "片区开展企业自有罐式集装箱海铁联运业务，降低企业物流成本。\n"
    ),
    "port.txt": (
        "青岛港航运服务发展情况\n\n第一章 港口发展\n\n"
        "2024年青岛港集装箱吞吐量达到3087万标箱，同比增长9.1%。\n\n"
        "片区建设国际航运服务中心，集聚航运企业超过500家。\n"
    ),
    "talent.txt": (
        "青岛自贸片区人才政策\n\n第一章 人才引进\n\n"
        "对新引进的高层次人才，片区给予最高100万元安家补贴。\n\n"
        "片区设立人才服务窗口，提供落户、子女入学等一站式服务。\n"
    ),
}
LEAD = "青岛自贸片区推行进口原油"  # a sentence of trade.txt that a search must find


def write_policies(folder: Path) -> list[str]:
    """The three short documents as UTF-8 text files; returns their names."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in POLICIES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return list(POLICIES)


def truncated_pdf() -> bytes:
    """The first half of a valid one-page PDF: no cross-reference table, no end marker."""
    whole = minimal_pdf(["青岛港集装箱吞吐量", "同比增长9.1%。"])
    return whole[: len(whole) // 2]


def truncated_docx() -> bytes:
    """The first half of a valid .docx: its zip directory (at the end) is gone."""
    document = docx.Document()
    document.add_paragraph("青岛自贸片区推进制度创新。")
    buffer = io.BytesIO()
    document.save(buffer)
    whole = buffer.getvalue()
    return whole[: len(whole) // 2]


def write_encoded(folder: Path) -> dict[str, str]:
    """One policy sentence per encoding; returns file name -> a phrase its chunk must hold."""
    text = "第一章 总则\n\n{}。\n"
    samples = {
        "gbk.txt": ("gbk", "片区推行跨境电商零售进口退货中心仓模式"),
        "gb18030.txt": ("gb18030", "片区引进䶮字号企业，欧元€结算试点落地"),
        "utf16.txt": ("utf-16", "片区开展离岸贸易“离岸达”服务"),
        "bom.txt": ("utf-8-sig", "片区实施建设工程“四证一单”审批模式"),
    }
    for name, (encoding, phrase) in samples.items():
        (folder / name).write_bytes(text.format(phrase).encode(encoding))
    return {name: phrase for name, (_, phrase) in samples.items()}


def write_broken(folder: Path) -> dict[str, str]:
    """Files no ingest can use; returns file name -> a word its reported reason must hold."""
    (folder / "empty.txt").write_bytes(b"")
    (folder / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(4096))
    (folder / "cut.pdf").write_bytes(truncated_pdf())
    (folder / "cut.docx").write_bytes(truncated_docx())
    return {"empty.txt": "empty", "photo.txt": "binary", "cut.pdf": "PDF", "cut.docx": "docx"}


def ingest_command(docs: Path, index: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "ingest", "--docs", str(docs), "--index", str(index), *extra]


def run_ingest(
    docs: Path, index: Path, cache: Path, *extra: str, timeout: float = 180
) -> subprocess.CompletedProcess:
    """`python -m ingest` with a private embedding cache; output captured as text."""
    return subprocess.run(
        ingest_command(docs, index, *extra),
        cwd=ROOT,
        env=offline_env(cache_dir=str(cache)),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def start_ingest(docs: Path, index: Path, cache: Path) -> subprocess.Popen:
    """`python -m ingest` running in the background (output discarded)."""
    return subprocess.Popen(
        ingest_command(docs, index),
        cwd=ROOT,
        env=offline_env(cache_dir=str(cache)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
