"""BG/NBD, Gamma-Gamma and RFM: the published CDNOW figures, fallbacks, small portfolios."""

from __future__ import annotations

import datetime as dt

import numpy as np
import openpyxl
import pandas as pd
import pytest

from tests.cdnow import CALIBRATION_END, PUBLISHED, PUBLISHED_SPEND, cdnow_transactions
from tests.history_fixtures import lines_frame, random_lines, simulated_buyers
from xl_portfolio.analysis.history import analyze_history, lifetime
from xl_portfolio.analysis.history.bgnbd import BgNbdFit, fit_bgnbd, probability_alive
from xl_portfolio.analysis.history.gammagamma import fit_gamma_gamma
from xl_portfolio.analysis.history.purchases import purchase_summary
from xl_portfolio.analysis.history.rfm import quintile_scores, rf_grid, rfm_table
from xl_portfolio.cli import main
from xl_portfolio.report.labels import header


@pytest.fixture(scope="module")
def cdnow() -> pd.DataFrame:
    raw = cdnow_transactions()
    assert (len(raw), raw["customer"].nunique()) == (6919, 2357)
    return raw


@pytest.fixture(scope="module")
def cdnow_summary(cdnow) -> pd.DataFrame:
    """x, t_x, T in weeks per customer, purchases per distinct day, written out here
    with plain pandas (not the package's purchase_summary)."""
    cal = cdnow[cdnow["date"] <= CALIBRATION_END]
    days = cal.groupby("customer")["date"].agg(["min", "max", "nunique"])
    return pd.DataFrame({"x": days["nunique"] - 1,
                         "t_x": (days["max"] - days["min"]).dt.days / 7,
                         "T": (CALIBRATION_END - days["min"]).dt.days / 7})


def test_bgnbd_reproduces_the_published_cdnow_fit(cdnow_summary):
    fit = fit_bgnbd(*(cdnow_summary[c].to_numpy() for c in ("x", "t_x", "T")))
    assert fit is not None
    for name, published in PUBLISHED.items():
        assert getattr(fit, name) == pytest.approx(published, rel=0.01), name
    assert fit.log_likelihood == pytest.approx(-9582.4, abs=0.1)  # FHL 2005, table 1


def test_gamma_gamma_reproduces_the_published_cdnow_fit(cdnow):
    lines = cdnow.assign(key=cdnow["customer"], amount=cdnow["dollars"])
    summary = purchase_summary(lines, CALIBRATION_END)
    fit = fit_gamma_gamma(summary["x"].to_numpy(), summary["repeat_spend"].to_numpy())
    assert fit is not None and fit.customers == 946
    for name, published in PUBLISHED_SPEND.items():
        assert getattr(fit, name) == pytest.approx(published, rel=0.01), name


@pytest.mark.slow
def test_cdnow_through_the_cli_gives_the_same_probabilities(cdnow, cdnow_summary, tmp_path):
    csv = tmp_path / "cdnow_lines.csv"
    cdnow.rename(columns={"dollars": "amount"})[["customer", "date", "amount"]].to_csv(
        csv, index=False, date_format="%Y-%m-%d")
    out = tmp_path / "cdnow.xlsx"
    assert main(["analyze", str(csv), "-o", str(out), "--as-of", "1997-09-30", "-q"]) == 0
    ws = openpyxl.load_workbook(out, read_only=True)["Customers"]
    rows = ws.iter_rows(values_only=True)
    head = list(next(rows))
    name_col, alive_col = head.index(header("customer")), head.index(header("p_alive"))
    written = {str(r[name_col]): r[alive_col] for r in rows if r[name_col] is not None}
    fit = fit_bgnbd(*(cdnow_summary[c].to_numpy() for c in ("x", "t_x", "T")))
    expected = probability_alive(fit, *(cdnow_summary[c].to_numpy() for c in
                                        ("x", "t_x", "T")))
    repeat = cdnow_summary["x"].to_numpy() > 0
    assert len(written) == 2357
    for name, alive, has_repeat in zip(cdnow_summary.index, expected, repeat, strict=True):
        if has_repeat:
            assert written[name] == pytest.approx(alive, abs=1e-6), name
        else:  # BG/NBD cannot tell whether a one-purchase customer left: blank, never 1
            assert written[name] in (None, "n/a"), name
    published = BgNbdFit(**PUBLISHED, log_likelihood=0.0, customers=0)
    with_published = probability_alive(published, *(cdnow_summary[c].to_numpy() for c in
                                                     ("x", "t_x", "T")))
    assert np.max(np.abs(expected - with_published)[repeat]) < 0.01


def _history(lines, as_of=dt.date(2024, 12, 31), **kw):
    names = lines["customer"].unique()
    customers = pd.DataFrame({"customer": names, "net_margin_pct": 0.2,
                              "clv": np.arange(len(names), dtype=float)})
    from xl_portfolio.settings import Settings
    return analyze_history(lines, as_of, Settings(**kw), customers, 0.2), customers


def test_small_portfolio_keeps_the_simple_clv_and_says_why():
    lines = lines_frame([("a", "2024-01-05", 100.0), ("a", "2024-06-05", 120.0),
                         ("b", "2024-02-01", 80.0)])
    history, customers = _history(lines)
    assert history.lifetime.status == "simple_too_few_customers"
    table = history.customers
    assert set(table["clv_method"]) == {"simple_too_few_customers"}
    assert table["clv"].tolist() == customers.set_index("customer")["clv"].tolist()
    assert table["p_alive"].isna().all()


def test_credit_notes_and_single_purchases_fall_back_per_customer():
    lines = simulated_buyers(7, customers=200)
    credit = lines_frame([("credit", "2022-03-01", 500.0), ("credit", "2023-03-01", -300.0),
                          ("credit", "2024-03-01", -300.0),
                          ("once", "2024-03-01", 100.0)])
    history, _ = _history(pd.concat([lines, credit], ignore_index=True))
    assert history.lifetime.status == "model"
    methods = history.customers["clv_method"]
    assert methods["credit"] == "simple_no_positive_spend"
    assert methods["once"] == "simple_one_purchase"
    assert np.isnan(history.customers.loc["once", "p_alive"])
    modelled = history.customers[methods == "model"]
    assert len(modelled) > 50 and np.isfinite(modelled["clv"]).all()
    fit = history.lifetime.bgnbd
    assert fit.log_likelihood < 0 and fit.customers == 202


def test_a_fit_that_fails_falls_back_without_crashing(monkeypatch):
    monkeypatch.setattr(lifetime, "fit_bgnbd", lambda *args, **kwargs: None)
    history, customers = _history(simulated_buyers(8))
    assert history.lifetime.status == "simple_no_fit"
    assert set(history.customers["clv_method"]) == {"simple_no_fit"}


def test_fit_on_data_without_repeat_purchases_is_none():
    assert fit_bgnbd(np.zeros(5), np.zeros(5), np.full(5, 10.0)) is None


def test_at_risk_below_the_threshold():
    history, _ = _history(simulated_buyers(9), alive_risk_threshold=0.6)
    table = history.customers
    alive = table["p_alive"].to_numpy(dtype=float)
    assert (table["at_risk"] == (np.nan_to_num(alive, nan=1.0) < 0.6)).all()
    assert table["at_risk"].any()


def test_calibration_on_data_from_the_model_itself_fits():
    """Simulated BG/NBD buyers: the holdout check must call the fit ok."""
    history, _ = _history(simulated_buyers(11))
    check = history.calibration
    assert check.status == "ok", check.groups
    assert check.predicted == pytest.approx(check.actual, rel=0.25)
    assert check.groups["customers"].sum() == 400


def test_uniformly_random_buyers_do_not_converge_and_fall_back():
    """No spread in drop-out (a and b run off to infinity): reported, not a crash."""
    history, _ = _history(random_lines(7, customers=120))
    assert history.lifetime.status == "simple_no_fit"


def test_quintile_scores_with_ties_and_tiny_portfolios():
    assert quintile_scores(np.array([5.0])).tolist() == [5]
    assert quintile_scores(np.array([1.0, 2.0, 3.0])).tolist() == [2, 4, 5]
    tied = quintile_scores(np.array([1.0, 1, 1, 1, 9]))
    assert len(set(tied[:4])) == 1 and tied[4] == 5
    assert quintile_scores(np.array([10.0, 1, 5]), higher_is_better=False).tolist() == [2, 5, 4]


def test_rfm_segments_and_grid():
    table = rfm_table(np.array([1.0, 300, 2, 200, 400]), np.array([50.0, 40, 1, 3, 2]),
                      np.array([9e4, 8e4, 50, 100, 10]))
    assert table["rfm_score"].tolist()[0] == "555"
    segments = dict(zip(range(5), table["rfm_segment_code"], strict=True))
    assert segments[0] == "champions"
    assert segments[2] == "new"  # recent, one purchase
    assert segments[4] == "lost"
    grid = rf_grid(table)
    assert grid.to_numpy().sum() == 5 and grid.loc[5, 5] == 1
