"""Which sheets of an open workbook are the report's, whatever language they are named in.

A report sheet is recognised by its anchors (report.anchors: the Excel tables and
workbook-scope defined names the writer fills), never by its name alone. The name is
not safe: the Dutch report's Customers sheet is "Klanten", the French one "Clients",
and those (or "Customers") are also the usual names of the user's own customer list,
which a refresh must read and never overwrite. Nor is every anchor: a user may well
call the table of their own customer list "Customers", or a range "Settings". So the
generic anchor names (GENERIC) do not count, and the "Customers" table (or name) counts
only when its header row holds the report's Segment and Action columns. The one
exception is Settings: a sheet the user made with Open settings (or by hand) has no
anchor yet, and it is found as settings_from_book finds it, by its name in any language.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from xl_portfolio.excel.settings_from_book import settings_sheet
from xl_portfolio.i18n import MESSAGES
from xl_portfolio.report.anchors import ANCHORS_BY_NAME, SHEETS
from xl_portfolio.report.cells import safe_sheet_name
from xl_portfolio.report.labels import header, sheet_name

SETTINGS = "Settings"
CUSTOMERS = "Customers"
# Anchor names a user's own table or range may carry; their sheets have other anchors.
GENERIC = frozenset({"Settings", "Actions", "Pyramid"})
# Columns of the report's Customers table that a customer list does not have.
REPORT_COLUMNS = ("segment", "action")
HEADER_WIDTH = 80  # cells of a plain sheet's first row searched for those headers


def find_report_sheets(book: Any) -> dict[str, Any]:
    """{report sheet (its English key, as in report.anchors): sheet of `book`} for the
    report sheets present, found by the tables and defined names they hold."""
    found: dict[str, Any] = {}
    for sheet in _sheets(book):
        for table in _tables(sheet):
            anchor = ANCHORS_BY_NAME.get(table.name)
            if anchor is not None and recognises(table.name, lambda t=table: t.range):
                found.setdefault(anchor.sheet, sheet)
    for name in _book_names(book):
        anchor = ANCHORS_BY_NAME.get(name.name)
        if anchor is None or anchor.sheet in found:
            continue
        with contextlib.suppress(Exception):  # a name to #REF! or a constant: not ours
            if recognises(name.name, lambda n=name: n.refers_to_range):
                found[anchor.sheet] = _sheet_of(book, name.refers_to_range.sheet.name)
    if SETTINGS not in found:
        sheet = settings_sheet(book)
        if sheet is not None and not any(_same(sheet, s) for s in found.values()):
            found[SETTINGS] = sheet
    return {key: found[key] for key in SHEETS if key in found}


def recognises(anchor: str, place: Callable[[], Any] | None = None) -> bool:
    """True when `anchor` marks its report sheet: not a generic name, and for Customers
    a header row (of the range `place` returns) with the report's own columns."""
    if anchor not in ANCHORS_BY_NAME or anchor in GENERIC:
        return False
    if anchor != CUSTOMERS or place is None:
        return True
    with contextlib.suppress(Exception):
        first = place()
        row = first.sheet.range((first.row, first.column),
                                (first.row, first.column + HEADER_WIDTH - 1)).value
        cells = {str(v).strip().casefold() for v in row if v is not None}
        return all(_headers(column) & cells for column in REPORT_COLUMNS)
    return False


def _headers(column: str) -> set[str]:
    return {header(column, language).casefold() for language in MESSAGES}


def new_sheet_name(book: Any, key: str, language: str) -> str:
    """The name a missing report sheet gets: its name in the report's language, made
    unique against the book's sheets ("Klanten (2)" next to the user's "Klanten")."""
    return safe_sheet_name(sheet_name(key, language), {s.name for s in _sheets(book)})


def _same(a: Any, b: Any) -> bool:
    return a.name.casefold() == b.name.casefold()


def _sheet_of(book: Any, name: str) -> Any:
    return next(s for s in _sheets(book) if s.name == name)


def _sheets(book: Any) -> list[Any]:
    return list(book.sheets)


def _tables(sheet: Any) -> list[Any]:
    with contextlib.suppress(Exception):  # engines or fakes without tables
        return list(sheet.tables)
    return []


def _book_names(book: Any) -> list[Any]:
    """Workbook-scope names only: a sheet-scope name ("Sheet!Customers") is not ours."""
    with contextlib.suppress(Exception):
        return [n for n in book.names if "!" not in n.name]
    return []
