"""Read one file of the corpus into text, whatever its format and encoding.

Example: load_document(Path("docs/plan.txt")) -> LoadedText(text="…", hard_wrapped=True)

Plain text and PDF lines may be broken inside sentences (hard_wrapped) and get rejoined
later; in .docx and HTML every line is a real paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ingest.decode import UnreadableFile, decode_text
from ingest.formats import docx_text, html_text, pdf_text, table_row


@dataclass(frozen=True)
class LoadedText:
    text: str
    hard_wrapped: bool  # lines may break inside a sentence (plain text, PDF)
    title_hint: str = ""  # a title the format itself declares (<h1>, docx title, "# ")


_MARKDOWN_RULES = (
    (re.compile(r"^\s*```.*$|^\s*([-*_]\s*){3,}$"), ""),  # fences, horizontal rules
    (re.compile(r"^\s{0,3}#{1,6}\s+"), ""),  # heading marks
    (re.compile(r"^\s*>\s?"), ""),  # block quotes
    (re.compile(r"^\s*[-*+]\s+"), "• "),  # list items
    (re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), r"\1"),  # links and images: keep the label
    (re.compile(r"(\*\*|__|\*|`)(.+?)\1"), r"\2"),  # emphasis, inline code
)
_MARKDOWN_TABLE_ROW = re.compile(r"^\s*\|(.*)\|\s*$")
_MARKDOWN_TABLE_RULE = re.compile(r"^[\s|:-]+$")


def load_document(path: Path) -> LoadedText:
    """Text of one document; raises UnreadableFile with the reason."""
    loader = LOADERS.get(path.suffix.lower())
    if loader is None:
        supported = ", ".join(sorted(LOADERS))
        raise UnreadableFile(f"unsupported file type {path.suffix or '(none)'!r}; use {supported}")
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise UnreadableFile(f"cannot read file: {error.strerror}") from error
    if not raw.strip():
        raise UnreadableFile("empty file")
    return loader(raw)


def load_plain(raw: bytes) -> LoadedText:
    return LoadedText(decode_text(raw)[0], hard_wrapped=True)


def load_markdown(raw: bytes) -> LoadedText:
    """Markdown marks removed; "# title" is the hint; "| a | b |" rows become table rows."""
    lines, hint = [], ""
    for line in decode_text(raw)[0].splitlines():
        row = _MARKDOWN_TABLE_ROW.match(line)
        if row:
            if not _MARKDOWN_TABLE_RULE.match(row.group(1)):
                lines.append(table_row([cell.strip() for cell in row.group(1).split("|")]))
            continue
        if not hint and re.match(r"^\s{0,3}#\s+\S", line):
            hint = line.strip("# \t")
        for pattern, replacement in _MARKDOWN_RULES:
            line = pattern.sub(replacement, line)
        lines.append(line)
    return LoadedText("\n".join(lines), hard_wrapped=True, title_hint=hint)


def _rich(read: Callable[[bytes], tuple[str, str]], hard_wrapped: bool) -> Callable:
    def load(raw: bytes) -> LoadedText:
        text, hint = read(raw)
        return LoadedText(text, hard_wrapped=hard_wrapped, title_hint=hint.strip())

    return load


LOADERS: dict[str, Callable[[bytes], LoadedText]] = {
    ".txt": load_plain,
    ".text": load_plain,
    ".md": load_markdown,
    ".markdown": load_markdown,
    ".html": _rich(html_text, hard_wrapped=False),
    ".htm": _rich(html_text, hard_wrapped=False),
    ".docx": _rich(docx_text, hard_wrapped=False),
    ".pdf": _rich(pdf_text, hard_wrapped=True),
}
