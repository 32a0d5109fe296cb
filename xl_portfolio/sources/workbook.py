"""Reading Excel workbooks with python-calamine (about 8-10x faster than openpyxl)."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import openpyxl
import python_calamine as calamine

from xl_portfolio.errors import InputError
from xl_portfolio.sources.files import PASSWORD_ADVICE
from xl_portfolio.sources.grid import Grid


def open_workbook(path: Path) -> calamine.CalamineWorkbook:
    """Open read-only; translate reader failures into messages a user can act on."""
    name = path.name
    try:
        return calamine.CalamineWorkbook.from_path(str(path))
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


def sheet_grid(workbook: calamine.CalamineWorkbook, sheet: str, file: str) -> Grid:
    """All cells of one sheet; empty leading rows/columns are skipped but remembered.

    Formulas saved without a value (files written by scripts) read as empty; for xlsx
    the grid can look up their text afterwards.
    """
    try:
        data = workbook.get_sheet_by_name(sheet)
        rows = data.to_python(skip_empty_area=True)
    except calamine.CalamineError as exc:
        raise InputError(f"sheet '{sheet}' cannot be read ({exc})", file=file) from exc
    start = data.start or (0, 0)
    path = Path(str(workbook.path)) if getattr(workbook, "path", None) else None
    lookup = partial(formula_texts, path, sheet) \
        if path is not None and path.suffix.lower() in (".xlsx", ".xlsm") else None
    return Grid(rows=[list(row) for row in rows], first_row=start[0] + 1,
                first_col=start[1], sheet=sheet, file=file, formula_text=lookup)


def formula_texts(path: Path, sheet: str, cells: list[tuple[int, int]]
                  ) -> dict[tuple[int, int], str]:
    """Formula text ('=Acme') of the given (row, 0-based column) cells, read-only."""
    found: dict[tuple[int, int], str] = {}
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception:  # a fallback must never hide the error it tries to avoid
        return found
    try:
        wanted = set(cells)
        low, high = min(r for r, _ in cells), max(r for r, _ in cells)
        rows = book[sheet].iter_rows(min_row=low, max_row=high, values_only=True)
        for number, values in enumerate(rows, start=low):
            for column, value in enumerate(values):
                if (number, column) in wanted and isinstance(value, str) \
                        and value.startswith("="):
                    found[(number, column)] = value
    finally:
        book.close()
    return found


def load_sheet(workbook: calamine.CalamineWorkbook, sheet: str | None, file: str) -> Grid:
    """The requested sheet, else the first worksheet that holds any data."""
    names = list(workbook.sheet_names)
    if sheet is not None:
        return sheet_grid(workbook, _match_sheet(names, sheet, file), file)
    for name in names:
        grid = sheet_grid(workbook, name, file)
        if not grid.is_empty():
            return grid
    raise InputError("the workbook is empty: no sheet holds any data", file=file)


def _match_sheet(names: list[str], sheet: str, file: str) -> str:
    """Exact name, else the one name equal but for case and surrounding spaces."""
    if sheet in names:
        return sheet
    folded = [n for n in names if n.strip().casefold() == sheet.strip().casefold()]
    if len(folded) == 1:
        return folded[0]
    listed = ", ".join(f"'{n}'" for n in names)
    raise InputError(f"no sheet named '{sheet}'; the workbook has: {listed}", file=file)
