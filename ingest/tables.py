"""Tables rebuilt from flattened text: each row becomes one line that repeats its headers.

A web page flattens a table to one cell per line:
    “十四五”经济社会发展主要指标表 / 类别 / 序号 / 主要指标 / 2020年完成 / 2025年目标 / 指标 /
    属性 / 经济发展 / 1 / 地区生产总值年均增长率(%) / - / 15 / 预期性 / 2 / 一般公共预算收入(亿元) …
reconstruct_table(cells).row_texts()[1]
-> "类别 经济发展 ｜ 序号 2 ｜ 主要指标 一般公共预算收入(亿元) ｜ 2020年完成 28.6 ｜ 2025年目标 50 ｜ 指标属性 预期性"

How the rows are found:
- a row starts at its serial number 1, 2, 3 … (followed by a text cell, the row's name);
- text cells repeated across rows (预期性, 约束性) are the label column that closes a row;
  text after the label is the category (对外开放) of the rows that follow;
- header cells that wrapped ("指标" / "属性") are re-joined until they fit the columns;
- a short row takes its missing leading values from the row above when that was text
  (a cell spanning rows: "若上级下达任务更高则从上级任务"); a row of text where figures
  belong is one cell spanning those columns ("纳入西海岸新区" "统一核算").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ingest.lines import is_numeric_cell

ROW_SEPARATOR = " ｜ "
MIN_CELLS = 8
MIN_FIGURES = 3
_TITLE = re.compile(r"表[)）]?$")

Row = tuple[tuple[str, str], ...]  # (header, value) pairs


@dataclass(frozen=True)
class Table:
    title: str
    rows: tuple[Row, ...]

    def row_texts(self) -> list[str]:
        return [
            ROW_SEPARATOR.join(f"{header} {value}" for header, value in row) for row in self.rows
        ]


def looks_like_table(cells: list[str]) -> bool:
    """Enough one-line cells, several of them figures."""
    return len(cells) >= MIN_CELLS and sum(map(is_numeric_cell, cells)) >= MIN_FIGURES


def reconstruct_table(cells: list[str]) -> Table | None:
    """Rows of a table flattened to one cell per line; None when no serial numbers are found."""
    title = cells[0] if _TITLE.search(cells[0]) else ""
    body = cells[1:] if title else list(cells)
    labels = {cell for cell, n in Counter(body).items() if n >= 2 and not is_numeric_cell(cell)}
    serials = _serial_positions(body, labels)
    if len(serials) < 2:
        return None
    ends = [*serials[1:], len(body)]
    split = [
        _split_category(body[start + 1 : end], labels)
        for start, end in zip(serials, ends, strict=True)
    ]
    has_category = any(trailing for _, trailing in split)
    head = body[: serials[0]]
    category = head.pop() if has_category and head else ""
    width = max(len(data) for data, _ in split)
    headers = _fit_headers(head, int(has_category) + 1 + width)
    has_label = all(data[-1] in labels for data, _ in split)
    rows: list[Row] = []
    above: list[str | None] = []
    for number, (data, trailing) in enumerate(split, start=1):
        pairs = [(headers[0], category)] if has_category else []
        pairs += [(headers[int(has_category)], str(number))]
        columns = headers[int(has_category) + 1 :]
        pairs.append((columns[0], data[0]))
        values = data[1:-1] if has_label else data[1:]
        value_pairs, above = _value_pairs(
            values, columns[1:-1] if has_label else columns[1:], above
        )
        pairs += value_pairs
        if has_label:
            pairs.append((columns[-1], data[-1]))
        rows.append(tuple(pairs))
        category = " ".join(trailing) or category
    return Table(title=title, rows=tuple(rows))


def table_from_rows(rows: list[list[str]], title: str = "") -> Table | None:
    """A real table (docx, html) whose first row holds the headers."""
    if len(rows) < 2:
        return None
    header = rows[0]
    return Table(
        title=title,
        rows=tuple(
            tuple(
                (header[i] if i < len(header) and header[i] else f"列{i + 1}", cell)
                for i, cell in enumerate(row)
                if cell
            )
            for row in rows[1:]
        ),
    )


def _serial_positions(body: list[str], labels: set[str]) -> list[int]:
    """Indices of the cells "1", "2", … that open rows (each followed by the row's name)."""
    positions: list[int] = []
    for index, cell in enumerate(body[:-1]):
        name = body[index + 1]
        if cell == str(len(positions) + 1) and not is_numeric_cell(name) and name not in labels:
            positions.append(index)
    return positions


def _split_category(segment: list[str], labels: set[str]) -> tuple[list[str], list[str]]:
    """Cells after a row's label belong to the next rows' category."""
    last_label = max((i for i, cell in enumerate(segment) if cell in labels), default=None)
    if last_label is None or last_label == len(segment) - 1:
        return segment, []
    return segment[: last_label + 1], segment[last_label + 1 :]


def _fit_headers(cells: list[str], columns: int) -> list[str]:
    """Re-join wrapped header cells: the shortest adjacent pair first, rightmost on ties."""
    cells = list(cells)
    while len(cells) > columns:
        at = min(range(len(cells) - 1), key=lambda i: (len(cells[i]) + len(cells[i + 1]), -i))
        cells[at : at + 2] = [cells[at] + cells[at + 1]]
    return cells + [f"列{i + 1}" for i in range(len(cells), columns)]


def _value_pairs(
    values: list[str], headers: list[str], above: list[str | None]
) -> tuple[list[tuple[str, str]], list[str | None]]:
    """Place a row's values under its value headers (right-aligned, see module docstring)."""
    all_text = not any(is_numeric_cell(value) for value in values)
    if len(headers) >= 2 and len(values) == len(headers) and all_text:
        return [("、".join(headers), "".join(values))], list(values)
    slots: list[str | None] = [None] * (len(headers) - len(values)) + list(values)
    for i, value in enumerate(slots):
        spanning = above[i] if i < len(above) else None
        if value is None and spanning and not is_numeric_cell(spanning):
            slots[i] = spanning
    pairs = [
        (header, value) for header, value in zip(headers, slots, strict=True) if value is not None
    ]
    return pairs, slots
