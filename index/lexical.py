"""Lexical retrieval: BM25 (bm25s) over the jieba terms of each chunk, built once at ingest.

Persisted with bm25s's own layout: JSON vocabulary and parameters plus numeric .npy
arrays of the sparse score matrix, written and read with allow_pickle=False.

Example:
    bm25 = LexicalIndex.build([["四证一单", "审批"], ["原油", "先放后检"]])
    bm25.scores(["先放后检"])          -> array([0.  , 0.47], dtype=float32)
    bm25.top(bm25.scores(["先放后检"]), depth=10) -> array([1])
"""

from __future__ import annotations

from pathlib import Path

import bm25s
import numpy as np


class LexicalIndex:
    """BM25 scores of every chunk for a list of query terms; row i is chunk i."""

    def __init__(self, bm25: bm25s.BM25) -> None:
        self._bm25 = bm25

    @classmethod
    def build(cls, chunk_terms: list[list[str]]) -> LexicalIndex:
        bm25 = bm25s.BM25(csc_backend="numpy")  # sorts chunk rows within each term column
        bm25.index(chunk_terms, show_progress=False)
        return cls(bm25)

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex:
        return cls(bm25s.BM25.load(str(folder), load_corpus=False, allow_pickle=False))

    def save(self, folder: Path) -> None:
        self._bm25.save(str(folder), allow_pickle=False, show_progress=False)

    def scores(self, terms: list[str]) -> np.ndarray:
        """BM25 score of every chunk (0.0 where no term occurs); unknown terms are ignored."""
        ids = self._bm25.get_tokens_ids(terms)
        if not ids:
            return np.zeros(self._bm25.scores["num_docs"], dtype=np.float32)
        return self._bm25.get_scores_from_ids(ids)

    def occurrences(self, terms: list[str], rows: np.ndarray) -> np.ndarray:
        """found[i, j] is True when chunk rows[i] contains terms[j] (read off the index).

        Example: occurrences(["原油", "四证一单"], np.array([1, 0])) -> [[True, False], [False, True]]
        """
        found = np.zeros((len(rows), len(terms)), dtype=bool)
        indptr, indices = self._bm25.scores["indptr"], self._bm25.scores["indices"]
        for column, term in enumerate(terms):
            token = self._bm25.vocab_dict.get(term)
            if token is None or token + 1 >= len(indptr):
                continue
            holders = indices[indptr[token] : indptr[token + 1]]  # sorted rows containing it
            if len(holders) == 0:
                continue
            at = np.minimum(np.searchsorted(holders, rows), len(holders) - 1)
            found[:, column] = holders[at] == rows
        return found

    def vocabulary(self) -> dict[str, int]:
        """Every indexed term with the number of chunks holding it (read off the index)."""
        indptr = self._bm25.scores["indptr"]
        return {
            term: int(indptr[token + 1] - indptr[token])
            for term, token in self._bm25.vocab_dict.items()
            if token + 1 < len(indptr)
        }

    @staticmethod
    def top(scores: np.ndarray, depth: int) -> np.ndarray:
        """Rows of the `depth` best positive scores, best first (ties keep document order)."""
        candidates = np.flatnonzero(scores > 0)
        if len(candidates) > depth:
            keep = np.argpartition(-scores[candidates], depth - 1)[:depth]
            candidates = candidates[keep]
        order = np.lexsort((candidates, -scores[candidates]))
        return candidates[order]
