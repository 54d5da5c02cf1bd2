"""What the assistant returns: answer text, numbered citations, refusal and timings."""

from __future__ import annotations

from dataclasses import dataclass, field

from index.model import Hit
from ingest.model import Chunk


@dataclass(frozen=True)
class Citation:
    """Source [number]: the cited chunk and the exact sentence(s) the answer relies on."""

    number: int
    chunk: Chunk
    sentences: tuple[str, ...]


@dataclass(frozen=True)
class Answer:
    question: str
    text: str  # shown to the user, with [n] markers
    citations: tuple[Citation, ...] = ()
    refused: bool = False
    refusal_reason: str = ""  # e.g. "not_in_documents", "offtopic", "injection", "empty"
    # parts of an answered question the answer says the documents do not answer:
    # ("2016年在哪些口岸试点过",) beside "…缩减至半天[1]。关于“2016年在哪些口岸试点过”，…"
    unanswered: tuple[str, ...] = ()
    note: str = ""  # visible note: LLM fallback, question truncated, ...
    retrieved: tuple[Hit, ...] = ()
    standalone_question: str = ""  # the follow-up rewritten for retrieval
    timings: dict[str, float] = field(default_factory=dict)  # milliseconds per stage
