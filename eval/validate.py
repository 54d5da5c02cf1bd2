"""Check the question file against the corpus it quotes, before any run is scored.

A question is valid when its fields follow the eval contract, every quote is found (after
normalize) in its document, and every key fact appears in its quotes. The whole file must also
hold enough questions of each kind (MINIMUMS) and quote every document in docs/.

Example:
    validate_questions(Path("eval/questions.jsonl"), Path("docs")) -> []
    a question quoting "原油周转率提升53%" -> ['pdf-02: quote not found in qingdao-…-pdf.txt: …']
    $ python -m eval.validate [eval/questions.jsonl] [--docs docs]   # exit 1 when problems
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Mapping
from pathlib import Path

from eval.metrics import ANSWERABLE, MUST_REFUSE, TYPES
from eval.split import STYLES, USER_STYLES, style_of
from eval.textmatch import normalize
from settings import ROOT, Settings

REQUIRED = ("id", "question", "type", "answer", "must_include", "sources")
MINIMUMS = {"total": 450, "fact": 75, "table": 15, "multi": 8, "refusal": 25, "follow_up": 6}
MINIMUMS |= {style: 30 for style in USER_STYLES}  # questions in each user style
PER_DOCUMENT = 3  # answerable questions quoting each corpus document
QUOTE_CHARS = range(8, 61)  # normalised length; a quote must fit inside one ~100–300 char chunk
TABLE_ATTRIBUTES = ("预期性", "约束性")  # 指标属性, the last cell of a 附表 row
TABLE_CELLS = 4  # cells after the indicator name: 2020年完成, 2025年目标, 指标属性 (+1 spare)


def read_documents(docs_dir: Path) -> dict[str, str]:
    """Raw text of every corpus file: Path("docs") -> {"qingdao-…-plan.txt": "…", ...}."""
    return {p.name: p.read_text(encoding="utf-8-sig") for p in sorted(docs_dir.glob("*.txt"))}


def table_row(document: str, name: str) -> str | None:
    """Normalised 附表 row whose indicator-name line is `name`; None when no such row.

    The raw table is flattened one cell per line, so a row is the name line followed by the
    cells up to its 指标属性. Example: (plan, "一般公共预算收入(亿元)") -> "一般公共预算收入(亿元)28.650预期性"
    """
    cells = [cell for cell in map(normalize, document.splitlines()) if cell]
    target = normalize(name)
    for i, cell in enumerate(cells):
        values = cells[i + 1 : i + 1 + TABLE_CELLS]
        ends = [j for j, value in enumerate(values) if value in TABLE_ATTRIBUTES]
        if cell == target and ends:
            return target + "".join(values[: ends[0] + 1])
    return None


def _field_problems(q: dict) -> list[str]:
    """Contract shape: required fields, allowed type, lists of strings, refusal has no gold."""
    problems = [f"missing field {name!r}" for name in REQUIRED if name not in q]
    if problems:
        return problems
    if q["type"] not in TYPES:
        problems.append(f"type {q['type']!r} not one of {', '.join(TYPES)}")
    if style_of(q) not in STYLES:
        problems.append(f"style {style_of(q)!r} not one of {', '.join(STYLES)}")
    for name in ("id", "question", "answer"):
        if not isinstance(q[name], str) or not q[name].strip():
            problems.append(f"{name} must be a non-empty string")
    for name in ("must_include", "history"):
        value = q.get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            problems.append(f"{name} must be a list of non-empty strings")
    sources = q["sources"]
    if not isinstance(sources, list) or not all(
        isinstance(s, dict) and isinstance(s.get("doc"), str) and isinstance(s.get("quote"), str)
        for s in sources
    ):
        problems.append('sources must be a list of {"doc": str, "quote": str}')
    elif q["type"] in ANSWERABLE and not (sources and q["must_include"]):
        problems.append("an answerable question needs at least one source and one key fact")
    elif q["type"] == "multi" and len(sources) < 2:
        problems.append("a multi question needs one source per paragraph (at least two)")
    elif q["type"] in MUST_REFUSE and (sources or q["must_include"]):
        problems.append("a must-refuse question has no sources and no key facts")
    return problems


def _evidence(q: dict, documents: Mapping[str, str]) -> tuple[list[str], list[str]]:
    """(problems with the quotes, normalised text the key facts must come from). A table
    question quotes at least one indicator-name line, whose key facts come from its row; a
    two-part table question may quote the plan's prose beside it ("实现固定资产投资108亿元")."""
    problems, evidence, rows = [], [], 0
    for source in q["sources"]:
        doc, quote = source["doc"], normalize(source["quote"])
        if doc not in documents:
            problems.append(f"unknown document {doc!r}")
            continue
        row = table_row(documents[doc], quote) if q["type"] == "table" else None
        if len(quote) not in QUOTE_CHARS:
            problems.append(
                f"quote of {len(quote)} chars, keep it short and inside one paragraph (8–60)"
            )
        if quote not in normalize(documents[doc]) and row is None:
            problems.append(f"quote not found in {doc}: {quote}")
        evidence.append(row or quote)
        rows += row is not None
    if q["type"] == "table" and not rows:
        problems.append("a table question quotes no indicator-name line of the 附表")
    return problems, evidence


def question_problems(q: dict, documents: Mapping[str, str]) -> list[str]:
    """Everything wrong with one question (empty list = valid)."""
    problems = _field_problems(q)
    if problems:
        return problems
    quote_problems, evidence = _evidence(q, documents)
    missing = [f for f in q["must_include"] if not any(normalize(f) in e for e in evidence)]
    return quote_problems + [f"key fact {fact!r} is in none of its quotes" for fact in missing]


def _set_problems(
    questions: list[dict], documents: Mapping[str, str], minimums: Mapping[str, int]
) -> list[str]:
    """Whole-file checks: unique ids, type mix, follow-ups, every document quoted."""
    ids = Counter(str(q.get("id")) for q in questions)  # str: a malformed id must not crash
    problems = [f"duplicate id {qid!r}" for qid, n in ids.items() if n > 1]
    kinds = Counter(str(q.get("type")) for q in questions)
    counts = {
        **kinds,
        **Counter(style_of(q) for q in questions),
        "total": len(questions),
        "refusal": sum(kinds[t] for t in MUST_REFUSE),
        "follow_up": sum(bool(q.get("history")) for q in questions),
    }
    problems += [
        f"only {counts.get(kind, 0)} {kind} questions, need at least {least}"
        for kind, least in minimums.items()
        if counts.get(kind, 0) < least
    ]
    if minimums:
        quoted = Counter(
            doc
            for q in questions
            if q.get("type") in ANSWERABLE
            for doc in {s.get("doc") for s in q.get("sources", []) if isinstance(s, dict)}
        )
        problems += [
            f"only {quoted[doc]} questions quote {doc}, need at least {PER_DOCUMENT}"
            for doc in documents
            if quoted[doc] < PER_DOCUMENT
        ]
    return problems


def validate_questions(
    path: Path, docs_dir: Path, *, minimums: Mapping[str, int] = MINIMUMS
) -> list[str]:
    """All problems of a question file; pass minimums={} to check single questions only."""
    documents = read_documents(docs_dir)
    problems, questions = [], []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            q = json.loads(line)
        except json.JSONDecodeError as error:
            problems.append(f"line {number}: not JSON ({error.msg})")
            continue
        if not isinstance(q, dict):
            problems.append(f"line {number}: not a JSON object")
            continue
        questions.append(q)
        name = q.get("id", f"line {number}")
        problems += [f"{name}: {p}" for p in question_problems(q, documents)]
    return problems + _set_problems(questions, documents, minimums)


def main(argv: list[str] | None = None) -> int:
    """CLI: print every problem (or the type counts when valid); exit 1 on problems."""
    parser = argparse.ArgumentParser(prog="python -m eval.validate", description=__doc__)
    parser.add_argument("path", nargs="?", type=Path, default=ROOT / "eval" / "questions.jsonl")
    parser.add_argument("--docs", type=Path, default=None, help="corpus folder (QA_DOCS_DIR)")
    args = parser.parse_args(argv)
    docs_dir = args.docs or Settings.from_env().docs_dir
    for needed in (args.path, docs_dir):
        if not needed.exists():
            print(
                f"{needed} does not exist: pass the question file and --docs DIR", file=sys.stderr
            )
            return 2
    problems = validate_questions(args.path, docs_dir)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{args.path}: {len(problems)} problems", file=sys.stderr)
        return 1
    lines = args.path.read_text(encoding="utf-8").splitlines()
    kinds = Counter(json.loads(line)["type"] for line in lines if line.strip())
    print(f"{args.path}: {sum(kinds.values())} questions, valid ({dict(kinds)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
