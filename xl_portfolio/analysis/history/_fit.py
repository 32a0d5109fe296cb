"""Maximum likelihood as both lifetime models need it: Nelder-Mead on log-parameters,
restarted once from where it stopped. Converged means the restart converged, or found
nothing better than the first run's optimum (it may stop on rounding noise there);
parameters running off to infinity (a flat likelihood) are reported as no fit."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from scipy import optimize


def maximise(log_likelihood: Callable[[np.ndarray], float], start: np.ndarray
             ) -> tuple[np.ndarray, float] | None:
    """(parameters, log-likelihood) at the maximum, or None when it does not converge."""
    def negative(log_params: np.ndarray) -> float:
        total = log_likelihood(np.exp(log_params))
        return -total if np.isfinite(total) else 1e300

    options = {"maxiter": 4000, "maxfev": 8000, "xatol": 1e-8, "fatol": 1e-9}
    try:
        first = optimize.minimize(negative, start, method="Nelder-Mead", options=options)
        found = optimize.minimize(negative, first.x, method="Nelder-Mead", options=options)
    except (ValueError, FloatingPointError, OverflowError):
        return None
    settled = first.success and abs(found.fun - first.fun) <= 1e-7 * max(1.0, abs(first.fun))
    params = np.exp(found.x)
    if not (found.success or settled) or not np.all(np.isfinite(params)) \
            or params.max() > 1e6:
        return None
    return params, float(-found.fun)
