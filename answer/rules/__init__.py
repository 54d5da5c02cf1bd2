"""The hand-written rules the answer steps use, one concern per module:

question   the typed text cleaned; greeting, injection, off-topic by pattern   (understand)
focus      what is asked apart from who asks; parts; language; follow-up form  (understand)
followup   a follow-up made standalone from the earlier questions             (understand)
asking     what a part asks for: terms, wanted kind, unit, named areas/years  (understand)
units      the unit an amount is asked in, and whether a text holds it        (understand, score)
document_facts  questions about a document itself; the card lines giving them (understand, score)
glossary   English and pinyin phrases -> the documents' Chinese terms         (understand)
dictionary English words no phrase covers -> corpus words, by CC-CEDICT        (understand)
terms      key terms, their corpus weight, how much of them a text holds      (all steps)
facts      figures, places and dates in a sentence                             (all steps)
dating     plan target or achieved result; a document's date as shown          (score, compose)
extractive a part's hits -> the one to three quotes that answer it             (score)
evidence   how well the quotes answer it, measured                             (score)
generate   the LLM prompt and its checked stream                               (compose)
citations  each [n] of a generated sentence checked against passage n          (compose)

Sentence and clause splitting, and the folded form texts are matched in, are shared
with ingest and live in ingest/text.py.
"""
