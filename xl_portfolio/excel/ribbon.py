"""The "Refresh matrix" button: analyse the open workbook's customer sheet and write the
report blocks into its report sheets.

The ribbon add-in's VBA runs ``import xl_portfolio.excel.ribbon; ...ribbon.main()``
(see addin/build.py). The numbers come from report.blocks.sheet_blocks, the same blocks
the file writer uses, so the open workbook and a saved report cannot differ. Writes go
in whole blocks (one range per block) with screen updating and automatic calculation
off, restored in `finally`; bad input becomes a message box naming the cell.
"""

from __future__ import annotations

import contextlib
import logging
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import xlwings as xw

from xl_portfolio.errors import InputError
from xl_portfolio.excel.report_sheets import find_report_sheets, new_sheet_name, recognises
from xl_portfolio.excel.settings_from_book import find_sheet, read_book_settings
from xl_portfolio.progress import ANALYSING, READING, WRITING, StatusBar
from xl_portfolio.report.labels import sheet_name
from xl_portfolio.report.template import default_template
from xl_portfolio.settings import Settings

logger = logging.getLogger(__name__)
TITLE = "xl-portfolio"
TEMPLATE = default_template()
SETTINGS_SHEET = "Settings"
SETTINGS_NAME = "PortfolioSettings"  # the range worksheet functions take as settings


def main() -> None:
    """Entry point kept for `RunPython "import ...ribbon; ...ribbon.main()"`: refresh."""
    refresh_matrix()


def run_button(button_id: str) -> None:
    """What the add-in's VBA calls for every Portfolio button (see addin/vba_source.py)."""
    book = xw.Book.caller()
    action = BUTTON_ACTIONS.get(button_id)
    if action is None:
        _alert(book, f"Unknown button {button_id!r}: reinstall xl-portfolio.")
        return
    action(book)


BUTTON_ACTIONS: dict[str, Callable[[Any], bool]] = {}  # filled below the functions


def open_settings(book: Any) -> bool:
    """Show the Settings sheet (the report's, in any language); create it (defaults, name
    PortfolioSettings) if absent."""
    sheet = find_report_sheets(book).get(SETTINGS_SHEET)
    if sheet is None:
        sheet = book.sheets.add(name=SETTINGS_SHEET, after=book.sheets[len(book.sheets) - 1])
        rows = [["setting", "value"], *([n, _setting_cell(v)] for n, v in Settings().as_rows())]
        sheet.range("A1").value = rows
    if not _has_name(book, SETTINGS_NAME):
        with contextlib.suppress(Exception):
            used = sheet.used_range
            book.names.add(SETTINGS_NAME, f"='{sheet.name}'!{used.get_address()}")
    sheet.activate()
    return True


def _has_name(book: Any, name: str) -> bool:
    with contextlib.suppress(Exception):
        return any(n.name.split("!")[-1] == name for n in book.names)
    return False


def _setting_cell(value: Any) -> Any:
    return "(automatic)" if value is None else value


def analyse_selection(book: Any) -> bool:
    """The selected customer table (header first) analysed into a new sheet."""
    from xl_portfolio.report.blocks import customers_block
    selection = book.app.selection
    if selection is None or selection.shape[0] < 2:
        _alert(book, "Select the customer table, header row included, then click "
                     "Analyse selection.")
        return False
    try:
        result = analyze_values(selection.options(ndim=2).value, read_book_settings(book),
                                file=book.name, sheet=selection.sheet.name,
                                header_row=selection.row, first_column=selection.column - 1)
    except InputError as exc:
        _alert(book, f"Please fix the input and try again.\n\n{exc}")
        return False
    block = customers_block(result)
    target = book.sheets.add(after=book.sheets[len(book.sheets) - 1])
    target.range("A1").value = [[_text_safe(v) for v in row] for row in block.rows]
    return True


def share_copy_function() -> Callable[..., Any] | None:
    """xl_portfolio.share.share_copy when the share command is installed, else None."""
    try:
        from xl_portfolio.share import share_copy  # type: ignore[import-not-found]
    except ImportError:
        return None
    return share_copy


def share_book(book: Any) -> bool:
    """Save a mail-safe copy next to the workbook (the `xl-portfolio share` command)."""
    share_copy = share_copy_function()
    if share_copy is None:
        _alert(book, "The share command is not installed in this version of xl-portfolio.")
        return False
    try:
        book.save()
        copy = share_copy(book.fullname)
    except Exception as exc:  # noqa: BLE001 - a message box, never a traceback
        _alert(book, f"Sharing failed: {type(exc).__name__}: {exc}")
        return False
    _alert(book, f"Copy ready to mail: {copy}", mode="info")
    return True


def remove_addin(book: Any) -> bool:
    """Undo the installation except the open add-in file (the VBA deletes that last)."""
    from xl_portfolio.addin import install
    from xl_portfolio.addin.locations import resolve
    install.remove(resolve(), keep_open_addin=True)
    return True


def refresh_matrix() -> bool:
    """Refresh the workbook that was active when the button was clicked."""
    return refresh_book(xw.Book.caller())


def analyze_values(rows: list[list[Any]], settings: Settings, *, file: str = "<workbook>",
                   sheet: str | None = None, header_row: int = 1, first_column: int = 0):
    """The engine on cell values as read from a sheet (header row first)."""
    from xl_portfolio.api import analyze_input
    from xl_portfolio.sources.pipeline import prepare_frame

    frame = pd.DataFrame(rows)  # integer labels: raw cells, header searched as in a file
    data = prepare_frame(frame, settings=settings, file=file, sheet=sheet,
                         header_row=header_row, first_column=first_column)
    return analyze_input(data, settings)


def customer_sheet(book: Any, report: dict[str, Any] | None = None) -> Any:
    """The input: the active sheet unless it is a report sheet (recognised by its
    anchors, see excel/report_sheets.py), else the first sheet that is not one."""
    if report is None:
        report = find_report_sheets(book)
    taken = {sheet.name.casefold() for sheet in report.values()}
    active = book.sheets.active
    if active.name.casefold() not in taken:
        return active
    for sheet in book.sheets:
        if sheet.name.casefold() not in taken:
            return sheet
    raise InputError("no customer sheet: add a sheet with the customer list next to the "
                     "report sheets", file=book.name)


def read_sheet(sheet: Any) -> tuple[list[list[Any]], int, int]:
    """All used cells of a sheet, and the row number / column index of the first."""
    used = sheet.used_range
    values = used.options(ndim=2).value or [[]]
    return values, used.row, used.column - 1


def refresh_book(book: Any, progress: Callable[[str], None] | None = None) -> bool:
    """Analyse `book` and write its report sheets; False (after a message box) on error.
    The steps (progress.READING, ANALYSING, WRITING) go to `progress`, by default to
    Excel's status bar (xl_portfolio.progress.StatusBar), which is handed back after."""
    status = StatusBar(book.app)
    try:
        return _refresh_book(book, progress or status)
    finally:
        status.close()


def _refresh_book(book: Any, progress: Callable[[str], None]) -> bool:
    try:
        progress(READING)
        settings = read_book_settings(book)
        sheet = customer_sheet(book, find_report_sheets(book))
        rows, header_row, first_column = read_sheet(sheet)
        progress(ANALYSING)
        result = analyze_values(rows, settings, file=book.name, sheet=sheet.name,
                                header_row=header_row, first_column=first_column)
        from xl_portfolio.report.blocks import sheet_blocks
        blocks = sheet_blocks(result)
    except InputError as exc:
        _alert(book, f"Please fix the input and click Refresh matrix again.\n\n{exc}")
        return False
    except Exception as exc:  # noqa: BLE001 - the user gets a message box, not a traceback
        logger.exception("refresh failed")
        _alert(book, f"The analysis failed: {type(exc).__name__}: {exc}")
        return False
    try:
        progress(WRITING)
        with quiet_app(book.app):
            sheets = ensure_report_sheets(book, list(blocks), result, sheet)
            write_blocks(book, blocks, sheets)
    except Exception as exc:  # noqa: BLE001
        logger.exception("writing the report failed")
        _alert(book, f"Writing the report sheets failed: {type(exc).__name__}: {exc}")
        return False
    return True


def _alert(book: Any, message: str, mode: str = "critical") -> None:
    book.app.alert(message, title=TITLE, buttons="ok", mode=mode)


def _read(getter: Any, default: Any) -> Any:
    try:
        return getter()
    except (NotImplementedError, AttributeError):
        return default


@contextlib.contextmanager
def quiet_app(app: Any) -> Iterator[None]:
    """Screen updating and automatic calculation off, restored even on error."""
    screen = _read(lambda: app.screen_updating, True)
    calculation = _read(lambda: app.calculation, "automatic")
    app.screen_updating = False
    app.calculation = "manual"
    try:
        yield
    finally:
        app.calculation = calculation
        app.screen_updating = screen


def ensure_report_sheets(book: Any, names: list[str], result: Any = None,
                         input_sheet: Any = None) -> dict[str, Any]:
    """{report sheet key: sheet} for `names` (English keys, as in report.anchors).

    Existing report sheets are found by their anchors (excel/report_sheets.py); the
    input sheet is never one of them. Missing sheets are copied, all together, from the
    report the command line writes for the same result (in its language, charts
    included, their references kept inside the book), else from the template, else
    added as plain sheets at the end, named in the report's language and unique in the
    book ("Klanten (2)" beside the user's "Klanten")."""
    found = _report_sheets_except(book, input_sheet)
    missing = [n for n in names if n not in found]
    if not missing:
        return found
    language = result.settings.language if result is not None else "en"
    with contextlib.suppress(Exception):
        copied = _copy_report_sheets(book, missing, result, language)
        anchored = _report_sheets_except(book, input_sheet)
        found.update({k: anchored.get(k, copied.get(k)) for k in missing
                      if k in anchored or k in copied})
    for name in names:
        if found.get(name) is None:
            new = new_sheet_name(book, name, language)
            book.sheets.add(name=new, after=book.sheets[len(book.sheets) - 1])
            found[name] = find_sheet(book, new)
    return found


def _report_sheets_except(book: Any, input_sheet: Any) -> dict[str, Any]:
    found = find_report_sheets(book)
    if input_sheet is None:
        return found
    return {k: s for k, s in found.items() if s.name != input_sheet.name}


def _copy_report_sheets(book: Any, keys: list[str], result: Any,
                        language: str) -> dict[str, Any]:
    """{key: copied sheet}: the sheets Excel added, in the order they were copied (a copy
    whose name the book has already gets another, e.g. "Klanten (2)")."""
    before = {s.name for s in book.sheets}
    with tempfile.TemporaryDirectory() as tmp:
        source = TEMPLATE
        if result is not None:
            from xl_portfolio.report.writer import write_report
            source = write_report(result, Path(tmp) / "report.xlsx")
        else:
            language = "en"
        in_source = {sheet_name(k, language).casefold(): k for k in keys}
        copied = _copy_sheets(book, source, in_source)
    added = [s for s in book.sheets if s.name not in before]
    return dict(zip(copied, added, strict=True)) if len(added) == len(copied) else {}


def _copy_sheets(book: Any, source: Path, keys: dict[str, str]) -> list[str]:
    """Copy the sheets of `source` (our own report: its names are safe) whose casefolded
    name is in `keys`; return their keys in the order copied."""
    if not Path(source).exists():
        return []
    report = book.app.books.open(str(source))
    try:
        present = [s.name for s in report.sheets if s.name.casefold() in keys]
        last = book.sheets[len(book.sheets) - 1]
        try:  # one copy of all sheets: charts keep pointing at the copied data
            report.api.Sheets(tuple(present)).Copy(After=last.api)
        except Exception:  # noqa: BLE001 - engines without multi-sheet copy (macOS)
            for name in present:
                report.sheets[name].copy(after=book.sheets[len(book.sheets) - 1])
    finally:
        report.close()
    return [keys[name.casefold()] for name in present]


def _target(book: Any, sheet: Any, anchor: str) -> tuple[Any, Any | None]:
    """(top-left cell, table or None) of an anchor; None cell when the sheet lacks it."""
    with contextlib.suppress(Exception):
        for table in sheet.tables:
            if table.name == anchor:
                return table.range[0, 0], table
    with contextlib.suppress(Exception):
        return book.names[anchor].refers_to_range[0, 0], None
    return None, None


BUTTON_ACTIONS.update({
    "xlPortfolioRefresh": lambda book: refresh_book(book),
    "xlPortfolioAnalyseSelection": analyse_selection, "xlPortfolioSettings": open_settings,
    "xlPortfolioShare": share_book, "xlPortfolioRemove": remove_addin})


def _text_safe(value: Any) -> Any:
    """Text that Excel would parse as a formula is stored as text (leading apostrophe)."""
    from xl_portfolio.report.cells import is_formula_like
    return "'" + value if isinstance(value, str) and is_formula_like(value) else value


def write_blocks(book: Any, blocks: dict[str, list[Any]],
                 sheets: dict[str, Any] | None = None) -> None:
    """Every block as one range write, number formats per column/row, tables resized.
    sheets: {report sheet key: sheet} (default: found by their anchors)."""
    if sheets is None:
        sheets = find_report_sheets(book)
    for key, sheet_blocks in blocks.items():
        sheet = sheets[key]
        next_free_row = 1
        marked = False
        for block in sheet_blocks:
            if not block.rows:
                continue
            cell, table = _target(book, sheet, block.anchor)
            if cell is None:  # plain sheet: blocks one under the other
                cell = sheet.range((next_free_row, 1))
                if not marked and recognises(block.anchor):  # found again next time
                    _add_anchor_name(book, sheet, block.anchor, cell)
            marked = marked or recognises(block.anchor)
            rows = [[_text_safe(v) for v in row] + [None] * (block.width - len(row))
                    for row in block.rows]
            target = sheet.range((cell.row, cell.column),
                                 (cell.row + len(rows) - 1, cell.column + block.width - 1))
            if table is not None:
                _clear_table_tail(sheet, table, target)
            target.value = rows
            _apply_formats(block, target)
            if table is not None:
                table.resize(target)
            next_free_row = max(next_free_row, cell.row + len(rows) + 1)


def _add_anchor_name(book: Any, sheet: Any, anchor: str, cell: Any) -> None:
    """A workbook-scope defined name at the first block of a plain report sheet."""
    quoted = "'" + sheet.name.replace("'", "''") + "'"
    with contextlib.suppress(Exception):
        book.names.add(anchor, f"={quoted}!{cell.get_address()}")


def _clear_table_tail(sheet: Any, table: Any, target: Any) -> None:
    """Clear old rows below the new end when the table shrinks."""
    with contextlib.suppress(Exception):
        old = table.range
        old_last = old.row + old.shape[0] - 1
        new_last = target.row + target.shape[0] - 1
        if old_last > new_last:
            sheet.range((new_last + 1, old.column),
                        (old_last, old.column + old.shape[1] - 1)).clear_contents()


def _apply_formats(block: Any, target: Any) -> None:
    first = 1 if block.header else 0
    n_rows = len(block.rows)
    if block.row_formats:
        for r in range(first, n_rows):
            fmt = block.number_format(r, 0)
            if fmt:
                target[r, 1:block.width].number_format = fmt
        return
    if n_rows <= first:
        return
    for c in range(block.width):
        fmt = block.number_format(first, c)
        if fmt:
            target[first:n_rows, c].number_format = fmt
