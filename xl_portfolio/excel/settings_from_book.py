"""Rates and thresholds from the open workbook, so a worksheet function and the report
use the figures finance staff typed into the workbook's Settings sheet.

The report writes every setting as a (name, value) row on the "Settings" sheet; a user
edits the value there. A workbook-scope defined name equal to a setting (e.g.
``rate_per_order``) wins over the sheet. Workbooks without either use the defaults.
The ribbon reads it once per click; worksheet functions never read the workbook (they
take the settings as an argument, see excel/udfs.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields
from typing import Any

from xl_portfolio.i18n import MESSAGES
from xl_portfolio.settings import Settings, settings_from_mapping
from xl_portfolio.sources.values import parse_number_text

SETTINGS_SHEET = "Settings"
# Rows of the Settings table that are information, not parameters.
_NOT_SETTINGS = frozenset({"columns"})
_KNOWN = frozenset(f.name for f in fields(Settings)) - _NOT_SETTINGS
# The report writes "(automatic)" in its language for a setting left to the analysis.
_AUTOMATIC = frozenset({"(automatic)"} | {m["report.automatic"] for m in MESSAGES.values()})


def settings_from_rows(rows: Iterable[Iterable[Any]], base: Settings | None = None) -> Settings:
    """Settings from (name, value) rows; unknown names, blanks and '(automatic)' are skipped.

    A bad value raises InputError naming the setting, as for a settings file.
    """
    found: dict[str, Any] = {}
    for row in rows:
        cells = list(row)
        if len(cells) < 2 or not isinstance(cells[0], str):
            continue
        name = cells[0].strip()
        value = cells[1]
        if name not in _KNOWN or value is None:
            continue
        if isinstance(value, str) and value.strip() in ("", *_AUTOMATIC):
            continue
        found[name] = _plain(name, value)
    return settings_from_mapping(found, base) if found else (base or Settings())


def _plain(name: str, value: Any) -> Any:
    """Excel hands whole numbers as floats (5.0) and dates as datetimes; Settings wants
    ints for month counts and a date for as_of."""
    if name == "as_of" and hasattr(value, "date"):
        return value.date()
    if isinstance(value, float) and value.is_integer() and isinstance(
            getattr(Settings(), name), int) and not isinstance(getattr(Settings(), name), bool):
        return int(value)
    if isinstance(value, str) and name not in ("language", "as_of"):
        number = parse_number_text(value)
        if number is not None:
            return number
    return value


def read_book_settings(book: Any, base: Settings | None = None) -> Settings:
    """Settings of an xlwings Book: Settings sheet rows, then defined names on top."""
    rows: list[list[Any]] = []
    sheet = settings_sheet(book)
    if sheet is not None:
        used = sheet.used_range
        values = used.options(ndim=2).value or []
        # The table may sit anywhere: try every adjacent (name, value) column pair.
        width = max((len(r) for r in values), default=0)
        for col in range(max(width - 1, 0)):
            rows.extend([r[col], r[col + 1]] for r in values)
    for name in _book_names(book):
        short = name.name.split("!")[-1]
        if short in _KNOWN:
            try:
                rows.append([short, name.refers_to_range.value])
            except Exception:  # noqa: BLE001 - a name to a constant or #REF!: not ours
                continue
    return settings_from_rows(rows, base)


def settings_sheet(book: Any) -> Any | None:
    """The workbook's Settings sheet, by its name in English, Dutch or French."""
    return find_sheet(book, SETTINGS_SHEET) or _translated_settings_sheet(book)


def _translated_settings_sheet(book: Any) -> Any | None:
    """The Settings sheet of a report written in Dutch or French (Instellingen, ...)."""
    from xl_portfolio.report.labels import sheet_names
    for name in sorted(sheet_names(SETTINGS_SHEET) - {SETTINGS_SHEET}):
        found = find_sheet(book, name)
        if found is not None:
            return found
    return None


def find_sheet(book: Any, name: str) -> Any | None:
    """A sheet of an xlwings Book by name, ignoring case as Excel does; None if absent."""
    for sheet in book.sheets:
        if sheet.name.casefold() == name.casefold():
            return sheet
    return None


def _book_names(book: Any) -> list[Any]:
    try:
        return list(book.names)
    except Exception:  # noqa: BLE001 - engines without names support
        return []
