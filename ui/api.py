"""What the named API endpoints return: plain JSON records (used by tests and eval tools).

Example (gradio_client):
    Client(url).predict("2020年工业总产值是多少？", [], api_name="/ask")
    -> {"question": "…", "answer": "…670亿元[1]。", "refused": False,
        "citations": [{"doc": "qingdao-ftz-14th-five-year-plan.txt", "title": "…", …}], …}
    Client(url).predict("四证一单", [], 5, "", "", api_name="/lookup")
    -> [{"rank": 1, "id": "3f2a…", "doc": "…", "paragraph": "41", "text": "…", …}]
"""

from __future__ import annotations

from answer.model import Answer
from answer.render import answer_to_record
from index.model import Hit
from index.model import hit_record as search_hit_record
from ingest.text import fold

PRIVATE = {"api_visibility": "private"}  # UI plumbing events: not part of the documented API
API_LANGUAGE = "zh"  # the named endpoints /ask and /lookup are served once, by the app at /


def ask_record(answer: Answer) -> dict:
    """The eval contract's record plus what a client needs to explain a refusal."""
    return {
        "question": answer.question,
        **answer_to_record(answer),
        "refusal_reason": answer.refusal_reason,
        "note": answer.note,
        "cited_chunk_ids": [c.chunk.id for c in answer.citations],
        "timings": answer.timings,
    }


def hit_record(hit: Hit, rank: int, terms: list[str]) -> dict:
    """One lookup result: the CLI's hit shape (index.search) plus rank, date, kind and the
    query terms found in the paragraph."""
    chunk = hit.chunk
    folded = fold(chunk.text)
    return {
        "rank": rank,
        **search_hit_record(hit),
        "date": chunk.date,
        "kind": chunk.kind,
        "matched_terms": [term for term in terms if term in folded],
    }
