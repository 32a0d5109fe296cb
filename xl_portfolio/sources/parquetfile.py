"""Reading .parquet exports natively: typed columns, no text to parse.

Data warehouses and pandas users hand over invoice lines as Parquet; its columns keep
their types (dates are dates, amounts are numbers), so only the headers are matched.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from xl_portfolio.errors import InputError
from xl_portfolio.sources.grid import Grid

PARQUET_MAGIC = b"PAR1"


def read_parquet_grid(path: Path) -> Grid:
    """The table as a grid: the column names are the header row (row 1)."""
    name = path.name
    with path.open("rb") as handle:
        head = handle.read(4)
    if head != PARQUET_MAGIC:
        raise InputError("is not a Parquet file (it does not start with PAR1); export it "
                         "again as .parquet, or as .csv or .xlsx", file=name)
    try:
        frame = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises ArrowInvalid, OSError ... for damaged files
        raise InputError(f"cannot be read as Parquet ({exc}); export it again",
                         file=name) from exc
    headers = [str(column) for column in frame.columns]
    body = frame.astype(object).where(frame.notna(), None).to_numpy().tolist()
    return Grid(rows=[headers, *body], first_row=1, first_col=0, sheet=None, file=name)
