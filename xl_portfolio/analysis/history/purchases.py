"""Per customer purchase history as the lifetime models and RFM read it.

A purchase is a distinct invoice day of a customer (the CDNOW protocol of Fader, Hardie
& Lee): several invoices or lines on one day are one purchase, their amounts summed.
Times are in weeks. x counts repeat purchases (all but the first), t_x is the time from
the first to the last purchase, T from the first purchase to the end of the window.
"""

from __future__ import annotations

import pandas as pd

DAYS_PER_WEEK = 7.0
WEEKS_PER_MONTH = 52.0 / 12.0


def daily_purchases(lines: pd.DataFrame, end: pd.Timestamp) -> pd.DataFrame:
    """key, day, amount: one row per customer and purchase day up to end (inclusive)."""
    kept = lines.loc[lines["date"] <= end]
    amount = (pd.to_numeric(kept["amount"], errors="coerce").fillna(0.0)
              if "amount" in kept else pd.Series(0.0, index=kept.index))
    frame = pd.DataFrame({"key": kept["key"].to_numpy(),
                          "day": kept["date"].dt.normalize().to_numpy(),
                          "amount": amount.to_numpy(dtype="float64")})
    return frame.groupby(["key", "day"], sort=True, as_index=False)["amount"].sum()


def purchase_summary(lines: pd.DataFrame, end: pd.Timestamp) -> pd.DataFrame:
    """One row per customer key: first, last, purchases, x, t_x, T, revenue_total and
    repeat_spend (mean amount of the repeat purchases; NaN without one)."""
    days = daily_purchases(lines, end)
    grouped = days.groupby("key", sort=False)
    out = pd.DataFrame({"first": grouped["day"].min(), "last": grouped["day"].max(),
                        "purchases": grouped.size().astype("float64"),
                        "revenue_total": grouped["amount"].sum()})
    out["x"] = out["purchases"] - 1
    out["t_x"] = (out["last"] - out["first"]).dt.days / DAYS_PER_WEEK
    out["T"] = (end - out["first"]).dt.days / DAYS_PER_WEEK
    repeat = days.loc[days.groupby("key").cumcount() > 0]
    out["repeat_spend"] = repeat.groupby("key")["amount"].mean().reindex(out.index)
    out["recency_days"] = (end - out["last"]).dt.days.astype("float64")
    return out


def purchases_between(lines: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp
                      ) -> pd.Series:
    """Purchase days per customer key in (start, end]."""
    days = daily_purchases(lines, end)
    return days.loc[days["day"] > start].groupby("key").size().astype("float64")
