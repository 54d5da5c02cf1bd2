"""Rich formats -> plain text lines: HTML (without page chrome), .docx and .pdf.

Each returns (text, title hint). A real table becomes one "｜cell｜cell｜" line per row so
that structure.py can repeat the headers in every row.

Example: html_text("<h1>标题</h1><nav>首页</nav><p>正文。</p>".encode())
         -> ("\\n\\n标题\\n\\n\\n\\n正文。\\n\\n", "标题")
"""

from __future__ import annotations

import io
import re
from collections import Counter
from zipfile import BadZipFile

import docx
from bs4 import BeautifulSoup, Comment
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table as DocxTable
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from ingest.decode import UnreadableFile, decode_text
from ingest.lines import CELL_MARK

_CHROME_TAGS = ["script", "style", "noscript", "template", "nav", "footer", "aside", "iframe",
                "form", "button", "select", "svg"]  # fmt: skip
_BLOCK_TAGS = ["p", "div", "section", "article", "main", "header", "li", "ul", "ol", "dl", "dt",
               "dd", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "caption",
               "figcaption", "hr"]  # fmt: skip
_SOURCE_BREAK_IN_CHINESE = re.compile(r"(?<=[\u4e00-\u9fff，。、；：])\s*\n\s*(?=[\u4e00-\u9fff])")
_PAGE_NUMBER = re.compile(r"^[-—第\s]*\d+\s*(?:页|/\s*\d+)?[-—\s]*$")
_RUNNING_SHARE = 0.6  # a line on this share of pages' top or bottom is a running header
_MIN_PAGES_FOR_RUNNING = 3


def table_row(cells: list[str]) -> str:
    """["类别", "2020年"] -> "｜类别｜2020年｜"."""
    return CELL_MARK + CELL_MARK.join(" ".join(cell.split()) for cell in cells) + CELL_MARK


def html_text(raw: bytes) -> tuple[str, str]:
    """Visible text of a page, one block element per paragraph; script, nav, footer dropped."""
    markup, _ = decode_text(raw)
    soup = BeautifulSoup(markup, "lxml")
    for node in soup(_CHROME_TAGS) + soup.find_all(string=lambda s: isinstance(s, Comment)):
        node.extract()
    heading = soup.find("h1") or soup.find("title")
    hint = heading.get_text(" ", strip=True) if heading else ""
    for node in soup.find_all(string=True):
        node.replace_with(_SOURCE_BREAK_IN_CHINESE.sub("", node).replace("\n", " "))
    for table in soup.find_all("table"):
        rows = [
            [c.get_text(" ", strip=True) for c in tr.find_all(["td", "th"])] for tr in table("tr")
        ]
        table.replace_with("\n\n" + "\n".join(table_row(row) for row in rows if row) + "\n\n")
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for tag in soup.find_all(_BLOCK_TAGS):
        tag.insert_before("\n\n")
        tag.insert_after("\n\n")
    body = soup.body or soup
    return body.get_text(), hint


def docx_text(raw: bytes) -> tuple[str, str]:
    """Paragraphs and tables in document order; the core "title" property is the hint."""
    try:
        document = docx.Document(io.BytesIO(raw))
    except (BadZipFile, PackageNotFoundError, KeyError, ValueError) as error:
        raise UnreadableFile(f"not a readable .docx file ({error})") from error
    blocks = []
    for item in document.iter_inner_content():
        if isinstance(item, DocxTable):
            rows = [_unique_cells([cell.text for cell in row.cells]) for row in item.rows]
            blocks.append("\n".join(table_row(row) for row in rows))
        else:
            blocks.append(item.text)
    return "\n\n".join(blocks), document.core_properties.title or ""


def pdf_text(raw: bytes) -> tuple[str, str]:
    """Text of every page, running headers/footers and page numbers dropped."""
    try:
        reader = PdfReader(io.BytesIO(raw))
        pages = [page.extract_text() or "" for page in reader.pages]
        hint = (reader.metadata.title if reader.metadata else "") or ""
    except (PyPdfError, ValueError, KeyError, TypeError) as error:
        raise UnreadableFile(f"not a readable PDF ({type(error).__name__}: {error})") from error
    text = "\n\n".join(drop_running_lines(pages))
    if not text.strip():
        raise UnreadableFile("PDF has no extractable text (scanned pages need OCR)")
    return text, str(hint)


def drop_running_lines(pages: list[str]) -> list[str]:
    """Drop page numbers and lines repeated at the top or bottom of most pages."""
    edges = Counter(
        line for page in pages for line in set(_edge_lines(page)) if not _PAGE_NUMBER.match(line)
    )
    running = {
        line
        for line, count in edges.items()
        if len(pages) >= _MIN_PAGES_FOR_RUNNING and count / len(pages) >= _RUNNING_SHARE
    }
    return ["\n".join(_without_edges(page, running)) for page in pages]


def _edge_lines(page: str) -> list[str]:
    lines = [line.strip() for line in page.splitlines() if line.strip()]
    return lines[:1] + lines[-1:]


def _without_edges(page: str, running: set[str]) -> list[str]:
    lines = page.splitlines()
    texts = [i for i, line in enumerate(lines) if line.strip()]
    edges = {texts[0], texts[-1]} if texts else set()
    return [
        line
        for i, line in enumerate(lines)
        if i not in edges or not (_PAGE_NUMBER.match(line.strip()) or line.strip() in running)
    ]


def _unique_cells(cells: list[str]) -> list[str]:
    """python-docx repeats a merged cell in every column it spans; keep it once."""
    return [cell for i, cell in enumerate(cells) if i == 0 or cell != cells[i - 1]]
