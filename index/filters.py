"""Restrict a lookup to some documents, a date range and current documents only (staff
lookup, CLI --doc/--from/--to).

Dates are ISO and may be partial ("2025", "2024-12"): a chunk matches when its date
can fall inside the inclusive range, comparing on the shared prefix.

Example:
    date_in_range("2024-12", "2024-06-01", None)      -> True
    date_in_range("2021-06-11", "2024", "2025-12-31") -> False
    index.search("审批", where=LookupFilter(docs=("shandong-ftz-2025-review.txt",)))
    index.search("小标题", where=LookupFilter(parts=("第六章", "第二节")))  # under both headings
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ingest.model import Chunk
from ingest.text import names_parts


def date_in_range(date: str, date_from: str | None, date_to: str | None) -> bool:
    """Whether a (possibly partial) date may lie in [date_from, date_to]; "" only if unbounded."""
    if not date:
        return not date_from and not date_to
    if date_from:
        shared = min(len(date), len(date_from))
        if date[:shared] < date_from[:shared]:
            return False
    if date_to:
        shared = min(len(date), len(date_to))
        if date[:shared] > date_to[:shared]:
            return False
    return True


@dataclass(frozen=True)
class LookupFilter:
    """Which chunks a search may return; empty fields do not restrict."""

    docs: tuple[str, ...] = ()  # doc ids (file names in docs/)
    date_from: str | None = None
    date_to: str | None = None
    without: frozenset[str] = frozenset()  # doc ids left out (retired ones: 只看有效文件)
    kinds: tuple[str, ...] = ()  # chunk kinds admitted ("document": the document cards)
    # numbered parts ("第六章", "第二节", "附图二") a chunk's headings must all name; a card
    # listing a document's headings stands under those it lists
    parts: tuple[str, ...] = ()

    def admits(self, chunk: Chunk) -> bool:
        return self._admits_source(chunk) and self._under_parts(chunk)

    def _admits_source(self, chunk: Chunk) -> bool:
        """The test on the chunk's document, date and kind."""
        in_docs = (not self.docs or chunk.doc_id in self.docs) and chunk.doc_id not in self.without
        of_kind = not self.kinds or chunk.kind in self.kinds
        return in_docs and of_kind and date_in_range(chunk.date, self.date_from, self.date_to)

    def _under_parts(self, chunk: Chunk) -> bool:
        if not self.parts:
            return True
        headings = chunk.search_text if chunk.kind == "document" else chunk.section
        return names_parts(headings, self.parts)

    def rows(self, chunks: list[Chunk]) -> np.ndarray:
        """Rows of the admitted chunks, in order."""
        verdicts: dict[tuple[str, str, str], bool] = {}  # few distinct keys per corpus
        rows = []
        for row, chunk in enumerate(chunks):
            key = (chunk.doc_id, chunk.date, chunk.kind)
            if key not in verdicts:
                verdicts[key] = self._admits_source(chunk)
            if verdicts[key] and self._under_parts(chunk):
                rows.append(row)
        return np.array(rows, dtype=np.int64)
