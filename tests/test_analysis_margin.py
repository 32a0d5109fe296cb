"""Margins after cost to serve, recomputed by hand on explicit numbers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from xl_portfolio.analysis.clv import clv_multiplier, simple_clv
from xl_portfolio.analysis.margin import compute_margins, net_margin
from xl_portfolio.settings import Settings

# Round rates so the hand calculation below is easy to follow.
SETTINGS = Settings(rate_per_order=10.0, rate_per_order_line=1.0, rate_per_delivery=50.0,
                    rate_per_return=100.0, rate_per_service_hour=60.0,
                    rate_per_sales_visit=200.0, rate_per_rush_order=80.0,
                    cost_of_capital=0.10, default_gross_margin_pct=0.25)


def three_customers() -> pd.DataFrame:
    return pd.DataFrame({
        "customer": ["Alfa", "Bravo", "Charlie"],
        "revenue": [100_000.0, 50_000.0, 0.0],
        "cost_of_goods": [70_000.0, np.nan, np.nan],
        "gross_margin_pct": [np.nan, 0.40, np.nan],
        "rebates": [1_000.0, np.nan, 0.0],
        "orders": [10.0, np.nan, 2.0],
        "deliveries": [5.0, 20.0, 0.0],
        "service_hours": [np.nan, 3.0, 1.0],
        "dso": [73.0, np.nan, 30.0],
    })


def test_margins_by_hand_for_three_customers():
    out = compute_margins(three_customers(), SETTINGS)
    # Alfa: 100k - 70k cogs - 1k rebates; 10 orders x 10 + 5 deliveries x 50;
    # credit 100k x 73/365 x 10% = 2,000.
    alfa_cts = 10 * 10 + 5 * 50 + 2_000
    # Bravo: 40% of 50k; 20 deliveries x 50 + 3 hours x 60; no DSO, no credit cost.
    bravo_cts = 20 * 50 + 3 * 60
    # Charlie: no revenue, assumed margin 25% x 0 = 0; 2 orders x 10 + 1 hour x 60.
    charlie_cts = 2 * 10 + 1 * 60
    assert out["gross_margin"].tolist() == pytest.approx([29_000, 20_000, 0])
    assert out["credit_cost"].tolist() == pytest.approx([2_000, 0, 0])
    assert out["cost_to_serve"].tolist() == pytest.approx([alfa_cts, bravo_cts, charlie_cts])
    assert out["net_margin"].tolist() == pytest.approx(
        [29_000 - alfa_cts, 20_000 - bravo_cts, -charlie_cts])
    assert out["net_margin_pct"].iloc[0] == pytest.approx((29_000 - alfa_cts) / 100_000)
    assert out["gross_margin_pct"].iloc[1] == pytest.approx(0.40)
    assert np.isnan(out["net_margin_pct"].iloc[2]) and np.isnan(out["gross_margin_pct"].iloc[2])
    assert out["gross_margin_assumed"].tolist() == [False, False, True]
    assert out["cts_orders"].tolist() == pytest.approx([100, 0, 20])
    assert out["cts_deliveries"].tolist() == pytest.approx([250, 1_000, 0])
    assert "cts_returns" not in out.columns  # only drivers the input has


def test_driver_columns_add_up_to_cost_to_serve():
    out = compute_margins(three_customers(), SETTINGS)
    drivers = out.filter(like="cts_").sum(axis=1)
    assert (drivers + out["credit_cost"]).tolist() == pytest.approx(out["cost_to_serve"].tolist())


def test_gross_margin_fallback_chain_per_row():
    frame = pd.DataFrame({
        "customer": list("abcd"),
        "revenue": [1_000.0, 1_000.0, 1_000.0, 1_000.0],
        "cost_of_goods": [600.0, np.nan, np.nan, np.nan],
        "gross_margin": [np.nan, 350.0, np.nan, np.nan],
        "gross_margin_pct": [0.9, 0.9, 45.0, np.nan],  # 45 typed as percent points
    })
    out = compute_margins(frame, SETTINGS)
    assert out["gross_margin"].tolist() == pytest.approx([400, 350, 450, 250])
    assert out["gross_margin_assumed"].tolist() == [False, False, False, True]


def test_only_customer_and_revenue_assumes_default_margin():
    frame = pd.DataFrame({"customer": ["x", "y"], "revenue": [200.0, np.nan]})
    out = compute_margins(frame, SETTINGS)
    assert out["net_margin"].tolist() == pytest.approx([50.0, 0.0])
    assert out["gross_margin_assumed"].all()
    assert not np.isinf(out["net_margin_pct"]).any() and np.isnan(out["net_margin_pct"].iloc[1])
    assert not any(c.startswith("cts_") for c in out.columns)


def test_net_margin_helper_matches_frame_computation():
    frame = three_customers().drop(columns=["gross_margin_pct", "rebates"])
    frame_result = compute_margins(frame, SETTINGS)["net_margin"].to_numpy()
    helper = net_margin(frame["revenue"].to_numpy(), frame["cost_of_goods"].to_numpy(),
                        orders=frame["orders"].to_numpy(),
                        deliveries=frame["deliveries"].to_numpy(),
                        service_hours=frame["service_hours"].to_numpy(),
                        dso=frame["dso"].to_numpy(), settings=SETTINGS)
    assert helper == pytest.approx(frame_result)


def test_net_margin_helper_scalars():
    value = net_margin(1_000.0, 700.0, orders=2, rush_orders=1, dso=36.5, settings=SETTINGS)
    assert isinstance(value, float)
    assert value == pytest.approx(300 - 2 * 10 - 80 - 1_000 * 0.1 * 0.1)
    assert net_margin(1_000.0, settings=SETTINGS) == pytest.approx(250.0)  # assumed 25%


def test_clv_published_multiplier():
    # Gupta & Lehmann: r = 0.8, d = 0.1 -> 0.8 / 0.3 = 2.67
    assert clv_multiplier(0.8, 0.1) == pytest.approx(2.6667, abs=1e-4)
    assert simple_clv(1_000.0, 0.8, 0.1) == pytest.approx(1_000 * 0.8 / 0.3)
    assert simple_clv(-300.0, 0.8, 0.1) == pytest.approx(-800.0)  # the sign is kept
    arr = simple_clv(np.array([3.0, 6.0]), 0.5, 0.0)
    assert arr.tolist() == pytest.approx([3.0, 6.0])  # r/(1-r) = 1
    with pytest.raises(ValueError):
        simple_clv(1.0, 1.2, 0.1)
