"""Typing invoice lines a whole column at a time: Arrow columns in, the lines frame out.

A million lines repeat a few thousand names, products and dates, so texts are stripped,
keyed and checked once per distinct value and spread back by position. The result is
what build_line_frame gives for the same cells (same frame, notes and skipped rows),
but only for clean columns: whenever a cell would need a message (a text in the amount
column, a line without a date, figures without a name, a total row whose place is
unclear) this raises Unsure, and the caller reads the table cell by cell instead, which
says precisely which cell is wrong.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from xl_portfolio.schema import LINE_INPUTS
from xl_portfolio.sources.aliases import is_total_label
from xl_portfolio.sources.customers import NameRows
from xl_portfolio.sources.dates import LAST_DATE
from xl_portfolio.sources.table import Table, map_columns
from xl_portfolio.sources.values import PLAIN_NUMBER, decimal_style, name_key

# Line columns read as text labels (identifiers may be typed as numbers).
LABEL_COLUMNS = ("order_number", "product", "product_group", "owner")
NUMBER_COLUMNS = ("amount", "cost")
# Excel counts a 1900-02-29 that never was; readers differ on the dates before it.
FIRST_SURE_DATE = dt.date(1900, 3, 1)
_DAY_MS = 86_400_000
_SAMPLE = 10_000  # texts that decide a column's decimal separator (values.decimal_style)
_ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"


# The typed lines frame, the reading notes and the rows read (as build_line_frame gives).
Typed = tuple[pd.DataFrame, list[str], NameRows]


class Unsure(Exception):  # noqa: N818 (a signal to fall back, not an error)
    """The columns need the cell-by-cell reader (which names the cells at fault)."""


class ColumnBody(Sequence):
    """Table.body over Arrow columns: rows are built only when asked for (a total row's
    amount for the reconciliation), never a million of them."""

    def __init__(self, columns: Mapping[int, pa.Array], length: int, width: int) -> None:
        self._columns = columns
        self._length = length
        self._width = width

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._length))]
        row: list[Any] = [None] * self._width
        for column, values in self._columns.items():
            row[column] = values[index].as_py()
        return row


@dataclass
class _Labels:
    """A text column as codes into its distinct stripped values (-1: empty cell)."""

    codes: np.ndarray
    values: pa.Array  # large_string; null where the distinct value is blank

    def filled(self) -> np.ndarray:
        return self.codes >= 0

    def texts(self) -> list[str | None]:
        return self.values.to_pylist()

    def series(self, rows: np.ndarray, values: pa.Array | None = None) -> pd.Series:
        codes = self.codes[rows]
        taken = (self.values if values is None else values).take(
            pa.array(codes, mask=codes < 0))
        return pd.Series(pd.array(taken, dtype="str"))


def line_mapping(table: Table, explicit: Mapping[str, str]) -> dict[str, int]:
    """Line column -> header position; Unsure without a customer, date and amount column
    (the cell-by-cell reader says which one is missing)."""
    mapping, _ = map_columns(table.headers, LINE_INPUTS, explicit)
    if not {"customer", "date", "amount"} <= mapping.keys():
        raise Unsure("no customer, date and amount columns")
    return mapping


def typed_table(table: Table, columns: Mapping[str, pa.Array], mapping: Mapping[str, int],
                *, detect_kind: bool, decimal_hint: bool | None = None
                ) -> tuple[Table, Typed]:
    """The table with its body over the columns read, and the lines typed from them."""
    length = len(next(iter(columns.values())))
    table.body = ColumnBody({mapping[c]: a for c, a in columns.items()}, length,
                            len(table.headers))
    return table, typed_lines(columns, table.header_row + 1, detect_kind=detect_kind,
                              decimal_hint=decimal_hint)


def typed_lines(columns: Mapping[str, pa.Array], first_row: int, *, detect_kind: bool,
                decimal_hint: bool | None = None) -> Typed:
    """The lines frame, reading notes and rows read, as build_line_frame gives them.

    columns maps canonical names to the body cells of their column (Excel row first_row
    onwards): typed cells from a workbook, or texts from a CSV file (decimal_hint: the
    file's decimal comma, as Grid.decimal_comma); detect_kind demands repeated customers
    (else it is a customer sheet).
    """
    names = _labels(columns["customer"])
    others = {c: _labels(a) if c in LABEL_COLUMNS else a for c, a in columns.items()
              if c != "customer"}
    named = names.filled()
    if any(np.any(_filled(column) & ~named) for column in others.values()):
        raise Unsure("figures without a customer name")
    positions = np.flatnonzero(named)
    if not len(positions) or positions[-1] != len(named) - 1:
        raise Unsure("no rows, or rows without a name at the end")
    texts = names.texts()  # the distinct names, a few thousand for a million lines
    is_total = np.array([v is not None and is_total_label(v) for v in texts], bool)
    trailing = len(positions)
    while trailing and is_total[names.codes[positions[trailing - 1]]]:
        trailing -= 1
    keep, totals = positions[:trailing], positions[trailing:]
    keys = [None if v is None else name_key(v) for v in texts]
    if detect_kind and not _names_repeat(keys, names.codes[positions]):
        raise Unsure("a customer sheet")
    notes = [f"skipped total row '{texts[names.codes[i]]}' (row {first_row + i})"
             for i in totals]
    inside = keep[is_total[names.codes[keep]]]
    if len(inside):
        shown = ", ".join(str(first_row + i) for i in inside[:5])
        more = f" and {len(inside) - 5} more" if len(inside) > 5 else ""
        notes.append(f"'{texts[names.codes[inside[0]]]}' on row {shown}{more} read "
                     "as a customer: only total rows at the end of the list are skipped")
    frame: dict[str, object] = {"customer": names.series(keep),
                                "key": names.series(keep, pa.array(keys, pa.large_string()))}
    for canonical in ("date", *NUMBER_COLUMNS, *LABEL_COLUMNS):
        if canonical not in others:
            continue
        column = others[canonical]
        if canonical == "date":
            frame["date"] = _dates(column, keep)
        elif canonical in NUMBER_COLUMNS:
            frame[canonical] = _numbers(column, keep, decimal_hint)
        else:
            frame[canonical] = column.series(keep)
    # The names themselves stay in the frame: NameRows.names is only read while building it.
    rows = NameRows(keep.tolist(), [], notes, totals.tolist(), len(named) - len(positions))
    return pd.DataFrame(frame, index=pd.RangeIndex(len(keep))), notes, rows


def _labels(array: pa.Array) -> _Labels:
    """Distinct values as the cell reader types a name or label (stripped as Python
    strips, blank as empty; whole numbers without '.0'); anything else is Unsure."""
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    if pa.types.is_null(array.type):
        return _Labels(np.full(len(array), -1, np.int64), pa.array([], pa.large_string()))
    if pa.types.is_floating(array.type) or pa.types.is_integer(array.type):
        array = _whole_numbers_as_text(array)
    if not (pa.types.is_string(array.type) or pa.types.is_large_string(array.type)):
        raise Unsure(f"a text column holds {array.type}")
    encoded = pc.dictionary_encode(array)
    values = _stripped(encoded.dictionary.cast(pa.large_string()))
    blank = np.append(values.is_null().to_numpy(zero_copy_only=False), True)
    codes = encoded.indices.fill_null(len(values)).to_numpy(zero_copy_only=False)
    codes = np.where(blank[codes], -1, codes).astype(np.int64)
    return _Labels(codes, values)


def _stripped(values: pa.Array) -> pa.Array:
    """str.strip() on each value, null for the blank ones; Python only touches the values
    that start or end with a character Python calls whitespace."""
    edges = [pc.utf8_slice_codeunits(values, 0, 1), pc.utf8_slice_codeunits(values, -1, None)]
    odd = np.zeros(len(values), bool)
    for edge in edges:
        chars = pc.dictionary_encode(edge)
        spaces = np.array([not c or c.isspace() for c in chars.dictionary.to_pylist()], bool)
        odd |= spaces[chars.indices.to_numpy(zero_copy_only=False)]
    if not odd.any():
        return values
    where = np.flatnonzero(odd)
    fixed = [v.strip() or None for v in values.take(pa.array(where)).to_pylist()]
    return pc.replace_with_mask(values, pa.array(odd), pa.array(fixed, pa.large_string()))


def _whole_numbers_as_text(array: pa.Array) -> pa.Array:
    """Identifiers typed as numbers read as '1234', as the cell reader does; others Unsure."""
    numbers = array.cast(pa.float64()).to_numpy(zero_copy_only=False)
    present = numbers[~np.isnan(numbers)]
    if not np.all((present == np.floor(present)) & (np.abs(present) < 2 ** 53)):
        raise Unsure("a label column holds fractions")
    return pc.cast(pc.cast(array, pa.int64()), pa.string())


def _filled(column: object) -> np.ndarray:
    if isinstance(column, _Labels):
        return column.filled()
    if _is_text(column.type):
        return _labels(column).filled()  # blank as Python sees it: '' or only spaces
    return column.is_valid().to_numpy(zero_copy_only=False)


def _is_text(kind: pa.DataType) -> bool:
    return pa.types.is_string(kind) or pa.types.is_large_string(kind)


def _names_repeat(keys: list[str | None], codes: np.ndarray) -> bool:
    """Whether any customer appears twice (by its matching key): invoice lines."""
    key_codes = pd.factorize(pd.Series(keys, dtype=object))[0]
    used = key_codes[codes]
    return len(np.unique(used)) < len(used)


def _dates(column: pa.Array, rows: np.ndarray) -> pd.Series:
    """Calendar dates (time of day dropped) of date cells; empty or odd ones are Unsure."""
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    if _is_text(column.type):  # a few thousand distinct days: each parsed once
        encoded = pc.dictionary_encode(column.take(pa.array(rows)))
        column = _iso_dates(encoded.dictionary).take(encoded.indices)
        rows = np.arange(len(rows))
    if pa.types.is_date(column.type):
        column = column.cast(pa.timestamp("ms"))
    if not pa.types.is_timestamp(column.type) or column.type.tz is not None:
        raise Unsure(f"the date column holds {column.type}")
    ms = column.cast(pa.timestamp("ms")).cast(pa.int64())
    taken = ms.take(pa.array(rows))
    if taken.null_count:
        raise Unsure("a line without a date")
    days = taken.to_numpy(zero_copy_only=False) // _DAY_MS
    low = (np.datetime64(FIRST_SURE_DATE, "D") - np.datetime64(0, "D")).astype(np.int64)
    high = (np.datetime64(LAST_DATE, "D") - np.datetime64(0, "D")).astype(np.int64)
    if len(days) and (days.min() < low or days.max() > high):
        raise Unsure("a date out of range")
    return pd.Series(days.astype("datetime64[D]").astype("datetime64[ns]"))


def _text_numbers(texts: pa.Array, decimal_hint: bool | None) -> np.ndarray:
    """Numbers written plainly (1234.56, or 1234,56 in a decimal-comma column) and empty
    cells, as to_numbers reads them at once; any other text is Unsure (to_numbers reads
    those one by one: currency signs, thousands separators, '(12)' ...)."""
    if isinstance(texts, pa.ChunkedArray):
        texts = texts.combine_chunks()
    sample: list[str] = []
    for start in range(0, len(texts), _SAMPLE):  # to_numbers judges by its first texts
        sample += [t for t in texts.slice(start, _SAMPLE).to_pylist() if t and t.strip()]
        if len(sample) >= _SAMPLE:
            break
    style = decimal_style(sample, decimal_hint) if sample else decimal_hint
    texts = texts.fill_null("")  # an empty workbook column comes as texts, all null
    present = pc.not_equal(texts, "")
    plain = pc.match_substring_regex(texts, PLAIN_NUMBER[style].pattern.replace(r"\d", "[0-9]"))
    if not pc.all(pc.or_(plain, pc.invert(present))).as_py():
        raise Unsure("numbers written otherwise than plainly")
    numbers = pc.if_else(present, texts, None)
    if style:
        numbers = pc.replace_substring(numbers, ",", ".")
    out = numbers.cast(pa.float64()).to_numpy(zero_copy_only=False)
    if np.isinf(out).any():
        raise Unsure("an infinite number")
    return out


def _iso_dates(texts: pa.Array) -> pa.Array:
    """Dates written as 2024-12-31 (the cell reader's fast case); other texts Unsure."""
    iso = pc.match_substring_regex(texts, _ISO_DATE)
    if not pc.all(iso).as_py():
        raise Unsure("dates written otherwise than as 2024-12-31")
    parsed = pc.strptime(texts, format="%Y-%m-%d", unit="ms", error_is_null=True)
    if parsed.null_count > texts.null_count or not pc.all(
            pc.equal(pc.strftime(parsed, format="%Y-%m-%d"), texts)).as_py():
        raise Unsure("a date that does not exist")  # strptime reads 02-30 as 03-01
    return parsed


def _numbers(column: pa.Array, rows: np.ndarray, decimal_hint: bool | None) -> np.ndarray:
    """float64 of number cells (NaN for empty ones); anything else is Unsure."""
    if pa.types.is_null(column.type):
        return np.full(len(rows), np.nan)
    if _is_text(column.type):
        return _text_numbers(column.take(pa.array(rows)), decimal_hint)
    if not (pa.types.is_floating(column.type) or pa.types.is_integer(column.type)):
        raise Unsure(f"a number column holds {column.type}")
    numbers = column.cast(pa.float64()).take(pa.array(rows)).to_numpy(zero_copy_only=False)
    if np.isinf(numbers).any():
        raise Unsure("an infinite number")
    return numbers
