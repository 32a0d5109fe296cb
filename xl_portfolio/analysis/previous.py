"""The previous period's key figures, for the dashboard's comparison tiles.

A previous period exists when the input has previous revenue: a customer sheet with a
previous-revenue column, or invoice lines that reach back to the previous period (the
earliest line falls within its first month or before; a one-year export has none).
Each figure is computed as for the current period, and only from what the input holds
for the previous period; what it cannot give is NaN, never a guess from this period:
- revenue: the sum of previous revenue; active customers: previous revenue > 0;
- gross margin: revenue - cost of goods of the previous period; for a customer whose
  current margin is assumed, the same default_gross_margin_pct (still an assumption);
  NaN when a customer's current margin came from a column the previous period lacks,
  or when rebates are in the input (they are known for the current period only);
- cost to serve: the previous quantity of each driver in the input (orders_previous,
  order_lines_previous) x its rate; NaN when a driver or DSO (credit cost) is in the
  input for the current period only, as with a drivers sheet;
- net margin = gross margin - cost to serve; net margin % = net / revenue (n/a <= 0).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from xl_portfolio.analysis._columns import has_values, numeric, numeric_or
from xl_portfolio.analysis.summary import driver_presence, period_dates
from xl_portfolio.schema import DRIVER_RATES
from xl_portfolio.settings import Settings

NAN = float("nan")


def has_previous_period(frame: pd.DataFrame, as_of: dt.date, settings: Settings,
                        kind: str | None) -> bool:
    """Previous revenue in the input; for invoice lines, lines reaching back far enough."""
    if "revenue_previous" not in frame.columns:
        return False
    if kind != "lines":
        return True
    if "first_invoice_date" not in frame.columns or not len(frame):
        return False
    earliest = pd.to_datetime(frame["first_invoice_date"], errors="coerce").min()
    start = pd.Timestamp(period_dates(as_of, settings.period_months)["previous_period_start"])
    return bool(pd.notna(earliest) and earliest < start + pd.DateOffset(months=1))


def _gross_margin_previous(frame: pd.DataFrame, sales: np.ndarray, assumed: np.ndarray,
                           settings: Settings) -> float:
    if has_values(frame, "rebates") and (numeric_or(frame, "rebates") != 0).any():
        return NAN
    cogs = numeric(frame, "cost_of_goods_previous")
    margin = np.full(len(frame), NAN) if cogs is None else sales - cogs
    fallback = np.where(assumed, settings.default_gross_margin_pct * sales, NAN)
    margin = np.where(np.isnan(margin), fallback, margin)
    margin = np.where((sales == 0) & np.isnan(margin), 0.0, margin)
    return float(margin.sum())  # NaN when any customer's margin is unknown


def _cost_to_serve_previous(frame: pd.DataFrame, settings: Settings) -> float:
    if has_values(frame, "dso") and (numeric_or(frame, "dso") > 0).any():
        return NAN
    _, drivers = driver_presence(frame)
    total = 0.0
    for driver in drivers:
        previous = f"{driver}_previous"
        if previous not in frame.columns:
            return NAN
        total += float((numeric_or(frame, previous) * getattr(settings, DRIVER_RATES[driver]))
                       .sum())
    return total


def previous_figures(frame: pd.DataFrame, gross_margin_assumed: np.ndarray, *,
                     as_of: dt.date, settings: Settings, kind: str | None
                     ) -> dict[str, Any] | None:
    """The previous period's revenue, margins, net margin % and active customers."""
    if not has_previous_period(frame, as_of, settings, kind):
        return None
    sales = numeric_or(frame, "revenue_previous")
    revenue = float(sales.sum())
    gross = _gross_margin_previous(frame, sales, np.asarray(gross_margin_assumed, bool),
                                   settings)
    serve = _cost_to_serve_previous(frame, settings)
    net = gross - serve
    dates = period_dates(as_of, settings.period_months)
    return {
        "revenue": revenue,
        "gross_margin": gross,
        "cost_to_serve": serve,
        "net_margin": net,
        "net_margin_pct": net / revenue if revenue > 0 and not np.isnan(net) else NAN,
        "active_customers": int((sales > 0).sum()),
        "period_start": dates["previous_period_start"],
        "period_end": dates["previous_period_end"],
    }
