"""The raw block of cells a reader hands over, before headers mean anything."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class Grid:
    """Cell values as read, and where they sit, so errors can name the exact cell.

    rows[i][j] is the cell at Excel row first_row + i and 0-based column first_col + j.
    decimal_comma is a hint from the file (a CSV written with "1234,56"), None if unknown.
    """

    rows: list[list[Any]]
    first_row: int
    first_col: int
    sheet: str | None
    file: str
    decimal_comma: bool | None = None

    # Sheet position of each row / column when the grid is compacted (the sparse reader
    # keeps only rows and columns holding data); None: contiguous from first_row/first_col.
    row_numbers: list[int] | None = None
    column_numbers: list[int] | None = None

    def row_number(self, index: int) -> int:
        """Excel row number of rows[index]."""
        if self.row_numbers is not None:
            return self.row_numbers[index]
        return self.first_row + index

    def column_number(self, index: int) -> int:
        """0-based sheet column of rows[...][index]."""
        if self.column_numbers is not None and index < len(self.column_numbers):
            return self.column_numbers[index]
        return self.first_col + index

    def is_empty(self) -> bool:
        return not any(not is_blank(value) for row in self.rows for value in row)


@dataclass(frozen=True)
class CellProblem:
    """A cell the fast reader shows as empty although it is not: a formula saved without
    its value (scripts write such files) or an Excel error value such as #N/A."""

    kind: str  # "formula" or "error"
    text: str  # "=SUM(B2:B9)" or "#N/A"

    def __str__(self) -> str:
        if self.kind == "formula":
            return f"the formula {self.text} without a saved value"
        return f"the error value {self.text}"


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
