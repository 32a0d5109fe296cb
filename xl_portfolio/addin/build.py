"""Build the xl-portfolio add-in from the one `xlwings quickstart --addin --ribbon`
generates: a standalone add-in (its own xlwings VBA module and config sheet), so the
user's xlwings.xlam and ~/.xlwings/xlwings.conf play no part.

What changes in the quickstart file:
- xl/vbaProject.bin: the ribbon module is replaced by ours (vba_source.py): a callback
  that dispatches on the button id, About, Remove, and the worksheet-function wrappers
  that xlwings' generator writes (udf_wrappers.py), so the functions live in the add-in;
- customUI/customUI.xml: the Portfolio tab with its buttons, all on that one callback;
- the config sheet ``_myaddin.conf`` is activated (renamed ``myaddin.conf``, the
  documented switch) and given the interpreter path and the UDF module (what xlwings'
  own "import functions to add-in" would read);
- docProps/core.xml: a title (Excel's add-ins dialog) and our version, which
  `xl-portfolio addin status` reads back.
The file is named ``xl_portfolio.excel.ribbon.xlam``; the name matters only to
`xlwings` tooling that derives a module from it.
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree
from xml.sax.saxutils import escape

from xl_portfolio import __version__ as PACKAGE_VERSION
from xl_portfolio.addin import udf_wrappers, vba_project, vba_source

# The module the quickstart VBA imports is the file name without ".xlam".
RIBBON_MODULE = "xl_portfolio.excel.ribbon"
ADDIN_FILENAME = RIBBON_MODULE + ".xlam"
ADDIN_TITLE = "xl-portfolio"
QUICKSTART_PROJECT = "xlportfolio_quickstart"

CUSTOM_UI_PART = "customUI/customUI.xml"
CUSTOM_UI_NS = "http://schemas.microsoft.com/office/2006/01/customui"
TAB_ID = "xlPortfolioTab"
TAB_LABEL = "Portfolio"
GROUP_ID = "xlPortfolioGroup"
GROUP_LABEL = "Customer portfolio"
VBA_PART = "xl/vbaProject.bin"


@dataclass(frozen=True)
class Button:
    id: str  # what the VBA passes to xl_portfolio.excel.ribbon.run_button
    label: str
    image: str  # built-in Office icon (imageMso): no image part needed
    tip: str
    size: str = "normal"


BUTTONS = (
    Button("xlPortfolioRefresh", "Refresh matrix", "RefreshAll",
           "Reads the customer sheet of the active workbook, runs the analysis and writes "
           "the report sheets (charts included), as the command line does.", "large"),
    Button("xlPortfolioAnalyseSelection", "Analyse selection", "TableInsert",
           "Analyses the selected customer table (header row included) into a new sheet."),
    Button("xlPortfolioSettings", "Open settings", "PropertySheet",
           "Shows the Settings sheet (rates, thresholds, language); creates it with the "
           "defaults and the name PortfolioSettings if the workbook has none."),
    Button("xlPortfolioShare", "Share", "FileSendAsAttachment",
           "Saves a copy that is safe to mail (xl-portfolio share)."),
    Button("xlPortfolioAbout", "About", "Info",
           "Version, Python interpreter and add-in file in use."),
    Button("xlPortfolioRemove", "Remove", "Delete",
           "Removes the xl-portfolio add-in from Excel (your workbooks are not changed)."),
)
BUTTON_ID = BUTTONS[0].id
BUTTON_LABEL = BUTTONS[0].label

_DESCRIPTION_RE = re.compile(r"xl-portfolio ribbon add-in ([\w.+-]+)")


class BuildError(RuntimeError):
    """The quickstart add-in does not look as this builder expects (xlwings changed)."""


@dataclass(frozen=True)
class BuiltAddin:
    path: Path
    on_action: str  # the VBA macro the button calls
    config_sheet: str  # the activated config sheet


def run_quickstart(workdir: Path, python: str | None = None) -> Path:
    """Run `xlwings quickstart NAME --addin --ribbon` in workdir; return the .xlam."""
    command = [python or sys.executable, "-m", "xlwings.cli", "quickstart", QUICKSTART_PROJECT,
               "--addin", "--ribbon"]
    # quickstart reads the user's ~/.xlwings/xlwings.conf as UTF-8 and crashes on one in
    # the Windows code page (an accented path): give it an empty home instead.
    env = {**os.environ, "HOME": str(workdir), "USERPROFILE": str(workdir)}
    done = subprocess.run(command, cwd=workdir, capture_output=True, text=True, check=False,
                          env=env)
    addin = workdir / QUICKSTART_PROJECT / f"{QUICKSTART_PROJECT}.xlam"
    if done.returncode != 0 or not addin.exists():
        raise BuildError(f"xlwings quickstart failed ({done.returncode}): "
                         f"{(done.stderr or done.stdout).strip()[-500:]}")
    return addin


def ribbon_xml(on_action: str) -> str:
    """The customUI part: one tab, one group, every button on the one VBA callback (it
    dispatches on the button id)."""
    buttons = "".join(
        f'          <button id="{b.id}" label="{escape(b.label)}" size="{b.size}"'
        f' imageMso="{b.image}" screentip="{escape(b.label)}"'
        f' supertip="{escape(b.tip)}" onAction="{escape(on_action)}" />\n'
        for b in BUTTONS)
    return (
        f'<customUI xmlns="{CUSTOM_UI_NS}">\n'
        "  <ribbon>\n"
        "    <tabs>\n"
        f'      <tab id="{TAB_ID}" label="{TAB_LABEL}">\n'
        f'        <group id="{GROUP_ID}" label="{escape(GROUP_LABEL)}">\n'
        f"{buttons}"
        "        </group>\n"
        "      </tab>\n"
        "    </tabs>\n"
        "  </ribbon>\n"
        "</customUI>\n"
    )


def quickstart_on_action(custom_ui: bytes) -> str:
    """The onAction of the quickstart's button: the only ribbon macro its VBA has."""
    root = ElementTree.fromstring(custom_ui)
    actions = [el.get("onAction") for el in root.iter() if el.get("onAction")]
    if len(actions) != 1:
        raise BuildError(f"expected one onAction in the quickstart ribbon, found {actions}")
    return actions[0]


def _shared_strings(xml: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", si) for si in re.findall(r"<si>(.*?)</si>", xml, re.S)]


def activate_config_sheet(workbook_xml: str) -> tuple[str, str]:
    """Rename the inactive `_NAME.conf` sheet to `NAME.conf`; return (xml, new name)."""
    match = re.search(r'<sheet name="_([A-Za-z0-9_]+\.conf)"', workbook_xml)
    if not match:
        raise BuildError("the quickstart add-in has no _NAME.conf config sheet")
    name = match.group(1)
    return workbook_xml.replace(f'name="_{name}"', f'name="{name}"', 1), name


def set_config_values(sheet_xml: str, shared_strings_xml: str, values: dict[str, str]) -> str:
    """Put values in column B next to the keys (column A) of the config sheet.

    Edited as text: the sheet declares namespace prefixes that mc:Ignorable refers to,
    which an XML library would rename or drop, and Excel then refuses the file.
    """
    strings = _shared_strings(shared_strings_xml)
    keys_by_row: dict[str, int] = {}
    for row, index in re.findall(r'<c r="A(\d+)"[^>]*t="s"[^>]*><v>(\d+)</v></c>', sheet_xml):
        keys_by_row[strings[int(index)].upper()] = int(row)
    for key, value in values.items():
        row = keys_by_row.get(key.upper())
        if row is None:
            raise BuildError(f"config sheet has no key {key!r} in column A")
        row_re = re.compile(rf'(<row r="{row}"[^>]*>)(.*?)(</row>)', re.S)
        match = row_re.search(sheet_xml)
        if match is None:
            raise BuildError(f"config sheet has no row {row}")
        cells = re.sub(rf'<c r="B{row}"[^>]*?(/>|>.*?</c>)', "", match.group(2), flags=re.S)
        cell = (f'<c r="B{row}" s="1" t="inlineStr"><is><t xml:space="preserve">'
                f"{escape(value)}</t></is></c>")
        row_open = re.sub(r' spans="[^"]*"', ' spans="1:2"', match.group(1))
        sheet_xml = (sheet_xml[:match.start()] + row_open + cells + cell + match.group(3)
                     + sheet_xml[match.end():])
    return sheet_xml


def set_properties(core_xml: str, version: str) -> str:
    """Title and a description carrying our version into docProps/core.xml."""
    title = f"<dc:title>{ADDIN_TITLE}</dc:title>"
    description = f"<dc:description>xl-portfolio ribbon add-in {version}</dc:description>"
    core_xml = re.sub(r"<dc:title\s*/>|<dc:title>.*?</dc:title>", title, core_xml, flags=re.S)
    return re.sub(r"<dc:description\s*/>|<dc:description>.*?</dc:description>", description,
                  core_xml, flags=re.S)


def embed_vba(vba_bin: bytes, wrappers: dict, version: str) -> bytes:
    """The add-in's VBA project with our ribbon module and ThisWorkbook's Workbook_Open."""
    existing = vba_project.module_sources(vba_bin)
    if vba_source.RIBBON_MODULE_NAME not in existing or "ThisWorkbook" not in existing:
        raise BuildError("the quickstart add-in's VBA has no RibbonMyAddin/ThisWorkbook module")
    try:
        ribbon_module = vba_source.ribbon_module(wrappers, version)
    except ValueError as exc:
        raise BuildError(str(exc)) from exc
    return vba_project.replace_modules(vba_bin, {
        vba_source.RIBBON_MODULE_NAME: ribbon_module,
        "ThisWorkbook": vba_source.this_workbook_module(existing["ThisWorkbook"]),
    })


def adapt(source: Path, target: Path, interpreter: dict[str, str],
          version: str = PACKAGE_VERSION, wrappers: dict | None = None) -> BuiltAddin:
    """Copy the quickstart add-in to target with our ribbon, config sheet and properties.

    interpreter: config keys for the add-in's sheet, e.g. {"Interpreter_Win": path}.
    """
    with zipfile.ZipFile(source) as zin:
        parts = {info.filename: zin.read(info) for info in zin.infolist()}
        order = [info.filename for info in zin.infolist()]
    if CUSTOM_UI_PART not in parts:
        raise BuildError("the quickstart add-in has no ribbon (customUI/customUI.xml)")
    on_action = quickstart_on_action(parts[CUSTOM_UI_PART])
    parts[CUSTOM_UI_PART] = ribbon_xml(on_action).encode("utf-8")
    workbook_xml, config_sheet = activate_config_sheet(parts["xl/workbook.xml"].decode("utf-8"))
    parts["xl/workbook.xml"] = workbook_xml.encode("utf-8")
    sheet_part = _config_sheet_part(parts, workbook_xml, config_sheet)
    parts[sheet_part] = set_config_values(
        parts[sheet_part].decode("utf-8"), parts["xl/sharedStrings.xml"].decode("utf-8"),
        interpreter).encode("utf-8")
    if wrappers is None:
        wrappers = udf_wrappers.generate(target.name)
    parts[VBA_PART] = embed_vba(parts[VBA_PART], wrappers, version)
    parts["docProps/core.xml"] = set_properties(
        parts["docProps/core.xml"].decode("utf-8"), version).encode("utf-8")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as zout:
        for name in order:
            zout.writestr(name, parts[name])
    partial.replace(target)
    return BuiltAddin(target, on_action, config_sheet)


def _config_sheet_part(parts: dict[str, bytes], workbook_xml: str, sheet_name: str) -> str:
    """The worksheet part of a sheet, found through the workbook relationships."""
    rid = re.search(rf'<sheet name="{re.escape(sheet_name)}"[^>]*r:id="(\w+)"', workbook_xml)
    rels = parts["xl/_rels/workbook.xml.rels"].decode("utf-8")
    if rid:
        target = re.search(rf'Id="{rid.group(1)}"[^>]*Target="([^"]+)"', rels) or \
            re.search(rf'Target="([^"]+)"[^>]*Id="{rid.group(1)}"', rels)
        if target:
            return "xl/" + target.group(1).lstrip("/").removeprefix("xl/")
    raise BuildError(f"cannot find the worksheet part of sheet {sheet_name!r}")


def build_addin(target_dir: Path, interpreter_key: str, interpreter: str,
                python_for_quickstart: str | None = None) -> BuiltAddin:
    """Generate, adapt and write the ribbon add-in into target_dir/ADDIN_FILENAME."""
    with tempfile.TemporaryDirectory(prefix="xl-portfolio-addin-") as tmp:
        source = run_quickstart(Path(tmp), python_for_quickstart)
        config = {interpreter_key: interpreter, "UDF Modules": udf_wrappers.UDF_MODULE}
        return adapt(source, Path(target_dir) / ADDIN_FILENAME, config,
                     wrappers=udf_wrappers.generate(ADDIN_FILENAME, python_for_quickstart))


@dataclass(frozen=True)
class AddinInfo:
    """What an installed add-in says about itself (read from the file, Excel not needed)."""

    version: str | None
    xlwings_version: str | None
    interpreter: str | None


def addin_info(path: Path) -> AddinInfo:
    """Our version, the xlwings version of its VBA and the interpreter on its config
    sheet."""
    xlwings_version = interpreter = None
    with contextlib.suppress(Exception):
        with zipfile.ZipFile(path) as zf:
            sources = vba_project.module_sources(zf.read(VBA_PART))
        match = re.search(r'XLWINGS_VERSION As String = "([^"]+)"', sources.get("xlwings", ""))
        xlwings_version = match.group(1) if match else None
    with contextlib.suppress(Exception):
        import python_calamine
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        for name in book.sheet_names:
            if name.lower().endswith(".conf") and not name.startswith("_"):
                for row in book.get_sheet_by_name(name).to_python():
                    if row and str(row[0]).upper().startswith("INTERPRETER") and row[1]:
                        interpreter = str(row[1])
    return AddinInfo(installed_version(path), xlwings_version, interpreter)


def installed_version(path: Path) -> str | None:
    """The xl-portfolio version an installed add-in was built by; None if unknown."""
    try:
        with zipfile.ZipFile(path) as zf:
            core = zf.read("docProps/core.xml").decode("utf-8")
    except (OSError, KeyError, zipfile.BadZipFile):
        return None
    match = _DESCRIPTION_RE.search(core)
    return match.group(1) if match else None
