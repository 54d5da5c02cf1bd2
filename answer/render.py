"""An Answer as copyable plain text, and as the eval contract's JSON record.

Example:
    answer_as_plain_text(answer)
    -> "…缩减至半天[1]。\\n\\n来源：\\n[1] 逐梦深蓝，向海图强——青岛自贸片区成立6年海洋经济发展综述
        （2025） 制度创新破局 第3段"
    answer_to_record(answer)
    -> {"answer": "…[1]。", "refused": False, "citations": [{"doc": "…", "title": "…",
        "section": "…", "paragraph": "3", "text": "…"}], "retrieved": [...], "latency_ms": 41.2}
"""

from __future__ import annotations

from answer.model import Answer
from index.model import Hit, hit_record
from ingest.model import Chunk

SOURCES_HEADING = "来源："
NOTE_HEADING = "说明："
# the contract's hit, and the headings it stands under: a reader sees a paragraph under them,
# and the eval matches a gold quote of a heading ("第七节 推动土地资源要素…") there
RETRIEVED_KEYS = ("doc", "section", "paragraph", "text", "score")


def answer_as_plain_text(answer: Answer) -> str:
    """The answer, its note, then one line per source: [n] 标题（日期） 章节 第N段."""
    lines = [answer.text]
    if answer.note:
        lines += ["", f"{NOTE_HEADING}{answer.note}"]
    if answer.citations:
        lines += ["", SOURCES_HEADING]
    for citation in answer.citations:
        lines.append(f"[{citation.number}] {source_line(citation.chunk)}")
    return "\n".join(lines)


def source_line(chunk: Chunk, doc_number: str = "") -> str:
    """Where a paragraph stands, for a copied citation: "标题（文号，日期） 章节 第N段"."""
    about = "，".join(part for part in (doc_number, chunk.date) if part)
    about = f"（{about}）" if about else ""
    paragraph = f"第{chunk.paragraph}段" if chunk.paragraph else ""
    where = " ".join(part for part in (chunk.section, paragraph) if part)
    return f"{chunk.doc_title}{about} {where}".rstrip()


def hit_to_record(hit: Hit) -> dict:
    """A retrieved hit as the eval contract lists it: doc, paragraph, text, score, and the
    section its paragraph stands in (taken from the shape `python -m index.search --json`
    prints)."""
    record = hit_record(hit)
    return {key: record[key] for key in RETRIEVED_KEYS}


def answer_to_record(answer: Answer) -> dict:
    """The eval contract's record without id/question (the caller adds those)."""
    return {
        "answer": answer.text,
        "refused": answer.refused,
        "unanswered_parts": list(answer.unanswered),
        "citations": [
            {
                "doc": c.chunk.doc_id,
                "title": c.chunk.doc_title,
                "section": c.chunk.section,
                "paragraph": c.chunk.paragraph,
                "text": c.chunk.text,
            }
            for c in answer.citations
        ],
        "retrieved": [hit_to_record(hit) for hit in answer.retrieved],
        "latency_ms": answer.timings.get("total", 0.0),
    }
