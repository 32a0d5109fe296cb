"""Simple customer lifetime value (Gupta & Lehmann, Managing Customers as Investments, 2005).

CLV = m x r / (1 + d - r), with m the yearly net margin, r the retention rate and d the
discount rate; r = 0.8 and d = 0.1 give 2.67 x m. A negative margin gives a negative CLV:
the sign is kept on purpose, because a customer who keeps costing money is a liability
worth seeing, not a zero.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def clv_multiplier(retention: float, discount: float) -> float:
    """r / (1 + d - r): how many years of margin a customer is worth today."""
    if not 0 <= retention < 1 + discount:
        raise ValueError("retention must be at least 0 and below 1 + discount rate")
    return retention / (1.0 + discount - retention)


def simple_clv(margin: float | np.ndarray | pd.Series, retention: float,
               discount: float) -> float | np.ndarray | pd.Series:
    """m x r / (1 + d - r) for a scalar, array or Series of yearly margins."""
    result = margin * clv_multiplier(retention, discount)
    return float(result) if np.ndim(result) == 0 else result
