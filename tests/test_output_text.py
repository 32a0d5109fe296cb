"""Text from the input reaches the report and the console safely (issue 8, classes 3 and
4): XML-illegal characters never reach the package, in the openpyxl path and in the
streamed one, in cells, chart titles and document properties; the console never fails
on encoding and never receives escape sequences."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import unicodedata
import zipfile

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.series import SeriesLabel

from xl_portfolio.api import analyze
from xl_portfolio.console import encodable, printable, say
from xl_portfolio.report import build_workbook, write_report
from xl_portfolio.report.stream import STREAM_MIN_ROWS
from xl_portfolio.report.xml_safe import make_text_xml_safe
from xl_portfolio.settings import Settings

HOSTILE = "Evil\ufffe \uffff\x01\x1b[2J\x1b]0;pwned\x07 \ud800Co"


def hostile_portfolio(rows: int) -> pd.DataFrame:
    names = [f"Customer {i}" for i in range(rows)]
    names[0] = HOSTILE
    names[1] = "Customer 1\x0b"
    # object dtype: pandas' Arrow-backed str dtype cannot even hold the lone surrogate
    return pd.DataFrame({"Customer": pd.Series(names, dtype=object),
                         "Revenue": [100_000.0] + [1_000.0 + i for i in range(rows - 1)],
                         "Cost of goods": [50_000.0] + [600.0] * (rows - 1),
                         "Orders": [10] * rows})


def assert_package_is_well_formed(path) -> None:
    """Every XML part parses with a strict XML parser (expat rejects U+FFFE, U+FFFF
    and control characters, as Excel does)."""
    from xml.etree import ElementTree

    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.endswith((".xml", ".rels")):
                ElementTree.fromstring(archive.read(name))


def customer_names(path) -> list[str]:
    ws = load_workbook(path, read_only=True)["Customers"]
    return [row[0] for row in ws.iter_rows(min_row=2, max_col=1, values_only=True)]


@pytest.mark.parametrize("rows, path_kind", [
    (20, "openpyxl"), (STREAM_MIN_ROWS + 200, "streamed")])
def test_illegal_characters_never_reach_the_package(tmp_path, rows, path_kind):
    result = analyze(hostile_portfolio(rows), settings=Settings())
    out = tmp_path / "report.xlsx"
    if path_kind == "streamed":
        write_report(result, out)
    else:
        build_workbook(result).save(out)
    assert_package_is_well_formed(out)
    names = customer_names(out)
    assert len(names) == rows
    assert [n for n in names if n.startswith("Evil")] == ["Evil [2J]0;pwned Co"]
    assert "Customer 1\x0b" not in names and "Customer 1" in names


def test_streamed_rows_hold_the_hostile_name_cleaned(tmp_path):
    """The name must sit in the streamed part of the table, not in openpyxl's rows."""
    frame = hostile_portfolio(STREAM_MIN_ROWS + 200)
    frame.loc[0, "Revenue"] = 1.0  # sorted by revenue: the hostile row is near the end
    out = tmp_path / "report.xlsx"
    write_report(analyze(frame, settings=Settings()), out)
    assert_package_is_well_formed(out)
    assert customer_names(out)[-1].startswith("Evil")


def test_chart_titles_series_and_properties_are_cleaned():
    wb = Workbook()
    ws = wb.active
    ws.append(["a", 1])
    chart = BarChart()
    chart.title = "Title\ufffe\x01"
    chart.x_axis.title = "Axis\uffff"
    chart.add_data(Reference(ws, min_col=2, min_row=1, max_row=1))
    chart.series[0].tx = SeriesLabel(v="Series\x02")
    ws.add_chart(chart, "D2")
    ws.oddHeader.center.text = "Head\x03"
    wb.properties.title = "Props\ufffe"
    make_text_xml_safe(wb)
    assert chart.title.tx.rich.p[0].r[0].t == "Title"
    assert chart.x_axis.title.tx.rich.p[0].r[0].t == "Axis"
    assert chart.series[0].tx.v == "Series"
    assert ws.oddHeader.center.text == "Head"
    assert wb.properties.title == "Props"


# --- console ----------------------------------------------------------------------------

@pytest.mark.parametrize("text, shown", [
    ("plain", "plain"),
    ("\x1b[31mred\x1b[0m", "red"),
    ("\x1b]0;title\x07name", "name"),
    ("\x1b]8;;http://evil\x1b\\link", "link"),
    ("bell\x07cr\rdel\x7f", "bell?cr?del?"),
    ("c1\x9bcsi", "c1?csi"),
    ("left\u202eright", "left?right"),
    ("line\nnext\ttab", "line\nnext\ttab"),
])
def test_printable_removes_escape_sequences_and_controls(text, shown):
    assert printable(text) == shown


def test_encodable_replaces_what_the_console_cannot_show():
    stream = io.TextIOWrapper(io.BytesIO(), encoding="cp1252")
    assert encodable("Łódź 東京 café", stream) == "?ód? ?? café"


def test_say_never_raises_on_a_strict_code_page():
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="cp1252", errors="strict")
    say("Klant 東京 \x1b[2J", stream)
    assert raw.getvalue() == b"Klant ?? \n"


def test_cp1252_console_gets_the_summary_and_the_report_is_written(tmp_path):
    """The whole command on a Windows code page: exit 0, summary printed with '?', the
    escape sequences in a customer name and the file name never reach the terminal."""
    name = "klanten_東京.csv"
    (tmp_path / name).write_text(
        "Customer,Revenue,Cost of goods,Orders\n"
        '"Łódź 東京 \x1b]0;pwned\x07\x1b[2JEvil",90000,50000,5\n'
        "Bravo,2500,1500,8\nCharlie,400,390,12\n", encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": "cp1252"}
    run = subprocess.run([sys.executable, "-m", "xl_portfolio", "analyze", name, "-o",
                          "out.xlsx"], cwd=tmp_path, capture_output=True, env=env,
                         stdin=subprocess.DEVNULL, timeout=300)
    assert run.returncode == 0, run.stderr.decode("cp1252", "replace")
    out = run.stdout.decode("cp1252")
    assert "Read klanten_??.csv: 3 customers" in out
    assert "?ód? ?? Evil accounts for 96.9% of revenue" in out
    assert "\x1b" not in out and "\x07" not in out
    assert "Wrote out.xlsx" in out
    assert (tmp_path / "out.xlsx").exists()


def test_settings_command_writes_utf8_toml_on_a_code_page_console(tmp_path):
    (tmp_path / "in.toml").write_text('[columns]\ncustomer = "東京 Klant"\n', encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": "cp1252"}
    run = subprocess.run([sys.executable, "-m", "xl_portfolio", "settings", "--settings",
                          "in.toml"], cwd=tmp_path, capture_output=True, env=env,
                         stdin=subprocess.DEVNULL, timeout=300)
    assert run.returncode == 0, run.stderr
    assert 'customer = "東京 Klant"' in run.stdout.decode("utf-8")


# --- any text at all (Hypothesis) -------------------------------------------------------

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from xl_portfolio.report.cells import clean_text, xml_text  # noqa: E402

ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=60)


@given(ANY_TEXT)
def test_any_text_becomes_well_formed_xml(text):
    from xml.etree import ElementTree

    element = ElementTree.fromstring(f"<t>{xml_text(text)}</t>".encode())
    assert (element.text or "") == clean_text(text)


@given(ANY_TEXT)
def test_any_text_prints_without_controls_on_any_code_page(text):
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="cp1252", errors="strict")
    say(text, stream)
    shown = raw.getvalue().decode("cp1252")
    assert "\x1b" not in shown and "\r" not in shown
    assert all(c in "\n\t" or unicodedata.category(c) != "Cc" for c in shown)


@pytest.mark.libreoffice
def test_libreoffice_opens_the_hostile_report_and_keeps_the_cleaned_name(tmp_path):
    """Both writer paths, opened and recalculated by a real spreadsheet application."""
    from tests.libreoffice import convert, require_soffice

    soffice = require_soffice()
    small, big = tmp_path / "small.xlsx", tmp_path / "big.xlsx"
    build_workbook(analyze(hostile_portfolio(20), settings=Settings())).save(small)
    write_report(analyze(hostile_portfolio(STREAM_MIN_ROWS + 200), settings=Settings()), big)
    for converted in convert([small, big], tmp_path / "lo", soffice=soffice):
        assert "Evil [2J]0;pwned Co" in customer_names(converted)
