"""The ingest stage end to end: docs folder -> documents and chunks. Pure parsing, no embedding.

Example:
    corpus = parse_corpus(Path("docs"))
    corpus.stats["chunks"], corpus.failures  ->  (512, [("broken.pdf", "not a readable PDF …")])

Per file: load (format, encoding) -> clean lines -> drop furniture -> title -> blocks ->
section paths -> chunks. A file that cannot be read is reported with its reason; it never
stops the run.
"""

from __future__ import annotations

import hashlib
import statistics
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from tqdm import tqdm

from ingest.blocks import Block, build_blocks
from ingest.cards import document_cards
from ingest.chunking import chunk_paragraphs
from ingest.clean import normalize_lines
from ingest.decode import UnreadableFile
from ingest.furniture import strip_furniture
from ingest.load import load_document
from ingest.manifest import MANIFEST_NAME, ManifestEntry, read_manifest
from ingest.model import Chunk, DocumentInfo
from ingest.structure import SourceParagraph, source_paragraphs
from ingest.titles import resolve_title

MAX_FILE_BYTES = 10_000_000  # a policy document is kilobytes; a bigger file is a dump or an archive


@dataclass
class ParsedCorpus:
    documents: list[DocumentInfo]
    chunks: list[Chunk]
    failures: list[tuple[str, str]]  # (file name, why it could not be used)
    stats: dict[str, int | float] = field(default_factory=dict)


@dataclass(frozen=True)
class ParsedDocument:
    info: DocumentInfo
    paragraphs: list[SourceParagraph]
    chunks: list[Chunk]


ParseCache = dict[tuple[str, str, ManifestEntry], "ParsedDocument"]


def parse_corpus(
    docs_dir: Path, *, progress: bool = False, cache: ParseCache | None = None
) -> ParsedCorpus:
    """Every document under docs_dir (manifest.json and hidden files aside), in name order.

    With a cache (kept by a long-running caller such as the background re-index), a file
    whose bytes and manifest entry are unchanged is not parsed again."""
    started = time.perf_counter()
    if not docs_dir.is_dir():
        return ParsedCorpus([], [], [(str(docs_dir), "docs folder not found")], {})
    manifest, failures = read_manifest(docs_dir)
    parsed: list[ParsedDocument] = []
    first_with_hash: dict[str, str] = {}
    for path in tqdm(_corpus_files(docs_dir), desc="parsing", unit="file", disable=not progress):
        doc_id = path.relative_to(docs_dir).as_posix()
        if not path.is_file():  # never open a FIFO or follow a broken link: it would hang or fail
            failures.append((doc_id, _not_a_file(path)))
            continue
        if (size := path.stat().st_size) > MAX_FILE_BYTES:
            failures.append((doc_id, _too_large(size)))
            continue
        try:
            entry = manifest.get(doc_id) or ManifestEntry()
            if cache is None:
                document = parse_document(path, doc_id, entry)
            else:
                key = (doc_id, hashlib.sha256(path.read_bytes()).hexdigest(), entry)
                document = cache.get(key) or parse_document(path, doc_id, entry)
                cache[key] = document
            if (twin := first_with_hash.setdefault(document.info.sha256, doc_id)) != doc_id:
                failures.append((doc_id, f"identical to {twin}, indexed once under that name"))
                continue
            parsed.append(document)
        except UnreadableFile as error:
            failures.append((doc_id, str(error)))
        except Exception as error:  # one malformed file must not stop the corpus
            failures.append((doc_id, f"could not parse: {type(error).__name__}: {error}"))
    return ParsedCorpus(
        documents=[doc.info for doc in parsed],
        chunks=[chunk for doc in parsed for chunk in doc.chunks],
        failures=failures,
        stats=corpus_stats(parsed, failures, time.perf_counter() - started),
    )


def parse_document(path: Path, doc_id: str, entry: ManifestEntry | None = None) -> ParsedDocument:
    """One file -> its DocumentInfo (manifest values first, text as fallback) and chunks."""
    entry = entry or ManifestEntry()
    loaded = load_document(path)
    lines, meta = strip_furniture(normalize_lines(loaded.text))
    titled = resolve_title(lines, entry.title or loaded.title_hint)
    blocks = build_blocks(titled.lines, hard_wrapped=loaded.hard_wrapped)
    if titled.deck:
        blocks.insert(0, Block("paragraph", [titled.deck]))
    paragraphs = source_paragraphs(blocks)
    if not paragraphs:
        raise UnreadableFile("no text left after removing page furniture")
    info = DocumentInfo(
        doc_id=doc_id,
        title=titled.title or path.stem,
        issuer=entry.issuer or meta.issuer,
        date=entry.date or meta.date,
        kind=entry.kind or _guess_kind(titled.title, paragraphs),
        sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
        doc_number=entry.doc_number or dict(meta.fields).get("发文字号", ""),
        validity=entry.validity or dict(meta.fields).get("有效性", ""),
        authors=entry.authors,
        replaced_by=entry.replaced_by,
        title_en=entry.title_en,
        aliases=entry.aliases,
    )
    chunks = document_cards(
        info,
        dict(meta.fields),
        paragraphs,
        dict(meta.separators),
        meta.contents,
        titled.deck,
        meta.header,
    )
    chunks += [replace(c, doc_kind=info.kind) for c in chunk_paragraphs(paragraphs, info)]
    return ParsedDocument(info, paragraphs, _unique(chunks))


def corpus_stats(
    parsed: list[ParsedDocument], failures: list[tuple[str, str]], seconds: float
) -> dict[str, int | float]:
    """The numbers `python -m ingest` reports."""
    chunks = [chunk for doc in parsed for chunk in doc.chunks]
    lengths = [len(chunk.text) for chunk in chunks] or [0]
    return {
        "files": len(parsed),
        "failed": len(failures),
        "articles": sum(max(1, _article_count(doc.paragraphs)) for doc in parsed),
        "sections": sum(len({p.section_path for p in doc.paragraphs} - {()}) for doc in parsed),
        "paragraphs": sum(len(doc.paragraphs) for doc in parsed),
        "table_rows": sum(1 for chunk in chunks if chunk.kind == "table_row"),
        "chunks": len(chunks),
        "max_chunk_chars": max(lengths),
        "median_chunk_chars": statistics.median(lengths),
        "seconds": round(seconds, 2),
    }


def _corpus_files(docs_dir: Path) -> list[Path]:
    return sorted(
        path
        for path in docs_dir.rglob("*")
        if not path.is_dir()
        and path.name != MANIFEST_NAME
        and not any(part.startswith(".") for part in path.relative_to(docs_dir).parts)
    )


def _too_large(size: int) -> str:
    return (
        f"too large: {size / 1e6:.1f} MB (limit {MAX_FILE_BYTES / 1e6:.0f} MB); "
        "split it into its documents"
    )


def _not_a_file(path: Path) -> str:
    """Why an entry of docs/ is skipped: a dangling or looping link, a FIFO, a socket …."""
    if path.is_symlink():
        return "broken link: its target is missing or loops back on itself"
    return "not a regular file (a pipe, socket or device), skipped unread"


def _article_count(paragraphs: list[SourceParagraph]) -> int:
    return len({dict(p.extra).get("article") for p in paragraphs} - {None})


def _guess_kind(title: str, paragraphs: list[SourceParagraph]) -> str:
    if _article_count(paragraphs) >= 2 or any(dict(p.extra).get("byline") for p in paragraphs):
        return "news"
    return "plan" if any(word in title for word in ("规划", "纲要", "方案")) else "other"


def _unique(chunks: list[Chunk]) -> list[Chunk]:
    """The same text twice in one section has one id; keep its first occurrence."""
    first = {chunk.id: chunk for chunk in reversed(chunks)}
    kept = [chunk for chunk in chunks if first[chunk.id] is chunk]
    return [replace(chunk, position=position) for position, chunk in enumerate(kept)]
