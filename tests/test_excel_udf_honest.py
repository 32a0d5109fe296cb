"""Worksheet functions are honest and cheap filled down: every Excel error in any input
gives an error out (never a number), settings come from the `settings` argument only,
and the per-content caches never serve a stale answer."""

from __future__ import annotations

import inspect
import random

import pytest

from xl_portfolio.excel import convert, udf_cache, udfs
from xl_portfolio.settings import Settings

# What xlwings hands over for an error cell: the text (err_to_str) for the seven it
# knows, the raw COM HRESULT (0x800A0000 + XlCVError) for the newer ones.
COM = -2146828288
ERROR_INPUTS = [*convert.EXCEL_ERRORS, COM + 2045, COM + 2050, COM + 2042, COM + 2047,
                COM + 2043]


@pytest.fixture(autouse=True)
def fresh_caches():
    udfs.use_settings(None)
    udf_cache.clear()
    yield
    udf_cache.clear()


def portfolio(n=200, seed=3):
    rng = random.Random(seed)
    revenue = [[round(rng.lognormvariate(9, 1.2), 2)] for _ in range(n)]
    margin = [[round(r[0] * rng.uniform(-0.1, 0.3), 2)] for r in revenue]
    return revenue, margin


def calls(bad):
    """Every function with `bad` in one per-customer argument or in a portfolio range."""
    revenue, margin = portfolio(20)
    broken_column = [*revenue[:5], [bad], *revenue[6:]]
    return {
        "CUSTOMER_MARGIN": lambda: udfs.CUSTOMER_MARGIN(1000.0, bad),
        "CUSTOMER_MARGIN revenue": lambda: udfs.CUSTOMER_MARGIN(bad),
        "PYRAMID_TIER": lambda: udfs.PYRAMID_TIER(bad, revenue),
        "PYRAMID_TIER portfolio": lambda: udfs.PYRAMID_TIER(1000.0, broken_column),
        "DEPENDENCY_SHARE": lambda: udfs.DEPENDENCY_SHARE(bad, revenue),
        "DEPENDENCY_SHARE portfolio": lambda: udfs.DEPENDENCY_SHARE(1000.0, broken_column),
        "CUSTOMER_CLV": lambda: udfs.CUSTOMER_CLV(bad),
        "CUSTOMER_CLV retention": lambda: udfs.CUSTOMER_CLV(100.0, bad),
        "CUSTOMER_SEGMENT": lambda: udfs.CUSTOMER_SEGMENT(1000.0, bad, revenue, margin),
        "CUSTOMER_SEGMENT portfolio": lambda: udfs.CUSTOMER_SEGMENT(
            1000.0, 100.0, broken_column, margin),
        "CUSTOMER_ACTION": lambda: udfs.CUSTOMER_ACTION(1000.0, 100.0, revenue, margin,
                                                        None, None, bad),
        "CUSTOMER_ACTION growth": lambda: udfs.CUSTOMER_ACTION(1000.0, 100.0, revenue,
                                                               margin, None, bad),
        "settings": lambda: udfs.CUSTOMER_MARGIN(1000.0, 500.0, 2.0, settings=[
            ["rate_per_order", bad]]),
        "PORTFOLIO_ANALYZE language": lambda: udfs.PORTFOLIO_ANALYZE(
            [["Customer", "Revenue"], ["A", 10.0]], bad),
    }


@pytest.mark.parametrize("bad", ERROR_INPUTS, ids=str)
def test_every_excel_error_in_any_input_gives_an_error_out(bad):
    for where, call in calls(bad).items():
        got = call()
        assert isinstance(got, str), (where, got)
        code = got.split(" ")[0]
        assert code in convert.RETURNABLE_ERRORS, (where, got)  # VBA makes it CVErr(code)
        original = convert.error_code(bad)
        if original in convert.RETURNABLE_ERRORS:
            assert code == original, (where, got)
        else:
            assert original in got, (where, got)  # the reason names #SPILL!, #CALC! ...


def test_a_number_is_never_made_of_an_error_code():
    assert convert.error_code(COM + 2045) == "#SPILL!"
    assert convert.error_code(COM + 2050) == "#CALC!"
    assert convert.error_code(12.0) is None and convert.error_code(2045) is None
    # a float is a cell's number, however large: only the COM int is an error
    assert udfs.CUSTOMER_MARGIN(float(COM + 2045), 0.0) == pytest.approx(COM + 2045)
    assert udfs.CUSTOMER_MARGIN(COM + 2045, 0.0).startswith("#VALUE!")


def test_no_function_takes_the_calling_cell_so_none_can_read_the_workbook():
    for name in udfs.WORKSHEET_FUNCTIONS:
        params = inspect.signature(getattr(udfs, name)).parameters
        assert "caller" not in params, name
        if name != "DEPENDENCY_SHARE":
            assert list(params)[-1] == "settings", name


def test_settings_come_from_the_settings_argument():
    rows = [["setting", "value"], ["rate_per_order", 50.0], ["language", "nl"]]
    plain = udfs.CUSTOMER_MARGIN(1000.0, 600.0, 2.0)
    with_rates = udfs.CUSTOMER_MARGIN(1000.0, 600.0, 2.0, settings=rows)
    assert plain - with_rates == pytest.approx(2 * (50.0 - Settings().rate_per_order))
    revenue, margin = portfolio()
    english = udfs.PYRAMID_TIER(revenue[0][0], revenue)
    dutch = udfs.PYRAMID_TIER(revenue[0][0], revenue, rows)
    assert english != dutch  # labels follow the settings' language
    # an edited settings range (new content) is read again, not served from the cache
    rows[1][1] = 10.0
    assert udfs.CUSTOMER_MARGIN(1000.0, 600.0, 2.0, settings=rows) == pytest.approx(
        plain - 2 * (10.0 - Settings().rate_per_order))


def test_a_bad_setting_is_an_error_naming_it():
    got = udfs.CUSTOMER_MARGIN(1000.0, settings=[["rate_per_order", "lots"]])
    assert isinstance(got, str) and got.startswith("#VALUE!") and "rate_per_order" in got


@pytest.mark.parametrize("name", ["PYRAMID_TIER", "DEPENDENCY_SHARE", "CUSTOMER_SEGMENT",
                                  "CUSTOMER_ACTION"])
def test_filled_down_cells_equal_the_spilled_column(name):
    revenue, margin = portfolio()
    function = getattr(udfs, name)
    two_columns = name in ("CUSTOMER_SEGMENT", "CUSTOMER_ACTION")
    spilled = (function(revenue, margin, revenue, margin) if two_columns
               else function(revenue, revenue))
    udf_cache.clear()
    for i in (0, 7, 199):
        # a fresh list per call, as xlwings builds one for every cell
        copy_rev, copy_margin = [list(r) for r in revenue], [list(m) for m in margin]
        single = (function(revenue[i][0], margin[i][0], copy_rev, copy_margin) if two_columns
                  else function(revenue[i][0], copy_rev))
        assert single == pytest.approx(spilled[i][0]) if isinstance(single, float) \
            else single == spilled[i][0]


def test_one_changed_portfolio_cell_changes_the_answers():
    revenue = [[100.0]] * 99 + [[1_000_000.0]]
    assert udfs.DEPENDENCY_SHARE(100.0, revenue) == pytest.approx(100 / 1_009_900)
    revenue = [[100.0]] * 99 + [[100.0]]
    assert udfs.DEPENDENCY_SHARE(100.0, revenue) == pytest.approx(0.01)
    assert udfs.PYRAMID_TIER(1_000_000.0, [[100.0]] * 99 + [[1_000_000.0]]) == "Top"


def test_action_with_and_without_dso_are_both_cached_correctly():
    revenue, margin = portfolio()
    late = udfs.CUSTOMER_ACTION(revenue[3][0], margin[3][0], revenue, margin, None, None,
                                400.0)
    on_time = udfs.CUSTOMER_ACTION(revenue[3][0], margin[3][0], revenue, margin)
    assert late != on_time and late.startswith(on_time.split(";")[0].split(",")[0])
