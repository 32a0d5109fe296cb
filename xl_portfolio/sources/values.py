"""Turning cell values into numbers and names, remembering every bad cell.

ERP exports and hand-kept sheets hold numbers as text ("€ 1.234,56", "(123)", "12%");
finance staff expect all of them to just work, and anything else to be pointed at by
cell. Dates are in sources.dates.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from xl_portfolio.sources.grid import CellProblem, is_blank

_SPACES = re.compile(r"[\s\u00a0\u202f'’]")
_CURRENCY = re.compile(r"^(?:€|\$|£|eur|usd|gbp|chf)|(?:€|\$|£|eur|usd|gbp|chf)$", re.I)
_DIGITS = re.compile(r"^(?:\d[\d.,]*|[.,]\d+)$")
_EXPONENT = re.compile(r"^\d+(?:\.\d+)?[eE][-+]?\d+$")



@dataclass(frozen=True)
class BadCell:
    """A value that could not be read: where it is and what was expected there."""

    row: int  # Excel row number
    column: int  # 0-based sheet column index
    header: str
    canonical: str
    expected: str  # "a number", "a date", "a customer name"
    value: Any


# ----------------------------------------------------------------------------- numbers

def decimal_style(texts: Sequence[str], hint: bool | None) -> bool | None:
    """Decimal comma (True) or point (False) for a column, judged by its clear values."""
    comma = point = 0
    for text in texts[:10_000]:  # a sample decides; a column does not change style
        body = _SPACES.sub("", text)
        has_comma, has_point = "," in body, "." in body
        if has_comma and has_point:
            comma, point = (comma + 1, point) if body.rfind(",") > body.rfind(".") \
                else (comma, point + 1)
        elif has_comma or has_point:
            sep = "," if has_comma else "."
            if body.count(sep) > 1:  # repeated: a thousands separator
                comma, point = (comma, point + 1) if sep == "," else (comma + 1, point)
            elif len(body) - body.rfind(sep) - 1 != 3:  # "12,5" or "12.50": a decimal
                comma, point = (comma + 1, point) if sep == "," else (comma, point + 1)
    if comma and not point:
        return True
    if point and not comma:
        return False
    return hint


_ACCOUNTING_ZERO = frozenset({"-", "\u2013", "\u2212", "\u20ac-", "-\u20ac"})

# Numbers as exports write them for each decimal style (None: undecided), read at once.
PLAIN_NUMBER = {None: re.compile(r"^-?\d+$"), False: re.compile(r"^-?\d+(?:\.\d+)?$"),
          True: re.compile(r"^-?\d+(?:,\d+)?$")}


def parse_number_text(text: str, decimal_comma: bool | None = None) -> float | None:
    """A number written as text, or None when it is not one.

    Accepts currency signs, thousands separators, '(123)' and '123-' negatives and a
    trailing '%' (returned as a fraction). A lone separator followed by exactly three
    digits is read as a thousands separator unless the column says otherwise. A lone
    dash is zero: Excel's accounting format shows 0 as '-', and exports keep the dash.
    """
    if PLAIN_NUMBER[decimal_comma].match(text):  # fast path for the bulk of a CSV export
        return float(text.replace(",", "."))
    body = _SPACES.sub("", text.strip())
    if body in _ACCOUNTING_ZERO:
        return 0.0
    negative = False
    if body.startswith("(") and body.endswith(")"):
        negative, body = True, body[1:-1]
    body = body.replace("\u2212", "-")
    if body.startswith(("-", "+")):
        negative, body = negative or body[0] == "-", body[1:]
    body = _CURRENCY.sub("", body)
    if body.startswith(("-", "+")):  # "€ -12"
        negative, body = negative or body[0] == "-", body[1:]
    percent = body.endswith("%")
    if percent:
        body = body[:-1]
    if body.endswith("-"):  # SAP-style trailing minus
        negative, body = True, body[:-1]
    if _EXPONENT.match(body):
        number = float(body)
    elif _DIGITS.match(body):
        normal = _normalize_separators(body, decimal_comma)
        if normal is None:
            return None
        number = float(normal)
    else:
        return None
    if percent:
        number /= 100.0
    return -number if negative else number


def _normalize_separators(body: str, decimal_comma: bool | None) -> str | None:
    has_comma, has_point = "," in body, "." in body
    if has_comma and has_point:
        decimal = "," if body.rfind(",") > body.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        whole, _, fraction = body.rpartition(decimal)
        if "," in fraction or "." in fraction or not _grouped(whole, thousands):
            return None
        return whole.replace(thousands, "") + "." + fraction
    if not (has_comma or has_point):
        return body
    sep = "," if has_comma else "."
    if body.count(sep) > 1:
        return body.replace(sep, "") if _grouped(body, sep) else None
    digits_after = len(body) - body.rfind(sep) - 1
    # "0.125" cannot be a thousands grouping, so it is a decimal whatever the column says.
    could_be_thousands = digits_after == 3 and _grouped(body, sep)
    if decimal_comma is None:
        is_decimal = not could_be_thousands
    else:
        is_decimal = (sep == ",") == decimal_comma or not could_be_thousands
    if is_decimal:
        return body.replace(sep, ".")
    return body.replace(sep, "")


def _grouped(whole: str, sep: str) -> bool:
    """'1.234.567' style grouping: first group 1-3 digits not starting with 0, then groups
    of exactly 3."""
    groups = whole.split(sep)
    first = groups[0]
    return (1 <= len(first) <= 3 and not first.startswith("0")
            and all(len(g) == 3 for g in groups[1:]))


def to_numbers(values: Sequence[Any], rows: Sequence[int], *, column: int, header: str,
               canonical: str, decimal_hint: bool | None = None
               ) -> tuple[np.ndarray, list[BadCell]]:
    """float64 array (NaN for empty cells) and the cells that are not numbers.

    Whole columns go through numpy/pandas at once: numbers as a workbook gives them, and
    plain number texts as a CSV gives them; only the other cells are parsed one by one.
    """
    kinds = set(map(type, values))
    if kinds <= _NUMERIC_KINDS:  # a workbook column of numbers: one conversion
        out = np.array(values, dtype=np.float64)
        if not np.isinf(out).any():
            return out, []
    out = np.full(len(values), np.nan)
    pending: Sequence[int] = range(len(values))
    texts = [v for v in values if isinstance(v, str) and v.strip()]
    style = decimal_style(texts, decimal_hint) if texts else decimal_hint
    if kinds <= {str, type(None)}:  # a CSV column: plain texts at once, the rest by hand
        series = pd.Series(values, dtype=object).str.strip()
        plain = series.str.fullmatch(PLAIN_NUMBER[style].pattern).fillna(False).to_numpy(bool)
        if plain.any():
            out[plain] = pd.to_numeric(series[plain].str.replace(",", ".", regex=False))
        pending = np.flatnonzero(~plain & series.fillna("").ne("").to_numpy(bool)).tolist()
    bad: list[BadCell] = []
    for i in pending:
        value = values[i]
        number = _one_number(value, style)
        if number is _BLANK:
            continue
        if number is None or math.isinf(number):
            bad.append(BadCell(rows[i], column, header, canonical, "a number", value))
        else:
            out[i] = number
    return out, bad


_NUMERIC_KINDS = {float, int, type(None)}
_BLANK = object()


def _one_number(value: Any, style: bool | None) -> Any:
    """A cell as a number, None when it is not one, _BLANK when it is empty."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float, np.integer, np.floating)):
        number = float(value)
        return _BLANK if math.isnan(number) else number
    if is_blank(value):
        return _BLANK
    if isinstance(value, str):
        return parse_number_text(value, style)
    if isinstance(value, (dt.timedelta, dt.time)):
        return duration_hours(value)  # service time typed as [h]:mm
    return None


def duration_hours(value: dt.timedelta | dt.time) -> float:
    """Hours in an Excel time or duration cell (calamine gives time or timedelta)."""
    if isinstance(value, dt.time):
        return value.hour + value.minute / 60 + value.second / 3600
    return value.total_seconds() / 3600


def show_value(value: Any) -> str:
    """A found value as the user typed or sees it: dates as dates, never Python reprs."""
    if isinstance(value, str):
        return value
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ") if value.time() != dt.time(0) \
            else value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return str(int(value))
    return str(value)


# -------------------------------------------------------------------------------- text

# Lone UTF-16 surrogates (from a DataFrame built in Python): no file format can hold them,
# pandas' Arrow-backed text refuses them, and the report drops them too (report.cells).
_SURROGATES = re.compile("[\ud800-\udfff]")


def _storable(text: str) -> str:
    return text if text.isascii() or not _SURROGATES.search(text) else _SURROGATES.sub("", text)


def to_text(value: Any) -> str | None:
    """A name or label as the user typed it (stripped); whole numbers lose their '.0'."""
    if isinstance(value, str):
        return _storable(value).strip() or None
    if is_blank(value) or isinstance(value, CellProblem):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date().isoformat()
    return str(value).strip()


def problem_cells(values: Sequence[Any], rows: Sequence[int], *, column: int, header: str,
                  canonical: str) -> list[BadCell]:
    """Cells of a text column holding a formula without value or an error value."""
    if CellProblem not in set(map(type, values)):
        return []
    return [BadCell(rows[i], column, header, canonical, "a value", value)
            for i, value in enumerate(values) if isinstance(value, CellProblem)]


def name_key(name: str) -> str:
    """Matching key for customer names: case and spacing do not tell customers apart."""
    return " ".join(name.split()).casefold()


_PANDAS_3 = int(pd.__version__.split(".")[0]) >= 3


def text_series(values: Sequence[str | None]) -> pd.Series:
    """Text column with NaN for missing: pandas' str dtype on pandas 3, object before."""
    values = [v if v is None or v.isascii() else _storable(v) for v in values]
    if _PANDAS_3:
        return pd.Series(values, dtype="str")
    return pd.Series([np.nan if v is None else v for v in values], dtype=object)
