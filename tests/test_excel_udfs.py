"""Worksheet functions called the way xlwings calls them: floats, None for empty cells,
2-D lists for ranges (ndim=2), error values as '#N/A' strings (err_to_str), dates as
datetimes and numbers typed as text. Expected figures are recomputed by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from xl_portfolio.excel import convert, udfs
from xl_portfolio.settings import Settings

S = Settings()


@pytest.fixture(autouse=True)
def default_settings():
    udfs.use_settings(Settings())
    yield
    udfs.use_settings(None)


def column(*values):
    return [[v] for v in values]


def by_hand_margin(revenue, cogs=None, orders=0, lines=0, deliveries=0, returns=0, hours=0,
                   visits=0, dso=0, s=S):
    gross = revenue - cogs if cogs is not None else revenue * s.default_gross_margin_pct
    serve = (orders * s.rate_per_order + lines * s.rate_per_order_line
             + deliveries * s.rate_per_delivery + returns * s.rate_per_return
             + hours * s.rate_per_service_hour + visits * s.rate_per_sales_visit)
    return gross - serve - revenue * dso / 365 * s.cost_of_capital


def test_margin_one_cell_matches_the_published_formula():
    got = udfs.CUSTOMER_MARGIN(12000.0, 7000.0, 10.0, 40.0, 8.0, 1.0, 3.0, 2.0, 45.0)
    assert got == pytest.approx(by_hand_margin(12000, 7000, 10, 40, 8, 1, 3, 2, 45))
    assert isinstance(got, float)


def test_margin_without_cost_of_goods_assumes_the_default_gross_margin():
    assert udfs.CUSTOMER_MARGIN(1000.0) == pytest.approx(1000 * S.default_gross_margin_pct)
    assert udfs.CUSTOMER_MARGIN(1000.0, None, 2.0) == pytest.approx(by_hand_margin(1000,
                                                                                   orders=2))


def test_margin_column_spills_the_same_values_as_single_cells():
    revenue = column(1000.0, 2500.0, 400.0, 0.0)
    cogs = column(600.0, None, 100.0, 0.0)
    orders = column(2.0, 5.0, None, 1.0)
    spilled = udfs.CUSTOMER_MARGIN(revenue, cogs, orders, None, 3.0)
    assert len(spilled) == 4 and all(len(row) == 1 for row in spilled)
    for row, r, c, o in zip(spilled, revenue, cogs, orders, strict=True):
        single = udfs.CUSTOMER_MARGIN(r[0], c[0], o[0], None, 3.0)
        assert row[0] == pytest.approx(single)
        assert row[0] == pytest.approx(by_hand_margin(r[0], c[0], o[0] or 0, deliveries=3))


def test_bad_cells_show_their_own_message_and_the_others_still_compute():
    revenue = column(1000.0, "abc", "#N/A", None, True, dt.datetime(2025, 1, 31))
    spilled = [row[0] for row in udfs.CUSTOMER_MARGIN(revenue, 500.0)]
    assert spilled[0] == pytest.approx(500.0)
    assert spilled[1] == "#VALUE! revenue must be a number (got 'abc')"
    assert spilled[2] == "#N/A revenue refers to a cell with an error"
    assert spilled[3] == "#VALUE! revenue is empty (a number is required)"
    assert spilled[4].startswith("#VALUE! revenue must be a number (got True)")
    assert spilled[5] == "#VALUE! revenue must be a number (got the date 2025-01-31)"


@pytest.mark.parametrize("text, number", [
    ("1.234,56", 1234.56), ("1,234.56", 1234.56), ("1.234", 1234.0), ("12,5", 12.5),
    ("0.125", 0.125), ("15%", 0.15), ("€ 1 234,50", 1234.5), ("(1.000)", -1000.0),
    ("1\u00a0234", 1234.0), ("abc", None), ("1.2.3", None), ("", None), ("1,2,3", None),
])
def test_text_numbers(text, number):
    if number is None:
        with pytest.raises(convert.ArgumentError):
            convert.to_number(text, "revenue")
    else:
        assert convert.to_number(text, "revenue") == pytest.approx(number)


def test_text_numbers_are_accepted_as_arguments():
    assert udfs.CUSTOMER_MARGIN("12.000,00", "7.000") == pytest.approx(5000.0)


def test_ranges_of_different_sizes_are_an_error_not_a_guess():
    got = udfs.CUSTOMER_MARGIN(column(1.0, 2.0, 3.0), column(1.0, 2.0))
    assert got == "#VALUE! ranges must have the same size (got 2x1 and 3x1)"


def test_rates_come_from_the_injected_settings():
    udfs.use_settings(Settings(rate_per_order=10.0))
    assert udfs.CUSTOMER_MARGIN(1000.0, 600.0, 3.0) == pytest.approx(1000 - 600 - 30)


def test_pyramid_tiers_cut_active_customers_by_count():
    revenues = [float(x) for x in range(1, 101)]  # 100 active customers
    spilled = [row[0] for row in udfs.PYRAMID_TIER(column(*revenues), column(*revenues))]
    # ranked by revenue: rank 1 Top (1%), ranks 2-5 Big (next 4%), 6-20 Medium, rest Small
    expected = {"Top": 1, "Big": 4, "Medium": 15, "Small": 80}
    assert {t: spilled.count(t) for t in expected} == expected
    assert spilled[-1] == "Top" and spilled[0] == "Small"
    assert udfs.PYRAMID_TIER(0.0, column(*revenues)) == "Inactive"
    assert udfs.PYRAMID_TIER(97.0, column(*revenues)) == "Big"  # rank 4


def test_dependency_share_is_revenue_over_total_positive_revenue():
    portfolio = column(100.0, 300.0, -50.0, None, 600.0)
    assert udfs.DEPENDENCY_SHARE(300.0, portfolio) == pytest.approx(300 / 1000)
    spilled = udfs.DEPENDENCY_SHARE(portfolio, portfolio)
    assert [r[0] for r in spilled][:3] == pytest.approx([0.1, 0.3, 0.0])
    assert spilled[3][0].startswith("#VALUE! revenue is empty")


def test_clv_uses_retention_and_discount_from_settings_or_arguments():
    assert udfs.CUSTOMER_CLV(300.0) == pytest.approx(300 * 0.8 / (1 + 0.1 - 0.8))
    assert udfs.CUSTOMER_CLV(column(100.0, -30.0), "85%", 0.08) == [
        [pytest.approx(100 * 0.85 / 0.23)], [pytest.approx(-30 * 0.85 / 0.23)]]
    assert udfs.CUSTOMER_CLV(100.0, 1.5, 0.1).startswith("#NUM! retention")


def test_segments_follow_the_size_by_profitability_matrix():
    portfolio = column(*[float(x) for x in range(1, 101)])
    # revenue 100 is Top (large), 10 is Small; target 10%: 15% high, 5% low, -1% loss
    cases = [(100.0, 15.0, "Anchor and grow"), (100.0, 5.0, "Renegotiate terms"),
             (100.0, -1.0, "Remediate now"), (10.0, 1.5, "Maintain, low touch"),
             (10.0, 0.5, "Streamline service"), (10.0, -1.0, "Renegotiate or let go"),
             (90.0, 13.5, "Develop")]
    revenue = column(*[c[0] for c in cases])
    margin = column(*[c[1] for c in cases])
    spilled = udfs.CUSTOMER_SEGMENT(revenue, margin, portfolio, None, 0.10)
    assert [r[0] for r in spilled] == [c[2] for c in cases]


def test_segment_target_defaults_to_the_portfolios_own_margin():
    portfolio = column(100.0, 100.0)
    all_margin = column(20.0, 0.0)  # portfolio net margin 10%
    assert udfs.CUSTOMER_SEGMENT(100.0, 11.0, portfolio, all_margin) != \
        udfs.CUSTOMER_SEGMENT(100.0, 9.0, portfolio, all_margin)
    missing = udfs.CUSTOMER_SEGMENT(100.0, 11.0, portfolio)
    assert missing.startswith("#VALUE! target_margin_pct is needed")


def test_action_starts_with_the_segment_action_and_adds_the_growth_plan():
    portfolio = column(*[float(x) for x in range(1, 101)])
    action = udfs.CUSTOMER_ACTION(10.0, 1.5, portfolio, None, 0.1, "high")
    plain = udfs.CUSTOMER_ACTION(10.0, 1.5, portfolio, None, 0.1)
    assert action.startswith(plain) and len(action) > len(plain)
    bad = udfs.CUSTOMER_ACTION(10.0, 1.5, portfolio, None, 0.1, "enormous")
    assert bad.startswith("#VALUE! growth_potential")


def test_no_argument_ever_raises():
    weird = [object(), {"a": 1}, [[None, None]], [], float("inf"), "#REF!"]
    for value in weird:
        for function, args in [(udfs.CUSTOMER_MARGIN, (value,)),
                               (udfs.PYRAMID_TIER, (value, value)),
                               (udfs.CUSTOMER_SEGMENT, (value, value, value)),
                               (udfs.CUSTOMER_CLV, (value,)),
                               (udfs.DEPENDENCY_SHARE, (1.0, value))]:
            got = function(*args)
            cells = [c for row in got for c in row] if isinstance(got, list) else [got]
            assert all(isinstance(c, (float, str)) for c in cells), (function, value, got)


def test_portfolio_analyze_returns_the_customer_table_with_headers():
    pytest.importorskip("xl_portfolio.analysis.portfolio")
    table = [["Customer", "Revenue", "Cost of goods", "Orders"],
             ["Alpha", 12000.0, 7000.0, 10.0],
             ["Beta", 3000.0, 2500.0, 30.0],
             ["Gamma", 800.0, None, 2.0]]
    got = udfs.PORTFOLIO_ANALYZE(table)
    assert isinstance(got, list), got
    header = got[0]
    assert header[:1] == ["Customer"] and "Net margin" in header
    net = {row[0]: row[header.index("Net margin")] for row in got[1:]}
    assert net["Alpha"] == pytest.approx(by_hand_margin(12000, 7000, orders=10))
    assert net["Gamma"] == pytest.approx(by_hand_margin(800, orders=2))
    udfs.use_settings(Settings())
    dutch = udfs.PORTFOLIO_ANALYZE(table, "nl")
    assert dutch[0] != header and len(dutch) == len(got)


def test_portfolio_analyze_names_the_bad_cell():
    pytest.importorskip("xl_portfolio.analysis.portfolio")
    got = udfs.PORTFOLIO_ANALYZE([["Customer", "Revenue"], ["Alpha", "lots"]])
    assert isinstance(got, str) and got.startswith("#VALUE!") and "B2" in got


def test_settings_rows_from_a_sheet_become_settings():
    from xl_portfolio.excel.settings_from_book import settings_from_rows
    rows = [["Setting", "Value"], ["rate_per_order", "12,5"], ["review_months_anchor", 4.0],
            ["target_net_margin_pct", "(automatic)"], ["language", "fr"],
            ["input_file", "x.xlsx"], [None, None], ["as_of", dt.datetime(2025, 6, 30)]]
    got = settings_from_rows(rows)
    assert (got.rate_per_order, got.review_months_anchor, got.language) == (12.5, 4, "fr")
    assert got.target_net_margin_pct is None and got.as_of == dt.date(2025, 6, 30)


def test_reference_lists_every_function_with_an_example():
    table = udfs.reference_markdown()
    for name in udfs.WORKSHEET_FUNCTIONS:
        assert f"| `{name}(" in table and f"Example: ={name}(" in table
    assert "`CUSTOMER_MARGIN(revenue, [cost_of_goods], [orders]," in table
