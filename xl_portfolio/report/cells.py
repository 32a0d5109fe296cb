"""Values that are safe to mail: what a cell may hold, whoever opens the workbook.

Policy (documented in the README):
- Numbers are stored as numbers. A missing or undefined number (NaN) and an infinite
  one become the text marker ``n/a`` so a blank never hides a figure that went wrong.
- Missing text and missing dates stay empty: those columns are optional by nature
  (owner, condition, timing, next review for customers without an action).
- Text is always stored as text, even when it starts with = + - @ tab or CR, so a
  customer called "=HYPERLINK(...)" can never become a live formula.
- Text longer than Excel's cell limit (32,767 characters) is cut with an ellipsis.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

import numpy as np
import pandas as pd

from xl_portfolio.i18n import MESSAGES

MISSING_NUMBER = "n/a"
# The marker as the report writes it in each language (n/a, n.v.t., s.o.).
MISSING_MARKERS = frozenset({MISSING_NUMBER, *(m["na"] for m in MESSAGES.values())})
EXCEL_TEXT_LIMIT = 32_767
SHEET_NAME_LIMIT = 31
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_TABLE_INVALID = re.compile(r"[^A-Za-z0-9_.]")
# Characters XML 1.0 does not allow (control characters, the non-characters U+FFFE and
# U+FFFF, lone surrogates): Excel "repairs" a workbook holding one.
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# The days a Python datetime can hold (numpy gives plain integers outside them).
_FIRST_DAY, _LAST_DAY = np.datetime64("0001-01-01", "us"), np.datetime64("9999-12-31", "us")
# A raw CR would be read back as LF (XML line-end normalisation): keep it as a reference.
# "&" comes first, so the "&" of the entities added after it is not escaped again.
_XML_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\r", "&#13;"))


def clean_text(value: str) -> str:
    """Text Excel can store: only XML-legal characters, at most 32,767 characters."""
    value = _ILLEGAL_XML.sub("", value)
    if len(value) > EXCEL_TEXT_LIMIT:
        value = value[: EXCEL_TEXT_LIMIT - 1] + "…"
    return value


def xml_text(value: str) -> str:
    """Text ready to stand between XML tags: cleaned as clean_text, then escaped. The
    one place where the report's hand-written XML (report.stream) escapes text."""
    text = clean_text(value)
    for char, entity in _XML_ESCAPES:  # str.replace: ~3x faster than str.translate here
        if char in text:
            text = text.replace(char, entity)
    return text


def is_formula_like(value: Any) -> bool:
    """True for text a spreadsheet would read as a formula if typed in."""
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def clean_value(value: Any) -> Any:
    """A plain Python value for a cell: float/int/bool/str/date/datetime or None."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return float(value) if math.isfinite(value) else MISSING_NUMBER
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, np.datetime64):
        return None if np.isnat(value) else pd.Timestamp(value).to_pydatetime()
    if isinstance(value, (dt.date, dt.datetime)):
        return value
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return clean_text(str(value))


def column_values(series: pd.Series, *, blank_missing: bool = False) -> list[Any]:
    """Clean a whole column, in bulk for speed (a report can hold millions of cells);
    the result equals clean_value applied to each value (tests/test_report_stream.py).

    Missing numbers become the n/a marker unless blank_missing (a figure that only
    exists for some rows, such as a growth plan's success %); missing text stays empty.
    """
    if pd.api.types.is_bool_dtype(series.dtype):
        if isinstance(series.dtype, np.dtype):  # numpy bools: never missing
            return series.to_numpy().tolist()
        return [None if pd.isna(v) else bool(v) for v in series.tolist()]
    if pd.api.types.is_numeric_dtype(series.dtype):
        floats = series.to_numpy(dtype="float64", na_value=np.nan)
        finite = np.isfinite(floats)
        if pd.api.types.is_integer_dtype(series.dtype) and finite.all():
            return [int(v) for v in floats]
        values: list[Any] = floats.tolist()
        if not finite.all():
            marker = None if blank_missing else MISSING_NUMBER
            for i in np.flatnonzero(~finite):
                values[i] = marker
        return values
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        return _datetime_values(series)
    return _text_values(series)


def _datetime_values(series: pd.Series) -> list[Any]:
    """Naive dates in whole microseconds convert in one numpy call (NaT gives None);
    finer, time-zoned or out-of-range stamps go value by value."""
    if isinstance(series.dtype, np.dtype):
        stamps = series.to_numpy()
        known = stamps[~np.isnat(stamps)]
        micro = known.astype("datetime64[us]")
        if (micro == known).all() and (
                not len(micro) or (micro.min() >= _FIRST_DAY and micro.max() <= _LAST_DAY)):
            return stamps.astype("datetime64[us]").tolist()
    return [None if pd.isna(v) else v.to_pydatetime() for v in series.tolist()]


def _text_values(series: pd.Series) -> list[Any]:
    """Text columns repeat few values (segments, actions): each distinct text is cleaned
    once. Columns mixing text with other kinds go value by value (1, 1.0 and True are
    one dictionary key)."""
    values = series.tolist()
    missing = series.isna().to_numpy()
    if missing.any():
        for i in np.flatnonzero(missing):
            values[i] = None
    if not set(map(type, values)) <= {str, type(None)}:
        return [None if v is None else clean_value(v) for v in values]
    cleaned = {v: None if v is None else clean_text(v) for v in set(values)}
    return [cleaned[v] for v in values]


def safe_sheet_name(name: str, taken: set[str] | None = None) -> str:
    """A sheet name Excel accepts: <= 31 chars, none of []:*?/\\, not blank, unique."""
    clean = _SHEET_FORBIDDEN.sub("_", name).strip("'").strip() or "Sheet"
    clean = clean[:SHEET_NAME_LIMIT]
    taken = {t.lower() for t in (taken or set())}
    candidate, n = clean, 2
    while candidate.lower() in taken:
        suffix = f" ({n})"
        candidate = clean[: SHEET_NAME_LIMIT - len(suffix)] + suffix
        n += 1
    return candidate


def safe_table_name(name: str) -> str:
    """A valid Excel table name: letters, digits, _ and . only, starts with a letter/_,
    and cannot be read as a cell reference (A1 or R1C1)."""
    clean = _TABLE_INVALID.sub("_", name) or "Table"
    if not (clean[0].isalpha() or clean[0] == "_"):
        clean = "_" + clean
    if re.fullmatch(r"[A-Za-z]{1,3}[0-9]+|[RrCc]|[Rr][0-9]*[Cc][0-9]*", clean):
        clean = "_" + clean
    return clean[:255]
