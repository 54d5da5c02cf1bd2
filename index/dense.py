"""Dense retrieval: a FAISS inner-product index over L2-normalised passage vectors.

The index type follows corpus size: exact IndexFlatIP while brute force stays fast
(~13 ms for 100k vectors on 2 cores), IndexIVFFlat from APPROXIMATE_THRESHOLD on. The IVF
settings were chosen by `python -m bench.faiss_recall` at 1M vectors whose neighbour
distances match the real ones: 1024 lists probed 256 at a time find 0.979 of the exact top
10 in 31.8 ms (exact: 155 ms); HNSW32 reached 0.942 at efSearch 1024 and took 14 minutes to
build. Saved with faiss.write_index, FAISS's own format. Row i of the index is chunk i.

Example:
    dense = DenseIndex.build(vectors)             # vectors: (n, 384) float32, normalised
    dense.search(query_vector, depth=50)          -> (rows [3, 0, 7, ...], cosines [0.91, ...])
"""

from __future__ import annotations

from pathlib import Path

import faiss
import numpy as np

APPROXIMATE_THRESHOLD = 50_000  # vectors; below this exact search is fast enough
IVF_LISTS = 1024  # clusters at 1M; fewer for smaller corpora (TRAINING_PER_LIST each)
IVF_PROBE_SHARE = 0.25  # share of the clusters searched per query (256 of 1024)
TRAINING_PER_LIST = 50  # k-means sample: this many vectors per cluster
# A filter keeping at most this many rows is scored exactly: an approximate search over a
# few allowed rows would mostly probe clusters holding none of them.
EXACT_FILTER_LIMIT = 20_000


class DenseIndex:
    """Cosine search over chunk vectors, optionally restricted to some rows."""

    def __init__(self, index: faiss.Index) -> None:
        self.index = index
        self.is_approximate = isinstance(index, faiss.IndexIVF)
        if self.is_approximate:
            index.nprobe = max(1, round(index.nlist * IVF_PROBE_SHARE))
            index.make_direct_map()  # reconstruct rows for exact cosines of allowed rows

    @classmethod
    def build(cls, vectors: np.ndarray, approximate: bool | None = None) -> DenseIndex:
        """Exact below APPROXIMATE_THRESHOLD vectors, IVF from there on (or as `approximate`
        says)."""
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        count, dim = vectors.shape
        if approximate is None:
            approximate = count >= APPROXIMATE_THRESHOLD
        if approximate:
            lists = max(1, min(IVF_LISTS, count // TRAINING_PER_LIST))
            index = faiss.IndexIVFFlat(
                faiss.IndexFlatIP(dim), dim, lists, faiss.METRIC_INNER_PRODUCT
            )
            sample = np.random.default_rng(1).choice(
                count, min(count, TRAINING_PER_LIST * lists), replace=False
            )
            index.train(vectors[np.sort(sample)])
        else:
            index = faiss.IndexFlatIP(dim)
        index.add(vectors)
        return cls(index)

    @classmethod
    def load(cls, path: Path) -> DenseIndex:
        return cls(faiss.read_index(str(path)))

    def save(self, path: Path) -> None:
        faiss.write_index(self.index, str(path))

    @property
    def index_type(self) -> str:
        """FAISS class name recorded in the manifest, e.g. "IndexFlatIP"."""
        return type(self.index).__name__

    def search(
        self, query: np.ndarray, depth: int, allowed: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Rows and cosines of the `depth` nearest passages, best first, within `allowed` rows."""
        if allowed is not None and self.is_approximate and len(allowed) <= EXACT_FILTER_LIMIT:
            return self._exact(query, depth, allowed)
        params = None
        if allowed is not None:
            selector = faiss.IDSelectorBatch(allowed.astype(np.int64))
            params = (
                faiss.SearchParametersIVF(sel=selector, nprobe=self.index.nprobe)
                if self.is_approximate
                else faiss.SearchParameters(sel=selector)
            )
        scores, rows = self.index.search(query.reshape(1, -1), depth, params=params)
        found = rows[0] >= 0  # FAISS pads with -1 when fewer rows qualify
        return rows[0][found], scores[0][found]

    def _exact(
        self, query: np.ndarray, depth: int, rows: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        cosines = self.cosines(query, rows)
        best = np.argsort(-cosines, kind="stable")[:depth]
        return rows[best], cosines[best]

    def cosines(self, query: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """Exact cosine of the query with each given row (vectors are normalised)."""
        if len(rows) == 0:
            return np.empty(0, dtype=np.float32)
        return self.index.reconstruct_batch(rows.astype(np.int64)) @ query
