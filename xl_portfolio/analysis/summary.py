"""The portfolio's key figures: one key per figure, one definition per count.

Populations (README, "The method", says the same):
- customers: every row of the input; the dashboard's revenue, margins and net margin %
  are totals over all of them;
- active: revenue > 0 in the current period (pyramid Top, Big, Medium, Small);
  inactive: no positive revenue now, bought before (or a net credit now); prospect:
  never bought. active + inactive + prospects = customers;
- loss-making = margin destroyers: ACTIVE customers with a net margin below 0, whether
  their gross margin was measured or assumed (loss_making_assumed_customers says how
  many of them rest on an assumed margin). The whale curve and the matrix cover the
  active customers, so their counts add up to active_customers;
- assumed_margin_customers / margin_measured_customers: active customers whose gross
  margin came from default_gross_margin_pct / from the input (they add up to active);
- cost_to_serve_unmeasured_customers: active customers without any cost-driver
  quantity in the input (their cost to serve is the credit cost only);
  cost_to_serve_default_rates: driver quantities were used and every rate applied to
  them is the tool's default, so the amount rests on assumed rates.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from xl_portfolio.analysis._columns import numeric_or
from xl_portfolio.analysis.pyramid import ACTIVE_TIERS, pyramid_rule
from xl_portfolio.analysis.result import Concentration
from xl_portfolio.analysis.trends import BaseTrends
from xl_portfolio.schema import DRIVER_RATES
from xl_portfolio.settings import Settings


def driver_presence(frame: pd.DataFrame) -> tuple[np.ndarray, tuple[str, ...]]:
    """Per customer: any driver quantity > 0; and the driver columns used at all."""
    has = np.zeros(len(frame), dtype=bool)
    used: list[str] = []
    for driver in DRIVER_RATES:
        if driver in frame.columns:
            positive = numeric_or(frame, driver) > 0
            has |= positive
            if positive.any():
                used.append(driver)
    return has, tuple(used)


def default_rates_only(drivers: tuple[str, ...], settings: Settings) -> bool:
    """True when drivers were used and each one's rate is still the tool's default."""
    defaults = Settings()
    return bool(drivers) and all(
        getattr(settings, DRIVER_RATES[d]) == getattr(defaults, DRIVER_RATES[d])
        for d in drivers)


def period_dates(as_of: dt.date, months: int) -> dict[str, dt.date]:
    """First and last day of the current and of the previous period (inclusive)."""
    end = pd.Timestamp(as_of)
    start = end - pd.DateOffset(months=months)
    before = end - pd.DateOffset(months=2 * months)
    day = pd.Timedelta(days=1)
    return {"period_start": (start + day).date(), "period_end": end.date(),
            "previous_period_start": (before + day).date(),
            "previous_period_end": start.date()}


def _counts(customers: pd.DataFrame, whale: pd.DataFrame) -> dict[str, Any]:
    tiers = customers["tier_code"]
    active = tiers.isin(ACTIVE_TIERS).to_numpy()
    measured = customers["margin_measured"].to_numpy(dtype=bool)
    net = customers["net_margin"].to_numpy(dtype="float64")
    loss = active & (net < 0)
    n_active = int(active.sum())
    positive_revenue = float(customers["revenue"].clip(lower=0).sum())
    destroyers = int((whale["net_margin"] < 0).sum()) if len(whale) else 0
    return {
        "customers": len(customers),
        "active_customers": n_active,
        "inactive_customers": int((tiers == "inactive").sum()),
        "prospects": int((tiers == "prospect").sum()),
        "matrix_customers": n_active,
        "whale_customers": len(whale),
        "margin_measured_customers": int((active & measured).sum()),
        "assumed_margin_customers": int((active & ~measured).sum()),
        "gross_margin_assumed_customers": int((active & ~measured).sum()),
        "no_margin_measured": bool(n_active and not (active & measured).any()),
        "loss_making_customers": int(loss.sum()),
        "loss_making_assumed_customers": int((loss & ~measured).sum()),
        "loss_making_customer_share": float(loss.sum() / n_active) if n_active else 0.0,
        "loss_making_revenue_share": float(customers.loc[loss, "revenue"].sum()
                                           / positive_revenue) if positive_revenue > 0
        else 0.0,
        "loss_making_net_margin": float(net[loss].sum()),
        "margin_destroyers": destroyers,
        "margin_destroyer_share": destroyers / len(whale) if len(whale) else 0.0,
        "priority_1_customers": int((customers["priority"] == 1).sum()),
    }


def _whale_figures(whale: pd.DataFrame) -> dict[str, float]:
    if not len(whale):
        return {"whale_peak_pct": float("nan"), "whale_peak_customer_share": float("nan")}
    peak = int(np.nanargmax(whale["cumulative_net_margin"].to_numpy()))
    return {"whale_peak_pct": float(whale["cumulative_net_margin_pct"].iloc[peak]),
            "whale_peak_customer_share": float(whale["customer_share"].iloc[peak])}


# BaseTrends fields and properties copied into the summary under the same names.
TREND_KEYS = ("revenue_previous", "revenue_growth", "customers_lost", "customers_new",
              "revenue_lost", "revenue_new", "churn_rate", "customers_start", "revenue_now",
              "revenue_expansion", "revenue_contraction", "gross_revenue_retention",
              "net_revenue_retention")


def build_summary(customers: pd.DataFrame, whale: pd.DataFrame, conc: Concentration, *,
                  target: float, target_source: str, as_of: dt.date,
                  trends: BaseTrends | None, settings: Settings,
                  drivers_used: tuple[str, ...], has_drivers: np.ndarray) -> dict[str, Any]:
    """Every key figure of the portfolio under one key each (see the module docstring)."""
    revenue = float(customers["revenue"].sum())
    net = float(customers["net_margin"].sum())
    active = customers["tier_code"].isin(ACTIVE_TIERS).to_numpy()
    remediation = (customers["profitability_code"] == "loss").to_numpy()
    remediation_value = float((-customers.loc[remediation, "net_margin"]).clip(lower=0).sum()
                              * settings.remediation_success)
    expected = float(customers["expected_extra_margin"].sum())
    summary: dict[str, Any] = {
        **_counts(customers, whale),
        "revenue": revenue,
        "gross_margin": float(customers["gross_margin"].sum()),
        "cost_to_serve": float(customers["cost_to_serve"].sum()),
        "net_margin": net,
        "net_margin_pct": net / revenue if revenue > 0 else float("nan"),
        **_whale_figures(whale),
        "pyramid_rule": pyramid_rule(int(active.sum()), settings),
        "target_net_margin_pct": target,
        "target_source": target_source,
        "cost_to_serve_drivers": drivers_used,
        "cost_to_serve_default_rates": default_rates_only(drivers_used, settings),
        "cost_to_serve_unmeasured_customers": int((active & ~has_drivers).sum()),
        "as_of": as_of,
        **period_dates(as_of, settings.period_months),
        "currency": settings.currency,
        "expected_extra_margin": expected,
        "expected_extra_margin_total": expected,
        "expected_extra_margin_remediation": remediation_value,
        "expected_extra_margin_growth": expected - remediation_value,
        "clv_total": float(customers["clv"].sum()),
        "cr1": conc.cr1, "cr5": conc.cr5, "cr10": conc.cr10, "hhi": conc.hhi,
        "hhi_band": conc.hhi_band, "effective_number": conc.effective_number,
    }
    if trends is not None:
        summary.update({name: getattr(trends, name) for name in TREND_KEYS})
    return summary
