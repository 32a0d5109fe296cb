"""The default segmentation: size (from the pyramid) x profitability (net margin %).

Size: Top + Big = large, Medium = medium, Small = small; inactive customers and
prospects have no size ("none") and get their own segment. Profitability against a
target net margin % (default: the portfolio's own, total net margin / total revenue of
the active customers): loss below 0, high at or above the target, low in between.
When the target itself is negative, every non-loss customer is high.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from xl_portfolio.settings import Settings

SIZE_CODES = ("large", "medium", "small")
PROFITABILITY_CODES = ("high", "low", "loss")

# (profitability, size) -> segment code, in the order of the matrix in domain.md.
SEGMENT_MATRIX: dict[tuple[str, str], str] = {
    ("high", "large"): "anchor_grow",
    ("high", "medium"): "develop",
    ("high", "small"): "maintain",
    ("low", "large"): "renegotiate",
    ("low", "medium"): "improve_margin",
    ("low", "small"): "streamline",
    ("loss", "large"): "remediate_now",
    ("loss", "medium"): "remediate",
    ("loss", "small"): "renegotiate_or_let_go",
}
OUTSIDE_MATRIX = {"inactive": "reactivate_or_close", "prospect": "qualify_prospect"}
SEGMENT_CODES = tuple(SEGMENT_MATRIX.values()) + tuple(OUTSIDE_MATRIX.values())

_SIZE_OF_TIER = {"top": "large", "big": "large", "medium": "medium", "small": "small",
                 "inactive": "none", "prospect": "none"}


def size_classes(tier_codes: pd.Series) -> pd.Series:
    """'large', 'medium', 'small' or 'none' per customer."""
    return tier_codes.map(_SIZE_OF_TIER).fillna("none").astype(object).rename("size_code")


def portfolio_net_margin_pct(revenue: pd.Series, net_margin: pd.Series,
                             active: pd.Series) -> float:
    """Total net margin / total revenue of the active customers; NaN without revenue."""
    total = float(revenue[active].sum())
    return float(net_margin[active].sum()) / total if total > 0 else float("nan")


def target_margin(revenue: pd.Series, net_margin: pd.Series, active: pd.Series,
                  settings: Settings) -> float:
    """The target that splits high from low: the setting, else the portfolio's own %."""
    if settings.target_net_margin_pct is not None:
        return float(settings.target_net_margin_pct)
    own = portfolio_net_margin_pct(revenue, net_margin, active)
    return 0.0 if np.isnan(own) else own


def profitability_classes(net_margin_pct: pd.Series, target: float,
                          size_codes: pd.Series | None = None) -> pd.Series:
    """'high', 'low' or 'loss'; 'none' for customers without size or without a %."""
    pct = pd.to_numeric(net_margin_pct, errors="coerce").to_numpy(dtype="float64",
                                                                  na_value=np.nan)
    codes = np.select([np.isnan(pct), pct < 0, pct >= target], ["none", "loss", "high"],
                      default="low").astype(object)
    if size_codes is not None:
        codes[(size_codes == "none").to_numpy()] = "none"
    return pd.Series(codes, index=net_margin_pct.index, name="profitability_code")


def segment_codes(size_codes: pd.Series, profitability_codes: pd.Series,
                  tier_codes: pd.Series) -> pd.Series:
    """Segment code per customer from its matrix cell (or inactive/prospect)."""
    keys = profitability_codes.astype(str) + "|" + size_codes.astype(str)
    lookup = {f"{p}|{s}": code for (p, s), code in SEGMENT_MATRIX.items()}
    codes = keys.map(lookup)
    outside = tier_codes.map(OUTSIDE_MATRIX)
    return codes.fillna(outside).fillna("qualify_prospect").astype(object).rename(
        "segment_code")
