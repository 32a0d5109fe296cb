"""Loading a report template and finding its anchors (report.anchors)."""

from __future__ import annotations

import zipfile
import zlib
from importlib import resources
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.utils.cell import coordinate_from_string, range_boundaries
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.table import Table
from openpyxl.worksheet.worksheet import Worksheet

from xl_portfolio.errors import InputError
from xl_portfolio.report.anchors import ANCHORS, TABLE, Anchor

TEMPLATE_FILE = "portfolio_report.xlsx"


def default_template() -> Path:
    """The report template shipped inside the package (built by tools/build_templates.py)."""
    return Path(str(resources.files("xl_portfolio") / "templates" / TEMPLATE_FILE))


def find_table(wb: Workbook, name: str) -> tuple[Worksheet, Table] | None:
    for ws in wb.worksheets:
        if name in ws.tables:
            return ws, ws.tables[name]
    return None


def find_cell(wb: Workbook, name: str) -> tuple[Worksheet, int, int] | None:
    """Sheet, row and column of a single-cell defined name (workbook or sheet scope)."""
    defined = wb.defined_names.get(name)
    if defined is None:
        for ws in wb.worksheets:
            if name in ws.defined_names:
                defined = ws.defined_names[name]
                break
    if defined is None:
        return None
    for quoted, ref in defined.destinations:
        sheet = quoted.replace("''", "'")  # openpyxl keeps the quote doubled
        if sheet in wb.sheetnames:
            first = ref.replace("$", "").split(":")[0]
            column_letter, row = coordinate_from_string(first)
            min_col, _, _, _ = range_boundaries(f"{column_letter}{row}")
            return wb[sheet], row, min_col
    return None


def missing_anchors(wb: Workbook) -> list[Anchor]:
    """Anchors of the contract that the workbook lacks."""
    missing = []
    for anchor in ANCHORS:
        found = find_table(wb, anchor.name) if anchor.kind == TABLE else find_cell(wb,
                                                                                   anchor.name)
        if found is None:
            missing.append(anchor)
    return missing


def load_template(path: str | Path | None = None) -> Workbook:
    """Open a template (default: the packaged one) and check the anchor contract.

    External links and macros are not loaded, so they can never reach the output.
    """
    path = Path(path) if path is not None else default_template()
    if path.is_dir():
        raise InputError("is a folder; give the report template .xlsx file", file=str(path))
    if not path.is_file():
        raise InputError("report template not found", file=str(path))
    if path.suffix.lower() not in (".xlsx", ".xltx"):
        raise InputError("a report template must be an .xlsx file (no macros)", file=str(path))
    try:
        wb = load_workbook(path, keep_vba=False, keep_links=False, rich_text=False)
    except (InvalidFileException, zipfile.BadZipFile, zlib.error, EOFError, SyntaxError,
            OSError, KeyError, ValueError) as exc:  # SyntaxError: a part's XML is broken
        raise InputError(f"not a readable Excel workbook, so it cannot be the report "
                         f"template ({exc})", file=str(path)) from None
    missing = missing_anchors(wb)
    if missing:
        described = "; ".join(f"{a.kind} '{a.name}' (sheet {a.sheet}: {a.purpose})"
                              for a in missing)
        raise InputError(f"report template lacks anchor(s): {described}", file=str(path))
    wb.template = False
    return wb
