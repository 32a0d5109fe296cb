"""Issue 7's rules for the report, each held by a test on three reports: the bundled
sample, a one-year web-shop export with no cost column and a five-customer sheet.

Figures are compared with the engine's result (the report never computes them), and
read back from the written workbook through the template's anchors.
"""

from __future__ import annotations

import math
import re
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pytest
from openpyxl.utils.cell import coordinate_to_tuple

from tests.decision_reports import decision_results
from tests.libreoffice import convert, require_soffice
from xl_portfolio import i18n
from xl_portfolio.report import write_report
from xl_portfolio.report.charts import segment_colour
from xl_portfolio.report.labels import REPORT_TEXT, sheet_name, text
from xl_portfolio.report.setting_labels import SETTING_LABELS
from xl_portfolio.settings import Settings

REPORTS = ("sample", "webshop", "five")
TILE_KEYS = ("revenue", "gross_margin", "net_margin", "net_margin_pct", "active_customers")
ERROR_MARKERS = ("#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "Err:")


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, tuple]:
    """name -> (result, path, workbook) for the three reports in English, Dutch, French."""
    folder = tmp_path_factory.mktemp("decision")
    out = {}
    for lang in ("en", "nl", "fr"):
        for name, result in decision_results(folder, lang).items():
            path = write_report(result, folder / f"{name}_{lang}_report.xlsx")
            out[f"{name}_{lang}"] = (result, path, openpyxl.load_workbook(path))
    return out


def at(wb, name: str, down: int = 0, right: int = 0):
    (sheet, ref), = wb.defined_names[name].destinations
    row, col = coordinate_to_tuple(ref.replace("$", ""))
    return wb[sheet.replace("''", "'")].cell(row + down, col + right).value


def table_rows(wb, name: str) -> list[list]:
    for ws in wb.worksheets:
        if name in ws.tables:
            return [[c.value for c in row] for row in ws[ws.tables[name].ref]]
    raise KeyError(name)


def sheet_text(wb, sheet: str) -> str:
    return " ".join(str(v) for row in wb[sheet].iter_rows(values_only=True) for v in row
                    if isinstance(v, str))


@pytest.mark.parametrize("name", REPORTS)
def test_tiles_equal_the_engine_with_previous_period_and_change(reports, name):
    result, _, wb = reports[f"{name}_en"]
    s, prev = result.summary, result.summary.get("previous")
    for r, key in enumerate(TILE_KEYS, start=1):
        value = at(wb, "Dashboard_KeyFigures", down=r, right=1)
        assert value == pytest.approx(s[key]), key
        before = at(wb, "Dashboard_KeyFigures", down=r, right=2)
        change = at(wb, "Dashboard_KeyFigures", down=r, right=3)
        if prev is None:
            assert before is None and change is None
            continue
        expected = prev.get(key)
        if expected is None or not math.isfinite(expected):
            assert before in (None, "n/a") and change in (None, "n/a")
            continue
        assert before == pytest.approx(expected), key
        if key == "net_margin_pct":
            assert change == pytest.approx(s[key] - expected)
        elif expected:
            assert change == pytest.approx((s[key] - expected) / abs(expected))
    assert "EUR" in at(wb, "Dashboard_Title", down=1)  # currency and period stated
    assert not any(v == "Logo" for row in wb["Dashboard"].iter_rows(values_only=True)
                   for v in row)


@pytest.mark.parametrize("name", REPORTS)
def test_top_destroyers_and_earners_are_the_engines(reports, name):
    result, _, wb = reports[f"{name}_en"]
    customers = result.customers[result.customers["tier_code"].isin(
        ["top", "big", "medium", "small"])]
    for anchor, chosen in (
            ("Dashboard_Destroyers", customers[customers["net_margin"] < 0].nsmallest(
                5, "net_margin")),
            ("Dashboard_Earners", customers[customers["net_margin"] > 0].nlargest(
                5, "net_margin"))):
        names = [at(wb, anchor, down=2 + r) for r in range(5)]
        expected = chosen["customer"].tolist()
        assert names[:len(expected)] == expected
        if not expected:
            assert names[0] == text("none_listed", "en")
        for r, net in enumerate(chosen["net_margin"]):
            assert at(wb, anchor, down=2 + r, right=1) == pytest.approx(net)


def test_change_colour_follows_good_or_bad_news(reports):
    result, _, wb = reports["sample_en"]
    ws = wb["Dashboard"]
    revenue_change = ws.cell(6, 4)
    went_up = result.summary["revenue"] > result.summary["previous"]["revenue"]
    assert revenue_change.font.color.rgb.endswith("2E7D32" if went_up else "C00000")


@pytest.mark.parametrize("name", REPORTS)
def test_assumed_margin_sentence_and_not_measured_only_when_they_apply(reports, name):
    result, _, wb = reports[f"{name}_en"]
    assumed = int(result.summary["assumed_margin_customers"])
    notes = [at(wb, "Dashboard_Notes", down=r) for r in range(3)]
    starts = (text("assumed_all", "en", pct="")[:20], text("assumed_some", "en", assumed=0,
                                                          active=0, pct="")[5:25])
    has_sentence = any(isinstance(n, str) and (n.startswith(starts[0]) or starts[1] in n)
                       for n in notes)
    assert has_sentence == (assumed > 0)
    not_measured = i18n.t("profitability.not_measured", "en")
    grid = sheet_text(wb, "Matrix")
    measured_none = (result.customers["profitability_code"] == "not_measured").any()
    assert (f" {not_measured} " in f" {grid} ") == measured_none
    no_margin = text("no_margin_measured", "en")
    assert (no_margin in grid) == (result.summary["margin_measured_customers"] == 0)
    labels = [at(wb, "Dashboard_KeyFigures", down=r) for r in range(1, 6)]
    assert any("assumed" in label for label in labels) == (assumed > 0)


def test_webshop_export_measures_no_margin(reports):
    result, _, _ = reports["webshop_en"]
    assert result.summary["margin_measured_customers"] == 0
    assert result.summary["assumed_margin_customers"] == result.summary["active_customers"]


@pytest.mark.parametrize("name", REPORTS)
def test_counts_agree_across_sheets(reports, name):
    result, _, wb = reports[f"{name}_en"]
    active = result.summary["active_customers"]
    assert at(wb, "Dashboard_KeyFigures", down=5, right=1) == active
    assert f" {active} active customers" in at(wb, "Matrix_Title")
    assert sum(r[3] for r in table_rows(wb, "MatrixCells")[1:]) == active
    assert f": {active} active customers" in at(wb, "Pyramid_Title")
    tiers = table_rows(wb, "Pyramid")[1:5]
    assert sum(r[1] for r in tiers) == active
    loss = at(wb, "Dashboard_KeyFigures", down=6, right=1)
    customers = result.customers
    is_active = customers["tier_code"].isin(["top", "big", "medium", "small"])
    assert loss == int((is_active & (customers["net_margin"] < 0)).sum())
    assert str(len(result.whale)) in at(wb, "Whale_Statement")  # its own population
    customers_rows = table_rows(wb, "Customers")[1:]
    assert len(customers_rows) == len(customers)


@pytest.mark.parametrize("name", REPORTS)
def test_actions_are_the_top_ones_sorted_by_money_at_stake(reports, name):
    result, _, wb = reports[f"{name}_en"]
    rows = table_rows(wb, "Actions")
    header = rows[0]
    stake_col = header.index("Money at stake (EUR)")
    body = [r for r in rows[1:] if r[0] is not None]
    assert len(body) <= result.settings.top_actions
    stakes = [r[stake_col] for r in body]
    assert stakes == sorted(stakes, reverse=True)
    assert stakes[:1] == [pytest.approx(result.customers["money_at_stake"].max())]
    for column in ("Owner", "Next review", "Why"):
        assert column in header
    assert wb["Actions"].print_title_rows == "$4:$4"
    assert wb["Customers"].print_title_rows == "$1:$1"
    assert len(table_rows(wb, "Customers")) - 1 == len(result.customers)  # full list


def _chart_xml(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        return [archive.read(n).decode("utf-8") for n in sorted(archive.namelist())
                if n.startswith("xl/charts/chart")]


def _scatter(path: Path) -> str:
    return next(x for x in _chart_xml(path) if "<scatterChart>" in x and "logBase" in x)


@pytest.mark.parametrize("name", REPORTS)
def test_scatter_axis_holds_the_bulk_and_draws_zero_and_target(reports, name):
    result, path, wb = reports[f"{name}_en"]
    xml = _scatter(path)
    assert wb["Matrix"]["A5"].value == "Profitability"  # the title does not run into it
    low = float(re.findall(r'<min val="([-0-9.e]+)"', xml)[0])
    high = float(re.findall(r'<max val="([-0-9.e]+)"', xml)[0])
    customers = result.customers
    pct = customers.loc[customers["revenue"] > 0, "net_margin_pct"].to_numpy(dtype=float)
    pct = pct[np.isfinite(pct)]
    inside = ((pct >= low) & (pct <= high)).mean()
    assert inside >= 0.9
    assert low <= 0 <= high
    assert low <= result.summary["target_net_margin_pct"] <= high
    assert "0% net margin" in xml and "Target" in xml
    outside = int((~((pct >= low) & (pct <= high))).sum())
    title = " ".join(str(at(wb, "Matrix_Title", down=r) or "") for r in range(3))
    assert ("drawn at its edge" in title) == (outside > 0)


def _series_colours(xml: str) -> dict[str, str]:
    colours = {}
    for series in re.findall(r"<ser>(.*?)</ser>", xml, re.S):
        name = re.search(r"<v>(.*?)</v>", series).group(1)
        marker = re.search(r"<marker>.*?<a:srgbClr val=\"(\w+)\"", series, re.S)
        if marker:
            colours[name] = marker.group(1)
    return colours


def test_segment_colours_are_fixed_across_reports(reports):
    sample = _series_colours(_scatter(reports["sample_en"][1]))
    five = _series_colours(_scatter(reports["five_en"][1]))
    webshop = _series_colours(_scatter(reports["webshop_en"][1]))
    assert set(sample) != set(five)  # different segment mixes
    shared = set(sample) & (set(five) | set(webshop))
    assert shared
    for segment in shared:
        assert sample[segment] == five.get(segment, webshop.get(segment))
    labels = i18n.labels("segment", "en")
    for code, label in labels.items():
        if label in sample:
            assert sample[label] == segment_colour(code)


@pytest.mark.parametrize("name", REPORTS)
def test_pyramid_shows_both_shares_and_the_rule(reports, name):
    result, _, wb = reports[f"{name}_en"]
    header, *rows = table_rows(wb, "Pyramid")
    assert "Share of customers" in header and "Revenue share" in header
    active = result.summary["active_customers"]
    for row in rows[:4]:
        if row[1]:
            assert row[2] == pytest.approx(row[1] / active)
    rule = result.summary["pyramid_rule"]
    assert at(wb, "Pyramid_Title", down=1).startswith(
        text(f"pyramid_rule.{rule}", "en", top="1%", big="4%", medium="15%")[:25])


@pytest.mark.parametrize("name", REPORTS)
def test_settings_sheet_reads_as_a_page_for_people(reports, name):
    result, _, wb = reports[f"{name}_en"]
    ws = wb["Settings"]
    rows = table_rows(wb, "Settings")
    labels = {r[1]: r[0] for r in rows[1:] if r[1]}
    assert labels["default_gross_margin_pct"] == SETTING_LABELS["en"][
        "default_gross_margin_pct"]
    row = 1 + [r[1] for r in rows].index("default_gross_margin_pct")
    assert ws.cell(row, 3).number_format == "0.0%"
    target = next(r for r in rows if r[0] == text("target_used", "en"))
    assert target[2] == pytest.approx(result.summary["target_net_margin_pct"])
    assert ws.page_setup.fitToHeight == 1
    rec = at(wb, "Settings_Reconciliation")
    assert rec == text("reconciliation", "en")
    entries = result.source.reconciliation
    first = at(wb, "Settings_Reconciliation", down=1)
    if not entries:
        assert first in (text("rec_empty", "en"), text("rec_none", "en"))
    else:
        assert at(wb, "Settings_Reconciliation", down=1, right=1) == entries[0][1]


def _english_words() -> set[str]:
    """Every English label of the report that a translation must replace."""
    words = set(REPORT_TEXT["en"].values()) | set(SETTING_LABELS["en"].values())
    words |= {v for k, v in i18n.MESSAGES["en"].items()
              if k.startswith(("report.", "tier.", "profitability.", "segment.", "size."))}
    words |= {i18n.header(c, "en") for c in i18n.OUTPUT_COLUMNS}
    words |= {"n/a", "(automatic)", "Logo"}
    return {w for w in words if "{" not in w and len(w) > 2}


@pytest.mark.parametrize("lang", ["nl", "fr"])
@pytest.mark.parametrize("name", REPORTS)
def test_no_english_word_left_on_a_dutch_or_french_report(reports, name, lang):
    result, _, wb = reports[f"{name}_{lang}"]
    english = _english_words()
    same = {w for w in english if w in _translations(lang)}  # e.g. "Segment", "Top"
    for sheet in wb.sheetnames:
        assert sheet not in english - same, sheet
    assert wb.sheetnames[0] == sheet_name("Dashboard", lang)
    data = {str(v) for v in result.customers["customer"]}
    data |= {result.source.file, result.source.sheet}  # the input's own names
    if "owner" in result.customers:
        data |= {str(v) for v in result.customers["owner"].dropna()}
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            for value in row:
                if isinstance(value, str) and value not in data:
                    assert value not in english - same, (ws.title, value)


def _translations(lang: str) -> set[str]:
    words = set(REPORT_TEXT[lang].values()) | set(SETTING_LABELS[lang].values())
    words |= set(i18n.MESSAGES[lang].values())
    words |= {i18n.header(c, lang) for c in i18n.OUTPUT_COLUMNS}
    return words


def test_report_labels_exist_in_every_language():
    for lang in ("nl", "fr"):
        assert set(REPORT_TEXT[lang]) == set(REPORT_TEXT["en"])
        assert set(SETTING_LABELS[lang]) == set(SETTING_LABELS["en"])
    from dataclasses import fields

    from xl_portfolio.settings import SHARE_SETTINGS
    for f in fields(Settings):  # the share command's settings are not on the sheet
        assert f.name in SETTING_LABELS["en"] or f.name in SHARE_SETTINGS, f.name
    for lang in REPORT_TEXT:
        for sheet in ("Dashboard", "Matrix", "Pyramid", "Whale curve", "Actions",
                      "Customers", "Settings", "Trends"):
            name = sheet_name(sheet, lang)
            assert len(name) <= 31 and not re.search(r"[\[\]:*?/\\']", name)


def test_libreoffice_recalculates_the_three_reports_without_error_cells(reports, tmp_path):
    soffice = require_soffice()
    files = [reports[f"{name}_{lang}"][1] for name in REPORTS for lang in ("en", "fr")]
    outputs = convert(files, tmp_path / "lo", "xlsx", soffice=soffice, timeout=900)
    for path in outputs:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        for ws in wb.worksheets:
            for row in ws.iter_rows(values_only=True):
                for value in row:
                    if isinstance(value, str):
                        assert not value.startswith(ERROR_MARKERS), (path.name, ws.title)
        wb.close()


class _Range:
    def __init__(self, rows: list[list]):
        self.value = rows

    def options(self, **_kwargs) -> _Range:
        return self


class _Sheet:
    def __init__(self, name: str, rows: list[list]):
        self.name, self.used_range = name, _Range(rows)


def test_the_add_in_reads_a_dutch_report_settings_sheet_back(reports):
    from xl_portfolio.excel.settings_from_book import read_book_settings
    _, _, wb = reports["five_nl"]
    ws = wb[sheet_name("Settings", "nl")]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    rows[1 + [r[1] for r in rows[1:]].index("rate_per_order")][2] = 12.5  # a user's edit
    book = type("Book", (), {"sheets": [_Sheet("Klanten", [["Klant"]]),
                                        _Sheet(ws.title, rows)], "names": []})()
    got = read_book_settings(book)
    assert got.rate_per_order == 12.5 and got.language == "nl"
    assert got.target_net_margin_pct is None  # "(automatisch)" is read as automatic


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_reconciliation_block_shows_the_readers_codes_translated(reports, tmp_path, lang):
    import copy
    result = copy.deepcopy(reports[f"five_{lang}"][0])
    result.source.reconciliation = [("rows_read", 5, 955_000.0),
                                    ("skipped_total_rows", 1, 955_000.0),
                                    ("skipped_blank_rows", 2, None)]
    wb = openpyxl.load_workbook(write_report(result, tmp_path / "rec.xlsx"))
    rows = [[at(wb, "Settings_Reconciliation", down=r, right=c) for c in range(3)]
            for r in range(4)]
    assert rows[1] == [text("rec.rows_read", lang), 5, 955_000.0]
    assert rows[2] == [text("rec.skipped_total_rows", lang), 1, 955_000.0]
    assert rows[3] == [text("rec.skipped_blank_rows", lang), 2, None]  # no amount, not 0


@pytest.mark.parametrize("name", REPORTS)
def test_customers_print_a_readable_selection_and_whole_actions(reports, name):
    result, _, wb = reports[f"{name}_fr"]
    ws = wb[sheet_name("Customers", "fr")]
    header = [c.value for c in ws[1]]
    shown = {i18n.header(c, "fr") for c in ("customer", "segment", "action", "net_margin",
                                            "money_at_stake")}
    for col, title in enumerate(header, start=1):
        letter = openpyxl.utils.get_column_letter(col)
        hidden = ws.column_dimensions[letter].hidden
        assert hidden == (title not in shown | {
            i18n.header(c, "fr") for c in ("owner", "priority", "next_review", "revenue",
                                           "net_margin_pct")}), title
    action = header.index(i18n.header("action", "fr")) + 1
    width = ws.column_dimensions[openpyxl.utils.get_column_letter(action)].width
    for row in range(2, ws.max_row + 1):
        cell = ws.cell(row, action)
        assert cell.alignment.wrap_text
        lines = len(str(cell.value or "")) / (width * 1.15)
        if lines > 1:  # a row holds every line of its action
            assert ws.row_dimensions[row].height >= 15 * math.ceil(lines)


@pytest.mark.parametrize("name", REPORTS)
def test_money_columns_are_wide_enough_for_their_amounts_and_currency(reports, name):
    """A money cell shows '2,776,759 EUR': a column sized for the digits alone shows ###."""
    result, _, wb = reports[f"{name}_en"]
    ws = wb[sheet_name("Customers", "en")]
    code = result.settings.currency or "EUR"
    for column in ws.iter_cols(min_row=2, max_row=min(ws.max_row, 300)):
        amounts = [c.value for c in column if f'"{code}"' in (c.number_format or "")
                   and isinstance(c.value, (int, float))]
        if not amounts:
            continue
        widest = max(len(f"{v:,.0f} {code}") for v in amounts)
        letter = column[0].column_letter
        assert ws.column_dimensions[letter].width >= widest + 1, (letter, widest)
