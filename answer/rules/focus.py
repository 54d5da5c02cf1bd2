"""What the user asked, apart from who they are: the focus, its parts, the language, and
whether the question follows on from the conversation or starts afresh.

A clause that only describes the asker ("我们是一家做汽车零部件出口的民营企业") is
background: it may help retrieval, but the answer and the decision to refuse are about
the focus. What the asker heard ("听说片区可以用“综保区21条”政策") names the topic and stays
in the focus. Two clauses that each ask something are two parts, answered one by one. A
question is a follow-up by its form alone — it opens with 那/还有…, ends in 呢 with no
question word, points back (这个, 它, 该…), or asks without naming anything — never
because its words happen to be rare or common.

Example:
    understand("我们是做跨境电商的，片区的海外仓有什么支持？自贸助贷放款多少笔", [])
    -> Understood(focus="片区的海外仓有什么支持？自贸助贷放款多少笔",
                  background="我们是做跨境电商的",
                  parts=("片区的海外仓有什么支持", "自贸助贷放款多少笔"),
                  language="zh", followup=False)
    understand("那济南片区呢？", ["青岛片区四证一单缩短到几天"]).followup -> True
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.text import split_sentences

# A typed blank between Chinese characters (not inside English, where blanks part words).
_BLANK = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff\d])")
_AFTER_BLANK = re.compile(r"(?<=[\u4e00-\u9fff] )(?=[\u4e00-\u9fff\d])")
_CLAUSES = re.compile(r"[^，,。；;！!？?\n]+[，,。；;！!？?\n]*")
# The Chinese words that ask ("有多少" asks; "市级的" does not).
# "这几年", "近几年", "那几家", "好几天" count or point back; they ask nothing.
QUESTION_WORDS = (
    r"多少|(?<![这那近前好头])几|哪|什么|谁|吗|如何|怎么|怎样|是否|有没有|多[大长久高快]"
)
# Whatever makes a clause a question: those words, a yes-no form, a question mark, English.
_ASKS = re.compile(
    rf"{QUESTION_WORDS}|么|能否|能不能|可不可以|是不是"
    r"|[？?]|\b(?:what|which|how|when|where|who|why|is|are|does|do|can)\b",
    re.IGNORECASE,
)
# "几" in a rough number asks nothing: "十几个人", "好几千万", "几十家" describe, "几家" asks.
_ROUGH_NUMBER = re.compile(r"(?:[一二三四五六七八九十百千万好]|\d)几|几(?=[十百千万亿])")
# An English clause asks when it opens with a question word: "…with customs, ports, tax and
# banks?" is one question, ", and how big was …?" a second.
_ASKS_EN = re.compile(
    r"^\s*(?:and\s+|but\s+|also\s+)?(?:what|which|how|when|where|who|why|is|are|was|were|does|do|did|can)\b",
    re.IGNORECASE,
)
# The asker speaking of themselves: background, unless it asks.
_ABOUT_ASKER = re.compile(
    r"^(?:我们|我司|我公司|本公司|我是|我方|咱们|咱|我家|本企业|我这边|我单位|作为|最近"
    r"|我们公司|我们单位|我们企业|公司是|我打算|我准备|我计划|我想开|我们想开|我们打算|我们准备|我们计划"
    r"|we\b|i\b|i'm|we're|our\b|my\b|as an?\b)",
    re.IGNORECASE,
)
# A clause going on about the asker without naming them again: "我们是做电子信息产品的，
# 正在找新厂房，…" (what they intend to do, "想用“先放后检”模式", names the topic instead).
_ASKER_GOES_ON = re.compile(
    r"^(?:正在|刚刚?|已经|目前|最近|现在|主要|也|还|一直|平时|and we\b|we\b|currently\b|also\b)",
    re.IGNORECASE,
)
# An English sentence ends at a full stop before the next capital ("…firm. Which…").
_ENGLISH_STOP = re.compile(r"(?<=\.\s)(?=[A-Z])")
# What the asker heard or read of names the topic asked about.
_HEARD = re.compile(r"^\s*(?:听说|据说|据了解|听人说|看到|看新闻|得知|了解到|知道)")
# Lead-ins that introduce the ask without content: "想了解一下" "请问".
_LEAD_IN = re.compile(
    r"^(?:请问|想问一下|想问|想了解一下|想了解|想咨询一下|想咨询|咨询一下|问一下)[，,\s]*"
)
# The forms by which a question leans on the one before; answer/rules/followup.py strips
# and reads the same ones when it makes a follow-up standalone.
# An opening word: "那烟台片区呢", "还有哪些…", "what about Yantai".
OPENING = re.compile(
    # "那个…", "那些…" point back (POINTING); the 那 of "那个" is no opening of its own
    r"^(?:那么|那(?![个些种篇份条家项])|还有|另外|然后|再问一下|再问|此外|以及|并且|and\b"
    r"|what about\b)[，,、\s]*",
    re.I,
)
# A closing 呢 on a bare subject: "2024年呢", "外资企业的情况呢".
CLOSING = re.compile(r"(?:的情况|情况|怎么样|如何)?呢[？?。!！\s]*$")
# A word pointing back at something said before: "这个平台", "该模式", "its".
POINTING = re.compile(
    r"它|这个|这项|这一|这些|这种|该|上述|其中|那个|那些|此[项举类]"
    # "这几种模式", "那两家": a count of things named before
    r"|[这那][几两二三四五六七八九十]+[个种项条家类批部位笔处]|[这那]俩"
    r"|\b(?:it|this|that|its|these|those|they|them|their)\b",
    re.I,
)
# A part pointing back at the document another part found: "那篇报道哪个记者写的".
# The words by which a question speaks of a document as such, not of what it says.
DOCUMENT_WORDS = ("文章", "报道", "文件", "稿子", "稿件", "新闻")
POINTS_TO_DOCUMENT = re.compile(rf"[那这该此][篇份个条]?(?:{'|'.join(DOCUMENT_WORDS)}|纲要)|该文")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
SHORT_FOLLOWUP = 8  # characters of content: "2024年呢" "外资企业呢" stand on nothing else


@dataclass(frozen=True)
class Understood:
    text: str  # the cleaned question as asked
    focus: str  # what is asked, background clauses removed
    background: str  # what the asker said about themselves
    parts: tuple[str, ...]  # the focus split into separately asked parts (one when single)
    language: str  # "zh" | "en" | "mixed"
    followup: bool  # continues the conversation (decided by form)
    story: str = ""  # sentences before the asking one that tell the asker's situation


def without_rough_numbers(text: str) -> str:
    """The text with rough numbers taken out, so that only real question words remain:
    "我们十几个人，能拿多少补贴" -> "我们个人，能拿多少补贴"."""
    return _ROUGH_NUMBER.sub("", text)


def asks(clause: str) -> bool:
    """Whether a Chinese clause asks something ("有几家" does, "十几个人" does not)."""
    return bool(_ASKS.search(without_rough_numbers(clause)))


def clauses(text: str) -> list[str]:
    """ "我们是…企业，片区有什么服务？" -> ["我们是…企业，", "片区有什么服务？"]; a blank between
    Chinese words separates clauses as a comma does ("…合作多少家 后来又合作了多少家")."""
    pieces = _AFTER_BLANK.split(_BLANK.sub(" ", text))
    return [c for piece in pieces for c in _CLAUSES.findall(piece) if c.strip()]


def language_of(text: str) -> str:
    """ "zh" when Chinese only, "en" when Latin words only, "mixed" when both (or "zh")."""
    cjk, latin = bool(_CJK.search(text)), bool(_LATIN_WORD.search(text))
    if latin and not cjk:
        return "en"
    return "mixed" if latin and cjk and len(_LATIN_WORD.findall(text)) >= 2 else "zh"


def split_focus(text: str) -> tuple[str, str]:
    """(focus, background): leading clauses that describe the asker and ask nothing go to
    the background; the last clause always stays in the focus. An English sentence is a
    clause of its own: "I'm a foreign student. If I start a business here, …" keeps the
    condition in the focus."""
    parts = [c for clause in clauses(text) for c in _ENGLISH_STOP.split(clause) if c]
    background = []
    while len(parts) > 1 and not asks(parts[0]):
        about = _ABOUT_ASKER if not background else _ASKER_GOES_ON
        if not about.search(parts[0].strip()):
            break
        background.append(parts.pop(0))
    if background and POINTING.search(parts[0]):
        parts.insert(0, background.pop())  # "…a residence card. Can I use it to…": it is asked of
    focus = _LEAD_IN.sub("", "".join(parts).strip())
    return focus or text, "".join(background).strip("，,。 ")


def split_story(focus: str) -> tuple[str, str]:
    """(story, what is asked): whole sentences before the asking one that ask nothing tell
    the asker's situation ("付给境外船公司的海运费都得在境内购汇付汇，手续繁琐。"), unless they
    name what the asker heard of ("听说片区有种…的办法。")."""
    sentences = [s for sentence in split_sentences(focus) for s in _ENGLISH_STOP.split(sentence)]
    story = []
    while len(sentences) > 1 and not _asks_in_any(sentences[0]) and not _HEARD.match(sentences[0]):
        story.append(sentences.pop(0))
    return "".join(story), "".join(sentences).strip()


def _asks_in_any(text: str) -> bool:
    """Whether a Chinese text asks, or an English one opens with a question word ("We are
    an exporter." asks nothing)."""
    return bool(_ASKS_EN.search(text)) if not _CJK.search(text) else asks(text)


def split_parts(focus: str) -> tuple[str, ...]:
    """Clauses that each ask something are parts; a clause that asks nothing joins the
    next one ("片区的资金池，规模多大" is one part), and an English one asks only when it
    opens with a question word."""
    parts, pending = [], ""
    for clause in clauses(focus):
        pending += clause
        if _asks_in_any(clause):
            parts.append(pending)
            pending = ""
    if parts:
        parts[-1] += pending
    else:
        parts.append(pending)
    ends = "，,。；;！!？? "
    return tuple(p.strip(ends) for p in parts if p.strip(ends)) or (focus,)


def is_followup(question: str, history: Sequence[str], content_chars: int) -> bool:
    """A follow-up by form: an opening (那…), a closing 呢 with nothing new asked, a
    pointer back (这个, 该…), or too little content to stand alone."""
    if not history:
        return False
    stripped = question.strip()
    if OPENING.search(stripped) or POINTING.search(stripped):
        return True
    if CLOSING.search(stripped) and not asks(CLOSING.sub("", stripped)):
        return True
    return content_chars < SHORT_FOLLOWUP


def understand(text: str, history: Sequence[str], content_chars: int | None = None) -> Understood:
    """Read a cleaned question. content_chars: characters of its content terms (the caller
    counts them with the index's tokenizer; defaults to the question's length)."""
    focus, background = split_focus(text)
    story, focus = split_story(focus)
    chars = len(text) if content_chars is None else content_chars
    return Understood(
        text=text,
        focus=focus,
        background=background,
        story=story,
        parts=split_parts(focus),
        language=language_of(text),
        followup=is_followup(text, history, chars),
    )
