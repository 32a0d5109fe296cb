"""Making a workbook safe to mail: values only, visible sheets only, nothing personal.

openpyxl already leaves out what it does not know (VBA project, connections, query
tables, custom XML); this module removes the rest (hidden sheets, external links,
custom and personal document properties, comment authors, chart caches, formulas)
and check_package() proves it on the saved file, part by part.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl.packaging.core import DocumentProperties
from openpyxl.packaging.custom import CustomPropertyList
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from xl_portfolio.errors import InputError, OutputError

AUTHOR = "xl-portfolio"
# Package parts a shared copy must never hold, by a piece of their name.
FORBIDDEN_PARTS = ("vbaProject", "externalLink", "connections", "queryTable", "customXml",
                   "docProps/custom", "activeX", "oleObject", "embeddings", "printerSettings")


def drop_hidden_sheets(wb: Workbook) -> list[str]:
    """Remove hidden and very hidden sheets; returns their titles."""
    hidden = [ws for ws in wb.worksheets if ws.sheet_state != "visible"]
    for ws in hidden:
        remove_sheet(wb, ws)
    return [ws.title for ws in hidden]


def keep_only(wb: Workbook, wanted: Sequence[str], file: str) -> list[str]:
    """Keep the named sheets (case-insensitive); returns the titles removed."""
    by_name = {ws.title.casefold(): ws for ws in wb.worksheets}
    unknown = [w for w in wanted if w.strip().casefold() not in by_name]
    if unknown:
        raise InputError(f"unknown sheet(s) {', '.join(map(repr, unknown))} for --sheets; "
                         f"the sheets are: {', '.join(wb.sheetnames)}", file=file)
    keep = {w.strip().casefold() for w in wanted}
    removed = [ws for ws in wb.worksheets if ws.title.casefold() not in keep]
    for ws in removed:
        remove_sheet(wb, ws)
    return [ws.title for ws in removed]


def remove_sheet(wb: Workbook, ws: Worksheet) -> None:
    """Remove a sheet with the workbook names that point into it."""
    title = ws.title
    for name in list(wb.defined_names):
        defined = wb.defined_names[name]
        try:
            sheets = {sheet for sheet, _ in defined.destinations}
        except Exception:  # noqa: BLE001 - a constant or formula name: keep it
            continue
        if title in sheets:
            del wb.defined_names[name]
    wb.remove(ws)
    if wb.active is None or wb.active.title == title:
        wb.active = 0


def formulas_to_values(wb: Workbook, cached: Workbook | None, file: str) -> int:
    """Replace every formula by the value Excel stored for it; returns the count.

    A formula without a stored value (a workbook saved by a tool that does not
    calculate) cannot be shared as a figure: that is an InputError naming the cell.
    """
    count = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type != "f":
                    continue
                value = cached[ws.title][cell.coordinate].value if cached else None
                if value is None:
                    raise InputError(f"{ws.title}!{cell.coordinate} holds a formula "
                                     f"without a stored value; open and save the workbook "
                                     f"in Excel first", file=file)
                cell.value = value
                count += 1
    return count


def has_formulas(wb: Workbook) -> bool:
    return any(cell.data_type == "f" for ws in wb.worksheets for row in ws.iter_rows()
               for cell in row)


def clean_properties(wb: Workbook) -> None:
    """Title and dates kept; author, company, custom properties and links dropped."""
    old = wb.properties
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)
    wb.properties = DocumentProperties(creator=AUTHOR, lastModifiedBy=AUTHOR,
                                       title=old.title, created=old.created or now,
                                       modified=now)
    wb.custom_doc_props = CustomPropertyList()
    wb._external_links = []
    wb.vba_archive = None
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.comment is not None:
                    cell.comment.author = AUTHOR
        for chart in ws._charts:
            _drop_chart_caches(chart)


def _drop_chart_caches(chart: Any) -> None:
    """Charts saved by Excel carry copies of their data (names too); the cells suffice."""
    for series in getattr(chart, "series", []):
        for part in (series.tx, getattr(series, "cat", None), getattr(series, "val", None),
                     getattr(series, "xVal", None), getattr(series, "yVal", None)):
            for ref_name in ("strRef", "numRef"):
                ref = getattr(part, ref_name, None) if part is not None else None
                if ref is not None:
                    for cache in ("strCache", "numCache"):
                        if hasattr(ref, cache):
                            setattr(ref, cache, None)


def check_package(path: Path) -> None:
    """Raise OutputError when a saved copy holds a part it must not (a safety net)."""
    with zipfile.ZipFile(path) as package:
        bad = [n for n in package.namelist() if any(p in n for p in FORBIDDEN_PARTS)]
    if bad:
        raise OutputError(f"{path}: the copy still holds {', '.join(bad)}; not shared")
