"""Invoice lines from an .xlsx read column-wise: fastexcel (calamine into Arrow) for the
body, instead of a grid of Python cells (six million objects for a million lines).

The header row is found in the sheet's first rows (sources.sheethead) with the same
rules as the general reader, then fastexcel loads only the mapped columns, each typed
from all of its cells. Whenever the sheet is not plainly clean (hidden formulas or error
values found by the package scan, mixed types in a column, a line without a date,
figures without a name ...), fast_sheet_lines returns None and the caller reads the
sheet cell by cell, which names the cells at fault. The result is the same either way.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence

import fastexcel
import pyarrow as pa

from xl_portfolio.errors import InputError
from xl_portfolio.sources.grid import Grid, is_blank
from xl_portfolio.sources.linecolumns import Typed, Unsure, line_mapping, typed_table
from xl_portfolio.sources.sheethead import OTHER, SheetHead, read_head
from xl_portfolio.sources.table import Table, check_explicit, find_header_index
from xl_portfolio.sources.values import to_text
from xl_portfolio.sources.workbook import DENSE_LIMIT, Workbook, match_sheet

_log = logging.getLogger(__name__)
# fastexcel logs a warning when a column holds no value to guess its type from (an empty
# Cost column): this module handles that column, so the user must not see the warning.
logging.getLogger("fastexcel").setLevel(logging.ERROR)


def fast_sheet_lines(workbook: Workbook, sheet: str | None, file: str,
                     explicit: Mapping[str, str], *, detect_kind: bool,
                     elsewhere: Sequence[str] = ()) -> tuple[Table, Typed] | None:
    """The table and typed lines of the chosen sheet, or None for the general reader.

    detect_kind: the kind was not given, so the customers must repeat (else it is a
    customer sheet); elsewhere: explicitly mapped columns that may be in a drivers sheet.
    """
    try:
        name, head = _choose_sheet(workbook, sheet, file)
        table = _header_table(head, name, file, explicit, elsewhere)
        mapping = line_mapping(table, explicit)
        columns = _load_columns(workbook, name, table, mapping)
        return typed_table(table, columns, mapping, detect_kind=detect_kind)
    except (Unsure, InputError, fastexcel.FastExcelError, pa.ArrowException) as exc:
        _log.debug("%s: read cell by cell (%s: %s)", file, type(exc).__name__, exc)
        return None
    except Exception:  # noqa: BLE001 (a shortcut only: any surprise goes the general way)
        _log.debug("%s: read cell by cell after an unexpected error", file, exc_info=True)
        return None


def _choose_sheet(workbook: Workbook, sheet: str | None, file: str
                  ) -> tuple[str, SheetHead]:
    """The sheet load_sheet would read (the named one, else the first holding data)."""
    names = [match_sheet(workbook.sheet_names, sheet, file)] if sheet is not None \
        else workbook.sheet_names
    for name in names:
        scan = workbook.scans.get(name)
        if scan is None or not scan.part or not scan.dense_is_safe(DENSE_LIMIT):
            raise Unsure("not a plain worksheet")
        if scan.problems:
            raise Unsure("formulas without values or error values")
        head = read_head(workbook.path, scan.part)
        if head is None:
            raise Unsure("the first rows are not plain")
        if any(not is_blank(v) for row in head.rows for v in row.values()):
            return name, head
        if not head.complete:
            raise Unsure("blank first rows")  # only the general reader knows what follows
    raise Unsure("no sheet holds data")


def _header_table(head: SheetHead, name: str, file: str, explicit: Mapping[str, str],
                  elsewhere: Sequence[str]) -> Table:
    """The header as the general reader finds it, when its rows are plain text."""
    rows = [[row[c] for c in sorted(row)] for row in head.rows]
    index = find_header_index(rows, explicit.values())
    header = head.rows[index]
    if not header or any(v is OTHER for row in head.rows[:index + 1] for v in row.values()):
        raise Unsure("the header or the rows above it are not plain text")
    width = max(header) + 1
    headers = [to_text(header.get(c)) or "" for c in range(width)]
    grid = Grid(rows=[headers], first_row=head.first_row + index, first_col=0, sheet=name,
                file=file)
    table = Table(grid=grid, header_index=0, headers=headers, body=[])
    check_explicit(explicit, table, elsewhere=elsewhere)
    return table


def _load_columns(workbook: Workbook, name: str, table: Table, mapping: Mapping[str, int]
                  ) -> dict[str, pa.Array]:
    """The mapped columns under the header, each typed from all its cells by fastexcel
    (a column mixing numbers and texts is refused: the general reader names them)."""
    wanted = sorted(mapping.values())
    sheet = fastexcel.read_excel(workbook.path).load_sheet(
        name, header_row=table.header_row - 1, use_columns=wanted,  # 0 = Excel row 1
        schema_sample_rows=None, dtype_coercion="strict")
    found = {c.absolute_index: c.name for c in sheet.selected_columns}
    if sorted(found) != wanted or any(found[i].strip() != table.headers[i] for i in wanted):
        raise Unsure("fastexcel read other headers")  # not the head read here: no guess
    batch = sheet.to_arrow()
    by_index = {c.absolute_index: batch.column(j) for j, c in enumerate(sheet.selected_columns)}
    return {canonical: by_index[index] for canonical, index in mapping.items()}
