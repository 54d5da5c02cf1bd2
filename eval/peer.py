"""The peer: the plain langchain pipeline we measure ourselves against, over the same raw files.

Raw docs/*.txt as UTF-8 -> RecursiveCharacterTextSplitter(500, overlap 50) -> our embedder
(PolicyEmbeddings, so the content-hash cache makes the second run cheap) -> FAISS; the answer
is the top chunk. Vectors are L2-normalised, so inner product ranks exactly as the default L2.

Example:
    peer = build_peer(settings)
    peer_records(peer, [{"id": "fact-01", "question": "片区的发展目标是什么？"}])[0]
    -> {"id": "fact-01", "answer": "<top chunk>", "retrieved": [{"doc": "….txt", ...}], ...}
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

from langchain_core.documents import Document
from langchain_text_splitters import RecursiveCharacterTextSplitter

from eval.runner import progress_bar, timed
from index.embed import get_embedder
from index.langchain_adapter import PolicyEmbeddings

with warnings.catch_warnings():  # langchain-community announces its sunset on import
    warnings.simplefilter("ignore", DeprecationWarning)
    from langchain_community.vectorstores import FAISS
    from langchain_community.vectorstores.utils import DistanceStrategy

CHUNK_SIZE = 500
CHUNK_OVERLAP = 50
RETRIEVED_K = 10  # as many hits as the eval contract asks of our pipeline


@dataclass(frozen=True)
class PeerPipeline:
    store: FAISS
    chunks: list[Document]


def split_corpus(docs_dir: Path) -> list[Document]:
    """Every *.txt file read as UTF-8 and split; metadata = file name and chunk number."""
    splitter = RecursiveCharacterTextSplitter(chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP)
    chunks = []
    for path in sorted(docs_dir.glob("*.txt")):
        texts = splitter.split_text(path.read_text(encoding="utf-8"))
        chunks += [
            Document(page_content=text, metadata={"doc": path.name, "paragraph": str(n)})
            for n, text in enumerate(texts, start=1)
        ]
    return chunks


def build_peer(settings) -> PeerPipeline:
    """Embed the peer's chunks (cached by content hash) into an in-memory FAISS store."""
    embeddings = PolicyEmbeddings(get_embedder(settings.embedding_model, settings.cache_dir))
    chunks = split_corpus(settings.docs_dir)
    store = FAISS.from_documents(
        chunks, embeddings, distance_strategy=DistanceStrategy.MAX_INNER_PRODUCT
    )
    # Warm up as PolicyIndex.load does, so neither side's latency pays for starting threads.
    store.similarity_search("青岛自贸片区", k=1)
    return PeerPipeline(store=store, chunks=chunks)


def top_chunk_record(
    question: dict, found: list[tuple[Document, float]], latency_ms: float
) -> dict:
    """A peer's eval record: its ranked chunks, the top one as the answer, never refused."""
    retrieved = [
        {
            "doc": doc.metadata["doc"],
            "paragraph": doc.metadata["paragraph"],
            "text": doc.page_content,
            "score": round(float(score), 4),
        }
        for doc, score in found
    ]
    return {
        "id": question["id"],
        "question": question["question"],
        "answer": retrieved[0]["text"] if retrieved else "",
        "refused": False,
        "citations": [],
        "retrieved": retrieved,
        "latency_ms": latency_ms,
    }


def peer_records(peer: PeerPipeline, questions: list[dict], *, progress: bool = True) -> list[dict]:
    """Ask the peer every question alone (a plain pipeline has no conversation memory)."""
    records = []
    for question in progress_bar(questions, "peer", progress):
        found, latency_ms = timed(
            lambda q=question: peer.store.similarity_search_with_score(q["question"], k=RETRIEVED_K)
        )
        records.append(top_chunk_record(question, found, latency_ms))
    return records
