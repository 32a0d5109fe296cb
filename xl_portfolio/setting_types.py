"""The kinds of value a setting can hold, with their allowed ranges, for pydantic.

A setting declares its kind in one annotation (``rate_per_order: Rate = 25.0``), so a new
setting gets the same checks as the old ones without a line of hand-written validation.
The same constraints produce the plain-words error messages and the README's "allowed"
column, so the rule, the message and the documentation cannot disagree.
"""

from __future__ import annotations

import datetime as dt
import math
import typing
from typing import Annotated, Any, Literal

import annotated_types
from pydantic import BeforeValidator, Field
from pydantic.fields import FieldInfo

LANGUAGES = ("en", "nl", "fr")
# Dates a report can be made for: wide enough for any real history, narrow enough that a
# typo such as 2925 is caught (and within the range pandas can compute with).
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)


def _whole_number(value: Any) -> Any:
    """Excel and TOML hand 6.0 for 6: accept an integral float as the whole number."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _date(value: Any) -> Any:
    """Accept a date, a datetime (its date part) or ISO text such as 2025-12-31."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return value  # pydantic then reports "a date like 2025-12-31"
    return value


Language = Literal["en", "nl", "fr"]
# A cost-to-serve rate in money per unit: a negative rate would inflate margins.
Rate = Annotated[float, Field(ge=0)]
# A fraction of a whole: 0.15 means 15%.
Share = Annotated[float, Field(ge=0, le=1)]
# A non-negative fraction that may exceed 1 (an uplift of 150% is 1.5).
NonNegative = Annotated[float, Field(ge=0)]
# A growth rate: -1 is losing all revenue; above 1 is more than doubling.
Growth = Annotated[float, Field(ge=-1)]
# A target net margin as a fraction of revenue.
MarginPct = Annotated[float, Field(ge=-1, le=1)]
# Herfindahl-Hirschman index on the 0..10,000 scale.
Hhi = Annotated[float, Field(ge=0, le=10_000)]
# Days (payment terms, DSO).
Days = Annotated[float, Field(ge=0, le=3_650)]
# A number of months: a period, a plan, a review interval.
Months = Annotated[int, BeforeValidator(_whole_number), Field(ge=1, le=120)]
# A positive whole count (rows to show, customers).
Count = Annotated[int, BeforeValidator(_whole_number), Field(ge=1)]
ReportDate = Annotated[dt.date, BeforeValidator(_date), Field(ge=EARLIEST_DATE, le=LATEST_DATE)]
Text = Annotated[str, Field(min_length=1)]
# A whole count that may be 0 (0 switches a rule off).
WholeNumber = Annotated[int, BeforeValidator(_whole_number), Field(ge=0)]
# An ISO 4217 currency code; typed in any case, stored upper case.
Currency = Annotated[str, BeforeValidator(lambda v: v.strip().upper() if isinstance(v, str) else v),
                     Field(pattern=r"^[A-Z]{3}$",
                           description="a 3-letter currency code such as EUR, USD or GBP")]


def bounds(metadata: list[Any]) -> tuple[Any, Any]:
    """(lowest, highest) allowed by a field's constraints; None where open."""
    low = high = None
    for item in metadata:
        if isinstance(item, (annotated_types.Ge, annotated_types.Gt)):
            low = getattr(item, "ge", getattr(item, "gt", None))
        if isinstance(item, (annotated_types.Le, annotated_types.Lt)):
            high = getattr(item, "le", getattr(item, "lt", None))
    return low, high


def plain(value: Any) -> str:
    """A value as the user typed it: dates as dates, text in quotes, never a Python repr
    such as datetime.date(2025, 3, 1)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, float):
        if not math.isfinite(value):
            return "nan" if math.isnan(value) else "infinity"
        return f"{value:g}" if abs(value) < 1e15 else str(value)
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return str(value)


def allowed_for(info: FieldInfo) -> str:
    """What a pydantic field of these kinds accepts, in plain words."""
    if info.description:  # a kind that describes itself (e.g. Currency)
        return info.description
    annotation, metadata, suffix = info.annotation, info.metadata, ""
    args = typing.get_args(annotation)
    if type(None) in args:  # X | None: X decides, None means automatic
        annotation = next(a for a in args if a is not type(None))
        metadata = [m for item in getattr(annotation, "__metadata__", ())
                    for m in getattr(item, "metadata", [])]
        suffix = " (or leave it out: automatic)"
    return allowed_text(annotation, metadata, _kind(annotation)) + suffix


def _kind(annotation: Any) -> type | None:
    """The Python type under an annotation: Annotated[int, ...] -> int, dict[...] -> dict."""
    base = typing.get_origin(annotation) or annotation
    if base is typing.Annotated:
        base = typing.get_args(annotation)[0]
    if base is dt.date or base in (int, float, str, dict):
        return base
    return typing.get_origin(base) or None


def allowed_text(annotation: Any, metadata: list[Any], kind: type | None) -> str:
    """What a setting accepts, in plain words (README "allowed" column, error messages)."""
    if getattr(annotation, "__origin__", None) is Literal:
        return "one of " + ", ".join(annotation.__args__)
    low, high = bounds(metadata)
    if kind is dt.date:
        return f"a date like 2025-12-31, from {low} to {high}"
    if kind is int:
        noun = "a whole number"
    elif kind is float:
        noun = "a share between 0 and 1 (0.15 means 15%)" if (low, high) == (0, 1) else "a number"
        if (low, high) == (0, 1):
            return noun
    elif kind is dict:
        return 'a table of name = "header"'
    else:
        return "text"
    if low is not None and high is not None:
        return f"{noun} from {plain(low)} to {plain(high)}"
    if low is not None:
        return f"{noun} of at least {plain(low)}"
    return noun
