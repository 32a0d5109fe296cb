"""Build the formatted workbook templates from code, so their look is reviewable.

    python tools/build_templates.py

writes workbook_templates/portfolio_report.xlsx (the report's look plus the anchors of
xl_portfolio.report.anchors) and workbook_templates/customer_input.xlsx (a blank input
sheet with validation and examples), and copies the report template into
xl_portfolio/templates/ so it ships inside the package. Finance staff may restyle a copy
in Excel; the writer only needs the anchors.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from xl_portfolio.report.anchors import ANCHORS, TABLE  # noqa: E402
from xl_portfolio.schema import NUMERIC_INPUTS, REQUIRED_OUTPUT  # noqa: E402

REPORT = ROOT / "workbook_templates" / "portfolio_report.xlsx"
INPUT = ROOT / "workbook_templates" / "customer_input.xlsx"
PACKAGED = ROOT / "xl_portfolio" / "templates" / "portfolio_report.xlsx"
PACKAGED_INPUT = ROOT / "xl_portfolio" / "templates" / "customer_input.xlsx"

NAVY = "1F3864"
FONT = "Calibri"
HEADER_FILL = PatternFill("solid", fgColor=NAVY)
HEADER_FONT = Font(name=FONT, bold=True, color="FFFFFF")
BODY_FONT = Font(name=FONT, size=11)
THIN = Side(style="thin", color="BFBFBF")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
LEVEL_FILLS = {"High": "E2EFDA", "Low": "FFF2CC", "Loss": "F8CBAD", "Not measured": "EDEDED"}
TABLE_STYLE = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
TILE_FILL = PatternFill("solid", fgColor="EEF3FA")
WHITE = Side(style="medium", color="FFFFFF")
TILE_BOX = Border(left=WHITE, right=WHITE, top=WHITE, bottom=WHITE)
TILES = 5  # revenue, gross margin, net margin, net margin %, active customers
MORE_FIGURES = 6  # loss-making, inactive/prospects, CR1, CR5, HHI, money at stake
GRID_TOP = 5  # first row of the Matrix grid (up to three title lines above it)
GRID_LEVELS = 4  # High, Low, Loss, Not measured

# Anchor cell and prototype header of every anchor (tables get one empty data row).
LAYOUT: dict[str, tuple[str, list[str]]] = {
    "Dashboard_Title": ("A1", []),
    "Dashboard_KeyFigures": ("A5", []),
    "Dashboard_Notes": ("A18", []),
    "Dashboard_Chart": ("F5", []),
    "Dashboard_Destroyers": ("A22", []),
    "Dashboard_Earners": ("F22", []),
    "Dashboard_Warnings": ("A30", []),
    "Matrix_Title": ("A1", []),
    "Matrix_Grid": (f"A{GRID_TOP}", []),
    "MatrixCells": ("A28", ["Size", "Profitability", "Segment", "Customers", "Revenue",
                            "Net margin", "Share of net margin"]),
    "Matrix_Chart": ("H5", []),
    "Matrix_ChartData": ("Z1", []),
    "Pyramid_Title": ("A1", []),
    "Pyramid": ("A4", ["Tier", "Customers", "Share of customers", "Revenue",
                       "Revenue share", "Net margin", "Net margin %", "Average revenue"]),
    "Pyramid_Chart": ("A14", []),
    "Pyramid_ChartData": ("K1", []),
    "Whale_Statement": ("A1", []),
    "Whale_Chart": ("A7", []),
    "WhaleCurve": ("K1", ["Share of customers", "Cumulative net margin %", "100% line"]),
    "Actions_Title": ("A1", []),
    "Actions_Total": ("A2", []),
    "Actions": ("A4", ["Customer", "Segment", "Action", "Why", "Money at stake", "Owner",
                       "Next review", "Priority"]),
    "Customers": ("A1", [name.replace("_", " ").capitalize() for name in REQUIRED_OUTPUT]),
    "Settings": ("A1", ["Setting", "Name in the settings file", "Value"]),
    "Settings_Reconciliation": ("E1", []),
    "Trends_Note": ("A1", []),
    "Trends_Bridge": ("A11", []),
    "Trends_BridgeChart": ("H11", []),
    "Trends_BridgeChartData": ("Z11", []),
    "Trends_Fit": ("A20", []),
    "Trends_Calibration": ("A35", []),
    "Trends_CalibrationChart": ("H41", []),
    "Trends_RFGrid": ("A46", []),
    "Trends_PeriodsChart": ("H26", []),
    "Trends_Periods": ("A63", []),
    "Trends_Cohorts": ("A83", []),
}
# Trends: sentences in rows 1-9, merged across the sheet's width and wrapped.
TRENDS_NOTE_ROWS = 9
TRENDS_NOTE_WIDTH = "Q"
COLUMN_WIDTHS = {
    "Dashboard": {"A": 47, "B": 22, "C": 20, "D": 11, "E": 3, "F": 34, "G": 15, "H": 13,
                  "I": 15},
    "Matrix": {"A": 14, "B": 20, "C": 22, "D": 22, "E": 22, "F": 14, "G": 16},
    "Pyramid": {"A": 12, "B": 12, "C": 14, "D": 16, "E": 14, "F": 16, "G": 14, "H": 16},
    "Whale curve": {"A": 120, "K": 18, "L": 22, "M": 12},
    "Actions": {"A": 30, "B": 22, "C": 48, "D": 58, "E": 15, "F": 18, "G": 12, "H": 9},
    "Settings": {"A": 46, "B": 28, "C": 40, "D": 3, "E": 40, "F": 12, "G": 16},
    "Trends": {"A": 40, **{letter: 13 for letter in "BCDEFG"}, "Z": 28},
}
PRINT_AREAS = {"Matrix": "A1:S45", "Pyramid": "A1:I32", "Whale curve": "A1:A27"}
ONE_PAGE = ("Dashboard", "Matrix", "Pyramid", "Whale curve", "Settings")


def _header_row(ws: Worksheet, row: int, col: int, headers: list[str]) -> None:
    for offset, name in enumerate(headers):
        cell = ws.cell(row, col + offset, name)
        cell.font, cell.fill, cell.border = HEADER_FONT, HEADER_FILL, BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _body(ws: Worksheet, row: int, col: int, width: int, bold_first: bool = False) -> None:
    for offset in range(width):
        cell = ws.cell(row, col + offset)
        cell.font = Font(name=FONT, bold=bold_first and offset == 0)
        cell.border = BOX


def _define(wb: Workbook, name: str, sheet: str, coord: str) -> None:
    col = "".join(ch for ch in coord if ch.isalpha())
    row = "".join(ch for ch in coord if ch.isdigit())
    ref = f"'{sheet}'!${col}${row}"
    wb.defined_names[name] = DefinedName(name, attr_text=ref)


def _print_setup(ws: Worksheet) -> None:
    """Landscape, fit to one page wide, title and date in the header."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.oddHeader.left.text = "{title}"
    ws.oddHeader.left.font = "Calibri,Bold"
    ws.oddHeader.center.text = "&A"
    ws.oddHeader.right.text = "{as_of}"
    ws.oddFooter.right.text = "Page &P of &N"


def _style_dashboard(ws: Worksheet) -> None:
    """Title lines, the key-figure tiles, two top-5 lists and the warnings."""
    ws["A1"].font = Font(name=FONT, size=20, bold=True, color=NAVY)
    ws["A2"].font = Font(name=FONT, size=12, color="595959")
    ws["A3"].font = Font(name=FONT, size=10, italic=True, color="7F7F7F")
    ws.row_dimensions[1].height = 30
    _header_row(ws, 5, 1, ["Key figure", "This period", "Previous period", "Change"])
    for row in range(6, 6 + TILES):
        ws.row_dimensions[row].height = 26
        for col in range(1, 5):
            cell = ws.cell(row, col)
            cell.fill, cell.border = TILE_FILL, TILE_BOX
            cell.alignment = Alignment(horizontal="left" if col == 1 else "right",
                                       vertical="center")
        ws.cell(row, 1).font = Font(name=FONT, size=11, bold=True, color=NAVY)
        ws.cell(row, 2).font = Font(name=FONT, size=15, bold=True, color=NAVY)
        ws.cell(row, 3).font = Font(name=FONT, size=11, color="595959")
        ws.cell(row, 4).font = Font(name=FONT, size=11, bold=True)
    for row in range(6 + TILES, 6 + TILES + MORE_FIGURES):
        _body(ws, row, 1, 2)
        ws.cell(row, 2).alignment = Alignment(horizontal="right")
        ws.cell(row, 2).font = Font(name=FONT, bold=True)
    for row in range(18, 21):
        ws.cell(row, 1).font = Font(name=FONT, italic=True, color="7F6000")
    for col in (1, 6):
        ws.cell(22, col).font = Font(name=FONT, size=12, bold=True, color=NAVY)
        _header_row(ws, 23, col, ["Customer", "Net margin", "Net margin %", "Revenue"])
        for row in range(24, 29):
            _body(ws, row, col, 4)
    ws.row_dimensions[23].height = 46  # three lines: "Chiffre d'affaires (EUR)"
    _header_row(ws, 30, 1, ["Warnings"])
    ws["A30"].alignment = Alignment(horizontal="left")
    ws["A31"].font = Font(name=FONT, color="C00000")


def _style_matrix(ws: Worksheet) -> None:
    ws["A1"].font = Font(name=FONT, size=12, bold=True, color=NAVY)
    for row in (2, 3):
        ws[f"A{row}"].font = Font(name=FONT, size=10, italic=True, color="7F6000")
    _header_row(ws, GRID_TOP, 1, ["Profitability", "Figure", "Large", "Medium", "Small"])
    for index, (level, fill) in enumerate(LEVEL_FILLS.items()):
        top = GRID_TOP + 1 + index * 5
        for row in range(top, top + 5):
            for col in range(1, 6):
                cell = ws.cell(row, col)
                cell.fill = PatternFill("solid", fgColor=fill)
                cell.border = BOX
                cell.font = Font(name=FONT, bold=row == top or col == 1)
                if col >= 3:
                    cell.alignment = Alignment(horizontal="center" if row == top else "right",
                                               wrap_text=row == top)
        ws.cell(top, 1).value = level
        ws.row_dimensions[top].height = 30


def _style_trends(ws: Worksheet) -> None:
    """Sentences on top; header rows for the small tables; the writer extends the styles
    of the first columns to blocks whose width depends on the number of periods."""
    for row in range(1, TRENDS_NOTE_ROWS + 1):
        ws.merge_cells(f"A{row}:{TRENDS_NOTE_WIDTH}{row}")
        cell = ws.cell(row, 1)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.font = Font(name=FONT, size=11)
    ws["A1"].font = Font(name=FONT, size=14, bold=True, color=NAVY)
    for anchor, width in (("Trends_Bridge", 2), ("Trends_Fit", 2),
                          ("Trends_Calibration", 4), ("Trends_Periods", 2)):
        cell = ws[LAYOUT[anchor][0]]
        _header_row(ws, cell.row, cell.column, [""] * width)
        _body(ws, cell.row + 1, cell.column, width, bold_first=anchor == "Trends_Periods")
    grid = ws[LAYOUT["Trends_RFGrid"][0]]
    ws.cell(grid.row, 1).font = Font(name=FONT, bold=True, color=NAVY)
    _header_row(ws, grid.row + 1, 1, [""] * 6)
    for row in range(grid.row + 2, grid.row + 7):
        _body(ws, row, 1, 6)
        ws.cell(row, 1).font = HEADER_FONT
        ws.cell(row, 1).fill = HEADER_FILL
        ws.cell(row, 1).alignment = Alignment(horizontal="center")
    periods = ws[LAYOUT["Trends_Periods"][0]]
    ws.row_breaks.append(Break(id=periods.row - 1))  # the wide tables start a new page
    cohorts = ws[LAYOUT["Trends_Cohorts"][0]]
    ws.cell(cohorts.row, 1).font = Font(name=FONT, bold=True, color=NAVY)
    _header_row(ws, cohorts.row + 1, 1, [""] * 2)
    _body(ws, cohorts.row + 2, 1, 2)
    data = ws[LAYOUT["Trends_BridgeChartData"][0]]
    for offset in range(5):  # chart data: hidden, so it does not widen the printed page
        ws.cell(data.row, data.column + offset).font = Font(name=FONT, color="7F7F7F")
        ws.column_dimensions[get_column_letter(data.column + offset)].hidden = True


def _add_table(ws: Worksheet, name: str, coord: str, headers: list[str]) -> None:
    cell = ws[coord]
    _header_row(ws, cell.row, cell.column, headers)
    _body(ws, cell.row + 1, cell.column, len(headers))
    last = ws.cell(cell.row + 1, cell.column + len(headers) - 1).coordinate
    table = Table(displayName=name, ref=f"{coord}:{last}", tableStyleInfo=TABLE_STYLE)
    ws.add_table(table)


def build_report_template(path: Path = REPORT) -> Path:
    """The report template: styled sheets, tables and defined names (the anchors)."""
    wb = Workbook()
    wb.remove(wb.active)
    for anchor in ANCHORS:
        if anchor.sheet not in wb.sheetnames:
            ws = wb.create_sheet(anchor.sheet)
            ws.sheet_view.showGridLines = anchor.sheet in ("Customers", "Settings")
            _print_setup(ws)
    _style_dashboard(wb["Dashboard"])
    _style_matrix(wb["Matrix"])
    for anchor in ANCHORS:
        coord, headers = LAYOUT[anchor.name]
        ws = wb[anchor.sheet]
        if anchor.kind == TABLE:
            _add_table(ws, anchor.name, coord, headers)
        else:
            _define(wb, anchor.name, anchor.sheet, coord)
    wb["Whale curve"]["A1"].font = Font(name=FONT, size=12, bold=True, color=NAVY)
    _style_trends(wb["Trends"])
    for sheet in ("Actions", "Pyramid"):
        wb[sheet]["A1"].font = Font(name=FONT, size=12, bold=True, color=NAVY)
    wb["Pyramid"]["A2"].font = Font(name=FONT, italic=True, color="595959")
    wb["Actions"]["A2"].font = Font(name=FONT, bold=True)
    wb["Actions"]["B2"].font = Font(name=FONT, bold=True)
    wb["Actions"].row_dimensions[4].height = 32
    wb["Matrix"].row_dimensions[28].height = 32
    for letter in "ABCDEFGH":  # long texts wrap instead of spilling over
        wb["Actions"][f"{letter}5"].alignment = Alignment(
            wrap_text=letter in "ABCD", vertical="top",
            horizontal="left" if letter in "ABCDF" else None)
    for letter in "ABC":
        wb["Settings"][f"{letter}2"].alignment = Alignment(wrap_text=True, vertical="top")
    wb["Settings"]["B2"].font = Font(name=FONT, size=9, color="7F7F7F")
    _header_row(wb["Settings"], 1, 5, ["Input reconciliation", "Rows", "Amount"])
    wb["Settings"]["E2"].alignment = Alignment(wrap_text=True, vertical="top")
    wb["Customers"].row_dimensions[1].height = 32
    wb["Customers"].print_title_rows = "1:1"
    wb["Customers"].freeze_panes = "B2"
    wb["Actions"].print_title_rows = "4:4"
    wb["Actions"].freeze_panes = "A5"
    wb["Settings"].print_title_rows = "1:1"
    for sheet in ONE_PAGE:
        wb[sheet].page_setup.fitToHeight = 1
    for sheet, widths in COLUMN_WIDTHS.items():
        for letter, width in widths.items():
            wb[sheet].column_dimensions[letter].width = width
    for sheet, area in PRINT_AREAS.items():
        wb[sheet].print_area = area
    wb.properties.creator = "xl-portfolio"
    wb.properties.title = "Customer portfolio"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


INPUT_HEADERS = {
    "customer": "Customer", "revenue": "Revenue", "revenue_previous": "Revenue previous",
    "cost_of_goods": "Cost of goods", "orders": "Orders", "order_lines": "Order lines",
    "deliveries": "Deliveries", "returns": "Returns", "service_hours": "Service hours",
    "sales_visits": "Sales visits", "rush_orders": "Rush orders", "rebates": "Rebates",
    "dso": "DSO", "overdue": "Overdue", "share_of_wallet": "Share of wallet",
    "last_invoice_date": "Last invoice date", "owner": "Owner",
    "growth_potential": "Growth potential",
}
EXAMPLES = [
    ["Example Wholesale NV", 250000, 230000, 180000, 120, 900, 110, 4, 30, 12, 6, 2500, 45,
     0, 0.35, dt.date(2025, 12, 15), "An Peeters", "High"],
    ["Sample Bakery BV", 42000, 45000, 29000, 150, 600, 150, 10, 12, 6, 20, 0, 75, 3000,
     0.8, dt.date(2025, 11, 30), "Jan de Vries", "Low"],
    ["Demo Garage SARL", 15000, 9000, 10500, 12, 40, 12, 0, 2, 2, 0, 0, 30, 0, None,
     dt.date(2025, 10, 2), None, "Medium"],
]
INSTRUCTIONS = [
    "How to fill in this sheet",
    "One row per customer. Only Customer and Revenue are required; leave unknown columns "
    "empty or delete them.",
    "Money in one currency, for the last 12 months. Counts (orders, deliveries ...) for the "
    "same period.",
    "DSO = days sales outstanding. Share of wallet = our revenue / the customer's total "
    "spend (0 to 1).",
    "Growth potential: High, Medium or Low (empty = derived from revenue growth).",
    "Replace the three example rows, then run: xl-portfolio analyze customer_input.xlsx "
    "-o portfolio.xlsx",
]


def build_input_template(path: Path = INPUT) -> Path:
    """Blank input workbook: headers, validation, example rows and instructions."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Customers"
    headers = list(INPUT_HEADERS.values())
    _header_row(ws, 1, 1, headers)
    last_row = 1000
    for row_index, row in enumerate(EXAMPLES, start=2):
        for col_index, value in enumerate(row, start=1):
            ws.cell(row_index, col_index, value)
    for col_index, name in enumerate(INPUT_HEADERS, start=1):
        letter = ws.cell(1, col_index).column_letter
        ws.column_dimensions[letter].width = max(12, len(INPUT_HEADERS[name]) + 4)
        area = f"{letter}2:{letter}{last_row}"
        if name in NUMERIC_INPUTS and name not in ("revenue", "revenue_previous"):
            dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0",
                                allow_blank=True, showErrorMessage=True,
                                errorTitle="Not a number >= 0",
                                error=f"{INPUT_HEADERS[name]} must be a number of 0 or more.")
            dv.add(area)
            ws.add_data_validation(dv)
            ws.cell(2, col_index).number_format = "#,##0"
        elif name == "growth_potential":
            dv = DataValidation(type="list", formula1='"High,Medium,Low"', allow_blank=True,
                                showErrorMessage=True, errorTitle="Growth potential",
                                error="Choose High, Medium or Low.")
            dv.add(area)
            ws.add_data_validation(dv)
        elif name == "last_invoice_date":
            for row in range(2, 2 + len(EXAMPLES)):
                cell = ws.cell(row, col_index)
                cell.number_format = "yyyy-mm-dd"
    ws.column_dimensions["A"].width = 26
    ws.freeze_panes = "B2"
    help_ws = wb.create_sheet("Instructions")
    help_ws.column_dimensions["A"].width = 110
    for row, line in enumerate(INSTRUCTIONS, start=1):
        cell = help_ws.cell(row, 1, line)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.font = Font(name=FONT, bold=row == 1, size=14 if row == 1 else 11)
    wb.properties.creator = "xl-portfolio"
    wb.properties.title = "Customer input"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def main() -> None:
    build_report_template()
    build_input_template()
    PACKAGED.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(REPORT, PACKAGED)
    shutil.copyfile(INPUT, PACKAGED_INPUT)
    print(f"wrote {REPORT.relative_to(ROOT)}, {INPUT.relative_to(ROOT)} and their copies "
          f"in {PACKAGED.parent.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
