"""The add-in built from `xlwings quickstart --addin --ribbon`: valid ribbon XML, every
onAction callback and every worksheet-function wrapper in its VBA (read back with
oletools, an independent reader), the Python that VBA runs importable, and the
interpreter in the add-in's own config sheet."""

from __future__ import annotations

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
INTERPRETER = r"C:\Users\René & Zoë\xl-portfolio\Scripts\python.exe"


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
    assert [b.get("label") for b in buttons] == ["Refresh matrix", "Analyse selection",
                                                 "Open settings", "Share", "About", "Remove"]
    assert all(b.get("imageMso") for b in buttons) and buttons[0].get("size") == "large"
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


def test_every_button_reaches_a_python_action(addin):
    from xl_portfolio.excel import ribbon
    code = vba_modules(addin.path)["RibbonMyAddin"]
    assert "RunPython \"import xl_portfolio.excel.ribbon as r; r.run_button('\"" in code
    assert re.search(r"^Sub RunMain\(control As IRibbonControl\)\s+PortfolioButton control.Id",
                     code, re.M)
    for button in build.BUTTONS:
        if button.id == "xlPortfolioAbout":
            assert "PortfolioAbout" in code  # VBA only: works without Python or workbook
            continue
        assert button.id in ribbon.BUTTON_ACTIONS, button.id
    # no workbook (or Protected View): a message before RunPython touches ActiveWorkbook
    assert code.index("ElseIf ActiveWorkbook Is Nothing Then") < code.index("RunPython")
    assert "On Error GoTo failed" in code


def test_worksheet_functions_live_in_the_addin_vba(addin):
    from xl_portfolio.excel import udfs
    code = vba_modules(addin.path)["RibbonMyAddin"]
    for name in udfs.WORKSHEET_FUNCTIONS:
        assert re.search(rf"^Function {name}\(", code, re.M), name
        assert (f'{name} = PortfolioResult(XLPy.CallUDF("xl_portfolio.excel.udfs", '
                f'"{name}", Array(') in code
        assert f'Application.MacroOptions Macro:="\'" & ThisWorkbook.Name & "\'!{name}"' \
            in code
    assert re.search(r"^Function PORTFOLIO_ERROR\(cell As Variant\)", code, re.M)
    # add-in wrappers name the calling workbook, not the add-in
    assert "ActiveWorkbook, Application.Caller)" in code and "ThisWorkbook, App" not in code
    this_workbook = vba_modules(addin.path)["ThisWorkbook"]
    assert 'Attribute VB_Name = "ThisWorkbook"' in this_workbook
    assert "Private Sub Workbook_Open()\r\n    PortfolioRegisterFunctions" in this_workbook


def test_vba_project_is_source_only_so_excel_compiles_what_we_wrote(addin):
    import olefile
    from oletools.olevba import decompress_stream

    from xl_portfolio.addin import ovba
    with zipfile.ZipFile(addin.path) as zf:
        blob = zf.read(build.VBA_PART)
    ole = olefile.OleFileIO(blob)
    assert ole.openstream("VBA/_VBA_PROJECT").read() == bytes.fromhex("CC61FFFF000000")
    records = ovba.read_records(decompress_stream(bytearray(ole.openstream("VBA/dir").read())))
    modules = ovba.module_streams(records)
    for name in ("RibbonMyAddin", "ThisWorkbook", "xlwings"):
        assert records[modules[name][1]].data == b"\0\0\0\0", name  # MODULEOFFSET 0
    # the modules we did not write are byte for byte what xlwings ships
    original = Path(xlwings.__file__).parent / "quickstart_addin_ribbon.xlam"
    with zipfile.ZipFile(original) as zf:
        shipped = olefile.OleFileIO(zf.read(build.VBA_PART))
    for stream in ("VBA/xlwings", "VBA/Dictionary", "PROJECT", "PROJECTwm"):
        assert ole.openstream(stream).read() == shipped.openstream(stream).read(), stream


def test_interpreter_is_in_the_activated_config_sheet(addin):
    # read back by an independent reader (calamine opens .xlam, openpyxl does not)
    workbook = python_calamine.CalamineWorkbook.from_path(str(addin.path))
    rows = workbook.get_sheet_by_name(addin.config_sheet).to_python()
    config = {str(r[0]).upper(): r[1] for r in rows if r and r[0]}
    assert config["INTERPRETER_WIN"] == INTERPRETER
    assert config["UDF MODULES"] == "xl_portfolio.excel.udfs"
    # the VBA reads the sheet named PROJECT_NAME & ".conf"
    code = "\n".join(vba_modules(addin.path).values())
    project = re.search(r'PROJECT_NAME As String = "(\w+)"', code).group(1)
    assert addin.config_sheet == f"{project}.conf"


def test_version_is_readable_back(addin, tmp_path):
    assert build.installed_version(addin.path) == build.PACKAGE_VERSION
    assert build.installed_version(tmp_path / "missing.xlam") is None


@pytest.mark.parametrize("data", [b"", b"a", b"abcabcabcabc" * 1000, bytes(range(256)) * 40,
                                  "é\r\n".encode("cp1252") * 3000])
def test_vba_compression_round_trips_through_oletools(data):
    from oletools.olevba import decompress_stream

    from xl_portfolio.addin import ovba
    packed = ovba.compress(data)
    assert decompress_stream(bytearray(packed)) == data
    assert ovba.decompress(packed) == data


def test_rewritten_compound_file_reads_back_with_olefile():
    import olefile

    from xl_portfolio.addin import vba_project
    original = Path(xlwings.__file__).parent / "quickstart_addin_ribbon.xlam"
    with zipfile.ZipFile(original) as zf:
        blob = zf.read(build.VBA_PART)
    long_source = 'Attribute VB_Name = "RibbonMyAddin"\nSub Big()\n' + "    x = 1\n" * 3000
    rewritten = vba_project.replace_modules(blob, {"RibbonMyAddin": long_source + "End Sub"})
    ole = olefile.OleFileIO(rewritten)
    before = olefile.OleFileIO(blob)
    assert ole.listdir() == before.listdir()
    assert vba_project.module_sources(rewritten)["RibbonMyAddin"] == \
        (long_source + "End Sub").replace("\n", "\r\n")
    assert vba_project.module_sources(rewritten)["xlwings"] == \
        vba_project.module_sources(blob)["xlwings"]


def test_the_vba_we_write_is_well_formed(addin):
    """What a compiler would refuse first: lines over VBA's limit, unbalanced blocks."""
    from xl_portfolio.addin import vba_source
    for name in ("RibbonMyAddin", "ThisWorkbook"):
        code = vba_modules(addin.path)[name]
        lines = code.splitlines()
        assert max(len(line) for line in lines) <= vba_source.MAX_VBA_LINE
        starts = [x for x in lines if re.match(r"\s*(Public |Private )?(Sub|Function) \w+\(", x)]
        ends = [x for x in lines if re.match(r"\s*End (Sub|Function)\s*$", x)]
        assert len(starts) == len(ends), name
        block_ifs = [x for x in lines if re.match(r"\s*If .* Then\s*(' .*)?$", x)]
        assert len(block_ifs) == len([x for x in lines if x.strip() == "End If"]), name
        assert code.count("#If ") == code.count("#End If"), name
        assert code.count("For ") - code.count("For Each") == code.count("Next "), name
        assert not re.search(r"_\r?\n\s*\r?\n", code)  # a continuation never ends a block
    assert vba_modules(addin.path)["RibbonMyAddin"].startswith(
        'Attribute VB_Name = "RibbonMyAddin"')


def test_a_changed_xlwings_wrapper_shape_stops_the_build():
    wrappers = {"vba": "Function F(x)\n    F = Py.Call(x)\nEnd Function\n",
                "functions": [{"name": "F", "category": "c", "description": "d",
                               "arguments": ["x"]}]}
    with pytest.raises(build.BuildError, match="wrappers changed shape"):
        build.embed_vba(_shipped_vba(), wrappers, "0")


def _shipped_vba() -> bytes:
    original = Path(xlwings.__file__).parent / "quickstart_addin_ribbon.xlam"
    with zipfile.ZipFile(original) as zf:
        return zf.read(build.VBA_PART)


def test_only_worksheet_functions_are_public_functions(addin):
    """A public Function in an add-in module is a worksheet function: helpers stay private."""
    from xl_portfolio.excel import udfs
    code = vba_modules(addin.path)["RibbonMyAddin"]
    public = set(re.findall(r"^(?:Public )?Function (\w+)\(", code, re.M))
    assert public == {*udfs.WORKSHEET_FUNCTIONS, "PORTFOLIO_ERROR"}
