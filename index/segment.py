"""Chinese word segmentation for BM25: jieba with the corpus's own terms, minus noise.

Example:
    PolicyTokenizer(cache_dir).query_terms("原油先放后检 节省多少时间？")
    -> ["原油", "先放后检", "节省", "时间"]
"""

from __future__ import annotations

import hashlib
import math
from pathlib import Path

import jieba

from ingest.text import fold

USERDICT = Path(__file__).with_name("userdict.txt")
TOKENIZER_VERSION = "1"  # bump when the segmentation rules below change

# Question words and particles that say nothing about which paragraph answers.
_STOPWORD_TEXT = (
    "的 了 和 与 及 以及 是 在 有 为 对 将 把 被 从 等 也 都 就 而 并 或 之 其 这 那 这个 那个 "
    "个 吗 呢 吧 啊 呀 么 多少 什么 哪些 哪个 哪里 哪 谁 怎么 怎样 怎么样 如何 为什么 是否 几 "
    "请问 请 一下 我 你 他 我们 你们 他们 可以 能 "
    "a an the of and or to in on for is are was were what which how who when does do"
)
STOPWORDS = frozenset(_STOPWORD_TEXT.split())


def _is_term(token: str) -> bool:
    """A token worth indexing: has a letter or digit and is not a stopword."""
    return any(ch.isalnum() for ch in token) and token not in STOPWORDS


def tokenizer_fingerprint(userdict: Path = USERDICT) -> str:
    """Changes whenever the terms of a text could change (rules, user dictionary, stopwords)."""
    payload = "\x1f".join(
        (TOKENIZER_VERSION, userdict.read_text(encoding="utf-8"), *sorted(STOPWORDS))
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


class PolicyTokenizer:
    """One jieba tokenizer with the user dictionary, initialised once per index."""

    def __init__(self, cache_dir: Path | None = None, userdict: Path = USERDICT) -> None:
        jieba.setLogLevel(60)
        self._jieba = jieba.Tokenizer()
        if cache_dir is not None:  # jieba caches its parsed dictionary; keep it out of /tmp
            cache_dir.mkdir(parents=True, exist_ok=True)
            self._jieba.tmp_dir = str(cache_dir)
        self._jieba.initialize()
        self.fingerprint = tokenizer_fingerprint(userdict)
        for line in userdict.read_text(encoding="utf-8").splitlines():
            entry = line.split("#", 1)[0].split()
            if entry:
                freq = int(entry[1]) if len(entry) > 1 else None
                self._jieba.add_word(entry[0].lower(), freq, entry[2] if len(entry) > 2 else None)

    def general_idf(self, term: str) -> float:
        """How specific a word is in Chinese at large, from jieba's dictionary counts:
        "以后" 7.9, "签证" 11.8, "注册资本" 16.5; 0.0 for a word the dictionary lacks
        (colloquial run-ons such as "拼起来" are segmented as unknown words)."""
        count = self._jieba.FREQ.get(term.lower(), 0)
        return math.log(self._jieba.total / (count + 1)) if count else 0.0

    def terms(self, text: str) -> list[str]:
        """All indexable tokens of a passage, in order (search mode adds sub-words).

        Example: "青岛自贸片区跨境电商" -> ["青岛", "片区", "自贸", "青岛自贸片区", "跨境电商", ...]
        """
        return [t for t in self._jieba.cut_for_search(fold(text)) if _is_term(t)]

    def query_terms(self, query: str) -> list[str]:
        """Distinct terms of a question, first occurrence order (BM25 counts each once)."""
        return list(dict.fromkeys(self.terms(query)))
