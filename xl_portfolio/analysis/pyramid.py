"""Customer pyramid (J. & A. Curry, The Customer Marketing Method, 2000).

Active customers (revenue > 0 in the current period) are ranked by revenue and cut by
COUNT, not by revenue: Top = first 1%, Big = up to 5% cumulative, Medium = up to 20%,
Small = the rest. Rounding rule (documented because small portfolios depend on it):
each cumulative cut-off is pct x n_active rounded half up, and there is at least one
Top customer as soon as there is one active customer. So 100 active customers give
1/4/15/80 and 7 give 1 Top and 6 Small (0.35 and 1.4 round to 0 and 1).
Inactive = no positive revenue now but bought before; Prospect = never bought.

A portfolio with fewer active customers than pyramid_min_active_for_count_rule (100)
is too small for a 1/4/15/80 cut (7 customers would give 1 Top and 6 Small, and the
customer with 22% of revenue would be Small), so it is tiered by cumulative revenue
share instead: a customer's tier is the one in which its revenue STARTS (the share of
the larger customers before it, as in ABC): Top while that share is below
pyramid_top_revenue_share (50%), Big below pyramid_big_revenue_share (80%), Medium
below pyramid_medium_revenue_share (95%), Small after. The largest customer starts at
0% and so is always Top. Ties in revenue are ordered by customer name under both rules.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from xl_portfolio.settings import Settings

TIER_CODES = ("top", "big", "medium", "small", "inactive", "prospect")
ACTIVE_TIERS = TIER_CODES[:4]


def _round_half_up(value: float) -> int:
    # The epsilon keeps 0.05 x 10 = 0.5000000000000001 and 0.4999999999 from flipping.
    return math.floor(value + 0.5 + 1e-9)


def tier_cutoffs(n_active: int, settings: Settings) -> tuple[int, int, int]:
    """Cumulative ranks (1-based, inclusive) that end Top, Big and Medium."""
    if n_active <= 0:
        return 0, 0, 0
    top = max(1, _round_half_up(settings.pyramid_top_pct * n_active))
    big = max(top, _round_half_up(settings.pyramid_big_pct * n_active))
    medium = max(big, _round_half_up(settings.pyramid_medium_pct * n_active))
    return min(top, n_active), min(big, n_active), min(medium, n_active)


def pyramid_rule(n_active: int, settings: Settings) -> str:
    """'count' (the 1/4/15/80 cut) or 'revenue' (a portfolio too small for it)."""
    return "revenue" if n_active < settings.pyramid_min_active_for_count_rule else "count"


def _tier_of_share_before(before: np.ndarray, settings: Settings) -> np.ndarray:
    """Tier by the revenue share of the larger customers before each one."""
    eps = 1e-9  # equal customers: exactly the first 50% are Top, not one more
    return np.select([before < settings.pyramid_top_revenue_share - eps,
                      before < settings.pyramid_big_revenue_share - eps,
                      before < settings.pyramid_medium_revenue_share - eps],
                     ["top", "big", "medium"], default="small").astype(object)


def _tier_of_rank(rank: np.ndarray, n_active: int, settings: Settings) -> np.ndarray:
    top, big, medium = tier_cutoffs(n_active, settings)
    return np.select([rank <= top, rank <= big, rank <= medium], ["top", "big", "medium"],
                     default="small").astype(object)


def assign_tiers(revenue: pd.Series, *, had_revenue_before: pd.Series | None = None,
                 settings: Settings, customer_names: pd.Series | None = None) -> pd.Series:
    """Tier code per customer, aligned with revenue.index.

    Ties in revenue are broken by customer name (customer_names, else revenue.index when
    it holds names, else input order), so the result does not depend on row order.
    A customer with negative revenue has transactions (credit notes): Inactive.
    """
    sales = pd.to_numeric(revenue, errors="coerce").fillna(0.0).to_numpy(dtype="float64")
    active = sales > 0
    names = customer_names if customer_names is not None else pd.Series(revenue.index)
    order = pd.DataFrame({"revenue": sales, "name": np.asarray(names, dtype=object).astype(str)})
    order = order[active].sort_values(["revenue", "name"], ascending=[False, True],
                                      kind="mergesort")
    rank = np.empty(len(sales), dtype="int64")
    rank[order.index.to_numpy()] = np.arange(1, len(order) + 1)
    n_active = int(active.sum())
    tiers = np.full(len(sales), "prospect", dtype=object)
    if pyramid_rule(n_active, settings) == "revenue" and n_active:
        ordered = order["revenue"].to_numpy()
        before = np.empty(len(sales))
        before[order.index.to_numpy()] = (np.cumsum(ordered) - ordered) / ordered.sum()
        tiers[active] = _tier_of_share_before(before[active], settings)
    else:
        tiers[active] = _tier_of_rank(rank[active], n_active, settings)
    before = np.zeros(len(sales), dtype=bool)
    if had_revenue_before is not None:
        before = np.asarray(pd.Series(had_revenue_before).fillna(False), dtype=bool)
    tiers[~active & (before | (sales < 0))] = "inactive"
    return pd.Series(tiers, index=revenue.index, name="tier_code")


def tier_of(values: float | np.ndarray | pd.Series, all_revenues: np.ndarray | pd.Series,
            settings: Settings, *, zero_tier: str = "inactive") -> np.ndarray:
    """Tier of each value within the portfolio given by all_revenues (PYRAMID_TIER).

    The rank of a value is 1 + the number of active revenues strictly above it, so equal
    revenues share the better tier (assign_tiers separates them by name instead); a
    small portfolio uses the revenue rule, with the revenue strictly above the value.
    A value <= 0 gets zero_tier: a revenue of 0 alone cannot tell a lapsed customer from
    a prospect, and a customer list from the ERP mostly holds lapsed ones.
    """
    portfolio = pd.to_numeric(pd.Series(np.ravel(all_revenues)), errors="coerce").to_numpy(
        dtype="float64", na_value=np.nan)
    active = np.sort(portfolio[portfolio > 0])
    asked = np.atleast_1d(np.asarray(values, dtype="float64"))
    above = len(active) - np.searchsorted(active, asked, side="right")
    rank = above + 1
    n_active = max(len(active), int(rank.max(initial=0)))
    if pyramid_rule(len(active), settings) == "revenue" and len(active):
        larger = np.concatenate([[0.0], np.cumsum(active[::-1])])[above]
        tiers = _tier_of_share_before(larger / active.sum(), settings)
    else:
        tiers = _tier_of_rank(rank, n_active, settings)
    tiers[~(asked > 0)] = zero_tier
    return tiers
