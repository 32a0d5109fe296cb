"""Dashboard findings: a code, a sentence in the settings' language and the money it
puts at stake, so the dashboard ranks them by what they cost.

Money at stake per finding: a dependency, the customer's revenue; the top-5 warning,
their revenue; loss-making customers, their loss; assumed margins, the revenue whose
margin is assumed; no margin measured, the whole revenue; customers without cost
drivers, their revenue; lost customers masked by growth, their previous revenue; new
customers not replacing lost ones, the shortfall. The HHI warning, default cost-to-serve
rates and "hardly any churn or newcomers" carry no amount (NaN) and follow the others.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from xl_portfolio.analysis.pyramid import ACTIVE_TIERS
from xl_portfolio.analysis.result import Concentration, Finding
from xl_portfolio.analysis.trends import BaseTrends, trend_findings
from xl_portfolio.i18n import customers_text, format_money, format_number, format_pct, t
from xl_portfolio.settings import Settings

NAN = float("nan")


def concentration_findings(conc: Concentration, shares: dict[str, float],
                           settings: Settings, revenues: dict[str, float],
                           top5_revenue: float) -> list[Finding]:
    """Named dependencies (IFRS 8 threshold), top-5 share and a high HHI.
    revenues: the flagged customers' revenue; top5_revenue: the five largest's."""
    lang = settings.language
    out = [Finding("dependency", t("warn.dependency", lang, customer=name,
                                   share=format_pct(shares[name], lang),
                                   threshold=format_pct(settings.dependency_threshold,
                                                        lang, 0)),
                   revenues[name], {"customer": name, "share": shares[name]})
           for name in conc.flagged_customers]
    if conc.top5_warning:
        out.append(Finding("top5", t("warn.top5", lang, cr5=format_pct(conc.cr5, lang),
                                     limit=format_pct(settings.top5_warning_share, lang, 0)),
                           top5_revenue, {"cr5": conc.cr5}))
    if conc.hhi_band == "high":
        out.append(Finding("hhi_high", t("warn.hhi_high", lang,
                                         hhi=format_number(conc.hhi, lang),
                                         limit=format_number(settings.hhi_high, lang),
                                         effective=format_number(conc.effective_number,
                                                                 lang, 1)),
                           NAN, {"hhi": conc.hhi}))
    return out


def concentration_warnings(conc: Concentration, shares: dict[str, float],
                           settings: Settings) -> list[str]:
    """The concentration findings' sentences (kept for callers of the text-only API)."""
    revenues = dict.fromkeys(shares, NAN)
    return [f.text for f in concentration_findings(conc, shares, settings, revenues, NAN)]


def loss_findings(summary: dict[str, Any], settings: Settings) -> list[Finding]:
    """One finding when any active customer loses money after cost to serve."""
    count = summary["loss_making_customers"]
    if not count:
        return []
    lang = settings.language
    loss = summary["loss_making_net_margin"]
    text = t("warn.loss_making", lang, count=customers_text(count, lang),
             share=format_pct(summary["loss_making_customer_share"], lang),
             revenue_share=format_pct(summary["loss_making_revenue_share"], lang),
             loss=format_money(loss, lang))
    assumed = summary.get("loss_making_assumed_customers", 0)
    if assumed:
        text += " " + t("warn.loss_making_assumed", lang, count=customers_text(assumed, lang))
    return [Finding("loss_making", text, -loss, {"customers": count, "net_margin": loss,
                                                 "assumed": assumed})]


def loss_warning(summary: dict[str, Any], settings: Settings) -> list[str]:
    """The loss finding's sentence (kept for callers of the text-only API)."""
    return [f.text for f in loss_findings(summary, settings)]


def assumption_findings(customers: pd.DataFrame, summary: dict[str, Any],
                        settings: Settings, has_drivers: np.ndarray) -> list[Finding]:
    """Figures that rest on an assumption: gross margins from default_gross_margin_pct
    (or none measured at all), default cost-to-serve rates, customers without drivers."""
    lang = settings.language
    active = customers["tier_code"].isin(ACTIVE_TIERS).to_numpy()
    pct = format_pct(settings.default_gross_margin_pct, lang, 0)
    out: list[Finding] = []
    assumed = summary["assumed_margin_customers"]
    if summary["no_margin_measured"]:
        out.append(Finding("no_margin_measured", t("warn.no_margin_measured", lang, pct=pct),
                           summary["revenue"], {"customers": assumed}))
    elif assumed:
        revenue = float(customers.loc[active & ~customers["margin_measured"].to_numpy(dtype=bool),
                                      "revenue"].sum())
        out.append(Finding("assumed_margin", t("warn.assumed_margin", lang, pct=pct,
                                               count=customers_text(assumed, lang)),
                           revenue, {"customers": assumed}))
    without = summary["cost_to_serve_unmeasured_customers"]
    if without:
        revenue = float(customers.loc[active & ~has_drivers, "revenue"].sum())
        out.append(Finding("no_drivers", t("warn.no_drivers", lang,
                                           count=customers_text(without, lang)),
                           revenue, {"customers": without}))
    if summary["cost_to_serve_default_rates"]:
        amount = summary["cost_to_serve"] - float(customers["credit_cost"].sum())
        out.append(Finding("cost_to_serve_default_rates",
                           t("warn.cost_to_serve_default", lang,
                             amount=format_money(amount, lang)), NAN, {"amount": amount}))
    return out


def trend_warnings(trends: BaseTrends | None, settings: Settings) -> list[str]:
    """The trend findings' sentences (kept for callers of the text-only API)."""
    return [f.text for f in trend_alerts(trends, settings)]


def trend_alerts(trends: BaseTrends | None, settings: Settings) -> list[Finding]:
    """The three customer-base situations of domain.md that revenue alone hides, between
    two periods (an invoice history judges them over all its periods instead:
    analysis.history.findings). Lost customers masked by growth put their previous
    revenue at stake; new customers not replacing the lost ones, the shortfall; hardly
    any churn or newcomers, no amount."""
    if trends is None:
        return []
    lang = settings.language
    values = {
        "growth": format_pct(trends.revenue_growth, lang),
        "lost": customers_text(trends.customers_lost, lang),
        "new": customers_text(trends.customers_new, lang),
        "lost_revenue": format_money(trends.revenue_lost, lang),
        "new_revenue": format_money(trends.revenue_new, lang),
        "churn": format_pct(trends.churn_rate, lang),
        "new_rate": format_pct(trends.new_rate, lang),
    }
    keys = {"lost_masked": "warn.trend_lost", "stagnant": "warn.trend_stagnant",
            "replacement": "warn.trend_replacement"}
    money = {"lost_masked": trends.revenue_lost,
             "replacement": trends.revenue_lost - trends.revenue_new, "stagnant": NAN}
    return [Finding(f"trend_{code}", t(keys[code], lang, **values), money[code])
            for code in trend_findings(trends, settings.trend_hardly_any_share)]
