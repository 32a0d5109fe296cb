"""Dependency on single customers: revenue shares, CR1/CR5/CR10 and HHI.

HHI = sum(share^2) x 10,000 with bands from the US DOJ/FTC 2023 merger guidelines;
a customer at or above settings.dependency_threshold (10%, IFRS 8 par. 34) is flagged.
Shares are of total POSITIVE revenue: a net credit note is not negative dependency.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from xl_portfolio.analysis._columns import customer_names
from xl_portfolio.analysis.result import Concentration
from xl_portfolio.settings import Settings


def share_of(values: np.ndarray, all_revenues: np.ndarray) -> np.ndarray:
    """Share of each value in the portfolio's total positive revenue.

    The values need not be among all_revenues (a worksheet function asks for one cell
    against the whole column). Negative revenue counts as 0, in the values and in the
    total; all zero when the portfolio has no positive revenue.
    """
    values = np.nan_to_num(np.asarray(values, dtype="float64"), nan=0.0)
    portfolio = np.nan_to_num(np.asarray(all_revenues, dtype="float64"), nan=0.0)
    total = float(np.clip(portfolio, 0.0, None).sum())
    if total <= 0:
        return np.zeros_like(values)
    return np.clip(values, 0.0, None) / total


def revenue_shares(revenue: pd.Series) -> pd.Series:
    """Share of total positive revenue per customer (negative revenue counts as 0)."""
    numbers = pd.to_numeric(revenue, errors="coerce").to_numpy(dtype="float64")
    return pd.Series(share_of(numbers, numbers), index=revenue.index, name="revenue_share")


def hhi_band(hhi: float, settings: Settings) -> str:
    """'low' below hhi_moderate, 'high' above hhi_high, else 'moderate'."""
    if hhi > settings.hhi_high:
        return "high"
    if hhi < settings.hhi_moderate:
        return "low"
    return "moderate"


def concentration(customers: pd.DataFrame, settings: Settings) -> Concentration:
    """Concentration figures from a frame with customer and revenue columns.

    An empty or revenue-less portfolio has no concentration: all figures 0, band low.
    """
    shares = revenue_shares(customers["revenue"]) if "revenue" in customers.columns \
        else pd.Series(0.0, index=customers.index)
    values = np.sort(shares.to_numpy(dtype="float64"))[::-1]
    squares = float(np.sum(values ** 2))
    hhi = squares * 10_000.0
    # One running sum, so CR1 <= CR5 <= CR10 also holds to the last floating-point bit.
    running = np.concatenate([[0.0], np.cumsum(values)])

    def top(k: int) -> float:
        return float(running[min(k, len(values))])

    cr5 = top(5)
    names = customer_names(customers) if "customer" in customers.columns \
        else shares.index.astype(str).to_series(index=shares.index)
    flagged = shares[shares >= settings.dependency_threshold].sort_values(
        ascending=False, kind="mergesort")
    return Concentration(
        cr1=top(1),
        cr5=cr5,
        cr10=top(10),
        hhi=hhi,
        effective_number=1.0 / squares if squares > 0 else 0.0,
        hhi_band=hhi_band(hhi, settings),
        top5_warning=cr5 > settings.top5_warning_share,
        flagged_customers=[str(names[i]) for i in flagged.index],
    )
