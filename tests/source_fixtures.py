"""Small input files for the tests of xl_portfolio.sources, written into tmp_path."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl

Rows = Sequence[Sequence[Any]]


def write_xlsx(path: Path, sheets: dict[str, Rows], *, start_row: int = 1) -> Path:
    """Workbook with one sheet per entry; rows start at start_row in column A."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for r, row in enumerate(rows, start=start_row):
            for c, value in enumerate(row, start=1):
                if value is not None:
                    cell = sheet.cell(row=r, column=c, value=value)
                    if isinstance(value, str) and value.startswith("="):
                        cell.data_type = "s"  # text, not a formula
    workbook.save(path)
    return path


def write_csv(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


# Eleven invoice lines of three customers over two years, as_of 2024-12-31 with
# 12-month periods: current = 2024-01-01..2024-12-31, previous = 2023-01-01..2023-12-31.
LINE_HEADER = ["Factuurdatum", "Klant", "Bedrag", "Kostprijs", "Ordernummer", "Artikel",
               "Verkoper"]
LINES = [
    ["2024-12-31", "Acme", 100.0, 60.0, "O1", "P1", "Ann"],
    ["2024-06-15", "Acme", 200.0, 120.0, "O2", "P2", "Ann"],
    ["2024-06-15", "acme ", 50.0, 30.0, "O2", "P1", "Bob"],
    ["2024-01-01", "Acme", -20.0, -12.0, "O3", "P3", "Ann"],
    ["2023-12-31", "Acme", 300.0, 200.0, "O4", "P1", "Bob"],
    ["2023-03-01", "Acme", 80.0, 50.0, "O5", "P1", "Bob"],
    ["2024-03-10", "Bolt", 500.0, 400.0, "O6", "P9", "Cas"],
    ["2024-03-10", "Bolt", 25.0, 10.0, "O6", "P8", "Cas"],
    ["2022-12-31", "Bolt", 999.0, 1.0, "O7", "P9", "Cas"],
    ["2023-05-05", "Crux", 70.0, 40.0, "O8", "P1", "Dee"],
    ["2023-02-02", "Crux", 30.0, 20.0, "O9", "P2", "Dee"],
]
