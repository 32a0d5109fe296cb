"""The one result object: the file writer, the ribbon refresh and Python users share it,
so a figure cannot differ between them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from xl_portfolio.schema import SourceInfo
from xl_portfolio.settings import Settings


@dataclass
class Concentration:
    """Dependency on the largest customers (shares are fractions of total revenue)."""

    cr1: float
    cr5: float
    cr10: float
    hhi: float  # sum(share^2) x 10,000
    effective_number: float  # 1 / sum(share^2)
    hhi_band: str  # "low", "moderate" or "high" (DOJ/FTC 2023 bands from settings)
    top5_warning: bool
    flagged_customers: list[str] = field(default_factory=list)  # share >= threshold


@dataclass
class PortfolioResult:
    """Everything one analysis produces.

    customers: one row per customer, columns named as in schema.OUTPUT_COLUMNS
        (the REQUIRED_OUTPUT ones always; optional ones when the input had them),
        plus helper columns (codes such as segment_code, tier_code) used by writers.
    tiers: one row per pyramid tier (Top, Big, Medium, Small, Inactive, Prospect):
        tier, customers, revenue, revenue_share, net_margin, net_margin_pct, avg_revenue.
    matrix: one row per size x profitability cell (9 rows): size, profitability,
        segment, customers, revenue, net_margin, net_margin_share.
    whale: one row per customer ranked by net margin (descending): rank,
        customer, customer_share, net_margin, cumulative_net_margin,
        cumulative_net_margin_pct (1.0 = 100% of the total net margin).
    summary: portfolio totals and key figures (see analysis.portfolio).
    warnings: sentences for the dashboard, in the settings' language.
    """

    customers: pd.DataFrame
    tiers: pd.DataFrame
    matrix: pd.DataFrame
    whale: pd.DataFrame
    concentration: Concentration
    summary: dict[str, Any]
    warnings: list[str]
    settings: Settings
    source: SourceInfo | None = None
