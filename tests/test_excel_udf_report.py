"""The worksheet functions and the report agree, customer by customer: the same target
(the dashboard's net margin % over every customer) and the same "not measured" class
for a customer without cost of goods.

The portfolio is built so that the definitions matter: Dubois has no revenue but costs
to serve, so the net margin % over all customers (the report's target) is below the one
over customers with revenue, and Mertens sits between the two. Claes has no cost of
goods: his margin is assumed, so his profitability is not measured.
"""

from __future__ import annotations

import pandas as pd
import pytest

from xl_portfolio import api
from xl_portfolio.excel import udf_cache, udfs

ROWS = [  # customer, revenue, cost of goods, orders
    ["Peeters", 120000.0, 80000.0, 40.0],
    ["Janssens", 60000.0, 42000.0, 30.0],
    ["Maes", 30000.0, 21600.0, 10.0],
    ["Claes", 15000.0, None, 8.0],
    ["Wouters", 8000.0, 5200.0, 12.0],
    ["Mertens", 4000.0, 2280.0, 20.0],
    ["Dubois", 0.0, None, 6.0],
]


@pytest.fixture(autouse=True)
def fresh_caches():
    udf_cache.clear()
    udfs.use_settings(None)
    yield
    udf_cache.clear()


def column(index: int) -> list[list]:
    """A column as xlwings hands it over (ndim=2): one list per row, blanks None."""
    return [[row[index]] for row in ROWS]


def report():
    frame = pd.DataFrame(ROWS, columns=["Customer", "Revenue", "Cost of goods", "Orders"])
    return api.analyze(frame)


def net_margins() -> list[list]:
    return udfs.CUSTOMER_MARGIN(column(1), column(2), column(3))


def with_revenue(values: list[list]) -> dict[str, object]:
    """{customer: value} for the customers with revenue; the worksheet functions call a
    customer without revenue Inactive, the report tells a prospect from a lapsed one."""
    return {row[0]: value[0] for row, value in zip(ROWS, values, strict=True) if row[1] > 0}


def test_the_definitions_matter_in_this_portfolio():
    customers = report().customers.set_index("customer")
    target = report().summary["target_net_margin_pct"]
    active = customers[customers["revenue"] > 0]
    over_active = active["net_margin"].sum() / active["revenue"].sum()
    assert target < customers.loc["Mertens", "net_margin_pct"] < over_active
    assert customers.loc["Mertens", "profitability_code"] == "high"
    assert customers.loc["Claes", "profitability_code"] == "not_measured"


def test_spilled_segment_equals_the_reports():
    margins = net_margins()
    expected = report().customers.set_index("customer")["segment"]
    got = with_revenue(udfs.CUSTOMER_SEGMENT(column(1), margins, column(1), margins,
                                             None, column(2)))
    assert got == {name: expected[name] for name in got}
    assert got["Claes"] == "Medium, margin not measured"
    assert got["Mertens"] == expected["Mertens"] == "Maintain, low touch"


def test_filled_down_segment_equals_the_reports():
    margins = net_margins()
    expected = report().customers.set_index("customer")["segment"]
    for (name, revenue, cost, _), (margin,) in zip(ROWS, margins, strict=True):
        if revenue > 0:
            got = udfs.CUSTOMER_SEGMENT(revenue, margin, column(1), margins, None, [[cost]])
            assert got == expected[name], name


def test_spilled_action_equals_the_reports():
    margins = net_margins()
    expected = report().customers.set_index("customer")["action"]
    got = with_revenue(udfs.CUSTOMER_ACTION(column(1), margins, column(1), margins,
                                            None, None, None, column(2)))
    assert got == {name: expected[name] for name in got}
    assert got["Claes"].startswith("Record the cost of goods")


def test_without_cost_of_goods_every_margin_counts_as_measured():
    """Omitted, the function cannot tell; the README says so and shows the argument."""
    margins = net_margins()
    got = with_revenue(udfs.CUSTOMER_SEGMENT(column(1), margins, column(1), margins))
    assert "margin not measured" not in got["Claes"]


def test_an_error_in_cost_of_goods_is_an_error_out():
    margins = net_margins()
    got = udfs.CUSTOMER_SEGMENT(15000.0, margins[3][0], column(1), margins, None,
                                [["#N/A"]])
    assert isinstance(got, str) and got.startswith("#N/A")
