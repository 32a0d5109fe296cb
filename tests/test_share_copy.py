"""xl-portfolio share: the clean copy, anonymising, sheets, owners (issue 11)."""

from __future__ import annotations

import json
import shutil

import pytest
from openpyxl import load_workbook
from openpyxl.packaging.custom import StringProperty

from tests.share_fixtures import (
    analyze_sample,
    analyze_small_dutch,
    customers_frame,
    digest,
    part_texts,
    survivors,
)
from xl_portfolio.cli import main
from xl_portfolio.i18n import format_pct
from xl_portfolio.report.labels import text
from xl_portfolio.report.template import find_cell
from xl_portfolio.share import share_copy
from xl_portfolio.share.book import read_portfolio, table_rows
from xl_portfolio.share.clean import FORBIDDEN_PARTS

SECRETS = ("Jan Janssens (personal)", "Dossier-4711-SECRET", "HIDDEN-SHEET-TEXT-73",
           "VeryHiddenTab", "VERY-HIDDEN-TEXT-91", "Secret-Tab")


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return analyze_sample(tmp_path_factory.mktemp("sample"))


@pytest.fixture
def dirty(sample, tmp_path):
    """The sample report as a user's machine leaves it: author, custom property,
    a hidden and a very hidden sheet."""
    wb = load_workbook(sample)
    wb.properties.creator = SECRETS[0]
    wb.properties.lastModifiedBy = SECRETS[0]
    wb.custom_doc_props.append(StringProperty(name="Dossier", value=SECRETS[1]))
    hidden = wb.create_sheet("Secret-Tab")
    hidden["A1"] = SECRETS[2]
    hidden.sheet_state = "hidden"
    very = wb.create_sheet(SECRETS[3])
    very["B2"] = SECRETS[4]
    very.sheet_state = "veryHidden"
    path = tmp_path / "dirty.xlsx"
    wb.save(path)
    return path


def test_clean_copy_keeps_figures_and_charts_and_drops_the_personal(dirty, tmp_path, capsys):
    before = digest(dirty)
    out = tmp_path / "shared.xlsx"
    assert main(["share", str(dirty), "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "KB" in printed and "Secret-Tab" in printed  # size and the sheets left out
    assert digest(dirty) == before
    parts = part_texts(out)
    assert not [n for n in parts if any(p in n for p in FORBIDDEN_PARTS)]
    charts = [n for n in parts if n.startswith("xl/charts/chart")]
    assert len(charts) == len([n for n in part_texts(dirty) if n.startswith("xl/charts/chart")])
    assert len(charts) >= 3
    assert survivors(out, list(SECRETS)) == {}
    wb = load_workbook(out)
    assert wb.properties.title == load_workbook(dirty).properties.title
    assert wb.properties.creator == "xl-portfolio"
    assert all(ws.sheet_state == "visible" for ws in wb.worksheets)
    assert not any(c.data_type == "f" for ws in wb.worksheets for r in ws.iter_rows()
                   for c in r)
    assert customers_frame(out).equals(customers_frame(dirty))


def test_sheets_anonymise_and_no_removed_string_survives_in_any_part(sample, tmp_path):
    """Decompress every part and search: author, removed sheets, real names."""
    names = [str(n) for n in read_portfolio(sample).customers["customer"]]
    wb = load_workbook(sample)
    trends = find_cell(wb, "Trends_Note")
    trends_text = str(trends[0].cell(trends[1], trends[2]).value)
    kept = [ws.title for ws in wb.worksheets if ws.title != trends[0].title]
    out, key = tmp_path / "anon.xlsx", tmp_path / "keys" / "key.json"
    key.parent.mkdir()
    assert main(["share", str(sample), "-o", str(out), "--anonymise", "--key", str(key),
                 "--sheets", ",".join(kept), "-q"]) == 0
    assert load_workbook(out).sheetnames == kept
    assert "Trends_Note" not in load_workbook(out).defined_names  # gone with its sheet
    assert survivors(out, names + [trends_text[:60]]) == {}
    codes = json.loads(key.read_text(encoding="utf-8"))["codes"]
    assert sorted(codes.values()) == sorted(set(names))
    shared = customers_frame(out)
    assert set(shared.iloc[:, 0]) == set(codes)
    # Figures untouched by anonymising.
    assert shared.iloc[:, 2].tolist() == customers_frame(sample).iloc[:, 2].tolist()


def test_codes_are_stable_with_the_same_key_and_differ_with_another(sample, tmp_path):
    key = tmp_path / "key.json"
    first = share_copy(sample, tmp_path / "a.xlsx", anonymise=True, key=key)[0]
    second = share_copy(sample, tmp_path / "b.xlsx", anonymise=True, key=key)[0]
    other = share_copy(sample, tmp_path / "c.xlsx", anonymise=True,
                       key=tmp_path / "other.json")[0]
    codes = [customers_frame(c.path).iloc[:, 0].tolist() for c in (first, second, other)]
    assert codes[0] == codes[1]
    assert set(codes[0]).isdisjoint(codes[2])
    assert all(c.startswith("C-") and len(c) == 12 for c in codes[0])


def test_owner_copy_recomputes_totals_and_keeps_portfolio_shares(sample, tmp_path):
    whole = read_portfolio(sample).customers
    owner = "Sophie Lambert"
    mine = whole[whole["owner"] == owner]
    own = mine["customer"].astype(str).tolist()
    # Other managers' customers (a name inside one of ours, "Garage Lambert" in
    # "Garage Lambert & Zn", cannot be told apart by a text search).
    others = sorted(n for n in set(whole.loc[whole["owner"] != owner, "customer"].astype(str))
                    if not any(n in o for o in own))
    copy = share_copy(sample, tmp_path / "sophie.xlsx", owner=owner)[0]
    shared = read_portfolio(copy.path)
    assert sorted(shared.customers["customer"]) == sorted(mine["customer"])
    # Revenue share stays relative to the whole portfolio.
    by_name = dict(zip(mine["customer"], mine["revenue_share"], strict=True))
    for name, share in zip(shared.customers["customer"], shared.customers["revenue_share"],
                           strict=True):
        assert share == pytest.approx(by_name[name])
    figures = _key_figures(copy.path)
    active = mine[mine["tier_code"].isin(["top", "big", "medium", "small"])]
    assert figures[text("active_customers")][0] == len(active)
    assert figures[text("revenue")][0] == pytest.approx(mine["revenue"].sum())
    assert figures[text("net_margin_cts")][0] == pytest.approx(mine["net_margin"].sum())
    assert figures[text("net_margin_pct")][0] == pytest.approx(
        mine["net_margin"].sum() / mine["revenue"].sum())
    assert figures[text("loss_making_customers")][0] == (active["net_margin"] < 0).sum()
    # The previous period of these customers: revenue and customers from their rows,
    # margins n/a (the report holds none per customer), never the whole portfolio's.
    assert figures[text("revenue")][1] == pytest.approx(mine["revenue_previous"].sum())
    assert figures[text("active_customers")][1] == (mine["revenue_previous"] > 0).sum()
    assert figures[text("revenue")][2] == pytest.approx(
        mine["revenue"].sum() / mine["revenue_previous"].sum() - 1)
    assert figures[text("net_margin_cts")][1] == "n/a"
    original = _key_figures(sample)
    cr1 = text("cr1")
    assert original[cr1][0] == pytest.approx(whole["revenue_share"].max())
    assert figures[cr1][0] == pytest.approx(original[cr1][0])
    assert figures[cr1][1] == "whole portfolio" and original[cr1][1] is None
    wb = load_workbook(copy.path)
    pyramid = table_rows(wb, "Pyramid")
    assert sum(r[1] for r in pyramid[1:]) == len(mine)
    assert sum(r[3] for r in pyramid[1:]) == pytest.approx(mine["revenue"].sum())
    # Tier shares of revenue are of these customers, as the shares of customers beside
    # them are (the chart compares the two).
    assert sum(r[4] for r in pyramid[1:]) == pytest.approx(1.0)
    # The five largest destroyers and earners are this manager's own customers.
    tops = [_block_names(wb, name) for name in ("Dashboard_Destroyers", "Dashboard_Earners")]
    assert tops[0] == mine[mine["tier_code"] != "inactive"].nsmallest(5, "net_margin")[
        "customer"].tolist()
    assert tops[1] == mine.nlargest(5, "net_margin")["customer"].tolist()
    # The target the classes were set against is the whole portfolio's, shown as such;
    # so are the tiers.
    assert shared.target == pytest.approx(read_portfolio(sample).target)
    ws, top, left = find_cell(wb, "Matrix_Title")
    assert "the whole portfolio's active customers' net margin %" in ws.cell(top, left).value
    assert format_pct(shared.target, "en") in ws.cell(top, left).value
    ws, top, left = find_cell(wb, "Pyramid_Title")
    assert "tier in the whole portfolio" in ws.cell(top + 1, left).value
    assert survivors(copy.path, others) == {}


def _key_figures(path):
    """Tile label -> [this period, previous period, change], read under the anchor."""
    ws, top, left = find_cell(load_workbook(path), "Dashboard_KeyFigures")
    rows = {}
    for r in range(top + 1, top + 30):
        if ws.cell(r, left).value is None:
            break
        rows[ws.cell(r, left).value] = [ws.cell(r, left + c).value for c in (1, 2, 3)]
    return rows


def _block_names(wb, name):
    """Customer names of a top-5 block (a title row and a header row above them)."""
    ws, top, left = find_cell(wb, name)
    names = []
    for r in range(top + 2, top + 8):
        value = ws.cell(r, left).value
        if value in (None, text("none_listed")):
            break
        names.append(value)
    return names


def test_per_owner_dutch_report_one_file_each(tmp_path):
    report = analyze_small_dutch(tmp_path)
    copies = share_copy(report, tmp_path / "out", per_owner=True)
    assert sorted(c.owner for c in copies) == ["Els Peeters", "Jan de Vries"]
    sizes = {"Els Peeters": 5, "Jan de Vries": 6}  # the 12th customer has no owner
    for copy in copies:
        frame = read_portfolio(copy.path).customers
        assert set(frame["owner"]) == {copy.owner}
        assert len(frame) == sizes[copy.owner]
        assert copy.unassigned == 1
        assert copy.size == copy.path.stat().st_size > 0
        wb = load_workbook(copy.path)
        assert wb.properties.title == "Klantenportefeuille"
        ws, top, left = find_cell(wb, "Dashboard_Title")
        assert ws.cell(top + 2, left).value == f"Klanten van {copy.owner} " \
            f"({sizes[copy.owner]})"
        ws, top, left = find_cell(wb, "Dashboard_Warnings")
        assert copy.owner in ws.cell(top + 1, left).value  # the scope note, in Dutch
        assert "hele portefeuille" in ws.cell(top + 1, left).value


def test_size_warning_above_the_settings_limit(sample, tmp_path, capsys):
    settings = tmp_path / "s.toml"
    settings.write_text("share_size_limit_mb = 0.1\n", encoding="utf-8")
    assert main(["share", str(sample), "-o", str(tmp_path / "x.xlsx"), "--settings",
                 str(settings), "-q"]) == 0
    err = capsys.readouterr().err
    assert "larger than the limit of 0.1 MB" in err and "share_size_limit_mb" in err


@pytest.mark.parametrize("extra, expected", [
    (["--owner", "Nobody Known"], "unknown owner 'Nobody Known'"),
    (["--sheets", "Dashboard,Nowhere"], "unknown sheet(s) 'Nowhere'"),
    (["--key", "k.json"], "--key is only used with --anonymise"),
])
def test_bad_options_exit_2_and_write_nothing(sample, tmp_path, capsys, extra, expected):
    local = tmp_path / "p.xlsx"
    shutil.copy(sample, local)
    before = digest(local)
    assert main(["share", str(local), *extra]) == 2
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err
    assert digest(local) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.xlsx"]


def test_not_a_portfolio_workbook_is_refused_naming_the_file(tmp_path, capsys):
    assert main(["sample", "-o", str(tmp_path / "input.xlsx")]) == 0
    capsys.readouterr()
    assert main(["share", str(tmp_path / "input.xlsx")]) == 2
    err = capsys.readouterr().err
    assert "input.xlsx" in err and "not a portfolio workbook" in err
    assert not (tmp_path / "input-shared.xlsx").exists()


def test_formula_without_stored_value_is_refused(sample, tmp_path, capsys):
    wb = load_workbook(sample)
    ws, top, left = find_cell(wb, "Dashboard_Title")
    ws.cell(top + 40, left).value = "=1+2"  # openpyxl stores no value for it
    path = tmp_path / "formula.xlsx"
    wb.save(path)
    assert main(["share", str(path)]) == 2
    assert "formula without a stored value" in capsys.readouterr().err
    assert not (tmp_path / "formula-shared.xlsx").exists()


@pytest.mark.libreoffice
def test_libreoffice_opens_the_copies_without_error_cells_and_same_figures(sample, tmp_path):
    """The whole copy and an owner's copy, recalculated by LibreOffice: no error cell,
    the whole copy's figures equal the original's, the owner's equal their sums."""
    from tests.libreoffice import convert, require_soffice

    soffice = require_soffice()
    whole = share_copy(sample, tmp_path / "whole.xlsx", anonymise=True,
                       key=tmp_path / "k.json")[0]
    owner = share_copy(sample, tmp_path / "owner.xlsx", owner="Koen Wouters")[0]
    outputs = convert([whole.path, owner.path], tmp_path / "lo", "xlsx", soffice=soffice,
                      timeout=600)
    for path in outputs:
        wb = load_workbook(path, data_only=True)
        for ws in wb.worksheets:
            for row in ws.iter_rows(values_only=True):
                for value in row:
                    if isinstance(value, str):
                        assert not value.startswith(("#VALUE!", "#REF!", "#NAME?", "#DIV/0!",
                                                     "#N/A", "#NUM!", "Err:")), (ws.title,
                                                                                 value)
        assert "Customers" in [t for ws in wb.worksheets for t in ws.tables]
    original, recalculated = customers_frame(sample), customers_frame(outputs[0])
    for column in ("Revenue", "Net margin", "Revenue share", "CLV"):
        assert recalculated[column].tolist() == pytest.approx(original[column].tolist())
    got, want = _key_figures(outputs[0]), _key_figures(sample)
    assert list(got) == list(want)
    for label, values in want.items():
        for a, b in zip(got[label], values, strict=True):
            if isinstance(b, (int, float)):
                assert a == pytest.approx(b, rel=1e-12)  # LibreOffice keeps 15 digits
            else:
                assert a == b
    mine = read_portfolio(sample).customers
    mine = mine[mine["owner"] == "Koen Wouters"]
    figures = _key_figures(outputs[1])
    assert figures[text("revenue")][0] == pytest.approx(mine["revenue"].sum())
    assert figures[text("net_margin_cts")][0] == pytest.approx(mine["net_margin"].sum())


def test_macros_and_company_of_an_xlsm_never_reach_the_copy(sample, tmp_path):
    """A portfolio saved as .xlsm with a VBA project and the company and manager of the
    user's Office in its properties: the copy is a plain .xlsx without them."""
    import zipfile

    xlsm = tmp_path / "macro.xlsm"
    with zipfile.ZipFile(sample) as source, zipfile.ZipFile(xlsm, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                    b"application/vnd.ms-excel.sheet.macroEnabled.main+xml")
                data = data.replace(b"</Types>", b'<Default Extension="bin" ContentType='
                                    b'"application/vnd.ms-office.vbaProject"/></Types>')
            if item.filename == "docProps/app.xml":
                data = data.replace(b"</Properties>", b"<Company>ACME-SECRET-CORP</Company>"
                                    b"<Manager>Boss Person-77</Manager></Properties>")
            target.writestr(item, data)
        target.writestr("xl/vbaProject.bin", b"Attribute VB_Name = \"MACRO-SECRET-55\"")
    copy = share_copy(xlsm, tmp_path / "clean.xlsx")[0]
    parts = part_texts(copy.path)
    assert "xl/vbaProject.bin" not in parts
    assert "macroEnabled" not in parts["[Content_Types].xml"]
    assert b"ACME-SECRET-CORP" in zipfile.ZipFile(xlsm).read("docProps/app.xml")
    assert survivors(copy.path, ["MACRO-SECRET-55", "vbaProject", "ACME-SECRET-CORP",
                                 "Boss Person-77"]) == {}


def test_owner_copy_with_sheets_keeps_those_sheets(sample, tmp_path):
    wb = load_workbook(sample)
    actions = find_cell(wb, "Actions_Total")[0].title
    dashboard = find_cell(wb, "Dashboard_Title")[0].title
    trends = find_cell(wb, "Trends_Note")[0].title
    copy = share_copy(sample, tmp_path / "o.xlsx", owner="Bart Mertens",
                      sheets=f"{dashboard},{actions},{trends}")[0]
    assert load_workbook(copy.path).sheetnames == [dashboard, actions]
    assert trends in copy.removed_sheets or trends not in load_workbook(copy.path).sheetnames


def test_owner_copy_uses_the_given_template(sample, tmp_path):
    """A restyled template (here: another title colour) gives owner copies its look."""
    from openpyxl.styles import Font

    from xl_portfolio.report.template import default_template

    wb = load_workbook(default_template())
    ws, top, left = find_cell(wb, "Dashboard_Title")
    ws.cell(top, left).font = Font(size=20, color="FF7B2CBF")
    template = tmp_path / "restyled.xlsx"
    wb.save(template)
    copy = share_copy(sample, tmp_path / "o.xlsx", owner="An Claes", template=template)[0]
    ws, top, left = find_cell(load_workbook(copy.path), "Dashboard_Title")
    assert ws.cell(top, left).font.color.rgb == "FF7B2CBF"
    assert main(["share", str(sample), "-o", str(tmp_path / "bad.xlsx"), "--owner",
                 "An Claes", "--template", str(tmp_path / "missing.xlsx")]) == 2
    assert not (tmp_path / "bad.xlsx").exists()


def test_per_owner_says_how_many_customers_have_no_owner(tmp_path, capsys):
    report = analyze_small_dutch(tmp_path)
    capsys.readouterr()
    assert main(["share", str(report), "--per-owner", "-q"]) == 0
    assert "1 customer(s) have no owner" in capsys.readouterr().err
