"""BG/NBD: how many purchases a customer will make, and whether it is still a customer.

Fader, Hardie & Lee, "Counting your customers the easy way", Marketing Science 2005.
Each customer buys at a Poisson rate (Gamma(r, alpha) across customers) and may drop out
after any purchase with probability p (Beta(a, b) across customers). Per customer the
model needs x (repeat purchases), t_x (time of the last purchase since the first) and T
(time since the first purchase), all in the same unit (weeks here). Fitted by maximum
likelihood with scipy; a fit that does not converge returns None, never raises.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy import special

from xl_portfolio.analysis.history._fit import maximise

# Log-likelihood a tenfold a and b must lose at the optimum; less and the data cannot
# tell the spread of drop-out between customers (the optimiser drifts off to infinity).
FLAT = 0.1


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
    return _parts(params, x, t_x, T)[0]


class _Counts:
    """The distinct purchase counts of x (few), so gamma functions of x are evaluated
    once per count; made once per fit, not once per step of the optimiser."""

    def __init__(self, x: np.ndarray) -> None:
        self.values, where = np.unique(x, return_inverse=True)
        self.where = where.reshape(np.shape(x))

    def apply(self, function: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
        return function(self.values)[self.where]


def _parts(params: np.ndarray, x: np.ndarray, t_x: np.ndarray, T: np.ndarray,
           counts: _Counts | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Each customer's log-likelihood and the weight of its "dropped out" branch."""
    r, alpha, a, b = params
    counts = counts or _Counts(x)
    base = (counts.apply(lambda n: special.gammaln(r + n) + special.betaln(a, b + n))
            - special.gammaln(r) + r * np.log(alpha) - special.betaln(a, b))
    stays = -(r + x) * np.log(alpha + T)
    with np.errstate(divide="ignore", invalid="ignore"):
        drops = np.where(x > 0, np.log(a) - np.log(np.maximum(b + x - 1, 1e-300))
                         - (r + x) * np.log(alpha + t_x), -np.inf)
    both = np.logaddexp(stays, drops)
    share = drops - both  # below -700 the weight is 0 (no slow subnormal numbers)
    return base + both, np.exp(np.where(share < -700.0, -np.inf, share))


def gradient(params: np.ndarray, x: np.ndarray, t_x: np.ndarray, T: np.ndarray,
             weights: np.ndarray, counts: _Counts | None = None) -> np.ndarray:
    """d(total log-likelihood) / d(log r, log alpha, log a, log b), for the optimiser."""
    r, alpha, a, b = params
    counts = counts or _Counts(x)
    w = _parts(params, x, t_x, T, counts)[1]
    psi = special.digamma
    log_t = (1 - w) * np.log(alpha + T) + w * np.log(alpha + t_x)
    inv_t = (1 - w) / (alpha + T) + w / (alpha + t_x)
    with np.errstate(divide="ignore", invalid="ignore"):
        drop_b = np.where(x > 0, w / np.maximum(b + x - 1, 1e-300), 0.0)
    psi_r = counts.apply(lambda n: psi(r + n))
    psi_ab = counts.apply(lambda n: psi(a + b + n))
    psi_b = counts.apply(lambda n: psi(b + n))
    d_r = psi_r - psi(r) + np.log(alpha) - log_t
    d_alpha = r / alpha - (r + x) * inv_t
    d_a = psi(a + b) - psi_ab + w / a
    d_b = psi_b - psi_ab - psi(b) + psi(a + b) - drop_b
    return np.array([r * (d_r @ weights), alpha * (d_alpha @ weights),
                     a * (d_a @ weights), b * (d_b @ weights)])


def fit_bgnbd(x: np.ndarray, t_x: np.ndarray, T: np.ndarray) -> BgNbdFit | None:
    """Maximum-likelihood fit on log-parameters; None when it fails to converge."""
    x, t_x, T = (np.asarray(v, dtype="float64") for v in (x, t_x, T))
    if len(x) < 2 or not (x > 0).any():
        return None
    # Customers with the same history count once, weighted: one-time buyers share few.
    rows, weights = np.unique(np.column_stack([x, t_x, T]), axis=0, return_counts=True)
    ux, ut_x, uT = rows.T
    start = np.log([1.0, max(float(np.mean(T)), 1e-3), 1.0, 1.0])
    counts = _Counts(ux)
    found = maximise(lambda params: _parts(params, ux, ut_x, uT, counts)[0] @ weights, start,
                     lambda params: gradient(params, ux, ut_x, uT, weights, counts))
    if found is None:
        return None
    params, total = found
    r, alpha, a, b = (float(v) for v in params)
    if log_likelihood(np.array([r, alpha, 10 * a, 10 * b]), ux, ut_x, uT) @ weights \
            > total - FLAT:
        return None  # a and b run off together: the spread of drop-out is not identified
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
