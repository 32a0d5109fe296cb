"""The default segmentation: size (from the pyramid) x profitability (net margin %).

Size: Top + Big = large, Medium = medium, Small = small; inactive customers and
prospects have no size ("none") and get their own segment. Profitability against a
target net margin % (default: the portfolio's own, the dashboard's net margin % = total
net margin / total revenue of all customers): loss below 0, high at or above the
target, low in between. When the target itself is negative, every non-loss customer is
high. A customer whose gross margin is assumed (no cost of goods, no gross margin in
the input) is "not_measured": never high, low or loss on an assumed percentage; its
segment comes from its size alone (measure_large, measure_medium, measure_small).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from xl_portfolio.settings import Settings

SIZE_CODES = ("large", "medium", "small")
PROFITABILITY_CODES = ("high", "low", "loss")
NOT_MEASURED = "not_measured"

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
    (NOT_MEASURED, "large"): "measure_large",
    (NOT_MEASURED, "medium"): "measure_medium",
    (NOT_MEASURED, "small"): "measure_small",
}
OUTSIDE_MATRIX = {"inactive": "reactivate_or_close", "prospect": "qualify_prospect"}
SEGMENT_CODES = tuple(SEGMENT_MATRIX.values()) + tuple(OUTSIDE_MATRIX.values())

_SIZE_OF_TIER = {"top": "large", "big": "large", "medium": "medium", "small": "small",
                 "inactive": "none", "prospect": "none"}


def size_classes(tier_codes: pd.Series) -> pd.Series:
    """'large', 'medium', 'small' or 'none' per customer."""
    return tier_codes.map(_SIZE_OF_TIER).fillna("none").astype(object).rename("size_code")


def portfolio_net_margin_pct(revenue: pd.Series, net_margin: pd.Series,
                             population: pd.Series) -> float:
    """Total net margin / total revenue of the population; NaN when that revenue <= 0."""
    total = float(revenue[population].sum())
    return float(net_margin[population].sum()) / total if total > 0 else float("nan")


def target_margin(revenue: pd.Series, net_margin: pd.Series, population: pd.Series,
                  settings: Settings) -> float:
    """The target that splits high from low: the setting, else the portfolio's own %
    over the population given (the analysis passes every customer, so the target is the
    dashboard's net margin %); 0 when that % is n/a."""
    if settings.target_net_margin_pct is not None:
        return float(settings.target_net_margin_pct)
    own = portfolio_net_margin_pct(revenue, net_margin, population)
    return 0.0 if np.isnan(own) else own


def portfolio_target(revenue: pd.Series, net_margin: pd.Series, settings: Settings) -> float:
    """The target of the report and of the worksheet functions: the setting, else the
    net margin % over every customer given (the dashboard's net margin %)."""
    everyone = pd.Series(True, index=revenue.index)
    return target_margin(revenue, net_margin, everyone, settings)


def classify(tier_codes: pd.Series, net_margin_pct: pd.Series, target: float,
             margin_measured: pd.Series | None = None) -> pd.DataFrame:
    """tier_code, size_code, profitability_code and segment_code per customer: its cell
    of the matrix, one composition for the report and the worksheet functions."""
    sizes = size_classes(tier_codes)
    profit = profitability_classes(net_margin_pct, target, sizes, margin_measured)
    return pd.DataFrame({"tier_code": tier_codes, "size_code": sizes,
                         "profitability_code": profit,
                         "segment_code": segment_codes(sizes, profit, tier_codes)})


def target_source(settings: Settings) -> str:
    """'setting' when the user set the target, else 'portfolio'."""
    return "portfolio" if settings.target_net_margin_pct is None else "setting"


def profitability_classes(net_margin_pct: pd.Series, target: float,
                          size_codes: pd.Series | None = None,
                          margin_measured: pd.Series | None = None) -> pd.Series:
    """'high', 'low', 'loss' or 'not_measured' (margin_measured False); 'none' for
    customers without size or without a %."""
    pct = pd.to_numeric(net_margin_pct, errors="coerce").to_numpy(dtype="float64",
                                                                  na_value=np.nan)
    codes = np.select([np.isnan(pct), pct < 0, pct >= target], ["none", "loss", "high"],
                      default="low").astype(object)
    if margin_measured is not None:
        codes[~np.asarray(margin_measured, dtype=bool)] = NOT_MEASURED
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
