"""Bytes -> text: byte-order marks, strict UTF-8, then charset-normalizer's best guess.

Chinese government files are often GBK/GB18030 or UTF-16. For short texts several
East-Asian codecs decode equally cleanly; GB18030 (a superset of GBK) wins such ties.

Example: decode_text("青岛自贸片区".encode("gbk")) -> ("青岛自贸片区", "gb18030")
"""

from __future__ import annotations

import codecs
import unicodedata

from charset_normalizer import from_bytes

_BOMS = (  # UTF-32 first: its little-endian mark starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_PREFERRED = ("gb18030", "gbk", "gb2312")
_CHAOS_TIE = 0.01
_MAX_CONTROL_SHARE = 0.005  # more control characters than this: a binary file


class UnreadableFile(Exception):
    """A file that cannot be read as a document; the message says why."""


def decode_text(raw: bytes) -> tuple[str, str]:
    """(text, encoding name); raises UnreadableFile for empty or binary content."""
    if not raw.strip():
        raise UnreadableFile("empty file")
    text, encoding = _decode(raw)
    if _control_share(text) > _MAX_CONTROL_SHARE:
        raise UnreadableFile(f"binary content, not text (decoded as {encoding})")
    if not text.strip():
        raise UnreadableFile("no text in file")
    return text, encoding


def _decode(raw: bytes) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(encoding), encoding
            except UnicodeDecodeError as error:
                raise UnreadableFile(f"invalid {encoding} text: {error.reason}") from error
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    matches = from_bytes(raw)
    if not matches:
        raise UnreadableFile("binary content or unknown text encoding")
    least_chaos = min(match.chaos for match in matches)
    plausible = [m for m in matches if m.chaos <= least_chaos + _CHAOS_TIE]
    best = next((m for m in plausible if m.encoding in _PREFERRED), matches.best())
    return str(best), best.encoding


def _control_share(text: str) -> float:
    controls = sum(
        1 for char in text if unicodedata.category(char) == "Cc" and char not in "\n\r\t\f"
    )
    return controls / max(len(text), 1)
