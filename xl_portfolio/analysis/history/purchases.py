"""Per customer purchase history as the lifetime models and RFM read it.

A purchase is a distinct invoice day of a customer (the CDNOW protocol of Fader, Hardie
& Lee): several invoices or lines on one day are one purchase, their amounts summed.
Times are in weeks. x counts repeat purchases (all but the first), t_x is the time from
the first to the last purchase, T from the first purchase to the end of the window.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from xl_portfolio.analysis.history._runs import Runs, ascending_codes, key_of

DAYS_PER_WEEK = 7.0
WEEKS_PER_MONTH = 52.0 / 12.0


def daily_purchases(lines: pd.DataFrame, end: pd.Timestamp) -> pd.DataFrame:
    """key, day, amount: one row per customer and purchase day up to end (inclusive),
    sorted by key and day. One integer per (customer, day), sorted once and summed per
    run: several times faster than a pandas groupby on the two columns."""
    keep = (lines["date"] <= end).to_numpy()
    amount = (pd.to_numeric(lines["amount"], errors="coerce").fillna(0.0)
              .to_numpy(dtype="float64")[keep] if "amount" in lines else np.zeros(keep.sum()))
    codes, keys = ascending_codes(lines["key"].to_numpy()[keep])
    day = lines["date"].to_numpy("datetime64[ns]")[keep].astype("datetime64[D]") \
        .astype("int64")
    first = int(day.min()) if len(day) else 0
    span = int(day.max()) - first + 1 if len(day) else 1
    runs = Runs(codes * span + (day - first))
    return pd.DataFrame({"key": key_of(runs.keys // span, keys),
                         "day": (runs.keys % span + first).astype("datetime64[D]")
                         .astype("datetime64[ns]"),
                         "amount": runs.sum(amount)})


def summarise(days: pd.DataFrame, end: pd.Timestamp) -> pd.DataFrame:
    """One row per customer key of daily_purchases' days up to end (inclusive): first,
    last, purchases, x, t_x, T, revenue_total and repeat_spend (mean amount of the
    repeat purchases; NaN without one)."""
    days = days.loc[days["day"] <= end]
    grouped = days.groupby("key", sort=False)
    out = pd.DataFrame({"first": grouped["day"].min(), "last": grouped["day"].max(),
                        "purchases": grouped.size().astype("float64"),
                        "revenue_total": grouped["amount"].sum()})
    out["x"] = out["purchases"] - 1
    out["t_x"] = (out["last"] - out["first"]).dt.days / DAYS_PER_WEEK
    out["T"] = (end - out["first"]).dt.days / DAYS_PER_WEEK
    repeat = days.loc[grouped.cumcount().to_numpy() > 0]
    out["repeat_spend"] = repeat.groupby("key", sort=False)["amount"].mean().reindex(out.index)
    out["recency_days"] = (end - out["last"]).dt.days.astype("float64")
    return out


def purchase_summary(lines: pd.DataFrame, end: pd.Timestamp) -> pd.DataFrame:
    """summarise() straight from invoice lines."""
    return summarise(daily_purchases(lines, end), end)


def purchases_after(days: pd.DataFrame, start: pd.Timestamp) -> pd.Series:
    """Purchase days per customer key after start, of daily_purchases' days."""
    return days.loc[days["day"] > start].groupby("key").size().astype("float64")
