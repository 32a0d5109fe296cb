"""The lifetime fits' shortcuts give what the textbook computation gives: customers with
the same history fitted once with a weight, analytic gradients, a warm-started refit."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import optimize, special

from xl_portfolio.analysis.history import bgnbd, gammagamma


def _histories(seed: int, customers: int = 300) -> tuple[np.ndarray, ...]:
    """x, t_x, T from BG/NBD's own story (r=0.5, alpha=4, a=0.8, b=2.5), times rounded up
    to whole weeks so that many customers share a history (as in real data)."""
    rng = np.random.default_rng(seed)
    T = rng.integers(20, 60, customers).astype("float64")
    rates = rng.gamma(0.5, 1 / 4.0, customers)
    drop = rng.beta(0.8, 2.5, customers)
    x, t_x = np.zeros(customers), np.zeros(customers)
    for i in range(customers):
        now = rng.exponential(1 / rates[i])
        while now < T[i]:
            x[i], t_x[i] = x[i] + 1, np.ceil(now)
            if rng.random() < drop[i]:
                break
            now += rng.exponential(1 / rates[i])
    return x, np.minimum(t_x, T), T


def _unweighted_bgnbd(x: np.ndarray, t_x: np.ndarray, T: np.ndarray) -> np.ndarray:
    """The plain fit: every customer's own log-likelihood, no gradient, no grouping."""
    def negative(log_params: np.ndarray) -> float:
        return -bgnbd.log_likelihood(np.exp(log_params), x, t_x, T).sum()

    found = optimize.minimize(negative, np.log([1.0, 10.0, 1.0, 1.0]), method="Nelder-Mead",
                              options={"xatol": 1e-10, "fatol": 1e-12, "maxfev": 20000})
    assert found.success
    return np.exp(found.x)


def test_weighted_fit_on_distinct_histories_equals_the_per_customer_fit():
    x, t_x, T = _histories(3)
    distinct = len(np.unique(np.column_stack([x, t_x, T]), axis=0))
    assert distinct < 0.8 * len(x)  # the grouping does shrink the data here
    fit = bgnbd.fit_bgnbd(x, t_x, T)
    assert fit is not None and fit.customers == len(x)
    plain = _unweighted_bgnbd(x, t_x, T)
    assert [fit.r, fit.alpha, fit.a, fit.b] == pytest.approx(plain, rel=1e-4)
    assert fit.log_likelihood == pytest.approx(
        bgnbd.log_likelihood(plain, x, t_x, T).sum(), abs=1e-6)


def _numerical_gradient(objective, params: np.ndarray) -> np.ndarray:
    return optimize.approx_fprime(np.log(params), lambda lp: objective(np.exp(lp))[0], 1e-7)


def test_bgnbd_weighted_total_and_gradient_match_per_customer_sums():
    x, t_x, T = _histories(5)
    rows, weights = np.unique(np.column_stack([x, t_x, T]), axis=0, return_counts=True)
    objective = bgnbd._objective(bgnbd._Histories(*rows.T, weights=weights.astype(float)))
    params = np.array([0.7, 6.0, 0.8, 2.5])
    total, slope = objective(params)
    assert total == pytest.approx(bgnbd.log_likelihood(params, x, t_x, T).sum(), rel=1e-12)
    assert slope == pytest.approx(_numerical_gradient(objective, params), rel=1e-4)


def test_gamma_gamma_analytic_gradient_matches_the_numerical_one():
    rng = np.random.default_rng(8)
    x = rng.integers(1, 9, 200).astype("float64")
    spend = rng.gamma(3.0, 40.0, 200)
    objective = gammagamma._objective(x, spend)
    params = np.array([2.0, 3.5, 20.0])
    total, slope = objective(params)
    assert total == pytest.approx(gammagamma.log_likelihood(params, x, spend).sum(),
                                  rel=1e-12)
    assert slope == pytest.approx(_numerical_gradient(objective, params), rel=1e-4)


def test_refit_started_from_another_fit_finds_the_same_maximum():
    x, t_x, T = _histories(7, customers=600)
    cold = bgnbd.fit_bgnbd(x, t_x, T)
    other = bgnbd.fit_bgnbd(*(v[:400] for v in (x, t_x, T)))
    warm = bgnbd.fit_bgnbd(x, t_x, T, start=other)
    assert cold is not None and other is not None and warm is not None
    assert [warm.r, warm.alpha, warm.a, warm.b] == pytest.approx(
        [cold.r, cold.alpha, cold.a, cold.b], rel=1e-5)
    assert warm.log_likelihood == pytest.approx(cold.log_likelihood, abs=1e-8)


def test_cumulative_purchases_per_distinct_x_and_T_equal_the_per_customer_formula():
    x, t_x, T = _histories(9)
    fit = bgnbd.BgNbdFit(0.5, 4.0, 0.8, 2.5, log_likelihood=0.0, customers=len(x))
    times = np.arange(1, 37) * 52 / 12
    table = bgnbd.cumulative_purchases(fit, times, x, t_x, T)
    assert table.shape == (len(x), len(times))
    r, alpha, a, b = 0.5, 4.0, 0.8, 2.5
    for column, t in enumerate(times):  # FHL 2005, equation 10, customer by customer
        for i in range(0, len(x), 7):
            growth = 1 - ((alpha + T[i]) / (alpha + T[i] + t)) ** (r + x[i]) * special.hyp2f1(
                r + x[i], b + x[i], a + b + x[i] - 1, t / (alpha + T[i] + t))
            odds = (a / (b + x[i] - 1) * ((alpha + T[i]) / (alpha + t_x[i])) ** (r + x[i])
                    if x[i] > 0 else 0.0)
            expected = (a + b + x[i] - 1) / (a - 1) * growth / (1 + odds)
            assert table[i, column] == pytest.approx(expected, rel=1e-12)
