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


def aggregate_lines(lines: pd.DataFrame, as_of: dt.date, period_months: int
                    ) -> tuple[pd.DataFrame, list[str]]:
    """One row per customer with revenue, previous revenue, orders, dates ... (see module)."""
    notes: list[str] = []
    end = pd.Timestamp(as_of)
    later = lines["date"] > end
    if later.any():
        notes.append(f"{int(later.sum())} invoice lines dated after {as_of.isoformat()} "
                     "ignored")
        lines = lines.loc[~later]
    current_start, previous_start = period_bounds(as_of, period_months)
    in_current = lines["date"] > current_start
    in_previous = (lines["date"] > previous_start) & ~in_current
    amount = lines["amount"].fillna(0.0) if "amount" in lines else pd.Series(0.0, lines.index)

    by_key = lines.groupby("key", sort=False)
    keys = pd.Index(by_key.size().index)
    current = lines.loc[in_current]
    by_key_current = current.groupby("key", sort=False)

    def current_count(series: pd.Series) -> pd.Series:
        return series.reindex(keys, fill_value=0).astype("float64")

    result = pd.DataFrame(index=keys)
    result["customer"] = by_key["customer"].first()
    result["revenue"] = amount.where(in_current, 0.0).groupby(lines["key"]).sum()
    result["revenue_previous"] = amount.where(in_previous, 0.0).groupby(lines["key"]).sum()
    _add_previous_period(result, lines.loc[in_previous], keys)
    if "cost" in lines:
        cost = by_key_current["cost"].sum(min_count=1).reindex(keys)
        has_current = keys.isin(current["key"])
        result["cost_of_goods"] = cost.where(has_current, 0.0)
    if "order_number" in lines:
        result["orders"] = current_count(by_key_current["order_number"].nunique())
    else:
        result["orders"] = current_count(by_key_current["date"].nunique())
        notes.append("no order number column: orders counted as distinct invoice dates")
    result["order_lines"] = current_count(by_key_current.size())
    if "product" in lines:
        result["products"] = current_count(by_key_current["product"].nunique())
    if "product_group" in lines:
        result["product_groups"] = current_count(by_key_current["product_group"].nunique())
    result["first_invoice_date"] = by_key["date"].min()
    result["last_invoice_date"] = by_key["date"].max()
    if "owner" in lines:
        result["owner"] = most_frequent_owner(lines).reindex(keys)
    frame = result.reset_index(drop=True)
    frame["customer"] = frame["customer"].astype(lines["customer"].dtype)
    if "owner" in frame:
        frame["owner"] = frame["owner"].astype(lines["owner"].dtype)
    return frame, notes


def _add_previous_period(result: pd.DataFrame, previous: pd.DataFrame, keys: pd.Index
                         ) -> None:
    """Previous-period cost of goods, orders and order lines (the dashboard's comparison):
    counted the same way as the current period's."""
    by_key = previous.groupby("key", sort=False)
    if "cost" in previous:
        cost = by_key["cost"].sum(min_count=1).reindex(keys)
        result["cost_of_goods_previous"] = cost.where(keys.isin(previous["key"]), 0.0)
    counted = by_key["order_number"] if "order_number" in previous else by_key["date"]
    result["orders_previous"] = counted.nunique().reindex(keys, fill_value=0).astype("float64")
    result["order_lines_previous"] = by_key.size().reindex(keys, fill_value=0).astype("float64")


def most_frequent_owner(lines: pd.DataFrame) -> pd.Series:
    """Owner on most lines per customer; a tie goes to the owner of the latest line."""
    owners = lines.dropna(subset=["owner"])
    counts = (owners.groupby(["key", "owner"], sort=False)
              .agg(lines=("date", "size"), latest=("date", "max")).reset_index())
    best = counts.sort_values(["key", "lines", "latest"], ascending=[True, False, False])
    return best.drop_duplicates("key").set_index("key")["owner"]
