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

from xl_portfolio.analysis.history._fit import Objective, maximise

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
    data = _Histories(*(np.asarray(v, dtype="float64") for v in (x, t_x, T)))
    return _evaluate(params, data)[0]


class _Histories:
    """The customers' (x, t_x, T) and what the optimiser's every step reuses: the distinct
    purchase counts of x (few), so functions of x are evaluated once per count."""

    def __init__(self, x: np.ndarray, t_x: np.ndarray, T: np.ndarray,
                 weights: np.ndarray | None = None) -> None:
        self.x, self.t_x, self.T = x, t_x, T
        self.weights = np.ones(len(x)) if weights is None else weights
        self.counts, where = np.unique(x, return_inverse=True)
        self.where = where.reshape(np.shape(x))
        self.repeat = x > 0

    def per_count(self, values: np.ndarray) -> np.ndarray:
        """A function of the distinct counts, spread to every customer."""
        return values[self.where]

    def total(self, values: np.ndarray) -> float:
        """Weighted sum over the customers. Not `values @ weights`: BLAS starts threads
        for a dot product, hundreds of times slower on a busy machine."""
        return float(np.sum(values * self.weights))


def _evaluate(params: np.ndarray, data: _Histories, with_gradient: bool = False
              ) -> tuple[np.ndarray, np.ndarray | None]:
    """Each customer's log-likelihood and, when asked, d(weighted total) / d(log r,
    log alpha, log a, log b); one pass, as both share the likelihood's two branches."""
    from scipy import special  # imported on use: scipy costs 0.2-0.5 s at start-up

    r, alpha, a, b = params
    n, x = data.counts, data.x
    log_stay_time = np.log(alpha + data.T)
    log_drop_time = np.log(alpha + data.t_x)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_bx = np.log(np.maximum(b + n - 1, 1e-300))
    base = (data.per_count(special.gammaln(r + n) + special.betaln(a, b + n))
            - special.gammaln(r) + r * np.log(alpha) - special.betaln(a, b))
    stays = -(r + x) * log_stay_time
    drops = np.where(data.repeat, np.log(a) - data.per_count(log_bx)
                     - (r + x) * log_drop_time, -np.inf)
    both = np.logaddexp(stays, drops)
    each = base + both
    if not with_gradient:
        return each, None
    share = drops - both  # below -700 the weight is 0 (no slow subnormal numbers)
    w = np.exp(np.where(share < -700.0, -np.inf, share))  # weight of "dropped out"
    psi = special.digamma
    log_t = log_stay_time + w * (log_drop_time - log_stay_time)
    inv_t = (1 - w) / (alpha + data.T) + w / (alpha + data.t_x)
    with np.errstate(divide="ignore", invalid="ignore"):
        inv_bx = np.where(n > 0, 1.0 / np.maximum(b + n - 1, 1e-300), 0.0)
    total, customers = data.total, data.weights.sum()
    d_r = total(data.per_count(psi(r + n)) - log_t) + (np.log(alpha) - psi(r)) * customers
    d_alpha = r / alpha * customers - total((r + x) * inv_t)
    d_a = total(w / a - data.per_count(psi(a + b + n))) + psi(a + b) * customers
    d_b = (total(data.per_count(psi(b + n) - psi(a + b + n)) - w * data.per_count(inv_bx))
           + (psi(a + b) - psi(b)) * customers)
    return each, np.array([r * d_r, alpha * d_alpha, a * d_a, b * d_b])


def _objective(data: _Histories) -> Objective:
    """The weighted total log-likelihood and its gradient, as maximise needs them."""
    def total_and_gradient(params: np.ndarray) -> tuple[float, np.ndarray]:
        each, slope = _evaluate(params, data, with_gradient=True)
        return data.total(each), slope
    return total_and_gradient


def fit_bgnbd(x: np.ndarray, t_x: np.ndarray, T: np.ndarray,
              start: BgNbdFit | None = None) -> BgNbdFit | None:
    """Maximum-likelihood fit on log-parameters; None when it fails to converge.

    start: a fit to begin from (the full fit for the holdout refit: a few steps away).
    """
    x, t_x, T = (np.asarray(v, dtype="float64") for v in (x, t_x, T))
    if len(x) < 2 or not (x > 0).any():
        return None
    # Customers with the same history count once, weighted: one-time buyers share few.
    rows, weights = np.unique(np.column_stack([x, t_x, T]), axis=0, return_counts=True)
    data = _Histories(*rows.T, weights=weights.astype("float64"))
    begin = (np.log([start.r, start.alpha, start.a, start.b]) if start is not None
             else np.log([1.0, max(float(np.mean(T)), 1e-3), 1.0, 1.0]))
    found = maximise(_objective(data), begin)
    if found is None:
        return None
    params, total = found
    r, alpha, a, b = (float(v) for v in params)
    if data.total(_evaluate(np.array([r, alpha, 10 * a, 10 * b]), data)[0]) > total - FLAT:
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
    x = np.asarray(x, dtype="float64")
    return _scale(fit, x, t_x, T) * _growth(fit, np.asarray(t, dtype="float64"), x, T)


def cumulative_purchases(fit: BgNbdFit, times: np.ndarray, x: np.ndarray,
                         t_x: np.ndarray, T: np.ndarray) -> np.ndarray:
    """expected_purchases by each of times: customers x times. The hypergeometric part
    depends on x and T only, so it is evaluated once per distinct (x, T), not per
    customer (the CLV needs it for every month of the horizon)."""
    x, T = np.asarray(x, dtype="float64"), np.asarray(T, dtype="float64")
    pairs, where = np.unique(np.column_stack([x, T]), axis=0, return_inverse=True)
    growth = _growth(fit, np.asarray(times, dtype="float64")[None, :], pairs[:, :1],
                     pairs[:, 1:])
    return _scale(fit, x, t_x, T)[:, None] * growth[where.ravel()]


def _growth(fit: BgNbdFit, t: np.ndarray, x: np.ndarray, T: np.ndarray) -> np.ndarray:
    """The part of equation 10 that grows with t."""
    from scipy import special  # imported on use: scipy costs 0.2-0.5 s at start-up

    r, alpha, a, b = fit.r, fit.alpha, fit.a, fit.b
    hyp = special.hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t))
    return 1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyp


def _scale(fit: BgNbdFit, x: np.ndarray, t_x: np.ndarray, T: np.ndarray) -> np.ndarray:
    """The part of equation 10 that does not depend on t."""
    r, alpha, a, b = fit.r, fit.alpha, fit.a, fit.b
    with np.errstate(divide="ignore", invalid="ignore"):
        odds = np.where(x > 0, a / np.maximum(b + x - 1, 1e-300)
                        * ((alpha + T) / (alpha + t_x)) ** (r + x), 0.0)
    return (a + b + x - 1) / (a - 1) / (1 + odds)
