"""Invoice history: how the customer base moves period by period, and what each customer
is worth over the relationship (domain.md: retention and revenue bridge, RFM, CLV).

analyze_history is the one entry point; each model lives in its own module.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from xl_portfolio.analysis.history.bridge import period_table
from xl_portfolio.analysis.history.calibration import Calibration, calibrate
from xl_portfolio.analysis.history.cohorts import cohort_tables
from xl_portfolio.analysis.history.findings import trend_findings
from xl_portfolio.analysis.history.lifetime import LifetimeFit, fit_lifetime, lifetime_table
from xl_portfolio.analysis.history.periods import customer_period_panel, make_periods, wide
from xl_portfolio.analysis.history.purchases import WEEKS_PER_MONTH, daily_purchases, summarise
from xl_portfolio.analysis.history.rfm import rf_grid, rfm_table
from xl_portfolio.analysis.margin import compute_margins
from xl_portfolio.analysis.result import Finding
from xl_portfolio.settings import TREND_PERIODS, Settings

# Customer columns the history adds (besides replacing clv), in output order.
CUSTOMER_COLUMNS = ("rfm_score", "rfm_segment_code", "p_alive", "expected_purchases",
                    "at_risk", "clv_method", "clv")


@dataclass
class History:
    """Everything the invoice history gives, for the Trends sheet and Python users.

    periods: one row per period, oldest first (see bridge.period_table); the first row's
        flows are NaN because it has no previous period.
    cohort_share / cohort_revenue: cohort triangles (rows: first period; columns: periods
        since); cohort_sizes: customers per cohort.
    rfm_grid: customers per recency (rows 5..1) x frequency (columns 1..5) score.
    lifetime: the BG/NBD and Gamma-Gamma fits (parameters, log-likelihood) or why not.
    calibration: the holdout check of BG/NBD on the last period.
    customers: per customer name, the CUSTOMER_COLUMNS.
    """

    trend_period: str
    period_months: int
    periods: pd.DataFrame
    cohort_share: pd.DataFrame
    cohort_revenue: pd.DataFrame
    cohort_sizes: pd.Series
    rfm_grid: pd.DataFrame
    lifetime: LifetimeFit
    calibration: Calibration
    customers: pd.DataFrame
    findings: list[Finding] = field(default_factory=list)

    @property
    def has_previous_period(self) -> bool:
        return len(self.periods) > 1


def _net_margin_panel(panel: pd.DataFrame, settings: Settings) -> np.ndarray:
    """Net margin per customer and period from the period's own revenue, cost of goods
    (else the default gross margin %), orders and order lines; drivers without a date
    (deliveries, visits ...) and credit cost are not in it."""
    return compute_margins(panel, settings)["net_margin"].to_numpy()


def analyze_history(lines: pd.DataFrame, as_of: dt.date, settings: Settings,
                    customers: pd.DataFrame, portfolio_margin_pct: float) -> History:
    """The whole history analysis of invoice lines up to as_of.

    customers: the portfolio's customer table (customer, net_margin_pct, clv): the CLV
    uses each customer's net margin % and keeps the simple CLV where the model cannot.
    """
    end = pd.Timestamp(as_of)
    lines = lines.loc[lines["date"] <= end]
    # Integer keys: every groupby below is several times faster than on text.
    codes, _ = pd.factorize(lines["key"])
    lines = lines.assign(key=codes)
    months = TREND_PERIODS[settings.trend_period]
    periods = make_periods(lines["date"].min(), as_of, months)
    labels = periods.labels()
    panel = customer_period_panel(lines, periods)
    panel["net_margin"] = _net_margin_panel(panel, settings)
    keys = pd.Index(panel["key"].unique())
    revenue = wide(panel, "revenue", keys, len(periods))
    margin = wide(panel, "net_margin", keys, len(periods))
    table = period_table(revenue, margin, labels)
    share, kept, sizes = cohort_tables(revenue, labels)

    days = daily_purchases(lines, end)
    summary = summarise(days, end)
    names = lines.groupby("key", sort=False)["customer"].first().reindex(summary.index)
    rfm = rfm_table(summary["recency_days"].to_numpy(), summary["purchases"].to_numpy(),
                    summary["revenue_total"].to_numpy())
    rfm.index = summary.index
    by_name = customers.set_index("customer")
    margin_pct = by_name["net_margin_pct"].reindex(names.to_numpy()).to_numpy(dtype="float64")
    margin_pct = np.where(np.isfinite(margin_pct), margin_pct, portfolio_margin_pct)
    simple = by_name["clv"].reindex(names.to_numpy()).to_numpy(dtype="float64")
    fit = fit_lifetime(summary)
    life = lifetime_table(summary, fit, margin_pct, simple, months * WEEKS_PER_MONTH,
                          settings.clv_horizon_months, settings.clv_discount_rate,
                          settings.alive_risk_threshold)
    per_customer = pd.concat([rfm, life], axis=1)
    per_customer.index = names.to_numpy()
    holdout_start = pd.Timestamp(periods.starts[-1])
    return History(
        trend_period=settings.trend_period, period_months=months, periods=table,
        cohort_share=share, cohort_revenue=kept, cohort_sizes=sizes,
        rfm_grid=rf_grid(rfm), lifetime=fit,
        calibration=calibrate(days, holdout_start, end, fit.bgnbd),
        customers=per_customer[list(CUSTOMER_COLUMNS)],
        findings=trend_findings(table, settings),
    )
