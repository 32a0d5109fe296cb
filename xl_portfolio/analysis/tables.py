"""The summary tables of a result: pyramid tiers, segment matrix and whale curve.

Shares of net margin are divided by the ABSOLUTE total net margin: with a loss-making
portfolio a plain division would flip every sign, and with this rule the whale curve
still starts at the best customer and ends at -100% instead of +100%.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from xl_portfolio.analysis._columns import safe_divide
from xl_portfolio.analysis.actions import base_actions
from xl_portfolio.analysis.pyramid import TIER_CODES
from xl_portfolio.analysis.segments import SEGMENT_MATRIX
from xl_portfolio.i18n import labels
from xl_portfolio.settings import Settings


def _share_of(values: np.ndarray, total: float) -> np.ndarray:
    return values / abs(total) if total != 0 else np.full(len(values), np.nan)


def tier_table(customers: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    """One row per tier in pyramid order, including empty tiers."""
    grouped = customers.groupby("tier_code", sort=False).agg(
        customers=("customer", "size"), revenue=("revenue", "sum"),
        revenue_share=("revenue_share", "sum"), net_margin=("net_margin", "sum"))
    table = grouped.reindex(list(TIER_CODES)).fillna(0.0)
    table["customers"] = table["customers"].astype("int64")
    revenue = table["revenue"].to_numpy(dtype="float64")
    table["net_margin_pct"] = safe_divide(table["net_margin"].to_numpy(dtype="float64"),
                                          np.where(revenue > 0, revenue, 0.0))
    table["avg_revenue"] = safe_divide(revenue, table["customers"].to_numpy(dtype="float64"))
    table = table.reset_index(names="tier_code")
    table.insert(0, "tier", table["tier_code"].map(labels("tier", settings.language)))
    return table[["tier", "tier_code", "customers", "revenue", "revenue_share", "net_margin",
                  "net_margin_pct", "avg_revenue"]]


def matrix_table(customers: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    """Twelve rows, one per profitability x size cell, also when a cell is empty: High,
    Low, Loss and Not measured (margin assumed) x Large, Medium, Small. The matrix
    covers the active customers; its customers add up to summary active_customers."""
    lang = settings.language
    cells = pd.DataFrame(
        [(size, profit, code) for (profit, size), code in SEGMENT_MATRIX.items()],
        columns=["size_code", "profitability_code", "segment_code"])
    grouped = customers.groupby("segment_code").agg(
        customers=("customer", "size"), revenue=("revenue", "sum"),
        revenue_share=("revenue_share", "sum"), net_margin=("net_margin", "sum"))
    table = cells.join(grouped, on="segment_code").fillna(
        {"customers": 0, "revenue": 0.0, "revenue_share": 0.0, "net_margin": 0.0})
    table["customers"] = table["customers"].astype("int64")
    active_total = float(customers.loc[customers["size_code"] != "none", "net_margin"].sum())
    table["net_margin_share"] = _share_of(table["net_margin"].to_numpy(dtype="float64"),
                                          active_total)
    table.insert(0, "size", table["size_code"].map(labels("size", lang)))
    table.insert(1, "profitability", table["profitability_code"].map(
        labels("profitability", lang)))
    table.insert(2, "segment", table["segment_code"].map(labels("segment", lang)))
    table["action"] = table["segment_code"].map(base_actions(settings))
    return table[["size", "profitability", "segment", "customers", "revenue", "revenue_share",
                  "net_margin", "net_margin_share", "size_code", "profitability_code",
                  "segment_code", "action"]]


def whale_table(customers: pd.DataFrame) -> pd.DataFrame:
    """Whale curve (Kaplan & Narayanan 2001) over the active customers (revenue > 0),
    the population of the loss-making count, so its margin destroyers are exactly the
    dashboard's loss-making customers. Sorted by net margin descending, ties by customer
    name; customer_share = rank / n. The net margin of inactive customers and prospects
    (visits, credit notes) is in the dashboard's total, not on the curve.
    """
    served = customers[customers["revenue"] > 0]
    ordered = served[["customer", "net_margin"]].assign(
        _name=served["customer"].astype(str)).sort_values(
        ["net_margin", "_name"], ascending=[False, True], kind="mergesort")
    n = len(ordered)
    margin = ordered["net_margin"].to_numpy(dtype="float64")
    cumulative = np.cumsum(margin)
    total = float(cumulative[-1]) if n else 0.0
    rank = np.arange(1, n + 1)
    return pd.DataFrame({
        "rank": rank,
        "customer": ordered["customer"].to_numpy(dtype=object),
        "customer_share": rank / n if n else np.array([], dtype="float64"),
        "net_margin": margin,
        "cumulative_net_margin": cumulative,
        "cumulative_net_margin_pct": _share_of(cumulative, total),
    })
