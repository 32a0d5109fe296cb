"""Issue 7, the analysis half: not-measured margins, one definition per count, the
target the reader sees, money at stake and findings, each recomputed by hand."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from xl_portfolio.analysis import analyze_frame, top_actions
from xl_portfolio.analysis.result import ranked_texts
from xl_portfolio.schema import SourceInfo
from xl_portfolio.settings import Settings

AS_OF = dt.date(2025, 12, 31)
SETTINGS = Settings(as_of=AS_OF, dependency_threshold=0.5)  # only Alfa (62%) flagged


def mixed() -> pd.DataFrame:
    """Two customers with cost of goods, two without, one lapsed, one credit note."""
    return pd.DataFrame({
        "customer": ["Alfa", "Bravo", "Charlie", "Delta", "Echo", "Golf"],
        "revenue": [400_000.0, 150_000.0, 60_000.0, 30_000.0, 0.0, -1_235.0],
        "cost_of_goods": [260_000.0, 145_000.0, np.nan, np.nan, np.nan, 3_000.0],
        "revenue_previous": [300_000.0, 160_000.0, 50_000.0, 0.0, 60_000.0, 5_000.0],
        "orders": [100.0, 300.0, 20.0, 0.0, 0.0, 4.0],
    })


@pytest.fixture(scope="module")
def result():
    return analyze_frame(mixed(), SETTINGS)


def test_margin_measured_only_with_cost_or_margin(result):
    c = result.customers.set_index("customer")
    assert c["margin_measured"].to_dict() == {
        "Alfa": True, "Bravo": True, "Charlie": False, "Delta": False, "Echo": False,
        "Golf": True}
    assert (c["margin_measured"] == ~c["gross_margin_assumed"]).all()
    # Never High or Low on an assumed %: Charlie's assumed 30% - 25 x 20 / 60,000 is well
    # above any target, yet it is "not measured", with the size's action.
    assert c.loc["Charlie", "profitability_code"] == "not_measured"
    assert c.loc["Charlie", "profitability"] == "Not measured"
    assert c.loc["Charlie", "segment_code"].startswith("measure_")
    assert "Record the cost of goods" in c.loc["Charlie", "action"]
    assert c.loc["Alfa", "profitability_code"] in ("high", "low")
    s = result.summary
    assert s["margin_measured_customers"] == 2 and s["assumed_margin_customers"] == 2
    assert s["margin_measured_customers"] + s["assumed_margin_customers"] == \
        s["active_customers"]
    assert not s["no_margin_measured"]
    codes = [f.code for f in result.findings]
    assert "assumed_margin" in codes and "no_margin_measured" not in codes
    assumed = next(f for f in result.findings if f.code == "assumed_margin")
    assert assumed.text.startswith("2 customers have an assumed gross margin of 30%")
    assert assumed.money_at_stake == pytest.approx(90_000)


def test_no_margin_measured_at_all():
    frame = mixed().drop(columns="cost_of_goods")
    r = analyze_frame(frame, Settings(as_of=AS_OF, language="nl"))
    active = r.customers[r.customers["revenue"] > 0]
    assert set(active["profitability_code"]) == {"not_measured"}
    assert r.summary["no_margin_measured"] and r.summary["margin_measured_customers"] == 0
    codes = [f.code for f in r.findings]
    assert "no_margin_measured" in codes and "assumed_margin" not in codes
    assert any(w.startswith("Geen enkele marge is gemeten") for w in r.warnings)
    matrix = r.matrix.set_index(["profitability_code", "size_code"])["customers"]
    assert matrix.loc["not_measured"].sum() == r.summary["active_customers"]
    assert r.matrix.loc[r.matrix["profitability_code"] == "not_measured",
                        "profitability"].iloc[0] == "Niet gemeten"


def test_measured_portfolio_has_no_assumption_finding():
    frame = mixed().assign(cost_of_goods=[260_000.0, 140_000.0, 40_000.0, 20_000.0, 0.0,
                                          3_000.0])
    r = analyze_frame(frame, SETTINGS)
    assert r.summary["assumed_margin_customers"] == 0
    assert not {"assumed_margin", "no_margin_measured"} & {f.code for f in r.findings}
    assert "not_measured" not in set(r.customers["profitability_code"])


def test_one_definition_per_count(result):
    s, c = result.summary, result.customers
    assert s["active_customers"] + s["inactive_customers"] + s["prospects"] == \
        s["customers"] == len(c)
    active = c["revenue"] > 0
    loss = active & (c["net_margin"] < 0)
    assert s["loss_making_customers"] == int(loss.sum())
    assert s["margin_destroyers"] == s["loss_making_customers"]
    assert s["margin_destroyers"] == int((result.whale["net_margin"] < 0).sum())
    assert s["whale_customers"] == len(result.whale) == s["active_customers"]
    assert result.matrix["customers"].sum() == s["matrix_customers"] == s["active_customers"]
    assert s["loss_making_assumed_customers"] == int((loss & ~c["margin_measured"]).sum())


def test_target_is_the_dashboard_net_margin_pct(result):
    s, c = result.summary, result.customers
    dashboard = c["net_margin"].sum() / c["revenue"].sum()
    assert s["net_margin_pct"] == pytest.approx(dashboard)
    assert s["target_net_margin_pct"] == pytest.approx(dashboard)
    assert s["target_source"] == "portfolio"
    measured = c[c["margin_measured"] & (c["revenue"] > 0)]
    high = measured["net_margin_pct"] >= dashboard
    assert (measured.loc[high, "profitability_code"] == "high").all()
    assert (measured.loc[~high, "profitability_code"] != "high").all()
    fixed = analyze_frame(mixed(), SETTINGS.replace(target_net_margin_pct=0.2)).summary
    assert fixed["target_net_margin_pct"] == 0.2 and fixed["target_source"] == "setting"


def test_net_margin_pct_is_na_on_a_credit_note(result):
    golf = result.customers.set_index("customer").loc["Golf"]
    assert golf["net_margin"] < 0
    assert np.isnan(golf["net_margin_pct"]) and np.isnan(golf["gross_margin_pct"])


def test_money_at_stake_by_hand(result):
    c = result.customers.set_index("customer")
    s = SETTINGS
    # Bravo loses money (measured): the stake is the loss a remediation removes.
    bravo_net = 150_000 - 145_000 - 300 * s.rate_per_order
    assert c.loc["Bravo", "net_margin"] == pytest.approx(bravo_net)
    assert bravo_net < 0
    assert c.loc["Bravo", "money_at_stake"] == pytest.approx(-bravo_net)
    assert c.loc["Bravo", "stake_code"] == "loss"
    assert c.loc["Bravo", "action_reason"] == \
        f"Loses {-bravo_net:,.0f} after cost to serve: new terms remove that loss."
    assert c.loc["Bravo", "priority"] == 1  # loss-making, large
    # Remediation is valued in the expected extra margin too.
    assert c.loc["Bravo", "expected_extra_margin"] == pytest.approx(
        -bravo_net * s.remediation_success)
    # Alfa is 63% of revenue: revenue at risk from dependency.
    assert c.loc["Alfa", "stake_code"] == "dependency"
    assert c.loc["Alfa", "money_at_stake"] == pytest.approx(400_000)
    summary = result.summary
    assert summary["expected_extra_margin"] == pytest.approx(c["expected_extra_margin"].sum())
    assert summary["expected_extra_margin_remediation"] == pytest.approx(
        -bravo_net * s.remediation_success)


def test_growth_plan_and_payment_stakes():
    frame = pd.DataFrame({
        "customer": ["Grow", "Late", "Owed", "Small"] + [f"x{i}" for i in range(10)],
        "revenue": [100_000.0, 90_000.0, 80_000.0, 10_000.0] + [95_000.0] * 10,
        "cost_of_goods": [60_000.0, 60_000.0, 50_000.0, 6_000.0] + [60_000.0] * 10,
        "growth_potential": ["high", "low", "low", "low"] + ["low"] * 10,
        "dso": [30.0, 80.0, 30.0, 30.0] + [30.0] * 10,
        "overdue": [0.0, 0.0, 20_000.0, 0.0] + [0.0] * 10,
    })
    s = Settings(as_of=AS_OF)
    c = analyze_frame(frame, s).customers.set_index("customer")
    expected = 100_000 * s.growth_uplift_high * c.loc["Grow", "gross_margin_pct"] \
        * s.growth_success_high
    assert c.loc["Grow", "stake_code"] == "growth"
    assert c.loc["Grow", "money_at_stake"] == pytest.approx(expected)
    assert c.loc["Late", "stake_code"] == "payment"
    assert c.loc["Late", "money_at_stake"] == pytest.approx(
        90_000 * (80 - s.payment_terms_days) / 365)
    assert "DSO 80 days against a 30-day term" in c.loc["Late", "action_reason"]
    assert c.loc["Owed", "money_at_stake"] == pytest.approx(20_000)
    assert "20,000 overdue" in c.loc["Owed", "action_reason"]


def test_top_actions_ranked_and_capped():
    rng = np.random.default_rng(7)
    n = 60
    frame = pd.DataFrame({
        "customer": [f"c{i:02d}" for i in range(n)],
        "revenue": rng.uniform(1_000, 100_000, n).round(0),
        "orders": rng.integers(0, 400, n).astype(float),
    })
    frame["cost_of_goods"] = frame["revenue"] * rng.uniform(0.5, 0.9, n)
    r = analyze_frame(frame, Settings(as_of=AS_OF, top_actions=10))
    top = top_actions(r)
    assert len(top) == 10
    money = top["money_at_stake"].to_numpy()
    assert (np.diff(money) <= 0).all() and (money > 0).all()
    best = r.customers[r.customers["money_at_stake"] > 0].sort_values(
        ["money_at_stake", "customer"], ascending=[False, True])
    assert top["customer"].tolist() == best["customer"].head(10).tolist()
    assert len(top_actions(r, 100)) == len(best)


def test_top_actions_ties_by_name():
    frame = pd.DataFrame({"customer": ["b", "a", "c"], "revenue": [100.0, 100.0, 100.0],
                          "cost_of_goods": [150.0, 150.0, 150.0]})
    top = top_actions(analyze_frame(frame, SETTINGS))
    assert top["customer"].tolist() == ["a", "b", "c"]


def test_findings_ranked_by_money(result):
    assert result.warnings == ranked_texts(result.findings)
    money = [f.money_at_stake for f in result.findings if f.money_at_stake == f.money_at_stake]
    ranked = [f for f in result.findings]
    assert money and {f.code for f in ranked} >= {"dependency", "loss_making",
                                                  "assumed_margin"}
    by_code = {f.code: f for f in result.findings}
    assert by_code["dependency"].money_at_stake == pytest.approx(400_000)
    assert by_code["loss_making"].money_at_stake == pytest.approx(
        -result.summary["loss_making_net_margin"])
    assumed = result.summary["loss_making_assumed_customers"]
    assert ("on an assumed gross margin" in by_code["loss_making"].text) == (assumed > 0)
    first = max(money)
    assert result.warnings[0] == next(f.text for f in result.findings
                                      if f.money_at_stake == first)


def test_cost_to_serve_flags():
    frame = mixed()
    s = analyze_frame(frame, SETTINGS).summary
    assert s["cost_to_serve_drivers"] == ("orders",)
    assert s["cost_to_serve_default_rates"]
    assert s["cost_to_serve_unmeasured_customers"] == 1  # Delta: 0 orders
    own = analyze_frame(frame, SETTINGS.replace(rate_per_order=30.0)).summary
    assert not own["cost_to_serve_default_rates"]
    none = analyze_frame(frame.drop(columns="orders"), SETTINGS).summary
    assert none["cost_to_serve_drivers"] == () and not none["cost_to_serve_default_rates"]
    assert none["cost_to_serve_unmeasured_customers"] == none["active_customers"]


def test_period_and_currency(result):
    s = result.summary
    assert s["period_start"] == dt.date(2025, 1, 1) and s["period_end"] == AS_OF
    assert s["previous_period_start"] == dt.date(2024, 1, 1)
    assert s["previous_period_end"] == dt.date(2024, 12, 31)
    assert s["currency"] == "EUR"
    assert analyze_frame(mixed(), SETTINGS.replace(currency="usd")).summary["currency"] == \
        "USD"


@pytest.mark.parametrize("language", ["en", "nl", "fr"])
def test_vectorised_reason_numbers_match_i18n(language):
    from xl_portfolio.analysis._text import format_numbers as _formatted
    from xl_portfolio.analysis._text import format_pcts as _pct
    from xl_portfolio.i18n import format_number, format_pct

    values = np.array([0.0, -0.4, -0.6, 1_234_567.891, -1_234.5, np.nan, 999.5, 12.25])
    for decimals in (0, 1):
        assert list(_formatted(values, language, decimals)) == [
            format_number(v, language, decimals) for v in values]
    shares = np.array([0.1234, -0.0001, np.nan, 1.5])
    assert list(_pct(shares, language)) == [format_pct(v, language) for v in shares]


def test_five_customer_sheet_uses_the_revenue_rule():
    frame = pd.DataFrame({"customer": ["V", "W", "X", "Y", "Z"],
                          "revenue": [40_000.0, 22_000.0, 18_000.0, 12_000.0, 8_000.0],
                          "cost_of_goods": [30_000.0, 15_000.0, 12_000.0, 8_000.0, 5_000.0]})
    r = analyze_frame(frame, SETTINGS)
    assert r.summary["pyramid_rule"] == "revenue"
    tiers = r.customers.set_index("customer")["tier_code"]
    assert tiers["W"] != "small" and tiers.tolist() == ["top", "top", "big", "medium",
                                                        "medium"]
    table = r.tiers.set_index("tier_code")
    assert table.loc["top", "revenue_share"] == pytest.approx(0.62)
    assert table["revenue_share"].sum() == pytest.approx(1.0)
    assert table["customers"].sum() == 5


def web_shop_export(n_customers: int = 40, seed: int = 5) -> pd.DataFrame:
    """One year of order lines: shop, date, order id, line total (no cost column)."""
    rng = np.random.default_rng(seed)
    rows = []
    for order in range(600):
        shop = f"shop {rng.integers(n_customers):02d}"
        day = pd.Timestamp("2025-01-01") + pd.Timedelta(days=int(rng.integers(365)))
        for _ in range(int(rng.integers(1, 5))):
            rows.append((shop, day, float(rng.uniform(20, 900)), f"SO{order:05d}"))
    frame = pd.DataFrame(rows, columns=["customer", "date", "amount", "order_number"])
    frame["key"] = frame["customer"]
    return frame


def test_one_year_web_shop_export_without_cost():
    from xl_portfolio.sources.lines import aggregate_lines

    lines = web_shop_export()
    frame, _ = aggregate_lines(lines, AS_OF, 12)
    source = SourceInfo(file="export.csv", sheet=None, kind="lines", rows_read=len(lines))
    r = analyze_frame(frame, SETTINGS, source=source)
    active = r.customers[r.customers["revenue"] > 0]
    assert set(active["profitability_code"]) == {"not_measured"}
    assert not {"high", "low", "loss"} & set(r.matrix.loc[r.matrix["customers"] > 0,
                                                          "profitability_code"])
    assert r.summary["previous"] is None
    assert r.summary["no_margin_measured"] and r.summary["cost_to_serve_default_rates"]
    assert r.findings[0].code in {"no_margin_measured", "dependency", "top5"}
    assert any(f.code == "no_margin_measured" for f in r.findings)
    assert (active["action"].str.startswith("Record the cost of goods")).all()


def test_loss_on_an_assumed_margin_is_counted_and_said():
    frame = pd.DataFrame({"customer": ["big", "tiny"], "revenue": [10_000.0, 100.0],
                          "orders": [10.0, 5.0]})
    r = analyze_frame(frame, SETTINGS)
    s = r.summary
    # tiny: 30 assumed - 5 x 25 = -95 < 0, a loss resting on the assumed margin.
    assert s["loss_making_customers"] == 1 and s["loss_making_assumed_customers"] == 1
    assert s["margin_destroyers"] == 1
    loss = next(f for f in r.findings if f.code == "loss_making")
    assert loss.text.endswith("Of these, on an assumed gross margin: 1 customer.")
    tiny = r.customers.set_index("customer").loc["tiny"]
    assert tiny["profitability_code"] == "not_measured" and tiny["money_at_stake"] == 0


def test_new_settings_validated():
    from xl_portfolio.errors import InputError
    from xl_portfolio.settings import load_settings

    assert Settings(currency=" usd ").currency == "USD"
    for bad in ("EURO", "E1R", "", "€"):
        with pytest.raises(InputError, match="currency"):
            Settings(currency=bad)
    with pytest.raises(InputError, match="pyramid revenue cut-offs"):
        Settings(pyramid_top_revenue_share=0.9, pyramid_big_revenue_share=0.8)
    with pytest.raises(InputError, match="top_actions"):
        Settings(top_actions=0)
    with pytest.raises(InputError, match="remediation_success"):
        Settings(remediation_success=1.5)
    assert load_settings(currency="gbp", top_actions=10).top_actions == 10


def test_trend_findings_carry_the_lost_revenue():
    frame = pd.DataFrame({
        "customer": list("abcdef"),
        "revenue": [900.0, 500.0, 0.0, 0.0, 10.0, 300.0],
        "revenue_previous": [300.0, 300.0, 200.0, 100.0, 0.0, 300.0],
        "cost_of_goods": [600.0, 300.0, 0.0, 0.0, 5.0, 200.0],
    })
    r = analyze_frame(frame, SETTINGS)
    by_code = {f.code: f for f in r.findings}
    assert by_code["trend_lost_masked"].money_at_stake == pytest.approx(300)
    assert by_code["trend_replacement"].money_at_stake == pytest.approx(300 - 10)
    assert by_code["trend_lost_masked"].text.startswith("Revenue grew 42.5% despite")


def test_priority_one_is_rare_and_brings_the_review_forward():
    frame = pd.DataFrame({
        "customer": ["Large late", "Large fine", "Small late", "Medium loss"],
        "revenue": [500_000.0, 300_000.0, 1_000.0, 100_000.0],
        "cost_of_goods": [300_000.0, 200_000.0, 600.0, 99_000.0],
        "orders": [10.0, 10.0, 2.0, 200.0],
        "dso": [75.0, 30.0, 90.0, 30.0],
    })
    s = Settings(as_of=AS_OF, dependency_threshold=0.9)
    c = analyze_frame(frame, s).customers.set_index("customer")
    # Revenue rule (4 customers): 55.9%, 33.5%, 11.2%, 0.1% -> Top, Big, Medium, Small.
    assert c["size_code"].to_dict() == {"Large late": "large", "Large fine": "large",
                                        "Medium loss": "medium", "Small late": "small"}
    # Payment risk at a Large customer: priority 1, review within a month.
    assert c.loc["Large late", "priority"] == 1
    assert c.loc["Large late", "next_review"].date() == dt.date(2026, 1, 31)
    # A measured loss at a Medium customer: priority 1 (Remediate), within a month.
    assert c.loc["Medium loss", "segment_code"] == "remediate"
    assert c.loc["Medium loss", "priority"] == 1
    # The same payment risk at a Small customer: priority 2; the 12-month maintenance
    # review is brought forward to 3 months.
    assert c.loc["Small late", "segment_code"] == "maintain"
    assert c.loc["Small late", "priority"] == 2
    assert c.loc["Small late", "next_review"].date() == dt.date(2026, 3, 31)
    assert c.loc["Large fine", "priority"] != 1
