"""A page of several unrelated articles (a newspaper page) is split into its articles.

An article starts at its headline: the short lines (kicker, headline, subtitle) right
before a byline such as "□记者 白晓 报道". Only a page with two or more of them is split,
so a single report with a byline stays one document-wide outline.

Example:
    headline(["抢抓新风口 强化政策引导", "青岛推动网络微短剧行业健康快速发展"])
    -> ("青岛推动网络微短剧行业健康快速发展", "抢抓新风口 强化政策引导")
"""

from __future__ import annotations

from ingest.blocks import Block

ARTICLE_LEVEL = 0  # above 第X章: an article's headline is the first entry of a section path
MIN_ARTICLES = 2


def mark_articles(blocks: list[Block]) -> list[Block]:
    """Turn each short-line group that precedes a byline into an "article" block."""
    starts = {
        index - 1
        for index, block in enumerate(blocks)
        if block.kind == "byline" and index > 0 and blocks[index - 1].kind == "short"
    }
    if len(starts) < MIN_ARTICLES:
        return blocks
    return [
        Block("article", block.lines) if index in starts else block
        for index, block in enumerate(blocks)
    ]


def headline(lines: list[str]) -> tuple[str, str]:
    """(headline, deck): the longest line names the article; kicker and subtitle are its deck."""
    main = max(range(len(lines)), key=lambda i: len(lines[i]))
    deck = " ".join(line for i, line in enumerate(lines) if i != main)
    return lines[main], deck
