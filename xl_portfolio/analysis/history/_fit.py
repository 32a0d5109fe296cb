"""Maximum likelihood as both lifetime models need it, on log-parameters.

L-BFGS-B with the analytic gradient converges in a few dozen evaluations; each model
returns its log-likelihood and gradient from one pass over the data (they share most of
the work). When L-BFGS-B stops without converging, Nelder-Mead restarts from there, and
converged then means it converged or found nothing better (both may stop on rounding
noise at the optimum). Parameters running off towards infinity (a flat likelihood, e.g.
no spread in drop-out between customers) count as no fit.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

LARGEST = 1e6  # a fitted parameter above this has run off: no fit
_BOUND = float(np.log(LARGEST)) + 2.0
# Relative change of the log-likelihood at which L-BFGS-B stops. scipy's default (2e-9)
# stops about 1e-3 apart along flat directions depending on the start; the likelihood and
# gradient are cheap, so go to where the start no longer matters.
FTOL = 1e-13

# params -> (total log-likelihood, d total / d log params)
Objective = Callable[[np.ndarray], tuple[float, np.ndarray]]


def maximise(objective: Objective, start: np.ndarray) -> tuple[np.ndarray, float] | None:
    """(parameters, log-likelihood) at the maximum, or None when it does not converge.

    start: log parameters to begin from (a previous fit's, when there is one).
    """
    from scipy import optimize  # imported on use: scipy costs 0.2-0.5 s at start-up
    from threadpoolctl import threadpool_limits

    def negative(log_params: np.ndarray) -> tuple[float, np.ndarray]:
        total, slope = objective(np.exp(log_params))
        if not np.isfinite(total):
            return 1e300, np.zeros(len(log_params))
        return -total, np.where(np.isfinite(slope), -slope, 0.0)

    try:
        # One BLAS thread: L-BFGS-B's tiny products otherwise wake OpenBLAS's threads at
        # every step, which doubles the fit's time on a busy machine (measured, 2 cores).
        with np.errstate(all="ignore"), threadpool_limits(1, user_api="blas"):
            found = optimize.minimize(negative, start, method="L-BFGS-B", jac=True,
                                      bounds=[(-_BOUND, _BOUND)] * len(start),
                                      options={"maxiter": 500, "ftol": FTOL})
            if np.abs(found.x).max() > _BOUND - 2.0:
                return None  # ran off towards 0 or infinity: the likelihood is flat there
            if not found.success:  # L-BFGS-B stalls on rounding noise: let Nelder-Mead say
                near = found
                found = optimize.minimize(lambda lp: negative(lp)[0], near.x,
                                          method="Nelder-Mead",
                                          options={"maxfev": 800, "xatol": 1e-8,
                                                   "fatol": 1e-9})
                settled = abs(found.fun - near.fun) <= 1e-7 * max(1.0, abs(near.fun))
                found.success = found.success or settled
    except (ValueError, FloatingPointError, OverflowError):
        return None
    params = np.exp(found.x)
    if not found.success or not np.all(np.isfinite(params)) or params.max() > LARGEST \
            or found.fun >= 1e300:
        return None
    return params, float(-found.fun)
