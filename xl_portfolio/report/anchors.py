"""The anchor contract between the report writer and a (restyled) template.

A template may look however finance staff like, as long as it keeps these anchors:
Excel tables (resized by the writer to fit the data) and workbook-scope defined names
(the top-left cell of a block or of a chart). The list is data so that the README, the
template builder and the template check all read the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass

TABLE = "table"
CELL = "cell"


@dataclass(frozen=True)
class Anchor:
    """One place in the template the writer fills."""

    name: str  # table name or defined name
    sheet: str
    kind: str  # TABLE or CELL
    purpose: str


ANCHORS: tuple[Anchor, ...] = (
    Anchor("Dashboard_Title", "Dashboard", CELL, "report title and as-of date"),
    Anchor("Dashboard_Logo", "Dashboard", CELL, "logo placeholder cell (not filled)"),
    Anchor("Dashboard_KeyFigures", "Dashboard", CELL, "label/value block of key figures"),
    Anchor("Dashboard_Warnings", "Dashboard", CELL, "warnings as sentences, one per row"),
    Anchor("Matrix_Grid", "Matrix", CELL, "3x3 size x profitability grid"),
    Anchor("MatrixCells", "Matrix", TABLE, "the nine matrix cells as a table"),
    Anchor("Matrix_Chart", "Matrix", CELL, "top-left of the revenue vs net margin % chart"),
    Anchor("Matrix_ChartData", "Matrix", CELL, "chart data: customers per segment (capped)"),
    Anchor("Pyramid", "Pyramid", TABLE, "one row per pyramid tier"),
    Anchor("Pyramid_Chart", "Pyramid", CELL, "top-left of the pyramid bar chart"),
    Anchor("Pyramid_ChartData", "Pyramid", CELL, "chart data: centred bars per tier"),
    Anchor("Whale_Statement", "Whale curve", CELL, "the whale curve in words"),
    Anchor("WhaleCurve", "Whale curve", TABLE, "chart data: cumulative net margin %"),
    Anchor("Whale_Chart", "Whale curve", CELL, "top-left of the whale curve chart"),
    Anchor("Actions", "Actions", TABLE, "customers that need action, by priority"),
    Anchor("Actions_Total", "Actions", CELL, "total expected extra margin"),
    Anchor("Customers", "Customers", TABLE, "one row per customer (all output columns)"),
    Anchor("Settings", "Settings", TABLE, "every setting, the as-of date and the source"),
    Anchor("Trends_Note", "Trends", CELL, "trend analysis or why it is missing"),
    Anchor("Trends_Bridge", "Trends", CELL, "last revenue bridge: step, amount"),
    Anchor("Trends_BridgeChart", "Trends", CELL, "top-left of the waterfall chart"),
    Anchor("Trends_BridgeChartData", "Trends", CELL, "waterfall chart data (invisible base)"),
    Anchor("Trends_Fit", "Trends", CELL, "lifetime model parameters and log-likelihoods"),
    Anchor("Trends_Calibration", "Trends", CELL, "holdout check: actual vs predicted"),
    Anchor("Trends_CalibrationChart", "Trends", CELL, "top-left of the holdout chart"),
    Anchor("Trends_RFGrid", "Trends", CELL, "customers per recency x frequency score"),
    Anchor("Trends_PeriodsChart", "Trends", CELL, "top-left of revenue/customers chart"),
    Anchor("Trends_Periods", "Trends", CELL, "one column per period, one row per figure"),
    Anchor("Trends_Cohorts", "Trends", CELL, "cohort triangles (share buying, revenue)"),
)

SHEETS: tuple[str, ...] = tuple(dict.fromkeys(a.sheet for a in ANCHORS))
ANCHORS_BY_NAME: dict[str, Anchor] = {a.name: a for a in ANCHORS}


def anchors_markdown() -> str:
    """The anchor list as a Markdown table, for the README."""
    lines = ["| anchor | sheet | kind | what the writer puts there |", "|---|---|---|---|"]
    lines += [f"| `{a.name}` | {a.sheet} | {a.kind} | {a.purpose} |" for a in ANCHORS]
    return "\n".join(lines)
