"""One account manager's part of the portfolio, as a PortfolioResult for the writer.

Why rebuild rather than edit cells: every block of the report (key figures, pyramid,
matrix, whale curve, chart data, actions) is made by report.blocks from a result, so
feeding the writer a result for the subset recomputes every total the same way the
full report did, keeps the charts consistent, and leaves no stale row of another
manager's customers behind. The analysis' own table functions do the sums; what is a
portfolio-level figure (revenue share, concentration, dependency threshold, pyramid
tier and segment of each customer) is taken from the whole portfolio, and a note on
the dashboard says so.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pandas as pd

from xl_portfolio.analysis.alerts import concentration_warnings, loss_warning
from xl_portfolio.analysis.dependency import concentration, revenue_shares
from xl_portfolio.analysis.portfolio import subset_summary
from xl_portfolio.analysis.pyramid import ACTIVE_TIERS, pyramid_rule
from xl_portfolio.analysis.result import Concentration, PortfolioResult
from xl_portfolio.analysis.summary import period_dates
from xl_portfolio.analysis.tables import matrix_table, tier_table, whale_table
from xl_portfolio.errors import InputError
from xl_portfolio.share.book import PortfolioBook
from xl_portfolio.share.words import word


def owner_mask(book: PortfolioBook, owner: str) -> pd.Series:
    """Rows of one account manager; an unknown name is an InputError listing the known."""
    if "owner" not in book.customers:
        raise InputError("the Customers table has no owner (account manager) column, so "
                         "--owner and --per-owner cannot select customers",
                         file=str(book.path))
    names = book.customers["owner"].astype("string").str.strip()
    mask = (names.str.casefold() == owner.strip().casefold()).fillna(False).astype(bool)
    if not mask.any():
        known = ", ".join(book.owners[:15]) or "(none)"
        raise InputError(f"unknown owner {owner!r}; the owners in this workbook are: {known}",
                         file=str(book.path))
    return mask


def whole_concentration(book: PortfolioBook) -> Concentration:
    """Concentration of the whole portfolio (a portfolio-level figure)."""
    return concentration(book.customers, book.settings)


def figures(book: PortfolioBook, mask: pd.Series | None = None,
            language: str | None = None) -> tuple[dict[str, Any], list[str]]:
    """Key figures and warnings of a selection (None = all), warnings in language.

    Named dependency warnings only name customers of the selection, so one manager's
    copy never shows another manager's customer.
    """
    settings = book.settings.replace(language=language or book.settings.language)
    part = book.customers if mask is None else book.customers[mask]
    conc = whole_concentration(book)
    summary = subset_summary(part, whale_table(part), conc, _target(book, settings),
                             settings.as_of, settings)
    # Tiers were cut on the whole portfolio: its rule, not the subset's size, says how.
    whole_active = int(book.customers["tier_code"].isin(ACTIVE_TIERS).sum())
    summary["pyramid_rule"] = pyramid_rule(whole_active, settings)
    summary["previous"] = _previous(book, part)
    names = set(part["customer"].astype(str))
    shares = dict(zip(part["customer"].astype(str), part["revenue_share"], strict=True))
    mine = dataclasses.replace(conc, flagged_customers=[n for n in conc.flagged_customers
                                                        if n in names])
    warnings = concentration_warnings(mine, shares, settings) + loss_warning(summary,
                                                                            settings)
    return summary, warnings


def _target(book: PortfolioBook, settings: Any) -> float:
    """The target every customer's profitability class was set against: the whole
    portfolio's (as the report's Settings table shows it), not the subset's margin."""
    target = book.target if book.target is not None else settings.target_net_margin_pct
    return float(target) if target is not None else float("nan")


def _previous(book: PortfolioBook, part: pd.DataFrame) -> dict[str, Any] | None:
    """The subset's previous period as far as the Customers table tells it: revenue and
    active customers (previous-period margins are not in the report, so they stay empty
    and the scope note says so); None when the whole report had no previous period."""
    if not book.has_previous or "revenue_previous" not in part:
        return None
    sales = pd.to_numeric(part["revenue_previous"], errors="coerce")
    if sales.isna().all():
        return None
    unknown = float("nan")  # shown as n/a, as the full report shows a missing figure
    previous: dict[str, Any] = {"revenue": float(sales.sum()), "gross_margin": unknown,
                                "net_margin": unknown, "net_margin_pct": unknown,
                                "active_customers": int((sales > 0).sum())}
    if book.settings.as_of is not None:
        dates = period_dates(book.settings.as_of, book.settings.period_months)
        previous.update(period_start=dates["previous_period_start"],
                        period_end=dates["previous_period_end"])
    return previous


def owner_result(book: PortfolioBook, owner: str) -> PortfolioResult:
    """The result the report writer turns into one manager's workbook."""
    mask = owner_mask(book, owner)
    part = book.customers[mask].reset_index(drop=True)
    settings = book.settings
    conc = whole_concentration(book)
    summary, warnings = figures(book, mask)
    shown = str(part["owner"].iloc[0]).strip()
    note = word("scope_owner", settings.language, owner=shown, count=len(part))
    notes = [note] + ([word("previous_partial", settings.language)]
                      if summary.get("previous") else [])
    # The pyramid and matrix set each group's share of customers beside its share of
    # revenue and margin: both of these customers, or the chart compares unlike things.
    # The Customers table keeps each customer's share of the whole portfolio.
    own = part.assign(revenue_share=revenue_shares(part["revenue"]))
    flagged = [n for n in conc.flagged_customers if n in set(part["customer"].astype(str))]
    return PortfolioResult(
        customers=part, tiers=tier_table(own, settings), matrix=matrix_table(own, settings),
        whale=whale_table(part), concentration=dataclasses.replace(
            conc, flagged_customers=flagged),
        summary=summary, warnings=[*notes, *warnings], settings=settings, source=None)
