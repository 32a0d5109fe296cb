"""BG/NBD: how many purchases a customer will make, and whether it is still a customer.

Fader, Hardie & Lee, "Counting your customers the easy way", Marketing Science 2005.
Each customer buys at a Poisson rate (Gamma(r, alpha) across customers) and may drop out
after any purchase with probability p (Beta(a, b) across customers). Per customer the
model needs x (repeat purchases), t_x (time of the last purchase since the first) and T
(time since the first purchase), all in the same unit (weeks here). Fitted by maximum
likelihood with scipy; a fit that does not converge returns None, never raises.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import special

from xl_portfolio.analysis.history._fit import maximise


@dataclass
class BgNbdFit:
    """Fitted parameters and the fit's total log-likelihood."""

    r: float
    alpha: float
    a: float
    b: float
    log_likelihood: float
    customers: int


def log_likelihood(params: np.ndarray, x: np.ndarray, t_x: np.ndarray,
                   T: np.ndarray) -> np.ndarray:
    """Log-likelihood of each customer (FHL 2005, equation 6)."""
    r, alpha, a, b = params
    base = (special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha)
            + special.betaln(a, b + x) - special.betaln(a, b))
    stays = -(r + x) * np.log(alpha + T)
    with np.errstate(divide="ignore", invalid="ignore"):
        drops = np.where(x > 0, np.log(a) - np.log(np.maximum(b + x - 1, 1e-300))
                         - (r + x) * np.log(alpha + t_x), -np.inf)
    return base + np.logaddexp(stays, drops)


def fit_bgnbd(x: np.ndarray, t_x: np.ndarray, T: np.ndarray) -> BgNbdFit | None:
    """Maximum-likelihood fit on log-parameters; None when it fails to converge."""
    x, t_x, T = (np.asarray(v, dtype="float64") for v in (x, t_x, T))
    if len(x) < 2 or not (x > 0).any():
        return None
    start = np.log([1.0, max(float(np.mean(T)), 1e-3), 1.0, 1.0])
    found = maximise(lambda params: log_likelihood(params, x, t_x, T).sum(), start)
    if found is None:
        return None
    params, total = found
    r, alpha, a, b = (float(v) for v in params)
    return BgNbdFit(r, alpha, a, b, total, len(x))


def probability_alive(fit: BgNbdFit, x: np.ndarray, t_x: np.ndarray,
                      T: np.ndarray) -> np.ndarray:
    """P(still a customer at T | x, t_x) (FHL 2005, equation 11)."""
    x = np.asarray(x, dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        odds = (fit.a / np.maximum(fit.b + x - 1, 1e-300)
                * np.exp((fit.r + x) * (np.log(fit.alpha + T) - np.log(fit.alpha + t_x))))
    return np.where(x > 0, 1.0 / (1.0 + odds), 1.0)


def expected_purchases(fit: BgNbdFit, t: float | np.ndarray, x: np.ndarray,
                       t_x: np.ndarray, T: np.ndarray) -> np.ndarray:
    """Expected purchases in the next t time units (FHL 2005, equation 10)."""
    r, alpha, a, b = fit.r, fit.alpha, fit.a, fit.b
    x = np.asarray(x, dtype="float64")
    t = np.asarray(t, dtype="float64")
    hyp = special.hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t))
    first = (a + b + x - 1) / (a - 1)
    second = 1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyp
    with np.errstate(divide="ignore", invalid="ignore"):
        odds = np.where(x > 0, a / np.maximum(b + x - 1, 1e-300)
                        * ((alpha + T) / (alpha + t_x)) ** (r + x), 0.0)
    return first * second / (1 + odds)
