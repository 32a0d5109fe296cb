"""Excel's argument values into numbers and arrays, and results back into cell values.

Excel hands a worksheet function whatever is in the cells: floats, None for empty
cells, text that looks like a number ("1.234,56", "12%"), dates, and error values
(with ``err_to_str=True`` xlwings passes them as "#N/A", "#DIV/0!" ...). A finance user
must see which argument was wrong in the cell itself, never a traceback, and one bad
row must not blank out a whole spilled column: so conversion is per cell, and the
problems travel next to the values as messages.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from xl_portfolio.sources.values import parse_number_text

# Excel's error values as xlwings passes them with err_to_str=True.
EXCEL_ERRORS = ("#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!",
                "#SPILL!", "#CALC!", "#GETTING_DATA", "#FIELD!", "#BLOCKED!", "#UNKNOWN!",
                "#CONNECT!", "#BUSY!", "#PYTHON!")
# The errors a worksheet function can return (VBA's CVErr); an input holding a newer one
# gives #VALUE! whose reason names the original.
RETURNABLE_ERRORS = EXCEL_ERRORS[:7]
# COM hands an error cell over as its HRESULT (0x800A0000 + XlCVError number). xlwings
# names seven of them and passes the others (#SPILL! 2045, #CALC! 2050 ...) as plain
# ints, which must never be read as numbers.
_XL_ERROR_BASE = -2146828288
XL_ERROR_NUMBERS = {2000: "#NULL!", 2007: "#DIV/0!", 2015: "#VALUE!", 2023: "#REF!",
                    2029: "#NAME?", 2036: "#NUM!", 2042: "#N/A", 2043: "#GETTING_DATA",
                    2045: "#SPILL!", 2046: "#CONNECT!", 2047: "#BLOCKED!", 2048: "#UNKNOWN!",
                    2049: "#FIELD!", 2050: "#CALC!", 2051: "#BUSY!", 2052: "#PYTHON!"}


def error_code(value: Any) -> str | None:
    """The Excel error a cell value stands for ('#SPILL!' ...), None for other values."""
    if isinstance(value, str):
        text = value.strip().upper()
        return text if text in EXCEL_ERRORS else None
    if type(value) is int and _XL_ERROR_BASE <= value < _XL_ERROR_BASE + 0x10000:
        number = value - _XL_ERROR_BASE
        return XL_ERROR_NUMBERS.get(number, f"#ERROR {number}")
    return None


def input_error(name: str, code: str) -> ArgumentError:
    """The error out for an error in: the same code where a function can return it."""
    if code in RETURNABLE_ERRORS:
        return ArgumentError(name, "refers to a cell with an error", code=code)
    return ArgumentError(name, f"refers to a cell with {code}")



class ArgumentError(ValueError):
    """One argument (or one cell of it) cannot be used; str() is what the cell shows."""

    def __init__(self, name: str, problem: str, code: str = "#VALUE!"):
        self.name = name
        self.code = code
        self.problem = problem
        super().__init__(f"{code} {name} {problem}")


def describe(value: Any) -> str:
    """How a value is quoted in a message: short, and recognisable to the user."""
    if isinstance(value, (dt.datetime, dt.date)):
        return f"the date {value:%Y-%m-%d}"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "...'"


def to_number(value: Any, name: str, default: float | None = None) -> float:
    """One cell as a float; empty cells take the default or are an error if required."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if default is None:
            raise ArgumentError(name, "is empty (a number is required)")
        return float(default)
    if isinstance(value, bool):
        raise ArgumentError(name, f"must be a number (got {value!r})")
    code = error_code(value)
    if code is not None:
        raise input_error(name, code)
    if isinstance(value, (int, float, np.integer, np.floating)):
        number = float(value)
        if math.isnan(number):
            if default is None:
                raise ArgumentError(name, "is empty (a number is required)")
            return float(default)
        if math.isinf(number):
            raise ArgumentError(name, "must be a finite number", code="#NUM!")
        return number
    if isinstance(value, str):
        number = parse_number_text(value.strip())
        if number is not None:
            return number
    raise ArgumentError(name, f"must be a number (got {describe(value)})")


def to_text(value: Any, name: str, default: str | None = None) -> str:
    """One cell as trimmed text (language codes, customer names)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if default is None:
            raise ArgumentError(name, "is empty (a text is required)")
        return default
    code = error_code(value)
    if code is not None:
        raise input_error(name, code)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def as_grid(value: Any) -> list[list[Any]]:
    """Any argument as a 2-D list: a scalar is 1x1, a 1-D list is one column.

    Excel's 2-D lists (ndim=2) are returned as they are, not copied: columns are long.
    """
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, (list, tuple)):
        if not value:
            return [[None]]
        if type(value) is list and type(value[0]) is list and type(value[-1]) is list:
            return value  # xlwings' ndim=2 shape: rows are lists (Excel ranges are whole)
        if all(type(row) is list for row in value):
            return value  # type: ignore[return-value]
        if all(isinstance(row, (list, tuple)) for row in value):
            return [list(row) for row in value]
        return [[cell] for cell in value]
    return [[value]]


def flatten(value: Any) -> list[Any]:
    """All cells of an argument, row by row (for whole-portfolio ranges)."""
    return [cell for row in as_grid(value) for cell in row]


@dataclass
class Cells:
    """A per-customer argument: values in cell order (NaN where bad) and, sparse, the
    message of each bad cell by position (bad cells are rare; columns are long)."""

    values: np.ndarray
    errors: dict[int, str]
    shape: tuple[int, int]


def number_cells(value: Any, name: str, default: float | None = None) -> Cells:
    """A scalar or a range as floats; bad cells become NaN and keep their message."""
    grid = as_grid(value)
    shape = (len(grid), max(len(row) for row in grid))
    cells = [row[0] for row in grid] if shape[1] == 1 else [c for row in grid for c in row]
    if len(cells) == shape[0] * shape[1] and all(type(c) is float for c in cells):
        # What Excel sends for a range of numbers: convert in one go, then check NaN/inf.
        out = np.array(cells, dtype="float64")
        if np.isfinite(out).all():
            return Cells(out, {}, shape)
    out = np.full(shape[0] * shape[1], np.nan)
    errors: dict[int, str] = {}
    for i, cell in enumerate(cells):
        try:
            out[i] = to_number(cell, name, default)
        except ArgumentError as exc:
            errors[i] = str(exc)
    return Cells(out, errors, shape)


def broadcast(arguments: Sequence[Cells]) -> tuple[tuple[int, int], list[Cells]]:
    """Give all per-customer arguments the shape of the largest; 1x1 repeats.

    A column of revenues with a single cost rate is normal; two columns of different
    lengths are a mistake that Excel users make by selecting one row too many.
    """
    shapes = {c.shape for c in arguments if c.shape != (1, 1)}
    if len(shapes) > 1:
        described = " and ".join(f"{r}x{c}" for r, c in sorted(shapes))
        raise ArgumentError("ranges", f"must have the same size (got {described})")
    shape = shapes.pop() if shapes else (1, 1)
    size = shape[0] * shape[1]
    result = []
    for cells in arguments:
        if cells.shape == shape:
            result.append(cells)
        else:
            errors = {i: cells.errors[0] for i in range(size)} if cells.errors else {}
            result.append(Cells(np.repeat(cells.values, size), errors, shape))
    return shape, result


def first_errors(arguments: Sequence[Cells]) -> dict[int, str]:
    """Per bad cell, the message of the first bad argument (in argument order)."""
    merged: dict[int, str] = {}
    for cells in arguments:
        for i, message in cells.errors.items():
            merged.setdefault(i, message)
    return merged


def cell_value(value: Any) -> Any:
    """A Python/numpy/pandas value as a value xlwings writes cleanly into a cell."""
    if value is None:
        return None
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if math.isnan(value) else float(value)
    if hasattr(value, "to_pydatetime"):
        try:
            return value.to_pydatetime()
        except ValueError:  # NaT
            return None
    if isinstance(value, np.datetime64):
        return None if np.isnat(value) else value.astype("datetime64[us]").item()
    try:
        if value != value:  # pd.NA, NaN-likes
            return None
    except (TypeError, ValueError):
        pass
    return value


def to_excel(values: Sequence[Any] | np.ndarray, errors: dict[int, str],
             shape: tuple[int, int]) -> Any:
    """Results (with messages in place of bad cells) as a scalar or a 2-D list."""
    if isinstance(values, np.ndarray) and values.dtype.kind == "f" and not errors:
        # NaN is fine here: xlwings writes NaN as an empty cell.
        return float(values[0]) if shape == (1, 1) else values.reshape(shape).tolist()
    cells = [cell_value(v) for v in values]
    for i, message in errors.items():
        cells[i] = message
    if shape == (1, 1):
        return cells[0]
    rows, cols = shape
    if cols == 1:
        return [[c] for c in cells]
    return [cells[r * cols:(r + 1) * cols] for r in range(rows)]
