"""The ribbon add-in built from `xlwings quickstart --addin --ribbon`: valid ribbon XML,
every onAction callback present in its VBA (read with oletools), the Python that VBA runs
importable and callable, and the interpreter in the add-in's own config sheet."""

from __future__ import annotations

import importlib
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
import python_calamine
import xlwings

from xl_portfolio.addin import build

olevba = pytest.importorskip("oletools.olevba")
NS = {"ui": build.CUSTOM_UI_NS}
INTERPRETER = r"C:\Users\Ann & Bob\xl-portfolio\Scripts\python.exe"


@pytest.fixture(scope="module")
def addin(tmp_path_factory):
    return build.build_addin(tmp_path_factory.mktemp("addin"), "Interpreter_Win", INTERPRETER)


def vba_modules(path) -> dict[str, str]:
    parser = olevba.VBA_Parser(str(path))
    try:
        return {stream.split("/")[-1]: code for _, stream, _, code in parser.extract_macros()}
    finally:
        parser.close()


def test_ribbon_xml_is_valid_and_has_the_portfolio_tab(addin):
    with zipfile.ZipFile(addin.path) as zf:
        root = ElementTree.fromstring(zf.read(build.CUSTOM_UI_PART))
        rels = zf.read("_rels/.rels").decode()
    assert root.tag == f"{{{build.CUSTOM_UI_NS}}}customUI"
    tabs = root.findall("ui:ribbon/ui:tabs/ui:tab", NS)
    assert [t.get("label") for t in tabs] == ["Portfolio"]
    buttons = root.findall(".//ui:button", NS)
    assert [b.get("label") for b in buttons] == ["Refresh matrix"]
    assert buttons[0].get("imageMso") and buttons[0].get("size") == "large"
    assert "customUI/customUI.xml" in rels  # the package still points at the ribbon part


def test_every_on_action_callback_exists_in_the_vba(addin):
    with zipfile.ZipFile(addin.path) as zf:
        root = ElementTree.fromstring(zf.read(build.CUSTOM_UI_PART))
    modules = vba_modules(addin.path)
    callbacks = [el.get("onAction") for el in root.iter() if el.get("onAction")]
    assert callbacks
    for callback in callbacks:
        module, macro = callback.split(".")
        code = modules[f"{module}"] if module in modules else modules[f"{module}.bas"]
        assert re.search(rf"^Sub {macro}\(control As IRibbonControl\)", code, re.M), callback


def test_the_vba_runs_the_module_named_like_the_file_and_that_module_works(addin):
    modules = vba_modules(addin.path)
    code = "\n".join(modules.values())
    # RunMain imports <workbook name without extension> and calls its main()
    assert 'RunPython "import " & mymodule & ";" & mymodule & ".main()"' in code
    assert "Left(ThisWorkbook.Name, (InStrRev(ThisWorkbook.Name, \".\"" in code
    module_name = addin.path.name.rsplit(".", 1)[0]
    assert module_name == "xl_portfolio.excel.ribbon"
    module = importlib.import_module(module_name)
    assert callable(module.main) and callable(module.refresh_matrix)


def test_the_vba_is_what_xlwings_ships(addin):
    """No VBA was edited: the project's VBA streams equal the quickstart's."""
    original = Path(xlwings.__file__).parent / "quickstart_addin_ribbon.xlam"
    with zipfile.ZipFile(original) as a, zipfile.ZipFile(addin.path) as b:
        assert a.read("xl/vbaProject.bin") == b.read("xl/vbaProject.bin")


def test_interpreter_is_in_the_activated_config_sheet(addin):
    # read back by an independent reader (calamine opens .xlam, openpyxl does not)
    workbook = python_calamine.CalamineWorkbook.from_path(str(addin.path))
    rows = workbook.get_sheet_by_name(addin.config_sheet).to_python()
    config = {str(r[0]).upper(): r[1] for r in rows if r and r[0]}
    assert config["INTERPRETER_WIN"] == INTERPRETER
    # the VBA reads the sheet named PROJECT_NAME & ".conf"
    code = "\n".join(vba_modules(addin.path).values())
    project = re.search(r'PROJECT_NAME As String = "(\w+)"', code).group(1)
    assert addin.config_sheet == f"{project}.conf"


def test_version_is_readable_back(addin, tmp_path):
    assert build.installed_version(addin.path) == build.PACKAGE_VERSION
    assert build.installed_version(tmp_path / "missing.xlam") is None
