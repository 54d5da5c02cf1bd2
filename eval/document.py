"""A report as a list of blocks, rendered to Markdown and to one self-contained HTML page.

Example:
    blocks = [Heading("Overall"), Table(("metric", "value"), [("hit@5", "0.94")]),
              Image("latency", png_bytes, "latency distribution")]
    to_markdown(blocks, "Eval") -> "# Eval\n\n## Overall\\n\\n| metric | value |\\n|---|---|\\n| hit@5 | 0.94 |\\n\\n![…](plots/latency.png)\\n"
    to_html(blocks, "Eval") -> "<!doctype html>…<img src=\\"data:image/png;base64,iVBOR…\\">…"
"""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass

PLOTS_DIR = "plots"  # Markdown links its images from this folder next to report.md
STYLE = """
body { font-family: system-ui, "Noto Sans CJK SC", sans-serif; max-width: 1100px; margin: 2em auto;
       padding: 0 1em; color: #222; line-height: 1.5; }
table { border-collapse: collapse; margin: 0.5em 0 1.2em; font-size: 0.92em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
details { border: 1px solid #ddd; border-radius: 4px; padding: 0.3em 0.8em; margin: 0.4em 0; }
summary { cursor: pointer; }
img { max-width: 100%; }
"""


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: list[tuple[str, ...]]


@dataclass(frozen=True)
class Image:
    name: str  # file stem under plots/
    png: bytes
    alt: str


@dataclass(frozen=True)
class Items:
    items: list[str]


@dataclass(frozen=True)
class Details:
    """A collapsible group in HTML; a small heading followed by its blocks in Markdown."""

    summary: str
    blocks: list


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _md_block(block) -> str:
    match block:
        case Heading(text, level):
            return f"{'#' * level} {text}"
        case Text(text):
            return text
        case Table(header, rows):
            lines = ["| " + " | ".join(map(_md_cell, header)) + " |", "|" + "---|" * len(header)]
            lines += ["| " + " | ".join(map(_md_cell, row)) + " |" for row in rows]
            return "\n".join(lines)
        case Image(name, _, alt):
            return f"![{alt}]({PLOTS_DIR}/{name}.png)"
        case Items(items):
            return "\n".join(f"- {_md_cell(item)}" for item in items)
        case Details(summary, blocks):
            return "\n\n".join([f"#### {summary}", *map(_md_block, blocks)])
    raise TypeError(f"unknown report block {block!r}")


def to_markdown(blocks: list, title: str) -> str:
    return "\n\n".join([f"# {title}", *map(_md_block, blocks)]) + "\n"


def to_text(table: Table) -> str:
    """A table as aligned plain-text columns for the terminal."""
    rows = [table.header, *table.rows]
    widths = [max(len(row[i]) for row in rows) for i in range(len(table.header))]
    return "\n".join(
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in rows
    )


def _html_block(block) -> str:
    e = html.escape
    match block:
        case Heading(text, level):
            return f"<h{level}>{e(text)}</h{level}>"
        case Text(text):
            return f"<p>{e(text)}</p>"
        case Table(header, rows):
            head = "".join(f"<th>{e(cell)}</th>" for cell in header)
            body = "".join(
                "<tr>" + "".join(f"<td>{e(cell)}</td>" for cell in row) + "</tr>" for row in rows
            )
            return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        case Image(_, png, alt):
            data = base64.b64encode(png).decode("ascii")
            return f'<img alt="{e(alt)}" src="data:image/png;base64,{data}">'
        case Items(items):
            return "<ul>" + "".join(f"<li>{e(item)}</li>" for item in items) + "</ul>"
        case Details(summary, blocks):
            inner = "\n".join(map(_html_block, blocks))
            return f"<details><summary>{e(summary)}</summary>\n{inner}\n</details>"
    raise TypeError(f"unknown report block {block!r}")


def to_html(blocks: list, title: str) -> str:
    """One page with inline CSS and base64 images: opens offline, nothing is fetched."""
    body = "\n".join(_html_block(block) for block in blocks)
    return (
        f'<!doctype html>\n<html lang="zh"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{STYLE}</style></head>\n"
        f"<body>\n<h1>{html.escape(title)}</h1>\n{body}\n</body></html>\n"
    )
