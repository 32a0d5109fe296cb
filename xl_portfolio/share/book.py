"""Reading a portfolio workbook back: its settings, customer rows and warnings.

Sheets are found by table and defined names (report.anchors), never by their (translated)
titles, so a restyled or Dutch report reads the same way. The customer rows come back
with canonical column names and the code columns the analysis uses (tier_code ...), so
the analysis' own table functions can recompute totals for a subset.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import load_workbook
from openpyxl.utils.cell import range_boundaries
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook.workbook import Workbook

from xl_portfolio.errors import InputError
from xl_portfolio.excel.settings_from_book import settings_from_rows
from xl_portfolio.i18n import header, labels, t
from xl_portfolio.report.template import find_cell, find_table, missing_anchors
from xl_portfolio.schema import OUTPUT_COLUMNS
from xl_portfolio.settings import LANGUAGES, Settings

READABLE = (".xlsx", ".xlsm")
# Label column -> (label kind in i18n, code column the analysis tables group by).
CODED = {"pyramid_tier": ("tier", "tier_code"), "size_class": ("size", "size_code"),
         "profitability": ("profitability", "profitability_code"),
         "segment": ("segment", "segment_code"), "growth_potential": ("growth", "growth_code")}
FLAGS = {"dependency_risk": "dependency_flag", "payment_risk": "payment_risk_flag"}


@dataclass
class PortfolioBook:
    """One portfolio workbook as read: the openpyxl book and what the share needs."""

    path: Path
    wb: Workbook
    settings: Settings
    customers: pd.DataFrame  # canonical columns plus the code columns
    warnings: list[str] = field(default_factory=list)

    @property
    def owners(self) -> list[str]:
        """Account managers named in the owner column, in order of first appearance."""
        if "owner" not in self.customers:
            return []
        named = self.customers["owner"].dropna().astype(str).str.strip()
        return list(dict.fromkeys(o for o in named if o))


def read_portfolio(path: str | Path) -> PortfolioBook:
    """Open a workbook written by `xl-portfolio analyze` (never modified) and read it."""
    path = Path(path)
    if not path.is_file():
        raise InputError("file not found", file=str(path))
    if path.suffix.lower() not in READABLE:
        raise InputError(f"expected a portfolio workbook (.xlsx or .xlsm), got "
                         f"{path.suffix or 'no extension'}", file=str(path))
    try:
        wb = load_workbook(path, keep_vba=False, keep_links=False, rich_text=False)
    except (InvalidFileException, OSError, KeyError, ValueError) as exc:
        raise InputError(f"cannot open as an Excel workbook ({exc})", file=str(path)) from exc
    needed = [a for a in missing_anchors(wb) if a.name in ("Customers", "Settings")]
    if needed:
        raise InputError("not a portfolio workbook written by xl-portfolio analyze: it "
                         "lacks the table(s) " + ", ".join(f"'{a.name}'" for a in needed),
                         file=str(path))
    settings = settings_from_rows(table_rows(wb, "Settings")[1:])
    customers = _customers(wb, settings.language, path)
    return PortfolioBook(path, wb, settings, customers, _warnings(wb))


def table_rows(wb: Workbook, name: str) -> list[list[Any]]:
    """The cell values of an Excel table, header row first."""
    ws, table = find_table(wb, name)
    min_col, min_row, max_col, max_row = range_boundaries(table.ref)
    return [list(r) for r in ws.iter_rows(min_row=min_row, max_row=max_row, min_col=min_col,
                                          max_col=max_col, values_only=True)]


def _canonical_headers(cells: list[Any], language: str) -> dict[int, str]:
    """Column index -> canonical name, from the display headers of any language."""
    by_text: dict[str, str] = {}
    for lang in (language, *LANGUAGES):
        for name in OUTPUT_COLUMNS:
            by_text.setdefault(header(name, lang).casefold(), name)
    return {i: by_text[str(c).strip().casefold()] for i, c in enumerate(cells)
            if c is not None and str(c).strip().casefold() in by_text}


def _customers(wb: Workbook, language: str, path: Path) -> pd.DataFrame:
    rows = table_rows(wb, "Customers")
    columns = _canonical_headers(rows[0], language)
    missing = [c for c in ("customer", "revenue", "net_margin", "pyramid_tier", "segment")
               if c not in columns.values()]
    if missing:
        raise InputError("the Customers table lacks the column(s) "
                         + ", ".join(repr(header(c, language)) for c in missing),
                         file=str(path))
    body = [r for r in rows[1:] if any(v is not None for v in r)]
    frame = pd.DataFrame({name: [r[i] for r in body] for i, name in columns.items()})
    # Numbers the report could not compute read "n/a": NaN here, never zero.
    for name in ("revenue", "net_margin", "gross_margin", "cost_to_serve", "revenue_share",
                 "expected_extra_margin", "clv", "net_margin_pct"):
        if name in frame:
            frame[name] = pd.to_numeric(frame[name], errors="coerce")
    return _with_codes(frame, language)


def _with_codes(frame: pd.DataFrame, language: str) -> pd.DataFrame:
    """Add the analysis' code columns back from the translated labels."""
    for column, (kind, code_column) in CODED.items():
        if column in frame:
            to_code = {v: k for lang in (*LANGUAGES, language)
                       for k, v in labels(kind, lang).items()}
            frame[code_column] = frame[column].map(to_code)
    yes = {t("yes", lang) for lang in LANGUAGES} | {True}
    for column, flag in FLAGS.items():
        frame[flag] = frame[column].isin(yes) if column in frame else False
    if "gross_margin_assumed" in frame:
        frame["gross_margin_assumed"] = frame["gross_margin_assumed"].isin(yes)
    else:
        frame["gross_margin_assumed"] = False
    for name in ("gross_margin", "cost_to_serve", "expected_extra_margin", "clv"):
        if name not in frame:
            frame[name] = 0.0
    return frame


def _warnings(wb: Workbook) -> list[str]:
    """The dashboard's warning sentences (the rows under the Dashboard_Warnings header)."""
    found = find_cell(wb, "Dashboard_Warnings")
    if found is None:
        return []
    ws, row, col = found
    out = []
    for r in range(row + 1, ws.max_row + 1):
        value = ws.cell(r, col).value
        if value in (None, ""):
            break
        out.append(str(value))
    return out
