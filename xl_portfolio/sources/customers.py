"""A customer-level sheet (one row per customer) into the validated customer frame."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from xl_portfolio.errors import InputError
from xl_portfolio.schema import CUSTOMER_INPUTS, DATE_INPUTS, NUMERIC_INPUTS
from xl_portfolio.sources.aliases import is_total_label
from xl_portfolio.sources.grid import is_blank
from xl_portfolio.sources.table import Table, bad_cells_error
from xl_portfolio.sources.values import (
    BadCell,
    name_key,
    text_series,
    to_dates,
    to_numbers,
    to_text,
)

# Fractions that users often type as percentages (45 instead of 0.45).
FRACTION_COLUMNS = ("gross_margin_pct", "share_of_wallet")
PERCENT_SIGNAL = 1.5
# Text columns kept as typed when text, and as numbers when numbers (scores).
MIXED_TEXT_COLUMNS = ("strategic_fit", "growth_potential")
# Customer cells looked up as formula text at most (a fallback, not a second reader).
MAX_RECOVERED = 50


def customer_names(table: Table, mapping: Mapping[str, int]
                   ) -> tuple[list[int], list[str], list[str]]:
    """Body positions, names and notes of the rows that describe a customer.

    Blank rows are skipped; total rows under the list are skipped with a note; a row
    with figures but no name is an error, since its figures would silently vanish.
    """
    name_col = mapping["customer"]
    other_cols = [c for c in mapping.values() if c != name_col]
    rows = table.row_numbers()
    texts = [to_text(record[name_col]) for record in table.body]
    orphans = [i for i, (name, record) in enumerate(zip(texts, table.body, strict=True))
               if name is None and any(not is_blank(record[c]) for c in other_cols)]
    notes = _recover_formula_names(table, name_col, orphans, texts) if orphans else []
    missing = [BadCell(rows[i], table.sheet_column(name_col), table.headers[name_col],
                       "customer", "a customer name", None) for i in orphans if texts[i] is None]
    if missing:
        raise bad_cells_error(table, missing)
    keep: list[int] = []
    names: list[str] = []
    total_names: dict[str, bool] = {}  # invoice lines repeat each name many times
    for i, name in enumerate(texts):
        if name is None:
            continue
        is_total = total_names.get(name)
        if is_total is None:
            is_total = total_names[name] = is_total_label(name)
        if is_total:
            notes.append(f"skipped total row '{name}' (row {rows[i]})")
            continue
        keep.append(i)
        names.append(name)
    return keep, names, notes


def _recover_formula_names(table: Table, name_col: int, orphans: list[int],
                           texts: list[str | None]) -> list[str]:
    """Names such as '=Acme' written by scripts as formulas without a stored value.

    Fast readers see such cells as empty; their formula text is the name the user meant.
    """
    if table.grid.formula_text is None:
        return []
    rows = table.row_numbers()
    wanted = [(rows[i], table.sheet_column(name_col)) for i in orphans[:MAX_RECOVERED]]
    found = table.grid.formula_text(wanted)
    recovered = []
    for i in orphans[:MAX_RECOVERED]:
        text = found.get((rows[i], table.sheet_column(name_col)))
        if text:
            texts[i] = text.strip()
            recovered.append(table.cell(rows[i], name_col))
    if not recovered:
        return []
    return [f"customer name read from the formula text in {', '.join(recovered)} "
            "(the cell has no stored value)"]


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
                         ) -> tuple[pd.DataFrame, list[str]]:
    """Typed frame with the canonical columns present in the sheet, and reading notes."""
    positions, names, notes = customer_names(table, mapping)
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
            data[canonical], errors = text_column(canonical, values), []
        bad += errors
    if bad:
        raise bad_cells_error(table, bad)
    return pd.DataFrame(data, index=pd.RangeIndex(len(names))), notes


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
