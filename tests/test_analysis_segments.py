"""Growth potential, the size x profitability matrix and the actions it leads to."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from xl_portfolio.analysis.actions import add_months, payment_risk, plan_actions
from xl_portfolio.analysis.growth import growth_potential, revenue_growth
from xl_portfolio.analysis.segments import (
    SEGMENT_MATRIX,
    profitability_classes,
    segment_codes,
    size_classes,
    target_margin,
)
from xl_portfolio.settings import Settings

SETTINGS = Settings()
AS_OF = dt.date(2025, 12, 31)


@pytest.mark.parametrize("text, code", [
    ("High", "high"), ("hoog", "high"), ("Élevé", "high"), ("eleve", "high"), ("FORT", "high"),
    ("H", "high"), ("medium", "medium"), ("Gemiddeld", "medium"), ("middel", "medium"),
    ("moyen", "medium"), ("M", "medium"), ("low", "low"), ("Laag", "low"),
    ("faible", "low"), ("bas", "low"), (" l. ", "low"), ("maybe later", "unknown"),
    ("???", "unknown"),
])
def test_growth_text_in_three_languages(text, code):
    frame = pd.DataFrame({"customer": ["x"], "revenue": [1.0], "growth_potential": [text]})
    assert growth_potential(frame, SETTINGS).tolist() == [code]


@pytest.mark.parametrize("scores, codes", [
    ([1, 2, 3, 4, 5], ["low", "low", "medium", "high", "high"]),
    ([0.1, 0.34, 0.5, 0.67, 0.9], ["low", "medium", "medium", "high", "high"]),
    ([0, 3, 4, 7, 10], ["low", "low", "medium", "high", "high"]),
    (["2", "4,5", "3"], ["low", "high", "medium"]),
    (["80%", "20%", "50%"], ["high", "low", "medium"]),
])
def test_growth_scores_read_on_the_column_scale(scores, codes):
    frame = pd.DataFrame({"customer": [str(i) for i in range(len(scores))],
                          "revenue": 1.0, "growth_potential": scores})
    assert growth_potential(frame, SETTINGS).tolist() == codes


def test_growth_derived_from_revenue_and_wallet():
    frame = pd.DataFrame({
        "customer": list("abcdefgh"),
        "revenue": [120.0, 100.0, 90.0, 90.0, 120.0, 100.0, 50.0, 50.0],
        "revenue_previous": [100.0, 100.0, 100.0, 100.0, 100.0, 0.0, np.nan, np.nan],
        "share_of_wallet": [np.nan, np.nan, np.nan, 0.2, 0.9, 0.2, 0.95, np.nan],
    })
    codes = growth_potential(frame, SETTINGS).tolist()
    # a +20% high; b 0% medium; c -10% low; d low growth but 20% of wallet -> medium;
    # e +20% but wallet 90% full -> medium; f no growth figure, wallet 20% -> high;
    # g wallet 95% only -> low; h nothing -> unknown.
    assert codes == ["high", "medium", "low", "medium", "medium", "high", "low", "unknown"]
    growth = revenue_growth(frame)
    assert growth.iloc[0] == pytest.approx(0.2) and np.isnan(growth.iloc[5])


def test_blank_growth_cell_falls_back_to_derived():
    frame = pd.DataFrame({"customer": ["a", "b"], "revenue": [130.0, 130.0],
                          "revenue_previous": [100.0, 100.0],
                          "growth_potential": ["laag", None]})
    assert growth_potential(frame, SETTINGS).tolist() == ["low", "high"]


def test_every_matrix_cell_and_outside():
    tiers = pd.Series(["top", "big", "medium", "small", "inactive", "prospect"] * 3)
    sizes = size_classes(tiers)
    pct = pd.Series([0.30] * 6 + [0.05] * 6 + [-0.1] * 6)
    profit = profitability_classes(pct, 0.2, sizes)
    segments = segment_codes(sizes, profit, tiers)
    for size, prof, seg in zip(sizes, profit, segments, strict=True):
        if size == "none":
            assert prof == "none" and seg in ("reactivate_or_close", "qualify_prospect")
        else:
            assert seg == SEGMENT_MATRIX[(prof, size)]
    assert segments.tolist()[:4] == ["anchor_grow", "anchor_grow", "develop", "maintain"]
    assert segments.tolist()[6:10] == ["renegotiate", "renegotiate", "improve_margin",
                                       "streamline"]
    assert segments.tolist()[12:18] == ["remediate_now", "remediate_now", "remediate",
                                        "renegotiate_or_let_go", "reactivate_or_close",
                                        "qualify_prospect"]


def test_profitability_boundaries_and_target():
    pct = pd.Series([0.10, 0.0999, 0.0, -0.0001, np.nan])
    assert profitability_classes(pct, 0.10).tolist() == ["high", "low", "low", "loss", "none"]
    revenue = pd.Series([100.0, 300.0, 50.0])
    net = pd.Series([10.0, 30.0, -500.0])
    active = pd.Series([True, True, False])
    assert target_margin(revenue, net, active, SETTINGS) == pytest.approx(40 / 400)
    assert target_margin(revenue, net, active, Settings(target_net_margin_pct=0.25)) == 0.25
    # A negative portfolio margin: every non-loss customer is high.
    assert profitability_classes(pd.Series([0.0, -0.01]), -0.2).tolist() == ["high", "loss"]


def _plan_frame(**extra) -> pd.DataFrame:
    base = {
        "customer": ["anchor", "fix", "improve", "keep", "lapsed"],
        "segment_code": ["anchor_grow", "remediate_now", "improve_margin", "maintain",
                         "reactivate_or_close"],
        "profitability_code": ["high", "loss", "low", "high", "none"],
        "size_code": ["large", "large", "medium", "small", "none"],
        "growth_code": ["high", "high", "medium", "low", "unknown"],
        "revenue": [1_000_000.0, 200_000.0, 100_000.0, 10_000.0, 0.0],
        "gross_margin_pct": [0.30, 0.10, 0.25, 0.40, np.nan],
        "revenue_share": [0.15, 0.03, 0.01, 0.001, 0.0],
    }
    base.update(extra)
    return pd.DataFrame(base)


def test_actions_review_dates_priorities_and_growth_plan():
    out = plan_actions(_plan_frame(), SETTINGS, AS_OF)
    assert out["next_review"].dt.date.tolist() == [
        dt.date(2026, 6, 30), dt.date(2026, 1, 31), dt.date(2026, 3, 31),
        dt.date(2026, 12, 31), dt.date(2026, 3, 31)]
    assert out["priority"].tolist() == [2, 1, 2, 3, 3]
    # Growth plan: revenue x uplift x gross margin % x success %.
    assert out["expected_extra_margin"].tolist() == pytest.approx(
        [1_000_000 * 0.20 * 0.30 * 0.60, 0.0, 100_000 * 0.10 * 0.25 * 0.40, 0.0, 0.0])
    assert out["growth_success_pct"].iloc[0] == 0.6
    assert np.isnan(out["growth_success_pct"].iloc[1])
    assert out["growth_timing"].iloc[0] == "within 6 months (by 2026-06-30)"
    assert "+20%" in out["growth_condition"].iloc[0] and "200,000" in \
        out["growth_condition"].iloc[0]
    assert out["growth_condition"].iloc[3] == ""
    actions = out["action"].tolist()
    assert actions[0].startswith("Anchor: fixed account review every 6 months")
    assert "growth plan +20% revenue" in actions[0]
    assert "reduce dependency (15.0% of revenue)" in actions[0]
    assert "remediate first, then develop" in actions[1] and "growth plan" not in actions[1]
    assert "within 1 month " in actions[1]
    assert out["dependency_flag"].tolist() == [True, False, False, False, False]


def test_payment_risk_adds_action_and_brings_review_forward():
    frame = _plan_frame(dso=[30.0, np.nan, 20.0, 75.0, np.nan],
                        overdue=[0.0, 50_000.0, 5_000.0, 0.0, 10.0])
    risk = payment_risk(frame, SETTINGS).tolist()
    # keep: DSO 75 >= 60; fix: overdue 25% >= 10%; improve: 5%; lapsed: overdue without revenue
    assert risk == [False, True, False, True, True]
    out = plan_actions(frame, SETTINGS, AS_OF)
    assert out["action"].str.endswith("tighten payment terms").tolist() == risk
    assert out["next_review"].iloc[3].date() == dt.date(2026, 3, 31)  # 12 -> 3 months
    assert out["priority"].iloc[3] == 2


def test_actions_translated():
    nl = plan_actions(_plan_frame(), Settings(language="nl"), AS_OF)
    assert nl["action"].iloc[0].startswith("Verankeren: vast klantoverleg elke 6 maanden")
    assert "groeiplan +20% omzet" in nl["action"].iloc[0]
    assert nl["growth_timing"].iloc[0] == "binnen 6 maanden (uiterlijk 30-06-2026)"
    assert "binnen 1 maand " in nl["action"].iloc[1]
    fr = plan_actions(_plan_frame(), Settings(language="fr"), AS_OF)
    assert fr["action"].iloc[1].startswith("Redresser immédiatement\u00a0: ")
    assert "réduire la dépendance (15,0\u00a0% du chiffre d'affaires)" in fr["action"].iloc[0]
    assert fr["growth_timing"].iloc[0] == "sous 6 mois (au plus tard le 30/06/2026)"


def test_add_months_end_of_month():
    months = pd.Series([1, 2, 12])
    dates = add_months(dt.date(2024, 1, 31), months).dt.date.tolist()
    assert dates == [dt.date(2024, 2, 29), dt.date(2024, 3, 31), dt.date(2025, 1, 31)]
