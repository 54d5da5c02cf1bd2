"""The whole document as a page: every paragraph in order under its headings, each with an
anchor (#c-<chunk id>), the cited one highlighted and scrolled into view, and a link to
download the original file.

Served at /documents/<doc_id> (app.py), with English labels at ?lang=en; the source panel
and the 文件 tab link to it.

Example:
    render_document(index, "qingdao-ftz-14th-five-year-plan.txt", chunk_id="3f2a…")
    -> '<!doctype html>…<p id="c-3f2a…" class="par cited">…</p>…'
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING
from urllib.parse import quote

from ui.source import find_document, paragraph_label
from ui.words import Words

if TYPE_CHECKING:
    from index.store import PolicyIndex

_STYLE = """
body{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;margin:0;
 color:#1f2933;background:#f7f8fa;line-height:1.7}
header{background:#1d4e89;color:#fff;padding:.8rem 1.2rem}header a{color:#fff}
main{max-width:50rem;margin:1rem auto;padding:0 1rem}
h1{font-size:1.3rem}h2{font-size:1.05rem;margin-top:1.4rem}
.meta{color:#52606d}.par{background:#fff;border-left:3px solid transparent;padding:.3rem .6rem}
.par .pno{color:#7b8794;font-size:.85em;margin-right:.4rem}
.cited{border-left-color:#d97706;background:#fff7e6}
"""


def render_document(
    index: PolicyIndex, doc_id: str, chunk_id: str = "", words: Words | None = None
) -> str | None:
    """The page, or None when the index has no such document (deleted or never there)."""
    words = words or Words.of()
    document = find_document(index, doc_id)
    if document is None:
        return None
    chunks = [c for c in index.chunks if c.doc_id == doc_id and c.kind != "document"]
    parts, section = [], None
    for chunk in chunks:
        if chunk.section_path != section:
            section = chunk.section_path
            if section:
                parts.append(f"<h2>{escape(' > '.join(section))}</h2>")
        cited = " cited" if chunk.id == chunk_id else ""
        parts.append(
            f'<p id="c-{escape(chunk.id)}" class="par{cited}">'
            f'<span class="pno">{escape(paragraph_label(chunk, words))}</span>{escape(chunk.text)}</p>'
        )
    status = words.status(document) or words("validity.有效")
    meta = " · ".join(
        escape(part)
        for part in (document.issuer, document.doc_number, document.date, status)
        if part
    )
    download = f"/documents/{quote(doc_id)}/original"
    scroll = (
        "<script>const c=document.querySelector('.cited');"
        "if(c)c.scrollIntoView({block:'center'});</script>"
        if chunk_id
        else ""
    )
    return (
        f'<!doctype html><html lang="{words("html_lang")}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(document.title)}</title><style>{_STYLE}</style></head><body>"
        f'<header><a href="{words.home}">{words("documents.back")}</a></header><main>'
        f'<h1>{escape(document.title)}</h1><p class="meta">{meta}</p>'
        f'<p><a href="{download}" download>{words("documents.download")}'
        f"（{escape(doc_id)}）</a></p>"
        f"{''.join(parts)}</main>{scroll}</body></html>"
    )
