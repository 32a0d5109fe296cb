"""Periods, flows and the revenue bridge, recomputed with plain loops on small data."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import numpy as np
import pandas as pd
import pytest

from tests.history_fixtures import lines_frame, random_lines
from xl_portfolio.analysis.history import analyze_history
from xl_portfolio.analysis.history.periods import customer_period_panel, make_periods
from xl_portfolio.settings import Settings

AS_OF = dt.date(2024, 12, 31)


def run(lines: pd.DataFrame, as_of: dt.date = AS_OF, **settings):
    names = lines["customer"].unique()
    customers = pd.DataFrame({"customer": names, "net_margin_pct": 0.1, "clv": 0.0})
    return analyze_history(lines, as_of, Settings(**settings), customers, 0.1)


def loop_bridge(lines: pd.DataFrame, as_of: dt.date, months: int) -> list[dict]:
    """The flows of every period change, customer by customer."""
    end = pd.Timestamp(as_of)
    bounds = []
    k = 0
    while True:
        lo = end - pd.DateOffset(months=months * (k + 1))
        hi = end - pd.DateOffset(months=months * k)
        bounds.insert(0, (lo, hi))
        if lo < lines["date"].min():
            break
        k += 1
    revenue = defaultdict(lambda: [0.0] * len(bounds))
    for _, line in lines.iterrows():
        for p, (lo, hi) in enumerate(bounds):
            if lo < line["date"] <= hi:
                revenue[line["key"]][p] += line["amount"]
    out = []
    for p in range(1, len(bounds)):
        row = defaultdict(float)
        for values in revenue.values():
            before, now = values[p - 1], values[p]
            ever = any(v > 0 for v in values[:p - 1])
            explained = 0.0
            if before > 0 and now <= 0:
                row["lost"] += 1
                row["bridge_lost"] += before
                explained -= before
            elif now > 0 and before <= 0:
                kind = "returning" if ever else "new"
                row[kind] += 1
                row[f"bridge_{kind}"] += now
                explained += now
            rest = (now - before) - explained
            row["bridge_expansion" if rest > 0 else "bridge_contraction"] += abs(rest)
            row["bridge_start"] += before
            row["bridge_end"] += now
        out.append(dict(row))
    return out


@pytest.mark.parametrize(("seed", "period"), [(1, "year"), (2, "quarter"), (3, "month"),
                                              (4, "half-year")])
def test_bridge_matches_loops_and_adds_up(seed, period):
    lines = random_lines(seed)
    months = {"year": 12, "half-year": 6, "quarter": 3, "month": 1}[period]
    table = run(lines, trend_period=period).periods
    expected = loop_bridge(lines, AS_OF, months)
    assert len(table) == len(expected) + 1
    for (_, row), want in zip(table.iloc[1:].iterrows(), expected, strict=True):
        for name in ("lost", "new", "returning", "bridge_start", "bridge_lost",
                     "bridge_contraction", "bridge_expansion", "bridge_returning",
                     "bridge_new", "bridge_end"):
            assert row[name] == pytest.approx(want.get(name, 0.0), abs=1e-6), name
        total = (row["bridge_start"] - row["bridge_lost"] - row["bridge_contraction"]
                 + row["bridge_expansion"] + row["bridge_returning"] + row["bridge_new"])
        assert total == pytest.approx(row["bridge_end"], rel=1e-12, abs=1e-9)


def test_churn_grr_nrr_worked_by_hand():
    lines = lines_frame([
        ("a", "2023-03-01", 1000.0), ("a", "2024-03-01", 1500.0),  # expansion 500
        ("b", "2023-03-01", 900.0), ("b", "2024-03-01", 700.0),    # contraction 200
        ("c", "2023-03-01", 600.0),                                # lost 600
        ("d", "2024-06-01", 2000.0),                               # new 2,000
        ("e", "2023-05-01", 400.0), ("e", "2024-05-01", 400.0),
    ])
    last = run(lines).periods.iloc[-1]
    assert (last["lost"], last["new"], last["retained"]) == (1, 1, 3)
    assert last["churn"] == pytest.approx(1 / 4)
    assert last["grr"] == pytest.approx((2900 - 600 - 200) / 2900)
    assert last["nrr"] == pytest.approx((2900 - 600 - 200 + 500) / 2900)
    assert last["revenue_lost"] == 600 and last["revenue_new"] == 2000


def test_one_period_of_data_has_no_previous_period():
    lines = lines_frame([("a", "2024-03-01", 100.0), ("b", "2024-09-01", 50.0)])
    history = run(lines)
    assert len(history.periods) == 1 and not history.has_previous_period
    row = history.periods.iloc[0]
    assert row["active"] == 2 and row["revenue"] == 150
    assert np.isnan(row["new"]) and np.isnan(row["lost"]) and np.isnan(row["churn"])
    assert history.findings == []
    assert history.calibration.status == "no_history"


def test_period_edges_belong_to_the_later_period():
    periods = make_periods(pd.Timestamp("2023-01-01"), AS_OF, 12)
    assert periods.ends[-1] == pd.Timestamp("2024-12-31")
    assert periods.starts[-1] == pd.Timestamp("2023-12-31")
    lines = lines_frame([("a", "2023-12-31", 10.0), ("a", "2024-01-01", 5.0)])
    table = run(lines).periods
    assert table["revenue"].tolist() == [10.0, 5.0]


def test_cohort_triangle_by_hand():
    lines = lines_frame([
        ("a", "2022-06-01", 100.0), ("a", "2023-06-01", 50.0), ("a", "2024-06-01", 80.0),
        ("b", "2022-06-01", 100.0),
        ("c", "2023-06-01", 40.0), ("c", "2024-06-01", 40.0),
    ])
    history = run(lines)
    share, kept = history.cohort_share, history.cohort_revenue
    assert share.iloc[0].tolist() == [1.0, 0.5, 0.5]
    assert kept.iloc[0].tolist() == pytest.approx([1.0, 0.25, 0.4])
    assert share.iloc[1, :2].tolist() == [1.0, 1.0] and np.isnan(share.iloc[1, 2])
    assert history.cohort_sizes.tolist() == [2, 1, 0]


def test_revenue_grows_while_customers_leave_is_a_finding():
    rows = [(f"small{i}", "2023-05-01", 100.0) for i in range(5)]
    rows += [("big", "2023-05-01", 1000.0), ("big", "2024-05-01", 3000.0)]
    rows += [(f"keep{i}", d, 100.0) for i in range(5) for d in ("2023-05-01", "2024-05-01")]
    findings = {f.code: f for f in run(lines_frame(rows)).findings}
    found = findings["trend_lost_masked"]
    assert found.money_at_stake == 500.0
    assert found.figures["customers_lost"] == 5
    assert "5 customers" in found.text and "500" in found.text
    assert "trend_stagnant" not in findings


def test_stagnant_base_over_all_periods():
    rows = [(f"c{i}", f"{year}-05-01", 100.0) for i in range(30) for year in (2021, 2022,
                                                                              2023, 2024)]
    findings = {f.code: f for f in run(lines_frame(rows)).findings}
    assert set(findings) == {"trend_stagnant"}
    assert findings["trend_stagnant"].figures["changes_seen"] == 3


def test_history_settings_are_checked():
    from xl_portfolio.errors import InputError
    from xl_portfolio.settings import load_settings

    assert load_settings(trend_period="half-year").trend_period == "half-year"
    with pytest.raises(InputError, match="trend_period"):
        load_settings(trend_period="week")
    with pytest.raises(InputError, match="alive_risk_threshold"):
        Settings(alive_risk_threshold=1.5)


def test_panel_equals_a_pandas_groupby_with_missing_costs_and_order_numbers():
    rng = np.random.default_rng(4)
    count = 3000
    lines = pd.DataFrame({
        "key": rng.choice(["a", "b", "c", "d", "e"], count),
        "date": pd.Timestamp("2022-01-01") + pd.to_timedelta(rng.integers(0, 1200, count),
                                                              unit="D"),
        "amount": rng.normal(100, 80, count).round(2),
        "cost": np.where(rng.random(count) < 0.4, np.nan, 60.0),
        "order_number": np.where(rng.random(count) < 0.1, None,
                                 rng.integers(0, 400, count).astype(str)),
    })
    lines.loc[lines["key"] == "e", "cost"] = np.nan
    periods = make_periods(lines["date"].min(), AS_OF, 3)
    panel = customer_period_panel(lines, periods)
    inside = lines[(lines["date"] > periods.starts[0]) & (lines["date"] <= periods.ends[-1])]
    period = np.searchsorted(np.array(periods.ends, dtype="datetime64[ns]"),
                             inside["date"].to_numpy(), side="left")
    grouped = inside.assign(period=period).groupby(["key", "period"])
    expected = pd.DataFrame({"revenue": grouped["amount"].sum(),
                             "cost_of_goods": grouped["cost"].sum(min_count=1),
                             "orders": grouped["order_number"].nunique().astype(float),
                             "order_lines": grouped.size().astype(float)}).reset_index()
    assert list(panel.columns) == list(expected.columns)
    pd.testing.assert_frame_equal(panel, expected, check_dtype=False, rtol=1e-12)
    assert panel.loc[panel["key"] == "e", "cost_of_goods"].isna().all()


@pytest.mark.parametrize("choices", [[0, 1, 2, 3, 4], [3, 7, 8, 40, 1000, 2**31 - 1],
                                     [0, 5, -1], [2**40, 3]])
def test_integer_keys_give_the_rows_of_factorised_text_keys(choices):
    """analyze_history passes integer codes, used as they are (no second factorisation;
    negative or huge integers are factorised); the panel and the purchase days are those
    of the same keys as text."""
    from xl_portfolio.analysis.history.purchases import daily_purchases

    rng = np.random.default_rng(len(choices))
    count = 2000
    lines = pd.DataFrame({
        "key": rng.choice(choices, count),
        "date": pd.Timestamp("2022-01-01") + pd.to_timedelta(rng.integers(0, 1200, count),
                                                              unit="D"),
        "amount": rng.normal(100, 80, count).round(2),
        "order_number": rng.integers(0, 300, count).astype(str),
    })
    as_text = lines.assign(key=lines["key"].astype(object))
    periods = make_periods(lines["date"].min(), AS_OF, 3)
    end = pd.Timestamp(AS_OF) - pd.Timedelta(days=100)
    for fast, general in ((customer_period_panel(lines, periods),
                           customer_period_panel(as_text, periods)),
                          (daily_purchases(lines, end), daily_purchases(as_text, end))):
        assert fast["key"].dtype == np.int64 and len(fast) > 10
        pd.testing.assert_frame_equal(fast, general.astype({"key": "int64"}))
