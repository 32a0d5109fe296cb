"""The fast aggregation (integer codes) gives exactly the frame of the plain pandas one.

`reference_aggregate_lines` is the implementation before the million-line work: grouping
and matching on the text keys, slow but plainly right. Random line frames cover the
awkward cases: customers with only previous-period lines, lines after the as-of date,
missing cost and amount, owners tied on lines and on date, one customer written twice.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from xl_portfolio.sources.lines import aggregate_lines, drop_lines_after, period_bounds

AS_OF = dt.date(2025, 6, 30)
OPTIONAL = ("cost", "order_number", "product", "product_group", "owner")


def reference_aggregate_lines(lines: pd.DataFrame, as_of: dt.date, period_months: int
                              ) -> tuple[pd.DataFrame, list[str]]:
    """The aggregation as it was: groupby and isin on the text keys."""
    lines, notes = drop_lines_after(lines, as_of)  # unchanged by the fast path
    current_start, previous_start = period_bounds(as_of, period_months)
    in_current = lines["date"] > current_start
    in_previous = (lines["date"] > previous_start) & ~in_current
    amount = lines["amount"].fillna(0.0) if "amount" in lines else pd.Series(0.0, lines.index)
    by_key = lines.groupby("key", sort=False)
    keys = pd.Index(by_key.size().index)
    current = lines.loc[in_current]
    by_key_current = current.groupby("key", sort=False)

    def current_count(series: pd.Series) -> pd.Series:
        return series.reindex(keys, fill_value=0).astype("float64")

    result = pd.DataFrame(index=keys)
    result["customer"] = by_key["customer"].first()
    result["revenue"] = amount.where(in_current, 0.0).groupby(lines["key"]).sum()
    result["revenue_previous"] = amount.where(in_previous, 0.0).groupby(lines["key"]).sum()
    _reference_previous_period(result, lines.loc[in_previous], keys)
    if "cost" in lines:
        cost = by_key_current["cost"].sum(min_count=1).reindex(keys)
        result["cost_of_goods"] = cost.where(keys.isin(current["key"]), 0.0)
    if "order_number" in lines:
        result["orders"] = current_count(by_key_current["order_number"].nunique())
    else:
        result["orders"] = current_count(by_key_current["date"].nunique())
        notes.append("no order number column: orders counted as distinct invoice dates")
    result["order_lines"] = current_count(by_key_current.size())
    if "product" in lines:
        result["products"] = current_count(by_key_current["product"].nunique())
    if "product_group" in lines:
        result["product_groups"] = current_count(by_key_current["product_group"].nunique())
    result["first_invoice_date"] = by_key["date"].min()
    result["last_invoice_date"] = by_key["date"].max()
    if "owner" in lines:
        result["owner"] = _reference_owner(lines).reindex(keys)
    frame = result.reset_index(drop=True)
    frame["customer"] = frame["customer"].astype(lines["customer"].dtype)
    if "owner" in frame:
        frame["owner"] = frame["owner"].astype(lines["owner"].dtype)
    return frame, notes


def _reference_previous_period(result: pd.DataFrame, previous: pd.DataFrame, keys: pd.Index
                               ) -> None:
    by_key = previous.groupby("key", sort=False)
    if "cost" in previous:
        cost = by_key["cost"].sum(min_count=1).reindex(keys)
        result["cost_of_goods_previous"] = cost.where(keys.isin(previous["key"]), 0.0)
    counted = by_key["order_number"] if "order_number" in previous else by_key["date"]
    result["orders_previous"] = counted.nunique().reindex(keys, fill_value=0).astype("float64")
    result["order_lines_previous"] = by_key.size().reindex(keys, fill_value=0).astype("float64")


def _reference_owner(lines: pd.DataFrame) -> pd.Series:
    owners = lines.dropna(subset=["owner"])
    counts = (owners.groupby(["key", "owner"], sort=False)
              .agg(lines=("date", "size"), latest=("date", "max")).reset_index())
    best = counts.sort_values(["key", "lines", "latest"], ascending=[True, False, False])
    return best.drop_duplicates("key").set_index("key")["owner"]


def assert_same(lines: pd.DataFrame, as_of: dt.date = AS_OF, months: int = 12) -> None:
    fast, fast_notes = aggregate_lines(lines, as_of, months)
    reference, reference_notes = reference_aggregate_lines(lines, as_of, months)
    pd.testing.assert_frame_equal(fast, reference, check_exact=True)
    assert fast_notes == reference_notes


# Few distinct values, so that customers, orders and owners repeat and tie; a line
# without a customer (no key) belongs to no one.
names = st.sampled_from(["Acme", "ACME", "Bolt", "Cobra", "Delta", "Echo", None])
labels = st.one_of(st.none(), st.sampled_from(["x", "y", "z"]))
days = st.integers(-900, 60).map(lambda d: pd.Timestamp(AS_OF) + pd.Timedelta(days=d))
money = st.one_of(st.none(), st.floats(-1e6, 1e6, allow_nan=False).map(lambda x: round(x, 2)),
                  st.sampled_from([0.1, 0.2, 0.3, 1e15, -1e15]))
line = st.tuples(names, days, money, money, labels, labels, labels, labels)


def make_lines(rows: list[tuple], columns: frozenset[str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["customer", "date", "amount", *OPTIONAL])
    frame[["amount", "cost"]] = frame[["amount", "cost"]].astype("float64")
    frame["key"] = frame["customer"].str.lower()
    return frame[["customer", "key", "date", "amount",
                  *(name for name in OPTIONAL if name in columns)]]


@hyp_settings(max_examples=200, deadline=None)
@given(st.lists(line, min_size=1, max_size=40),
       st.frozensets(st.sampled_from(OPTIONAL)), st.sampled_from([1, 3, 12]))
def test_fast_aggregation_equals_the_reference(rows, columns, months):
    assert_same(make_lines(rows, columns), months=months)


def test_customers_with_only_previous_lines_and_late_lines():
    rows = [("Acme", pd.Timestamp("2024-03-01"), 10.0, None, "o1", "p", None, "ann"),
            ("Bolt", pd.Timestamp("2025-07-05"), 5.0, 1.0, "o2", "p", None, "bob"),
            ("Bolt", pd.Timestamp("2025-01-05"), 7.0, None, "o3", "q", None, "bob"),
            ("Cobra", pd.Timestamp("2022-01-05"), 3.0, 2.0, None, None, "g", None)]
    lines = make_lines(rows, frozenset(OPTIONAL))
    assert_same(lines)
    frame, notes = aggregate_lines(lines, AS_OF, 12)
    assert notes == ["1 invoice lines dated after 2025-06-30 ignored"]
    acme = frame.set_index("customer").loc["Acme"]
    assert acme["revenue"] == 0 and acme["revenue_previous"] == 10
    assert acme["cost_of_goods"] == 0 and np.isnan(acme["cost_of_goods_previous"])


def test_owner_tie_goes_to_the_latest_line_then_to_the_first_met():
    rows = [("Acme", pd.Timestamp("2025-01-01"), 1.0, 1.0, "o", "p", "g", "ann"),
            ("Acme", pd.Timestamp("2025-03-01"), 1.0, 1.0, "o", "p", "g", "bob"),
            ("Bolt", pd.Timestamp("2025-03-01"), 1.0, 1.0, "o", "p", "g", "bob"),
            ("Bolt", pd.Timestamp("2025-03-01"), 1.0, 1.0, "o", "p", "g", "ann")]
    lines = make_lines(rows, frozenset(OPTIONAL))
    assert_same(lines)
    frame, _ = aggregate_lines(lines, AS_OF, 12)
    assert list(frame["owner"]) == ["bob", "bob"]


def test_every_line_after_the_as_of_date():
    rows = [("Acme", pd.Timestamp("2025-08-01"), 1.0, 1.0, "o", "p", "g", "ann")]
    assert_same(make_lines(rows, frozenset(OPTIONAL)))
