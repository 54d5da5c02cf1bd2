"""Large synthetic corpora grown from the real paragraphs, for the retrieval scaling curve.

Embedding a million texts with the bundled e5 would take days on two cores, and jieba would
need minutes per million paragraphs, so a synthetic chunk is derived from a real one
instead:
  - row order: each row copies a real chunk drawn at random (so the corpus is shuffled);
  - BM25 terms: the real chunk's jieba terms with a window of ~15% dropped, two terms borrowed
    from another real chunk and one new term from a vocabulary that grows as 40·√n;
  - dense vector: the real chunk's e5 vector plus Gaussian noise (cosine ≈ 0.9 to its source),
    re-normalised — "vectors drawn near the real ones";
  - text, id and metadata: the real chunk object itself (shared, not copied: search reads
    only terms and vectors, and a million copies would cost seconds and hundreds of MB).

Example:
    corpus = synthetic_corpus(real, size=10_000)
    len(corpus.chunks), corpus.vectors.shape, corpus.terms[0][:3]
    -> (10000, (10000, 384), ["发展", "基础", "片区"])
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from index.store import PolicyIndex
from ingest.model import Chunk

DROP_FRACTION = 0.15  # share of a paragraph's terms removed, as a contiguous window
BORROWED_TERMS = 2  # terms taken from another paragraph
NOISE_SIGMA = 0.025  # per-dimension noise on 384-dim unit vectors: cosine ≈ 0.9 to the source
VECTOR_BLOCK = 100_000  # rows generated at once, to bound temporary memory


@dataclass(frozen=True)
class RealCorpus:
    """What the synthetic rows are drawn from: the built index's chunks, terms and vectors."""

    chunks: list[Chunk]
    terms: list[list[str]]
    vectors: np.ndarray


@dataclass(frozen=True)
class SyntheticCorpus:
    chunks: list[Chunk]
    terms: list[list[str]]
    vectors: np.ndarray


def real_corpus(index: PolicyIndex) -> RealCorpus:
    """Chunks, jieba terms and stored e5 vectors of a loaded index (row i = chunk i)."""
    vectors = index.dense.index.reconstruct_n(0, len(index.chunks))
    terms = [index.tokenizer.terms(chunk.search_text) for chunk in index.chunks]
    return RealCorpus(index.chunks, terms, vectors)


def synthetic_corpus(real: RealCorpus, size: int, seed: int = 0) -> SyntheticCorpus:
    """`size` perturbed, shuffled copies of the real chunks (see the module doc)."""
    rng = np.random.default_rng(seed)
    sources = rng.integers(0, len(real.chunks), size)
    donors = rng.integers(0, len(real.chunks), size)
    return SyntheticCorpus(
        chunks=[real.chunks[source] for source in sources.tolist()],
        terms=perturbed_terms(real.terms, sources, donors, rng),
        vectors=noisy_vectors(real.vectors, sources, rng),
    )


def perturbed_terms(
    terms: list[list[str]], sources: np.ndarray, donors: np.ndarray, rng: np.random.Generator
) -> list[list[str]]:
    """Per row: source terms minus a window, plus borrowed terms and one new term.

    Example: source ["a","b","c","d","e","f","g"], window at 2, donor ["x","y"], new 7
    -> ["a", "b", "d", "e", "f", "g", "x", "y", "t7"]
    """
    size = len(sources)
    starts = rng.random(size)
    new_terms = rng.integers(0, max(1, int(40 * math.sqrt(size))), size)
    rows = []
    for source, donor, start, new in zip(
        sources.tolist(), donors.tolist(), starts.tolist(), new_terms.tolist(), strict=True
    ):
        own = terms[source]
        width = math.ceil(len(own) * DROP_FRACTION)
        cut = int(start * max(1, len(own) - width))
        borrowed = terms[donor][:BORROWED_TERMS]
        rows.append([*own[:cut], *own[cut + width :], *borrowed, f"t{new}"])
    return rows


def noisy_vectors(vectors: np.ndarray, sources: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Source vectors plus N(0, NOISE_SIGMA²) per dimension, L2-normalised, float32."""
    noisy = np.empty((len(sources), vectors.shape[1]), dtype=np.float32)
    for start in range(0, len(sources), VECTOR_BLOCK):
        block = sources[start : start + VECTOR_BLOCK]
        drawn = vectors[block] + rng.normal(0, NOISE_SIGMA, (len(block), vectors.shape[1]))
        drawn /= np.linalg.norm(drawn, axis=1, keepdims=True)
        noisy[start : start + len(block)] = drawn
    return noisy
