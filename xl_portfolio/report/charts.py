"""Native Excel charts over the chart-data blocks (so they render in Excel, LibreOffice
and most phone previews without any add-in)."""

from __future__ import annotations

from openpyxl.chart import BarChart, Reference, ScatterChart, Series
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.series import SeriesLabel
from openpyxl.utils.cell import range_boundaries
from openpyxl.workbook.workbook import Workbook

from xl_portfolio.report.blocks import Block
from xl_portfolio.report.template import find_cell, find_table

SEGMENT_COLOURS = ("1F7A3A", "70AD47", "A9D08E", "B8860B", "FFC000", "FFE699",
                   "C00000", "E46C0A", "F4B183")
NAVY = "1F3864"


def _axes_visible(chart) -> None:
    """openpyxl 3.1 leaves axis 'delete' unset; some viewers then hide the axes."""
    chart.x_axis.delete = False
    chart.y_axis.delete = False


def _anchor(wb: Workbook, name: str) -> tuple:
    ws, row, col = find_cell(wb, name)
    return ws, ws.cell(row, col).coordinate


def matrix_chart(wb: Workbook, data: Block, title: str) -> None:
    """Scatter of revenue (x) vs net margin % (y), one series per segment."""
    ws_data, top, left = find_cell(wb, data.anchor)
    ws, where = _anchor(wb, "Matrix_Chart")
    chart = ScatterChart()
    chart.title = title
    chart.style = 13
    chart.x_axis.title = str(data.rows[0][2])
    chart.y_axis.title = str(data.rows[0][3])
    chart.x_axis.number_format = "#,##0"
    chart.y_axis.number_format = "0%"
    chart.x_axis.majorGridlines = None
    chart.x_axis.scaling.logBase = 10  # revenue spans orders of magnitude
    chart.x_axis.tickLblPos = "low"  # labels at the bottom, not at 0% net margin
    chart.y_axis.tickLblPos = "low"
    _axes_visible(chart)
    segments: dict[str, list[int]] = {}
    for offset, row in enumerate(data.rows[1:], start=1):
        segments.setdefault(str(row[0]), []).append(offset)
    for index, (segment, offsets) in enumerate(segments.items()):
        first, last = top + offsets[0], top + offsets[-1]
        x = Reference(ws_data, min_col=left + 2, min_row=first, max_row=last)
        y = Reference(ws_data, min_col=left + 3, min_row=first, max_row=last)
        series = Series(y, x, title=segment)
        series.marker.symbol = "circle"
        series.marker.size = 6
        colour = SEGMENT_COLOURS[index % len(SEGMENT_COLOURS)]
        series.marker.graphicalProperties.solidFill = colour
        series.marker.graphicalProperties.line.solidFill = colour
        series.graphicalProperties.line.noFill = True
        chart.series.append(series)
    chart.legend.position = "b"
    chart.width, chart.height = 17, 11
    ws.add_chart(chart, where)


def pyramid_chart(wb: Workbook, data: Block, title: str) -> None:
    """Horizontal stacked bars with an invisible spacer: bars centred like a pyramid."""
    ws_data, top, left = find_cell(wb, data.anchor)
    ws, where = _anchor(wb, "Pyramid_Chart")
    rows = len(data.rows) - 1
    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.gapWidth = 15
    chart.title = title
    cats = Reference(ws_data, min_col=left, min_row=top + 1, max_row=top + rows)
    values = Reference(ws_data, min_col=left + 1, max_col=left + 2, min_row=top,
                       max_row=top + rows)
    chart.add_data(values, titles_from_data=True)
    chart.set_categories(cats)
    spacer, bars = chart.series
    spacer.graphicalProperties.noFill = True
    spacer.graphicalProperties.line.noFill = True
    bars.graphicalProperties.solidFill = "8EA9DB"  # light enough for black labels
    bars.dLbls = DataLabelList()
    bars.dLbls.showVal = True
    for flag in ("showSerName", "showCatName", "showLegendKey", "showPercent"):
        setattr(bars.dLbls, flag, False)
    chart.x_axis.scaling.orientation = "maxMin"  # first tier (Top) at the top
    chart.y_axis.delete = True
    chart.x_axis.delete = False
    chart.y_axis.majorGridlines = None
    chart.legend = None
    chart.width, chart.height = 16, 9
    ws.add_chart(chart, where)


def whale_chart(wb: Workbook, data: Block, title: str) -> None:
    """Cumulative net margin % against share of customers, with the 100% line."""
    ws_data, table = find_table(wb, data.anchor)
    min_col, min_row, _, max_row = range_boundaries(table.ref)
    ws, where = _anchor(wb, "Whale_Chart")
    chart = ScatterChart()
    chart.title = title
    chart.scatterStyle = "line"
    x = Reference(ws_data, min_col=min_col, min_row=min_row + 1, max_row=max_row)
    for offset, colour in ((1, NAVY), (2, "A6A6A6")):
        y = Reference(ws_data, min_col=min_col + offset, min_row=min_row + 1, max_row=max_row)
        series = Series(y, x, title=str(data.rows[0][offset]))
        series.title = SeriesLabel(v=str(data.rows[0][offset]))
        series.marker.symbol = "none"
        series.smooth = False
        series.graphicalProperties.line.solidFill = colour
        series.graphicalProperties.line.width = 28575 if offset == 1 else 12700
        if offset == 2:
            series.graphicalProperties.line.dashStyle = "dash"
        chart.series.append(series)
    chart.x_axis.title = str(data.rows[0][0])
    chart.y_axis.title = str(data.rows[0][1])
    chart.x_axis.number_format = "0%"
    chart.y_axis.number_format = "0%"
    chart.x_axis.scaling.min = 0
    chart.x_axis.scaling.max = 1
    _axes_visible(chart)
    chart.legend.position = "b"
    chart.width, chart.height = 16, 9
    ws.add_chart(chart, where)
