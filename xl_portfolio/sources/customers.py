"""A customer-level sheet (one row per customer) into the validated customer frame."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from xl_portfolio.errors import InputError
from xl_portfolio.schema import CUSTOMER_INPUTS, DATE_INPUTS, NUMERIC_INPUTS
from xl_portfolio.sources.aliases import is_total_label
from xl_portfolio.sources.dates import to_dates
from xl_portfolio.sources.grid import CellProblem, is_blank
from xl_portfolio.sources.table import Table, bad_cells_error
from xl_portfolio.sources.values import (
    BadCell,
    name_key,
    problem_cells,
    text_series,
    to_numbers,
    to_text,
)

# Fractions that users often type as percentages (45 instead of 0.45).
FRACTION_COLUMNS = ("gross_margin_pct", "share_of_wallet")
PERCENT_SIGNAL = 1.5
# Text columns kept as typed when text, and as numbers when numbers (scores).
MIXED_TEXT_COLUMNS = ("strategic_fit", "growth_potential")
# Cells named in the note on names read from formula text.
MAX_RECOVERED_SHOWN = 10


@dataclass
class NameRows:
    """The rows that describe a customer (body positions and names), and what was skipped."""

    positions: list[int]
    names: list[str]
    notes: list[str]
    total_positions: list[int] = field(default_factory=list)
    blank_rows: int = 0  # rows with no name and nothing in the columns read


def customer_names(table: Table, mapping: Mapping[str, int]) -> NameRows:
    """Body positions, names and notes of the rows that describe a customer.

    Blank rows are skipped; total rows at the end of the list are skipped with a note
    (a 'Total' between customers is a customer, said in a note); a row with figures but
    no name is an error, since its figures would silently vanish. A name saved as a
    formula without a value ('=Acme', as scripts write it) is read as its formula text.
    """
    name_col = mapping["customer"]
    other_cols = [c for c in mapping.values() if c != name_col]
    rows = table.row_numbers()
    cells = [record[name_col] for record in table.body]
    texts = [(value.strip() or None) if type(value) is str else to_text(value)
             for value in cells]  # names are text: the common case without a call
    notes, bad = _formula_names(table, name_col, cells, texts)
    bad += [BadCell(rows[i], table.sheet_column(name_col), table.headers[name_col],
                    "customer", "a customer name", None)
            for i, (name, record) in enumerate(zip(texts, table.body, strict=True))
            if name is None and not isinstance(cells[i], CellProblem)
            and any(not is_blank(record[c]) for c in other_cols)]
    if bad:
        raise bad_cells_error(table, bad)
    named = [i for i, name in enumerate(texts) if name is not None]
    blanks = len(texts) - len(named)
    trailing = len(named)
    while trailing and is_total_label(texts[named[trailing - 1]]):
        trailing -= 1
    keep, totals = named[:trailing], named[trailing:]
    notes += [f"skipped total row '{texts[i]}' (row {rows[i]})" for i in totals]
    total_names: dict[str, bool] = {}  # invoice lines repeat each name many times
    inside: list[int] = []
    for i in keep:
        name = texts[i]
        is_total = total_names.get(name)
        if is_total is None:
            is_total = total_names[name] = is_total_label(name)
        if is_total:
            inside.append(i)
    if inside:
        shown = ", ".join(str(rows[i]) for i in inside[:5])
        more = f" and {len(inside) - 5} more" if len(inside) > 5 else ""
        notes.append(f"'{texts[inside[0]]}' on row {shown}{more} read as a customer: only "
                     "total rows at the end of the list are skipped")
    return NameRows(keep, [texts[i] for i in keep], notes, totals, blanks)


def _formula_names(table: Table, name_col: int, cells: list, texts: list[str | None]
                   ) -> tuple[list[str], list[BadCell]]:
    """Names saved as formulas without a value become their formula text; error values
    (#N/A from a failed lookup) in the name column are errors."""
    rows = table.row_numbers()
    recovered: list[str] = []
    bad: list[BadCell] = []
    for i, value in enumerate(cells):
        if not isinstance(value, CellProblem):
            continue
        if value.kind == "formula":
            texts[i] = value.text.strip()
            recovered.append(table.cell(rows[i], name_col))
        else:
            bad.append(BadCell(rows[i], table.sheet_column(name_col), table.headers[name_col],
                               "customer", "a customer name", value))
    if not recovered:
        return [], bad
    shown = ", ".join(recovered[:MAX_RECOVERED_SHOWN])
    more = f" and {len(recovered) - MAX_RECOVERED_SHOWN} more" \
        if len(recovered) > MAX_RECOVERED_SHOWN else ""
    return [f"customer name read from the formula text in {shown}{more} "
            "(the cell has no stored value)"], bad


def check_unique(table: Table, names: list[str], positions: list[int]) -> None:
    """One row per customer: name every duplicate with all its row numbers."""
    rows = table.row_numbers()
    occurrences: dict[str, list[tuple[str, int]]] = {}
    for name, position in zip(names, positions, strict=True):
        occurrences.setdefault(name_key(name), []).append((name, rows[position]))
    clashes = [_describe_duplicate(found) for found in occurrences.values() if len(found) > 1]
    if clashes:
        shown = "; ".join(clashes[:5])
        more = f" (and {len(clashes) - 5} more)" if len(clashes) > 5 else ""
        where = f"sheet '{table.sheet}': " if table.sheet else ""
        raise InputError(f"{where}{shown}{more}; one row per customer is expected, or use "
                         "--lines for invoice lines", file=table.file)


def _describe_duplicate(found: list[tuple[str, int]]) -> str:
    numbers = [str(row) for _, row in found]
    times = "twice" if len(found) == 2 else f"{len(found)} times"
    listed = ", ".join(numbers[:-1]) + " and " + numbers[-1]
    return f"customer '{found[0][0]}' appears {times}: rows {listed}"


def build_customer_frame(table: Table, mapping: Mapping[str, int]
                         ) -> tuple[pd.DataFrame, list[str], NameRows]:
    """Typed frame with the canonical columns present in the sheet, reading notes and
    which rows were read."""
    named = customer_names(table, mapping)
    positions, names, notes = named.positions, named.names, list(named.notes)
    check_unique(table, names, positions)
    all_rows = table.row_numbers()
    rows = [all_rows[i] for i in positions]
    data: dict[str, object] = {"customer": text_series(names)}
    bad: list[BadCell] = []
    for canonical in CUSTOMER_INPUTS[1:]:
        if canonical not in mapping:
            continue
        col = mapping[canonical]
        values = [table.body[i][col] for i in positions]
        where = {"column": table.sheet_column(col), "header": table.headers[col],
                 "canonical": canonical}
        if canonical in NUMERIC_INPUTS:
            numbers, errors = to_numbers(values, rows, decimal_hint=table.grid.decimal_comma,
                                         **where)
            data[canonical], note = scale_percentages(canonical, numbers, table.headers[col])
            notes += note
        elif canonical in DATE_INPUTS:
            data[canonical], errors = to_dates(values, rows, **where)
        else:
            data[canonical] = text_column(canonical, values)
            errors = problem_cells(values, rows, **where)
        bad += errors
    if bad:
        raise bad_cells_error(table, bad)
    return pd.DataFrame(data, index=pd.RangeIndex(len(names))), notes, named


def scale_percentages(canonical: str, numbers: np.ndarray, header: str
                      ) -> tuple[np.ndarray, list[str]]:
    """Fractions typed as percentages (45 for 45%) become fractions for the whole column."""
    if canonical not in FRACTION_COLUMNS or not np.any(numbers > PERCENT_SIGNAL):
        return numbers, []
    return numbers / 100.0, [f"column '{header}' ({canonical}) read as percentages: "
                             "values divided by 100"]


def text_column(canonical: str, values: list) -> pd.Series:
    """Owner as text; strategic fit and growth potential as text or numbers, as typed."""
    if canonical in MIXED_TEXT_COLUMNS:
        cleaned = [v if isinstance(v, (int, float)) and not isinstance(v, bool)
                   and v == v else to_text(v) for v in values]
        return pd.Series(cleaned, dtype=object)
    return text_series([to_text(v) for v in values])
