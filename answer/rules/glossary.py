"""A small bilingual glossary of the zone's terms: English (and pinyin) phrases in a
question -> the Chinese words the documents use, for BM25 and for the key terms a quote
must hold. Dense retrieval is multilingual already; words are not. Any word of the corpus
can also be typed in toneless pinyin ("jicheng dianlu" -> 集成电路; pypinyin spells them).

Example:
    glossary = Glossary.load()
    glossary.terms("How much time does the crude oil release first, inspect later model save?")
    -> ("原油", "先放后检", "时间", "节省")
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from pypinyin import lazy_pinyin

from answer.rules.dictionary import corpus_words, english_senses

GLOSSARY_FILE = Path(__file__).with_name("glossary.tsv")
_CJK_WORD = re.compile(r"[\u4e00-\u9fff]+")
_LATIN = re.compile(r"[a-z]+")
PINYIN_WINDOW = 4  # typed syllable groups a corpus word may span: "ji cheng dian lu"


@dataclass(frozen=True)
class Glossary:
    entries: tuple[tuple[str, tuple[str, ...]], ...]  # (phrase, terms), longest phrase first
    # toneless pinyin of the corpus's own words -> the word: "jichengdianlu" -> "集成电路"
    pinyin: Mapping[str, str] = field(default_factory=dict)
    # an English sense ("bonded area") -> the corpus's words a dictionary glosses by it
    senses: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def with_pinyin(self, vocabulary: Mapping[str, int]) -> Glossary:
        """The glossary plus the pinyin of the corpus's words of two or more characters
        (vocabulary: word -> how many chunks hold it; the commoner word wins where two read
        alike), so a question typed in pinyin finds the words the documents use although no
        line of glossary.tsv lists them."""
        words = [w for w in vocabulary if len(w) >= 2 and _CJK_WORD.fullmatch(w)]
        spelled: dict[str, str] = {}
        for word in sorted(words, key=lambda w: (-vocabulary[w], w)):
            spelled.setdefault("".join(lazy_pinyin(word)), word)
        return replace(self, pinyin=spelled)

    def with_dictionary(self, vocabulary: Mapping[str, int]) -> Glossary:
        """The glossary plus a dictionary's bridge from English words to the corpus's words
        (answer/rules/dictionary.py), for the words no phrase of glossary.tsv covers."""
        return replace(self, senses=english_senses(vocabulary))

    def word_terms(self, text: str) -> tuple[str, ...]:
        """The corpus words a dictionary glosses by the English words of the text that no
        glossary phrase covers: "Which reading spaces did Jimo integrate?" -> ("空间", …,
        "整合"). Retrieval searches them; a quote need not hold them."""
        return corpus_words(self.senses, self._phrases(text)[1])

    @classmethod
    def load(cls, path: Path = GLOSSARY_FILE) -> Glossary:
        entries = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                phrase, terms = line.split("\t", 1)
                entries.append((phrase.strip().lower(), tuple(terms.split())))
        entries.sort(key=lambda entry: -len(entry[0]))
        return cls(tuple(entries))

    @functools.cached_property
    def _patterns(self) -> tuple[tuple[str, re.Pattern[str], tuple[str, ...]], ...]:
        """Each phrase as a whole word or words, plural or not, compiled once: compiled per
        question, the glossary's thousand patterns flushed the re module's cache for every
        rule of answering."""
        return tuple(
            (phrase, re.compile(rf"(?<![a-z0-9]){re.escape(phrase)}(?:s|es)?(?![a-z0-9])"), terms)
            for phrase, terms in self.entries
        )

    def terms(self, text: str) -> tuple[str, ...]:
        """Chinese terms of the phrases found, in question order; a phrase inside a longer
        one already found is not counted again."""
        return self._terms(*self._phrases(text))

    def search_words(self, text: str) -> tuple[str, ...]:
        """What retrieval adds to an English or mixed question: the glossary's terms, then
        the dictionary's words for the English left over (the phrases matched once)."""
        found, lowered = self._phrases(text)
        return (*self._terms(found, lowered), *corpus_words(self.senses, lowered))

    def _terms(self, found: list[tuple[int, tuple[str, ...]]], lowered: str) -> tuple[str, ...]:
        found = found + self._pinyin_terms(lowered)
        found += [(m.start(), (_numbered(m),)) for m in _NUMBERED.finditer(lowered)]
        ordered = [term for _, terms in sorted(found) for term in terms]
        return tuple(dict.fromkeys(ordered))

    def _phrases(self, text: str) -> tuple[list[tuple[int, tuple[str, ...]]], str]:
        """(position, terms) of the glossary's phrases found, and the text with them blanked."""
        lowered = f" {text.lower()} "
        found: list[tuple[int, tuple[str, ...]]] = []
        for phrase, pattern, terms in self._patterns:
            match = phrase in lowered and pattern.search(lowered)
            if match:
                found.append((match.start(), terms))
                lowered = (
                    lowered[: match.start()] + " " * len(match.group(0)) + lowered[match.end() :]
                )
        return found, lowered

    def _pinyin_terms(self, lowered: str) -> list[tuple[int, tuple[str, ...]]]:
        """(position, (word,)) for runs of latin words that spell a corpus word in pinyin,
        longest run first: "jicheng dianlu chanyeyuan" -> 集成电路, 产业园."""
        if not self.pinyin:
            return []
        words = list(_LATIN.finditer(lowered))
        # in an English sentence one word is English ("in yuan" is not 预案); a run of
        # pinyin syllables still is pinyin
        shortest = 2 if len(_ENGLISH_WORDS.findall(lowered)) >= 2 else 1
        found, start = [], 0
        while start < len(words):
            for size in range(min(PINYIN_WINDOW, len(words) - start), shortest - 1, -1):
                spelled = "".join(w.group(0) for w in words[start : start + size])
                word = self.pinyin.get(spelled)
                if word:
                    found.append((words[start].start(), (word,)))
                    start += size
                    break
            else:
                start += 1
        return found


_ENGLISH_WORDS = re.compile(
    r"\b(?:the|what|which|who|how|when|where|is|are|was|were|does|do|did|of|for|to|and|with)\b"
)


def expand_query(read, glossary: Glossary) -> str:
    """The retrieval query: the question, plus the Chinese words of an English or mixed one.

    Example: "How many container routes?" -> "How many container routes? 集装箱航线"
    """
    if read.language == "zh":
        return read.text
    return " ".join((read.text, *glossary.search_words(read.text)))


# A numbered part of a document in English: "chapter 4" -> 第四章, "section 1" -> 第一节.
_NUMBERED = re.compile(r"\b(chapter|section|article|part)\s+(\d{1,2})\b")
_UNITS = {"chapter": "章", "section": "节", "article": "条", "part": "部分"}
_DIGITS = "零一二三四五六七八九"


def _numbered(match: re.Match[str]) -> str:
    n = int(match.group(2))
    tens, ones = divmod(n, 10)
    number = (
        (_DIGITS[tens] if tens > 1 else "")
        + ("十" if tens else "")
        + (_DIGITS[ones] if ones or not tens else "")
    )
    return f"第{number}{_UNITS[match.group(1)]}"
