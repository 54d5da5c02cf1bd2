"""The gold matching rule shared by the eval runner, the scorer, the validator and the tests.

A chunk "contains" a source quote when the normalised quote is a substring of the normalised
chunk text. Normalising is Unicode NFKC (full-width ，：（ become , : ( and ％ becomes %) followed by
removing every whitespace character, so a quote copied from the PDF text with broken lines and
spaced digits still matches the cleaned chunk. A bullet marker opening the quote ("--坚持…",
"• …") is layout too: the chunker drops it.

A paragraph is matched as a reader sees it (`shown`): under its nearest heading, so a quote of
a heading ("附图(表)二 …示意图", a subtitle) or running from a heading into its first sentence
is held by the paragraph cited under that heading.

Example:
    normalize("集装\\n箱吞吐量3 0 8 7 万标箱，") -> "集装箱吞吐量3087万标箱,"
    contains("青岛港集装箱吞吐量3087万标箱", "吞吐量 3087 万") -> True
    contains(shown("第二节 基本原则", "坚持党的领导。"), "--坚持党的领导") -> True
"""

from __future__ import annotations

import re
import unicodedata

_WHITESPACE = re.compile(r"\s+")
_LEADING_BULLET = re.compile(r"^(?:--|[•●◆■▪])")


def normalize(text: str) -> str:
    """NFKC, then drop all whitespace: "２０ 万 元（约）" -> "20万元(约)"."""
    return _WHITESPACE.sub("", unicodedata.normalize("NFKC", text))


def contains(chunk_text: str, quote: str) -> bool:
    """True when normalize(quote) occurs in normalize(chunk_text); an empty quote never matches.

    Example: contains("节省成本 200 万元", "200万元") -> True; contains("任何文本", " ") -> False
    """
    needle = _LEADING_BULLET.sub("", normalize(quote))
    return bool(needle) and needle in normalize(chunk_text)


def shown(section: str, text: str) -> str:
    """A paragraph as the reader sees it: the last heading of its section path (" > "-joined),
    then its text. shown("第二章 … > 第二节 基本原则", "坚持…") -> "第二节 基本原则\n坚持…"."""
    heading = section.rsplit(" > ", 1)[-1] if section else ""
    return f"{heading}\n{text}" if heading else text
