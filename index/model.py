"""What a search returns: a chunk, its score and the retriever that found it, and the
JSON record of a hit that the CLI, the langchain adapter, the lookup API and eval share."""

from __future__ import annotations

from dataclasses import dataclass

from ingest.model import Chunk


@dataclass(frozen=True)
class Hit:
    chunk: Chunk
    score: float
    retriever: str  # "dense" | "bm25" | "hybrid"


def hit_record(hit: Hit) -> dict:
    """The JSON shape of a hit: where its paragraph stands, its text, score and retriever."""
    chunk = hit.chunk
    return {
        "doc": chunk.doc_id,
        "title": chunk.doc_title,
        "section": chunk.section,
        "paragraph": chunk.paragraph,
        "text": chunk.text,
        "score": round(hit.score, 6),
        "retriever": hit.retriever,
        "id": chunk.id,
    }
