"""ABC (Pareto) classes by cumulative share of revenue: A up to 80%, B up to 95%, C rest.

A customer belongs to the class in which its revenue STARTS (cumulative share of the
larger customers before it): one customer with 90% of revenue is A, not B, and with
equal customers exactly the first 80% are A. Equal values are ordered by customer name
when names are given (else by row order), as everywhere else in the analysis.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

A_SHARE = 0.80
B_SHARE = 0.95


def abc_classes(values: pd.Series, a_share: float = A_SHARE,
                b_share: float = B_SHARE, names: pd.Series | None = None) -> pd.Series:
    """'A', 'B' or 'C' per row; rows without positive value are 'C'."""
    amounts = pd.to_numeric(values, errors="coerce").fillna(0.0).clip(lower=0.0)
    total = float(amounts.sum())
    classes = pd.Series("C", index=values.index, name="abc_class", dtype=object)
    if total <= 0:
        return classes
    if names is None:
        ordered = amounts.sort_values(ascending=False, kind="mergesort")
    else:
        keyed = pd.DataFrame({"value": amounts, "name": np.asarray(names, dtype=str)},
                             index=amounts.index)
        ordered = keyed.sort_values(["value", "name"], ascending=[False, True],
                                    kind="mergesort")["value"]
    before = (ordered.cumsum() - ordered) / total
    positive = ordered.to_numpy() > 0
    codes = np.select([positive & (before.to_numpy() < a_share - 1e-9),
                       positive & (before.to_numpy() < b_share - 1e-9)], ["A", "B"],
                      default="C")
    classes.loc[ordered.index] = codes
    return classes
