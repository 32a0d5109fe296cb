"""Bad-input corpus for reading (issue 8): every case runs the real command line.

Each bad case asserts exit code 2, a message naming the file, the place and what was
expected, the input unchanged and nothing left in the folder (no report, no temporary
file). The valid awkward inputs assert the exact figures read. Grouped by the issue's
classes: 1 silent zeros, 2 dates and files that are not what they claim, 8 bounded
reading (huge dimensions, zip bombs, XML entities), and the reconciliation figures.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from tests.source_fixtures import LINE_HEADER, LINES, write_csv
from xl_portfolio.cli import main
from xl_portfolio.sources import read_input

SHEET_XML = "xl/worksheets/sheet1.xml"


# ----------------------------------------------------------------------------- helpers

def rewrite_part(path: Path, part: str, edit: Callable[[str], str]) -> Path:
    """Rewrite one XML part of a package, as a hand-made or hostile file would have it."""
    with zipfile.ZipFile(path) as source:
        items = [(info, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in items:
            if info.filename == part:
                data = edit(data.decode("utf-8")).encode("utf-8")
            target.writestr(info.filename, data)
    return path


def workbook(path: Path, rows: list[list], **cells) -> Path:
    """One sheet 'Sheet' with rows from A1; extra cells by address; '=' text stays a
    formula (openpyxl saves it without a value, as scripts do); '#' error codes are
    error cells."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Sheet"
    for row in rows:
        sheet.append(row)
    for address, value in cells.items():
        sheet[address] = value
    for cell in sheet._cells.values():  # only the cells written, never the whole range
        if isinstance(cell.value, str) and cell.value.startswith("#") \
                and cell.value.endswith(("!", "A", "?")):
            cell.data_type = "e"
    book.save(path)
    return path


def customers(path: Path, revenue_b2, **cells) -> Path:
    return workbook(path, [["Customer", "Revenue"], ["Acme", revenue_b2], ["Bolt", 5]],
                    **cells)


def lines(path: Path, replace: dict[tuple[int, int], object]) -> Path:
    """The eleven fixture lines, with some cells replaced ((row index, column) -> value)."""
    rows = [list(row) for row in LINES]
    for (i, j), value in replace.items():
        rows[i][j] = value
    return workbook(path, [LINE_HEADER, *rows])


def snapshot(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
            for p in folder.iterdir()}


def run_bad(folder: Path, target: Path, *extra: str, capsys) -> str:
    """Run analyze; assert exit 2, no traceback, the folder and input untouched."""
    before = snapshot(folder)
    output = folder / "report.xlsx"
    code = main(["analyze", str(target), "-o", str(output), *extra])
    err = capsys.readouterr().err
    assert code == 2, err
    assert err.startswith("xl-portfolio: error: ") and "Traceback" not in err
    assert snapshot(folder) == before  # input unchanged, no report, no temporary file
    return err


# ------------------------------------------------------------------------- the corpus
# (case id, builder(folder) -> (input path, extra CLI args), fragments of the message)

def _f(build, *args):
    return lambda folder: (build(folder), list(args))


SILENT_ZEROS = [
    ("formula-without-value-revenue",
     _f(lambda d: customers(d / "c.xlsx", "=1+1")),
     ["c.xlsx: Sheet!B2", "column 'Revenue' (revenue)", "the formula =1+1 without a saved "
      "value", "open it in Excel or LibreOffice and save it"]),
    ("formula-without-value-amount",
     _f(lambda d: lines(d / "l.xlsx", {(2, 2): "=C2*2"}), "--lines"),
     ["l.xlsx: Sheet!C4", "expected a number in column 'Bedrag' (amount)", "=C2*2"]),
    ("formula-without-value-date",
     _f(lambda d: lines(d / "l.xlsx", {(0, 0): "=TODAY()"}), "--lines"),
     ["Sheet!A2", "expected a date in column 'Factuurdatum'", "=TODAY() without a saved"]),
    ("formula-without-value-cost",
     _f(lambda d: lines(d / "l.xlsx", {(5, 3): "=C7*0.6"}), "--lines"),
     ["Sheet!D7", "(cost)", "=C7*0.6"]),
    ("formula-without-value-owner",
     _f(lambda d: lines(d / "l.xlsx", {(1, 6): "=VLOOKUP(B3,Owners!A:B,2,0)"}), "--lines"),
     ["Sheet!G3", "column 'Verkoper' (owner)", "=VLOOKUP(B3,Owners!A:B,2,0)"]),
    ("many-formulas-named-once",
     _f(lambda d: workbook(d / "c.xlsx", [["Customer", "Revenue"]]
                           + [[f"C{i}", f"=B{i}*2"] for i in range(2, 12)])),
     ["Sheet!B2", "also B3", "and 5 more bad cells", "--recalculate"]),
    ("error-na-revenue", _f(lambda d: customers(d / "c.xlsx", "#N/A")),
     ["c.xlsx: Sheet!B2", "expected a number in column 'Revenue'", "the error value #N/A"]),
    ("error-div0-amount", _f(lambda d: lines(d / "l.xlsx", {(3, 2): "#DIV/0!"}), "--lines"),
     ["Sheet!C5", "(amount)", "the error value #DIV/0!"]),
    ("error-value-date", _f(lambda d: lines(d / "l.xlsx", {(6, 0): "#VALUE!"}), "--lines"),
     ["Sheet!A8", "expected a date", "the error value #VALUE!"]),
    ("error-ref-customer-name",
     _f(lambda d: workbook(d / "c.xlsx", [["Customer", "Revenue"], ["#REF!", 3], ["B", 1]])),
     ["Sheet!A2", "expected a customer name", "the error value #REF!"]),
    ("error-cached-from-formula",
     _f(lambda d: rewrite_part(customers(d / "c.xlsx", 7), SHEET_XML, lambda x: x.replace(
         '<c r="B2" t="n"><v>7</v></c>',
         '<c r="B2" t="e"><f>VLOOKUP(A2,Prices!A:B,2,0)</f><v>#N/A</v></c>'))),
     ["Sheet!B2", "the error value #N/A"]),
    ("error-num-in-deliveries",
     _f(lambda d: workbook(d / "c.xlsx", [["Customer", "Revenue", "Deliveries"],
                                          ["A", 10, "#NUM!"], ["B", 5, 2]])),
     ["Sheet!C2", "(deliveries)", "#NUM!"]),
    ("csv-error-text-amount",
     _f(lambda d: write_csv(d / "c.csv", "Customer,Revenue\nA,#N/A\nB,4\n")),
     ["c.csv: B2", "expected a number in column 'Revenue'", "found '#N/A'"]),
    ("csv-div0-text",
     _f(lambda d: write_csv(d / "c.csv", "Klant;Omzet\nA;12,5\nB;#DEEL/0!\n")),
     ["c.csv: B3", "found '#DEEL/0!'"]),
    ("csv-words-in-number",
     _f(lambda d: write_csv(d / "c.csv", "Customer,Revenue\nA,n/a\nB,4\n")),
     ["c.csv: B2", "found 'n/a'"]),
    ("blank-date-on-a-line",
     _f(lambda d: lines(d / "l.xlsx", {(2, 0): None}), "--lines"),
     ["Sheet!A4", "expected a date in column 'Factuurdatum' (date), found an empty cell"]),
    ("blank-name-with-figures",
     _f(lambda d: workbook(d / "c.xlsx", [["Customer", "Revenue"], ["A", 1], [None, 99]])),
     ["Sheet!A3", "row has figures but no customer name"]),
]

DATES_AND_FILES = [
    ("line-dated-2999",
     _f(lambda d: lines(d / "l.xlsx", {(4, 0): dt.datetime(2999, 12, 31)}), "--lines"),
     ["Sheet!A6", "expected a date from 1900-01-01 to 2262-04-11", "found '2999-12-31'"]),
    ("text-date-2999-csv",
     _f(lambda d: write_csv(d / "l.csv", "Date,Customer,Amount\n2024-01-02,A,1\n"
                            "2999-01-02,A,2\n"), "--lines"),
     ["l.csv: A3", "found '2999-01-02'"]),
    ("serial-9999-12-31",
     _f(lambda d: lines(d / "l.xlsx", {(1, 0): 2958465}), "--lines"),
     ["Sheet!A3", "found '9999-12-31'"]),
    ("serial-beyond-excel",
     _f(lambda d: lines(d / "l.xlsx", {(1, 0): 99999999}), "--lines"),
     ["Sheet!A3", "expected a date in column 'Factuurdatum'", "found '99999999'"]),
    ("date-before-1900",
     _f(lambda d: write_csv(d / "l.csv", "Date,Customer,Amount\n1850-05-01,A,1\n"
                            "2024-01-02,A,2\n"), "--lines"),
     ["l.csv: A2", "from 1900-01-01", "found '1850-05-01'"]),
    ("first-invoice-3000",
     _f(lambda d: workbook(d / "c.xlsx", [["Customer", "Revenue", "First invoice"],
                                          ["A", 1, dt.datetime(3000, 1, 1)], ["B", 2, None]])),
     ["Sheet!C2", "(first_invoice_date)", "found '3000-01-01'"]),
    ("impossible-date-text",
     _f(lambda d: write_csv(d / "l.csv", "Date,Customer,Amount\n2024-02-30,A,1\n"
                            "2024-01-02,A,2\n"), "--lines"),
     ["l.csv: A2", "expected a date", "found '2024-02-30'"]),
    ("text-file-named-xlsx",
     _f(lambda d: write_csv(d / "t.xlsx", "Customer,Revenue\nA,1\n")),
     ["t.xlsx: cannot be read: it is damaged or not really a .xlsx workbook"]),
    ("zip-without-workbook",
     _f(lambda d: _zip(d / "z.xlsx", {"hello.txt": b"hi"})),
     ["z.xlsx: is not a workbook: the package has no xl/workbook.xml"]),
    ("truncated-xlsx",
     _f(lambda d: _truncate(customers(d / "c.xlsx", 1))),
     ["c.xlsx: cannot be read", "open it in Excel and save it again"]),
    ("utf16-without-bom-csv",
     _f(lambda d: write_csv(d / "u.csv", "Customer;Revenue\nA;1\n", "utf-16-le")),
     ["u.csv: is not a readable CSV file (UTF-16? binary?)", "CSV UTF-8"]),
    ("binary-named-csv",
     _f(lambda d: _bytes(d / "p.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)),
     ["p.csv: is not a readable CSV file", "NUL bytes"]),
    ("xlsx-named-csv",
     _f(lambda d: _rename(customers(d / "c.xlsx", 1), "c.csv")),
     ["c.csv: is not a readable CSV file: it is a zip package", "rename it to .xlsx"]),
    ("folder-as-input",
     _f(lambda d: _folder(d / "data.csv")),
     ["data.csv: is a folder, not a file"]),
    ("sheet-not-found",
     _f(lambda d: customers(d / "c.xlsx", 1), "--sheet", "Klanten"),
     ["c.xlsx: no sheet named 'Klanten'; the workbook has: 'Sheet'"]),
    ("sheet-of-a-csv",
     _f(lambda d: write_csv(d / "c.csv", "Customer,Revenue\nA,1\n"), "--sheet", "S"),
     ["c.csv: a CSV file has no sheets"]),
    ("headers-without-data",
     _f(lambda d: workbook(d / "c.xlsx", [["Customer", "Revenue"]])),
     ["c.xlsx: sheet 'Sheet' has headers on row 1 but no data rows"]),
    ("empty-file", _f(lambda d: _bytes(d / "e.xlsx", b"")), ["e.xlsx: is an empty file"]),
    ("old-xls-named-xlsx",
     _f(lambda d: _bytes(d / "o.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)),
     ["o.xlsx: is not a real .xlsx file", "save it as .xlsx"]),
]

BOUNDED = [
    ("zip-bomb",
     _f(lambda d: _bomb(d / "b.xlsx")),
     ["b.xlsx: refused: part xl/worksheets/sheet1.xml inflates to more than", "zip bomb"]),
    ("entity-expansion-shared-strings",
     _f(lambda d: rewrite_part(workbook(d / "e.xlsx", [["Customer", "Revenue"],
                                                       ["A", 1], ["B", 2]]),
                               SHEET_XML, _laughs)),
     ["e.xlsx: refused: part xl/worksheets/sheet1.xml declares XML entities"]),
    ("entity-in-workbook-xml",
     _f(lambda d: rewrite_part(customers(d / "w.xlsx", 1), "xl/workbook.xml", _laughs)),
     ["w.xlsx: refused: part xl/workbook.xml declares XML entities"]),
    ("cells-scattered-on-a-diagonal",
     _f(lambda d: _diagonal(d / "s.xlsx", 2500)),
     ["s.xlsx: sheet 'Sheet': its 2,502 cells are scattered over", "one table"]),
]


def _zip(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def _truncate(path: Path) -> Path:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _rename(path: Path, name: str) -> Path:
    return path.rename(path.with_name(name))


def _folder(path: Path) -> Path:
    path.mkdir()
    (path / "inside.csv").write_text("Customer,Revenue\nA,1\n")
    return path


def _bomb(path: Path) -> Path:
    """A valid workbook whose sheet inflates from ~100 KB to 100 MB of padding."""
    customers(path, 1)
    with zipfile.ZipFile(path) as source:
        items = [(info.filename, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in items:
            if name != SHEET_XML:
                target.writestr(name, data)
                continue
            head, tail = data.split(b"<sheetData>")
            with target.open(name, "w", force_zip64=True) as stream:
                stream.write(head + b"<sheetData>")
                for _ in range(100):
                    stream.write(b" " * 1_000_000)
                stream.write(tail)
    return path


def _laughs(xml: str) -> str:
    entities = '<!DOCTYPE x [<!ENTITY a "hahahahahaha"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
    if xml.startswith("<?xml"):
        declaration, rest = xml.split("?>", 1)
        return declaration + "?>" + entities + rest
    return entities + xml


def _diagonal(path: Path, count: int) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Sheet"
    sheet.append(["Customer", "Revenue"])
    for i in range(count):
        sheet.cell(row=i + 3, column=i + 3, value=i + 1)
    book.save(path)
    return path


CASES = [(f"1-{name}", build, parts) for name, build, parts in SILENT_ZEROS] + \
    [(f"2-{name}", build, parts) for name, build, parts in DATES_AND_FILES] + \
    [(f"8-{name}", build, parts) for name, build, parts in BOUNDED]


@pytest.mark.parametrize(("build", "parts"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_exits_2_with_a_message_naming_file_and_place(tmp_path, capsys, build,
                                                                parts):
    target, extra = build(tmp_path)
    message = run_bad(tmp_path, target, *extra, capsys=capsys)
    for part in parts:
        assert part in message, message
    assert "datetime.date(" not in message and "Timestamp(" not in message


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 40


# --------------------------------------------------------- valid awkward inputs: figures

def by_name(result) -> dict[str, float]:
    frame = result.customers
    return dict(zip(frame["customer"], frame["revenue"], strict=True))


def test_stray_value_in_the_last_cell_reads_the_table_sparsely(tmp_path):
    path = customers(tmp_path / "c.xlsx", 12.5, XFD1048576="stray")
    assert path.stat().st_size < 10_000
    result = read_input(path)
    assert by_name(result) == {"Acme": 12.5, "Bolt": 5.0}


def test_stray_value_far_below_in_a_data_column_is_read_at_its_row(tmp_path):
    path = customers(tmp_path / "c.xlsx", 1, A1048576="Late", B1048576=3)
    result = read_input(path)
    assert by_name(result) == {"Acme": 1.0, "Bolt": 5.0, "Late": 3.0}
    message = str(_error(workbook(tmp_path / "d.xlsx", [["Customer", "Revenue"], ["A", 1]],
                                  B1048576="oops")))
    assert "Sheet!A1048576: row has figures but no customer name" in message


def test_huge_declared_dimension_does_not_matter(tmp_path):
    path = rewrite_part(customers(tmp_path / "c.xlsx", 3), SHEET_XML, lambda x: x.replace(
        '<dimension ref="A1:B3"', '<dimension ref="A1:XFD1048576"'))
    assert by_name(read_input(path)) == {"Acme": 3.0, "Bolt": 5.0}


def test_formula_with_a_saved_value_reads_the_value(tmp_path):
    path = rewrite_part(customers(tmp_path / "c.xlsx", 7), SHEET_XML, lambda x: x.replace(
        '<c r="B2" t="n"><v>7</v></c>', '<c r="B2"><f>3+4</f><v>7</v></c>'))
    assert by_name(read_input(path)) == {"Acme": 7.0, "Bolt": 5.0}


def test_uncached_formula_or_error_outside_the_read_columns_is_harmless(tmp_path):
    path = workbook(tmp_path / "c.xlsx", [["Customer", "Revenue", "Memo"],
                                          ["A", 2, "=1+1"], ["B", 3, "#N/A"]])
    assert by_name(read_input(path)) == {"A": 2.0, "B": 3.0}


def test_cached_empty_text_result_is_not_a_missing_value(tmp_path):
    path = rewrite_part(workbook(tmp_path / "c.xlsx", [["Customer", "Revenue", "Owner"],
                                                       ["A", 2, "Ann"], ["B", 3, "Bob"]]),
                        SHEET_XML, lambda x: x.replace(
                            '<c r="C3" t="inlineStr"><is><t>Bob</t></is></c>',
                            '<c r="C3" t="str"><f>IF(1,"","x")</f><v></v></c>'))
    result = read_input(path)
    assert result.customers["owner"].isna().tolist() == [False, True]


def test_trailing_totals_and_blank_rows_are_counted_and_reconciled(tmp_path):
    rows = [["Customer", "Revenue"], ["A", 10], [None, None], ["B", 20.5], [None, None],
            ["C", 30], ["Subtotal", 60.5], ["Grand total", 60.5]]
    result = read_input(workbook(tmp_path / "c.xlsx", rows))
    assert by_name(result) == {"A": 10.0, "B": 20.5, "C": 30.0}
    assert result.source.reconciliation == [("rows_read", 3, 60.5),
                                            ("skipped_total_rows", 2, 121.0),
                                            ("skipped_blank_rows", 2, None)]
    notes = " | ".join(result.source.notes)
    assert "skipped total row 'Subtotal' (row 7)" in notes
    assert "skipped total row 'Grand total' (row 8)" in notes
    assert "skipped 2 blank rows" in notes


def test_a_customer_named_total_between_customers_is_kept_and_said(tmp_path):
    rows = [["Customer", "Revenue"], ["A", 1], ["Total", 4], ["B", 2], ["Total", 7]]
    result = read_input(workbook(tmp_path / "c.xlsx", rows))
    assert by_name(result) == {"A": 1.0, "Total": 4.0, "B": 2.0}
    assert any("'Total' on row 3 read as a customer" in n for n in result.source.notes)
    assert ("skipped_total_rows", 1, 7.0) in result.source.reconciliation


def test_line_reconciliation_puts_every_line_in_one_period(tmp_path):
    rows = [LINE_HEADER, *LINES, ["2025-02-01", "Crux", 5.0, 1.0, "O10", "P1", "Dee"],
            [None] * 7, [None, "Total", 2339.0, None, None, None, None]]
    result = read_input(workbook(tmp_path / "l.xlsx", rows), kind="lines",
                        settings=_settings(as_of=dt.date(2024, 12, 31)))
    found = {code: (count, amount) for code, count, amount in result.source.reconciliation}
    assert found == {"rows_read": (12, 2339.0), "rows_current": (6, 855.0),
                     "rows_previous": (4, 480.0), "rows_before": (1, 999.0),
                     "rows_after_as_of": (1, 5.0), "skipped_total_rows": (1, 2339.0),
                     "skipped_blank_rows": (1, None)}
    parts = sum(found[c][0] for c in ("rows_current", "rows_previous", "rows_before",
                                      "rows_after_as_of"))
    assert parts == found["rows_read"][0]
    assert float(result.customers["revenue"].sum()) == 855.0


def test_utf16_csv_with_byte_order_mark_is_read(tmp_path):
    text = "Klant\tOmzet\nÄcme 東京\t1.234,50\nBolt\t2\n"
    result = read_input(write_csv(tmp_path / "u.csv", text, "utf-16"))
    assert by_name(result) == {"Äcme 東京": 1234.5, "Bolt": 2.0}


@pytest.mark.parametrize("day", [dt.datetime(1900, 1, 1), dt.datetime(2262, 4, 11),
                                 "2262-04-11", 1, 45351])
def test_dates_at_the_edges_of_the_range_are_accepted(tmp_path, day):
    rows = [["Customer", "Revenue", "Last invoice"], ["A", 1, day], ["B", 1, None]]
    result = read_input(workbook(tmp_path / "c.xlsx", rows))
    assert result.customers["last_invoice_date"].notna().tolist() == [True, False]


def _settings(**changes):
    from xl_portfolio.settings import Settings
    return Settings().replace(**changes)


def _error(path: Path, **kwargs):
    from xl_portfolio.errors import InputError
    with pytest.raises(InputError) as caught:
        read_input(path, **kwargs)
    return caught.value


def test_recalculate_computes_formulas_saved_without_values(tmp_path):
    path = workbook(tmp_path / "c.xlsx", [["Customer", "Revenue"], ["Acme", "=2*21"],
                                          ["Bolt", "=SUM(5,0.5)"]])
    before = path.read_bytes()
    result = read_input(path, recalculate=True)
    assert by_name(result) == {"Acme": 42.0, "Bolt": 5.5}
    assert any("recalculated by LibreOffice" in note for note in result.source.notes)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.xlsx"]


def test_parquet_lines_are_read_natively_with_exact_figures(tmp_path):
    import pandas as pd

    frame = pd.DataFrame(LINES, columns=LINE_HEADER)
    frame["Factuurdatum"] = pd.to_datetime(frame["Factuurdatum"])
    path = tmp_path / "l.parquet"
    frame.to_parquet(path)
    result = read_input(path, settings=_settings(as_of=dt.date(2024, 12, 31)))
    assert result.source.kind == "lines"
    assert by_name(result) == {"Acme": 330.0, "Bolt": 525.0, "Crux": 0.0}
    assert result.source.reconciliation[0] == ("rows_read", 11, 2334.0)


def test_parquet_bad_cell_and_bad_file_are_named(tmp_path, capsys):
    import pandas as pd

    frame = pd.DataFrame({"Date": ["2024-01-01", "2024-01-02"], "Customer": ["A", "A"],
                          "Amount": ["12.5", "twelve"]})
    frame.to_parquet(tmp_path / "l.parquet")
    message = run_bad(tmp_path, tmp_path / "l.parquet", "--lines", capsys=capsys)
    assert "l.parquet: C3: expected a number in column 'Amount'" in message
    assert "found 'twelve'" in message
    (tmp_path / "l.parquet").unlink()
    (tmp_path / "x.parquet").write_text("Customer,Revenue\nA,1\n")
    message = run_bad(tmp_path, tmp_path / "x.parquet", capsys=capsys)
    assert "x.parquet: is not a Parquet file" in message


def test_scan_finds_the_last_row_whatever_the_row_order(tmp_path):
    from xl_portfolio.sources.package import scan_package

    path = customers(tmp_path / "c.xlsx", 1, B70000=3)

    def far_row_first(xml: str) -> str:
        start = xml.index('<row r="70000"')
        end = xml.index("</row>", start) + len("</row>")
        far = xml[start:end]
        xml = xml[:start] + xml[end:]
        return xml.replace("<sheetData>", "<sheetData>" + far, 1)

    rewrite_part(path, SHEET_XML, far_row_first)
    assert scan_package(path)["Sheet"].max_row == 70000


@pytest.mark.parametrize("as_of", ["2925-01-01", "1850-06-30", "9999-12-31"])
def test_an_as_of_date_typo_is_a_message_not_a_crash(tmp_path, capsys, as_of):
    path = lines(tmp_path / "l.xlsx", {})
    message = run_bad(tmp_path, path, "--lines", "--as-of", as_of, capsys=capsys)
    # The command line checks the option before anything is read (settings' date range).
    assert f"--as-of {as_of}" in message
    assert "from 1900-01-01 to 2100-12-31" in message


def test_a_long_narrow_table_is_read_densely_by_the_fast_reader(tmp_path):
    from xl_portfolio.sources.package import scan_package
    from xl_portfolio.sources.workbook import DENSE_LIMIT

    rows = [["Customer", "Revenue", "Owner"]] + [[f"C{i}", i, "Ann"] for i in range(2000)]
    scan = scan_package(workbook(tmp_path / "c.xlsx", rows))["Sheet"]
    assert (scan.max_row, scan.max_col, scan.cells) == (2001, 3, 6003)
    # A million rows of six columns: the grid costs what the cells cost, so it is dense.
    scan.max_row, scan.max_col, scan.cells = 1_000_001, 6, 6_000_006
    assert scan.dense_is_safe(DENSE_LIMIT)


def test_zoned_and_mixed_zone_dates_read_as_their_local_dates(tmp_path):
    import pandas as pd

    from xl_portfolio.sources.dates import to_dates

    zoned = pd.to_datetime(["2024-01-01 23:30", "2024-02-01 00:00"]).tz_localize("Europe/Amsterdam")
    mixed = [zoned[0].to_pydatetime(), pd.Timestamp("2024-03-01 10:00", tz="US/Eastern")]
    for values in (list(zoned), mixed):
        dates, bad = to_dates(values, [2, 3], column=0, header="Date", canonical="date")
        assert not bad
        assert dates.dt.date.tolist()[0] == dt.date(2024, 1, 1)
