"""Invoice lines (one row per line) into one row per customer for the analysis.

The current period is the period_months months up to and including as_of, the
previous period the same length before it: this gives revenue growth, the pyramid's
"bought in the last 12 months" and inactive customers (bought only before).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import numpy as np
import pandas as pd

from xl_portfolio.sources.customers import NameRows, customer_names
from xl_portfolio.sources.dates import to_dates
from xl_portfolio.sources.linecolumns import LABEL_COLUMNS
from xl_portfolio.sources.table import Table, bad_cells_error
from xl_portfolio.sources.values import (
    BadCell,
    name_key,
    problem_cells,
    text_series,
    to_numbers,
    to_text,
)


def build_line_frame(table: Table, mapping: Mapping[str, int]
                     ) -> tuple[pd.DataFrame, list[str], NameRows]:
    """Typed invoice lines: customer, key, date and the optional line columns present,
    reading notes and which rows were read."""
    named = customer_names(table, mapping)
    positions, names, notes = named.positions, named.names, list(named.notes)
    all_rows = table.row_numbers()
    rows = [all_rows[i] for i in positions]
    keys = {name: name_key(name) for name in set(names)}  # lines repeat each name
    frame: dict[str, object] = {"customer": text_series(names),
                                "key": text_series([keys[n] for n in names])}
    bad: list[BadCell] = []
    for canonical in ("date", "amount", "cost", *LABEL_COLUMNS):
        if canonical not in mapping:
            continue
        col = mapping[canonical]
        values = [table.body[i][col] for i in positions]
        where = {"column": table.sheet_column(col), "header": table.headers[col],
                 "canonical": canonical}
        if canonical == "date":
            dates, errors = to_dates(values, rows, **where)
            flagged = {bad.row for bad in errors}  # NaT and not a bad cell: an empty cell
            errors += [BadCell(rows[i], where["column"], where["header"], "date", "a date",
                               None) for i in np.flatnonzero(dates.isna().to_numpy())
                       if rows[i] not in flagged]
            frame["date"] = dates
        elif canonical in ("amount", "cost"):
            frame[canonical], errors = to_numbers(
                values, rows, decimal_hint=table.grid.decimal_comma, **where)
        else:
            frame[canonical] = text_series([(v.strip() or None) if type(v) is str
                                            else to_text(v) for v in values])
            errors = problem_cells(values, rows, **where)
        bad += errors
    if bad:
        raise bad_cells_error(table, bad)
    return pd.DataFrame(frame, index=pd.RangeIndex(len(names))), notes, named


def default_as_of(lines: pd.DataFrame) -> dt.date:
    """The last invoice date: the natural 'today' of an export."""
    return lines["date"].max().date()


def period_bounds(as_of: dt.date, months: int) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Exclusive starts of the current and the previous period, ending at as_of."""
    end = pd.Timestamp(as_of)
    current_start = end - pd.DateOffset(months=months)
    previous_start = end - pd.DateOffset(months=2 * months)
    return current_start, previous_start


def drop_lines_after(lines: pd.DataFrame, as_of: dt.date) -> tuple[pd.DataFrame, list[str]]:
    """The lines up to as_of, and a note saying how many later ones were ignored."""
    later = lines["date"] > pd.Timestamp(as_of)
    if not later.any():
        return lines, []
    note = f"{int(later.sum())} invoice lines dated after {as_of.isoformat()} ignored"
    return lines.loc[~later], [note]


def aggregate_lines(lines: pd.DataFrame, as_of: dt.date, period_months: int
                    ) -> tuple[pd.DataFrame, list[str]]:
    """One row per customer with revenue, previous revenue, orders, dates ... (see module).

    The customer key is factorised once into integer codes and every figure is grouped on
    those codes: grouping or matching on the text keys again costs seconds at a million
    lines."""
    lines, notes = drop_lines_after(lines, as_of)
    lines, groups = _key_codes(lines)
    current_start, previous_start = period_bounds(as_of, period_months)
    dates = lines["date"]
    in_current = (dates > current_start).to_numpy()
    in_previous = ((dates > previous_start).to_numpy() & ~in_current)
    amount = (lines["amount"].fillna(0.0).to_numpy("float64") if "amount" in lines
              else np.zeros(len(lines)))

    result = pd.DataFrame(index=pd.RangeIndex(groups.count))
    result["customer"] = lines["customer"].iloc[groups.first_rows].to_numpy()
    result["revenue"] = groups.sum(np.where(in_current, amount, 0.0))
    result["revenue_previous"] = groups.sum(np.where(in_previous, amount, 0.0))
    counted = "order_number" if "order_number" in lines else "date"
    cost = lines["cost"].to_numpy("float64", na_value=np.nan) if "cost" in lines else None
    distinct = {name: pd.factorize(lines[name])[0]
                for name in (counted, "product", "product_group") if name in lines}
    for suffix, period in (("_previous", in_previous), ("", in_current)):
        if cost is not None:
            result["cost_of_goods" + suffix] = groups.cost(cost, period)
        result["orders" + suffix] = groups.distinct(distinct[counted], period)
        result["order_lines" + suffix] = groups.lines(period)
    if counted == "date":
        notes.append("no order number column: orders counted as distinct invoice dates")
    for name in ("product", "product_group"):
        if name in lines:
            result[name + "s"] = groups.distinct(distinct[name], in_current)
    result["first_invoice_date"] = groups.dates(dates, "min")
    result["last_invoice_date"] = groups.dates(dates, "max")
    if "owner" in lines:
        result["owner"] = most_frequent_owner(lines, groups)
    result["customer"] = result["customer"].astype(lines["customer"].dtype)
    if "owner" in result:
        result["owner"] = result["owner"].astype(lines["owner"].dtype)
    return result, notes


class _CustomerGroups:
    """Invoice lines grouped by customer: the key as integer codes in order of first
    appearance (the order of the customers frame), every figure a vector per code."""

    def __init__(self, codes: np.ndarray, count: int) -> None:
        self.codes = codes
        self.count = count
        # Codes count up in order of first appearance: a line is its customer's first
        # where the running maximum of the codes steps up (np.unique sorts: 20x slower).
        self.first_rows = np.flatnonzero(np.diff(np.maximum.accumulate(codes),
                                                 prepend=-1))
        # Grouped as a categorical, pandas takes the codes as they are (an integer key
        # would be hashed again at every groupby) and keeps every customer, in order.
        self.by = pd.Categorical.from_codes(codes, categories=pd.RangeIndex(count))

    def sum(self, values: np.ndarray, min_count: int = 0) -> np.ndarray:
        """Sum per customer, added in line order as pandas does (the same last digit)."""
        grouped = pd.Series(values).groupby(self.by, observed=False)
        return grouped.sum(min_count=min_count).to_numpy()

    def lines(self, period: np.ndarray) -> np.ndarray:
        """Number of lines per customer in the period."""
        return np.bincount(self.codes[period], minlength=self.count).astype("float64")

    def cost(self, cost: np.ndarray, period: np.ndarray) -> np.ndarray:
        """Cost of goods in the period: 0 without lines there, missing when lines there
        state no cost at all (unknown, not zero)."""
        total = self.sum(np.where(period, cost, np.nan), min_count=1)
        return np.where(self.lines(period) > 0, total, 0.0)

    def distinct(self, value_codes: np.ndarray, period: np.ndarray) -> np.ndarray:
        """Number of distinct values (factorised, -1 missing) per customer in the period."""
        keep = period & (value_codes >= 0)
        grouped = pd.Series(value_codes[keep]).groupby(self.by[keep], observed=False)
        return grouped.nunique().to_numpy("float64")

    def dates(self, dates: pd.Series, how: str) -> pd.api.extensions.ExtensionArray:
        """Earliest or latest date per customer."""
        grouped = dates.groupby(self.by, observed=False)
        return (grouped.min() if how == "min" else grouped.max()).array


def _key_codes(lines: pd.DataFrame) -> tuple[pd.DataFrame, _CustomerGroups]:
    """The lines that have a customer key, and their grouping by key."""
    codes, uniques = pd.factorize(lines["key"])
    if (codes < 0).any():
        lines, codes = lines.loc[codes >= 0], codes[codes >= 0]
    return lines, _CustomerGroups(codes, len(uniques))


def most_frequent_owner(lines: pd.DataFrame, groups: _CustomerGroups) -> np.ndarray:
    """Owner on most lines per customer; a tie goes to the owner of the latest line (then
    to the owner met first). Grouped on integer codes, not on the text."""
    owner_codes, owners = pd.factorize(lines["owner"])
    has = owner_codes >= 0
    frame = pd.DataFrame({"key": groups.codes[has], "owner": owner_codes[has],
                          "date": lines["date"].to_numpy()[has]})
    counts = (frame.groupby(["key", "owner"], sort=False)
              .agg(lines=("date", "size"), latest=("date", "max")).reset_index())
    best = counts.sort_values(["key", "lines", "latest"], ascending=[True, False, False])
    best = best.drop_duplicates("key")
    result = np.full(groups.count, None, dtype=object)
    result[best["key"].to_numpy()] = np.asarray(owners, dtype=object)[best["owner"].to_numpy()]
    return result
