"""The committed templates survive openpyxl, keep the anchor contract and their look."""

from __future__ import annotations

import importlib.util
import warnings
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import PatternFill

from tests.report_fixtures import make_result
from xl_portfolio.errors import InputError
from xl_portfolio.report import write_report
from xl_portfolio.report.anchors import ANCHORS, CELL, TABLE, anchors_markdown
from xl_portfolio.report.template import default_template, missing_anchors

REPO = Path(__file__).resolve().parents[1]
TEMPLATES = REPO / "workbook_templates"
COMMITTED = [TEMPLATES / "portfolio_report.xlsx", TEMPLATES / "customer_input.xlsx"]


def inventory(path: Path) -> dict:
    """What must survive a load/save: parts, tables, names, validations, formats."""
    with zipfile.ZipFile(path) as archive:
        parts = sorted(n for n in archive.namelist() if not n.startswith("docProps/"))
    wb = openpyxl.load_workbook(path)
    return {
        "parts": parts,
        "sheets": wb.sheetnames,
        "tables": {(ws.title, t.displayName, t.ref, t.tableStyleInfo.name)
                   for ws in wb.worksheets for t in ws.tables.values()},
        "names": {(name, d.attr_text) for name, d in wb.defined_names.items()},
        "validations": {(ws.title, dv.type, dv.formula1, str(dv.sqref))
                        for ws in wb.worksheets for dv in ws.data_validations.dataValidation},
        "conditional": {(ws.title, str(cf.sqref), len(cf.rules))
                        for ws in wb.worksheets for cf in ws.conditional_formatting},
        "freeze": {ws.title: ws.freeze_panes for ws in wb.worksheets},
        "print": {ws.title: (ws.page_setup.fitToWidth, ws.print_area) for ws in wb.worksheets},
    }


@pytest.mark.parametrize("path", COMMITTED, ids=lambda p: p.name)
def test_committed_template_survives_load_and_save_without_warnings(path, tmp_path):
    copy = tmp_path / path.name
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        openpyxl.load_workbook(path).save(copy)
    assert inventory(copy) == inventory(path)


def test_report_template_fulfils_the_anchor_contract():
    for path in (TEMPLATES / "portfolio_report.xlsx", default_template()):
        wb = openpyxl.load_workbook(path)
        assert missing_anchors(wb) == []
        for anchor in ANCHORS:
            if anchor.kind == TABLE:
                assert anchor.name in wb[anchor.sheet].tables
            else:
                (sheet, _), = wb.defined_names[anchor.name].destinations
                assert sheet == anchor.sheet


def test_packaged_templates_are_the_committed_ones():
    assert default_template().read_bytes() == (TEMPLATES / "portfolio_report.xlsx").read_bytes()
    packaged_input = default_template().with_name("customer_input.xlsx")
    assert packaged_input.read_bytes() == (TEMPLATES / "customer_input.xlsx").read_bytes()


def test_committed_templates_match_the_build_script(tmp_path):
    spec = importlib.util.spec_from_file_location("build_templates",
                                                  REPO / "tools" / "build_templates.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    fresh = module.build_report_template(tmp_path / "portfolio_report.xlsx")
    fresh_input = module.build_input_template(tmp_path / "customer_input.xlsx")
    assert inventory(fresh) == inventory(TEMPLATES / "portfolio_report.xlsx")
    assert inventory(fresh_input) == inventory(TEMPLATES / "customer_input.xlsx")


@pytest.mark.parametrize("anchor", [a for a in ANCHORS if a.name in
                                    ("Whale_Chart", "Actions", "Customers", "Matrix_Grid")],
                         ids=lambda a: a.name)
def test_template_missing_an_anchor_is_rejected_by_name(anchor, tmp_path):
    wb = openpyxl.load_workbook(default_template())
    if anchor.kind == CELL:
        del wb.defined_names[anchor.name]
    else:
        del wb[anchor.sheet].tables[anchor.name]
    broken = tmp_path / "broken.xlsx"
    wb.save(broken)
    with pytest.raises(InputError, match=anchor.name) as info:
        write_report(make_result(4), tmp_path / "out.xlsx", template=broken)
    assert "broken.xlsx" in str(info.value)
    assert not (tmp_path / "out.xlsx").exists()


def test_restyled_template_keeps_its_look(tmp_path):
    wb = openpyxl.load_workbook(default_template())
    pink = PatternFill("solid", fgColor="FF66CC")
    for cell in wb["Customers"][1]:
        cell.fill = pink
    wb["Pyramid"]["B5"].fill = PatternFill("solid", fgColor="CCFFCC")
    wb["Dashboard"]["A1"].font = openpyxl.styles.Font(name="Georgia", size=28)
    wb["Customers"].freeze_panes = "C2"
    mine = tmp_path / "restyled.xlsx"
    wb.save(mine)
    out = openpyxl.load_workbook(write_report(make_result(8), tmp_path / "out.xlsx",
                                              template=mine))
    headers = out["Customers"][1]
    assert all(c.fill.fgColor.rgb == "00FF66CC" for c in headers if c.value is not None)
    pyramid_rows = out["Pyramid"].tables["Pyramid"].ref
    assert pyramid_rows == "A4:H10"
    assert all(out["Pyramid"].cell(r, 2).fill.fgColor.rgb == "00CCFFCC" for r in range(5, 11))
    assert out["Dashboard"]["A1"].font.name == "Georgia"
    assert out["Dashboard"]["A1"].value == "Customer portfolio"
    assert out["Customers"].freeze_panes == "C2"


def test_input_template_guides_the_user():
    wb = openpyxl.load_workbook(TEMPLATES / "customer_input.xlsx")
    ws = wb["Customers"]
    headers = [c.value for c in ws[1]]
    assert headers[:2] == ["Customer", "Revenue"]
    kinds = {(dv.type, dv.formula1) for dv in ws.data_validations.dataValidation}
    assert ("list", '"High,Medium,Low"') in kinds
    assert ("decimal", "0") in kinds
    assert ws.max_row >= 4 and all(ws.cell(r, 1).value for r in range(2, 5))
    assert "Instructions" in wb.sheetnames


def test_anchor_list_renders_for_the_readme():
    text = anchors_markdown()
    assert all(f"`{a.name}`" in text for a in ANCHORS)


def test_input_template_is_read_by_the_product(tmp_path):
    from xl_portfolio.api import analyze

    result = analyze(TEMPLATES / "customer_input.xlsx")
    assert len(result.customers) == 3
    wb = openpyxl.load_workbook(TEMPLATES / "customer_input.xlsx")
    headers = [c.value for c in wb["Customers"][1]]
    assert set(result.source.columns_mapped.values()) == set(headers)
