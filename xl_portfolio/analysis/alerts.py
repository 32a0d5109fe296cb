"""Dashboard warnings: sentences in the settings' language, most serious first."""

from __future__ import annotations

from typing import Any

from xl_portfolio.analysis.history import History
from xl_portfolio.analysis.result import Concentration
from xl_portfolio.analysis.trends import BaseTrends, trend_findings
from xl_portfolio.i18n import customers_text, format_money, format_number, format_pct, t
from xl_portfolio.settings import Settings


def concentration_warnings(conc: Concentration, shares: dict[str, float],
                           settings: Settings) -> list[str]:
    """Named dependencies (IFRS 8 threshold), top-5 share and a high HHI."""
    lang = settings.language
    out = [t("warn.dependency", lang, customer=name, share=format_pct(shares[name], lang),
             threshold=format_pct(settings.dependency_threshold, lang, 0))
           for name in conc.flagged_customers]
    if conc.top5_warning:
        out.append(t("warn.top5", lang, cr5=format_pct(conc.cr5, lang),
                     limit=format_pct(settings.top5_warning_share, lang, 0)))
    if conc.hhi_band == "high":
        out.append(t("warn.hhi_high", lang, hhi=format_number(conc.hhi, lang),
                     limit=format_number(settings.hhi_high, lang),
                     effective=format_number(conc.effective_number, lang, 1)))
    return out


def loss_warning(summary: dict[str, Any], settings: Settings) -> list[str]:
    """One sentence when any active customer loses money after cost to serve."""
    count = summary["loss_making_customers"]
    if not count:
        return []
    lang = settings.language
    return [t("warn.loss_making", lang, count=customers_text(count, lang),
              share=format_pct(summary["loss_making_customer_share"], lang),
              revenue_share=format_pct(summary["loss_making_revenue_share"], lang),
              loss=format_money(summary["loss_making_net_margin"], lang))]


def trend_warnings(trends: BaseTrends | None, settings: Settings,
                   history: History | None = None) -> list[str]:
    """The three customer-base situations of domain.md that revenue alone hides.

    With an invoice history they come from its periods (analysis.history.findings), so a
    one-period export raises none instead of judging against an empty previous period.
    """
    if history is not None:
        return [finding.text for finding in history.findings]
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
    findings = trend_findings(trends, settings.trend_hardly_any_share)
    return [t(keys[finding], lang, **values) for finding in findings]
