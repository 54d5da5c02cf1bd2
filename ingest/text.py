"""Text rules that chunking, answering and citation checking share: where a sentence or a
clause ends, and the display and matching forms of a text.

Example:
    split_sentences("片区设立1亿元资金池；放款146笔。惠及企业70余家")
    -> ["片区设立1亿元资金池；", "放款146笔。", "惠及企业70余家"]
    split_clauses("将原本2—3天的验放时间缩减至半天，原油周转率提升35%")
    -> ["将原本2—3天的验放时间缩减至半天，", "原油周转率提升35%"]
    tidy("集装箱吞吐量3 0 8 7 万标箱，") -> "集装箱吞吐量3087万标箱，"
    fold("３ ０８７万标箱（ＲＣＥＰ）") -> "3087万标箱(rcep)"
    numbered_parts("规划纲要第六章第二节叫什么") -> ("第六章", "第二节")
    part_paths("附表一、附图二分别是什么") -> (("附表一",), ("附图二",))
    names_parts("第六章 聚焦… > 第二节 加强科技要素集聚", ("第六章", "第二节")) -> True
"""

from __future__ import annotations

import functools
import re
import unicodedata

# A sentence ends at a run of these or at a line break; a closing quote or bracket right
# after the stop stays with its sentence.
SENTENCE_ENDS = "。！？；!?;…"
CLOSERS = '”’"」』)）'
# A clause ends at a comma or colon (or a sentence end); 、 only splits a list when nothing
# coarser is left (chunking an over-long sentence).
CLAUSE_MARKS = "，,：:"
LIST_MARKS = "、"
# ingest writes a table row as "主要指标 一般公共预算收入(亿元) ｜ 2020年完成 28.6 ｜ …"
CELL_BAR = "｜"

_SENTENCE = re.compile(rf"[^{SENTENCE_ENDS}\n]*(?:[{SENTENCE_ENDS}]+[{CLOSERS}]*|\n|$)")
# PDF line breaks split numbers ("3 0 8 7 万标箱"); spaces between non-letters carry no meaning.
_LOOSE_SPACE = re.compile(r"(?<![A-Za-z])\s+(?![A-Za-z])")


def split_sentences(text: str) -> list[str]:
    """Sentences of a passage, each an exact substring, blank ones dropped.

    Example: "一句。二句！“三句。”" -> ["一句。", "二句！", "“三句。”"]
    """
    return [s for s in _SENTENCE.findall(text) if s.strip()]


def split_clauses(sentence: str, marks: str = CLAUSE_MARKS) -> list[str]:
    """Clauses of a sentence cut after any of `marks` or a sentence end, each an exact
    substring; "".join(split_clauses(s)) == s."""
    ends = re.escape(marks + SENTENCE_ENDS)
    pattern = rf"[^{ends}]*(?:[{ends}]+[{CLOSERS}]*|$)"
    return [c for c in re.findall(pattern, sentence) if c]


def tidy(text: str) -> str:
    """Display form: loose spaces between Chinese characters and digits removed."""
    return _LOOSE_SPACE.sub("", text).strip()


@functools.lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Matching form: NFKC (full-width to ASCII), lower case, loose spaces removed (cached:
    answering folds the same corpus sentences and windows for every question)."""
    return tidy(unicodedata.normalize("NFKC", text).lower())


_QUOTE_MARKS = re.compile(r"[“”‘’\"'「」『』]")


def unquoted(text: str) -> str:
    """The text without quotation marks: "“四新”经济增加值" -> "四新经济增加值"."""
    return _QUOTE_MARKS.sub("", text)


# A document number (文号): issuer's code, year in 〔〕 (or [] ()), serial: "青自贸管发〔2021〕34号".
# A phrase a question quotes, to be found word for word: "“港口货物吞吐量跃居全球第四”这句话".
_QUOTED_PHRASE = re.compile(r"[“\"「『]([^”\"」』]{6,40})[”\"」』]")
_NOT_A_WORD = re.compile(r"[\W_]+")


def quoted_phrases(text: str) -> list[str]:
    """The phrases of six to forty characters a text quotes, in matching form (fold)."""
    return [fold(phrase) for phrase in _QUOTED_PHRASE.findall(text)]


def says_word_for_word(text: str, phrase: str) -> bool:
    """Whether a text holds a folded phrase word for word, its punctuation aside (a user
    types "跃居全球第四" where the page has "跃居全球第四,")."""
    bare = _NOT_A_WORD.sub("", phrase)
    return bool(bare) and bare in _NOT_A_WORD.sub("", fold(text))


DOCUMENT_NUMBER = re.compile(r"[\u4e00-\u9fff]{2,12}[〔\[［(（]\d{4}[〕\]］)）]\d{1,4}号")


# A numbered part of a document: "第八章", "第四节", "附图三". The plan prints its appendices
# as "附表(图)一", "附图(表)二", matched as 附表一, 附图二.
_NUMBERED_PART = re.compile(
    r"第[一二三四五六七八九十\d]{1,3}[章节]|附[图表][一二三四五六七八九十\d]{1,2}"
)
_PART_ALIAS = re.compile(r"\((?:图|表)\)")


def numbered_parts(text: str) -> tuple[str, ...]:
    """The numbered parts of a document a text names, in order, once each."""
    return tuple(dict.fromkeys(_NUMBERED_PART.findall(fold(text))))


# What may stand between two parts of one path down a document: "第八章的第三节".
_ON_ONE_PATH = re.compile(r"[的里中下]?")


def part_paths(text: str) -> tuple[tuple[str, ...], ...]:
    """The places in a document a text names, each a path of numbered parts: parts named
    one after the other are one path ("第八章的第三节" -> (("第八章", "第三节"),)), parts
    named apart are several places ("第一章和第八章" -> (("第一章",), ("第八章",)))."""
    folded = fold(text).replace(" ", "")
    paths: list[tuple[str, ...]] = []
    end = -1
    for part in _NUMBERED_PART.finditer(folded):
        if paths and _ON_ONE_PATH.fullmatch(folded[end : part.start()]):
            paths[-1] += (part.group(0),)
        else:
            paths.append((part.group(0),))
        end = part.end()
    return tuple(dict.fromkeys(paths))


def names_parts(text: str, parts: tuple[str, ...]) -> bool:
    """Whether headings (or a card listing them) name every one of `parts`."""
    folded = _PART_ALIAS.sub("", fold(text).replace(" ", ""))
    return all(part in folded for part in parts)
