"""What to do with each customer, by when, and what a growth plan is expected to earn.

The base action comes from the segment (domain.md default matrix). On top of it:
- growth plan for profitable customers (not loss-making) with high or medium growth
  potential: condition, timing (as_of + growth_plan_months), success % and
  expected extra margin = revenue x uplift x gross margin % x success %.
  Gross margin %, not net margin %: extra revenue through the existing order pattern
  adds its gross margin while most cost to serve (orders, deliveries, visits) stays,
  so the gross % is the honest incremental margin (floored at 0: a plan never
  "expects" a loss);
- "remediate first, then develop" for loss-making customers with potential (no
  expected margin is budgeted until the terms are fixed);
- "reduce dependency" when the revenue share is at or above dependency_threshold;
- "tighten payment terms" on payment risk (DSO >= dso_risk_days or
  overdue / revenue >= overdue_risk_share).

A customer whose margin is not measured (assumed gross margin) gets the action of its
size ("record the cost of goods to measure the margin; meanwhile ..."), and a growth
plan like a profitable customer (valued at the assumed gross margin, and said so).

Money at stake and the reason in figures come from analysis.stakes. Expected extra
margin = the growth plan's probability-weighted margin + for a measured loss-making
customer the loss x remediation_success (the chance it accepts new terms), so fixing a
loss is valued too.

Priority: 1 = act this month, and rare: measured loss-making Large and Medium customers
(remediate_now, remediate) and payment risk at a Large customer. 2 = margin work on the
other low/loss cells, anchoring the large profitable ones, large customers whose margin
is not measured, growth plans, dependency or payment risk. 3 = the rest.
Next review = as_of + months: anchoring 6 (anchor_grow, develop, measure_medium),
remediation 1 (remediate_now, remediate, renegotiate_or_let_go), improvement 3
(renegotiate, improve_margin, streamline, reactivate_or_close, qualify_prospect,
measure_large), maintenance 12 (maintain, measure_small). Payment risk brings the
review forward to at most the improvement interval, priority 1 to at most the
remediation interval.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from xl_portfolio.analysis import stakes
from xl_portfolio.analysis._columns import numeric, safe_divide
from xl_portfolio.analysis._text import fill, format_numbers
from xl_portfolio.i18n import format_date, format_pct, months_text, t
from xl_portfolio.settings import Settings

_REVIEW_KIND = {
    "anchor_grow": "anchor", "develop": "anchor",
    "remediate_now": "remediate", "remediate": "remediate",
    "renegotiate_or_let_go": "remediate",
    "renegotiate": "improve", "improve_margin": "improve", "streamline": "improve",
    "reactivate_or_close": "improve", "qualify_prospect": "improve",
    "maintain": "maintain",
    "measure_large": "improve", "measure_medium": "anchor", "measure_small": "maintain",
}
_URGENT = ("remediate_now", "remediate")
_SECOND = ("renegotiate", "improve_margin", "streamline", "renegotiate_or_let_go",
           "anchor_grow", "measure_large")


def _interval_months(settings: Settings) -> dict[str, int]:
    return {
        "anchor": settings.review_months_anchor,
        "remediate": settings.review_months_remediate,
        "improve": settings.review_months_improve,
        "maintain": settings.review_months_maintain,
    }


def review_months(segment_codes: pd.Series, settings: Settings) -> pd.Series:
    """Months until the next review per customer, from the segment."""
    kinds = segment_codes.map(_REVIEW_KIND).fillna("improve")
    return kinds.map(_interval_months(settings)).astype("int64")


def base_actions(settings: Settings) -> dict[str, str]:
    """segment code -> action sentence in the settings' language."""
    lang = settings.language
    intervals = _interval_months(settings)
    return {code: t(f"action.{code}", lang, period=months_text(intervals[kind], lang))
            for code, kind in _REVIEW_KIND.items()}


def add_months(as_of: dt.date, months: pd.Series) -> pd.Series:
    """as_of + n months per row (month-end aware), computed once per distinct n."""
    start = pd.Timestamp(as_of)
    dates = {int(n): start + pd.DateOffset(months=int(n)) for n in pd.unique(months)}
    return months.map(dates).astype("datetime64[ns]")


def payment_risk(frame: pd.DataFrame, settings: Settings) -> pd.Series:
    """True when DSO or the overdue share of revenue is at or above its threshold."""
    risk = np.zeros(len(frame), dtype=bool)
    dso = numeric(frame, "dso")
    if dso is not None:
        risk |= np.nan_to_num(dso, nan=-np.inf) >= settings.dso_risk_days
    overdue = numeric(frame, "overdue")
    if overdue is not None:
        overdue = np.nan_to_num(overdue, nan=0.0)
        sales = pd.to_numeric(frame["revenue"], errors="coerce").fillna(0.0).to_numpy() \
            if "revenue" in frame.columns else np.zeros(len(frame))
        share = safe_divide(overdue, sales)
        overdue_risk = np.where(sales > 0, np.nan_to_num(share, nan=0.0)
                                >= settings.overdue_risk_share, overdue > 0)
        risk |= overdue_risk
    return pd.Series(risk, index=frame.index, name="payment_risk_flag")


def _with_suffix(text: pd.Series, mask: np.ndarray, suffix: pd.Series | str,
                 separator: str) -> pd.Series:
    """Append separator + suffix where mask holds (vectorised string concatenation)."""
    if not mask.any():
        return text
    joined = text + separator + suffix
    return text.where(~mask, joined)


def plan_actions(customers: pd.DataFrame, settings: Settings, as_of: dt.date,
                 target: float = 0.0) -> pd.DataFrame:
    """Action columns for a frame holding the codes and figures of every customer.

    Needs: segment_code, profitability_code, size_code, growth_code, revenue,
    gross_margin_pct, revenue_share, net_margin, net_margin_pct; optional
    margin_measured, dso and overdue. target: the net margin % that splits high from
    low (for the margin gap). Returns action, priority, next_review, growth_condition,
    growth_timing, growth_success_pct, expected_extra_margin, money_at_stake,
    action_reason, stake_code, dependency_flag, payment_risk_flag.
    """
    lang = settings.language
    sep = t("list_separator", lang)
    index = customers.index
    segment = customers["segment_code"].astype(str)
    growth = customers["growth_code"].astype(str).to_numpy()
    profit = customers["profitability_code"].astype(str).to_numpy()
    sales = customers["revenue"].to_numpy(dtype="float64")

    months = review_months(segment, settings)
    action = segment.map(base_actions(settings)).astype(object)

    potential = np.isin(growth, ("high", "medium"))
    planned = potential & np.isin(profit, ("high", "low", "not_measured"))
    remediate_first = potential & (profit == "loss")
    uplift = np.where(growth == "high", settings.growth_uplift_high,
                      settings.growth_uplift_medium)
    success = np.where(growth == "high", settings.growth_success_high,
                       settings.growth_success_medium)
    gross_pct = np.clip(np.nan_to_num(customers["gross_margin_pct"].to_numpy(
        dtype="float64"), nan=0.0), 0.0, None)
    extra_revenue = sales * uplift
    expected = np.where(planned, extra_revenue * gross_pct * success, 0.0)

    uplift_text = {u: format_pct(u, lang, 0) for u in np.unique(uplift)}
    plan_suffix = pd.Series(uplift, index=index).map(
        {u: t("action.growth_plan", lang, uplift=text) for u, text in uplift_text.items()})
    action = _with_suffix(action, planned, plan_suffix, sep)
    action = _with_suffix(action, remediate_first, t("action.remediate_then_develop", lang), sep)

    shares = customers["revenue_share"].to_numpy(dtype="float64")
    dependent = shares >= settings.dependency_threshold
    if dependent.any():
        share_text = pd.Series("", index=index, dtype=object)
        share_text[dependent] = [t("action.reduce_dependency", lang, share=format_pct(s, lang))
                                 for s in shares[dependent]]
        action = _with_suffix(action, dependent, share_text, sep)
    paying_late = payment_risk(customers, settings).to_numpy()
    action = _with_suffix(action, paying_late, t("action.tighten_payment", lang), sep)

    improve = settings.review_months_improve
    months = months.where(~paying_late, np.minimum(months, improve))
    plan_date = (pd.Timestamp(as_of) + pd.DateOffset(months=settings.growth_plan_months))
    timing = t("growth.timing", lang, period=months_text(settings.growth_plan_months, lang),
               date=format_date(plan_date.date(), lang))
    condition = np.full(len(customers), "", dtype=object)
    if planned.any():
        uplifts = pd.Series(uplift[planned]).map(uplift_text).to_numpy(dtype=object)
        condition[planned] = fill(t("growth.condition", lang),
                                  {"uplift": uplifts,
                                   "amount": format_numbers(extra_revenue[planned], lang)},
                                  int(planned.sum()))

    seg = segment.to_numpy()
    large = customers["size_code"].astype(str).to_numpy() == "large" \
        if "size_code" in customers else np.zeros(len(customers), dtype=bool)
    urgent = np.isin(seg, _URGENT) | (paying_late & large)
    priority = np.select(
        [urgent, np.isin(seg, _SECOND) | planned | dependent | paying_late],
        [1, 2], default=3)
    months = months.where(~urgent, np.minimum(months, settings.review_months_remediate))

    options = stakes.candidates(customers, target, expected, dependent, paying_late,
                                settings)
    money, stake_code = stakes.money_at_stake(options)
    reason = stakes.reasons(customers, stake_code, money, target=target, settings=settings,
                            growth={"uplift": uplift, "success": success,
                                    "gross_pct": gross_pct})
    expected = expected + options["loss"].to_numpy() * settings.remediation_success
    return pd.DataFrame(
        {
            "action": action.to_numpy(dtype=object),
            "priority": priority.astype("int64"),
            "next_review": add_months(as_of, months).to_numpy(),
            "growth_condition": condition,
            "growth_timing": np.where(planned, timing, ""),
            "growth_success_pct": np.where(planned, success, np.nan),
            "expected_extra_margin": expected,
            "money_at_stake": money,
            "action_reason": reason,
            "stake_code": stake_code,
            "dependency_flag": dependent,
            "payment_risk_flag": paying_late,
        },
        index=index,
    )
