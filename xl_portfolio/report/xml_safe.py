"""The last pass over a filled workbook: every piece of text outside the cells (chart and
axis titles, series names, print headers and footers, document properties) made
XML-safe with the same rule as the cells (cells.clean_text).

Cells are cleaned as they are filled; this pass covers the text that reaches the
package by other roads, so a name holding U+FFFE or a control character can never make
Excel "repair" the report, whichever template or chart code put it there.
"""

from __future__ import annotations

from typing import Any

from openpyxl.workbook.workbook import Workbook

from xl_portfolio.report.cells import clean_text

_PROPERTY_TEXT = ("title", "subject", "creator", "keywords", "description",
                  "lastModifiedBy", "category", "contentStatus", "identifier", "language",
                  "version", "revision")


def make_text_xml_safe(wb: Workbook) -> None:
    """Clean the text of charts, headers/footers and document properties in place."""
    for ws in wb.worksheets:
        for chart in getattr(ws, "_charts", []):
            _clean_chart(chart)
        for header in (ws.oddHeader, ws.oddFooter, ws.evenHeader, ws.evenFooter,
                       ws.firstHeader, ws.firstFooter):
            for part in (header.left, header.center, header.right):
                if part.text:
                    part.text = clean_text(part.text)
    for name in _PROPERTY_TEXT:
        value = getattr(wb.properties, name, None)
        if isinstance(value, str):
            setattr(wb.properties, name, clean_text(value))


def _clean_chart(chart: Any) -> None:
    titles = [chart.title]
    for axis_name in ("x_axis", "y_axis", "z_axis"):
        axis = getattr(chart, axis_name, None)
        if axis is not None:
            titles.append(axis.title)
    for title in titles:
        _clean_title(title)
    for series in getattr(chart, "series", []):
        label = series.tx
        if label is not None and isinstance(label.v, str):
            label.v = clean_text(label.v)


def _clean_title(title: Any) -> None:
    """A chart or axis title: rich text paragraphs of runs."""
    rich = getattr(getattr(title, "tx", None), "rich", None)
    if rich is None:
        return
    for paragraph in rich.p or []:
        for run in paragraph.r or []:
            if isinstance(run.t, str):
                run.t = clean_text(run.t)
