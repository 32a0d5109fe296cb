"""The Block: rows to write at one anchor with their number formats (no openpyxl).

See report.blocks for how both writers (file and add-in) write a block.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from xl_portfolio.report.cells import column_values

MONEY = "#,##0;[Red]-#,##0"
PERCENT = "0.0%"
DATE = "yyyy-mm-dd"
INTEGER = "#,##0"
DECIMAL = "#,##0.00"
# Tones of a figure's change (IBCS: green good, red bad); the writer colours them.
GOOD, BAD = "good", "bad"
# Figures that exist only for some customers (a growth plan): blank, not n/a, elsewhere.
BLANK_WHEN_MISSING = ("growth_success_pct",)


@dataclass
class Block:
    """Rows to write at one anchor, with their number formats.

    cell_formats overrides the row/column format of single cells (a tile's change);
    tones marks cells whose change is good or bad news.
    """

    anchor: str
    rows: list[list[Any]]
    role: str = "block"
    header: bool = False
    column_formats: tuple[str | None, ...] = ()
    row_formats: tuple[str | None, ...] = ()
    cell_formats: dict[tuple[int, int], str] = field(default_factory=dict)
    tones: dict[tuple[int, int], str] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)  # e.g. a chart's axis bounds

    def number_format(self, r: int, c: int) -> str | None:
        """Excel number format of rows[r][c] (header cells have none)."""
        if (r, c) in self.cell_formats:
            return self.cell_formats[(r, c)]
        if self.header and r == 0:
            return None
        if self.row_formats:
            return self.row_formats[r]
        return self.column_formats[c] if c < len(self.column_formats) else None

    @property
    def width(self) -> int:
        return max((len(row) for row in self.rows), default=0)


def frame_block(anchor: str, frame: pd.DataFrame, columns: list[str], headers: list[str],
                formats: list[str | None], role: str = "table") -> Block:
    """A table block (header row first) from frame columns, cleaned column-wise."""
    data = [column_values(frame[c], blank_missing=c in BLANK_WHEN_MISSING) for c in columns]
    rows: list[list[Any]] = [list(headers)]
    rows += list(map(list, zip(*data, strict=True))) if len(frame) else [[None] * len(columns)]
    return Block(anchor, rows, role=role, header=True, column_formats=tuple(formats))
