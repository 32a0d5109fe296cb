"""The Trends sheet: the revenue bridge when there is a previous period, else why not."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pandas as pd

from tests.test_report_i18n import cell_at
from xl_portfolio.analysis.portfolio import analyze_frame
from xl_portfolio.report import write_report
from xl_portfolio.report.labels import text
from xl_portfolio.settings import Settings

SETTINGS = Settings(as_of=dt.date(2025, 12, 31))


def trends_sentences(frame: pd.DataFrame, tmp_path) -> list[str]:
    path = write_report(analyze_frame(frame, SETTINGS), tmp_path / "r.xlsx")
    wb = openpyxl.load_workbook(path)
    return [v for v in (cell_at(wb, "Trends_Note", down=r) for r in range(4)) if v]


def test_bridge_with_figures_worked_by_hand(tmp_path):
    frame = pd.DataFrame({
        "customer": ["a", "b", "c", "d", "e"],
        "revenue": [1500.0, 700.0, 0.0, 2000.0, 400.0],
        "revenue_previous": [1000.0, 900.0, 600.0, 0.0, 400.0],
    })
    sentences = trends_sentences(frame, tmp_path)
    # previous 2,900 - lost 600 (c) - contraction 200 (b) + expansion 500 (a) + new 2,000 (d)
    # = 4,600 = the current revenue.
    assert sentences[0] == text("trends_bridge", "en", previous="2,900", lost="600",
                                contraction="200", expansion="500", new="2,000", now="4,600")
    # 4 customers at the start, 1 lost (25.0%); GRR (2,900 - 600 - 200) / 2,900 = 72.4%;
    # NRR (2,100 + 500) / 2,900 = 89.7%.
    assert sentences[1] == text("trends_retention", "en", start="4 customers", lost="1",
                                new="1", churn="25.0%", grr="72.4%", nrr="89.7%")


def test_without_previous_period_the_sheet_says_what_it_needs(tmp_path):
    frame = pd.DataFrame({"customer": ["a", "b"], "revenue": [10.0, 20.0]})
    assert trends_sentences(frame, tmp_path) == [text("trends_note", "en")]
