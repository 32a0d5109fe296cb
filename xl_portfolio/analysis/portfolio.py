"""One call from a validated customer frame to the full PortfolioResult.

The CLI, the report writer, the ribbon refresh and the worksheet functions all go
through analyze_frame, so a figure cannot differ between them. Everything is
vectorised: 100,000 customers take about a second.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from xl_portfolio.analysis._columns import customer_names, fraction, numeric, numeric_or
from xl_portfolio.analysis._columns import revenue as revenue_of
from xl_portfolio.analysis.actions import plan_actions
from xl_portfolio.analysis.alerts import (
    assumption_findings,
    concentration_findings,
    loss_findings,
    trend_alerts,
)
from xl_portfolio.analysis.clv import simple_clv
from xl_portfolio.analysis.dependency import concentration, revenue_shares
from xl_portfolio.analysis.growth import growth_potential, revenue_growth
from xl_portfolio.analysis.history import History, analyze_history
from xl_portfolio.analysis.margin import compute_margins
from xl_portfolio.analysis.pareto import abc_classes
from xl_portfolio.analysis.previous import previous_figures
from xl_portfolio.analysis.pyramid import ACTIVE_TIERS, assign_tiers
from xl_portfolio.analysis.result import Concentration, PortfolioResult, ranked_texts
from xl_portfolio.analysis.segments import classify, portfolio_target, target_source
from xl_portfolio.analysis.summary import build_summary, driver_presence
from xl_portfolio.analysis.tables import matrix_table, tier_table, whale_table
from xl_portfolio.analysis.trends import base_trends
from xl_portfolio.errors import InputError
from xl_portfolio.i18n import labels, t
from xl_portfolio.schema import CUSTOMER_INPUTS, OUTPUT_COLUMNS, REQUIRED_OUTPUT, SourceInfo
from xl_portfolio.settings import Settings

CODE_COLUMNS = ("tier_code", "size_code", "profitability_code", "segment_code",
                "growth_code", "dependency_flag", "payment_risk_flag", "stake_code")
# Output columns computed from revenue and margins alone, so present for any input.
_ALWAYS_COMPUTED = ("gross_margin_pct", "gross_margin_assumed", "margin_measured",
                    "credit_cost", "abc_class", "size_class", "profitability", "priority",
                    "growth_condition", "growth_timing", "growth_success_pct",
                    "expected_extra_margin", "money_at_stake", "action_reason")
# Output columns that exist only when the input held what they are made from.
# Output columns of the invoice history (RFM, probabilistic CLV), present with lines.
_FROM_HISTORY = ("rfm_score", "rfm_segment", "p_alive", "expected_purchases", "at_risk",
                 "clv_method")
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
    target = portfolio_target(sales, margins["net_margin"], settings)
    codes = classify(tiers, margins["net_margin_pct"], target, margins["margin_measured"])
    codes["growth_code"] = growth_potential(frame, settings)
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
    work["abc_class"] = abc_classes(work["revenue"], names=names)
    work["revenue_growth"] = revenue_growth(frame)
    work = pd.concat([work, plan_actions(work, settings, as_of, target)], axis=1)
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
        elif name in frame.columns or (name in _FROM_HISTORY and name in work.columns):
            chosen.append(name)
    extras = list(CODE_COLUMNS) + [c for c in ("rfm_segment_code",) if c in work.columns]
    extras += sorted(c for c in work.columns if c.startswith("cts_"))
    return chosen + extras


def _add_history(work: pd.DataFrame, lines: pd.DataFrame, as_of: dt.date,
                 settings: Settings) -> History:
    """Run the history analysis and put its customer columns (RFM, CLV ...) on work."""
    revenue = float(work["revenue"].sum())
    portfolio_pct = float(work["net_margin"].sum()) / revenue if revenue > 0 else 0.0
    history = analyze_history(lines, as_of, settings, work[["customer", "net_margin_pct",
                                                            "clv"]], portfolio_pct)
    lang = settings.language
    # The names looked up once for every column (Series.map would hash them per column);
    # a name not in the history gets NaN, as with map.
    where = history.customers.index.get_indexer(work["customer"])
    for column in history.customers.columns:
        mapped = pd.Series(pd.api.extensions.take(history.customers[column].array, where,
                                                  allow_fill=True), index=work.index)
        work[column] = mapped.where(mapped.notna(), work[column]) if column == "clv" \
            else mapped
    work["rfm_segment"] = work["rfm_segment_code"].map(labels("rfm", lang))
    work["clv_method"] = work["clv_method"].map(labels("clv_method", lang))
    work["at_risk"] = work["at_risk"].map({True: t("yes", lang), False: t("no", lang)})
    return history


def analyze_frame(frame: pd.DataFrame, settings: Settings | None = None, *,
                  source: SourceInfo | None = None,
                  as_of: dt.date | None = None,
                  lines: pd.DataFrame | None = None) -> PortfolioResult:
    """Analyse one validated customer frame (one row per customer, canonical columns).

    lines: the invoice lines the frame was made from (PortfolioInput.lines), for the
    history analysis (periods, cohorts, RFM, probabilistic CLV); None for a customer sheet.
    """
    settings = settings or Settings()
    if "customer" not in frame.columns:
        raise InputError("the customer frame has no 'customer' column")
    as_of = resolve_as_of(as_of, settings, source)
    # Only canonical inputs: a stray column named like an output must not shadow it.
    frame = frame[[c for c in frame.columns if c in CUSTOMER_INPUTS]].reset_index(drop=True)
    work, target = _customer_table(frame, settings, as_of)
    history = _add_history(work, lines, as_of, settings) if lines is not None else None
    work["_name"] = customer_names(frame)
    work = work.sort_values(["revenue", "_name"], ascending=[False, True], kind="mergesort")
    ordered_frame = frame.loc[work.index].reset_index(drop=True)
    customers = work[_output_columns(frame, work)].reset_index(drop=True)

    conc = concentration(customers, settings)
    whale = whale_table(customers)
    trends = base_trends(ordered_frame)
    if history is not None and not history.has_previous_period:
        trends = None  # one period of invoices: no churn or "all new" figures to report
    has_drivers, drivers_used = driver_presence(ordered_frame)
    summary = build_summary(customers, whale, conc, target=target,
                            target_source=target_source(settings), as_of=as_of,
                            trends=trends, settings=settings, drivers_used=drivers_used,
                            has_drivers=has_drivers)
    summary["previous"] = previous_figures(
        ordered_frame, customers["gross_margin_assumed"].to_numpy(dtype=bool), as_of=as_of,
        settings=settings, kind=source.kind if source is not None else None)
    names = customer_names(customers)
    flagged = customers["dependency_flag"].to_numpy(dtype=bool)
    flagged_shares = dict(zip(names[flagged], customers.loc[flagged, "revenue_share"],
                              strict=True))
    flagged_revenue = dict(zip(names[flagged], customers.loc[flagged, "revenue"], strict=True))
    top5_revenue = float(customers["revenue"].clip(lower=0).head(5).sum())
    findings = (concentration_findings(conc, flagged_shares, settings, flagged_revenue,
                                       top5_revenue)
                + loss_findings(summary, settings)
                + assumption_findings(customers, summary, settings, has_drivers)
                + (list(history.findings) if history is not None
                   else trend_alerts(trends, settings)))
    return PortfolioResult(
        customers=customers,
        tiers=tier_table(customers, settings),
        matrix=matrix_table(customers, settings),
        whale=whale,
        concentration=conc,
        summary=summary,
        warnings=ranked_texts(findings),
        settings=settings,
        source=source,
        findings=findings,
        history=history,
    )




def subset_summary(customers: pd.DataFrame, whale: pd.DataFrame, conc: Concentration,
                   target: float, as_of: dt.date, settings: Settings) -> dict[str, object]:
    """Key figures for a selection of customers (one account manager's, for the share
    command), computed as for the whole portfolio; no trends (they need invoice lines).
    Cost-driver presence is not known from a report's Customers table: counted as present."""
    return build_summary(customers, whale, conc, target=target,
                         target_source=target_source(settings), as_of=as_of, trends=None,
                         settings=settings, drivers_used=(),
                         has_drivers=np.ones(len(customers), dtype=bool))
