"""Does BG/NBD describe this portfolio? Fit on all but the last period, then compare
the repeat purchases it predicts for the last period with the ones that happened.

Regular reorder cycles (common in B2B) break the model's assumption of random buying,
so this check is shown next to every model CLV. Customers are grouped by their repeat
purchases in the calibration window: 0, 1, ..., 6, 7+ as in Fader, Hardie & Lee 2005
when few buy more often, else five groups by quintile (B2B customers often buy weekly).
The fit counts as poor when the groups' predictions miss the actual purchases by more
than POOR_FIT_ERROR in total (sum of absolute misses / actual purchases).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from xl_portfolio.analysis.history.bgnbd import BgNbdFit, expected_purchases, fit_bgnbd
from xl_portfolio.analysis.history.purchases import purchases_after, summarise
from xl_portfolio.analysis.history.rfm import quintile_scores

POOR_FIT_ERROR = 0.25
TOP_GROUP = 7


@dataclass
class Calibration:
    """The holdout check: figures per group and in total, or why there is none."""

    status: str  # "ok", "poor", "no_history" (one period only) or "no_fit"
    groups: pd.DataFrame  # group, customers, actual, predicted (purchases in the holdout)
    actual: float = float("nan")
    predicted: float = float("nan")
    error: float = float("nan")  # sum |predicted - actual| over groups / actual
    fit: BgNbdFit | None = None


def _exact_groups(x: np.ndarray) -> bool:
    """Group by the exact count (0 ... 7+) unless many customers buy more often."""
    return bool(np.mean(x >= TOP_GROUP) <= 0.2)


def _label(low: float, high: float, open_ended: bool) -> str:
    if open_ended:
        return f"{int(low)}+"
    return f"{int(low)}" if low == high else f"{int(low)}-{int(high)}"


def calibrate(days: pd.DataFrame, holdout_start: pd.Timestamp, end: pd.Timestamp,
              start: BgNbdFit | None = None) -> Calibration:
    """Fit on the purchase days (purchases.daily_purchases up to end) up to holdout_start,
    predict (holdout_start, end].

    start: the fit on all the data, where the refit begins (it converges in fewer steps).
    """
    empty = pd.DataFrame(columns=["group", "customers", "actual", "predicted"])
    if days.empty or days["day"].min() > holdout_start:
        return Calibration("no_history", empty)
    summary = summarise(days, holdout_start)
    fit = fit_bgnbd(summary["x"].to_numpy(), summary["t_x"].to_numpy(),
                    summary["T"].to_numpy(), start)
    if fit is None:
        return Calibration("no_fit", empty)
    weeks = (end - holdout_start).days / 7.0
    predicted = expected_purchases(fit, weeks, summary["x"].to_numpy(),
                                   summary["t_x"].to_numpy(), summary["T"].to_numpy())
    actual = purchases_after(days, holdout_start).reindex(summary.index, fill_value=0)
    repeat = summary["x"].to_numpy()
    exact = _exact_groups(repeat)
    table = (pd.DataFrame({"group": np.minimum(repeat, TOP_GROUP).astype(int) if exact
                           else quintile_scores(repeat),
                           "x": summary["x"].to_numpy(), "actual": actual.to_numpy(),
                           "predicted": predicted})
             .groupby("group").agg(low=("x", "min"), high=("x", "max"),
                                   customers=("actual", "size"), actual=("actual", "sum"),
                                   predicted=("predicted", "sum")).reset_index())
    table["group"] = [_label(low, high, exact and low >= TOP_GROUP)
                      for low, high in zip(table["low"], table["high"], strict=True)]
    table = table[["group", "customers", "actual", "predicted"]]
    total_actual = float(table["actual"].sum())
    error = (float((table["predicted"] - table["actual"]).abs().sum()) / total_actual
             if total_actual > 0 else float("nan"))
    status = "ok" if np.isfinite(error) and error <= POOR_FIT_ERROR else "poor"
    return Calibration(status, table, total_actual, float(table["predicted"].sum()), error,
                       fit)
