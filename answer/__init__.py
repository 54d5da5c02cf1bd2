"""Question (+ conversation) -> Answer with citations, or a plain refusal, in five steps:

understand.py  Reading    the question cleaned, made standalone, split into asked parts
retrieve.py    Retrieved  hybrid search for the question and for each part
score.py       Scored     per part: the quotes that answer it and the evidence on them
decide.py      Decision   answer (with which parts' quotes) or refuse; tuned on dev
compose.py     Composed   the text with [n] markers and citations, or the refusal

assistant.py runs them (and streams); model.py is the Answer returned, render.py its
plain-text and JSON forms; rules/ holds the hand-written rules the steps use; llm.py
and prompts.py are the generative model's client and every prompt and canned text.
"""
