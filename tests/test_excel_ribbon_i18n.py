"""Refresh matrix on workbooks whose report is in Dutch or French, driven through
xlwings' remote Book as in test_excel_ribbon.py. The danger these tests hold off: the
Dutch Customers sheet is "Klanten", the usual name of the user's own customer list,
and a refresh must find its report sheets without ever writing into that list.
"""

from __future__ import annotations

import openpyxl
import pandas as pd
import xlwings as xw

from tests.test_excel_ribbon import (  # noqa: F401 - remote_engine is an autouse fixture
    CUSTOMERS,
    _sheet_payload,
    _table_payload,
    _values,
    book_envelope,
    book_payload,
    expected_blocks,
    name_payload,
    remote_engine,
    writes,
)
from xl_portfolio import api
from xl_portfolio.excel import ribbon
from xl_portfolio.excel.report_sheets import find_report_sheets
from xl_portfolio.report.writer import write_report
from xl_portfolio.settings import Settings

DUTCH = ["Overzicht", "Matrix", "Piramide", "Walviscurve", "Acties", "Klanten",
         "Instellingen", "Trends"]
FRENCH_CUSTOMERS = "Clients"


def report_file(tmp_path, language: str):
    frame = pd.DataFrame(CUSTOMERS[1:], columns=CUSTOMERS[0])
    result = api.analyze(frame, settings=Settings(language=language))
    return write_report(result, tmp_path / f"report_{language}.xlsx")


def payload_with_report(path, input_name: str, *, renamed: dict[str, str] | None = None,
                        input_tables: list[dict] | None = None) -> dict:
    """The user's customer list (first, active) and the report of `path` beside it, its
    sheets renamed as Excel does when a copied sheet's name is taken ("Klanten (2)")."""
    renamed = renamed or {}
    wb = openpyxl.load_workbook(path)
    sheets = [_sheet_payload(input_name, CUSTOMERS, input_tables)]
    for ws in wb.worksheets:
        sheets.append(_sheet_payload(renamed.get(ws.title, ws.title), _values(ws), [
            _table_payload(n, ref) for n, ref in ws.tables.items()]))
    titles = [s["name"] for s in sheets]
    names = [name_payload(name, "=" + defined.attr_text, titles, renamed)
             for name, defined in wb.defined_names.items()]
    return book_envelope(sheets, names)


def settings_rows(payload: dict, language: str) -> None:
    """Set the language on the report's Settings sheet (name column, value column)."""
    for sheet in payload["sheets"]:
        for row in sheet["values"]:
            if "language" in row:
                row[row.index("language") + 1] = language


def refreshed(payload: dict):
    book = xw.Book(json=payload)
    assert ribbon.refresh_book(book), book.json()["actions"]
    return book.json()["actions"], [s.name for s in book.sheets]


def customers_write(actions: list[dict], titles: list[str], name: str) -> list[list]:
    written = writes(actions, titles.index(name))
    assert len(written) == 1
    return written[0]["values"]


def test_a_dutch_report_beside_the_users_klanten_sheet_is_refreshed_in_place(tmp_path):
    payload = payload_with_report(report_file(tmp_path, "nl"), "Klanten",
                                  renamed={"Klanten": "Klanten (2)"})
    settings_rows(payload, "nl")
    actions, titles = refreshed(payload)
    assert [a for a in actions if a["func"] == "addSheet"] == []
    assert titles == ["Klanten", *[("Klanten (2)" if t == "Klanten" else t) for t in DUTCH]]
    assert writes(actions, 0) == []  # the user's customer list is never written
    rows = customers_write(actions, titles, "Klanten (2)")
    expected = expected_blocks(CUSTOMERS, Settings(language="nl"))["Customers"][0]
    assert rows[0] == expected.rows[0] and len(rows) == len(expected.rows)


def test_a_dutch_report_named_klanten_is_found_by_its_anchors_not_its_name(tmp_path):
    payload = payload_with_report(report_file(tmp_path, "nl"), "Blad1")
    settings_rows(payload, "nl")
    actions, titles = refreshed(payload)
    assert [a for a in actions if a["func"] == "addSheet"] == []
    assert writes(actions, 0) == []
    assert customers_write(actions, titles, "Klanten")[0][0] == "Klant"
    dashboard = writes(actions, titles.index("Overzicht"))
    assert {(0, 0), (4, 0)} <= {(a["start_row"], a["start_column"]) for a in dashboard}


def test_a_french_report_is_refreshed_in_place_in_english_too(tmp_path):
    """The Settings sheet says en: the French sheets are still the report's, found by
    their anchors, so no English sheet is added beside them."""
    payload = payload_with_report(report_file(tmp_path, "fr"), "Clients",
                                  renamed={"Clients": "Clients (2)"})
    settings_rows(payload, "en")
    actions, titles = refreshed(payload)
    assert [a for a in actions if a["func"] == "addSheet"] == []
    assert writes(actions, 0) == []
    assert customers_write(actions, titles, "Clients (2)")[0][0] == "Customer"


def test_first_refresh_in_dutch_adds_dutch_sheets_and_spares_the_input():
    payload = book_payload(CUSTOMERS, with_report=False)
    payload["sheets"].append(_sheet_payload("Settings", [["setting", "value"],
                                                         ["language", "nl"]]))
    actions, titles = refreshed(payload)
    added = [a["args"][1] for a in actions if a["func"] == "addSheet"]
    # Settings exists (Open settings made it); Customers may not take the input's name.
    assert added == [("Klanten (2)" if n == "Klanten" else n) for n in DUTCH
                     if n != "Instellingen"]
    assert writes(actions, 0) == []
    assert customers_write(actions, titles, "Klanten (2)")[0][0] == "Klant"
    assert writes(actions, titles.index("Settings"))  # the settings sheet is the report's


def test_plain_sheets_get_anchor_names_so_the_next_refresh_finds_them():
    payload = book_payload(CUSTOMERS, with_report=False)
    payload["sheets"].append(_sheet_payload("Settings", [["setting", "value"],
                                                         ["language", "fr"]]))
    actions, titles = refreshed(payload)
    added = {a["args"][0]: a["args"][1] for a in actions if a["func"] == "namesAdd"}
    assert added["Dashboard_Title"] == "='Tableau de bord'!$A$1"
    assert added["Customers"] == "='Clients'!$A$1"
    assert "Settings" not in added  # a generic name: Settings_Reconciliation marks it

    again = after(payload, actions, titles)
    book = xw.Book(json=again)
    found = {k: s.name for k, s in find_report_sheets(book).items()}
    assert found == {"Dashboard": "Tableau de bord", "Matrix": "Matrice",
                     "Pyramid": "Pyramide", "Whale curve": "Courbe baleine",
                     "Actions": "Actions", "Customers": "Clients", "Settings": "Settings",
                     "Trends": "Tendances"}
    second, titles_again = refreshed(again)
    assert titles_again == titles
    assert [a for a in second if a["func"] in ("addSheet", "namesAdd")] == []
    assert writes(second, 0) == []
    assert customers_write(second, titles, "Clients")[0][0] == "Client"


def after(payload: dict, actions: list[dict], titles: list[str]) -> dict:
    """The payload of the workbook as the first refresh left it: its sheets with the
    values written and the defined names added (the remote Book keeps neither)."""
    grids = {s["name"]: [list(r) for r in s["values"]] for s in payload["sheets"]}
    for action in actions:
        if action["func"] != "setValues":
            continue
        grid = grids.setdefault(titles[action["sheet_position"]], [[]])
        for r, row in enumerate(action["values"]):
            for c, value in enumerate(row):
                top, left = action["start_row"] + r, action["start_column"] + c
                while len(grid) <= top:
                    grid.append([])
                grid[top].extend([""] * (left + 1 - len(grid[top])))
                grid[top][left] = value
    names = list(payload["names"]) + [
        name_payload(a["args"][0], a["args"][1], titles)
        for a in actions if a["func"] == "namesAdd"]
    width = {t: max((len(r) for r in grids.get(t, [[]])), default=0) for t in titles}
    sheets = [_sheet_payload(t, [r + [""] * (width[t] - len(r)) for r in grids.get(t, [[]])])
              for t in titles]
    return {**payload, "names": names, "sheets": sheets}


def test_the_users_own_customers_table_is_not_taken_for_the_report():
    """A customer list formatted as an Excel table called "Customers" (and a range
    called "Settings") on the input sheet: read as input, never written."""
    payload = book_payload(CUSTOMERS, with_report=False)
    ref = f"A1:E{len(CUSTOMERS)}"
    payload["sheets"][0]["tables"] = [_table_payload("Customers", ref)]
    payload["names"] = [{"name": "Settings", "sheet_index": 0, "address": ref,
                         "book_scope": True, "scope_sheet_name": None,
                         "scope_sheet_index": None, "refers_to": "=Klanten!$A$1:$E$6"}]
    book = xw.Book(json=payload)
    assert find_report_sheets(book) == {}
    actions, titles = refreshed(payload)
    assert writes(actions, 0) == []
    assert "Customers" in titles[1:]


def test_sheets_copied_from_the_dutch_report_are_taken_in_copy_order(tmp_path):
    """Excel's side is faked: the copy adds the sheets and renames the one whose name
    the book has ("Klanten" -> "Klanten (2)"); even with no anchor seen afterwards, the
    copied sheets (not the user's Klanten) become the report sheets."""
    copies: list[tuple[str, ...]] = []

    class Sheet:
        def __init__(self, name):
            self.name, self.api = name, name

    class Sheets(list):
        def add(self, name, after):
            raise AssertionError(f"no plain sheet expected, got {name}")

    book_sheets = Sheets([Sheet("Klanten")])

    def copy(names, after):
        copies.append(names)
        taken = {s.name for s in book_sheets}
        for name in names:
            book_sheets.append(Sheet(f"{name} (2)" if name in taken else name))

    class Report:
        def __init__(self, path):
            self.sheets = [Sheet(n) for n in openpyxl.load_workbook(
                path, read_only=True).sheetnames]
            self.api = type("Api", (), {"Sheets": lambda _, names: type("Copy", (), {
                "Copy": lambda _, After: copy(names, After)})()})()

        def close(self):
            pass

    class Book:
        sheets = book_sheets
        app = type("App", (), {"books": type("Books", (), {
            "open": lambda self, path: Report(path)})()})()

    frame = pd.DataFrame(CUSTOMERS[1:], columns=CUSTOMERS[0])
    result = api.analyze(frame, settings=Settings(language="nl"))
    keys = list(expected_blocks(CUSTOMERS))
    found = ribbon.ensure_report_sheets(Book(), keys, result, book_sheets[0])
    assert copies == [tuple(DUTCH)]
    assert {k: s.name for k, s in found.items()} == dict(zip(
        keys, [("Klanten (2)" if n == "Klanten" else n) for n in DUTCH], strict=True))


def test_open_settings_shows_the_dutch_settings_sheet_instead_of_adding_one(tmp_path):
    book = xw.Book(json=payload_with_report(report_file(tmp_path, "nl"), "Klanten",
                                            renamed={"Klanten": "Klanten (2)"}))
    assert ribbon.open_settings(book)
    actions = book.json()["actions"]
    assert [a["func"] for a in actions if a["func"] in ("addSheet", "setValues")] == []
    activated = [a for a in actions if a["func"] == "activateSheet"]
    titles = [s.name for s in book.sheets]
    assert activated and activated[-1]["args"][0] == titles.index("Instellingen")
