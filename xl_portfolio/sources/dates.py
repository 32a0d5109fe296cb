"""Turning cells into dates: Excel dates, serial numbers and the texts exports write.

Any date Excel can hold (1900-01-01 .. 9999-12-31) is understood; the analysis uses
those pandas can hold at nanosecond precision, and names the cell of any other (a line
dated 2999 is a typo, not a crash).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from xl_portfolio.sources.grid import is_blank
from xl_portfolio.sources.values import BadCell, parse_number_text

_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_ISO_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})" + _TIME + "$")
_DMY_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})" + _TIME + "$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_MAX_SERIAL = 2958465  # 9999-12-31, the last date Excel can hold
_LEAP_BUG = 60  # Excel's serial for 1900-02-29
# Dates the analysis can hold: Excel's first date up to the end of pandas' nanosecond
# range. A line dated 2999 is a typo, told by cell rather than a crash.
FIRST_DATE = dt.date(1900, 1, 1)
LAST_DATE = dt.date(2262, 4, 11)
DATE_RANGE = f"a date from {FIRST_DATE.isoformat()} to {LAST_DATE.isoformat()}"


def month_first(texts: Sequence[str]) -> bool:
    """True when a column's d-m-y texts can only be m-d-y (some 'day' above 12, none else).

    European day-first is the default; a US export shows itself by '12/31/2024'.
    """
    day_first_proof = month_first_proof = False
    for text in set(texts):
        match = _DMY_DATE.match(text.strip())
        if match:
            first, second = int(match.group(1)), int(match.group(2))
            day_first_proof |= first > 12 >= second
            month_first_proof |= second > 12 >= first
    return month_first_proof and not day_first_proof


def parse_date_value(value: Any, month_first_order: bool = False) -> dt.date | None:
    """A calendar date from an Excel date, a serial number or text; None if not a date.

    Any date Excel can hold comes back (1900-01-01 .. 9999-12-31); to_dates decides
    whether the analysis can use it.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float, np.integer, np.floating)):
        return _from_serial(float(value))
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        if match := _ISO_DATE.match(text):
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        if match := _DMY_DATE.match(text):
            day, month = int(match[1]), int(match[2])
            if month_first_order:
                day, month = month, day
            return dt.date(_full_year(match[3]), month, day)
        if match := _COMPACT_DATE.match(text):
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None
    number = parse_number_text(text, None)
    return _from_serial(number) if number is not None else None


def _full_year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 70 else 1900
    return year


def _from_serial(number: float) -> dt.date | None:
    """Excel 1900 date system serial number (what calamine gives for unformatted dates)."""
    if math.isnan(number) or not 1 <= number <= _MAX_SERIAL:
        return None
    day = math.floor(number)
    if day < _LEAP_BUG:  # Excel counts a 1900-02-29 that never was (Lotus 1-2-3's bug)
        return _EXCEL_EPOCH + dt.timedelta(days=day + 1)
    if day == _LEAP_BUG:
        return None
    return _EXCEL_EPOCH + dt.timedelta(days=day)


def to_dates(values: Sequence[Any], rows: Sequence[int], *, column: int, header: str,
             canonical: str) -> tuple[pd.Series, list[BadCell]]:
    """datetime64 series (NaT for empty cells) and the cells that are not usable dates.

    Date cells and ISO texts are converted a column at a time; serial numbers, other
    texts and anything out of range are looked at one by one, for a message per cell.
    """
    out, pending = _fast_dates(values)
    texts = [values[i] for i in pending if isinstance(values[i], str)]
    us_order = month_first(texts) if texts else False
    bad: list[BadCell] = []
    seen: dict[Any, dt.date | None] = {}  # exports repeat the same dates a lot
    slow: dict[int, dt.date] = {}
    for i in pending:
        value = values[i]
        if is_blank(value):
            continue
        try:
            day = seen[value]
        except (KeyError, TypeError):
            day = parse_date_value(value, us_order)
            if isinstance(value, (str, float, int, dt.date)):
                seen[value] = day
        if day is None:
            bad.append(BadCell(rows[i], column, header, canonical, "a date", value))
        elif not FIRST_DATE <= day <= LAST_DATE:
            bad.append(BadCell(rows[i], column, header, canonical, DATE_RANGE, day))
        else:
            slow[i] = day
    if slow:
        out.iloc[list(slow)] = pd.to_datetime(list(slow.values())).astype("datetime64[ns]")
    return out, bad


_ISO_TEXT = r"\d{4}-\d{2}-\d{2}"


def _fast_dates(values: Sequence[Any]) -> tuple[pd.Series, list[int]]:
    """Dates of the date cells and ISO texts in range, and the positions left to look at."""
    series = pd.Series(values, dtype=object)
    out = pd.Series(pd.NaT, index=series.index, dtype="datetime64[ns]")
    kinds = series.map(type)
    is_date = kinds.isin((dt.datetime, dt.date, pd.Timestamp)).to_numpy(bool).copy()
    is_iso = np.zeros(len(values), dtype=bool)
    if kinds.isin((str,)).any():
        is_iso = series.str.fullmatch(_ISO_TEXT).fillna(False).to_numpy(bool).copy() & ~is_date
    for mask, fmt in ((is_date, None), (is_iso, "%Y-%m-%d")):
        if not mask.any():
            continue
        try:
            parsed = pd.to_datetime(series[mask], format=fmt, errors="coerce")
        except (ValueError, TypeError):  # mixed time zones: looked at one by one
            mask[:] = False
            continue
        if getattr(parsed.dtype, "tz", None) is not None:  # a zoned export: its local dates
            parsed = parsed.dt.tz_localize(None)
        parsed = pd.Series(parsed.to_numpy(), index=parsed.index)
        within = parsed.notna() & (parsed >= pd.Timestamp(FIRST_DATE)) \
            & (parsed < pd.Timestamp(LAST_DATE) + pd.Timedelta(days=1))
        good = parsed[within]
        out.loc[good.index] = good.dt.normalize().astype("datetime64[ns]")
        mask[mask] = within.to_numpy(bool)
    done = is_date | is_iso
    return out, np.flatnonzero(~done).tolist()
