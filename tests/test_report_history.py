"""The Trends sheet of an invoice history: bridge, charts, one-period case, LibreOffice."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from tests.history_fixtures import simulated_buyers
from tests.libreoffice import convert, require_soffice
from tests.test_report_i18n import cell_at
from xl_portfolio.analysis.history.bridge import BRIDGE_STEPS
from xl_portfolio.api import analyze
from xl_portfolio.report import write_report
from xl_portfolio.report.labels import header, sheet_name, text
from xl_portfolio.settings import Settings

ONE_YEAR = [("Alfa", "2025-02-03", 1200.0), ("Alfa", "2025-06-10", 800.0),
            ("Bravo", "2025-03-15", 500.0), ("Charlie", "2025-11-20", 300.0)]


def history_lines():
    """Three years of simulated buyers as a sheet of invoice lines."""
    return simulated_buyers(3, customers=150)[["customer", "date", "amount"]]


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    folder = tmp_path_factory.mktemp("history")
    results = {
        "history": analyze(history_lines(), kind="lines",
                           settings=Settings(as_of=dt.date(2024, 12, 31))),
        "history_nl": analyze(history_lines(), kind="lines",
                              settings=Settings(as_of=dt.date(2024, 12, 31), language="nl",
                                                trend_period="quarter")),
        "one_year": analyze(__import__("pandas").DataFrame(
            ONE_YEAR, columns=["customer", "date", "amount"]), kind="lines"),
    }
    return {name: (result, write_report(result, folder / f"{name}.xlsx"))
            for name, result in results.items()}


def test_bridge_block_and_sentence_show_the_analysis_figures(reports):
    result, path = reports["history"]
    last = result.history.periods.iloc[-1]
    wb = openpyxl.load_workbook(path)
    amounts = [cell_at(wb, "Trends_Bridge", down=1 + i, right=1)
               for i in range(len(BRIDGE_STEPS))]
    signs = {"lost": -1, "contraction": -1}
    assert amounts == pytest.approx([signs.get(s, 1) * last[f"bridge_{s}"]
                                     for s in BRIDGE_STEPS])
    assert sum(amounts[:-1]) == pytest.approx(amounts[-1])
    labels = result.history.periods["period"].tolist()
    assert cell_at(wb, "Trends_Note", down=2) == text(
        "history_bridge", "en", start_period=labels[-2], end_period=labels[-1],
        **{s: f"{last[f'bridge_{s}']:,.0f}" for s in BRIDGE_STEPS})
    assert [cell_at(wb, "Trends_Periods", right=1 + i) for i in range(len(labels))] == labels


def test_trends_sheet_has_its_three_charts_and_a_hidden_base(reports):
    _, path = reports["history"]
    ws = openpyxl.load_workbook(path)["Trends"]
    assert len(ws._charts) == 3
    waterfall = next(c for c in ws._charts if c.grouping == "stacked")
    assert waterfall.series[0].graphicalProperties.noFill


def test_customers_table_has_rfm_and_lifetime_columns(reports):
    result, path = reports["history_nl"]
    ws = openpyxl.load_workbook(path, read_only=True)[sheet_name("Customers", "nl")]
    headers = next(ws.iter_rows(max_row=1, values_only=True))
    for column in ("rfm_score", "rfm_segment", "p_alive", "expected_purchases", "at_risk",
                   "clv_method", "clv"):
        assert header(column, "nl") in headers, column
    assert result.history.lifetime.status == "model"
    assert len(result.history.periods) == 12  # three years of quarters


def test_one_period_says_there_is_no_previous_period(reports):
    result, path = reports["one_year"]
    wb = openpyxl.load_workbook(path)
    first = result.history.periods["period"].iloc[0]
    assert cell_at(wb, "Trends_Note", down=1) == text(
        "trends_single", "en", first=first, period="a year")
    assert cell_at(wb, "Trends_Periods", down=1, right=1) == 3  # active customers
    assert cell_at(wb, "Trends_Periods", down=2, right=1) == "n/a"  # new: not "all new"
    assert cell_at(wb, "Trends_Bridge", down=1) == text("bridge_none", "en")
    assert cell_at(wb, "Trends_Bridge", down=2) is None
    assert not any("customers left" in w or "new customers" in w for w in result.warnings)
    assert len(wb["Trends"]._charts) == 1  # revenue and active customers only


@pytest.mark.libreoffice
@pytest.mark.slow
def test_libreoffice_opens_the_trends_sheet_without_errors(reports, tmp_path):
    soffice = require_soffice()
    files = [path for _, path in reports.values()]
    outputs = convert(files, tmp_path / "lo", "xlsx", soffice=soffice, timeout=600)
    for (result, _), out in zip(reports.values(), outputs, strict=True):
        wb = openpyxl.load_workbook(out, data_only=True)
        for row in wb["Trends"].iter_rows(values_only=True):
            for value in row:
                assert not (isinstance(value, str) and value.startswith(("#", "Err:"))), value
        if result.history.has_previous_period:
            assert cell_at(wb, "Trends_Bridge", down=7, right=1) == pytest.approx(
                result.history.periods["bridge_end"].iloc[-1])


def test_one_period_summary_has_no_churn_figures(reports):
    result, _ = reports["one_year"]
    assert "churn_rate" not in result.summary and "customers_new" not in result.summary
    history_result, _ = reports["history"]
    assert "churn_rate" in history_result.summary
