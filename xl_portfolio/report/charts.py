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

# One fixed colour per segment in every report, from the Okabe-Ito palette (readable
# with the common colour-vision deficiencies); the marker shape repeats the
# profitability level (x: not measured), so colour is never the only cue.
SEGMENT_COLOURS = {
    "anchor_grow": "009E73", "develop": "56B4E9", "maintain": "0072B2",
    "renegotiate": "E69F00", "improve_margin": "F0E442", "streamline": "999999",
    "remediate_now": "D55E00", "remediate": "CC79A7", "renegotiate_or_let_go": "000000",
    "measure_large": "0072B2", "measure_medium": "E69F00", "measure_small": "009E73",
}
SEGMENT_MARKERS = {"anchor_grow": "circle", "develop": "circle", "maintain": "circle",
                   "renegotiate": "diamond", "improve_margin": "diamond",
                   "streamline": "diamond", "remediate_now": "triangle",
                   "remediate": "triangle", "renegotiate_or_let_go": "triangle"}
# Segments not in the table (Not measured, new ones): a fixed colour by their code.
EXTRA_COLOURS = ("0072B2", "E69F00", "009E73", "CC79A7", "56B4E9", "D55E00", "000000")
LINE_CODES = {"line_zero": ("7F7F7F", "solid"), "line_target": ("1F3864", "dash")}
NAVY = "1F3864"


def segment_colour(code: str) -> str:
    """The segment's colour, the same in every report whatever the segment mix."""
    if code in SEGMENT_COLOURS:
        return SEGMENT_COLOURS[code]
    return EXTRA_COLOURS[sum(map(ord, code)) % len(EXTRA_COLOURS)]


def segment_marker(code: str) -> str:
    return SEGMENT_MARKERS.get(code, "x")


def _axes_visible(chart) -> None:
    """openpyxl 3.1 leaves axis 'delete' unset; some viewers then hide the axes."""
    chart.x_axis.delete = False
    chart.y_axis.delete = False


def _anchor(wb: Workbook, name: str) -> tuple:
    ws, row, col = find_cell(wb, name)
    return ws, ws.cell(row, col).coordinate


def matrix_chart(wb: Workbook, data: Block, title: str, bounds: tuple[float, float]
                 ) -> None:
    """Scatter of revenue (x, log) vs net margin % (y, clipped to bounds), one series
    per segment in its fixed colour, and the 0% and target lines."""
    ws_data, top, left = find_cell(wb, data.anchor)
    ws, where = _anchor(wb, "Matrix_Chart")
    chart = ScatterChart()
    chart.title = title
    chart.style = 13
    chart.x_axis.title = str(data.rows[0][3])
    chart.y_axis.title = str(data.rows[0][4])
    chart.x_axis.number_format = "#,##0"
    chart.y_axis.number_format = "0%"
    chart.x_axis.majorGridlines = None
    chart.x_axis.scaling.logBase = 10  # revenue spans orders of magnitude
    chart.y_axis.scaling.min, chart.y_axis.scaling.max = bounds
    chart.x_axis.tickLblPos = "low"  # labels at the bottom, not at 0% net margin
    chart.y_axis.tickLblPos = "low"
    _axes_visible(chart)
    series_rows: dict[tuple[str, str], list[int]] = {}
    for offset, row in enumerate(data.rows[1:], start=1):
        series_rows.setdefault((str(row[0]), str(row[1])), []).append(offset)
    for (code, label), offsets in series_rows.items():
        first, last = top + offsets[0], top + offsets[-1]
        x = Reference(ws_data, min_col=left + 3, min_row=first, max_row=last)
        y = Reference(ws_data, min_col=left + 4, min_row=first, max_row=last)
        series = Series(y, x, title=label)
        series.title = SeriesLabel(v=label)
        if code in LINE_CODES:
            colour, dash = LINE_CODES[code]
            series.marker.symbol = "none"
            series.graphicalProperties.line.solidFill = colour
            series.graphicalProperties.line.width = 15875
            series.graphicalProperties.line.dashStyle = dash
        else:
            colour = segment_colour(code)
            series.marker.symbol = segment_marker(code)
            series.marker.size = 6
            series.marker.graphicalProperties.solidFill = colour
            series.marker.graphicalProperties.line.solidFill = colour
            series.graphicalProperties.line.noFill = True
        chart.series.append(series)
    chart.legend.position = "b"
    chart.width, chart.height = 19, 12
    ws.add_chart(chart, where)


def pyramid_chart(wb: Workbook, data: Block, title: str) -> None:
    """Share of customers next to share of revenue, per active tier (Top first)."""
    ws_data, top, left = find_cell(wb, data.anchor)
    ws, where = _anchor(wb, "Pyramid_Chart")
    rows = len(data.rows) - 1
    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "clustered"
    chart.gapWidth = 60
    chart.title = title
    cats = Reference(ws_data, min_col=left, min_row=top + 1, max_row=top + max(rows, 1))
    values = Reference(ws_data, min_col=left + 1, max_col=left + 2, min_row=top,
                       max_row=top + max(rows, 1))
    chart.add_data(values, titles_from_data=True)
    chart.set_categories(cats)
    for series, colour in zip(chart.series, ("8EA9DB", NAVY), strict=False):
        series.graphicalProperties.solidFill = colour
        series.graphicalProperties.line.noFill = True
        series.dLbls = DataLabelList()
        series.dLbls.showVal = True
        series.dLbls.numFmt = "0%"
        for flag in ("showSerName", "showCatName", "showLegendKey", "showPercent"):
            setattr(series.dLbls, flag, False)
    chart.x_axis.scaling.orientation = "maxMin"  # first tier (Top) at the top
    chart.y_axis.number_format = "0%"
    chart.y_axis.scaling.min = 0
    chart.y_axis.majorGridlines = None
    _axes_visible(chart)
    chart.legend.position = "b"
    chart.width, chart.height = 16, 9
    ws.add_chart(chart, where)


def whale_chart(wb: Workbook, data: Block, title: str, anchor: str = "Whale_Chart",
                size: tuple[float, float] = (16, 9)) -> None:
    """Cumulative net margin % against share of customers, with the 100% line (on the
    Whale curve sheet, and small on the Dashboard)."""
    ws_data, table = find_table(wb, data.anchor)
    min_col, min_row, _, max_row = range_boundaries(table.ref)
    ws, where = _anchor(wb, anchor)
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
    chart.width, chart.height = size
    ws.add_chart(chart, where)
