"""The Trends sheet's looks and charts, drawn over the blocks of report.trends.

A waterfall of the last revenue bridge (a stacked column chart whose first series, the
base, is invisible: the file format openpyxl writes has no native waterfall), revenue
and active customers per period (columns plus a line on a second axis), the holdout
check (actual vs predicted columns), and colour scales on the cohort triangles and the
R x F grid. Blocks whose width depends on the number of periods take the styles of the
template's first columns.
"""

from __future__ import annotations

import math
from copy import copy

from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from xl_portfolio.report.blocks import Block
from xl_portfolio.report.labels import text
from xl_portfolio.report.template import find_cell
from xl_portfolio.report.trends import PERIOD_ROW_ACTIVE, PERIOD_ROW_REVENUE

NAVY, GREEN, RED, GREY = "1F3864", "70AD47", "C00000", "A6A6A6"
NOTE_CHARS_PER_LINE = 190  # the merged note rows are about this many characters wide
LINE_HEIGHT = 15.0


def finish_trends(wb: Workbook, blocks: dict[str, Block], language: str) -> None:
    """Styles, row heights, colour scales and charts of the Trends sheet (history only)."""
    if "Trends_Periods" not in blocks:
        return
    _note_heights(wb, blocks["Trends_Note"])
    _extend_right(wb, blocks["Trends_Periods"])
    _style_cohorts(wb, blocks["Trends_Cohorts"])
    _colour_grid(wb, blocks["Trends_RFGrid"], first_row=2, first_col=1)
    periods_chart(wb, blocks["Trends_Periods"], text("chart_periods", language),
                  text("chart_active", language))
    if blocks["Trends_Calibration"].rows[1][1] is not None:
        calibration_chart(wb, blocks["Trends_Calibration"],
                          text("chart_calibration", language))
    if "Trends_BridgeChartData" in blocks:
        labels = blocks["Trends_Periods"].rows[0]
        waterfall_chart(wb, blocks["Trends_BridgeChartData"],
                        text("chart_bridge", language, start=labels[-2], end=labels[-1]))


def _note_heights(wb: Workbook, block: Block) -> None:
    """Wrapped sentences in merged rows: LibreOffice and phone previews do not grow the
    rows on their own."""
    ws, top, _ = find_cell(wb, block.anchor)
    for offset, (sentence,) in enumerate(block.rows):
        lines = max(1, math.ceil(len(str(sentence or "")) / NOTE_CHARS_PER_LINE))
        if offset == 0:
            continue  # the title row keeps the template's height
        ws.row_dimensions[top + offset].height = LINE_HEIGHT * lines + 2


def _copy_style(ws: Worksheet, source: tuple[int, int], target: tuple[int, int],
                number_format: str | None = None) -> None:
    cell = ws.cell(*target)
    cell._style = copy(ws.cell(*source)._style)
    if number_format:
        cell.number_format = number_format


def _extend_right(wb: Workbook, block: Block) -> None:
    """Columns past the second take the second column's style, row by row."""
    ws, top, left = find_cell(wb, block.anchor)
    for r in range(len(block.rows)):
        for c in range(2, block.width):
            _copy_style(ws, (top + r, left + 1), (top + r, left + c), block.number_format(r, c))


def _style_cohorts(wb: Workbook, block: Block) -> None:
    """Title, header and data rows of both triangles from the template's first three
    rows, and a white-to-green colour scale over each triangle."""
    ws, top, left = find_cell(wb, block.anchor)
    title, header, data = top, top + 1, top + 2
    sections: list[tuple[int, int]] = []  # (first data row, last data row) per triangle
    r = 0
    while r < len(block.rows):
        if block.rows[r][0] is None:
            r += 1
            continue
        _copy_style(ws, (title, left), (top + r, left))
        for c in range(block.width):
            _copy_style(ws, (header, left + min(c, 1)), (top + r + 1, left + c))
        first = r + 2
        r = first
        while r < len(block.rows) and block.rows[r][0] is not None:
            for c in range(block.width):
                _copy_style(ws, (data, left + min(c, 1)), (top + r, left + c),
                            block.number_format(r, c) if c else None)
            r += 1
        sections.append((top + first, top + r - 1))
    for first, last in sections:
        if last >= first and block.width > 1:
            area = (f"{get_column_letter(left + 1)}{first}:"
                    f"{get_column_letter(left + block.width - 1)}{last}")
            ws.conditional_formatting.add(area, ColorScaleRule(
                start_type="num", start_value=0, start_color="FFFFFF",
                end_type="num", end_value=1, end_color="63BE7B"))


def _colour_grid(wb: Workbook, block: Block, first_row: int, first_col: int) -> None:
    ws, top, left = find_cell(wb, block.anchor)
    area = (f"{get_column_letter(left + first_col)}{top + first_row}:"
            f"{get_column_letter(left + block.width - 1)}{top + len(block.rows) - 1}")
    ws.conditional_formatting.add(area, ColorScaleRule(
        start_type="min", start_color="FFFFFF", end_type="max", end_color="5B9BD5"))


def _axes_visible(chart) -> None:  # noqa: ANN001
    chart.x_axis.delete = False
    chart.y_axis.delete = False


def _place(wb: Workbook, anchor: str, chart) -> None:  # noqa: ANN001
    ws, row, col = find_cell(wb, anchor)
    ws.add_chart(chart, ws.cell(row, col).coordinate)


def waterfall_chart(wb: Workbook, data: Block, title: str) -> None:
    """Stacked columns: invisible base, then revenue (navy), increase (green) and
    decrease (red); each step shows one visible bar floating at its level."""
    ws, top, left = find_cell(wb, data.anchor)
    rows = len(data.rows) - 1
    chart = BarChart(barDir="col", grouping="stacked", overlap=100, gapWidth=40)
    chart.title = title
    values = Reference(ws, min_col=left + 1, max_col=left + 4, min_row=top,
                       max_row=top + rows)
    chart.add_data(values, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=left, min_row=top + 1, max_row=top + rows))
    base, total, up, down = chart.series
    base.graphicalProperties.noFill = True
    base.graphicalProperties.line.noFill = True
    for series, colour in ((total, NAVY), (up, GREEN), (down, RED)):
        series.graphicalProperties.solidFill = colour
        series.graphicalProperties.line.solidFill = colour
    chart.y_axis.number_format = "#,##0"
    chart.y_axis.majorGridlines = None
    chart.y_axis.scaling.min = _axis_floor(data)
    chart.visible_cells_only = False  # the template hides the chart data
    _axes_visible(chart)
    chart.legend = None
    chart.width, chart.height = 18, 7
    _place(wb, "Trends_BridgeChart", chart)


def _axis_floor(data: Block) -> float:
    """A round value below the lowest bar, so the steps are not dwarfed by the totals
    (the totals' bars are cut there; the table beside the chart has the amounts)."""
    body = [row for row in data.rows[1:] if all(isinstance(v, float) for v in row[1:])]
    lows = [row[1] if row[2] == 0 else row[2] for row in body]
    lowest = min(lows, default=0.0)
    if lowest <= 0:
        return 0.0
    step = 10 ** math.floor(math.log10(lowest * 0.1 or 1))
    return math.floor(lowest * 0.9 / step) * step


def periods_chart(wb: Workbook, data: Block, title: str, active_title: str) -> None:
    """Revenue per period as columns, active customers as a line on a second axis."""
    ws, top, left = find_cell(wb, data.anchor)
    count = data.width - 1
    cats = Reference(ws, min_col=left + 1, max_col=left + count, min_row=top)
    bars = BarChart()
    bars.type = "col"
    bars.title = title
    bars.add_data(Reference(ws, min_col=left, max_col=left + count,
                            min_row=top + PERIOD_ROW_REVENUE), from_rows=True,
                  titles_from_data=True)
    bars.set_categories(cats)
    bars.series[0].graphicalProperties.solidFill = "8EA9DB"
    bars.y_axis.number_format = "#,##0"
    bars.y_axis.majorGridlines = None
    bars.y_axis.scaling.min = 0
    line = LineChart()
    line.add_data(Reference(ws, min_col=left, max_col=left + count,
                            min_row=top + PERIOD_ROW_ACTIVE), from_rows=True,
                  titles_from_data=True)
    line.series[0].graphicalProperties.line.solidFill = NAVY
    line.series[0].graphicalProperties.line.width = 28575
    line.series[0].marker.symbol = "circle"
    line.series[0].smooth = False
    line.y_axis.axId = 200
    line.y_axis.title = active_title
    line.y_axis.crosses = "max"
    line.y_axis.number_format = "#,##0"
    line.y_axis.majorGridlines = None
    _axes_visible(bars)
    _axes_visible(line)
    bars += line
    bars.legend.position = "b"
    bars.width, bars.height = 18, 7
    _place(wb, "Trends_PeriodsChart", bars)


def calibration_chart(wb: Workbook, data: Block, title: str) -> None:
    """Actual (navy) and predicted (grey) purchases in the holdout period per group."""
    ws, top, left = find_cell(wb, data.anchor)
    rows = len(data.rows) - 1
    chart = BarChart()
    chart.type = "col"
    chart.title = title
    chart.add_data(Reference(ws, min_col=left + 2, max_col=left + 3, min_row=top,
                             max_row=top + rows), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=left, min_row=top + 1, max_row=top + rows))
    chart.x_axis.title = str(data.rows[0][0])
    for series, colour in zip(chart.series, (NAVY, GREY), strict=True):
        series.graphicalProperties.solidFill = colour
    chart.y_axis.number_format = "#,##0"
    chart.y_axis.majorGridlines = None
    _axes_visible(chart)
    chart.legend.position = "b"
    chart.width, chart.height = 18, 7
    _place(wb, "Trends_CalibrationChart", chart)
