"""Flattened tables are rebuilt row by row, every row repeating its headers and category."""

from __future__ import annotations

from ingest.blocks import build_blocks
from ingest.structure import source_paragraphs
from ingest.tables import looks_like_table, reconstruct_table, table_from_rows

# An excerpt of the plan's 附表一 as its web page flattens it (one cell per line), renumbered
# 1-8: the header "指标属性" wraps, a category cell precedes the first row of each category,
# and rows 5, 6 and 8 are irregular like the plan's rows 16, 17 and 20.
FLATTENED = """“十四五”经济社会发展主要指标表
类别 序号 主要指标 2020年完成 2025年目标 指标 属性
经济发展 1 地区生产总值年均增长率(%) - 15 预期性
2 一般公共预算收入(亿元) 28.6 50 预期性
3 固定资产投资(亿元,5年累计) - 1000 预期性
对外开放 4 进出口总额(亿元) 1108 2200 预期性
社会发展 5 单位生产总值能耗下降(%) 若上级下达任务更高则从上级任务 3 约束性
6 单位GDP用水量降幅(%) 3 约束性
7 新增就业人数(个,5年累计) 8000 25000 预期性
8 科教文卫等公共服务 纳入西海岸新区 统一核算 预期性"""


def cells() -> list[str]:
    title, *rows = FLATTENED.splitlines()
    return [title] + [cell for row in rows for cell in row.split(" ")]


def test_rows_repeat_headers_and_category() -> None:
    table = reconstruct_table(cells())
    assert table is not None and table.title == "“十四五”经济社会发展主要指标表"
    rows = table.row_texts()
    assert len(rows) == 8
    assert rows[1] == (
        "类别 经济发展 ｜ 序号 2 ｜ 主要指标 一般公共预算收入(亿元) ｜ 2020年完成 28.6"
        " ｜ 2025年目标 50 ｜ 指标属性 预期性"
    )
    assert rows[3].startswith("类别 对外开放 ｜ 序号 4 ｜ 主要指标 进出口总额(亿元)")


def test_irregular_rows() -> None:
    rows = reconstruct_table(cells()).row_texts()
    assert "2020年完成 若上级下达任务更高则从上级任务 ｜ 2025年目标 3 ｜ 指标属性 约束性" in rows[4]
    # row 17 has only "3" and 约束性: the text cell above spans both rows
    assert rows[5] == (
        "类别 社会发展 ｜ 序号 6 ｜ 主要指标 单位GDP用水量降幅(%) ｜ 2020年完成 若上级下达任务更高则从上级任务"
        " ｜ 2025年目标 3 ｜ 指标属性 约束性"
    )
    # two text cells where figures belong: one cell spanning both columns
    assert rows[7].endswith("｜ 2020年完成、2025年目标 纳入西海岸新区统一核算 ｜ 指标属性 预期性")


def test_a_table_is_recognised_among_paragraphs() -> None:
    lines = ["第三节 发展目标", "", "附表(图)一", ""]
    for cell in cells():
        lines += [cell, ""]
    lines += ["第四节 到2035年远景展望", "", "到2035年,建成自由贸易试验区。"]
    result = source_paragraphs(build_blocks(lines))
    rows = [p for p in result if p.kind == "table_row"]
    assert len(rows) == 8
    assert rows[0].section_path == (
        "第三节 发展目标",
        "附表(图)一",
        "“十四五”经济社会发展主要指标表",
    )
    assert result[-1].section_path == ("第四节 到2035年远景展望",)


def test_short_runs_without_figures_are_not_tables() -> None:
    assert not looks_like_table(["青岛片区管委", "青岛前湾保税港区管委", "2021年6月11日"])
    assert reconstruct_table(["甲", "乙", "丙", "丁", "1", "2", "3", "4"]) is None


def test_a_real_table_uses_its_first_row_as_headers() -> None:
    table = table_from_rows([["指标", "2020年", "2025年"], ["进出口总额(亿元)", "1108", ""]])
    assert table.row_texts() == ["指标 进出口总额(亿元) ｜ 2020年 1108"]
    assert table_from_rows([["只有表头"]]) is None
