"""The column-wise readers (.xlsx and .csv) give exactly what the cell-by-cell reader gives.

Every test reads the same file twice, once with the column-wise path and once with it
switched off, and compares everything: lines, customers, notes, reconciliation, or the
error message. It also checks which path was taken, so a fast path that silently stopped
being used (or started guessing) shows up.
"""

from __future__ import annotations

import datetime as dt
import logging
import subprocess
import sys
from unittest import mock

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.source_fixtures import LINE_HEADER, LINES, write_csv, write_xlsx
from xl_portfolio.errors import InputError
from xl_portfolio.settings import Settings
from xl_portfolio.sources import csvfile, pipeline, read_input
from xl_portfolio.sources.sheethead import OTHER, read_head

AS_OF = dt.date(2024, 12, 31)


LOGGERS = ("xl_portfolio.sources.fastsheet", "xl_portfolio.sources.fastcsv")


class _Surprises(logging.Handler):
    """Collects the column-wise readers' unexpected errors (a bug, not a fall-back)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info:
            self.records.append(record)


def read_both(monkeypatch, path, **options):
    """(column-wise result or error, cell-by-cell result or error, column-wise taken)."""
    taken = []
    fast_readers = ("fast_sheet_lines", "fast_csv_lines")
    originals = {name: getattr(pipeline, name) for name in fast_readers}

    def spy(name):
        def read(*args, **kwargs):
            result = originals[name](*args, **kwargs)
            taken.append(result is not None)
            return result
        return read

    def outcome():
        try:
            return read_input(path, **options)
        except InputError as exc:
            return str(exc)

    for name in fast_readers:
        monkeypatch.setattr(pipeline, name, spy(name))
    surprises = _Surprises()
    loggers = {logging.getLogger(name): logging.getLogger(name).level for name in LOGGERS}
    for logger in loggers:
        logger.addHandler(surprises)
        logger.setLevel(logging.DEBUG)
    try:
        fast = outcome()
    finally:
        for logger, level in loggers.items():
            logger.removeHandler(surprises)
            logger.setLevel(level)
    assert not surprises.records, "a column-wise reader failed unexpectedly"
    for name in fast_readers:
        monkeypatch.setattr(pipeline, name, lambda *a, **k: None)
    slow = outcome()
    for name in fast_readers:
        monkeypatch.setattr(pipeline, name, originals[name])
    return fast, slow, any(taken)


def assert_same(fast, slow):
    if isinstance(slow, str):
        assert fast == slow
        return
    pd.testing.assert_frame_equal(fast.lines, slow.lines, check_exact=True)
    pd.testing.assert_frame_equal(fast.customers, slow.customers, check_exact=True)
    assert fast.source == slow.source


def dated(rows):
    """LINES with real date cells, as an ERP export writes them."""
    return [[dt.datetime.fromisoformat(r[0]), *r[1:]] for r in rows]


def test_clean_lines_read_column_wise(tmp_path, monkeypatch):
    path = write_xlsx(tmp_path / "l.xlsx", {"Lines": [LINE_HEADER, *dated(LINES)]})
    fast, slow, taken = read_both(monkeypatch, path, settings=Settings(as_of=AS_OF))
    assert taken
    assert fast.source.kind == "lines"
    assert_same(fast, slow)


def test_text_dates_title_block_totals_and_blank_rows(tmp_path, monkeypatch):
    """Title rows above the header, a gap row, a 'Total' customer inside, total rows at
    the end, names with spaces, identifiers typed as numbers, a column offset."""
    body = [[*r[:4], 1000 + i, r[5], r[6]] for i, r in enumerate(LINES)]
    body[3][1] = "  Bolt  "
    rows = [["Sales export"], [], [None, "from the ERP"], LINE_HEADER, *body[:5], [],
            ["2024-02-02", "Total", 5.0, 1.0, 77, "P1", "Ann"], *body[5:],
            [None, "Total", 1234.5], [None, "Grand total", 1234.5]]
    path = tmp_path / "t.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    for r, row in enumerate(rows, start=3):
        for c, value in enumerate(row, start=3):
            if value is not None:
                sheet.cell(r, c, value)
    book.save(path)
    fast, slow, taken = read_both(monkeypatch, path, settings=Settings(as_of=AS_OF))
    assert taken
    assert_same(fast, slow)
    assert any("skipped total row 'Grand total'" in n for n in fast.source.notes)
    assert any("read as a customer" in n for n in fast.source.notes)
    assert dict((c, n) for c, n, _ in fast.source.reconciliation)["skipped_blank_rows"] == 1


@pytest.mark.parametrize("change", [
    {2: (2, "12,50")},                       # a text in the amount column
    {4: (0, None)},                          # a line without a date
    {5: (1, None)},                          # figures without a customer name
    {6: (0, "31/12/2024")},                  # a date written otherwise
    {7: (0, "2024-02-30")},                  # a date that does not exist
    {3: (0, dt.datetime(2299, 1, 1))},       # out of range
    {8: (5, 3.5)},                           # a fraction as product code
    {1: (2, True)},                          # a boolean amount
])
def test_unclean_columns_fall_back_with_the_same_outcome(tmp_path, monkeypatch, change):
    rows = [list(r) for r in dated(LINES)]
    for index, (column, value) in change.items():
        rows[index][column] = value
    path = write_xlsx(tmp_path / "u.xlsx", {"Lines": [LINE_HEADER, *rows]})
    fast, slow, taken = read_both(monkeypatch, path, settings=Settings(as_of=AS_OF))
    assert_same(fast, slow)
    assert not taken or not isinstance(slow, str)


def test_formula_without_value_falls_back(tmp_path, monkeypatch):
    path = write_xlsx(tmp_path / "f.xlsx", {"Lines": [LINE_HEADER, *dated(LINES)]})
    book = openpyxl.load_workbook(path)
    book["Lines"]["C3"] = "=1+1"  # saved without a value, as scripts do
    book.save(path)
    fast, slow, taken = read_both(monkeypatch, path, settings=Settings(as_of=AS_OF))
    assert not taken
    assert fast == slow and "formula" in slow


def test_customer_sheet_and_other_sheets(tmp_path, monkeypatch):
    """Names that never repeat make a customer sheet; the drivers sheet is still joined."""
    customers = [["Customer", "Deliveries"], ["Acme", 3], ["Bolt", 1]]
    path = write_xlsx(tmp_path / "d.xlsx", {"Empty": [], "Lines": [LINE_HEADER,
                                                                   *dated(LINES)],
                                            "Drivers": customers})
    fast, slow, taken = read_both(monkeypatch, path, settings=Settings(as_of=AS_OF))
    assert taken
    assert_same(fast, slow)
    assert list(fast.customers.set_index("customer")["deliveries"].dropna()) == [3, 1]
    once = write_xlsx(tmp_path / "c.xlsx", {"Lines": [LINE_HEADER, *dated(LINES[:1]),
                                                      *dated(LINES[6:7])]})
    fast, slow, taken = read_both(monkeypatch, once)
    assert not taken
    assert_same(fast, slow)


def test_mac_1904_workbook(tmp_path, monkeypatch):
    """Both readers count dates from 1904 in a workbook saved with the Mac date system."""
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    book = openpyxl.Workbook()
    book.epoch = CALENDAR_MAC_1904
    for row in [LINE_HEADER, *dated(LINES)]:
        book.active.append(row)
    path = tmp_path / "mac.xlsx"
    book.save(path)
    fast, slow, taken = read_both(monkeypatch, path, settings=Settings(as_of=AS_OF))
    assert taken
    assert_same(fast, slow)
    assert fast.lines["date"].min() == pd.Timestamp("2022-12-31")


names = st.text(alphabet=st.sampled_from("ab \u00a0\tTotal"), max_size=6)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(names, st.one_of(st.none(), st.floats(-1e6, 1e6)),
                               st.one_of(st.none(), names)), min_size=1, max_size=12))
def test_any_names_and_labels_same_outcome(tmp_path_factory, monkeypatch, rows):
    """Blank, spaced and total-like names and labels: both readers agree on everything."""
    path = tmp_path_factory.mktemp("h") / "h.xlsx"
    body = [[dt.datetime(2024, 1, 1 + i % 28), name, amount, label]
            for i, (name, amount, label) in enumerate(rows)]
    write_xlsx(path, {"Lines": [["Date", "Customer", "Amount", "Product"], *body]})
    fast, slow, _ = read_both(monkeypatch, path, kind="lines", settings=Settings(as_of=AS_OF))
    assert_same(fast, slow)


def test_head_reader_shared_and_inline_strings(tmp_path):
    path = write_xlsx(tmp_path / "h.xlsx", {"S": [["A & B <x>", "Ünï"], [1.5, "=text"]]},
                      start_row=4)
    head = read_head(path, "xl/worksheets/sheet1.xml")
    assert head.first_row == 4
    assert head.rows == [{0: "A & B <x>", 1: "Ünï"}, {0: OTHER, 1: "=text"}]
    assert head.complete


# ------------------------------------------------------------------------------- CSV

def csv_text(rows, delimiter=",", decimal=".", newline="\n"):
    def cell(value):
        if isinstance(value, float):
            return repr(value).replace(".", decimal)
        return "" if value is None else str(value)
    return newline.join(delimiter.join(cell(v) for v in row) for row in rows) + newline


def test_clean_csv_read_column_wise(tmp_path, monkeypatch):
    path = write_csv(tmp_path / "l.csv", csv_text([LINE_HEADER, *LINES]))
    fast, slow, taken = read_both(monkeypatch, path, settings=Settings(as_of=AS_OF))
    assert taken
    assert fast.source.kind == "lines"
    assert_same(fast, slow)


@pytest.mark.parametrize("style", [
    {"delimiter": ";", "decimal": ","},                       # Dutch Excel
    {"delimiter": "\t", "newline": "\r\n"},                   # tab separated, Windows
    {"delimiter": "|"},
])
def test_csv_styles_title_rows_blank_and_total_rows(tmp_path, monkeypatch, style):
    delimiter = style.get("delimiter", ",")
    rows = [["Export 2024"], [], LINE_HEADER, *LINES[:4], [None] * 7, *LINES[4:],
            [None, "Total", 1234.5, *[None] * 4], [None, "Grand total", 1234.5, *[None] * 4]]
    text = csv_text(rows, **style)
    path = write_csv(tmp_path / "s.csv", "\ufeff" + text if delimiter == ";" else text)
    fast, slow, taken = read_both(monkeypatch, path, settings=Settings(as_of=AS_OF))
    assert taken
    assert_same(fast, slow)
    assert dict((c, n) for c, n, _ in fast.source.reconciliation)["skipped_total_rows"] == 2


@pytest.mark.parametrize("line", [
    '2024-01-01,"Bolt, Inc",10.0,5.0,O1,P1,Ann',            # quoted delimiter
    '2024-01-01,"Bolt\nsecond line",10.0,5.0,O1,P1,Ann',     # newline in a value
    "2024-01-01,Bolt,\u20ac 10,5.0,O1,P1,Ann",              # a currency sign
    "2024-01-01,Bolt,1.234,5.0,O1,P1,Ann",                  # a thousands separator?
    "2024-01-01,Bolt, 10.5 ,5.0,O1,P1,Ann",                 # spaces around a number
    "31/12/2024,Bolt,10.0,5.0,O1,P1,Ann",                   # a day-first date
    ",Bolt,10.0,5.0,O1,P1,Ann",                             # no date
    "2024-01-01,,10.0,5.0,O1,P1,Ann",                       # no name
    "2024-01-01,Bolt,10.0",                                 # a short line
    "",                                                     # an empty line
    "2024-01-01,Bolt,abc,5.0,O1,P1,Ann",                    # not a number
])
def test_csv_odd_lines_same_outcome(tmp_path, monkeypatch, line):
    text = csv_text([LINE_HEADER, *LINES[:5]]) + line + "\n" + csv_text(LINES[5:])
    path = write_csv(tmp_path / "o.csv", text)
    fast, slow, _ = read_both(monkeypatch, path, settings=Settings(as_of=AS_OF))
    assert_same(fast, slow)


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8", "utf-16", "latin-1"])
def test_csv_encodings(tmp_path, monkeypatch, encoding):
    """Excel's ANSI and Unicode CSV, UTF-8 with accents, and bytes cp1252 cannot hold."""
    suffix = "\u00e9\u20ac" if encoding != "latin-1" else "\u00e9\x81"
    rows = [LINE_HEADER, *[[r[0], r[1] + suffix, *r[2:]] for r in LINES]]
    path = write_csv(tmp_path / "w.csv", csv_text(rows), encoding=encoding)
    fast, slow, taken = read_both(monkeypatch, path, settings=Settings(as_of=AS_OF))
    assert taken
    assert_same(fast, slow)
    assert fast.customers["customer"].str.endswith(suffix).all()


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(names, st.sampled_from(["", "12", "-3.5", "0.125", "7,5",
                                                       "1.234", "12.50"]),
                               names), min_size=1, max_size=12),
       decimal_comma=st.booleans())
def test_csv_any_names_and_numbers_same_outcome(tmp_path_factory, monkeypatch, rows,
                                                decimal_comma):
    """Blank, spaced and total-like names, numbers in either decimal style."""
    path = tmp_path_factory.mktemp("c") / "c.csv"
    body = [[f"2024-01-{1 + i % 28:02d}", name.replace(";", ""), amount, label]
            for i, (name, amount, label) in enumerate(rows)]
    delimiter = ";" if decimal_comma else ","
    text = "\n".join(delimiter.join(f'"{v}"' if delimiter in v else v for v in row)
                     for row in [["Date", "Customer", "Amount", "Product"], *body]) + "\n"
    write_csv(path, text)
    fast, slow, _ = read_both(monkeypatch, path, kind="lines", settings=Settings(as_of=AS_OF))
    assert_same(fast, slow)


@given(text=st.lists(st.sampled_from(["a", ";", " ", "\r", "\n", "\r\n", "\x0b", "\u2028"]),
                    max_size=40).map("".join),
       prefix=st.integers(1, 20), count=st.integers(1, 8))
def test_delimiter_sample_is_the_first_lines(text, prefix, count):
    """The delimiter sample comes from a prefix of the file: the same lines as splitting
    the whole text, whatever the line breaks."""
    with mock.patch.object(csvfile, "_PREFIX_CHARS", prefix):
        assert csvfile._first_lines(text, count) == text.splitlines()[:count]


def test_csv_quoted_everywhere(tmp_path, monkeypatch):
    """Exports that quote every field, a title with a line break above the header."""
    rows = [['"Sales\nexport"'], [f'"{h}"' for h in LINE_HEADER],
            *[[f'"{v}"' if isinstance(v, str) else repr(v) for v in r] for r in LINES]]
    path = write_csv(tmp_path / "q.csv", "\r\n".join(",".join(r) for r in rows) + "\r\n")
    fast, slow, taken = read_both(monkeypatch, path, settings=Settings(as_of=AS_OF))
    assert taken
    assert_same(fast, slow)
    assert fast.source.notes == slow.source.notes


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fields=st.lists(st.lists(st.sampled_from(["a", '"', ",", "\n", " ", "\r", '""', "b"]),
                                max_size=6).map("".join), min_size=1, max_size=8))
def test_csv_quotes_and_breaks_same_outcome(tmp_path_factory, monkeypatch, fields):
    """Stray quotes, line breaks and delimiters in the names: both readers agree."""
    path = tmp_path_factory.mktemp("q") / "q.csv"
    body = "".join(f"2024-01-0{1 + i % 9},{name},1{i}.5\n" for i, name in enumerate(fields))
    write_csv(path, "Date,Customer,Amount\n" + body)
    fast, slow, _ = read_both(monkeypatch, path, kind="lines", settings=Settings(as_of=AS_OF))
    assert_same(fast, slow)


def test_empty_cost_column_read_column_wise_and_quietly(tmp_path, monkeypatch):
    """A column without any value: fastexcel cannot guess its type and says so in a log
    warning, which must not reach the user's terminal; both readers agree."""
    rows = [[*r[:3], None, *r[4:]] for r in dated(LINES)]
    path = write_xlsx(tmp_path / "e.xlsx", {"Lines": [LINE_HEADER, *rows]})
    fast, slow, taken = read_both(monkeypatch, path, settings=Settings(as_of=AS_OF))
    assert taken
    assert_same(fast, slow)
    done = subprocess.run([sys.executable, "-m", "xl_portfolio", "analyze", str(path),
                           "--lines", "-q", "-o", str(tmp_path / "out.xlsx")],
                          capture_output=True, text=True, check=False)
    assert (done.returncode, done.stderr) == (0, "")
