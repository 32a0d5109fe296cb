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
class Finding:
    """One dashboard warning: a code for code, a sentence for the reader, and the money
    it puts at stake, so warnings can be ranked by what they cost (nan = not in money)."""

    code: str
    text: str
    money_at_stake: float = float("nan")
    figures: dict[str, Any] = field(default_factory=dict)


def ranked_texts(findings: list[Finding]) -> list[str]:
    """Warning sentences, the most money at stake first (no amount: last, order kept)."""
    def key(item: tuple[int, Finding]) -> tuple[int, float, int]:
        index, finding = item
        money = finding.money_at_stake
        known = money == money  # not nan
        return (0 if known else 1, -abs(money) if known else 0.0, index)
    return [f.text for _, f in sorted(enumerate(findings), key=key)]


@dataclass
class PortfolioResult:
    """Everything one analysis produces.

    customers: one row per customer, columns named as in schema.OUTPUT_COLUMNS
        (the REQUIRED_OUTPUT ones always; optional ones when the input had them),
        plus helper columns (codes such as segment_code, tier_code) used by writers.
    tiers: one row per pyramid tier (Top, Big, Medium, Small, Inactive, Prospect):
        tier, customers, revenue, revenue_share, net_margin, net_margin_pct, avg_revenue.
    matrix: one row per size x profitability cell (12 rows: High, Low, Loss, Not
        measured x Large, Medium, Small), active customers only: size, profitability,
        segment, customers, revenue, net_margin, net_margin_share.
    whale: one row per active customer ranked by net margin (descending): rank,
        customer, customer_share, net_margin, cumulative_net_margin,
        cumulative_net_margin_pct (1.0 = 100% of the total net margin).
    summary: portfolio totals and key figures, one key each (see analysis.summary);
        "previous" holds the previous period's figures or None (analysis.previous).
    warnings: sentences for the dashboard, in the settings' language.
    findings: the same warnings as Finding objects (code, text, money at stake); writers
        rank by money at stake. Empty for a hand-made result that gives warnings only.
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
    findings: list[Finding] = field(default_factory=list)
