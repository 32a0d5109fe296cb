"""Customer flows and the revenue bridge from each period to the next.

A customer is active in a period when its net revenue there is positive. Compared with
the period before, an active customer is new (first active period), returning (active
earlier, not in the previous period) or retained; a customer active before and not now is
lost. The bridge splits the change of total revenue so that

    end = start - lost - contraction + expansion + returning + new

holds for every pair of periods: lost is the previous revenue of the lost customers, new
and returning the revenue of those customers now, and every other change (retained
customers, credit notes of inactive ones) is expansion or contraction by its sign.
The first period has no previous one: its flows are unknown (NaN), never "all new".
"""

from __future__ import annotations

import numpy as np
import pandas as pd

NAN = float("nan")
BRIDGE_STEPS = ("start", "lost", "contraction", "expansion", "returning", "new", "end")


def first_active(active: np.ndarray) -> np.ndarray:
    """Index of each customer's first active period (-1 if never active)."""
    found = active.any(axis=1)
    return np.where(found, active.argmax(axis=1), -1)


def _flows(revenue: np.ndarray, margin: np.ndarray, first: np.ndarray, p: int) -> dict:
    active = revenue > 0
    now, before = active[:, p], active[:, p - 1]
    groups = {
        "lost": before & ~now,
        "new": now & (first == p),
        "returning": now & ~before & (first < p) & (first >= 0),
        "retained": now & before,
    }
    row: dict[str, float] = {f"{name}": float(mask.sum()) for name, mask in groups.items()}
    for name, mask in groups.items():
        column = p - 1 if name == "lost" else p
        row[f"revenue_{name}"] = float(revenue[mask, column].sum())
        row[f"net_margin_{name}"] = float(margin[mask, column].sum())
    change = revenue[:, p] - revenue[:, p - 1]
    explained = (np.where(groups["new"] | groups["returning"], revenue[:, p], 0.0)
                 - np.where(groups["lost"], revenue[:, p - 1], 0.0))
    residual = change - explained
    start = float(revenue[:, p - 1].sum())
    row.update({
        "bridge_start": start,
        "bridge_lost": row["revenue_lost"],
        "bridge_contraction": float(-residual[residual < 0].sum()),
        "bridge_expansion": float(residual[residual > 0].sum()),
        "bridge_returning": row["revenue_returning"],
        "bridge_new": row["revenue_new"],
        "bridge_end": float(revenue[:, p].sum()),
    })
    start_customers = float(before.sum())
    row["churn"] = row["lost"] / start_customers if start_customers else NAN
    if start > 0:
        kept = start - row["bridge_lost"] - row["bridge_contraction"]
        row["grr"] = kept / start
        row["nrr"] = (kept + row["bridge_expansion"]) / start
    else:
        row["grr"] = row["nrr"] = NAN
    return row


def period_table(revenue: np.ndarray, margin: np.ndarray, labels: list[str]) -> pd.DataFrame:
    """One row per period (oldest first): active customers, revenue, net margin, the
    flows against the period before and the bridge (NaN for the first period)."""
    first = first_active(revenue > 0)
    rows = []
    for p, label in enumerate(labels):
        row = {"period": label, "active": float((revenue[:, p] > 0).sum()),
               "revenue": float(revenue[:, p].sum()), "net_margin": float(margin[:, p].sum())}
        if p == 0:
            row.update(dict.fromkeys(_flow_names(), NAN))
        else:
            row.update(_flows(revenue, margin, first, p))
        rows.append(row)
    return pd.DataFrame(rows)


def _flow_names() -> list[str]:
    names = ["lost", "new", "returning", "retained"]
    return (names + [f"revenue_{n}" for n in names] + [f"net_margin_{n}" for n in names]
            + [f"bridge_{s}" for s in BRIDGE_STEPS] + ["churn", "grr", "nrr"])
