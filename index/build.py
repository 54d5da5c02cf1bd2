"""Build the index from chunks: cached embeddings, FAISS, BM25 and a manifest, atomically.

The new index is written into a temporary folder next to settings.index_dir and renamed
into place at the end, so the previous index stays loadable until then and a failed or
killed build leaves it untouched. One ingest at a time: a second one fails at once.

Example:
    report = build_index(corpus.chunks, corpus.documents, settings, chunker_version="3")
    -> BuildReport(chunks=812, embedded=0, reused=812, index_type="IndexFlatIP", seconds=1.9, …)
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from tqdm import tqdm

from index.cache import EmbeddingCache
from index.dense import DenseIndex
from index.embed import CachedEmbedder, get_embedder
from index.layout import (
    CHUNKS,
    DENSE,
    DOCUMENTS,
    FORMAT_VERSION,
    LEXICAL,
    complete_folder,
    write_chunks,
    write_documents,
    write_manifest,
)
from index.lexical import LexicalIndex
from index.segment import PolicyTokenizer
from ingest.model import Chunk, DocumentInfo
from settings import Settings

EMBED_BATCH = 32  # passages per model call; each batch is committed to the cache at once


class IngestRunning(RuntimeError):
    """Another process is building this index right now."""


@dataclass(frozen=True)
class BuildReport:
    index_dir: Path
    documents: int
    chunks: int
    duplicates: int  # chunks dropped because an earlier chunk had the same content id
    embedded: int  # passages the model embedded in this build
    reused: int  # passages served from the content-hash cache
    index_type: str  # FAISS class, e.g. "IndexFlatIP"
    seconds: float


def build_index(
    chunks: list[Chunk],
    documents: list[DocumentInfo],
    settings: Settings,
    *,
    chunker_version: str,
    progress: bool = False,
    on_progress: Callable[[int, int], None] | None = None,
) -> BuildReport:
    """Embed (only unseen passages), index and atomically replace settings.index_dir;
    on_progress(done, total) hears of every embedded batch."""
    started = time.perf_counter()
    ordered, duplicates = in_document_order(chunks, documents)
    if not ordered:
        raise ValueError("nothing to index: the corpus produced no chunks")
    target = settings.index_dir
    with ingest_lock(target):
        remove_leftovers(target)
        model = get_embedder(settings.embedding_model)
        embedder = CachedEmbedder(model, EmbeddingCache(settings.cache_dir, model.name))
        try:
            vectors = embed_chunks(embedder, ordered, progress, on_progress)
        finally:
            embedder.cache.close()
        tokenizer = PolicyTokenizer(settings.cache_dir)
        lexical = LexicalIndex.build([tokenizer.terms(chunk.search_text) for chunk in ordered])
        dense = DenseIndex.build(vectors)
        manifest = {
            "format": FORMAT_VERSION,
            "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "chunker_version": chunker_version,
            "embedding_model": model.name,
            "dimension": model.dim,
            "faiss_index_type": dense.index_type,
            "tokenizer": tokenizer.fingerprint,
            "corpus": {document.doc_id: document.sha256 for document in documents},
            "counts": {
                "documents": len(documents),
                "chunks": len(ordered),
                "by_kind": dict(Counter(chunk.kind for chunk in ordered)),
                "by_document": dict(Counter(chunk.doc_id for chunk in ordered)),
            },
            "embedding": {"embedded": embedder.embedded, "reused": embedder.reused},
            "build_seconds": round(time.perf_counter() - started, 2),
        }

        def write(folder: Path) -> None:
            write_chunks(folder / CHUNKS, ordered)
            write_documents(folder / DOCUMENTS, documents)
            dense.save(folder / DENSE)
            lexical.save(folder / LEXICAL)
            write_manifest(folder, manifest)  # last: a folder with a manifest is complete

        write_atomically(target, write)
    return BuildReport(
        index_dir=target,
        documents=len(documents),
        chunks=len(ordered),
        duplicates=duplicates,
        embedded=embedder.embedded,
        reused=embedder.reused,
        index_type=dense.index_type,
        seconds=round(time.perf_counter() - started, 2),
    )


def in_document_order(
    chunks: list[Chunk], documents: list[DocumentInfo]
) -> tuple[list[Chunk], int]:
    """Chunks sorted by (document, position), first of each id kept; and how many were dropped.

    Example: [b@2, a@1, b@2 again] with documents [a, b] -> ([a@1, b@2], 1)
    """
    first: dict[str, Chunk] = {}
    for chunk in chunks:
        first.setdefault(chunk.id, chunk)
    rank = {document.doc_id: n for n, document in enumerate(documents)}
    ordered = sorted(
        first.values(), key=lambda c: (rank.get(c.doc_id, len(rank)), c.doc_id, c.position)
    )
    return ordered, len(chunks) - len(first)


def embed_chunks(
    embedder: CachedEmbedder,
    chunks: list[Chunk],
    progress: bool,
    on_progress: Callable[[int, int], None] | None = None,
) -> np.ndarray:
    """Vectors of each chunk's search_text (section path + text), row i = chunk i."""
    texts = [chunk.search_text for chunk in chunks]
    parts = []
    with tqdm(total=len(texts), desc="embedding", unit="passage", disable=not progress) as bar:
        for start in range(0, len(texts), EMBED_BATCH):
            parts.append(embedder.embed_passages(texts[start : start + EMBED_BATCH]))
            bar.update(len(parts[-1]))
            if on_progress is not None:
                on_progress(bar.n, len(texts))
    return np.vstack(parts)


@contextmanager
def ingest_lock(target: Path) -> Iterator[None]:
    """Exclusive, non-blocking lock on a file next to the index; released on exit or death."""
    target.parent.mkdir(parents=True, exist_ok=True)
    path = target.with_name(f".{target.name}.lock")
    with open(path, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise IngestRunning(
                f"another ingest is running on {target} (it holds {path}); "
                "wait for it to finish, then run `python -m ingest` again."
            ) from None
        yield


def remove_leftovers(target: Path) -> None:
    """Delete temporary folders of builds that were killed (only call under ingest_lock);
    first put back the index such a kill may have left beside target instead of in it."""
    survivor = complete_folder(target)
    if survivor != target:
        os.rename(survivor, target)
    for pattern in (f".{target.name}.tmp-*", f".{target.name}.old-*"):
        for folder in target.parent.glob(pattern):
            shutil.rmtree(folder, ignore_errors=True)


def write_atomically(target: Path, write: Callable[[Path], None]) -> None:
    """Run write() into a sibling temporary folder, then rename it to target."""
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    try:
        staging.chmod(0o755)  # mkdtemp makes it private; an index is for every local user
        write(staging)
        if target.exists():
            # POSIX cannot rename onto a non-empty folder: retire the old one first.
            retired = target.with_name(f".{target.name}.old-{os.getpid()}")
            os.rename(target, retired)
            os.rename(staging, target)
            shutil.rmtree(retired, ignore_errors=True)
        else:
            os.rename(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
