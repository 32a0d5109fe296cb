"""Growth potential per customer: "high", "medium", "low" or "unknown".

A user-supplied growth_potential column wins: words in English, Dutch or French
(high/hoog/élevé, medium/gemiddeld/moyen, low/laag/faible, H/M/L) or a score whose scale
is read from the column (0-1 fraction, 1-5, 0-10 or 0-100). A blank cell falls back to
the derived figure; text nobody can read becomes "unknown" rather than an error, because
one odd cell must not stop a portfolio run.

Derived: revenue growth against the previous period (>= growth_high_threshold high,
<= growth_low_threshold low, else medium), adjusted by the headroom in the share of
wallet: below wallet_high_headroom_below the customer has at least medium potential,
and high unless growth is low; above wallet_low_headroom_above at most medium. With a
share of wallet but no growth figure the headroom alone decides (much headroom high,
little headroom low, else medium).
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd

from xl_portfolio.analysis._columns import fraction, numeric, revenue, safe_divide
from xl_portfolio.settings import Settings

GROWTH_CODES = ("high", "medium", "low", "unknown")

_WORDS = {
    "high": ("high", "h", "hi", "hoog", "hoge", "groot", "grote", "sterk", "eleve", "elevee",
             "fort", "forte", "haut", "haute", "important", "importante"),
    "medium": ("medium", "med", "m", "mid", "middle", "moderate", "average", "middel",
               "gemiddeld", "gemiddelde", "matig", "normaal", "moyen", "moyenne", "modere",
               "moderee"),
    "low": ("low", "l", "lo", "none", "laag", "lage", "weinig", "geen", "faible", "bas",
            "basse", "aucun", "aucune"),
}
_WORD_TO_CODE = {word: code for code, words in _WORDS.items() for word in words}


def _normalise(text: str) -> str:
    """Lower case, accents removed, surrounding spaces and punctuation dropped."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"\s+", " ", plain.strip().lower()).strip(" .!:;-_")


def _as_number(text: str) -> float:
    """A score typed as text ('4', '0,7', '70%'), else NaN."""
    cleaned = text.replace(" ", "").replace(",", ".")
    percent = cleaned.endswith("%")
    try:
        number = float(cleaned.rstrip("%"))
    except ValueError:
        return np.nan
    return number / 100.0 if percent else number


def _score_codes(scores: np.ndarray) -> np.ndarray:
    """Codes for numeric scores, on the scale the column's largest score reveals."""
    codes = np.full(len(scores), "", dtype=object)
    valid = ~np.isnan(scores) & (scores >= 0)
    if not valid.any():
        return codes
    top = float(scores[valid].max())
    if top <= 1:
        high, medium = 0.67, 0.34
    elif top <= 5:
        high, medium = 4.0, 3.0
    elif top <= 10:
        high, medium = 7.0, 4.0
    elif top <= 100:
        high, medium = 67.0, 34.0
    else:
        return np.where(valid, "unknown", codes)
    graded = np.select([scores >= high, scores >= medium], ["high", "medium"], default="low")
    return np.where(valid, graded, np.where(np.isnan(scores), codes, "unknown"))


def parse_growth_column(column: pd.Series) -> pd.Series:
    """Codes from a user column; '' where the cell is blank (caller derives those)."""
    codes = np.full(len(column), "", dtype=object)
    numbers = pd.to_numeric(column, errors="coerce").to_numpy(dtype="float64", na_value=np.nan,
                                                               copy=True)
    is_text = column.notna().to_numpy() & np.isnan(numbers)
    if is_text.any():
        texts = column[is_text].astype(str)
        code_of: dict[str, str] = {}
        number_of: dict[str, float] = {}
        for text in pd.unique(texts):
            plain = _normalise(text)
            word = _WORD_TO_CODE.get(plain)
            number_of[text] = np.nan if word or not plain else _as_number(plain)
            code_of[text] = word or ("" if not plain else "unknown")
        numbers[is_text] = texts.map(number_of).to_numpy(dtype="float64")
        codes[is_text] = texts.map(code_of).to_numpy(dtype=object)
    scored = _score_codes(numbers)
    has_score = scored != ""
    codes[has_score] = scored[has_score]
    return pd.Series(codes, index=column.index, name="growth_code")


def revenue_growth(frame: pd.DataFrame) -> pd.Series:
    """revenue / revenue_previous - 1 where the previous revenue is positive, else NaN."""
    previous = numeric(frame, "revenue_previous")
    if previous is None:
        return pd.Series(np.nan, index=frame.index, name="revenue_growth")
    previous = np.where(previous > 0, previous, np.nan)
    growth = safe_divide(revenue(frame), previous) - 1.0
    return pd.Series(growth, index=frame.index, name="revenue_growth")


def derived_growth(frame: pd.DataFrame, settings: Settings) -> pd.Series:
    """Codes from revenue growth and share-of-wallet headroom ('unknown' when neither)."""
    growth = revenue_growth(frame).to_numpy()
    known = ~np.isnan(growth)
    base = np.select([known & (growth >= settings.growth_high_threshold),
                      known & (growth <= settings.growth_low_threshold), known],
                     ["high", "low", "medium"], default="unknown").astype(object)
    wallet = numeric(frame, "share_of_wallet")
    if wallet is not None:
        wallet = fraction(wallet)
        much = wallet < settings.wallet_high_headroom_below
        little = wallet > settings.wallet_low_headroom_above
        with_growth = np.select([much & (base == "low"), much, little & (base == "high")],
                                ["medium", "high", "medium"], default=base)
        wallet_only = np.select([much, little, ~np.isnan(wallet)], ["high", "low", "medium"],
                                default="unknown")
        base = np.where(known, with_growth, wallet_only).astype(object)
    return pd.Series(base, index=frame.index, name="growth_code")


def growth_potential(frame: pd.DataFrame, settings: Settings) -> pd.Series:
    """Growth code per customer: the user's column where filled, else derived."""
    derived = derived_growth(frame, settings)
    if "growth_potential" not in frame.columns:
        return derived
    given = parse_growth_column(frame["growth_potential"])
    return given.where(given != "", derived).rename("growth_code")
