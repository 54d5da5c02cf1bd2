"""A small bilingual glossary of the zone's terms: English (and pinyin) phrases in a
question -> the Chinese words the documents use, for BM25 and for the key terms a quote
must hold. Dense retrieval is multilingual already; words are not.

Example:
    glossary = Glossary.load()
    glossary.terms("How much time does the crude oil release first, inspect later model save?")
    -> ("原油", "先放后检", "时间", "节省")
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

GLOSSARY_FILE = Path(__file__).with_name("glossary.tsv")


@dataclass(frozen=True)
class Glossary:
    entries: tuple[tuple[str, tuple[str, ...]], ...]  # (phrase, terms), longest phrase first

    @classmethod
    def load(cls, path: Path = GLOSSARY_FILE) -> Glossary:
        entries = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                phrase, terms = line.split("\t", 1)
                entries.append((phrase.strip().lower(), tuple(terms.split())))
        entries.sort(key=lambda entry: -len(entry[0]))
        return cls(tuple(entries))

    def terms(self, text: str) -> tuple[str, ...]:
        """Chinese terms of the phrases found, in question order; a phrase inside a longer
        one already found is not counted again."""
        lowered = f" {text.lower()} "
        found: list[tuple[int, tuple[str, ...]]] = []
        for phrase, terms in self.entries:
            pattern = rf"(?<![a-z0-9]){re.escape(phrase)}(?:s|es)?(?![a-z0-9])"
            match = re.search(pattern, lowered)
            if match:
                found.append((match.start(), terms))
                lowered = (
                    lowered[: match.start()] + " " * len(match.group(0)) + lowered[match.end() :]
                )
        ordered = [term for _, terms in sorted(found) for term in terms]
        return tuple(dict.fromkeys(ordered))


def expand_query(read, glossary: Glossary) -> str:
    """The retrieval query: the question, plus the Chinese terms of an English or mixed one.

    Example: "How many container routes?" -> "How many container routes? 集装箱航线"
    """
    if read.language == "zh":
        return read.text
    return " ".join((read.text, *glossary.terms(read.text)))
