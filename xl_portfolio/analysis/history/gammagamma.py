"""Gamma-Gamma: the spend per purchase a customer will make on average.

Fader, Hardie & Lee, "RFM and CLV: using iso-value curves", J. Marketing Research 2005.
Fitted on customers with at least one repeat purchase and a positive average spend per
purchase (x, m_x); the expected spend shrinks each customer's own average towards the
population mean, more so for customers with few purchases. Credit notes can make an
average spend zero or negative: those customers are left out of the fit and get no
expected spend (the CLV falls back for them and says why).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from xl_portfolio.analysis.history._fit import Objective, maximise


@dataclass
class GammaGammaFit:
    p: float
    q: float
    v: float
    log_likelihood: float
    customers: int


def usable(x: np.ndarray, spend: np.ndarray) -> np.ndarray:
    """Customers the model can describe: a repeat purchase and a positive average spend."""
    return (np.asarray(x) > 0) & (np.asarray(spend) > 0)


def log_likelihood(params: np.ndarray, x: np.ndarray, spend: np.ndarray) -> np.ndarray:
    """Log-likelihood of each customer (FHL 2005b, equation 3 in x and m_x)."""
    from scipy import special  # imported on use: scipy costs 0.2-0.5 s at start-up

    p, q, v = params
    return (special.gammaln(p * x + q) - special.gammaln(p * x) - special.gammaln(q)
            + q * np.log(v) + (p * x - 1) * np.log(spend) + p * x * np.log(x)
            - (p * x + q) * np.log(x * spend + v))


def _objective(x: np.ndarray, spend: np.ndarray) -> Objective:
    """Total log-likelihood and its gradient in (log p, log q, log v) from one pass;
    functions of x are evaluated once per distinct purchase count (few)."""
    from scipy import special  # imported on use: scipy costs 0.2-0.5 s at start-up

    counts, where = np.unique(x, return_inverse=True)
    log_spend, log_x = np.log(spend), np.log(x)
    total_spend = x * spend

    def total_and_gradient(params: np.ndarray) -> tuple[float, np.ndarray]:
        p, q, v = params
        log_total = np.log(total_spend + v)
        shape = p * x + q
        gamma_part = (special.gammaln(p * counts + q) - special.gammaln(p * counts))[where]
        total = float(np.sum(gamma_part + (p * x - 1) * log_spend + p * x * log_x
                             - shape * log_total)
                      + len(x) * (q * np.log(v) - special.gammaln(q)))
        psi_shape = special.digamma(p * counts + q)[where]
        d_p = np.sum(x * (psi_shape - special.digamma(p * counts)[where] + log_spend
                          + log_x - log_total))
        d_q = np.sum(psi_shape - log_total) + len(x) * (np.log(v) - special.digamma(q))
        d_v = len(x) * q / v - np.sum(shape / (total_spend + v))
        return total, np.array([p * d_p, q * d_q, v * d_v])
    return total_and_gradient


def fit_gamma_gamma(x: np.ndarray, spend: np.ndarray) -> GammaGammaFit | None:
    """Maximum-likelihood fit on the usable customers; None when it fails or q <= 1
    (then the population mean spend is infinite)."""
    keep = usable(x, spend)
    x, spend = np.asarray(x, dtype="float64")[keep], np.asarray(spend, dtype="float64")[keep]
    if len(x) < 2:
        return None
    start = np.log([1.0, 2.0, max(float(np.mean(spend)), 1e-6)])
    found = maximise(_objective(x, spend), start)
    if found is None:
        return None
    (p, q, v), total = found
    if q <= 1:
        return None
    return GammaGammaFit(float(p), float(q), float(v), total, len(x))


def expected_spend(fit: GammaGammaFit, x: np.ndarray, spend: np.ndarray) -> np.ndarray:
    """E[spend per purchase | x, m_x]; NaN for customers outside the model."""
    x = np.asarray(x, dtype="float64")
    spend = np.asarray(spend, dtype="float64")
    value = fit.p * (fit.v + x * spend) / (fit.p * x + fit.q - 1)
    return np.where(usable(x, spend), value, np.nan)
