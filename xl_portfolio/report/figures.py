"""Figures the report reads from a result, with the fallbacks a hand-made or older
result needs: the period, the currency, the previous period, money at stake.

The analysis computes every number; this module only finds it (the names are the
result's summary keys and customer columns) and never invents one.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from xl_portfolio.analysis.result import PortfolioResult, ranked_texts
from xl_portfolio.i18n import format_date
from xl_portfolio.report.labels import text

ACTIVE_TIERS = ("top", "big", "medium", "small")
DEFAULT_CURRENCY = "EUR"
DEFAULT_TOP_ACTIONS = 25
# Summary keys of analysis.portfolio, with the older names the fixtures may use.
SUMMARY_KEYS = {
    "loss_customers_share": ("loss_making_customer_share", "loss_customers_share"),
    "loss_revenue_share": ("loss_making_revenue_share", "loss_revenue_share"),
    "expected_extra_margin": ("expected_extra_margin_total", "expected_extra_margin"),
    "assumed_margin_customers": ("assumed_margin_customers", "gross_margin_assumed_customers"),
}


def summary_value(result: PortfolioResult, key: str, fallback: Any) -> Any:
    """A key figure from result.summary; the fallback only for a hand-made result."""
    for name in SUMMARY_KEYS.get(key, (key,)):
        value = result.summary.get(name)
        if value is not None:
            return value
    return fallback()


def language(result: PortfolioResult) -> str:
    return result.settings.language


def as_of(result: PortfolioResult) -> dt.date | None:
    value = result.summary.get("as_of") or result.settings.as_of
    if value is None and result.source is not None:
        value = result.source.as_of
    if isinstance(value, pd.Timestamp):
        value = value.date()
    return value


def as_of_text(result: PortfolioResult) -> str:
    """'As of <date>' with the date written the language's way (also the page header)."""
    date, lang = as_of(result), language(result)
    return text("as_of", lang, date=format_date(date, lang) if date else "-")


def currency(result: PortfolioResult) -> str:
    return str(getattr(result.settings, "currency", None) or DEFAULT_CURRENCY)


def money_format(result: PortfolioResult) -> str:
    """Whole units with the currency after the number, losses in red."""
    code = currency(result).replace('"', "")
    return f'#,##0 "{code}";[Red]-#,##0 "{code}"'


def with_currency(label: str, result: PortfolioResult) -> str:
    """A money column header that names the currency: 'Revenue (EUR)'."""
    return f"{label} ({currency(result)})"


def _date(value: Any) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


def period(result: PortfolioResult) -> tuple[dt.date | None, dt.date | None]:
    """First and last day of the current period: the analysis' own, else the
    period_months up to the as-of date."""
    start = _date(result.summary.get("period_start"))
    end = _date(result.summary.get("period_end")) or as_of(result)
    if start is None and end is not None:
        months = int(getattr(result.settings, "period_months", 12))
        start = (pd.Timestamp(end) - pd.DateOffset(months=months)
                 + pd.Timedelta(days=1)).date()
    return start, end


def previous(result: PortfolioResult) -> dict[str, Any] | None:
    """Previous-period figures (revenue, gross_margin, net_margin, net_margin_pct,
    active_customers) or None when the input has no previous period."""
    found = result.summary.get("previous")
    if isinstance(found, dict):
        return found
    if "previous" in result.summary:
        return None
    if result.summary.get("revenue_previous") is not None:  # older results: revenue only
        return {"revenue": result.summary["revenue_previous"]}
    return None


def active_mask(customers: pd.DataFrame) -> pd.Series:
    if "tier_code" in customers:
        return customers["tier_code"].isin(ACTIVE_TIERS)
    return pd.to_numeric(customers["revenue"], errors="coerce") > 0


def margin_measured(customers: pd.DataFrame) -> pd.Series:
    """True where the customer's margin rests on cost data, not on the default %."""
    if "margin_measured" in customers:
        return customers["margin_measured"].fillna(False).astype(bool)
    if "gross_margin_assumed" in customers:
        assumed = customers["gross_margin_assumed"]
        if assumed.dtype == object:
            assumed = assumed.isin((True, "Yes", "Ja", "Oui"))
        return ~assumed.fillna(False).astype(bool)
    return pd.Series(True, index=customers.index)


def money_at_stake(customers: pd.DataFrame) -> pd.Series:
    """Money at stake per customer: the analysis' figure, else the loss a remediation
    removes or the expected extra margin of a growth plan, whichever is larger."""
    if "money_at_stake" in customers:
        return pd.to_numeric(customers["money_at_stake"], errors="coerce")
    loss = (-pd.to_numeric(customers["net_margin"], errors="coerce")).clip(lower=0)
    extra = pd.to_numeric(customers.get("expected_extra_margin", 0.0), errors="coerce")
    return np.maximum(loss.fillna(0.0), pd.Series(extra, index=customers.index).fillna(0.0))


def top_actions(result: PortfolioResult) -> int:
    return int(getattr(result.settings, "top_actions", None) or DEFAULT_TOP_ACTIONS)


def target(result: PortfolioResult) -> tuple[float, str]:
    """The profitability target used and where it came from ('portfolio'/'setting')."""
    value = result.summary.get("target_net_margin_pct")
    if value is None:
        value = result.settings.target_net_margin_pct
    source = result.summary.get("target_source") or (
        "setting" if result.settings.target_net_margin_pct is not None else "portfolio")
    return (float(value) if value is not None else float("nan")), str(source)


def ranked_warnings(result: PortfolioResult) -> list[str]:
    """Warning sentences, the most money at stake first."""
    return ranked_texts(result.findings) if result.findings else list(result.warnings)
