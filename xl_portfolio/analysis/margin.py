"""Margin after cost to serve (Kaplan & Anderson time-driven ABC, HBR 2004).

net margin = gross margin - sum(driver quantity x driver rate) - credit cost, where
credit cost = revenue x DSO / 365 x cost of capital. Gross margin comes from the best
figure each row has (cost of goods, a margin amount, a margin %), and only as a last
resort from settings.default_gross_margin_pct, which is then flagged as assumed so a
reader knows the figure is not the customer's own.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from xl_portfolio.analysis._columns import fraction, numeric, numeric_or, safe_divide
from xl_portfolio.analysis._columns import revenue as revenue_of
from xl_portfolio.schema import DRIVER_RATES
from xl_portfolio.settings import Settings

ArrayLike = float | np.ndarray | pd.Series


def _gross_margin(frame: pd.DataFrame, sales: np.ndarray,
                  settings: Settings) -> tuple[np.ndarray, np.ndarray]:
    """Gross margin per row down the fallback chain, and whether it was assumed."""
    margin = np.full(len(frame), np.nan)
    cogs = numeric(frame, "cost_of_goods")
    if cogs is not None:
        margin = np.where(np.isnan(cogs), margin, sales - cogs)
    amount = numeric(frame, "gross_margin")
    if amount is not None:
        margin = np.where(np.isnan(margin), amount, margin)
    pct = numeric(frame, "gross_margin_pct")
    if pct is not None:
        margin = np.where(np.isnan(margin), fraction(pct) * sales, margin)
    assumed = np.isnan(margin)
    margin = np.where(assumed, settings.default_gross_margin_pct * sales, margin)
    return margin, assumed


def margin_pct(margin: ArrayLike, sales: ArrayLike) -> np.ndarray:
    """margin / revenue, NaN where revenue <= 0 (a credit-note balance has no margin %)."""
    sales = np.asarray(sales, dtype="float64")
    return safe_divide(np.asarray(margin, dtype="float64"), np.where(sales > 0, sales, 0.0))


def driver_costs(frame: pd.DataFrame, settings: Settings) -> dict[str, np.ndarray]:
    """Cost per driver present in the frame (missing quantity = 0), keyed cts_<driver>."""
    return {
        f"cts_{driver}": numeric_or(frame, driver) * getattr(settings, rate_field)
        for driver, rate_field in DRIVER_RATES.items()
        if driver in frame.columns
    }


def credit_cost(sales: ArrayLike, dso: ArrayLike, settings: Settings) -> np.ndarray:
    """Cost of financing the receivable: revenue x DSO / 365 x cost of capital.

    Negative revenue (a net credit) finances nothing, so it costs nothing.
    """
    sales = np.clip(np.asarray(sales, dtype="float64"), 0, None)
    dso = np.nan_to_num(np.asarray(dso, dtype="float64"), nan=0.0)
    return sales * dso / 365.0 * settings.cost_of_capital


def compute_margins(frame: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    """Gross margin, cost to serve and net margin per customer, aligned with frame.index.

    Columns: gross_margin, gross_margin_pct, gross_margin_assumed, margin_measured,
    cost_to_serve, credit_cost, net_margin, net_margin_pct and cts_<driver> for each
    driver present. Percentages are NaN (n/a) where revenue is 0 or negative, never inf:
    a loss on a net credit is not a "profit %". Rebates reduce gross margin.
    """
    sales = revenue_of(frame)
    gross, assumed = _gross_margin(frame, sales, settings)
    gross = gross - numeric_or(frame, "rebates")
    drivers = driver_costs(frame, settings)
    credit = credit_cost(sales, numeric_or(frame, "dso"), settings)
    serve = credit + (np.sum(list(drivers.values()), axis=0) if drivers else 0.0)
    net = gross - serve
    out = pd.DataFrame(
        {
            "gross_margin": gross,
            "gross_margin_pct": margin_pct(gross, sales),
            "gross_margin_assumed": assumed,
            "margin_measured": ~assumed,
            "cost_to_serve": serve,
            "credit_cost": credit,
            "net_margin": net,
            "net_margin_pct": margin_pct(net, sales),
            **drivers,
        },
        index=frame.index,
    )
    return out


def net_margin(revenue: ArrayLike, cost_of_goods: ArrayLike | None = None, *,
               orders: ArrayLike = 0, order_lines: ArrayLike = 0, deliveries: ArrayLike = 0,
               returns: ArrayLike = 0, service_hours: ArrayLike = 0,
               sales_visits: ArrayLike = 0, rush_orders: ArrayLike = 0, dso: ArrayLike = 0,
               settings: Settings) -> float | np.ndarray:
    """Net margin for scalars or arrays (worksheet function CUSTOMER_MARGIN).

    Same rule as compute_margins: without cost of goods (None or NaN) the default gross
    margin % is assumed; missing driver quantities count as 0. Returns a float when every
    argument is a scalar, else an array of the broadcast shape.
    """
    sales = np.nan_to_num(np.asarray(revenue, dtype="float64"), nan=0.0)
    if cost_of_goods is None:
        cogs = np.full(sales.shape, np.nan)
    else:
        cogs = np.asarray(cost_of_goods, dtype="float64")
    gross = np.where(np.isnan(cogs), settings.default_gross_margin_pct * sales, sales - cogs)
    quantities = {"orders": orders, "order_lines": order_lines, "deliveries": deliveries,
                  "returns": returns, "service_hours": service_hours,
                  "sales_visits": sales_visits, "rush_orders": rush_orders}
    serve = credit_cost(sales, dso, settings)
    for driver, quantity in quantities.items():
        qty = np.nan_to_num(np.asarray(quantity, dtype="float64"), nan=0.0)
        serve = serve + qty * getattr(settings, DRIVER_RATES[driver])
    result = gross - serve
    if np.ndim(result) == 0:
        return float(result)
    return result
