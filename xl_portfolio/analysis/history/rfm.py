"""RFM: recency, frequency and monetary value scored 1-5 by quintile, and named segments.

Scores come from percentile ranks (ties share the average rank), so tied values always
get the same score and a portfolio of three customers still spreads over 1-5 instead of
failing on duplicate bin edges. 5 is best: the most recent, most frequent, highest value.
Segment rules follow the R package rfm's defaults, tried in order, first match wins.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# (code, (R low, R high), (F low, F high), (M low, M high)), first match wins.
SEGMENT_RULES: tuple[tuple[str, tuple[int, int], tuple[int, int], tuple[int, int]], ...] = (
    ("champions", (4, 5), (4, 5), (4, 5)),
    ("loyal", (2, 5), (3, 5), (3, 5)),
    ("new", (4, 5), (1, 1), (1, 5)),
    ("potential_loyalist", (3, 5), (1, 3), (1, 3)),
    ("promising", (3, 4), (1, 1), (1, 5)),
    ("cant_lose", (1, 1), (4, 5), (4, 5)),
    ("at_risk", (1, 2), (2, 5), (2, 5)),
    ("need_attention", (2, 3), (2, 3), (2, 3)),
    ("about_to_sleep", (2, 3), (1, 2), (1, 2)),
    ("lost", (1, 1), (1, 2), (1, 5)),
    ("hibernating", (1, 2), (1, 3), (1, 5)),
)
# Anything the rules leave (e.g. recent but low on both F and M): needs a look.
FALLBACK_SEGMENT = "need_attention"


def quintile_scores(values: np.ndarray, higher_is_better: bool = True) -> np.ndarray:
    """Score 1-5 from the percentile rank; NaN values get no score (0)."""
    series = pd.Series(np.asarray(values, dtype="float64"))
    ranks = series.rank(method="average", pct=True, ascending=higher_is_better)
    scores = np.ceil(ranks.to_numpy() * 5).clip(1, 5)
    return np.where(np.isnan(scores), 0, scores).astype(int)


def rfm_segments(r: np.ndarray, f: np.ndarray, m: np.ndarray) -> np.ndarray:
    """Segment code per customer from the three scores."""
    out = np.full(len(r), FALLBACK_SEGMENT, dtype=object)
    done = np.zeros(len(r), dtype=bool)
    for code, (r0, r1), (f0, f1), (m0, m1) in SEGMENT_RULES:
        hit = (~done & (r >= r0) & (r <= r1) & (f >= f0) & (f <= f1)
               & (m >= m0) & (m <= m1))
        out[hit] = code
        done |= hit
    out[(r == 0) | (f == 0) | (m == 0)] = None
    return out


def rfm_table(recency_days: np.ndarray, frequency: np.ndarray,
              monetary: np.ndarray) -> pd.DataFrame:
    """rfm_recency, rfm_frequency, rfm_monetary scores, rfm_score ("545") and
    rfm_segment_code per customer (None where a figure is missing)."""
    r = quintile_scores(recency_days, higher_is_better=False)
    f = quintile_scores(frequency)
    m = quintile_scores(monetary)
    score = np.where((r > 0) & (f > 0) & (m > 0),
                     pd.Series(r).astype(str) + pd.Series(f).astype(str)
                     + pd.Series(m).astype(str), None)
    return pd.DataFrame({"rfm_recency": r, "rfm_frequency": f, "rfm_monetary": m,
                         "rfm_score": score, "rfm_segment_code": rfm_segments(r, f, m)})


def rf_grid(table: pd.DataFrame) -> pd.DataFrame:
    """Customers per recency (rows 5..1) x frequency (columns 1..5) score."""
    scored = table[(table["rfm_recency"] > 0) & (table["rfm_frequency"] > 0)]
    grid = pd.crosstab(scored["rfm_recency"], scored["rfm_frequency"])
    return grid.reindex(index=[5, 4, 3, 2, 1], columns=[1, 2, 3, 4, 5], fill_value=0)
