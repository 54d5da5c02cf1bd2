"""The built index, loaded once and searched warm: chunks, FAISS, BM25, embedder, tokenizer.

search() fuses dense and BM25 rankings by weighted reciprocal rank (Settings.dense_weight,
Settings.lexical_weight); search_detailed() returns the same hits with the raw signals
(dense cosine, BM25 score, ranks, matched terms) the answer stage needs to refuse.

Example:
    index = PolicyIndex.load(Settings.from_env())
    index.search("四证一单", k=1)
    -> [Hit(chunk=Chunk(text="…青岛片区首创建设工程“四证一单”审批模式…"), score=0.0328,
            retriever="hybrid")]
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import TypeVar

import numpy as np

from index.dense import DenseIndex
from index.embed import Embedder, QueryMemory, get_embedder
from index.filters import LookupFilter
from index.fusion import FusedHit, RetrievalSignals, fuse, ranks
from index.layout import (
    CHUNKS,
    DENSE,
    DOCUMENTS,
    LEXICAL,
    IndexNotReady,
    check_manifest,
    complete_folder,
    ingest_command,
    read_chunks,
    read_documents,
    read_manifest,
)
from index.lexical import LexicalIndex
from index.model import Hit
from index.segment import PolicyTokenizer, tokenizer_fingerprint
from ingest.model import CHUNKER_VERSION, Chunk, DocumentInfo
from settings import Settings

__all__ = ["IndexNotReady", "PolicyIndex"]

CANDIDATE_DEPTH = 50  # hits taken from each retriever before fusion
DENSE_QUERY_CHARS = 96  # embedding cost grows with length; a question's gist is up front
H = TypeVar("H", Hit, FusedHit)


class PolicyIndex:
    """Everything a query needs, in memory; row i is chunk i in FAISS, BM25 and .chunks."""

    def __init__(
        self,
        folder: Path,
        manifest: dict,
        documents: list[DocumentInfo],
        chunks: list[Chunk],
        dense: DenseIndex,
        lexical: LexicalIndex,
        embedder: Embedder,
        tokenizer: PolicyTokenizer,
        settings: Settings,
    ) -> None:
        self.folder = folder
        self.manifest = manifest
        self.documents = documents
        self.chunks = chunks
        self.dense = dense
        self.lexical = lexical
        self.embedder = embedder
        self.tokenizer = tokenizer
        self.dense_weight = settings.dense_weight
        self.lexical_weight = settings.lexical_weight
        self._rows = {chunk.id: row for row, chunk in enumerate(chunks)}
        self.retired = {document.doc_id for document in documents if not document.current}

    @classmethod
    def load(cls, settings: Settings) -> PolicyIndex:
        """Load and warm up the index in settings.index_dir, or raise IndexNotReady."""
        folder = complete_folder(settings.index_dir)
        manifest = read_manifest(folder)
        check_manifest(
            manifest,
            folder,
            embedding_model=settings.embedding_model,
            chunker_version=CHUNKER_VERSION,
            tokenizer=tokenizer_fingerprint(),
        )
        missing = [
            name for name in (CHUNKS, DOCUMENTS, DENSE, LEXICAL) if not (folder / name).exists()
        ]
        if missing:
            raise IndexNotReady(
                f"Incomplete index in {folder} (no {', '.join(missing)}): "
                f"run {ingest_command(folder)}."
            )
        index = cls(
            folder,
            manifest,
            read_documents(folder / DOCUMENTS),
            read_chunks(folder / CHUNKS),
            DenseIndex.load(folder / DENSE),
            LexicalIndex.load(folder / LEXICAL),
            QueryMemory(get_embedder(settings.embedding_model), settings.query_memory),
            PolicyTokenizer(settings.cache_dir),
            settings,
        )
        # The first calls start thread pools: pay for that here, not in a user's first query.
        index.search("青岛自贸片区", k=1)
        return index

    def reweighted(self, dense_weight: float, lexical_weight: float) -> PolicyIndex:
        """The same loaded index with other fusion weights (for tuning; nothing is reloaded)."""
        twin = copy.copy(self)
        twin.dense_weight, twin.lexical_weight = dense_weight, lexical_weight
        return twin

    @property
    def retriever(self) -> str:
        """Hit.retriever: "hybrid", or the only retriever with a positive weight."""
        if self.dense_weight > 0 and self.lexical_weight > 0:
            return "hybrid"
        return "dense" if self.dense_weight > 0 else "bm25"

    def search(self, query: str, k: int = 10, where: LookupFilter | None = None) -> list[Hit]:
        """The k best chunks for a query, fused score first, optionally only `where` admits."""
        return [fused.hit for fused in self.search_detailed(query, k, where)]

    def search_detailed(
        self,
        query: str,
        k: int = 10,
        where: LookupFilter | None = None,
        dense_query: str | None = None,
    ) -> list[FusedHit]:
        """search() with RetrievalSignals per hit (see index/fusion.py). `dense_query`, when
        given, is what the embedder reads instead of `query` (BM25 still reads `query`)."""
        allowed = None if where is None else where.rows(self.chunks)
        if not query.strip() or k <= 0 or (allowed is not None and len(allowed) == 0):
            return []
        depth = max(CANDIDATE_DEPTH, k)
        query_vector = self.embedder.embed_query((dense_query or query)[:DENSE_QUERY_CHARS])
        dense_rows, _ = self.dense.search(query_vector, depth, allowed)
        terms = self.tokenizer.query_terms(query)
        bm25 = self.lexical.scores(terms)
        if allowed is not None:
            keep = np.zeros(len(bm25), dtype=bool)
            keep[allowed] = True
            bm25 = np.where(keep, bm25, 0.0)
        bm25_rows = LexicalIndex.top(bm25, depth)
        fused = fuse([(dense_rows, self.dense_weight), (bm25_rows, self.lexical_weight)])[:k]
        rows = np.array([row for row, _ in fused], dtype=np.int64)
        cosines = self.dense.cosines(query_vector, rows)
        found = self.lexical.occurrences(terms, rows)
        dense_rank, bm25_rank = ranks(dense_rows), ranks(bm25_rows)
        return [
            FusedHit(
                chunk=self.chunks[row],
                score=score,
                retriever=self.retriever,
                signals=RetrievalSignals(
                    dense_cosine=float(cosine),
                    bm25_score=float(bm25[row]),
                    dense_rank=dense_rank.get(row),
                    bm25_rank=bm25_rank.get(row),
                    matched_terms=tuple(t for t, hit in zip(terms, in_chunk, strict=True) if hit),
                ),
            )
            for (row, score), cosine, in_chunk in zip(fused, cosines, found, strict=True)
        ]

    def current_first(self, found: list[H]) -> list[H]:
        """Hits (anything with .chunk) with those of retired or replaced documents moved
        below every current one, each side in its own order."""
        return sorted(found, key=lambda hit: hit.chunk.doc_id in self.retired)

    def __contains__(self, chunk_id: str) -> bool:
        return chunk_id in self._rows

    def get(self, chunk_id: str) -> Chunk:
        """The chunk with this id; KeyError if the index has none."""
        return self.chunks[self._rows[chunk_id]]

    def neighbours(self, chunk_id: str, before: int = 1, after: int = 1) -> list[Chunk]:
        """The chunk itself with up to `before`/`after` chunks around it, same document, in order.

        Example: neighbours(id_of_paragraph_12) -> [paragraph 11, paragraph 12, paragraph 13]
        """
        row = self._rows[chunk_id]
        doc_id = self.chunks[row].doc_id
        window = self.chunks[max(0, row - before) : row + after + 1]
        return [chunk for chunk in window if chunk.doc_id == doc_id]
