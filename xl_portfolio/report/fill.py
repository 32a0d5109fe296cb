"""Writing blocks into a template with openpyxl: values at anchors, looks from the template.

Styles are never invented here: a cell the template styled keeps its style; new rows
copy the style of the template's prototype row (the row under a table header, or the
anchor row), so a restyled template keeps its look.
"""

from __future__ import annotations

import datetime as dt
from copy import copy
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import range_boundaries
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.table import TableColumn
from openpyxl.worksheet.worksheet import Worksheet

from xl_portfolio.report.anchors import ANCHORS_BY_NAME, TABLE
from xl_portfolio.report.blocks import Block
from xl_portfolio.report.cells import MISSING_MARKERS
from xl_portfolio.report.stream import STREAM_MIN_ROWS, DeferredRows
from xl_portfolio.report.template import find_cell, find_table

_DATE_TYPES = (dt.date, dt.datetime)


def put(ws: Worksheet, row: int, col: int, value: Any, style: StyleArray | None) -> None:
    """Store a cleaned value as a plain value: text always as text, never a formula."""
    cell = Cell(ws, row=row, column=col)
    if style is not None:
        cell._style = copy(style)
    if value is not None:
        kind = type(value)
        if kind is str:
            data_type = "s"
        elif kind is bool:
            data_type = "b"
        elif kind in (int, float):
            data_type = "n"
        elif isinstance(value, _DATE_TYPES):
            data_type = "d"
        else:
            value, data_type = str(value), "s"
        cell._value = value
        cell.data_type = data_type
    ws._cells[(row, col)] = cell


def _style_with_format(ws: Worksheet, proto: Cell, number_format: str | None) -> StyleArray:
    """The prototype's style with the block's number format (computed once per column)."""
    scratch = Cell(ws, row=proto.row, column=proto.column)
    scratch._style = copy(proto._style)
    if number_format:
        scratch.number_format = number_format
    return scratch._style


def _right_aligned(ws: Worksheet, style: StyleArray) -> StyleArray:
    """The n/a marker sits where the number would: right-aligned."""
    return aligned(ws, style, horizontal="right")


def aligned(ws: Worksheet, style: StyleArray, **alignment_changes: Any) -> StyleArray:
    """A copy of a cell style with some alignment attributes changed."""
    scratch = Cell(ws, row=1, column=1)
    scratch._style = copy(style)
    alignment = copy(scratch.alignment)
    for name, value in alignment_changes.items():
        setattr(alignment, name, value)
    scratch.alignment = alignment
    return scratch._style


def _unique_headers(headers: list[Any]) -> list[str]:
    seen: set[str] = set()
    out = []
    for value in headers:
        name = str(value) if value not in (None, "") else "Column"
        base, n = name, 2
        while name.lower() in seen:
            name, n = f"{base} ({n})", n + 1
        seen.add(name.lower())
        out.append(name)
    return out


def fill_table(wb: Workbook, block: Block,
               deferred: list[DeferredRows] | None = None) -> tuple[Worksheet, str]:
    """Write a table block at its table, resize the table; returns the new ref.

    With a deferred list, a big table (more than STREAM_MIN_ROWS data rows, nothing
    below it) gets only its first data row here; the rest is left to report.stream.
    """
    ws, table = find_table(wb, block.anchor)
    min_col, min_row, max_col, max_row = range_boundaries(table.ref)
    data_protos = [ws.cell(min_row + 1, c) for c in range(min_col, max_col + 1)]
    width = block.width
    data_styles = [_style_with_format(ws, data_protos[min(c, len(data_protos) - 1)],
                                      block.number_format(1, c)) for c in range(width)]
    header_styles = [copy(ws.cell(min_row, min_col + min(c, max_col - min_col))._style)
                     for c in range(width)]
    for r in range(min_row, max_row + 1):
        for c in range(min_col, max_col + 1):
            ws._cells.pop((r, c), None)
    headers = _unique_headers(block.rows[0])
    for c, name in enumerate(headers):
        put(ws, min_row, min_col + c, name, header_styles[c])
    marker_styles = [_right_aligned(ws, style) for style in data_styles]
    body = block.rows[1:]
    below = [r for (r, _) in ws._cells if r > min_row + 1]
    if deferred is not None and len(body) > STREAM_MIN_ROWS and not below:
        deferred.append(DeferredRows(ws.title, min_row + 2, min_col, body[1:], data_styles,
                                     marker_styles))
        body = body[:1]
    per_row = bool(block.row_formats or block.cell_formats)  # e.g. Settings: % per row
    for r, row in enumerate(body, start=min_row + 1):
        for c, value in enumerate(row):
            style = marker_styles[c] if value in MISSING_MARKERS else data_styles[c]
            put(ws, r, min_col + c, value, style)
            fmt = block.number_format(r - min_row, c) if per_row else None
            if fmt:
                ws._cells[(r, min_col + c)].number_format = fmt
    last = f"{get_column_letter(min_col + width - 1)}{min_row + len(block.rows) - 1}"
    ref = f"{get_column_letter(min_col)}{min_row}:{last}"
    table.ref = ref
    if table.autoFilter is not None:
        table.autoFilter.ref = ref
    # Named here: left empty, openpyxl rebuilds them on save through ws[table.ref], which
    # walks (and creates) every cell of the table, streamed rows included.
    table.tableColumns = [TableColumn(id=i + 1, name=str(name))
                          for i, name in enumerate(headers)]
    return ws, ref


def fill_cells(wb: Workbook, block: Block) -> Worksheet:
    """Write a block at a defined-name cell; unstyled cells copy the prototype row."""
    ws, top, left = find_cell(wb, block.anchor)
    proto_offset = 1 if block.header else 0
    for r, row in enumerate(block.rows):
        for c, value in enumerate(row):
            target = ws.cell(top + r, left + c)
            if target.style_id == 0 and r > proto_offset:
                style = copy(ws.cell(top + proto_offset, left + c)._style)
            else:
                style = copy(target._style)
            put(ws, top + r, left + c, value, style)
            fmt = block.number_format(r, c)
            if fmt:
                ws._cells[(top + r, left + c)].number_format = fmt
    return ws


def fill_block(wb: Workbook, block: Block,
               deferred: list[DeferredRows] | None = None) -> None:
    """Write one block at its anchor (big tables may be deferred for streaming)."""
    if ANCHORS_BY_NAME[block.anchor].kind == TABLE:
        fill_table(wb, block, deferred)
    else:
        fill_cells(wb, block)
