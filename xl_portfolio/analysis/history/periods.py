"""Invoice lines folded into periods of equal length that end at the as-of date.

Period 0 is the last one: (as_of - length, as_of]; period 1 the one before, and so on
back to the period holding the first invoice line. One row per customer and period
(the "panel") is all the history models need, so the lines themselves are not kept.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from xl_portfolio.analysis.history._runs import Runs, ascending_codes, key_of


@dataclass
class Periods:
    """Period boundaries, oldest first: period i runs from starts[i] (exclusive) to
    ends[i] (inclusive)."""

    months: int
    starts: list[pd.Timestamp]
    ends: list[pd.Timestamp]

    def __len__(self) -> int:
        return len(self.ends)

    def labels(self) -> list[str]:
        """Calendar names when the periods follow the calendar (2025, 2025 H1, 2025 Q3,
        2025-03), else the day each period ends (2025-12-19)."""
        out = []
        for start, end in zip(self.starts, self.ends, strict=True):
            first = start + pd.Timedelta(days=1)
            aligned = first.day == 1 and (first.month - 1) % self.months == 0 \
                and end == first + pd.DateOffset(months=self.months) - pd.Timedelta(days=1)
            if not aligned:
                out.append(f"{end:%Y-%m-%d}")
            elif self.months == 12:
                out.append(f"{end.year}")
            elif self.months == 6:
                out.append(f"{end.year} H{(end.month - 1) // 6 + 1}")
            elif self.months == 3:
                out.append(f"{end.year} Q{(end.month - 1) // 3 + 1}")
            else:
                out.append(f"{end:%Y-%m}")
        return out


def _back(end: pd.Timestamp, months: int) -> pd.Timestamp:
    """end moved back by months; a month end stays a month end (so an as-of date of
    29 February gives calendar months, not the 29th of each month)."""
    if end.is_month_end:
        return end + pd.Timedelta(days=1) - pd.DateOffset(months=months) - pd.Timedelta(days=1)
    return end - pd.DateOffset(months=months)


def make_periods(first_date: pd.Timestamp, as_of: dt.date, months: int) -> Periods:
    """Periods of `months` months ending at as_of, back far enough to hold first_date."""
    end = pd.Timestamp(as_of)
    count = 1
    while _back(end, months * count) >= first_date:
        count += 1
    # Offsets from the one as-of date, not chained.
    ends = [_back(end, months * k) for k in range(count - 1, -1, -1)]
    starts = [_back(end, months * k) for k in range(count, 0, -1)]
    return Periods(months, starts, ends)


def period_index(dates: pd.Series, periods: Periods) -> np.ndarray:
    """Position (0 = oldest) of the period holding each date; -1 outside all periods."""
    edges = np.array([periods.starts[0], *periods.ends], dtype="datetime64[ns]")
    values = dates.to_numpy(dtype="datetime64[ns]")
    index = np.searchsorted(edges, values, side="left") - 1
    index[(values <= edges[0]) | (values > edges[-1])] = -1
    return index


def customer_period_panel(lines: pd.DataFrame, periods: Periods) -> pd.DataFrame:
    """One row per customer key and period with revenue, cost, purchases and lines.

    Columns: key, period, revenue, cost_of_goods (NaN when no line of the row has a
    cost), orders (distinct order numbers, else distinct invoice days), order_lines.
    Lines outside the periods (after as_of) are left out.
    """
    where = period_index(lines["date"], periods)
    keep = where >= 0
    codes, keys = ascending_codes(lines["key"].to_numpy()[keep])
    runs = Runs(codes * len(periods) + where[keep])
    panel = pd.DataFrame({"key": key_of(runs.keys // len(periods), keys),
                          "period": runs.keys % len(periods),
                          "revenue": runs.sum(_amount(lines)[keep])})
    if "cost" in lines:
        cost = pd.to_numeric(lines["cost"], errors="coerce").to_numpy("float64")[keep]
        known = ~np.isnan(cost)
        panel["cost_of_goods"] = np.where(runs.sum(known) > 0,
                                          runs.sum(np.where(known, cost, 0.0)), np.nan)
    order = lines["order_number"] if "order_number" in lines else lines["date"].dt.normalize()
    # Factorised as it is stored (Arrow text: no million Python strings), then selected.
    panel["orders"] = runs.distinct(pd.factorize(order)[0][keep])
    panel["order_lines"] = runs.size()
    return panel


def _amount(lines: pd.DataFrame) -> np.ndarray:
    if "amount" not in lines:
        return np.zeros(len(lines))
    return pd.to_numeric(lines["amount"], errors="coerce").fillna(0.0).to_numpy("float64")


def wide(panel: pd.DataFrame, column: str, keys: pd.Index, count: int) -> np.ndarray:
    """customers x periods matrix of one panel column (0 where a customer bought nothing)."""
    out = np.zeros((len(keys), count))
    rows = keys.get_indexer(panel["key"])
    out[rows, panel["period"].to_numpy()] = panel[column].to_numpy(dtype="float64")
    return out
