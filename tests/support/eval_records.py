"""Hand-made evaluation data: a gold question and the record a run would write for it.

The shapes follow a line of eval/questions.jsonl and a line of a run's answers.jsonl, enough
for scoring, the run diff and the report. Every gold source and retrieved hit is in plan.txt.

Example:
    question("a", facts=("9610",))                 -> a "fact" question quoting "保税港区"
    record("a", ["保税港区"], cited=["保税港区"])    -> gold at rank 1, cited, answered "答"
"""

from __future__ import annotations


def question(qid: str, qtype: str = "fact", quotes=("保税港区",), facts=()) -> dict:
    sources = [{"doc": "plan.txt", "quote": quote} for quote in quotes]
    return {
        "id": qid,
        "question": f"问题{qid}",
        "type": qtype,
        "answer": "参考答案",
        "must_include": list(facts),
        "sources": sources,
    }


def record(qid: str, retrieved=(), answer="答", refused=False, cited=(), latency=100.0) -> dict:
    hits = [{"doc": "plan.txt", "paragraph": "1", "text": text, "score": 0.5} for text in retrieved]
    citations = [
        {"doc": "plan.txt", "title": "规划", "section": "", "paragraph": "1", "text": t}
        for t in cited
    ]
    return {
        "id": qid,
        "question": f"问题{qid}",
        "answer": answer,
        "refused": refused,
        "citations": citations,
        "retrieved": hits,
        "latency_ms": latency,
    }
