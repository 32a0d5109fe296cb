"""write_report: fill the template with a PortfolioResult and save it atomically."""

from __future__ import annotations

import datetime as dt
import math
import re
from copy import copy
from pathlib import Path

from openpyxl.formatting.rule import ColorScaleRule, FormulaRule
from openpyxl.packaging.core import DocumentProperties
from openpyxl.packaging.custom import CustomPropertyList
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import quote_sheetname, range_boundaries
from openpyxl.workbook.workbook import Workbook

from xl_portfolio.analysis.result import PortfolioResult
from xl_portfolio.progress import WRITING, Progress, notify
from xl_portfolio.report import charts
from xl_portfolio.report.anchors import SHEETS
from xl_portfolio.report.atomic import atomic_write, check_writable
from xl_portfolio.report.block import BAD, GOOD
from xl_portfolio.report.blocks import (
    DATE,
    Block,
    as_of_text,
    customer_columns,
    printed_customer_columns,
    sheet_blocks,
)
from xl_portfolio.report.cells import safe_sheet_name
from xl_portfolio.report.fill import aligned, fill_block
from xl_portfolio.report.labels import sheet_name, text, yes_text
from xl_portfolio.report.stream import DeferredRows, save_streamed
from xl_portfolio.report.template import find_cell, find_table, load_template
from xl_portfolio.report.trends_charts import finish_trends
from xl_portfolio.report.xml_safe import make_text_xml_safe

CREATOR = "xl-portfolio"
WIDTH_SAMPLE_ROWS = 300
# Header rows whose labels the template wraps in fixed-width columns: a Dutch or French
# label is often longer than the English one the template was sized for.
FITTED_HEADERS = ("Matrix_Grid", "MatrixCells", "Pyramid", "Actions", "Settings")
ACTION_WIDTH = 55  # the Customers sheet's Action column, wrapped
DASHBOARD_WIDTH = 9  # columns A:I of the Dashboard's printed page
TONE_COLOURS = {GOOD: "2E7D32", BAD: "C00000"}  # IBCS: green good news, red bad news
LINE_HEIGHT = 15.0
LOSS_FILL = PatternFill("solid", fgColor="FCE4D6")
FLAG_FILL = PatternFill("solid", fgColor="FFC000")


def write_report(result: PortfolioResult, path: str | Path, *,
                 template: str | Path | None = None,
                 progress: Progress | None = None) -> Path:
    """Write the portfolio workbook to path (atomically) and return the path.

    template: a restyled copy of the report template; it must keep the anchors listed
    in report.anchors (InputError names the missing one). Default: the packaged one.
    Big tables are streamed into the package (report.stream) to keep 100,000
    customers fast. progress, if given, is called with "writing" (xl_portfolio.progress).
    """
    target = Path(path)
    check_writable(target)
    notify(progress, WRITING)
    wb, deferred = _build(result, template, stream=True)
    return atomic_write(target, lambda tmp: save_streamed(wb, tmp, deferred))


def build_workbook(result: PortfolioResult, template: str | Path | None = None) -> Workbook:
    """The filled workbook in memory, every cell in openpyxl (for callers that save it
    themselves; slower than write_report for big portfolios)."""
    return _build(result, template, stream=False)[0]


def _build(result: PortfolioResult, template: str | Path | None,
           stream: bool) -> tuple[Workbook, list[DeferredRows]]:
    wb = load_template(template)
    lang = result.settings.language
    translate_sheets(wb, lang)
    deferred: list[DeferredRows] | None = [] if stream else None
    by_anchor: dict[str, Block] = {}
    for sheet_blocks_ in sheet_blocks(result).values():
        for block in sheet_blocks_:
            fill_block(wb, block, deferred)
            by_anchor[block.anchor] = block
    scatter = by_anchor["Matrix_ChartData"]
    charts.matrix_chart(wb, scatter, text("chart_matrix", lang),
                        scatter.meta.get("y_bounds", (-0.5, 0.5)))
    charts.pyramid_chart(wb, by_anchor["Pyramid_ChartData"],
                         text("chart_pyramid_shares", lang))
    charts.whale_chart(wb, by_anchor["WhaleCurve"], text("chart_whale", lang))
    charts.whale_chart(wb, by_anchor["WhaleCurve"], text("chart_whale", lang),
                       anchor="Dashboard_Chart", size=(13.5, 8.5))
    colour_tones(wb, by_anchor["Dashboard_KeyFigures"])
    for anchor in ("Dashboard_Notes", "Dashboard_Warnings"):
        wrap_sentences(wb, by_anchor[anchor], DASHBOARD_WIDTH)
    clear_unused_grid(wb, by_anchor["Matrix_Grid"])
    finish_trends(wb, by_anchor, lang)
    format_customers(wb, result)
    size_columns(wb, by_anchor["Customers"])
    customers_print_area(wb, result)
    wrap_customer_actions(wb, result, by_anchor["Customers"], deferred or [])
    for name in ("Actions", "Settings"):
        _apply_heights(wb, name, fit_wrapped_rows(wb, by_anchor[name]), deferred or [])
    for anchor in FITTED_HEADERS:
        fit_header_row(wb, by_anchor[anchor])
    _page_headers(wb, result)
    _clean_package(wb, result)
    make_text_xml_safe(wb)
    return wb, deferred or []


def translate_sheets(wb: Workbook, lang: str) -> None:
    """Give the report sheets their names in the report's language and point the
    anchors' defined names at the renamed sheets (tables move with their sheet)."""
    renamed: dict[str, str] = {}
    taken = {n for n in wb.sheetnames if n not in SHEETS}
    for sheet in SHEETS:
        if sheet in wb.sheetnames:
            new = safe_sheet_name(sheet_name(sheet, lang), taken)
            taken.add(new)
            if new != sheet:
                wb[sheet].title = new
                renamed[sheet] = new
    if not renamed:
        return
    for defined in wb.defined_names.values():
        ref = defined.attr_text or ""
        for old, new in renamed.items():
            pattern = rf"(?:'{re.escape(old)}'|(?<![\w']){re.escape(old)})!"
            ref = re.sub(pattern, lambda _m, n=new: quote_sheetname(n) + "!", ref)
        defined.attr_text = ref


def colour_tones(wb: Workbook, block: Block) -> None:
    """Green for good news, red for bad, on the tiles' change cells."""
    ws, top, left = find_cell(wb, block.anchor)
    for (r, c), mood in block.tones.items():
        cell = ws.cell(top + r, left + c)
        font = copy(cell.font)
        font.color = TONE_COLOURS[mood]
        cell.font = font


def wrap_sentences(wb: Workbook, block: Block, columns: int) -> None:
    """Sentences over the page's width: each merged across `columns` and wrapped, its
    row as tall as its lines, so a long sentence never widens the printed page."""
    ws, top, left = find_cell(wb, block.anchor)
    width = sum(ws.column_dimensions[get_column_letter(left + c)].width or 8.43
                for c in range(columns))
    for r, row in enumerate(block.rows):
        if not row or not isinstance(row[0], str):
            continue
        cell = ws.cell(top + r, left)
        alignment = copy(cell.alignment)
        alignment.wrap_text, alignment.vertical = True, "top"
        cell.alignment = alignment
        ws.merge_cells(start_row=top + r, start_column=left, end_row=top + r,
                       end_column=left + columns - 1)
        lines = _wrapped_lines(row[0], width * 1.1)
        if lines > 1:
            ws.row_dimensions[top + r].height = LINE_HEIGHT * lines + 2


def clear_unused_grid(wb: Workbook, block: Block) -> None:
    """The template styles four profitability levels; a result with fewer leaves the
    rest blank and unstyled instead of coloured empty boxes."""
    ws, top, left = find_cell(wb, block.anchor)
    for row in range(top + len(block.rows), top + 1 + 4 * 5):
        for col in range(left, left + block.width):
            ws.cell(row, col).style = "Normal"
            ws.cell(row, col).value = None


def wrap_customer_actions(wb: Workbook, result: PortfolioResult, block: Block,
                          deferred: list[DeferredRows]) -> None:
    """The printed Action column wraps in a fixed width, rows as tall as their text, so
    a long (French) action is never cut off on paper."""
    columns = customer_columns(result)
    if "action" not in columns:
        return
    ws, table = find_table(wb, "Customers")
    min_col, min_row, _, max_row = range_boundaries(table.ref)
    c = columns.index("action")
    ws.column_dimensions[get_column_letter(min_col + c)].width = ACTION_WIDTH
    for r in range(min_row + 1, max_row + 1):
        cell = ws._cells.get((r, min_col + c))
        if cell is not None:
            cell._style = aligned(ws, cell._style, wrap_text=True)
    for item in deferred:
        if item.sheet == ws.title:
            item.styles[c] = aligned(ws, item.styles[c], wrap_text=True)
    _apply_heights(wb, "Customers", fit_wrapped_rows(wb, block), deferred)


def customers_print_area(wb: Workbook, result: PortfolioResult) -> None:
    """Fold the detail columns of Customers into an outline group (hidden, one click
    on + shows them): the page prints the readable selection, the table stays whole."""
    ws, table = find_table(wb, "Customers")
    min_col = range_boundaries(table.ref)[0]
    shown = set(printed_customer_columns(result))
    for c, name in enumerate(customer_columns(result)):
        if name not in shown:
            dim = ws.column_dimensions[get_column_letter(min_col + c)]
            dim.outlineLevel, dim.hidden = 1, True
    ws.sheet_properties.outlinePr.summaryRight = False


def _apply_heights(wb: Workbook, table_name: str, heights: dict[int, float],
                   deferred: list[DeferredRows]) -> None:
    ws, _ = find_table(wb, table_name)
    streamed = next((d for d in deferred if d.sheet == ws.title), None)
    for row, height in heights.items():
        if streamed is not None and row >= streamed.first_row:
            streamed.heights[row] = height
        else:
            ws.row_dimensions[row].height = height


def format_customers(wb: Workbook, result: PortfolioResult) -> None:
    """Colour scale on net margin %, loss-making rows, dependency flags."""
    ws, table = find_table(wb, "Customers")
    min_col, min_row, max_col, max_row = range_boundaries(table.ref)
    if max_row <= min_row:
        return
    columns = customer_columns(result)
    first, last = min_row + 1, max_row

    def letter(name: str) -> str | None:
        return get_column_letter(min_col + columns.index(name)) if name in columns else None

    row_range = f"{get_column_letter(min_col)}{first}:{get_column_letter(max_col)}{last}"
    net = letter("net_margin")
    if net:
        ws.conditional_formatting.add(row_range, FormulaRule(
            formula=[f'AND(ISNUMBER(${net}{first}),${net}{first}<0)'], fill=LOSS_FILL))
    pct = letter("net_margin_pct")
    if pct:
        ws.conditional_formatting.add(f"{pct}{first}:{pct}{last}", ColorScaleRule(
            start_type="percentile", start_value=5, start_color="F8696B",
            mid_type="num", mid_value=0, mid_color="FFFFFF",
            end_type="percentile", end_value=95, end_color="63BE7B"))
    dep = letter("dependency_risk")
    if dep:
        yes = yes_text(result.settings.language).replace('"', '""')
        flagged = f'OR(${dep}{first}=TRUE,${dep}{first}="{yes}")'
        ws.conditional_formatting.add(f"{dep}{first}:{dep}{last}", FormulaRule(
            formula=[flagged], fill=FLAG_FILL, font=Font(bold=True)))


def size_columns(wb: Workbook, block: Block) -> None:
    """Column widths from the header and a sample of the values (Customers varies)."""
    ws, table = find_table(wb, block.anchor)
    min_col = range_boundaries(table.ref)[0]
    sample = block.rows[1:WIDTH_SAMPLE_ROWS + 1]
    for c, name in enumerate(block.rows[0]):
        fmt = block.number_format(1, c)
        longest = len(str(name)) * 1.1 + 3  # header with filter button
        for row in sample:
            value = row[c]
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                length = (len(f"{value:,.0f}") + (2 if fmt and "%" in fmt else 1)
                          + _format_text_width(fmt))
            elif isinstance(value, (dt.date, dt.datetime)):
                length = len(DATE)
            else:
                length = len(str(value)) if value is not None else 0
            longest = max(longest, length + 2)
        ws.column_dimensions[get_column_letter(min_col + c)].width = min(max(longest, 8), 45)


def _format_text_width(fmt: str | None) -> int:
    """Characters a number format shows beside the digits: the quoted currency of the
    money format ('#,##0 "EUR"') and the space before it; without them a 2,776,759 EUR
    cell was sized for 2,776,759 and showed ###."""
    if not fmt:
        return 0
    shown = fmt.split(";")[0]
    quoted = re.findall(r'"([^"]*)"', shown)
    return sum(map(len, quoted)) + re.sub(r'"[^"]*"', "", shown).count(" ")


def fit_wrapped_rows(wb: Workbook, block: Block) -> dict[int, float]:
    """Row heights for table columns the template wraps: LibreOffice and phone previews
    do not grow rows on their own, so wrapped text would overlap the next row."""
    ws, table = find_table(wb, block.anchor)
    min_col, min_row, _, _ = range_boundaries(table.ref)
    wrapped = []
    for c in range(block.width):
        cell = ws.cell(min_row + 1, min_col + c)
        if cell.alignment is not None and cell.alignment.wrap_text:
            width = ws.column_dimensions[get_column_letter(min_col + c)].width or 8.43
            wrapped.append((c, max(width * 1.15, 1.0)))  # ~1.15 chars per width unit
    heights: dict[int, float] = {}
    if not wrapped:
        return heights
    for r, row in enumerate(block.rows[1:], start=min_row + 1):
        lines = max(math.ceil(len(str(row[c] or "")) / width) for c, width in wrapped)
        if lines > 1:
            heights[r] = 15 * lines
    return heights


def fit_header_row(wb: Workbook, block: Block) -> None:
    """Grow a header row so wrapped labels are not cut (LibreOffice and the PDF export
    keep the stored height); never shrinks what the template set."""
    found = find_table(wb, block.anchor)
    if found is not None:
        ws, table = found
        min_col, row = range_boundaries(table.ref)[:2]
    else:
        ws, row, min_col = find_cell(wb, block.anchor)
    lines = 1
    for c, label in enumerate(block.rows[0]):
        cell = ws.cell(row, min_col + c)
        width = ws.column_dimensions[get_column_letter(min_col + c)].width or 8.43
        if cell.alignment is not None and cell.alignment.wrap_text and label:
            # about one character per width unit, minus room for the filter button
            lines = max(lines, _wrapped_lines(str(label), max(width - 2, 4)))
    needed = LINE_HEIGHT * lines + 2
    current = ws.row_dimensions[row].height or LINE_HEIGHT
    if needed > current:
        ws.row_dimensions[row].height = needed


def _wrapped_lines(label: str, chars: float) -> int:
    """Lines a label takes when wrapped at word boundaries into `chars` per line."""
    lines, used = 1, 0
    for word in label.split():
        if used and used + 1 + len(word) > chars:
            lines, used = lines + 1, 0
        used += len(word) + (1 if used else 0)
        lines += max(0, math.ceil(len(word) / chars) - 1)
    return lines


def _page_headers(wb: Workbook, result: PortfolioResult) -> None:
    """Fill the {title} and {as_of} tokens of the template's print headers and put the
    footer's "Page &P of &N" in the report's language."""
    lang = result.settings.language
    values = {"{title}": text("title", lang).replace("&", "&&"),
              "{as_of}": as_of_text(result).replace("&", "&&")}
    # The packaged template's footer, in Excel's page codes (&P page, &N pages).
    page_of = (text("page_of", "en", page="&P", pages="&N"),
               text("page_of", lang, page="&P", pages="&N"))
    for ws in wb.worksheets:
        for part in (ws.oddHeader.left, ws.oddHeader.center, ws.oddHeader.right):
            if part.text:
                for token, value in values.items():
                    part.text = part.text.replace(token, value)
        for part in (ws.oddFooter.left, ws.oddFooter.center, ws.oddFooter.right):
            if part.text:
                part.text = part.text.replace(*page_of)


def _clean_package(wb: Workbook, result: PortfolioResult) -> None:
    """Our own document properties; nothing of the template's author, links or macros."""
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)
    wb.properties = DocumentProperties(
        creator=CREATOR, lastModifiedBy=CREATOR, title=text("title", result.settings.language),
        created=now, modified=now)
    wb.custom_doc_props = CustomPropertyList()
    wb._external_links = []
    wb.vba_archive = None
