"""Customer-base trends that total revenue hides (domain.md, "Customer-base trends").

Needs revenue_previous. Lost = bought in the previous period (> 0) and not now (<= 0);
new = bought now and not in the previous period (a blank previous revenue counts as
none: an ERP export leaves the cell empty when nothing was invoiced).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from xl_portfolio.analysis._columns import numeric_or
from xl_portfolio.analysis._columns import revenue as revenue_of


@dataclass
class BaseTrends:
    """Counts and revenue of the customer flows between the two periods."""

    customers_start: int  # customers with revenue in the previous period
    customers_lost: int
    customers_new: int
    revenue_now: float
    revenue_previous: float
    revenue_lost: float  # previous-period revenue of the lost customers
    revenue_new: float  # current revenue of the new customers
    # Revenue change at retained customers (bought in both periods), split by sign, so
    # revenue_now = revenue_previous - lost - contraction + expansion + new holds exactly.
    revenue_expansion: float = 0.0
    revenue_contraction: float = 0.0

    @property
    def revenue_growth(self) -> float:
        if self.revenue_previous <= 0:
            return float("nan")
        return self.revenue_now / self.revenue_previous - 1.0

    @property
    def churn_rate(self) -> float:
        return self.customers_lost / self.customers_start if self.customers_start else 0.0

    @property
    def gross_revenue_retention(self) -> float:
        """GRR: (previous - lost - contraction) / previous: revenue kept, before growth."""
        if self.revenue_previous <= 0:
            return float("nan")
        kept = self.revenue_previous - self.revenue_lost - self.revenue_contraction
        return kept / self.revenue_previous

    @property
    def net_revenue_retention(self) -> float:
        """NRR: GRR plus expansion at the customers who stayed."""
        if self.revenue_previous <= 0:
            return float("nan")
        return self.gross_revenue_retention + self.revenue_expansion / self.revenue_previous

    @property
    def new_rate(self) -> float:
        return self.customers_new / self.customers_start if self.customers_start else 0.0


def base_trends(frame: pd.DataFrame) -> BaseTrends | None:
    """Flows between the periods, or None when the input has no previous revenue."""
    if "revenue_previous" not in frame.columns:
        return None
    now = revenue_of(frame)
    before = numeric_or(frame, "revenue_previous")
    lost = (before > 0) & (now <= 0)
    new = (before <= 0) & (now > 0)
    change = np.where((before > 0) & (now > 0), now - before, 0.0)
    return BaseTrends(
        customers_start=int((before > 0).sum()),
        customers_lost=int(lost.sum()),
        customers_new=int(new.sum()),
        revenue_now=float(np.clip(now, 0, None).sum()),
        revenue_previous=float(np.clip(before, 0, None).sum()),
        revenue_lost=float(before[lost].sum()),
        revenue_new=float(now[new].sum()),
        revenue_expansion=float(change[change > 0].sum()),
        revenue_contraction=float(-change[change < 0].sum()),
    )


def trend_findings(trends: BaseTrends, hardly_any_share: float = 0.05) -> list[str]:
    """Which of the three situations apply: 'lost_masked', 'stagnant', 'replacement'.

    hardly_any_share: churn and new-customer rates below it count as "hardly any".
    """
    found: list[str] = []
    growth = trends.revenue_growth
    if trends.customers_lost > 0 and not np.isnan(growth) and growth > 0:
        found.append("lost_masked")
    if trends.customers_start > 0 and trends.churn_rate < hardly_any_share \
            and trends.new_rate < hardly_any_share:
        found.append("stagnant")
    if trends.customers_lost > 0 and trends.revenue_new < trends.revenue_lost:
        found.append("replacement")
    return found
