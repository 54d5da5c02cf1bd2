"""Escaped HTML with <mark> around chosen parts of a document text.

Every document text passes through mark_spans, so a paragraph containing "<script>" shows as text.

Example:
    mark_spans("片区<b>投资</b>", sentence_spans("片区<b>投资</b>", ["投资"]))
    -> "片区&lt;b&gt;<mark>投资</mark>&lt;/b&gt;"
"""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Iterable

Span = tuple[int, int]  # [start, end) character offsets into the original text


def merge_spans(spans: Iterable[Span]) -> list[Span]:
    """Sorted, non-overlapping spans: [(4, 6), (0, 2), (1, 3)] -> [(0, 3), (4, 6)]."""
    merged: list[Span] = []
    for start, end in sorted(s for s in spans if s[1] > s[0]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def mark_spans(text: str, spans: Iterable[Span]) -> str:
    """Escape text and wrap each span in <mark>: ("a<b", [(0, 1)]) -> "<mark>a</mark>&lt;b"."""
    parts, position = [], 0
    for start, end in merge_spans(spans):
        parts.append(html.escape(text[position:start]))
        parts.append(f"<mark>{html.escape(text[start:end])}</mark>")
        position = end
    parts.append(html.escape(text[position:]))
    return "".join(parts)


def _folded(text: str) -> tuple[str, list[int]]:
    """NFKC-folded, lower-cased text without whitespace, and each character's original offset.

    Example: "A １ b" -> ("a1b", [0, 2, 4])
    """
    chars, offsets = [], []
    for offset, char in enumerate(text):
        for folded in unicodedata.normalize("NFKC", char).lower():
            if not folded.isspace():
                chars.append(folded)
                offsets.append(offset)
    return "".join(chars), offsets


def _occurrences(text: str, needles: Iterable[str], *, every: bool) -> list[Span]:
    """Spans of the needles in text, compared folded (see _folded); first or every match."""
    folded, offsets = _folded(text)
    spans = []
    for needle in needles:
        folded_needle, _ = _folded(needle)
        start = folded.find(folded_needle) if folded_needle else -1
        while start >= 0:
            end = start + len(folded_needle)
            spans.append((offsets[start], offsets[end - 1] + 1))
            start = folded.find(folded_needle, end) if every else -1
    return spans


def sentence_spans(text: str, sentences: Iterable[str]) -> list[Span]:
    """Where each cited sentence sits in text, ignoring whitespace, case and full/half width.

    The gold rule of the project (NFKC, no whitespace) decides what "contains" means, so a
    sentence quoted with spaced digits still finds its place in the cleaned paragraph.
    Example: sentence_spans("总产值670亿元。其他", ["总产值 670 亿元。"]) -> [(0, 9)]
    """
    return _occurrences(text, sentences, every=False)


def term_spans(text: str, terms: Iterable[str]) -> list[Span]:
    """Every occurrence of every term: ("投资，ＲＣＥＰ投资", ["投资", "rcep"]) -> [(0, 2), (7, 9), (3, 7)]."""
    return _occurrences(text, terms, every=True)
