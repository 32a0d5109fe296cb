"""Previous-period figures for the dashboard tiles, recomputed from the lines by hand."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from xl_portfolio.analysis import analyze_frame
from xl_portfolio.schema import SourceInfo
from xl_portfolio.settings import Settings
from xl_portfolio.sources.lines import aggregate_lines

AS_OF = dt.date(2025, 12, 31)
S = Settings(as_of=AS_OF)
LINES_SOURCE = SourceInfo(file="lines.xlsx", sheet=None, kind="lines", rows_read=0)


def lines(with_cost: bool = True, first: str = "2024-01-15") -> pd.DataFrame:
    rows = [  # customer, date, amount, cost, order number
        ("A", first, 1_000.0, 600.0, "o1"), ("A", "2024-06-01", 500.0, 300.0, "o2"),
        ("A", "2024-06-01", 200.0, 100.0, "o2"), ("B", "2024-03-01", 300.0, 250.0, "o3"),
        ("A", "2025-02-01", 2_000.0, 1_500.0, "o4"), ("C", "2025-05-05", 800.0, 500.0, "o5"),
        ("C", "2025-05-05", 100.0, 90.0, "o5"), ("A", "2026-01-05", 999.0, 1.0, "late"),
    ]
    frame = pd.DataFrame(rows, columns=["customer", "date", "amount", "cost", "order_number"])
    frame["date"] = pd.to_datetime(frame["date"])
    frame["key"] = frame["customer"].str.lower()
    return frame if with_cost else frame.drop(columns="cost")


def test_aggregate_lines_adds_previous_period_columns():
    frame, _ = aggregate_lines(lines(), AS_OF, 12)
    f = frame.set_index("customer")
    assert f.loc["A", "revenue_previous"] == 1_700 and f.loc["B", "revenue_previous"] == 300
    assert f.loc["A", "cost_of_goods_previous"] == 1_000
    assert f.loc["C", "cost_of_goods_previous"] == 0
    assert f.loc["A", "orders_previous"] == 2 and f.loc["A", "order_lines_previous"] == 3
    assert f.loc["C", "orders_previous"] == 0 and f.loc["B", "order_lines_previous"] == 1


def test_previous_figures_by_hand():
    frame, _ = aggregate_lines(lines(), AS_OF, 12)
    s = analyze_frame(frame, S, source=LINES_SOURCE).summary
    prev = s["previous"]
    revenue = 1_700 + 300
    gross = (1_700 - 1_000) + (300 - 250)
    serve = 3 * S.rate_per_order + 4 * S.rate_per_order_line
    assert prev["revenue"] == pytest.approx(revenue)
    assert prev["gross_margin"] == pytest.approx(gross)
    assert prev["cost_to_serve"] == pytest.approx(serve)
    assert prev["net_margin"] == pytest.approx(gross - serve)
    assert prev["net_margin_pct"] == pytest.approx((gross - serve) / revenue)
    assert prev["active_customers"] == 2
    assert prev["period_start"] == dt.date(2024, 1, 1)
    assert prev["period_end"] == dt.date(2024, 12, 31)
    # The current period, the same way, for the tile's change.
    assert s["revenue"] == pytest.approx(2_900)
    assert s["net_margin"] == pytest.approx(
        2_900 - 2_090 - 2 * S.rate_per_order - 3 * S.rate_per_order_line)


def test_previous_gross_margin_assumed_without_cost_column():
    frame, _ = aggregate_lines(lines(with_cost=False), AS_OF, 12)
    prev = analyze_frame(frame, S, source=LINES_SOURCE).summary["previous"]
    assert prev["gross_margin"] == pytest.approx(2_000 * S.default_gross_margin_pct)


def test_one_year_of_lines_has_no_previous_period():
    frame, _ = aggregate_lines(lines(first="2024-03-15").query("date >= '2025-01-01'")
                               .reset_index(drop=True), AS_OF, 12)
    assert analyze_frame(frame, S, source=LINES_SOURCE).summary["previous"] is None
    # Lines starting months into the previous period do not make a comparable period.
    late_start, _ = aggregate_lines(lines(first="2024-03-15").query("date >= '2024-03-01'")
                                    .reset_index(drop=True), AS_OF, 12)
    assert analyze_frame(late_start, S, source=LINES_SOURCE).summary["previous"] is None


def test_customer_sheet_previous_revenue_only():
    frame = pd.DataFrame({"customer": ["a", "b"], "revenue": [100.0, 50.0],
                          "revenue_previous": [80.0, 0.0], "cost_of_goods": [60.0, 30.0]})
    prev = analyze_frame(frame, S).summary["previous"]
    assert prev["revenue"] == 80 and prev["active_customers"] == 1
    assert np.isnan(prev["gross_margin"]) and np.isnan(prev["net_margin"])
    assert np.isnan(prev["net_margin_pct"])
    assert analyze_frame(frame.drop(columns="revenue_previous"), S).summary["previous"] is None


def test_drivers_of_the_current_period_only_leave_previous_net_margin_unknown():
    frame, _ = aggregate_lines(lines(), AS_OF, 12)
    frame["deliveries"] = [3.0, 0.0, 1.0]
    prev = analyze_frame(frame, S, source=LINES_SOURCE).summary["previous"]
    assert not np.isnan(prev["gross_margin"]) and np.isnan(prev["cost_to_serve"])
    assert np.isnan(prev["net_margin"])
