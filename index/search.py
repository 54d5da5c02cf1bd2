"""Staff lookup from a terminal: ranked passages for a question, with where they come from.

    python -m index.search "原油先放后检 节省多少时间" -k 3
    python -m index.search "四证一单" --json --doc shandong-ftz-2025-review.txt
    python -m index.search "一般公共预算收入" --from 2024 --to 2025-12-31 --index var/index

Example (--json): [{"doc": "qingdao-ftz-marine-economy-pdf.txt", "title": "逐梦深蓝…",
    "section": "…", "paragraph": "7", "text": "…“先放后检”模式…", "score": 0.0328,
    "retriever": "hybrid", "id": "5c1e…"}, …]
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from pathlib import Path

from index.filters import LookupFilter
from index.model import Hit, hit_record
from index.store import IndexNotReady, PolicyIndex
from settings import Settings


def format_hit(rank: int, hit: Hit) -> str:
    """Readable block: rank, score, title, document, date, section, paragraph, indented text."""
    chunk = hit.chunk
    paragraph = f"第{chunk.paragraph}段" if chunk.paragraph else ""
    where = " > ".join(part for part in (chunk.section, paragraph) if part)
    body = textwrap.indent(textwrap.fill(chunk.text, width=60), "   ")
    return (
        f"{rank}. [{hit.score:.4f}] {chunk.doc_title} ({chunk.doc_id}, {chunk.date or '日期不详'})\n"
        f"   {where}\n{body}"
    )


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m index.search", description="Ranked passages for a question."
    )
    parser.add_argument("question", help="the question or keywords, e.g. 四证一单")
    parser.add_argument("-k", type=int, default=10, help="number of hits (default 10)")
    parser.add_argument("--json", action="store_true", help="print a JSON list of hits")
    parser.add_argument("--index", type=Path, help="index folder (default: settings)")
    parser.add_argument("--doc", action="append", help="only this document (repeatable)")
    parser.add_argument("--from", dest="date_from", help="earliest date, e.g. 2024 or 2024-06")
    parser.add_argument("--to", dest="date_to", help="latest date, e.g. 2025-12-31")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    settings = Settings.from_env(index_dir=args.index)
    try:
        index = PolicyIndex.load(settings)
    except IndexNotReady as error:
        print(error, file=sys.stderr)
        return 2
    where = LookupFilter(tuple(args.doc or ()), args.date_from, args.date_to)
    hits = index.search(args.question, args.k, where)
    if args.json:
        print(json.dumps([hit_record(hit) for hit in hits], ensure_ascii=False, indent=1))
    elif not hits:
        print("没有找到相关段落。")
    else:
        print("\n\n".join(format_hit(rank, hit) for rank, hit in enumerate(hits, start=1)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
