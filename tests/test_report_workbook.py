"""The written workbook read back: tables, values, formats, safety, properties, atomicity."""

from __future__ import annotations

import datetime as dt
import math
import os
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from tests.report_fixtures import FORMULA_NAMES, make_result
from xl_portfolio.analysis.portfolio import analyze_frame
from xl_portfolio.errors import OutputError
from xl_portfolio.report import blocks, write_report
from xl_portfolio.report.anchors import SHEETS
from xl_portfolio.report.cells import (
    EXCEL_TEXT_LIMIT,
    MISSING_NUMBER,
    clean_value,
    safe_sheet_name,
    safe_table_name,
)
from xl_portfolio.schema import OUTPUT_COLUMNS
from xl_portfolio.settings import Settings


@pytest.fixture
def result():
    return make_result(16, names=list(FORMULA_NAMES) + [f"Client {i}" for i in range(10)])


@pytest.fixture
def written(result, tmp_path):
    path = write_report(result, tmp_path / "portfolio.xlsx")
    return result, path, openpyxl.load_workbook(path)


def table_frame(wb, sheet: str, name: str) -> pd.DataFrame:
    ws = wb[sheet]
    rows = [[c.value for c in row] for row in ws[ws.tables[name].ref]]
    return pd.DataFrame(rows[1:], columns=rows[0])


def test_customers_table_has_the_output_columns_in_order(written):
    result, _, wb = written
    table = wb["Customers"].tables["Customers"]
    expected = [OUTPUT_COLUMNS[c] for c in OUTPUT_COLUMNS if c in result.customers.columns]
    assert [col.name for col in table.tableColumns] == expected
    assert table.ref == f"A1:{openpyxl.utils.get_column_letter(len(expected))}17"
    assert table.autoFilter.ref == table.ref
    assert wb["Customers"].freeze_panes == "B2"
    assert wb.sheetnames == list(SHEETS)


def test_customer_values_equal_the_result(written):
    result, path, _ = written
    frame = pd.read_excel(path, sheet_name="Customers", engine="openpyxl")
    source = result.customers
    assert frame["Customer"].tolist() == source["customer"].tolist()
    for column in ("revenue", "net_margin", "net_margin_pct", "revenue_share", "clv"):
        np.testing.assert_allclose(frame[OUTPUT_COLUMNS[column]].to_numpy(dtype=float),
                                   source[column].to_numpy(dtype=float), rtol=1e-12)
    assert frame["Priority"].tolist() == source["priority"].tolist()
    reviews = pd.to_datetime(frame["Next review"]).dt.date.tolist()
    assert reviews == [d.date() for d in source["next_review"]]


def test_number_formats_by_column_kind(written):
    _, _, wb = written
    ws = wb["Customers"]
    formats = {ws.cell(1, c).value: ws.cell(2, c).number_format
               for c in range(1, ws.max_column + 1)}
    assert formats["Revenue"] == '#,##0 "EUR";[Red]-#,##0 "EUR"'  # the currency shows
    assert formats["Net margin"] == '#,##0 "EUR";[Red]-#,##0 "EUR"'
    assert formats["Net margin %"] == "0.0%"
    assert formats["Next review"] == "yyyy-mm-dd"


def test_no_formula_anywhere_and_formula_like_names_stay_text(written):
    _, path, wb = written
    with zipfile.ZipFile(path) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert sheets
        for name in sheets:
            assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)
        assert not any("vbaProject" in n or "externalLink" in n for n in archive.namelist())
    names = [c.value for c in wb["Customers"]["A"][1:]]
    for formula_name in FORMULA_NAMES:
        assert formula_name in names
    for row in wb["Customers"].iter_rows(min_row=2, max_col=1):
        assert row[0].data_type == "s"


def test_missing_numbers_are_marked_and_optional_text_is_empty(tmp_path):
    result = make_result(6)
    result.customers.loc[0, "net_margin_pct"] = np.nan
    result.customers.loc[1, "clv"] = np.inf
    result.customers.loc[2, "owner"] = None
    path = write_report(result, tmp_path / "p.xlsx")
    frame = table_frame(openpyxl.load_workbook(path), "Customers", "Customers")
    assert frame.loc[0, "Net margin %"] == MISSING_NUMBER
    assert frame.loc[1, "CLV"] == MISSING_NUMBER
    assert pd.isna(frame.loc[2, "Owner"])
    # success % exists only with a growth plan: blank elsewhere, never n/a
    no_plan = result.customers["growth_success_pct"].isna().to_numpy()
    assert frame.loc[no_plan, "Success %"].isna().all()


def test_long_text_is_cut_to_the_excel_limit(tmp_path):
    long_name = "x" * 40_000
    path = write_report(make_result(names=[long_name, "B", "C"]), tmp_path / "p.xlsx")
    names = [c.value for c in openpyxl.load_workbook(path)["Customers"]["A"][1:]]
    assert max(len(n) for n in names) == EXCEL_TEXT_LIMIT


def test_dashboard_key_figures_equal_the_result(written):
    result, _, wb = written
    ws = wb["Dashboard"]
    figures = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(6, 17)}
    customers = result.customers
    active = customers["pyramid_tier"].isin(["Top", "Big", "Medium", "Small"])
    assert figures["Active customers"] == active.sum()
    assert figures["Revenue"] == pytest.approx(customers["revenue"].sum())
    assert figures["Net margin after cost to serve"] == pytest.approx(
        customers["net_margin"].sum())
    assert figures["Top 5 customers, share of revenue (CR5)"] == pytest.approx(
        customers["revenue_share"].nlargest(5).sum())
    loss = active & (customers["net_margin"] < 0)
    assert figures["Loss-making active customers"] == loss.sum()
    assert ws["A2"].value.endswith("As of 2025-12-31")
    assert "amounts in EUR" in ws["A2"].value


def test_matrix_grid_matches_the_matrix_cells(written):
    result, _, wb = written
    ws = wb["Matrix"]
    sizes = [ws.cell(5, c).value for c in range(3, 6)]
    for block_index, level in enumerate(("High", "Low", "Loss")):
        top = 6 + block_index * 5
        assert ws.cell(top, 1).value == level
        for offset, size in enumerate(sizes):
            sub = result.customers[(result.customers["size_class"] == size)
                                   & (result.customers["profitability"] == level)]
            assert ws.cell(top + 1, 3 + offset).value == len(sub)
            assert ws.cell(top + 2, 3 + offset).value == pytest.approx(sub["revenue"].sum())
            assert ws.cell(top + 3, 3 + offset).value == pytest.approx(sub["net_margin"].sum())


def test_actions_are_the_top_ones_by_money_at_stake(written):
    result, _, wb = written
    frame = table_frame(wb, "Actions", "Actions")
    customers = result.customers.set_index("customer")
    loss = (-customers["net_margin"]).clip(lower=0)
    stake = np.maximum(loss, customers["expected_extra_margin"].fillna(0))
    expected = stake.sort_values(ascending=False, kind="mergesort")
    assert len(frame) == min(25, len(expected))
    assert frame["Money at stake (EUR)"].tolist() == pytest.approx(
        expected.iloc[:len(frame)].tolist())
    assert wb["Actions"]["B2"].value == pytest.approx(frame["Money at stake (EUR)"].sum())
    assert wb["Actions"].print_title_rows == "$4:$4"


def test_whale_chart_data_is_downsampled_but_keeps_peak_and_end(tmp_path):
    result = make_result(2_000, seed=3)
    path = write_report(result, tmp_path / "p.xlsx")
    frame = table_frame(openpyxl.load_workbook(path), "Whale curve", "WhaleCurve")
    whale = result.whale
    assert len(frame) <= blocks.WHALE_CHART_POINTS + 3
    last = frame.iloc[-1]
    assert last.iloc[0] == pytest.approx(1.0)
    assert last.iloc[1] == pytest.approx(whale["cumulative_net_margin_pct"].iloc[-1])
    assert frame.iloc[:, 1].max() == pytest.approx(whale["cumulative_net_margin_pct"].max())


def test_settings_sheet_lists_every_setting(written):
    result, _, wb = written
    frame = table_frame(wb, "Settings", "Settings")
    names = frame.iloc[:, 1].tolist()
    for name, _ in Settings().as_rows():
        assert name in names
    labels = dict(zip(frame.iloc[:, 0], frame.iloc[:, 2], strict=True))
    values = dict(zip(names, frame.iloc[:, 2], strict=True))
    assert labels["Input file"] == "customers.xlsx"
    assert labels["Cost per order"] == result.settings.rate_per_order
    # The as-of date reads as a date, not as a serial number in a general-format cell.
    assert values["as_of"] == result.summary["as_of"].isoformat()
    ws = wb["Settings"]
    row = 2 + names.index("cost_of_capital")
    assert ws.cell(row, 3).number_format == "0.0%"  # fractions read as percentages


def test_document_properties_are_ours(written):
    _, path, wb = written
    assert wb.properties.creator == "xl-portfolio"
    assert wb.properties.title == "Customer portfolio"
    assert abs(wb.properties.created - dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
               ) < dt.timedelta(minutes=5)
    assert len(wb.custom_doc_props) == 0


def test_template_author_and_custom_properties_are_not_carried(tmp_path):
    from openpyxl.packaging.custom import StringProperty

    from xl_portfolio.report.template import default_template
    wb = openpyxl.load_workbook(default_template())
    wb.properties.creator = "Jane Template"
    wb.properties.lastModifiedBy = "Jane Template"
    wb.custom_doc_props.append(StringProperty(name="Client", value="Secret Corp"))
    template = tmp_path / "mine.xlsx"
    wb.save(template)
    path = write_report(make_result(5), tmp_path / "out.xlsx", template=template)
    with zipfile.ZipFile(path) as archive:
        everything = b"".join(archive.read(n) for n in archive.namelist()
                              if n.endswith(".xml"))
    assert b"Jane Template" not in everything and b"Secret Corp" not in everything


def test_atomic_write_keeps_the_old_file_on_failure(tmp_path, monkeypatch):
    target = tmp_path / "portfolio.xlsx"
    target.write_bytes(b"old report")

    def broken(self, filename):
        Path(filename).write_bytes(b"half")
        raise RuntimeError("disk full")

    monkeypatch.setattr(openpyxl.Workbook, "save", broken)
    with pytest.raises(RuntimeError):
        write_report(make_result(4), target)
    assert target.read_bytes() == b"old report"
    assert [p.name for p in tmp_path.iterdir()] == ["portfolio.xlsx"]


def test_open_workbook_is_reported_clearly(tmp_path):
    target = tmp_path / "portfolio.xlsx"
    (tmp_path / "~$portfolio.xlsx").write_bytes(b"lock")
    with pytest.raises(OutputError, match="close portfolio.xlsx in Excel and run again"):
        write_report(make_result(4), target)
    assert not target.exists()


def test_locked_target_on_replace_becomes_output_error(tmp_path, monkeypatch):
    target = tmp_path / "portfolio.xlsx"

    def denied(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", denied)
    with pytest.raises(OutputError, match="close portfolio.xlsx"):
        write_report(make_result(4), target)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("name", "expected"), [
    ("Customers", "Customers"), ("a[b]c:d*e?f/g\\h", "a_b_c_d_e_f_g_h"),
    ("x" * 40, "x" * 31), ("", "Sheet")])
def test_safe_sheet_name(name, expected):
    assert safe_sheet_name(name) == expected


def test_safe_sheet_name_is_unique():
    assert safe_sheet_name("Data", {"data"}) == "Data (2)"


@pytest.mark.parametrize(("name", "expected"), [
    ("Customers", "Customers"), ("my table", "my_table"), ("1st", "_1st"), ("A1", "_A1"),
    ("R", "_R"), ("R1C1", "_R1C1")])
def test_safe_table_name(name, expected):
    assert safe_table_name(name) == expected


def test_clean_value_policy():
    assert clean_value(float("nan")) == MISSING_NUMBER
    assert clean_value(np.float64("inf")) == MISSING_NUMBER
    assert clean_value(np.int64(3)) == 3 and isinstance(clean_value(np.int64(3)), int)
    assert clean_value(pd.NaT) is None
    assert clean_value("a\x00b") == "ab"
    assert isinstance(clean_value(pd.Timestamp("2025-01-02")), dt.datetime)
    assert math.isclose(clean_value(np.float32(0.5)), 0.5)


def test_report_of_the_real_analysis(tmp_path):
    frame = pd.DataFrame({
        "customer": ["Acme", "=cmd|' /C calc'!A0", "Beta", "Gamma", "Delta"],
        "revenue": [120_000.0, 50_000.0, 8_000.0, 3_000.0, 0.0],
        "cost_of_goods": [90_000.0, 30_000.0, 4_000.0, 2_500.0, 0.0],
        "orders": [40, 12, 30, 25, 0], "deliveries": [40, 12, 30, 25, 0],
    })
    result = analyze_frame(frame, Settings(as_of=dt.date(2025, 12, 31)))
    path = write_report(result, tmp_path / "real.xlsx")
    read = pd.read_excel(path, sheet_name="Customers", engine="openpyxl")
    assert read["Customer"].tolist() == result.customers["customer"].tolist()
    np.testing.assert_allclose(read["Net margin"].to_numpy(dtype=float),
                               result.customers["net_margin"].to_numpy(dtype=float))
    tiers = table_frame(openpyxl.load_workbook(path), "Pyramid", "Pyramid")
    assert tiers.iloc[:, 1].sum() == len(frame)


def test_big_tables_are_streamed_with_the_same_content(tmp_path):
    """Above STREAM_MIN_ROWS rows the Customers table is streamed into the package;
    read back it must equal the all-openpyxl build, formats and text safety included."""
    from xl_portfolio.report import build_workbook
    from xl_portfolio.report.stream import STREAM_MIN_ROWS

    names = [f"Client {i:05d}" for i in range(STREAM_MIN_ROWS + 50)] + list(FORMULA_NAMES)
    result = make_result(names=names, seed=5)
    pct = result.customers["net_margin_pct"]
    result.customers["net_margin_pct"] = pct.where(pct.index != 1040)
    streamed = openpyxl.load_workbook(write_report(result, tmp_path / "streamed.xlsx"))
    plain_path = tmp_path / "plain.xlsx"
    build_workbook(result).save(plain_path)
    plain = openpyxl.load_workbook(plain_path)
    for sheet in ("Customers", "Actions"):
        a, b = streamed[sheet], plain[sheet]
        assert a.tables[sheet].ref == b.tables[sheet].ref
        assert a.max_row == b.max_row and a.max_column == b.max_column
        for row_a, row_b in zip(a.iter_rows(), b.iter_rows(), strict=True):
            for cell_a, cell_b in zip(row_a, row_b, strict=True):
                if isinstance(cell_b.value, (int, float)) and not isinstance(cell_b.value, bool):
                    # openpyxl rounds to 16 digits; the stream writes the exact repr
                    assert cell_a.value == pytest.approx(cell_b.value, rel=1e-14)
                else:
                    assert cell_a.value == cell_b.value, cell_a.coordinate
                assert cell_a.number_format == cell_b.number_format, cell_a.coordinate
                assert cell_a.data_type == cell_b.data_type, cell_a.coordinate
    assert streamed["Customers"].cell(1042, 8).value == MISSING_NUMBER
