"""The contract between ingest and everything downstream: documents and chunks.

Example:
    Chunk.make(doc_id="plan", doc_title="十四五规划", date="2021-06-11",
               section_path=("第一章 发展基础与环境", "第一节 发展基础"),
               paragraph="12", text="2020年，青岛自贸片区实现……", kind="paragraph")
    -> Chunk(id="3f2a…", …)   # id is a hash of doc id, section path and text
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

# Recorded in every index: bump whenever cleaning, structure or chunking output changes.
CHUNKER_VERSION = "ingest-12"
CHUNK_KINDS = ("paragraph", "table_row", "heading", "list_item", "document")


def validity_label(validity: str, replaced_by: str = "") -> str:
    """ "有效", "已废止", or "已失效（已被《新文件》替代）" for a replaced document."""
    if replaced_by:
        return f"{validity or '已失效'}（已被《{replaced_by}》替代）"
    return validity


@dataclass(frozen=True)
class DocumentInfo:
    """One source document as the manifest (or its own text) describes it."""

    doc_id: str  # file name inside docs/, e.g. "qingdao-ftz-14th-five-year-plan.txt"
    title: str
    issuer: str
    date: str  # ISO date, possibly partial ("2024-12", "2025"), or "" when unknown
    kind: str  # plan | news | other
    sha256: str  # hash of the raw file bytes
    doc_number: str = ""  # 发文字号, e.g. "青自贸管发〔2021〕34号"
    validity: str = ""  # 有效性: 有效 | 已失效 | 已废止, "" when not stated
    authors: str = ""  # reporters and editors of a news report
    replaced_by: str = ""  # title of the document that replaces this one, "" when current
    title_en: str = ""  # the document named for an English reader, "" when not given
    aliases: tuple[str, ...] = ()  # other names users call it by ("规划纲要", "the plan")

    @property
    def status(self) -> str:
        """How a reader is told the document stands: "有效", "已失效" or
        "已失效（已被《…》替代）"; "" when the document does not say."""
        return validity_label(self.validity, self.replaced_by)

    @property
    def current(self) -> bool:
        """Neither retired (已失效 / 已废止) nor replaced."""
        return self.validity not in ("已失效", "已废止") and not self.replaced_by


@dataclass(frozen=True)
class Chunk:
    """A paragraph-level retrievable unit that knows exactly where it came from."""

    id: str
    doc_id: str
    doc_title: str
    date: str
    section_path: tuple[str, ...]  # article headline first on multi-article pages
    paragraph: str  # source paragraph number(s) in the document: "12" or "12-13"
    text: str
    kind: str = "paragraph"
    doc_kind: str = ""  # its document's kind: plan | news | other (targets read differently)
    position: int = 0  # order of the chunk inside its document (for neighbours)
    extra: tuple[tuple[str, str], ...] = field(default=())  # e.g. (("article", "…"),)

    @staticmethod
    def content_id(doc_id: str, section_path: tuple[str, ...], text: str) -> str:
        payload = "\x1f".join((doc_id, *section_path, text)).encode("utf-8")
        return hashlib.sha256(payload).hexdigest()[:20]

    @classmethod
    def make(cls, *, doc_id: str, section_path: tuple[str, ...], text: str, **fields) -> Chunk:
        return cls(
            id=cls.content_id(doc_id, section_path, text),
            doc_id=doc_id,
            section_path=section_path,
            text=text,
            **fields,
        )

    @property
    def section(self) -> str:
        """Human-readable section path: "第四章 … > 第二节 … > 一、…"."""
        return " > ".join(self.section_path)

    @property
    def search_text(self) -> str:
        """What the retrievers see: the section headings give a paragraph its topic."""
        return f"{self.section}\n{self.text}" if self.section_path else self.text
