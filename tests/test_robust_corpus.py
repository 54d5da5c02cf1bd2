"""Corpus faults: odd encodings, broken and unreadable files, a 20 MB file, duplicates.

Ingest must name every file it could not use and why, index everything else, exit non-zero
only when nothing usable was indexed, and never leave a half-written index behind.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

import pytest

from index.store import PolicyIndex
from ingest.pipeline import parse_corpus
from settings import Settings
from tests.support.corpora import (
    LEAD,
    POLICIES,
    run_ingest,
    write_broken,
    write_encoded,
    write_policies,
)

HUGE_BYTES = 20 * 2**20
PARSE_TIMEOUT_S = 60  # parsing the three small policies takes about a second
LINEAR_PARSE_S = 8  # 2 MB of text parses in about 2 s on a busy 2-core machine


def index_settings(tmp_path: Path) -> Settings:
    return Settings(index_dir=tmp_path / "index", cache_dir=tmp_path / "cache")


def leftovers(index: Path) -> list[str]:
    """Temporary or retired folders of builds next to the index (none after any ingest)."""
    return sorted(p.name for p in index.parent.glob(f".{index.name}.*") if p.is_dir())


def reported(stdout: str) -> dict[str, str]:
    """The "unreadable files" part of the ingest summary: file name -> reason."""
    lines = stdout.split("unreadable files", 1)[-1].splitlines()[1:]
    pairs = (line.strip().split(": ", 1) for line in lines if line.startswith("  "))
    return {pair[0]: pair[1] for pair in pairs if len(pair) == 2}


def test_encodings_are_indexed_and_broken_files_reported_by_name(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    write_policies(docs)
    phrases = write_encoded(docs)
    broken = write_broken(docs)
    result = run_ingest(docs, tmp_path / "index", tmp_path / "cache")
    assert result.returncode == 0, result.stderr
    reasons = reported(result.stdout)
    for name, word in broken.items():
        assert word.lower() in reasons.get(name, "").lower(), (name, reasons)
    index = PolicyIndex.load(index_settings(tmp_path))
    assert {d.doc_id for d in index.documents} == set(POLICIES) | set(phrases)
    for name, phrase in phrases.items():
        (hit,) = index.search(phrase, k=1)
        assert hit.chunk.doc_id == name and phrase in hit.chunk.text
    assert leftovers(tmp_path / "index") == []


def _dangling_link(path: Path) -> None:
    path.symlink_to(path.with_name("moved-away.txt"))


def _link_loop(path: Path) -> None:
    path.symlink_to(path)


def _no_permission(path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("tests run as root, which reads a chmod 000 file anyway; the broken link, "
                    "link loop and FIFO cases cover files that cannot be read")  # fmt: skip
    path.write_text("青岛自贸片区。", encoding="utf-8")
    path.chmod(0)


@pytest.mark.parametrize("make", [_dangling_link, _link_loop, os.mkfifo, _no_permission])
def test_an_unreadable_entry_is_reported_by_name_without_hanging(tmp_path: Path, make) -> None:
    docs = tmp_path / "docs"
    write_policies(docs)
    make(docs / "unreadable.txt")
    result = run_ingest(docs, tmp_path / "index", tmp_path / "cache", "--parse-only",
                        timeout=PARSE_TIMEOUT_S)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "unreadable.txt" in reported(result.stdout), result.stdout


def test_a_20_mb_text_file_is_refused_by_size_not_parsed_for_minutes(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    write_policies(docs)
    line = "青岛自贸片区持续推进制度创新，打造对外开放新高地。\n".encode()
    (docs / "huge.txt").write_bytes(line * (HUGE_BYTES // len(line)))
    try:
        result = run_ingest(docs, tmp_path / "index", tmp_path / "cache", "--parse-only",
                            timeout=PARSE_TIMEOUT_S)  # fmt: skip
    except subprocess.TimeoutExpired:
        pytest.fail(f"parsing a 20 MB file took over {PARSE_TIMEOUT_S} s instead of refusing it")
    assert result.returncode == 0, result.stderr
    reason = reported(result.stdout).get("huge.txt", "")
    assert "MB" in reason or "too large" in reason, result.stdout
    assert f"files {len(POLICIES)} " in result.stdout


def test_a_2_mb_text_file_under_the_limit_parses_in_seconds(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    line = "青岛自贸片区持续推进制度创新，打造对外开放新高地。\n".encode()
    (docs / "long.txt").write_bytes(line * (2 * 10**6 // len(line)))  # about 30,000 lines
    started = time.monotonic()
    corpus = parse_corpus(docs)
    seconds = time.monotonic() - started
    assert corpus.failures == [] and corpus.chunks
    assert seconds < LINEAR_PARSE_S, f"{seconds:.1f} s: parsing grows faster than the file"


def test_identical_files_under_two_names_are_indexed_once(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    write_policies(docs)
    (docs / "trade-copy.txt").write_bytes((docs / "trade.txt").read_bytes())
    corpus = parse_corpus(docs)
    holding = [chunk.doc_id for chunk in corpus.chunks if LEAD in chunk.text]
    assert len(holding) == 1, f"the same paragraph is indexed {len(holding)} times: {holding}"
    reasons = dict(corpus.failures)
    (copy,) = {"trade.txt", "trade-copy.txt"} - set(holding)
    assert ({"trade.txt", "trade-copy.txt"} - {copy}).pop() in reasons.get(copy, "")


def test_nothing_usable_exits_non_zero_and_keeps_the_previous_index(tmp_path: Path) -> None:
    docs, index = tmp_path / "docs", tmp_path / "index"
    write_policies(docs)
    assert run_ingest(docs, index, tmp_path / "cache").returncode == 0
    before = json.loads((index / "manifest.json").read_text(encoding="utf-8"))
    junk = tmp_path / "junk"
    junk.mkdir()
    broken = write_broken(junk)
    result = run_ingest(junk, index, tmp_path / "cache")
    assert result.returncode != 0
    assert set(broken) <= set(reported(result.stdout)), result.stdout
    assert "nothing usable" in result.stderr
    after = json.loads((index / "manifest.json").read_text(encoding="utf-8"))
    assert after == before and leftovers(index) == []
    (hit,) = PolicyIndex.load(index_settings(tmp_path)).search(LEAD, k=1)
    assert LEAD in hit.chunk.text
