"""Probabilistic customer lifetime value: BG/NBD purchases x Gamma-Gamma spend x margin.

CLV = sum over the months of the horizon of (expected purchases in that month x expected
spend per purchase x the customer's net margin %), discounted monthly at the yearly
clv_discount_rate. The net margin % is the customer's own over the current period
(the portfolio's when the customer has no revenue there), so CLV is a margin like the
simple CLV, not revenue. Customers the models cannot describe keep the simple CLV and
clv_method says why: one purchase only, no positive spend per purchase, too few
customers to fit, or a fit that did not converge.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from xl_portfolio.analysis.history.bgnbd import (
    BgNbdFit,
    cumulative_purchases,
    expected_purchases,
    fit_bgnbd,
    probability_alive,
)
from xl_portfolio.analysis.history.gammagamma import (
    GammaGammaFit,
    expected_spend,
    fit_gamma_gamma,
    usable,
)
from xl_portfolio.analysis.history.purchases import WEEKS_PER_MONTH

# Fewer repeat customers than this and the fit is not tried: the parameters would be noise.
MIN_REPEAT_CUSTOMERS = 20
METHODS = ("model", "simple_one_purchase", "simple_no_positive_spend",
           "simple_too_few_customers", "simple_no_fit")


@dataclass
class LifetimeFit:
    """Both fits (None when not fitted) and why not, as a METHODS code."""

    bgnbd: BgNbdFit | None
    spend: GammaGammaFit | None
    status: str  # "model" or one of the simple_* codes for the whole portfolio


def fit_lifetime(summary: pd.DataFrame) -> LifetimeFit:
    """Fit BG/NBD on every customer and Gamma-Gamma on the repeat buyers with a positive
    average spend; report why not when either is impossible."""
    x = summary["x"].to_numpy()
    spend = summary["repeat_spend"].fillna(0.0).to_numpy()
    if int(usable(x, spend).sum()) < MIN_REPEAT_CUSTOMERS:
        return LifetimeFit(None, None, "simple_too_few_customers")
    bgnbd = fit_bgnbd(x, summary["t_x"].to_numpy(), summary["T"].to_numpy())
    spend_fit = fit_gamma_gamma(x, spend) if bgnbd is not None else None
    if bgnbd is None or spend_fit is None:
        return LifetimeFit(bgnbd, spend_fit, "simple_no_fit")
    return LifetimeFit(bgnbd, spend_fit, "model")


def monthly_discount(yearly: float) -> float:
    return (1.0 + yearly) ** (1.0 / 12.0) - 1.0


def _model_clv(fit: LifetimeFit, x: np.ndarray, t_x: np.ndarray, T: np.ndarray,
               spend: np.ndarray, margin_pct: np.ndarray, horizon_months: int,
               discount_rate: float) -> np.ndarray:
    """Discounted margin of the expected purchases month by month over the horizon;
    NaN for the customers Gamma-Gamma cannot describe."""
    out = np.full(len(x), np.nan)
    modelled = usable(x, spend)
    months = np.arange(1, horizon_months + 1)
    cumulative = cumulative_purchases(fit.bgnbd, months * WEEKS_PER_MONTH, x[modelled],
                                      t_x[modelled], T[modelled])
    per_month = np.diff(cumulative, axis=1, prepend=0.0)
    discount = (1 + monthly_discount(discount_rate)) ** -months.astype("float64")
    per_purchase = expected_spend(fit.spend, x[modelled], spend[modelled]) \
        * margin_pct[modelled]
    out[modelled] = (per_month * discount).sum(axis=1) * per_purchase
    return out


def lifetime_table(summary: pd.DataFrame, fit: LifetimeFit, margin_pct: np.ndarray,
                   simple: np.ndarray, period_weeks: float, horizon_months: int,
                   discount_rate: float, risk_threshold: float) -> pd.DataFrame:
    """Per customer (summary's index): p_alive, expected_purchases (next period),
    clv_model (NaN when not modelled), clv, clv_method, at_risk.

    simple: the simple CLV of each customer, kept where the model cannot speak.
    """
    x = summary["x"].to_numpy()
    t_x, T = summary["t_x"].to_numpy(), summary["T"].to_numpy()
    spend = summary["repeat_spend"].fillna(0.0).to_numpy()
    out = pd.DataFrame(index=summary.index)
    alive = np.full(len(x), np.nan)
    expected = np.full(len(x), np.nan)
    model_clv = np.full(len(x), np.nan)
    if fit.bgnbd is not None:
        alive = np.where(x > 0, probability_alive(fit.bgnbd, x, t_x, T), np.nan)
        expected = expected_purchases(fit.bgnbd, period_weeks, x, t_x, T)
    if fit.status == "model":
        model_clv = _model_clv(fit, x, t_x, T, spend, margin_pct, horizon_months,
                               discount_rate)
    method = np.full(len(x), fit.status, dtype=object)
    if fit.status == "model":
        method[x <= 0] = "simple_one_purchase"
        method[(x > 0) & (spend <= 0)] = "simple_no_positive_spend"
        method[(method == "model") & ~np.isfinite(model_clv)] = "simple_no_fit"
    modelled = method == "model"
    out["p_alive"] = alive
    out["expected_purchases"] = expected
    out["clv_model"] = np.where(modelled, model_clv, np.nan)
    out["clv"] = np.where(modelled, model_clv, simple)
    out["clv_method"] = method
    out["at_risk"] = np.nan_to_num(alive, nan=1.0) < risk_threshold
    return out
