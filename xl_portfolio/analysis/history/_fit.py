"""Maximum likelihood as both lifetime models need it: Nelder-Mead on log-parameters,
restarted once from where it stopped, so a flat likelihood is reported, not trusted."""

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

    found = None
    try:
        for xatol, fatol in ((1e-7, 1e-9), (1e-9, 1e-11)):
            found = optimize.minimize(
                negative, start if found is None else found.x, method="Nelder-Mead",
                options={"maxiter": 4000, "maxfev": 8000, "xatol": xatol, "fatol": fatol})
    except (ValueError, FloatingPointError, OverflowError):
        return None
    params = np.exp(found.x)
    if not found.success or not np.all(np.isfinite(params)) or params.max() > 1e6:
        return None
    return params, float(-found.fun)
