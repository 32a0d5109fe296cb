"""Reading optional input columns the same way everywhere.

Every column except `customer` may be absent or full of NaN; the analysis must then
degrade quietly (zero drivers, fallback margins), so the lookups live in one place.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def has_values(frame: pd.DataFrame, name: str) -> bool:
    """True when the column exists and holds at least one non-missing value."""
    return name in frame.columns and bool(frame[name].notna().any())


def numeric(frame: pd.DataFrame, name: str) -> np.ndarray | None:
    """The column as float64 with NaN for missing or non-numeric cells; None if absent."""
    if name not in frame.columns:
        return None
    return pd.to_numeric(frame[name], errors="coerce").to_numpy(dtype="float64", na_value=np.nan)


def numeric_or(frame: pd.DataFrame, name: str, fill: float = 0.0) -> np.ndarray:
    """The column as float64 with missing cells (or the whole column) set to `fill`."""
    values = numeric(frame, name)
    if values is None:
        return np.full(len(frame), fill, dtype="float64")
    return np.where(np.isnan(values), fill, values)


def revenue(frame: pd.DataFrame) -> np.ndarray:
    """Current-period revenue; a missing revenue is no revenue (0), never NaN."""
    return numeric_or(frame, "revenue", 0.0)


def fraction(values: np.ndarray) -> np.ndarray:
    """Fractions typed as percent points (30 for 30%) become fractions (0.30).

    Only values above 1 are rescaled: a gross margin or a share of wallet above 100%
    cannot be meant literally, while a value like 0.3 is already a fraction.
    """
    return np.where(values > 1, values / 100.0, values)


def safe_divide(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    """numerator / denominator, NaN where the denominator is 0 (never inf)."""
    numerator = np.asarray(numerator, dtype="float64")
    denominator = np.asarray(denominator, dtype="float64")
    out = np.full(np.broadcast(numerator, denominator).shape, np.nan)
    np.divide(numerator, denominator, out=out, where=denominator != 0)
    return out


def customer_names(frame: pd.DataFrame) -> pd.Series:
    """Customer names as text (ids may arrive as numbers), aligned with the frame."""
    return frame["customer"].astype("object").where(frame["customer"].notna(), "").astype(str)
