"""The raw block of cells a reader hands over, before headers mean anything."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# (Excel row, 0-based column) cells -> formula text of those that hold a formula.
FormulaLookup = Callable[[list[tuple[int, int]]], dict[tuple[int, int], str]]


@dataclass
class Grid:
    """Cell values as read, and where they sit, so errors can name the exact cell.

    rows[i][j] is the cell at Excel row first_row + i and 0-based column first_col + j.
    decimal_comma is a hint from the file (a CSV written with "1234,56"), None if unknown.
    formula_text looks up formulas the fast reader showed as empty (None: not possible).
    """

    rows: list[list[Any]]
    first_row: int
    first_col: int
    sheet: str | None
    file: str
    decimal_comma: bool | None = None
    formula_text: FormulaLookup | None = None

    def is_empty(self) -> bool:
        return not any(not is_blank(value) for row in self.rows for value in row)


def is_blank(value: Any) -> bool:
    """Empty cell: None, NaN/NaT or text that is only whitespace."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value or value.isspace()
    try:
        return bool(value != value)  # NaN and NaT are not equal to themselves
    except (TypeError, ValueError):
        return False
