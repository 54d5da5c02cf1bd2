"""Which questions tune the system (dev) and which only report on it (test), and their styles.

The split is a fixed rule on the question id, so a question never changes sides when the
file grows: sha1(id) read as a number, its last two decimal digits below TEST_PERCENT ->
test. Thresholds, weights, rules and the refusal model are chosen on dev only; the gate
(eval/gate.json) checks test.

A style is how a user typed the question (business scenario, keywords, English, …);
questions written before styles were recorded count as "general", or "conversation"
when they carry a history.

Example:
    split_of("plan-01") -> "dev";  split_of("biz-07") -> "test"
    style_of({"id": "x", "history": ["…"]}) -> "conversation"
"""

from __future__ import annotations

import hashlib

SPLITS = ("dev", "test")
TEST_PERCENT = 45
STYLES = (
    "general",
    "business",
    "two_part",
    "document",
    "keywords",
    "noisy",
    "english",
    "conversation",
    "close_absent",
)
USER_STYLES = STYLES[1:]  # written the way users type, independently of the system


def split_of(question_id: str) -> str:
    """ "dev" or "test", fixed by the id alone."""
    digest = int(hashlib.sha1(question_id.encode("utf-8")).hexdigest(), 16)
    return "test" if digest % 100 < TEST_PERCENT else "dev"


def style_of(question: dict) -> str:
    """The question's recorded style, else "conversation" with a history, else "general"."""
    return question.get("style") or ("conversation" if question.get("history") else "general")


def select(questions: list[dict], split: str) -> list[dict]:
    """The questions of one split ("dev" | "test"), or all of them for "all"."""
    return questions if split == "all" else [q for q in questions if split_of(q["id"]) == split]
