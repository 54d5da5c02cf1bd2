"""The peer's chunking: the raw files split by langchain's 500-character splitter, as is."""

from __future__ import annotations

from eval.peer import CHUNK_SIZE, split_corpus
from settings import ROOT


def test_peer_splits_every_raw_file_into_numbered_chunks_of_at_most_500_characters():
    chunks = split_corpus(ROOT / "docs")
    assert {c.metadata["doc"] for c in chunks} == {p.name for p in (ROOT / "docs").glob("*.txt")}
    assert max(len(c.page_content) for c in chunks) <= CHUNK_SIZE
    first = [c for c in chunks if c.metadata["doc"] == chunks[0].metadata["doc"]][:2]
    assert [c.metadata["paragraph"] for c in first] == ["1", "2"]
