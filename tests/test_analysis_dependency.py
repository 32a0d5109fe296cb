"""Revenue shares, CR and HHI by formula; ABC classes by counting."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from xl_portfolio.analysis.dependency import concentration, revenue_shares
from xl_portfolio.analysis.pareto import abc_classes
from xl_portfolio.settings import Settings

SETTINGS = Settings()


def _frame(revenues: list[float]) -> pd.DataFrame:
    return pd.DataFrame({"customer": [f"c{i}" for i in range(len(revenues))],
                         "revenue": revenues})


def test_negative_revenue_counts_as_zero():
    shares = revenue_shares(pd.Series([50.0, 30.0, 20.0, -10.0, np.nan]))
    assert shares.tolist() == pytest.approx([0.5, 0.3, 0.2, 0.0, 0.0])


def test_concentration_by_formula():
    conc = concentration(_frame([20.0, 50.0, 30.0]), SETTINGS)
    squares = 0.5 ** 2 + 0.3 ** 2 + 0.2 ** 2
    assert conc.hhi == pytest.approx(squares * 10_000)  # 3,800
    assert conc.effective_number == pytest.approx(1 / squares)
    assert (conc.cr1, conc.cr5, conc.cr10) == pytest.approx((0.5, 1.0, 1.0))
    assert conc.hhi_band == "high" and conc.top5_warning
    assert conc.flagged_customers == ["c1", "c2", "c0"]  # largest share first


def test_hhi_bands_and_threshold_inclusive():
    ten_equal = concentration(_frame([1.0] * 10), SETTINGS)
    assert ten_equal.hhi == pytest.approx(1_000.0)
    assert ten_equal.hhi_band == "moderate"  # 1,000 is not below 1,000
    assert len(ten_equal.flagged_customers) == 10  # 10% is at the IFRS 8 threshold
    assert ten_equal.cr5 == pytest.approx(0.5) and ten_equal.top5_warning
    twelve_equal = concentration(_frame([1.0] * 12), SETTINGS)
    assert twelve_equal.hhi_band == "low" and twelve_equal.flagged_customers == []
    assert twelve_equal.cr10 == pytest.approx(10 / 12)


def test_no_revenue_no_concentration():
    conc = concentration(_frame([0.0, 0.0]), SETTINGS)
    assert (conc.hhi, conc.cr1, conc.effective_number) == (0.0, 0.0, 0.0)
    assert conc.hhi_band == "low" and not conc.top5_warning
    empty = concentration(_frame([]), SETTINGS)
    assert empty.hhi == 0.0


@hyp_settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(min_value=-1e6, max_value=1e9), min_size=1, max_size=60))
# Once found: summing the top 5 and the top 10 separately put CR10 a bit below CR5.
@example([0.0, 0.0, 0.0, 0.0, 41.0, 3513624.0, 1.25, 552412174.5])
def test_shares_sum_to_one_and_hhi_within_bounds(values):
    positive = [v for v in values if v > 0]
    shares = revenue_shares(pd.Series(values))
    conc = concentration(_frame(values), SETTINGS)
    if not positive:
        assert shares.sum() == 0 and conc.hhi == 0
        return
    assert shares.sum() == pytest.approx(1.0)
    assert 10_000 / len(positive) - 1e-6 <= conc.hhi <= 10_000 + 1e-6
    assert conc.cr1 <= conc.cr5 <= conc.cr10 <= 1 + 1e-9


def test_abc_classes_by_counting():
    classes = abc_classes(pd.Series([1.0] * 100))
    assert (classes == "A").sum() == 80 and (classes == "B").sum() == 15
    assert (classes == "C").sum() == 5
    one_giant = abc_classes(pd.Series([90.0, 6.0, 3.0, 1.0, 0.0]))
    # 90 starts at 0% -> A; 6 starts at 90% -> B; 3 starts at 96% -> C; no revenue -> C
    assert one_giant.tolist() == ["A", "B", "C", "C", "C"]
    assert abc_classes(pd.Series([0.0, -1.0])).tolist() == ["C", "C"]


def test_abc_boundary_ties_by_name():
    values = pd.Series([40.0, 40.0, 20.0], index=[0, 1, 2])
    # "b" then "z": b starts at 0% (A), z at 40% (A), the 20 starts at 80%: B.
    classes = abc_classes(values, names=pd.Series(["z", "b", "c"]))
    assert classes.tolist() == ["A", "A", "B"]
    tight = abc_classes(pd.Series([50.0, 50.0]), a_share=0.5, names=pd.Series(["z", "b"]))
    assert tight.tolist() == ["B", "A"]  # b comes first by name, z starts at 50%
