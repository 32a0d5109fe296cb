"""The input reconciliation: rows and amounts per use, so the report ties to the ledger.

A controller checks a report by adding up: rows read = current + previous + before
+ after the as-of date, and the skipped total row should equal the amount read. The
label codes are stable identifiers; the report translates them:

- rows_read: data rows used (invoice lines or customers), with their amount total
- rows_current / rows_previous: lines in the current / previous period
- rows_before: lines older than the previous period (in the history, not in revenue)
- rows_after_as_of: lines dated after the as-of date (ignored)
- skipped_total_rows: total rows at the end of the list (skipped), with their amount
- skipped_blank_rows: rows between the data with no name and no figure (skipped)
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from xl_portfolio.sources.customers import NameRows
from xl_portfolio.sources.lines import period_bounds
from xl_portfolio.sources.table import Table
from xl_portfolio.sources.values import to_numbers

Line = tuple[str, int, float | None]
LABELS = ("rows_read", "rows_current", "rows_previous", "rows_before", "rows_after_as_of",
          "skipped_total_rows", "skipped_blank_rows")


def line_reconciliation(lines: pd.DataFrame, as_of: dt.date, period_months: int,
                        table: Table, named: NameRows, amount_column: int) -> list[Line]:
    """Every invoice line in exactly one period bucket, plus what was skipped."""
    amount = lines["amount"]
    dates = lines["date"]
    end = pd.Timestamp(as_of)
    current_start, previous_start = period_bounds(as_of, period_months)
    after = dates > end
    current = (dates > current_start) & ~after
    previous = (dates > previous_start) & (dates <= current_start)
    before = dates <= previous_start
    buckets = [("rows_read", pd.Series(True, index=lines.index)), ("rows_current", current),
               ("rows_previous", previous), ("rows_before", before),
               ("rows_after_as_of", after)]
    found = [(code, int(mask.sum()), _total(amount[mask])) for code, mask in buckets]
    return found + skipped_rows(table, named, amount_column)


def customer_reconciliation(customers: pd.DataFrame, table: Table, named: NameRows,
                            revenue_column: int | None) -> list[Line]:
    """Customers read with their revenue total, plus what was skipped."""
    revenue = _total(customers["revenue"]) if "revenue" in customers else None
    return [("rows_read", len(customers), revenue),
            *skipped_rows(table, named, revenue_column)]


def skipped_rows(table: Table, named: NameRows, amount_column: int | None) -> list[Line]:
    """Trailing total rows (with the amount they state) and blank rows inside the data."""
    totals: float | None = None
    if named.total_positions and amount_column is not None:
        rows = table.row_numbers()
        values = [table.body[i][amount_column] for i in named.total_positions]
        numbers, _ = to_numbers(values, [rows[i] for i in named.total_positions],
                                column=amount_column, header="", canonical="amount",
                                decimal_hint=table.grid.decimal_comma)
        totals = _total(pd.Series(numbers))
    return [("skipped_total_rows", len(named.total_positions), totals),
            ("skipped_blank_rows", named.blank_rows, None)]


def _total(values: pd.Series) -> float | None:
    """Sum of the figures present; None when no row states one (not a misleading zero)."""
    if not len(values):
        return 0.0
    present = values.dropna()
    return float(present.sum()) if len(present) else None
