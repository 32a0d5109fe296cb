"""Reading Excel workbooks with python-calamine (about 8-10x faster than openpyxl).

An .xlsx is scanned first (sources.package): bombs and entity tricks are refused, the
cells calamine would show as empty (uncached formulas, error values) are put back as
CellProblem markers, and a sheet whose cells are scattered far apart is read sparsely
so memory follows the cells that hold data, not the last cell's address.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
import python_calamine as calamine
from openpyxl.worksheet._reader import WorkSheetParser

from xl_portfolio.errors import InputError
from xl_portfolio.sources.files import PASSWORD_ADVICE
from xl_portfolio.sources.grid import CellProblem, Grid
from xl_portfolio.sources.package import SheetScan, scan_package

# Cells a dense grid may span before a sheet is read sparsely instead.
DENSE_LIMIT = 5_000_000
_PACKAGE_SUFFIXES = (".xlsx", ".xlsm")


@dataclass
class Workbook:
    """An open calamine workbook and what the package scan found in its sheets."""

    book: calamine.CalamineWorkbook
    path: Path
    scans: dict[str, SheetScan] = field(default_factory=dict)

    @property
    def sheet_names(self) -> list[str]:
        return list(self.book.sheet_names)

    def close(self) -> None:
        self.book.close()


def open_workbook(path: Path) -> Workbook:
    """Open read-only; translate reader failures into messages a user can act on."""
    name = path.name
    scans = scan_package(path) if path.suffix.lower() in _PACKAGE_SUFFIXES else {}
    try:
        return Workbook(calamine.CalamineWorkbook.from_path(str(path)), path, scans)
    except calamine.PasswordError as exc:
        raise InputError(PASSWORD_ADVICE, file=name) from exc
    except (calamine.ZipError, calamine.XmlError) as exc:
        raise InputError(f"cannot be read: it is damaged or not really a {path.suffix} "
                         f"workbook ({exc}); open it in Excel and save it again",
                         file=name) from exc
    except calamine.CalamineError as exc:
        raise InputError(f"cannot be read as a workbook ({exc})", file=name) from exc
    except PermissionError as exc:
        raise InputError("cannot be opened: permission denied (is it open and locked "
                         "in another program?)", file=name) from exc
    except OSError as exc:
        raise InputError(f"cannot be read: {exc}", file=name) from exc


def sheet_grid(workbook: Workbook, sheet: str, file: str) -> Grid:
    """All cells of one sheet; empty leading rows/columns are skipped but remembered."""
    scan = workbook.scans.get(sheet)
    if scan is not None and not scan.dense_is_safe(DENSE_LIMIT):
        return _sparse_grid(workbook.path, sheet, file, scan)
    try:
        data = workbook.book.get_sheet_by_name(sheet)
        rows = data.to_python(skip_empty_area=True)
    except calamine.CalamineError as exc:
        raise InputError(f"sheet '{sheet}' cannot be read ({exc})", file=file) from exc
    start = data.start or (0, 0)
    grid = Grid(rows=rows, first_row=start[0] + 1,
                first_col=start[1], sheet=sheet, file=file)
    if scan is not None:
        _mark_problems(grid, scan.problems)
    return grid


def _mark_problems(grid: Grid, problems: dict[tuple[int, int], CellProblem]) -> None:
    """Put the hidden formulas and error values where calamine showed empty cells."""
    for (row, column), problem in problems.items():
        i, j = row - grid.first_row, column - grid.first_col
        if i < 0 or j < 0:
            continue
        while len(grid.rows) <= i:
            grid.rows.append([])
        cells = grid.rows[i]
        cells.extend([None] * (j + 1 - len(cells)))
        cells[j] = problem


def _sparse_grid(path: Path, sheet: str, file: str, scan: SheetScan) -> Grid:
    """Only the rows and columns that hold data, for sheets with far-flung cells."""
    found: dict[tuple[int, int], Any] = dict(scan.problems)
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        worksheet = book[sheet]
        with worksheet._get_source() as source:
            parser = WorkSheetParser(source, worksheet._shared_strings, data_only=True,
                                     epoch=book.epoch, date_formats=book._date_formats,
                                     timedelta_formats=book._timedelta_formats)
            for row_number, cells in parser.parse():
                for cell in cells:
                    value = cell["value"]
                    if value is not None and value != "":
                        found.setdefault((row_number, cell["column"] - 1), value)
    finally:
        book.close()
    rows = sorted({r for r, _ in found})
    columns = sorted({c for _, c in found})
    if len(rows) * len(columns) > max(DENSE_LIMIT, 4 * len(found)):
        raise InputError(f"sheet '{sheet}': its {len(found):,} cells are scattered over "
                         f"{len(rows):,} rows and {len(columns):,} columns; keep the data in "
                         "one table (delete stray values far from it)", file=file)
    row_index = {r: i for i, r in enumerate(rows)}
    column_index = {c: j for j, c in enumerate(columns)}
    grid_rows: list[list[Any]] = [[None] * len(columns) for _ in rows]
    for (r, c), value in found.items():
        grid_rows[row_index[r]][column_index[c]] = value
    first = (rows[0], columns[0]) if rows else (1, 0)
    return Grid(rows=grid_rows, first_row=first[0], first_col=first[1], sheet=sheet,
                file=file, row_numbers=rows, column_numbers=columns)


def load_sheet(workbook: Workbook, sheet: str | None, file: str) -> Grid:
    """The requested sheet, else the first worksheet that holds any data."""
    names = list(workbook.sheet_names)
    if sheet is not None:
        return sheet_grid(workbook, match_sheet(names, sheet, file), file)
    for name in names:
        grid = sheet_grid(workbook, name, file)
        if not grid.is_empty():
            return grid
    raise InputError("the workbook is empty: no sheet holds any data", file=file)


def match_sheet(names: list[str], sheet: str, file: str) -> str:
    """Exact name, else the one name equal but for case and surrounding spaces."""
    if sheet in names:
        return sheet
    folded = [n for n in names if n.strip().casefold() == sheet.strip().casefold()]
    if len(folded) == 1:
        return folded[0]
    listed = ", ".join(f"'{n}'" for n in names)
    raise InputError(f"no sheet named '{sheet}'; the workbook has: {listed}", file=file)
