"""`python -m feedback [-n N]`: print the latest reader feedback, newest first.

Example output:
    2025-01-05T09:12:03+00:00  👎 引用不对  对话 3f2a… 第1问
      问：2020年青岛自贸片区的工业总产值是多少？
      答：2020年，青岛自贸片区实现……工业总产值670亿元[1]。
      引用：8c1d…, 77aa…
"""

from __future__ import annotations

import argparse
import sys

from feedback.store import FeedbackStore
from settings import Settings

ICONS = {"up": "👍", "down": "👎"}


def format_vote(row: dict) -> str:
    """Four lines for one stored vote (see the module docstring)."""
    reason = f" {row['reason']}" if row["reason"] else ""
    cited = ", ".join(row["cited_chunk_ids"]) or "（无）"
    return "\n".join(
        (
            f"{row['created_at']}  {ICONS[row['rating']]}{reason}  "
            f"对话 {row['conversation'][:8]} 第{row['turn'] + 1}问",
            f"  问：{row['question']}",
            f"  答：{row['answer']}",
            f"  引用：{cited}",
        )
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m feedback", description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--limit", type=int, default=20, help="how many votes (default 20)")
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    store = FeedbackStore.from_settings(settings)
    rows = store.latest(args.limit)
    if not rows:
        print(f"还没有反馈（{store.where}）")
        return 0
    print(f"最近 {len(rows)} 条反馈（{store.where}）：\n")
    print("\n\n".join(format_vote(row) for row in rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
