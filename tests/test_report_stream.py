"""The fast paths of the report writer give what the general ones give.

- report.cells.column_values (bulk, per distinct text) equals clean_value on each value;
- report.stream's column-wise XML equals the cell-by-cell XML;
- a table streamed by write_report reads back cell by cell as the all-openpyxl
  build_workbook writes it: values, types, number formats, alignment, row heights.
"""

from __future__ import annotations

import datetime as dt
import errno
import math
import threading
import zipfile
from xml.etree import ElementTree

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter

from tests.libreoffice import convert, require_soffice
from tests.report_fixtures import FORMULA_NAMES, make_result
from xl_portfolio.errors import OutputError
from xl_portfolio.report import build_workbook, stream, write_report
from xl_portfolio.report.blocks import customer_columns
from xl_portfolio.report.cells import (
    MISSING_MARKERS,
    MISSING_NUMBER,
    clean_text,
    clean_value,
    column_values,
    xml_text,
)
from xl_portfolio.report.stream import DeferredRows, _cell_xml, _column_xml

HOSTILE_TEXT = [
    "A & B <Trading> \"Quotes\" 'single'", "  leading spaces", "trailing spaces  ", " ",
    "", "Tab\tinside", "Line\nbreak", "Carriage\rreturn", "Ctrl\x01\x02\x1f chars",
    "Non-char \ufffe\uffff", "Lone surrogate \ud800 here", "n/a", "n.v.t.", "s.o.",
    "Ünïcödé 東京 café", "x" * 40_000, *FORMULA_NAMES]
TEXT = st.one_of(st.sampled_from(HOSTILE_TEXT), st.text(max_size=12))
NUMBERS = st.one_of(st.floats(allow_nan=True, allow_infinity=True),
                    st.integers(-(2**70), 2**70), st.sampled_from([0.0, -0.0, 1e300, -1e-300]))
DATES = st.one_of(st.dates(), st.datetimes())
CELL_VALUES = st.one_of(st.none(), st.booleans(), NUMBERS, TEXT, DATES)


def same(a: object, b: object) -> bool:
    """Equal and of the same type (1 == 1.0 == True would hide a changed cell type)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return a == b


def reference_column_values(series: pd.Series, blank_missing: bool = False) -> list:
    """column_values as it was before the fast paths: value by value."""
    if pd.api.types.is_bool_dtype(series.dtype):
        return [None if pd.isna(v) else bool(v) for v in series.tolist()]
    if pd.api.types.is_numeric_dtype(series.dtype):
        marker = None if blank_missing else MISSING_NUMBER
        values = []
        for v in series.tolist():
            clean = clean_value(v)
            values.append(marker if clean == MISSING_NUMBER or v is None or v is pd.NA
                          else clean)
        return values
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        return [None if pd.isna(v) else v.to_pydatetime() for v in series.tolist()]
    return [None if _missing(v) else clean_value(v) for v in series.tolist()]


def _missing(value: object) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def assert_same_values(series: pd.Series) -> None:
    got, want = column_values(series), reference_column_values(series)
    assert len(got) == len(want)
    for i, (a, b) in enumerate(zip(got, want, strict=True)):
        assert same(a, b), (i, a, b)


@hyp_settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), st.just(float("nan")), TEXT), max_size=30))
def test_text_columns_clean_like_clean_value(values):
    assert_same_values(pd.Series(values, dtype=object))


@hyp_settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), st.sampled_from(HOSTILE_TEXT[:9]),
                          st.text(alphabet=st.characters(blacklist_categories=["Cs"]),
                                  max_size=12)), max_size=30))
def test_arrow_text_columns_clean_like_clean_value(values):
    assert_same_values(pd.Series(values, dtype="str"))


@hyp_settings(max_examples=200, deadline=None)
@given(st.lists(CELL_VALUES, max_size=30))
def test_mixed_object_columns_clean_like_clean_value(values):
    """True, 1 and 1.0 are one dictionary key: a mixed column must not be cached."""
    assert_same_values(pd.Series(values, dtype=object))


@hyp_settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(st.none(), st.datetimes(min_value=dt.datetime(1678, 1, 1),
                                                  max_value=dt.datetime(2261, 12, 31))),
                max_size=30))
def test_date_columns_convert_like_to_pydatetime(values):
    assert_same_values(pd.Series(pd.to_datetime(pd.Series(values, dtype=object))))


@pytest.mark.parametrize("series", [
    pd.Series(pd.to_datetime(["2025-01-01 10:00:00.000000001", None])),  # nanoseconds
    pd.Series(pd.to_datetime(["2025-01-01", None]).tz_localize("Europe/Brussels")),
    pd.Series(pd.to_datetime([None, None])),
    pd.Series([True, False, True]),
    pd.Series([True, None, False], dtype="boolean"),
    pd.Series([1, 2**40, -3]),
    pd.Series([1.5, np.nan, np.inf, -0.0]),
    pd.Series(["a", None, "a"], dtype="str"),
    pd.Series([], dtype=object),
])
@pytest.mark.filterwarnings("ignore:Discarding nonzero nanoseconds")
def test_column_values_edge_columns(series):
    assert_same_values(series)


@hyp_settings(max_examples=300, deadline=None)
@given(TEXT)
def test_xml_text_reads_back_as_the_clean_text(value):
    """Escaped once, in one place: an XML parser gives back exactly the cleaned text
    (the CR included: it is written as a character reference)."""
    parsed = ElementTree.fromstring(f"<t>{xml_text(value)}</t>").text or ""
    assert parsed == clean_text(value)


@hyp_settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(CELL_VALUES, st.just(stream._NO_CELL)), max_size=25))
def test_column_xml_equals_cell_by_cell_xml(values):
    """Past the end of a short row (_NO_CELL) there is no cell at all."""
    values = [v if v is stream._NO_CELL else clean_value(v) for v in values]
    rows = [str(r) for r in range(7, 7 + len(values))]
    want = ["" if v is stream._NO_CELL else
            _cell_xml(f"AB{r}", 31 if v in MISSING_MARKERS else 30, v)
            for r, v in zip(rows, values, strict=True)]
    assert _column_xml(tuple(values), "AB", rows, 30, 31) == want


def reference_rows_xml(wb, deferred: DeferredRows) -> str:
    """The streamed rows as the writer made them before it worked column-wise: one cell
    after the other, each through _cell_xml."""
    ids = [wb._cell_styles.add(s) for s in deferred.styles]
    marker_ids = [wb._cell_styles.add(s) for s in deferred.marker_styles]
    out = []
    for offset, row in enumerate(deferred.rows):
        r = deferred.first_row + offset
        height = deferred.heights.get(r)
        attrs = f' ht="{height}" customHeight="1"' if height else ""
        cells = "".join(
            _cell_xml(f"{get_column_letter(deferred.min_col + c)}{r}",
                      marker_ids[c] if value in MISSING_MARKERS else ids[c], value)
            for c, value in enumerate(row))
        out.append(f'<row r="{r}"{attrs}>{cells}</row>')
    return "".join(out)


@hyp_settings(max_examples=100, deadline=None)
@given(width=st.integers(1, 6), data=st.data())
def test_rows_xml_equals_the_cell_by_cell_rows(width, data):
    """Ragged rows included (a row shorter than the table has no cells past its end)."""
    rows = data.draw(st.lists(st.lists(CELL_VALUES, min_size=0, max_size=width), max_size=9))
    rows = [[clean_value(v) for v in row] for row in rows]
    heights = data.draw(st.dictionaries(st.integers(5, 14), st.sampled_from([30.0, 45])))
    wb = openpyxl.Workbook()
    styles = [StyleArray([0, 0, 0, 10 + c, 0, 0, 0, 0, 0]) for c in range(width)]
    markers = [StyleArray([0, 0, 0, 20 + c, 0, 0, 0, 0, 0]) for c in range(width)]
    deferred = DeferredRows("Sheet", 5, 2, rows, styles, markers, heights)
    original, stream.ROWS_PER_CHUNK = stream.ROWS_PER_CHUNK, 4  # several chunks
    try:
        assert "".join(stream._rows_xml(wb, deferred)) == reference_rows_xml(wb, deferred)
    finally:
        stream.ROWS_PER_CHUNK = original


def hostile_result(n: int, language: str):
    """A result whose Customers table holds every kind of cell the writer meets."""
    names = [HOSTILE_TEXT[i % len(HOSTILE_TEXT)] + f" {i}" if i % 3 else f"Client {i:04d}"
             for i in range(n)]
    names[5] = "n/a"  # text equal to the marker: marker style in both paths
    # the fixture's Arrow-backed str columns cannot hold a lone surrogate: set it after
    result = make_result(names=[n.replace("\ud800", "") for n in names], seed=7,
                         language=language)
    customers = result.customers
    customers["customer"] = pd.Series(names, dtype=object)  # keeps the lone surrogate
    revenue = customers["revenue"].to_numpy().copy()
    revenue[[3, 50, 260]] = [1e300, -123456.789, 2.0**60]
    customers["revenue"] = revenue
    pct = customers["net_margin_pct"].to_numpy().copy()
    pct[[0, 60, 240]] = [np.nan, np.inf, -np.inf]
    customers["net_margin_pct"] = pct
    customers.loc[[70, 250], "next_review"] = pd.NaT
    owners = customers["owner"].astype(object).to_numpy().copy()
    owners[[80, 270]] = ["<b>Owner & co</b>", "  spaced  "]
    customers["owner"] = owners
    actions = customers["action"].astype(object).to_numpy().copy()
    actions[[20, 100, 290]] = ["Renegotiate the terms: " * 8, "A & B <c> " * 30, "x " * 90]
    customers["action"] = actions
    return result


def looks(cell) -> tuple[str, ...]:
    """Number format, alignment, font, fill and border (style proxies compare by repr)."""
    return (cell.number_format, repr(cell.alignment), repr(cell.font), repr(cell.fill),
            repr(cell.border))


def _cells(ws):
    return {(c.row, c.column): c for row in ws.iter_rows() for c in row}


@pytest.mark.parametrize("language", ["en", "nl"])
def test_streamed_rows_read_back_as_openpyxl_writes_them(tmp_path, monkeypatch, language):
    monkeypatch.setattr("xl_portfolio.report.fill.STREAM_MIN_ROWS", 40)
    result = hostile_result(300, language)
    streamed_path = write_report(result, tmp_path / "streamed.xlsx")
    plain_path = tmp_path / "plain.xlsx"
    build_workbook(result).save(plain_path)
    streamed = openpyxl.load_workbook(streamed_path)
    plain = openpyxl.load_workbook(plain_path)
    assert streamed.sheetnames == plain.sheetnames
    sheet = next(ws.title for ws in plain.worksheets if "Customers" in ws.tables)
    a, b = streamed[sheet], plain[sheet]
    assert a.tables["Customers"].ref == b.tables["Customers"].ref
    assert a.max_row == b.max_row == 301 and a.max_column == b.max_column
    cells_a, cells_b = _cells(a), _cells(b)
    assert cells_a.keys() == cells_b.keys()
    for key, cell_b in cells_b.items():
        cell_a = cells_a[key]
        if type(cell_b.value) in (int, float):
            # openpyxl writes 0.0 as 0 and rounds to 17 digits; the stream writes the repr
            assert type(cell_a.value) in (int, float), cell_a.coordinate
            assert cell_a.value == pytest.approx(cell_b.value, rel=1e-15), cell_a.coordinate
        elif isinstance(cell_a.value, str) and "\r" in cell_a.value:
            # openpyxl writes a raw CR, which XML reads back as LF; the stream keeps it
            assert cell_a.value.replace("\r", "\n") == cell_b.value, cell_a.coordinate
        else:
            assert same(cell_a.value, cell_b.value), cell_a.coordinate
        assert cell_a.data_type == cell_b.data_type, cell_a.coordinate
        assert looks(cell_a) == looks(cell_b), cell_a.coordinate
    heights_a = {r: d.height for r, d in a.row_dimensions.items() if d.height}
    heights_b = {r: d.height for r, d in b.row_dimensions.items() if d.height}
    assert heights_a == heights_b and len(heights_a) >= 4
    pct = a.cell(60 + 2, customer_columns(result).index("net_margin_pct") + 1)
    assert pct.value in MISSING_MARKERS and pct.alignment.horizontal == "right"


@pytest.mark.libreoffice
@pytest.mark.slow
def test_libreoffice_reads_the_streamed_rows_as_the_openpyxl_ones(tmp_path, monkeypatch):
    """A real spreadsheet, not openpyxl's reader, sees the same Customers table from both
    writers (escaping, xml:space, booleans, dates, n/a markers)."""
    soffice = require_soffice()
    monkeypatch.setattr("xl_portfolio.report.fill.STREAM_MIN_ROWS", 40)
    result = hostile_result(300, "en")
    streamed = write_report(result, tmp_path / "streamed.xlsx")
    plain = tmp_path / "plain.xlsx"
    build_workbook(result).save(plain)
    read_a, read_b = convert([streamed, plain], tmp_path / "lo", soffice=soffice)
    sheet = "Customers"
    a = openpyxl.load_workbook(read_a)[sheet]
    b = openpyxl.load_workbook(read_b)[sheet]
    assert a.max_row == b.max_row == 301 and a.max_column == b.max_column
    for row_a, row_b in zip(a.iter_rows(), b.iter_rows(), strict=True):
        for cell_a, cell_b in zip(row_a, row_b, strict=True):
            value_a, value_b = cell_a.value, cell_b.value
            if isinstance(value_a, str) and "\r" in value_a:
                value_a = value_a.replace("\r", "\n")  # openpyxl's path loses the CR
            if type(value_b) in (int, float):
                assert value_a == pytest.approx(value_b, rel=1e-15), cell_a.coordinate
            else:
                assert value_a == value_b, cell_a.coordinate
            assert cell_a.number_format == cell_b.number_format, cell_a.coordinate


def test_a_full_disk_while_deflating_keeps_the_previous_report(tmp_path, monkeypatch):
    """The streamed rows are written on the deflate thread: its error still reaches the
    caller as the usual OutputError, the old report intact and no temporary file left."""
    monkeypatch.setattr("xl_portfolio.report.fill.STREAM_MIN_ROWS", 40)
    monkeypatch.setattr(stream, "ROWS_PER_CHUNK", 50)
    target = tmp_path / "report.xlsx"
    target.write_bytes(b"the previous report")
    real_write = zipfile._ZipWriteFile.write
    calls = []

    def full_disk(self, data):  # noqa: ANN001
        if threading.current_thread().name.startswith("xl-portfolio-deflate"):
            calls.append(len(data))
            if len(calls) == 3:  # the head, one chunk of rows, then the disk is full
                raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(self, data)

    monkeypatch.setattr(zipfile._ZipWriteFile, "write", full_disk)
    with pytest.raises(OutputError, match="previous report is unchanged"):
        write_report(make_result(300), target)
    assert len(calls) == 3
    assert target.read_bytes() == b"the previous report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.xlsx"]
