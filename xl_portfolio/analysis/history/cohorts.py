"""Cohorts: customers grouped by the period of their first purchase, followed over time.

Two triangles, one row per cohort and one column per period since the start (0 = the
cohort's first period): the share of the cohort's customers still buying, and the
revenue of the cohort as a share of its first-period revenue. The oldest cohort also
holds every customer who bought before the data begins, so it reads as "the base at
the start", not as customers won then.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from xl_portfolio.analysis.history.bridge import first_active


def cohort_tables(revenue: np.ndarray, labels: list[str]
                  ) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series]:
    """(share still buying, revenue retained, cohort sizes); NaN below the diagonal."""
    active = revenue > 0
    first = first_active(active)
    count = len(labels)
    share = np.full((count, count), np.nan)
    kept = np.full((count, count), np.nan)
    sizes = np.zeros(count)
    for cohort in range(count):
        members = first == cohort
        sizes[cohort] = members.sum()
        base = revenue[members, cohort].sum()
        for offset in range(count - cohort):
            column = cohort + offset
            if sizes[cohort]:
                share[cohort, offset] = active[members, column].mean()
            if base > 0:
                kept[cohort, offset] = revenue[members, column].sum() / base
    columns = list(range(count))
    return (pd.DataFrame(share, index=labels, columns=columns),
            pd.DataFrame(kept, index=labels, columns=columns),
            pd.Series(sizes, index=labels))
