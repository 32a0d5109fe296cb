"""The ribbon refresh against xlwings' own Book implementation: the remote book built
from a JSON payload (the workbook as the xlwings client sends it), whose json() holds the
actions Excel would carry out. The noncommercial licence key is set in these tests only:
the product's RunPython path never needs one.

The payload is made from the shipped report template (its sheets, tables and defined
names, as after the first refresh copied them in) plus a customer sheet.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
import xlwings as xw
from openpyxl.utils import get_column_letter, range_boundaries

from xl_portfolio import api
from xl_portfolio.excel import ribbon
from xl_portfolio.report.blocks import sheet_blocks
from xl_portfolio.settings import Settings

TEMPLATE = Path(ribbon.TEMPLATE)
CUSTOMERS = [
    ["Customer", "Revenue", "Cost of goods", "Orders", "Deliveries"],
    ["Alpha", 120000.0, 80000.0, 40.0, 30.0],
    ["Beta", 45000.0, 30000.0, 60.0, 55.0],
    ["Gamma", 8000.0, 5000.0, 25.0, 20.0],
    ["=HYPERLINK(\"x\")", 15000.0, 9000.0, 5.0, 5.0],
    ["Delta", 2500.0, 2400.0, 12.0, 12.0],
]


@pytest.fixture(autouse=True)
def remote_engine(monkeypatch):
    """xlwings registers its remote engine at import when a key is set; the test suite
    imports xlwings without one, so register it here, for these tests only."""
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")
    from xlwings.pro import _xlremote

    if "remote" not in [engine.name for engine in xw.engines]:
        monkeypatch.setattr(xw.engines, "engines", list(xw.engines.engines))
        monkeypatch.setattr(xw.engines, "engines_by_name", dict(xw.engines.engines_by_name))
        xw.engines.add(xw.main.Engine(impl=_xlremote.engine))
    monkeypatch.setattr(xw, "__pro__", True)


def _sheet_payload(name: str, values: list[list], tables: list[dict] | None = None) -> dict:
    return {"name": name, "values": values or [[]], "pictures": [], "shapes": [],
            "charts": [], "notes": [], "tables": tables or [], "print_area": None}


def _table_payload(name: str, ref: str) -> dict:
    min_col, min_row, max_col, max_row = range_boundaries(ref)
    first, last = get_column_letter(min_col), get_column_letter(max_col)
    return {"name": name, "range_address": ref,
            "header_row_range_address": f"{first}{min_row}:{last}{min_row}",
            "data_body_range_address": f"{first}{min_row + 1}:{last}{max_row}",
            "total_row_range_address": None, "show_headers": True, "show_totals": False,
            "table_style": "TableStyleMedium2", "show_autofilter": True,
            "row_count": max_row - min_row + 1, "column_count": max_col - min_col + 1}


def _values(ws) -> list[list]:
    rows = [["" if v is None else v for v in row] for row in ws.iter_rows(values_only=True)]
    return rows or [[]]


def book_payload(customers: list[list], *, settings_rows: list[list] | None = None,
                 with_report: bool = True) -> dict:
    sheets = [_sheet_payload("Klanten", customers)]
    names = []
    if with_report:
        wb = openpyxl.load_workbook(TEMPLATE)
        for ws in wb.worksheets:
            values = _values(ws)
            if ws.title == "Settings" and settings_rows:
                width = len(values[0])  # label | name in the settings file | value ...
                values = [values[0], *[["Label", *r] + [""] * (width - len(r) - 1)
                                       for r in settings_rows]]
            sheets.append(_sheet_payload(ws.title, values, [
                _table_payload(n, ref) for n, ref in ws.tables.items()]))
        titles = [s["name"] for s in sheets]
        names = [name_payload(name, "=" + defined.attr_text, titles)
                 for name, defined in wb.defined_names.items()]
    return book_envelope(sheets, names)


def name_payload(name: str, refers_to: str, titles: list[str],
                 renamed: dict[str, str] | None = None) -> dict:
    """A workbook-scope defined name as the client sends it (sheets maybe renamed)."""
    sheet, cell = refers_to.lstrip("=").split("!")
    sheet = sheet.strip("'")
    sheet = (renamed or {}).get(sheet, sheet)
    return {"name": name, "sheet_index": titles.index(sheet),
            "address": cell.replace("$", ""), "book_scope": True,
            "scope_sheet_name": None, "scope_sheet_index": None, "refers_to": refers_to}


def book_envelope(sheets: list[dict], names: list[dict]) -> dict:
    return {"client": "Office.js", "version": xw.__version__,
            "book": {"name": "Portfolio.xlsx", "active_sheet_index": 0, "selection": "A1",
                     "calculation": "Automatic"},
            "names": names, "sheets": sheets}


def refresh(payload: dict) -> tuple[bool, list[dict], xw.Book]:
    book = xw.Book(json=payload)
    ok = ribbon.refresh_book(book)
    return ok, book.json()["actions"], book


def sheet_position(payload: dict, name: str) -> int:
    return [s["name"] for s in payload["sheets"]].index(name)


def writes(actions: list[dict], position: int) -> list[dict]:
    return [a for a in actions if a["func"] == "setValues" and a["sheet_position"] == position]


def expected_blocks(customers: list[list], settings: Settings | None = None):
    """The file report's path: api.analyze on a DataFrame with headers."""
    import pandas as pd
    frame = pd.DataFrame(customers[1:], columns=customers[0])
    return sheet_blocks(api.analyze(frame, settings=settings or Settings()))


def test_refresh_writes_the_same_blocks_as_the_file_report():
    payload = book_payload(CUSTOMERS)
    ok, actions, _ = refresh(payload)
    assert ok, actions
    expected = expected_blocks(CUSTOMERS)
    customers_pos = sheet_position(payload, "Customers")
    written = writes(actions, customers_pos)
    assert len(written) == 1  # one block, one range write
    block = expected["Customers"][0]
    rows = written[0]["values"]
    assert (written[0]["start_row"], written[0]["start_column"]) == (0, 0)
    assert (written[0]["row_count"], written[0]["column_count"]) == (len(block.rows),
                                                                      block.width)
    text_safe = [["'" + v if isinstance(v, str) and v.startswith("=") else v for v in row]
                 for row in block.rows]
    assert _comparable(rows) == _comparable(text_safe)


def _comparable(rows):
    """Dates and blanks as the remote engine sends them (ISO text, ""), floats rounded."""
    out = []
    for row in rows:
        cells = []
        for v in row:
            if v is None:
                v = ""
            elif hasattr(v, "isoformat"):
                v = v.isoformat()[:10]
            elif isinstance(v, float):
                v = round(v, 6)
            cells.append(v)
        out.append(cells)
    return out


def test_written_net_margin_matches_the_formula_by_hand():
    payload = book_payload(CUSTOMERS)
    _, actions, _ = refresh(payload)
    rows = writes(actions, sheet_position(payload, "Customers"))[0]["values"]
    header = rows[0]
    net = {r[0]: r[header.index("Net margin")] for r in rows[1:]}
    s = Settings()
    for name, revenue, cogs, orders, deliveries in CUSTOMERS[1:]:
        by_hand = revenue - cogs - orders * s.rate_per_order - deliveries * s.rate_per_delivery
        key = "'" + name if name.startswith("=") else name
        assert net[key] == pytest.approx(by_hand)


def test_screen_updating_and_calculation_are_off_during_the_write_and_restored():
    payload = book_payload(CUSTOMERS)
    _, actions, _ = refresh(payload)
    funcs = [a["func"] for a in actions]
    first_write = funcs.index("setValues")
    last_write = len(funcs) - 1 - funcs[::-1].index("setValues")
    assert funcs[:2] == ["setScreenUpdating", "setCalculation"]
    assert actions[0]["args"] == [False] and actions[1]["args"] == ["Manual"]
    assert funcs[-2:] == ["setCalculation", "setScreenUpdating"]
    assert actions[-2]["args"] == ["Automatic"] and actions[-1]["args"] == [True]
    assert 1 < first_write <= last_write < len(funcs) - 2


def test_tables_are_resized_to_the_written_blocks_in_sheet_order():
    payload = book_payload(CUSTOMERS)
    _, actions, _ = refresh(payload)
    resized = {a["sheet_position"]: a["args"][1] for a in actions
               if a["func"] == "resizeTable"}
    n = len(CUSTOMERS)  # header + customers
    width = len(expected_blocks(CUSTOMERS)["Customers"][0].rows[0])
    assert resized[sheet_position(payload, "Customers")] == \
        f"$A$1:${get_column_letter(width)}${n}"
    assert resized[sheet_position(payload, "Pyramid")].startswith("$A$4:$H$")
    order = [a["sheet_position"] for a in actions if a["func"] == "setValues"]
    assert order == sorted(order)  # Dashboard first ... Trends last, as the template


def test_blocks_at_defined_names_start_at_their_cell():
    payload = book_payload(CUSTOMERS)
    _, actions, _ = refresh(payload)
    dashboard = writes(actions, sheet_position(payload, "Dashboard"))
    starts = {(a["start_row"], a["start_column"]) for a in dashboard}
    assert {(0, 0), (4, 0), (29, 0)} <= starts  # Title A1, KeyFigures A5, Warnings A30


def test_settings_sheet_rates_are_used():
    payload = book_payload(CUSTOMERS, settings_rows=[["rate_per_order", 10.0],
                                                     ["language", "nl"]])
    ok, actions, _ = refresh(payload)
    assert ok
    expected = expected_blocks(CUSTOMERS, Settings(rate_per_order=10.0, language="nl"))
    rows = writes(actions, sheet_position(payload, "Customers"))[0]["values"]
    assert rows[0] == expected["Customers"][0].rows[0]  # Dutch headers
    assert _comparable(rows[1:2]) == _comparable(expected["Customers"][0].rows[1:2])


def test_input_error_is_a_message_box_naming_the_cell_and_nothing_is_written():
    bad = [row[:] for row in CUSTOMERS]
    bad[3][1] = "lots"
    ok, actions, _ = refresh(book_payload(bad))
    assert not ok
    assert [a["func"] for a in actions] == ["alert"]
    prompt = actions[0]["args"][0]
    assert "B4" in prompt and "Klanten" in prompt and "Traceback" not in prompt


def test_failure_while_writing_restores_the_app_and_tells_the_user(monkeypatch):
    def broken(book, blocks, *sheets):
        book.sheets[0].range("A1").value = 1
        raise RuntimeError("disk full")
    monkeypatch.setattr(ribbon, "write_blocks", broken)
    ok, actions, _ = refresh(book_payload(CUSTOMERS))
    assert not ok
    funcs = [a["func"] for a in actions]
    assert funcs == ["setScreenUpdating", "setCalculation", "setValues", "setCalculation",
                     "setScreenUpdating", "alert"]
    assert "disk full" in actions[-1]["args"][0]


def test_first_refresh_without_report_sheets_creates_them():
    payload = book_payload(CUSTOMERS, with_report=False)
    ok, actions, book = refresh(payload)
    assert ok
    added = [a["args"][1] for a in actions if a["func"] == "addSheet"]
    assert added == list(expected_blocks(CUSTOMERS))
    assert [s.name for s in book.sheets][1:] == added
    customers = writes(actions, [s.name for s in book.sheets].index("Customers"))
    assert customers[0]["start_row"] == 0 and customers[0]["values"][0][0] == "Customer"


def test_refresh_reports_its_steps_in_the_status_bar(monkeypatch):
    from xl_portfolio.progress import StatusBar

    shown: list[object] = []
    monkeypatch.setattr(StatusBar, "_set", lambda self, value: shown.append(value))
    ok, _, _ = refresh(book_payload(CUSTOMERS))
    assert ok
    assert shown == ["xl-portfolio: Reading the input...",
                     "xl-portfolio: Analysing the portfolio...",
                     "xl-portfolio: Writing the report...", False]
# --- the other buttons, the progress and the charts of a first refresh ---------------

def test_refresh_reports_its_steps_to_the_progress_callback():
    steps: list[str] = []
    book = xw.Book(json=book_payload(CUSTOMERS))
    assert ribbon.refresh_book(book, progress=steps.append)
    assert steps == ["reading", "analysing", "writing"]


def test_open_settings_creates_the_sheet_with_every_setting():
    book = xw.Book(json=book_payload(CUSTOMERS, with_report=False))
    assert ribbon.open_settings(book)
    actions = book.json()["actions"]
    assert [a["args"][1] for a in actions if a["func"] == "addSheet"] == ["Settings"]
    values = next(a for a in actions if a["func"] == "setValues")["values"]
    assert values[0] == ["setting", "value"]
    assert [row[0] for row in values[1:]] == [name for name, _ in Settings().as_rows()]


def test_open_settings_shows_an_existing_sheet_without_writing():
    book = xw.Book(json=book_payload(CUSTOMERS))
    assert ribbon.open_settings(book)
    funcs = [a["func"] for a in book.json()["actions"]]
    assert "addSheet" not in funcs and "setValues" not in funcs and "activateSheet" in funcs


def test_share_says_so_when_the_share_command_is_not_installed(monkeypatch):
    monkeypatch.setattr(ribbon, "share_copy_function", lambda: None)
    book = xw.Book(json=book_payload(CUSTOMERS))
    assert not ribbon.share_book(book)
    alert = book.json()["actions"][-1]
    assert alert["func"] == "alert" and "not installed" in alert["args"][0]


def test_share_calls_share_copy_with_the_workbook(monkeypatch):
    called = []
    monkeypatch.setattr(ribbon, "share_copy_function",
                        lambda: lambda path: called.append(path) or "mail-safe.xlsx")

    class Book:
        fullname = "C:/Finance/Portfolio.xlsx"
        saved = False
        app = type("App", (), {"alert": lambda self, *a, **k: alerts.append(a[0])})()

        def save(self):
            Book.saved = True
    alerts: list[str] = []
    assert ribbon.share_book(Book())
    assert called == ["C:/Finance/Portfolio.xlsx"] and Book.saved
    assert "mail-safe.xlsx" in alerts[0]


def test_every_python_button_has_an_action_and_an_unknown_one_is_a_message(monkeypatch):
    from xl_portfolio.addin import build
    python_buttons = {b.id for b in build.BUTTONS} - {"xlPortfolioAbout"}
    assert python_buttons == set(ribbon.BUTTON_ACTIONS)
    book = xw.Book(json=book_payload(CUSTOMERS))
    monkeypatch.setattr(xw.Book, "caller", staticmethod(lambda: book))
    ribbon.run_button("xlPortfolioNoSuchButton")
    assert "Unknown button" in book.json()["actions"][-1]["args"][0]


def test_first_refresh_copies_the_command_line_report_with_its_charts(tmp_path):
    """Excel's side is faked: what matters is which file is opened (the report the
    command line writes for this very result, charts included) and that all sheets are
    copied in one go, so the charts keep pointing at the copied data."""
    import zipfile

    opened: list[dict] = []

    class Report:
        def __init__(self, path):
            with zipfile.ZipFile(path) as zf:
                opened.append({"charts": [n for n in zf.namelist()
                                          if n.startswith("xl/charts/chart")]})
            self.sheets = [type("S", (), {"name": n})() for n in
                           openpyxl.load_workbook(path, read_only=True).sheetnames]
            outer = self

            class Sheets:
                def __init__(self, names):
                    outer.copied = names

                def Copy(self, After):  # noqa: N802 - COM name
                    opened[-1]["after"] = After

            self.api = type("Api", (), {"Sheets": lambda _, names: Sheets(names)})()

        def close(self):
            opened[-1]["closed"] = True

    class Sheet:
        def __init__(self, name):
            self.name = name
            self.api = f"sheet {name}"

    class Sheets(list):
        def add(self, name, after):  # the fake Excel copied nothing: plain sheets follow
            self.append(Sheet(name))

    class Book:
        sheets = Sheets([Sheet("Klanten")])
        app = type("App", (), {"books": type("Books", (), {
            "open": lambda self, path: Report(path)})()})()

    import pandas as pd
    result = api.analyze(pd.DataFrame(CUSTOMERS[1:], columns=CUSTOMERS[0]))
    names = list(sheet_blocks(result))
    ribbon.ensure_report_sheets(Book(), names, result)
    assert len(opened) == 1 and opened[0]["closed"]
    assert len(opened[0]["charts"]) >= 3  # matrix, pyramid, whale curve
    assert opened[0]["after"] == "sheet Klanten"


def test_analyse_selection_writes_the_customer_table_to_a_new_sheet():
    payload = book_payload(CUSTOMERS, with_report=False)
    payload["book"]["selection"] = "A1:E6"
    book = xw.Book(json=payload)
    assert ribbon.analyse_selection(book)
    actions = book.json()["actions"]
    assert [a["func"] for a in actions][:1] == ["addSheet"]
    table = next(a for a in actions if a["func"] == "setValues")["values"]
    assert table[0][0] == "Customer" and len(table) == len(CUSTOMERS)
    assert "'=HYPERLINK(\"x\")" in [row[0] for row in table]  # formula-like text stays text


def test_analyse_selection_of_one_cell_is_a_message():
    book = xw.Book(json=book_payload(CUSTOMERS, with_report=False))
    assert not ribbon.analyse_selection(book)
    assert "Select the customer table" in book.json()["actions"][-1]["args"][0]
