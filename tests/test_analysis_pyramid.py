"""Customer pyramid: counted cut-offs, ties, inactive and prospect customers."""

from __future__ import annotations

from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from xl_portfolio.analysis.pyramid import assign_tiers, tier_of
from xl_portfolio.settings import Settings

SETTINGS = Settings(pyramid_min_active_for_count_rule=0)  # the count rule on small data


def _expected_counts(n: int, s: Settings = SETTINGS) -> dict[str, int]:
    """Cut-offs recomputed with Decimal half-up rounding, at least one Top."""
    def cut(pct: float) -> int:
        return int((Decimal(str(pct)) * n).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    top = max(1, cut(s.pyramid_top_pct))
    big = max(top, cut(s.pyramid_big_pct))
    medium = max(big, cut(s.pyramid_medium_pct))
    return {"top": top, "big": big - top, "medium": medium - big, "small": n - medium}


def test_hundred_customers_give_1_4_15_80():
    rng = np.random.default_rng(7)
    revenue = pd.Series(rng.permutation(np.arange(1, 101) * 1_000.0))
    tiers = assign_tiers(revenue, had_revenue_before=None, settings=SETTINGS)
    counts = Counter(tiers)
    assert (counts["top"], counts["big"], counts["medium"], counts["small"]) == (1, 4, 15, 80)
    # The tier follows the rank: the 1 largest is Top, ranks 2-5 Big, 6-20 Medium.
    rank = revenue.rank(ascending=False).astype(int)
    assert set(tiers[rank == 1]) == {"top"}
    assert set(tiers[(rank >= 2) & (rank <= 5)]) == {"big"}
    assert set(tiers[(rank >= 6) & (rank <= 20)]) == {"medium"}
    assert set(tiers[rank > 20]) == {"small"}


def test_seven_customers_have_one_top_and_six_small():
    revenue = pd.Series([5.0, 70.0, 1.0, 30.0, 20.0, 9.0, 3.0])
    tiers = assign_tiers(revenue, had_revenue_before=None, settings=SETTINGS)
    assert tiers.tolist() == ["small", "top", "small", "small", "small", "small", "small"]
    assert Counter(tiers) == {k: v for k, v in _expected_counts(7).items() if v}


def test_custom_cutoffs_fifty_customers():
    s = Settings(pyramid_top_pct=0.1, pyramid_big_pct=0.3, pyramid_medium_pct=0.5,
                 pyramid_min_active_for_count_rule=0)
    tiers = assign_tiers(pd.Series(np.arange(50, 0, -1.0)), had_revenue_before=None, settings=s)
    assert tiers.tolist() == ["top"] * 5 + ["big"] * 10 + ["medium"] * 10 + ["small"] * 25


def test_ties_broken_by_customer_name_not_row_order():
    names = pd.Series(["Zeta", "Alpha", "Mid"])
    revenue = pd.Series([100.0, 100.0, 10.0])
    s = Settings(pyramid_top_pct=0.3, pyramid_big_pct=0.3, pyramid_medium_pct=0.7,
                 pyramid_min_active_for_count_rule=0)
    tiers = assign_tiers(revenue, had_revenue_before=None, settings=s, customer_names=names)
    assert tiers.tolist() == ["medium", "top", "small"]
    flipped = assign_tiers(revenue[::-1].reset_index(drop=True), had_revenue_before=None,
                           settings=s, customer_names=names[::-1].reset_index(drop=True))
    assert flipped.tolist() == ["small", "top", "medium"]


def test_inactive_and_prospect():
    revenue = pd.Series([100.0, 0.0, 0.0, np.nan, -20.0], index=list("abcde"))
    before = pd.Series([True, True, False, False, False], index=list("abcde"))
    tiers = assign_tiers(revenue, had_revenue_before=before, settings=SETTINGS)
    assert tiers.to_dict() == {"a": "top", "b": "inactive", "c": "prospect", "d": "prospect",
                               "e": "inactive"}


def test_only_prospects():
    tiers = assign_tiers(pd.Series([0.0, 0.0]), had_revenue_before=None, settings=SETTINGS)
    assert tiers.tolist() == ["prospect", "prospect"]


def test_tier_of_agrees_with_assign_tiers_for_distinct_values():
    revenue = pd.Series(np.arange(1, 101) * 10.0)
    tiers = assign_tiers(revenue, had_revenue_before=None, settings=SETTINGS)
    looked_up = tier_of(revenue.to_numpy(), revenue.to_numpy(), SETTINGS)
    assert looked_up.tolist() == tiers.tolist()
    assert tier_of(1_000.0, revenue, SETTINGS).tolist() == ["top"]
    assert tier_of([0.0, -5.0], revenue, SETTINGS).tolist() == ["inactive", "inactive"]
    assert tier_of(0.0, revenue, SETTINGS, zero_tier="prospect").tolist() == ["prospect"]


@hyp_settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(min_value=0.01, max_value=1e7), min_size=1, max_size=400))
def test_tier_counts_follow_the_rounding_rule(values):
    tiers = assign_tiers(pd.Series(values), had_revenue_before=None, settings=SETTINGS)
    counts = Counter(tiers)
    expected = _expected_counts(len(values))
    assert {k: counts.get(k, 0) for k in expected} == expected
    # No customer in a lower tier earns more than one in a higher tier.
    order = ["top", "big", "medium", "small"]
    frame = pd.DataFrame({"revenue": values, "tier": tiers.map(order.index)})
    lowest = frame.groupby("tier")["revenue"].min()
    highest = frame.groupby("tier")["revenue"].max()
    for upper, lower in zip(lowest.index[:-1], lowest.index[1:], strict=True):
        assert lowest[upper] >= highest[lower]


def test_small_portfolio_tiered_by_cumulative_revenue_share():
    # Five customers: 40%, 22%, 18%, 12%, 8%. Share of the larger ones before each:
    # 0 (Top), 40 (Top, starts below 50), 62 (Big, below 80), 80 (Medium), 92 (Medium).
    revenue = pd.Series([12.0, 40.0, 8.0, 22.0, 18.0])
    names = pd.Series(["d", "a", "e", "b", "c"])
    tiers = assign_tiers(revenue, had_revenue_before=None, settings=Settings(),
                         customer_names=names)
    assert tiers.tolist() == ["medium", "top", "medium", "top", "big"]
    assert tier_of(revenue, revenue, Settings()).tolist() == tiers.tolist()
    # The customer with 22% of revenue is never Small; the largest is always Top.
    one = assign_tiers(pd.Series([5.0]), had_revenue_before=None, settings=Settings())
    assert one.tolist() == ["top"]
    # At the threshold the count rule takes over.
    many = pd.Series(np.arange(100, 0, -1.0))
    counted = assign_tiers(many, had_revenue_before=None, settings=Settings())
    assert Counter(counted) == {"top": 1, "big": 4, "medium": 15, "small": 80}


def test_equal_customers_revenue_rule_cuts_exactly():
    tiers = assign_tiers(pd.Series([10.0] * 4), had_revenue_before=None, settings=Settings(),
                         customer_names=pd.Series(list("dcba")))
    # before: 0, 25, 50, 75 -> Top, Top, Big (50 is not below 50), Big
    assert tiers.tolist() == ["big", "big", "top", "top"]
