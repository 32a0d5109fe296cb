"""analyze_frame end to end: figures recomputed another way, edge cases, languages."""

from __future__ import annotations

import datetime as dt
import re
import time

import numpy as np
import pandas as pd
import pytest

from xl_portfolio import i18n
from xl_portfolio.analysis import analyze_frame
from xl_portfolio.schema import OUTPUT_COLUMNS, REQUIRED_OUTPUT
from xl_portfolio.settings import Settings

AS_OF = dt.date(2025, 12, 31)
# The count rule (1/4/15/80) even on these few customers: the figures below assume it.
SETTINGS = Settings(as_of=AS_OF, pyramid_min_active_for_count_rule=0)


def small_portfolio() -> pd.DataFrame:
    """Six customers: a profitable whale, a loss-maker, a lapsed one and a prospect."""
    return pd.DataFrame({
        "customer": ["Delta", "Alfa", "Echo", "Bravo", "Foxtrot", "Charlie"],
        "revenue": [50_000.0, 400_000.0, 0.0, 150_000.0, np.nan, 20_000.0],
        "revenue_previous": [40_000.0, 300_000.0, 60_000.0, 160_000.0, 0.0, 0.0],
        "cost_of_goods": [30_000.0, 260_000.0, np.nan, 135_000.0, np.nan, 16_000.0],
        "orders": [40.0, 100.0, 0.0, 300.0, np.nan, 10.0],
        "deliveries": [40.0, 50.0, 0.0, 250.0, np.nan, 10.0],
        "dso": [30.0, 45.0, np.nan, 90.0, np.nan, 30.0],
    })


@pytest.fixture(scope="module")
def result():
    return analyze_frame(small_portfolio(), SETTINGS)


def _hand_net(revenue, cogs, orders, deliveries, dso, s=SETTINGS):
    return (revenue - cogs - orders * s.rate_per_order - deliveries * s.rate_per_delivery
            - revenue * dso / 365 * s.cost_of_capital)


def test_customers_sorted_with_required_columns(result):
    c = result.customers
    assert c["customer"].tolist()[:4] == ["Alfa", "Bravo", "Delta", "Charlie"]
    assert c["revenue"].is_monotonic_decreasing
    for name in REQUIRED_OUTPUT:
        assert name in c.columns
    known = [n for n in c.columns if n in OUTPUT_COLUMNS]
    assert known == [n for n in OUTPUT_COLUMNS if n in known]  # contract order
    assert {"revenue_growth", "payment_risk", "orders", "dso"} <= set(c.columns)
    assert "tenure_years" not in c.columns and "owner" not in c.columns
    assert {"tier_code", "size_code", "profitability_code", "segment_code",
            "growth_code"} <= set(c.columns)


def test_figures_recomputed_by_hand(result):
    c = result.customers.set_index("customer")
    nets = {
        "Alfa": _hand_net(400_000, 260_000, 100, 50, 45),
        "Bravo": _hand_net(150_000, 135_000, 300, 250, 90),
        "Delta": _hand_net(50_000, 30_000, 40, 40, 30),
        "Charlie": _hand_net(20_000, 16_000, 10, 10, 30),
    }
    for name, net in nets.items():
        assert c.loc[name, "net_margin"] == pytest.approx(net)
    s = result.summary
    total_revenue = 620_000
    assert s["revenue"] == pytest.approx(total_revenue)
    assert s["net_margin"] == pytest.approx(sum(nets.values()))
    assert s["target_net_margin_pct"] == pytest.approx(sum(nets.values()) / total_revenue)
    assert s["customers"] == 6 and s["active_customers"] == 4
    assert c.loc["Bravo", "profitability_code"] == "loss"
    assert s["loss_making_customers"] == 1
    assert s["loss_making_revenue_share"] == pytest.approx(150_000 / total_revenue)
    assert c.loc["Alfa", "revenue_share"] == pytest.approx(400_000 / total_revenue)
    assert c.loc["Alfa", "clv"] == pytest.approx(nets["Alfa"] * 0.8 / 0.3)
    assert c.loc["Echo", "tier_code"] == "inactive" and c.loc["Echo", "clv"] == 0
    assert c.loc["Foxtrot", "tier_code"] == "prospect"
    assert c.loc["Foxtrot", "revenue"] == 0  # NaN revenue is no revenue
    assert c.loc["Alfa", "revenue_growth"] == pytest.approx(400 / 300 - 1)
    # 4 active customers: 1 Top (Alfa), the rest Small -> Bravo is a small loss-maker.
    assert c.loc["Alfa", "segment_code"] == "anchor_grow"
    assert c.loc["Bravo", "segment_code"] == "renegotiate_or_let_go"
    assert c.loc["Bravo", "payment_risk"] == "Yes"
    assert c.loc["Alfa", "next_review"].date() == dt.date(2026, 6, 30)
    assert s["expected_extra_margin_total"] == pytest.approx(
        c["expected_extra_margin"].sum())
    shares = np.array([400, 150, 50, 20]) / 620
    assert s["hhi"] == pytest.approx(float((shares ** 2).sum() * 10_000))
    assert s["cr1"] == pytest.approx(shares[0])


def test_whale_curve_ends_at_100_percent_with_its_peak(result):
    w = result.whale
    nets = result.customers.set_index("customer")["net_margin"]
    served = nets[nets != 0].sort_values(ascending=False)
    assert w["customer"].tolist() == served.index.tolist()
    assert w["cumulative_net_margin_pct"].iloc[-1] == pytest.approx(1.0)
    assert w["customer_share"].iloc[-1] == pytest.approx(1.0)
    running = served.cumsum() / served.sum()
    assert result.summary["whale_peak_pct"] == pytest.approx(running.max())
    peak_rank = int(np.argmax(running.to_numpy())) + 1
    assert result.summary["whale_peak_customer_share"] == pytest.approx(peak_rank / len(served))
    assert result.summary["margin_destroyer_share"] == pytest.approx(
        (served < 0).sum() / len(served))


def test_tables_add_up(result):
    assert len(result.matrix) == 12  # High, Low, Loss, Not measured x 3 sizes
    assert result.matrix["customers"].sum() == result.summary["active_customers"]
    assert result.matrix["net_margin_share"].sum() == pytest.approx(1.0)
    tiers = result.tiers.set_index("tier_code")
    assert tiers["customers"].tolist() == [1, 0, 0, 3, 1, 1]
    assert tiers["revenue_share"].sum() == pytest.approx(1.0)
    assert tiers.loc["top", "revenue"] == pytest.approx(400_000)


def test_trend_warnings():
    frame = pd.DataFrame({
        "customer": list("abcdef"),
        "revenue": [900.0, 500.0, 0.0, 0.0, 10.0, 300.0],
        "revenue_previous": [300.0, 300.0, 200.0, 100.0, 0.0, 300.0],
    })
    result = analyze_frame(frame, SETTINGS)
    text = " ".join(result.warnings)
    # Revenue 1,710 vs 1,200 (+42.5%) while 2 customers with 300 left; 1 new with 10.
    assert "Revenue grew 42.5% despite the loss of 2 customers" in text
    assert "last period: 300)" in text
    assert "New customers bring 10 (1 customer), less than the 300" in text
    assert "Hardly any churn" not in text
    assert result.summary["customers_lost"] == 2 and result.summary["revenue_lost"] == 300


def test_revenue_bridge_and_retention_by_hand():
    frame = pd.DataFrame({
        "customer": list("abcdef"),
        "revenue": [900.0, 500.0, 0.0, 0.0, 10.0, 300.0],
        "revenue_previous": [300.0, 300.0, 200.0, 100.0, 0.0, 300.0],
    })
    s = analyze_frame(frame, SETTINGS).summary
    # Retained a, b, f: +600, +200, 0 -> expansion 800, contraction 0; lost c, d: 300.
    assert s["revenue_expansion"] == pytest.approx(800)
    assert s["revenue_contraction"] == pytest.approx(0)
    bridge = (s["revenue_previous"] - s["revenue_lost"] - s["revenue_contraction"]
              + s["revenue_expansion"] + s["revenue_new"])
    assert bridge == pytest.approx(s["revenue_now"]) and s["revenue_now"] == pytest.approx(1710)
    assert s["customers_start"] == 5
    assert s["gross_revenue_retention"] == pytest.approx((1200 - 300) / 1200)
    assert s["net_revenue_retention"] == pytest.approx((1200 - 300 + 800) / 1200)


def test_contraction_counts_only_retained_customers():
    frame = pd.DataFrame({"customer": ["a", "b"], "revenue": [50.0, 0.0],
                          "revenue_previous": [80.0, 40.0]})
    s = analyze_frame(frame, SETTINGS).summary
    assert s["revenue_contraction"] == pytest.approx(30)
    assert s["revenue_lost"] == pytest.approx(40)
    assert s["gross_revenue_retention"] == pytest.approx(50 / 120)


def test_stagnation_warning():
    frame = pd.DataFrame({"customer": [f"c{i}" for i in range(30)],
                          "revenue": 100.0, "revenue_previous": 100.0})
    result = analyze_frame(frame, SETTINGS)
    assert any(w.startswith("Hardly any churn (0 customers, 0.0%)") for w in result.warnings)


def test_concentration_and_loss_warnings(result):
    text = "\n".join(result.warnings)
    assert "Alfa accounts for 64.5% of revenue" in text
    assert "The five largest customers bring 100.0% of revenue" in text
    assert "HHI" in text
    assert "Loss-making after cost to serve: 1 customer (25.0% of the active customers)" in text


EDGE_CASES = {
    "one customer": pd.DataFrame({"customer": ["Solo"], "revenue": [1_000.0]}),
    "all zero revenue": pd.DataFrame({"customer": ["a", "b"], "revenue": [0.0, 0.0],
                                      "revenue_previous": [10.0, 0.0]}),
    "only prospects": pd.DataFrame({"customer": ["a", "b"], "revenue": [np.nan, np.nan]}),
    "all loss-making": pd.DataFrame({"customer": ["a", "b", "c"],
                                     "revenue": [100.0, 50.0, 10.0],
                                     "cost_of_goods": [150.0, 60.0, 20.0]}),
    "nan everywhere": pd.DataFrame({
        "customer": ["a", "b", "c"], "revenue": [10.0, 20.0, 30.0],
        **{col: [np.nan] * 3 for col in ("revenue_previous", "cost_of_goods", "gross_margin",
                                         "gross_margin_pct", "orders", "dso", "overdue",
                                         "rebates", "share_of_wallet", "satisfaction")},
        "growth_potential": [None] * 3, "owner": [None] * 3,
        "first_invoice_date": pd.to_datetime([pd.NaT] * 3)}),
    "no rows": pd.DataFrame({"customer": pd.Series([], dtype=object),
                             "revenue": pd.Series([], dtype=float)}),
}


@pytest.mark.parametrize("name", EDGE_CASES)
def test_edge_cases_run_and_stay_finite(name):
    frame = EDGE_CASES[name]
    result = analyze_frame(frame, SETTINGS)
    c = result.customers
    assert len(c) == len(frame) and len(result.matrix) == 12 and len(result.tiers) == 6
    numbers = c.select_dtypes("number")
    assert not np.isinf(numbers.to_numpy(dtype="float64")).any()
    assert c["action"].map(lambda a: isinstance(a, str) and a != "").all()
    assert c["next_review"].notna().all()
    if len(result.whale):
        assert result.whale["cumulative_net_margin_pct"].iloc[-1] == pytest.approx(
            np.sign(result.whale["net_margin"].sum()))


def test_edge_case_specifics():
    solo = analyze_frame(EDGE_CASES["one customer"], SETTINGS)
    assert solo.customers["tier_code"].tolist() == ["top"]
    assert solo.concentration.hhi == pytest.approx(10_000)
    zero = analyze_frame(EDGE_CASES["all zero revenue"], SETTINGS)
    assert zero.customers.set_index("customer")["tier_code"].to_dict() == {
        "a": "inactive", "b": "prospect"}
    losses = analyze_frame(EDGE_CASES["all loss-making"], SETTINGS)
    assert losses.summary["loss_making_customer_share"] == 1.0
    assert losses.summary["whale_peak_pct"] < 0
    nan = analyze_frame(EDGE_CASES["nan everywhere"], SETTINGS)
    assert nan.customers["gross_margin_assumed"].all()
    assert set(nan.customers["growth_code"]) == {"unknown"}


def test_dutch_and_french_labels():
    nl = analyze_frame(small_portfolio(), SETTINGS.replace(language="nl"))
    c = nl.customers.set_index("customer")
    assert c.loc["Alfa", "pyramid_tier"] == "Top"
    assert c.loc["Charlie", "pyramid_tier"] == "Klein"
    assert c.loc["Echo", "pyramid_tier"] == "Inactief"
    assert c.loc["Bravo", "profitability"] == "Verlieslatend"
    assert c.loc["Bravo", "segment"] == "Heronderhandelen of laten gaan"
    assert c.loc["Bravo", "payment_risk"] == "Ja"
    assert any("Alfa is goed voor 64,5% van de omzet" in w for w in nl.warnings)
    assert nl.tiers["tier"].tolist() == ["Top", "Groot", "Middelgroot", "Klein", "Inactief",
                                         "Prospect"]
    fr = analyze_frame(small_portfolio(), SETTINGS.replace(language="fr"))
    assert fr.tiers["tier"].tolist() == ["Top", "Grand", "Moyen", "Petit", "Inactif",
                                         "Prospect"]
    assert fr.customers.set_index("customer").loc["Bravo", "profitability"] == "Déficitaire"
    assert any(w.startswith("Alfa représente 64,5\u00a0% du chiffre d'affaires")
               for w in fr.warnings)


def test_every_key_in_every_language_and_templates_fill():
    keys = set(i18n.MESSAGES["en"])
    for language, messages in i18n.MESSAGES.items():
        assert set(messages) == keys, language
        for key, template in messages.items():
            en_fields = set(re.findall(r"{(\w+)}", i18n.MESSAGES["en"][key]))
            assert set(re.findall(r"{(\w+)}", template)) == en_fields, (language, key)
    for name in OUTPUT_COLUMNS:
        assert i18n.header(name, "en") == OUTPUT_COLUMNS[name]
        assert i18n.header(name, "nl") and i18n.header(name, "fr")
    assert i18n.header("revenue", "nl") == "Omzet"
    assert i18n.t("yes", "fr") == "Oui"


def test_number_formats():
    assert i18n.format_money(-1_234_567.4, "en") == "-1,234,567"
    assert i18n.format_money(1_234_567.4, "nl") == "1.234.567"
    assert i18n.format_number(1_234.5, "fr", 1) == "1\u202f234,5"
    assert i18n.format_pct(0.1234, "nl") == "12,3%"
    assert i18n.format_pct(0.1234, "fr") == "12,3\u00a0%"
    assert i18n.customers_text(1, "nl") == "1 klant"
    assert i18n.customers_text(0, "fr") == "0 client"


def test_twenty_thousand_customers_fast():
    rng = np.random.default_rng(3)
    n = 20_000
    frame = pd.DataFrame({
        "customer": [f"C{i:05d}" for i in range(n)],
        "revenue": rng.lognormal(9, 1.5, n) * (rng.random(n) > 0.05),
        "revenue_previous": rng.lognormal(9, 1.5, n),
        "cost_of_goods": np.nan,
        "gross_margin_pct": rng.uniform(0.1, 0.5, n),
        "orders": rng.integers(0, 50, n).astype(float),
        "dso": rng.uniform(10, 90, n),
        "growth_potential": rng.choice(["hoog", "moyen", "low", None], n),
    })
    start = time.perf_counter()
    result = analyze_frame(frame, SETTINGS)
    assert time.perf_counter() - start < 10  # ~0.3 s on the build machine
    counts = result.tiers.set_index("tier_code")["customers"]
    active = int((frame["revenue"] > 0).sum())
    assert counts["top"] == round(active * 0.01)
    assert counts[["top", "big", "medium", "small"]].sum() == active


def test_tenure_owner_and_stray_columns():
    frame = pd.DataFrame({
        "customer": ["a", "b"], "revenue": [10.0, 5.0],
        "first_invoice_date": pd.to_datetime(["2020-12-31", None]),
        "owner": ["Ann", None], "action": ["stray input column", "x"],
    })
    c = analyze_frame(frame, SETTINGS).customers
    assert c["tenure_years"].iloc[0] == pytest.approx(5.0, abs=0.01)
    assert np.isnan(c["tenure_years"].iloc[1])
    assert c["owner"].iloc[0] == "Ann"
    assert list(c.columns).count("action") == 1
    assert c["action"].iloc[0].startswith("Record the cost of goods")  # no margin input
