"""What a search returns: a chunk, its score and the retriever that found it."""

from __future__ import annotations

from dataclasses import dataclass

from ingest.model import Chunk


@dataclass(frozen=True)
class Hit:
    chunk: Chunk
    score: float
    retriever: str  # "dense" | "bm25" | "hybrid"
