"""read_input and prepare_frame: the one pipeline from a file or a table to customers.

File -> grid of cells -> table (header found) -> kind (customer sheet or invoice lines)
-> typed customer frame (+ drivers sheet) -> PortfolioInput. The Excel add-in enters
at the grid step with the table it read from the open workbook.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from xl_portfolio.errors import InputError
from xl_portfolio.schema import CUSTOMER_INPUTS, LINE_INPUTS, SourceInfo
from xl_portfolio.settings import Settings
from xl_portfolio.sources.csvfile import read_csv_grid
from xl_portfolio.sources.customers import build_customer_frame
from xl_portfolio.sources.drivers import join_drivers
from xl_portfolio.sources.fastcsv import fast_csv_lines
from xl_portfolio.sources.fastsheet import fast_sheet_lines
from xl_portfolio.sources.files import CSV_SUFFIXES, PARQUET_SUFFIXES, check_input_file
from xl_portfolio.sources.grid import Grid
from xl_portfolio.sources.linecolumns import Typed
from xl_portfolio.sources.lines import aggregate_lines, build_line_frame, default_as_of
from xl_portfolio.sources.model import PortfolioInput
from xl_portfolio.sources.parquetfile import read_parquet_grid
from xl_portfolio.sources.recalc import recalculated_copy
from xl_portfolio.sources.reconcile import customer_reconciliation, line_reconciliation
from xl_portfolio.sources.table import (
    LINE_EQUIVALENT,
    Table,
    check_explicit,
    make_table,
    map_columns,
    missing_column_error,
)
from xl_portfolio.sources.values import name_key, to_text
from xl_portfolio.sources.workbook import Workbook, load_sheet, open_workbook, sheet_grid

KINDS = ("customers", "lines")
# Customer-level columns a lines file cannot hold: mapped, they belong to the drivers sheet.
DRIVER_ONLY = tuple(c for c in CUSTOMER_INPUTS
                    if c not in LINE_INPUTS and c not in LINE_EQUIVALENT)
LINES_HINT = "; if this is a list of invoice lines, use --lines"
# Room for the previous periods before the as-of date and review dates after it.
AS_OF_RANGE = (dt.date(1901, 1, 1), dt.date(2200, 12, 31))


@dataclass
class _Read:
    """A table read into customers, before drivers are joined and as_of is settled."""

    table: Table
    kind: str
    customers: pd.DataFrame
    mapping: dict[str, int]
    as_of: dt.date
    notes: list[str] = field(default_factory=list)
    drivers_mapped: dict[str, str] = field(default_factory=dict)
    lines: pd.DataFrame | None = None
    reconciliation: list[tuple[str, int, float | None]] = field(default_factory=list)
    rows_read: int = 0  # rows with a customer name, total rows included


def read_input(path: str | Path, *, kind: str | None = None, sheet: str | None = None,
               columns: Mapping[str, str] | None = None, settings: Settings | None = None,
               drivers_sheet: str | None = None,
               drivers_path: str | Path | None = None,
               recalculate: bool = False) -> PortfolioInput:
    """Read a customer sheet or invoice lines from .xlsx/.xlsm/.xls/.csv/.parquet (file
    untouched).

    kind forces "customers" or "lines" (None detects); columns maps canonical names to
    headers and wins over settings.columns and the aliases. For invoice lines, customer
    cost drivers come from drivers_sheet / drivers_path, or from another sheet of the
    same workbook that looks like a customer sheet. recalculate lets LibreOffice compute
    formulas saved without their values (in a temporary copy) before reading.
    """
    settings = settings or Settings()
    path = Path(path)
    if recalculate and path.suffix.lower() in (".xlsx", ".xlsm"):
        check_input_file(path)
        with tempfile.TemporaryDirectory(prefix="xl-portfolio-") as folder:
            copy = recalculated_copy(path, Path(folder))
            result = read_input(copy, kind=kind, sheet=sheet, columns=columns,
                                settings=settings, drivers_sheet=drivers_sheet,
                                drivers_path=drivers_path)
        result.source.notes.append(f"formulas recalculated by LibreOffice before reading "
                                   f"(the file {path.name} itself is unchanged)")
        return result
    explicit = {**settings.columns, **(columns or {})}
    drivers_sheet = drivers_sheet or settings.drivers_sheet
    suffix = check_input_file(path)
    if suffix in CSV_SUFFIXES:
        if sheet is not None:
            raise InputError(f"a CSV file has no sheets; remove the sheet '{sheet}'",
                             file=path.name)
        read = _read_csv(path, kind, explicit, settings)
        others: list[Grid] = []
    elif suffix in PARQUET_SUFFIXES:
        if sheet is not None:
            raise InputError(f"a Parquet file has no sheets; remove the sheet '{sheet}'",
                             file=path.name)
        read = _read_grid(read_parquet_grid(path), kind, explicit, settings)
        others = []
    else:
        workbook = open_workbook(path)
        try:
            read = _read_workbook(workbook, sheet, path.name, kind, explicit, settings)
            others = _other_sheets(workbook, read, drivers_sheet, drivers_path)
        finally:
            workbook.close()
    if drivers_path is not None:
        others = [_drivers_file_grid(Path(drivers_path), drivers_sheet)]
    if others:
        _join_drivers(read, others, explicit, explicit_drivers=bool(drivers_sheet
                                                                    or drivers_path))
    _check_driver_mapping(read, explicit)
    return _finish(read, settings)


def prepare_frame(frame: pd.DataFrame, *, kind: str | None = None,
                  columns: Mapping[str, str] | None = None, settings: Settings | None = None,
                  file: str = "<data>", sheet: str | None = None, header_row: int = 1,
                  first_column: int = 0) -> PortfolioInput:
    """The same pipeline for a table already in memory (the add-in's open workbook).

    frame.columns are the headers on Excel row header_row, starting at first_column
    (0 = column A). A frame with integer column labels is taken as raw cells starting
    at header_row, and the header row is searched in it as in a file.
    """
    settings = settings or Settings()
    explicit = {**settings.columns, **(columns or {})}
    body = frame.astype(object).where(frame.notna(), None).values.tolist()
    raw = all(isinstance(c, int) for c in frame.columns)
    rows = body if raw else [[to_text(c) or "" for c in frame.columns], *body]
    grid = Grid(rows=rows, first_row=header_row, first_col=first_column, sheet=sheet,
                file=file)
    read = _read_grid(grid, kind, explicit, settings, header_index=None if raw else 0)
    return _finish(read, settings)


def _read_csv(path: Path, kind: str | None, explicit: dict[str, str], settings: Settings
              ) -> _Read:
    """Invoice lines column-wise when the file is clean, else cell by cell."""
    fast = _columnwise(kind, explicit, settings, lambda detect_kind: fast_csv_lines(
        path, explicit, detect_kind=detect_kind, elsewhere=DRIVER_ONLY))
    return fast or _read_grid(read_csv_grid(path), kind, explicit, settings)


def _read_workbook(workbook: Workbook, sheet: str | None, file: str, kind: str | None,
                   explicit: dict[str, str], settings: Settings) -> _Read:
    """Invoice lines column-wise when the sheet is clean, else through the grid of cells."""
    fast = _columnwise(kind, explicit, settings, lambda detect_kind: fast_sheet_lines(
        workbook, sheet, file, explicit, detect_kind=detect_kind, elsewhere=DRIVER_ONLY))
    return fast or _read_grid(load_sheet(workbook, sheet, file), kind, explicit, settings)


def _columnwise(kind: str | None, explicit: dict[str, str], settings: Settings,
                read: Callable[[bool], tuple[Table, Typed] | None]) -> _Read | None:
    """The invoice lines as a column-wise reader gives them (read(detect_kind)), or None
    when the kind is customers or the reader leaves the file to the cell-by-cell one."""
    if kind not in (None, "lines"):
        return None
    check_as_of(settings.as_of)
    fast = read(kind is None)
    return None if fast is None else _read_lines(fast[0], explicit, settings, typed=fast[1])


def _read_grid(grid: Grid, kind: str | None, explicit: dict[str, str], settings: Settings,
               header_index: int | None = None) -> _Read:
    if kind not in (None, *KINDS):
        raise InputError(f"kind must be 'customers' or 'lines', got {kind!r}", file=grid.file)
    check_as_of(settings.as_of)
    table = make_table(grid, header_index, explicit.values())
    check_explicit(explicit, table, elsewhere=DRIVER_ONLY)
    kind = kind or detect_kind(table, explicit)
    if kind == "lines":
        return _read_lines(table, explicit, settings)
    return _read_customers(table, explicit, settings)


def check_as_of(as_of: dt.date | None) -> None:
    """The as-of date must leave room for periods before it and review dates after it."""
    if as_of is not None and not AS_OF_RANGE[0] <= as_of <= AS_OF_RANGE[1]:
        first, last = (d.isoformat() for d in AS_OF_RANGE)
        raise InputError(f"as-of date {as_of.isoformat()} is out of range: expected a date "
                         f"from {first} to {last} (a typo?); set it with --as-of YYYY-MM-DD "
                         "or as_of in the settings")


def detect_kind(table: Table, explicit: Mapping[str, str]) -> str:
    """Invoice lines when there is a date and an amount column and customers repeat."""
    mapping, _ = map_columns(table.headers, LINE_INPUTS, explicit)
    if not {"customer", "date", "amount"} <= mapping.keys():
        return "customers"
    seen: set[str] = set()
    for record in table.body:
        name = to_text(record[mapping["customer"]])
        if name is None:
            continue
        key = name_key(name)
        if key in seen:
            return "lines"
        seen.add(key)
    return "customers"


def _read_customers(table: Table, explicit: Mapping[str, str], settings: Settings) -> _Read:
    check_explicit(explicit, table)
    mapping, notes = map_columns(table.headers, CUSTOMER_INPUTS, explicit)
    if "customer" not in mapping:
        raise missing_column_error(table, "customer")
    if "revenue" not in mapping:
        line_map, _ = map_columns(table.headers, LINE_INPUTS, explicit)
        looks_like_lines = {"customer", "date", "amount"} <= line_map.keys()
        raise missing_column_error(table, "revenue", LINES_HINT if looks_like_lines else "")
    customers, more, named = build_customer_frame(table, mapping)
    reconciliation = customer_reconciliation(customers, table, named, mapping.get("revenue"))
    as_of = settings.as_of
    if as_of is None:
        last = customers.get("last_invoice_date")
        as_of = last.max().date() if last is not None and last.notna().any() \
            else dt.date.today()
    return _Read(table, "customers", customers, mapping, as_of,
                 notes + more + _blank_note(reconciliation), reconciliation=reconciliation,
                 rows_read=len(named.positions) + len(named.total_positions))


def _read_lines(table: Table, explicit: Mapping[str, str], settings: Settings,
                typed: Typed | None = None) -> _Read:
    """typed: the lines already typed column-wise (sources.fastsheet) from this table."""
    mapping, notes = map_columns(table.headers, LINE_INPUTS, explicit)
    for required in ("customer", "date", "amount"):
        if required not in mapping:
            raise missing_column_error(table, required)
    lines, more, named = typed or build_line_frame(table, mapping)
    if lines.empty:
        raise InputError(f"no invoice lines under the headers on {table.where()}",
                         file=table.file)
    as_of = settings.as_of or default_as_of(lines)
    customers, aggregated = aggregate_lines(lines, as_of, settings.period_months)
    reconciliation = line_reconciliation(lines, as_of, settings.period_months, table, named,
                                         mapping["amount"])
    return _Read(table, "lines", customers, mapping, as_of,
                 notes + more + aggregated + _blank_note(reconciliation), lines=lines,
                 reconciliation=reconciliation,
                 rows_read=len(named.positions) + len(named.total_positions))


def _blank_note(reconciliation: list[tuple[str, int, float | None]]) -> list[str]:
    blanks = next((rows for code, rows, _ in reconciliation
                   if code == "skipped_blank_rows"), 0)
    return [f"skipped {blanks} blank rows between the data"] if blanks else []


def _other_sheets(workbook: Any, read: _Read, drivers_sheet: str | None,
                  drivers_path: str | Path | None) -> list[Grid]:
    """Grids that may hold customer cost drivers: the named sheet, else the other sheets."""
    file = read.table.file
    if drivers_path is not None:
        return []
    if drivers_sheet is not None:
        return [load_sheet(workbook, drivers_sheet, file)]
    if read.kind != "lines":
        return []
    return [sheet_grid(workbook, name, file) for name in workbook.sheet_names
            if name != read.table.sheet]


def _drivers_file_grid(path: Path, sheet: str | None) -> Grid:
    suffix = check_input_file(path)
    if suffix in CSV_SUFFIXES:
        return read_csv_grid(path)
    if suffix in PARQUET_SUFFIXES:
        return read_parquet_grid(path)
    workbook = open_workbook(path)
    try:
        return load_sheet(workbook, sheet, path.name)
    finally:
        workbook.close()


def _join_drivers(read: _Read, grids: list[Grid], explicit: Mapping[str, str],
                  explicit_drivers: bool) -> None:
    """Join the first grid that is a customer-level sheet; a named one must be one."""
    for grid in grids:
        if grid.is_empty() and not explicit_drivers:
            continue
        try:
            table = make_table(grid, None, explicit.values())
        except InputError:
            if explicit_drivers:
                raise
            continue
        usable = {k: v for k, v in explicit.items() if k in CUSTOMER_INPUTS}
        mapping, _ = map_columns(table.headers, CUSTOMER_INPUTS, usable)
        line_map, _ = map_columns(table.headers, LINE_INPUTS, {})
        is_customer_sheet = "customer" in mapping and not {"date", "amount"} <= line_map.keys()
        adds = set(mapping) - set(read.customers.columns) - {"customer"}
        if not explicit_drivers and not (is_customer_sheet and adds):
            continue
        if "customer" not in mapping:
            raise missing_column_error(table, "customer")
        drivers, notes, _ = build_customer_frame(table, mapping)
        label = f"sheet '{grid.sheet}'" if grid.sheet else f"file {grid.file}"
        if grid.file != read.table.file and grid.sheet:
            label = f"{grid.file} sheet '{grid.sheet}'"
        read.customers, joined = join_drivers(read.customers, drivers, label)
        read.notes += notes + joined
        read.drivers_mapped = {c: f"{label}: {table.headers[i]}" for c, i in mapping.items()
                               if c in read.customers.columns and c not in read.mapping}
        return


def _check_driver_mapping(read: _Read, explicit: Mapping[str, str]) -> None:
    """A mapped driver column must have been found: in the table or in the drivers sheet."""
    for canonical, header in explicit.items():
        if canonical in DRIVER_ONLY and canonical not in read.customers.columns:
            raise InputError(f"column '{header}' (mapped to {canonical}) not found in the "
                             f"headers on {read.table.where()} nor in a drivers sheet",
                             file=read.table.file)


def _finish(read: _Read, settings: Settings) -> PortfolioInput:
    table = read.table
    mapped = {c: table.headers[i] for c, i in sorted(read.mapping.items(),
                                                      key=lambda item: item[1])}
    mapped.update({c: h for c, h in read.drivers_mapped.items() if c not in mapped})
    order = [c for c in CUSTOMER_INPUTS if c in read.customers.columns]
    customers = read.customers[order].reset_index(drop=True)
    info = SourceInfo(file=table.file, sheet=table.sheet, kind=read.kind,
                      rows_read=read.rows_read, columns_mapped=mapped, as_of=read.as_of,
                      notes=list(read.notes), reconciliation=list(read.reconciliation))
    return PortfolioInput(customers=customers, source=info, lines=read.lines)
