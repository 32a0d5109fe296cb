"""One call from a validated customer frame to the full PortfolioResult.

The CLI, the report writer, the ribbon refresh and the worksheet functions all go
through analyze_frame, so a figure cannot differ between them. Everything is
vectorised: 100,000 customers take about a second.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from xl_portfolio.analysis._columns import customer_names, fraction, numeric, numeric_or
from xl_portfolio.analysis._columns import revenue as revenue_of
from xl_portfolio.analysis.actions import plan_actions
from xl_portfolio.analysis.alerts import concentration_warnings, loss_warning, trend_warnings
from xl_portfolio.analysis.clv import simple_clv
from xl_portfolio.analysis.dependency import concentration, revenue_shares
from xl_portfolio.analysis.growth import growth_potential, revenue_growth
from xl_portfolio.analysis.margin import compute_margins
from xl_portfolio.analysis.pareto import abc_classes
from xl_portfolio.analysis.pyramid import ACTIVE_TIERS, assign_tiers
from xl_portfolio.analysis.result import PortfolioResult
from xl_portfolio.analysis.segments import (
    profitability_classes,
    segment_codes,
    size_classes,
    target_margin,
)
from xl_portfolio.analysis.tables import matrix_table, tier_table, whale_table
from xl_portfolio.analysis.trends import BaseTrends, base_trends
from xl_portfolio.errors import InputError
from xl_portfolio.i18n import labels, t
from xl_portfolio.schema import CUSTOMER_INPUTS, OUTPUT_COLUMNS, REQUIRED_OUTPUT, SourceInfo
from xl_portfolio.settings import Settings

CODE_COLUMNS = ("tier_code", "size_code", "profitability_code", "segment_code",
                "growth_code", "dependency_flag", "payment_risk_flag")
# Output columns computed from revenue and margins alone, so present for any input.
_ALWAYS_COMPUTED = ("gross_margin_pct", "gross_margin_assumed", "credit_cost", "abc_class",
                    "size_class", "profitability", "priority", "growth_condition",
                    "growth_timing", "growth_success_pct", "expected_extra_margin")
# Output columns that exist only when the input held what they are made from.
_NEEDS = {"revenue_growth": ("revenue_previous",), "payment_risk": ("dso", "overdue"),
          "tenure_years": ("first_invoice_date",)}


def resolve_as_of(as_of: dt.date | None, settings: Settings,
                  source: SourceInfo | None) -> dt.date:
    """The reference date: argument, then settings, then the source, then today."""
    for candidate in (as_of, settings.as_of, source.as_of if source else None):
        if candidate is not None:
            return candidate.date() if isinstance(candidate, dt.datetime) else candidate
    return dt.date.today()


def _had_revenue_before(frame: pd.DataFrame) -> pd.Series:
    """Bought before: previous revenue, or any invoice date on record."""
    before = numeric_or(frame, "revenue_previous") > 0
    for column in ("first_invoice_date", "last_invoice_date"):
        if column in frame.columns:
            before |= frame[column].notna().to_numpy()
    return pd.Series(before, index=frame.index)


def _tenure_years(frame: pd.DataFrame, as_of: dt.date) -> np.ndarray:
    first = pd.to_datetime(frame["first_invoice_date"], errors="coerce")
    days = (pd.Timestamp(as_of) - first).dt.days.to_numpy(dtype="float64", na_value=np.nan)
    return days / 365.25


def _classify(frame: pd.DataFrame, margins: pd.DataFrame, settings: Settings,
              names: pd.Series) -> tuple[pd.DataFrame, float]:
    """Codes per customer and the profitability target that was used."""
    sales = pd.Series(revenue_of(frame), index=frame.index)
    tiers = assign_tiers(sales, had_revenue_before=_had_revenue_before(frame),
                         settings=settings, customer_names=names)
    sizes = size_classes(tiers)
    active = tiers.isin(ACTIVE_TIERS)
    target = target_margin(sales, margins["net_margin"], active, settings)
    profit = profitability_classes(margins["net_margin_pct"], target, sizes)
    codes = pd.DataFrame({
        "tier_code": tiers, "size_code": sizes, "profitability_code": profit,
        "segment_code": segment_codes(sizes, profit, tiers),
        "growth_code": growth_potential(frame, settings),
    })
    return codes, target


def _customer_table(frame: pd.DataFrame, settings: Settings, as_of: dt.date
                    ) -> tuple[pd.DataFrame, float]:
    """Every output column (canonical names) plus the code columns, unsorted."""
    lang = settings.language
    names = customer_names(frame)
    margins = compute_margins(frame, settings)
    codes, target = _classify(frame, margins, settings, names)
    work = pd.concat([frame.drop(columns=[c for c in frame.columns if c in margins.columns
                                          or c in codes.columns]), margins, codes], axis=1)
    work["customer"] = frame["customer"]
    work["revenue"] = revenue_of(frame)
    work["revenue_share"] = revenue_shares(work["revenue"])
    work["abc_class"] = abc_classes(work["revenue"])
    work["revenue_growth"] = revenue_growth(frame)
    work = pd.concat([work, plan_actions(work, settings, as_of)], axis=1)
    active = codes["tier_code"].isin(ACTIVE_TIERS).to_numpy()
    yearly = work["net_margin"].to_numpy() * 12.0 / settings.period_months
    work["clv"] = np.where(active, simple_clv(yearly, settings.clv_retention,
                                              settings.clv_discount_rate), 0.0)
    if "first_invoice_date" in frame.columns:
        work["tenure_years"] = _tenure_years(frame, as_of)
    yes_no = {True: t("yes", lang), False: t("no", lang)}
    work["pyramid_tier"] = codes["tier_code"].map(labels("tier", lang))
    work["size_class"] = codes["size_code"].map(labels("size", lang))
    work["profitability"] = codes["profitability_code"].map(labels("profitability", lang))
    work["segment"] = codes["segment_code"].map(labels("segment", lang))
    work["growth_potential"] = codes["growth_code"].map(labels("growth", lang))
    work["dependency_risk"] = work["dependency_flag"].map(yes_no)
    work["payment_risk"] = work["payment_risk_flag"].map(yes_no)
    if "share_of_wallet" in frame.columns:
        work["share_of_wallet"] = fraction(numeric(frame, "share_of_wallet"))
    return work, target


def _output_columns(frame: pd.DataFrame, work: pd.DataFrame) -> list[str]:
    """OUTPUT_COLUMNS in order: required, always computed, and those the input allows."""
    chosen = []
    for name in OUTPUT_COLUMNS:
        if name in REQUIRED_OUTPUT or name in _ALWAYS_COMPUTED:
            chosen.append(name)
        elif name in _NEEDS:
            if any(source in frame.columns for source in _NEEDS[name]):
                chosen.append(name)
        elif name in frame.columns:
            chosen.append(name)
    extras = list(CODE_COLUMNS) + sorted(c for c in work.columns if c.startswith("cts_"))
    return chosen + extras


def _summary(customers: pd.DataFrame, whale: pd.DataFrame, conc: Any, target: float,
             as_of: dt.date, trends: BaseTrends | None) -> dict[str, Any]:
    """Portfolio key figures. loss_making_* count active customers with a negative net
    margin; margin_destroyer_share counts every customer served (the whale curve's
    population), so an inactive customer still costing money is included there."""
    active = customers["tier_code"].isin(ACTIVE_TIERS)
    n_active = int(active.sum())
    revenue = float(customers["revenue"].sum())
    positive_revenue = float(customers["revenue"].clip(lower=0).sum())
    net = float(customers["net_margin"].sum())
    loss = active & (customers["net_margin"] < 0)
    if len(whale):
        peak = int(np.nanargmax(whale["cumulative_net_margin"].to_numpy()))
        peak_pct = float(whale["cumulative_net_margin_pct"].iloc[peak])
        peak_share = float(whale["customer_share"].iloc[peak])
        destroyers = float((whale["net_margin"] < 0).mean())
    else:
        peak_pct = peak_share = float("nan")
        destroyers = 0.0
    summary: dict[str, Any] = {
        "customers": len(customers),
        "active_customers": n_active,
        "inactive_customers": int((customers["tier_code"] == "inactive").sum()),
        "prospects": int((customers["tier_code"] == "prospect").sum()),
        "revenue": revenue,
        "gross_margin": float(customers["gross_margin"].sum()),
        "cost_to_serve": float(customers["cost_to_serve"].sum()),
        "net_margin": net,
        "net_margin_pct": net / revenue if revenue > 0 else float("nan"),
        "gross_margin_assumed_customers": int(customers["gross_margin_assumed"].sum()),
        "loss_making_customers": int(loss.sum()),
        "loss_making_customer_share": float(loss.sum() / n_active) if n_active else 0.0,
        "loss_making_revenue_share": float(customers.loc[loss, "revenue"].sum()
                                           / positive_revenue) if positive_revenue > 0
        else 0.0,
        "loss_making_net_margin": float(customers.loc[loss, "net_margin"].sum()),
        "whale_peak_pct": peak_pct,
        "whale_peak_customer_share": peak_share,
        "margin_destroyer_share": destroyers,
        "target_net_margin_pct": target,
        "as_of": as_of,
        "expected_extra_margin_total": float(customers["expected_extra_margin"].sum()),
        "clv_total": float(customers["clv"].sum()),
        "cr1": conc.cr1, "cr5": conc.cr5, "cr10": conc.cr10, "hhi": conc.hhi,
        "hhi_band": conc.hhi_band, "effective_number": conc.effective_number,
    }
    if trends is not None:
        summary.update({
            "revenue_previous": trends.revenue_previous,
            "revenue_growth": trends.revenue_growth,
            "customers_lost": trends.customers_lost,
            "customers_new": trends.customers_new,
            "revenue_lost": trends.revenue_lost,
            "revenue_new": trends.revenue_new,
            "churn_rate": trends.churn_rate,
            "customers_start": trends.customers_start,
            "revenue_now": trends.revenue_now,
            "revenue_expansion": trends.revenue_expansion,
            "revenue_contraction": trends.revenue_contraction,
            "gross_revenue_retention": trends.gross_revenue_retention,
            "net_revenue_retention": trends.net_revenue_retention,
        })
    return summary


def analyze_frame(frame: pd.DataFrame, settings: Settings | None = None, *,
                  source: SourceInfo | None = None,
                  as_of: dt.date | None = None) -> PortfolioResult:
    """Analyse one validated customer frame (one row per customer, canonical columns)."""
    settings = settings or Settings()
    if "customer" not in frame.columns:
        raise InputError("the customer frame has no 'customer' column")
    as_of = resolve_as_of(as_of, settings, source)
    # Only canonical inputs: a stray column named like an output must not shadow it.
    frame = frame[[c for c in frame.columns if c in CUSTOMER_INPUTS]].reset_index(drop=True)
    work, target = _customer_table(frame, settings, as_of)
    work["_name"] = customer_names(frame)
    work = work.sort_values(["revenue", "_name"], ascending=[False, True], kind="mergesort")
    ordered_frame = frame.loc[work.index].reset_index(drop=True)
    customers = work[_output_columns(frame, work)].reset_index(drop=True)

    conc = concentration(customers, settings)
    whale = whale_table(customers)
    trends = base_trends(ordered_frame)
    summary = _summary(customers, whale, conc, target, as_of, trends)
    names = customer_names(customers)
    flagged_shares = dict(zip(names[customers["dependency_flag"]],
                              customers.loc[customers["dependency_flag"], "revenue_share"],
                              strict=True))
    warnings = (concentration_warnings(conc, flagged_shares, settings)
                + loss_warning(summary, settings)
                + trend_warnings(trends, settings))
    return PortfolioResult(
        customers=customers,
        tiers=tier_table(customers, settings),
        matrix=matrix_table(customers, settings),
        whale=whale,
        concentration=conc,
        summary=summary,
        warnings=warnings,
        settings=settings,
        source=source,
    )




def subset_summary(customers: pd.DataFrame, whale: pd.DataFrame, conc: Any, target: float,
                   as_of: dt.date) -> dict[str, Any]:
    """Key figures for a selection of customers (one account manager's, for the share
    command), computed as for the whole portfolio; no trends (they need invoice lines)."""
    return _summary(customers, whale, conc, target, as_of, None)
