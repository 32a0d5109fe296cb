"""The report's own labels in Dutch and French: the written workbook read back.

The figures in the sentences are recomputed here from the customer rows with plain
pandas, and the separators are checked literally (1.234 / 1 234, 12,5% / 12,5 %), so
a template that still formats numbers the English way fails.
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import openpyxl
import pandas as pd
import pytest
from openpyxl.utils.cell import coordinate_to_tuple

from xl_portfolio import i18n
from xl_portfolio.analysis.portfolio import analyze_frame
from xl_portfolio.i18n import customers_text
from xl_portfolio.report import write_report
from xl_portfolio.report.labels import text
from xl_portfolio.settings import Settings

AS_OF = dt.date(2025, 12, 31)
TILES = ("revenue", "gross_margin", "net_margin_cts", "net_margin_pct", "active_customers")
NNBSP, NBSP = "\u202f", "\u00a0"


def portfolio() -> pd.DataFrame:
    """Eight customers with six-figure revenue and two loss-makers losing thousands."""
    return pd.DataFrame({
        "customer": ["Alfa", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel"],
        "revenue": [1_250_000.0, 640_000.0, 310_000.0, 220_000.0, 150_000.0, 90_000.0,
                    60_000.0, 45_000.0],
        "cost_of_goods": [900_000.0, 470_000.0, 240_000.0, 160_000.0, 140_000.0, 62_000.0,
                          41_000.0, 43_000.0],
        "orders": [120.0, 80.0, 60.0, 40.0, 400.0, 20.0, 15.0, 200.0],
        "deliveries": [100.0, 70.0, 50.0, 40.0, 350.0, 20.0, 15.0, 180.0],
        "dso": [45.0, 30.0, 30.0, 60.0, 90.0, 30.0, 30.0, 60.0],
    })


def cell_at(wb: openpyxl.Workbook, name: str, down: int = 0, right: int = 0):
    """The cell `down` rows and `right` columns from a single-cell defined name."""
    (sheet, ref), = wb.defined_names[name].destinations
    row, col = coordinate_to_tuple(ref.replace("$", ""))
    return wb[sheet].cell(row + down, col + right).value


@pytest.fixture(scope="module", params=["nl", "fr"])
def written(request, tmp_path_factory):
    lang = request.param
    result = analyze_frame(portfolio(), Settings(as_of=AS_OF, language=lang))
    path = write_report(result, tmp_path_factory.mktemp(lang) / "report.xlsx")
    return lang, result, openpyxl.load_workbook(path)


def test_dashboard_labels_are_translated(written):
    lang, result, wb = written
    header = [cell_at(wb, "Dashboard_KeyFigures", right=c) for c in range(4)]
    assert header == [text(k, lang) for k in ("key_figure", "tile_this", "tile_previous",
                                              "tile_change")]
    labels = [cell_at(wb, "Dashboard_KeyFigures", down=1 + r) for r in range(len(TILES))]
    assert labels == [text(k, lang) for k in TILES]
    assert not set(labels) & {text(k, "en") for k in TILES}
    revenue = cell_at(wb, "Dashboard_KeyFigures", down=1, right=1)
    assert revenue == pytest.approx(portfolio()["revenue"].sum())  # numbers stay numbers
    title = [cell_at(wb, "Dashboard_Title", down=r) for r in range(2)]
    expected_date = {"nl": "31-12-2025", "fr": "31/12/2025"}[lang]
    assert title[0] == i18n.t("report.title", lang)
    assert title[1].endswith(i18n.t("report.as_of", lang, date=expected_date))


def whale_figures(customers: pd.DataFrame) -> dict[str, float]:
    """Peak and loss of the whale curve, recomputed from the customer rows."""
    served = customers[(customers["revenue"] > 0) | (customers["net_margin"] != 0)]
    margin = np.sort(served["net_margin"].to_numpy(dtype="float64"))[::-1]
    cumulative = np.cumsum(margin) / margin.sum()
    peak = int(np.argmax(cumulative))
    losers = margin < 0
    return {"peak_share": (peak + 1) / len(margin), "peak": float(cumulative[peak]),
            "count": int(losers.sum()), "loss_share": float(losers.mean()),
            "loss": float(-margin[losers].sum()), "total": float(margin.sum())}


def test_whale_statement_in_language_with_its_separators(written):
    lang, result, wb = written
    fig = whale_figures(result.customers)
    assert fig["count"] == 2 and fig["loss"] > 1_000  # the data exercises the separators
    idle_rows = result.customers["tier_code"].isin(["inactive", "prospect"]) & (
        result.customers["net_margin"] < 0)
    idle = int(idle_rows.sum())
    sentences = [cell_at(wb, "Whale_Statement", down=1 + r) for r in range(3 + bool(idle))]

    def pct(value: float) -> str:
        return f"{value * 100:.0f}" + ("\u00a0%" if lang == "fr" else "%")

    def money(value: float) -> str:
        grouped = f"{round(value):,}"
        return grouped.replace(",", {"nl": ".", "fr": NNBSP}[lang])

    expected = [
        text("whale_peak", lang, share=pct(fig["peak_share"]), peak=pct(fig["peak"])),
        text("whale_loss", lang, customers=customers_text(fig["count"], lang),
             share=pct(fig["loss_share"]), loss=money(fig["loss"])),
        text("whale_total", lang, total=money(fig["total"])),
    ]
    if idle:
        loss = -result.customers.loc[idle_rows, "net_margin"].sum()
        expected.insert(2, text("whale_off_curve", lang, customers=customers_text(idle, lang),
                                loss=money(loss)))
    assert sentences == expected
    total_sentence = sentences[-1]
    if lang == "nl":
        assert re.search(r"\d\.\d{3}", total_sentence) and "," not in total_sentence
    else:
        assert re.search(rf"\d{NNBSP}\d{{3}}", total_sentence)
        assert f"{NBSP}%" in sentences[0]
    english = text("whale_total", "en", total="")[:10]
    assert not any(s.startswith(english) for s in sentences)


def test_why_text_uses_decimal_comma(written):
    lang, result, wb = written
    ws = wb[text("sheet.Actions", lang)]
    table = ws.tables["Actions"]
    first_row, first_col = coordinate_to_tuple(table.ref.split(":")[0])
    headers = [ws.cell(first_row, first_col + c).value for c in range(8)]
    why_col = first_col + headers.index(i18n.t("report.why", lang))
    whys = [ws.cell(r, why_col).value for r in range(first_row + 1, ws.max_row + 1)]
    whys = [w for w in whys if w]
    assert whys
    percent = "\u00a0%" if lang == "fr" else "%"
    assert all(re.search(rf"\d,\d{re.escape(percent)}", w) for w in whys)
    assert not any(re.search(r"\d\.\d%", w) for w in whys)  # no English 12.5%


def test_trends_note_and_charts_and_settings(written):
    lang, _, wb = written
    note = cell_at(wb, "Trends_Note")
    assert note == i18n.t("report.trends_note", lang)
    assert note != i18n.t("report.trends_note", "en")
    settings = wb[text("sheet.Settings", lang)]
    first = settings.tables["Settings"].ref.split(":")[0]
    row, col = coordinate_to_tuple(first)
    assert settings.cell(row, col).value == i18n.t("report.setting", lang)
    values = [settings.cell(r, col + 2).value for r in range(row + 1, settings.max_row + 1)]
    assert values[0] == lang
    assert i18n.t("report.automatic", lang) in values  # the add-in reads it back too
    assert wb.properties.title == i18n.t("report.title", lang)
    page = {"nl": "Pagina &P van &N", "fr": "Page &P sur &N"}[lang]
    assert wb[text("sheet.Dashboard", lang)].oddFooter.right.text == page


@pytest.mark.parametrize("key", ["title", "whale_peak", "trends_note", "hhi_band"])
def test_labels_layer_reads_i18n(key):
    fmt = {"whale_peak": {"share": "x", "peak": "y"}, "hhi_band": {"band": "b"}}.get(key, {})
    for lang in ("en", "nl", "fr"):
        assert text(key, lang, **fmt) == i18n.t("report." + key, lang, **fmt)
    assert text("title", "nl") != text("title", "en")
