"""Reading a portfolio workbook back: its settings, customer rows and warnings.

Sheets are found by table and defined names (report.anchors), never by their (translated)
titles, so a restyled or Dutch report reads the same way. The customer rows come back
with canonical column names and the code columns the analysis uses (tier_code ...), so
the analysis' own table functions can recompute totals for a subset.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
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
from xl_portfolio.report.labels import text
from xl_portfolio.report.template import find_cell, find_table, missing_anchors
from xl_portfolio.schema import OUTPUT_COLUMNS
from xl_portfolio.settings import LANGUAGES, Settings

READABLE = (".xlsx", ".xlsm")
# Label column -> (label kind in i18n, code column the analysis tables group by).
CODED = {"pyramid_tier": ("tier", "tier_code"), "size_class": ("size", "size_code"),
         "profitability": ("profitability", "profitability_code"),
         "segment": ("segment", "segment_code"), "growth_potential": ("growth", "growth_code")}
SETTING_NAMES = frozenset(f.name for f in fields(Settings))
FLAGS = {"dependency_risk": "dependency_flag", "payment_risk": "payment_risk_flag"}


@dataclass
class PortfolioBook:
    """One portfolio workbook as read: the openpyxl book and what the share needs."""

    path: Path
    wb: Workbook
    settings: Settings
    customers: pd.DataFrame  # canonical columns plus the code columns
    warnings: list[str] = field(default_factory=list)
    # The profitability target the report used (its Settings table); None if not shown.
    target: float | None = None
    # The dashboard showed previous-period figures (the input had a previous period).
    has_previous: bool = False

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
    rows = table_rows(wb, "Settings")[1:]
    settings = settings_from_rows(_name_value_pairs(rows))
    customers = _customers(wb, settings.language, path)
    return PortfolioBook(path, wb, settings, customers, _warnings(wb), _target_used(rows),
                         _previous_shown(wb))


def table_rows(wb: Workbook, name: str) -> list[list[Any]]:
    """The cell values of an Excel table, header row first."""
    ws, table = find_table(wb, name)
    min_col, min_row, max_col, max_row = range_boundaries(table.ref)
    return [list(r) for r in ws.iter_rows(min_row=min_row, max_row=max_row, min_col=min_col,
                                          max_col=max_col, values_only=True)]


def _name_value_pairs(rows: list[list[Any]]) -> list[list[Any]]:
    """(parameter name, value) pairs of the Settings table. The table shows a readable
    label first; the column holding the most parameter names is the name column and the
    value stands right of it, wherever a restyled template puts them."""
    width = max((len(r) for r in rows), default=0)
    hits = [sum(isinstance(r[c], str) and r[c].strip() in SETTING_NAMES
                for r in rows if len(r) > c + 1) for c in range(max(width - 1, 0))]
    if not hits or max(hits) == 0:
        return []
    column = hits.index(max(hits))
    return [[r[column], r[column + 1]] for r in rows if len(r) > column + 1]


def _target_used(rows: list[list[Any]]) -> float | None:
    """The 'target net margin % used' row (labelled in any language): the target the
    profitability classes of every customer were set against."""
    wanted = {text("target_used", lang).casefold() for lang in LANGUAGES}
    for row in rows:
        labelled = any(isinstance(v, str) and v.strip().casefold() in wanted for v in row)
        numbers = [v for v in row if isinstance(v, (int, float)) and not isinstance(v, bool)]
        if labelled and numbers:
            return float(numbers[-1])
    return None


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
                 "expected_extra_margin", "clv", "net_margin_pct", "money_at_stake",
                 "revenue_previous"):
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
    if "margin_measured" in frame:  # "No" in a Dutch cell must not read as True
        frame["margin_measured"] = frame["margin_measured"].isin(yes)
    for name in ("gross_margin", "cost_to_serve", "expected_extra_margin", "clv"):
        if name not in frame:
            frame[name] = 0.0
    return frame


def _previous_shown(wb: Workbook) -> bool:
    """True when the first key-figure tile (revenue) has a previous-period value: the
    tiles are label, this period, previous period, change under a header row."""
    found = find_cell(wb, "Dashboard_KeyFigures")
    if found is None:
        return False
    ws, row, col = found
    value = ws.cell(row + 1, col + 2).value
    return isinstance(value, (int, float)) and not isinstance(value, bool)


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
