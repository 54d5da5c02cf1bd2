"""A document's title: from the manifest when it has one, otherwise from the text itself.

Example:
    resolve_title(["摘要一,摘要二 青岛自贸片区:努力当好排头兵", "", "正文。"], "青岛自贸片区：努力当好排头兵")
    -> TitledText(title="青岛自贸片区：努力当好排头兵", deck="摘要一,摘要二", lines=["", "正文。"])
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ingest.blocks import starts_block
from ingest.lines import ends_sentence, is_byline

_MAX_TITLE_LINE = 150
_MAX_SENTENCE_TITLE = 60
_MIN_HEADLINE = 6
_FIRST_SENTENCE = re.compile(r"^.+?[。！？!?]")


@dataclass(frozen=True)
class TitledText:
    title: str
    deck: str  # summary that shared the title's line; "" when none
    lines: list[str]  # the body, without the title line(s)


def resolve_title(lines: list[str], known_title: str = "") -> TitledText:
    """Use known_title (manifest, HTML <h1>, docx title) or take one from the first lines.

    A line repeating the title is dropped; a first line "summary headline" keeps the
    summary as the deck. Without a known title the first line is the title when it reads
    like one (on a news page it stays as the first article's headline), and otherwise the
    first sentence of the text is.
    """
    if known_title:
        return _with_known_title(lines, known_title)
    first = _first_text_index(lines)
    if first is None:
        return TitledText(title="", deck="", lines=lines)
    line = lines[first].strip()
    if _is_news_page(lines):
        return TitledText(title=line, deck="", lines=lines)
    if _is_title_line(lines, first):
        deck, headline = _split_deck(line)
        return TitledText(title=headline, deck=deck, lines=lines[:first] + lines[first + 1 :])
    return TitledText(title=_first_sentence(lines[first:]), deck="", lines=lines)


def title_key(text: str) -> str:
    """Comparison form of a title: NFKC, no whitespace ("：" and ":" compare equal)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _with_known_title(lines: list[str], title: str) -> TitledText:
    key = title_key(title)
    body = [line for line in lines if not line.strip() or title_key(line) != key]
    first = _first_text_index(body)
    deck = ""
    if first is not None:
        head = _head_before_title(body[first].strip(), key)
        if head:
            deck = head
            body = body[:first] + body[first + 1 :]
    return TitledText(title=title, deck=deck, lines=body)


def _head_before_title(line: str, key: str) -> str:
    """ "summary 青岛自贸片区:…排头兵" -> "summary" when the words after a space are the title."""
    words = line.split(" ")
    for cut in range(1, len(words)):
        if title_key(" ".join(words[cut:])) == key:
            return " ".join(words[:cut])
    return ""


def _split_deck(line: str) -> tuple[str, str]:
    """Split "long summary, with commas headline" at its last space; else no deck."""
    head, _, tail = line.rpartition(" ")
    if head and len(tail) >= _MIN_HEADLINE and any(mark in head for mark in ",，"):
        return head, tail
    return "", line


def _is_title_line(lines: list[str], index: int) -> bool:
    """No sentence end, and what follows is a blank line or a line that starts a block."""
    line = lines[index].strip()
    following = lines[index + 1].strip() if index + 1 < len(lines) else ""
    stands_alone = not following or starts_block(following)
    return stands_alone and len(line) <= _MAX_TITLE_LINE and not ends_sentence(line)


def _is_news_page(lines: list[str]) -> bool:
    """Several bylines: the first line is an article's headline, not the page's title."""
    return sum(1 for line in lines if is_byline(line.strip())) >= 2


def _first_sentence(lines: list[str]) -> str:
    text = "".join(line.strip() for line in lines[:20])
    found = _FIRST_SENTENCE.match(text)
    sentence = found.group(0)[:-1] if found else text
    return sentence[:_MAX_SENTENCE_TITLE]


def _first_text_index(lines: list[str]) -> int | None:
    return next((i for i, line in enumerate(lines) if line.strip()), None)
