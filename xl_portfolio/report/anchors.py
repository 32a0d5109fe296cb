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
    Anchor("Dashboard_Title", "Dashboard", CELL, "report title, period, currency and source"),
    Anchor("Dashboard_KeyFigures", "Dashboard", CELL,
           "key-figure tiles (this period, previous, change) and more figures"),
    Anchor("Dashboard_Notes", "Dashboard", CELL,
           "what the figures rest on (assumed margins, default rates, no previous period)"),
    Anchor("Dashboard_Chart", "Dashboard", CELL, "top-left of the small whale curve"),
    Anchor("Dashboard_Destroyers", "Dashboard", CELL, "the 5 largest margin destroyers"),
    Anchor("Dashboard_Earners", "Dashboard", CELL, "the 5 largest earners"),
    Anchor("Dashboard_Warnings", "Dashboard", CELL,
           "warnings as sentences, most money at stake first"),
    Anchor("Matrix_Title", "Matrix", CELL, "population, target margin and clipped points"),
    Anchor("Matrix_Grid", "Matrix", CELL, "size x profitability grid"),
    Anchor("MatrixCells", "Matrix", TABLE, "the matrix cells as a table"),
    Anchor("Matrix_Chart", "Matrix", CELL, "top-left of the revenue vs net margin % chart"),
    Anchor("Matrix_ChartData", "Matrix", CELL, "chart data: customers per segment (capped)"),
    Anchor("Pyramid_Title", "Pyramid", CELL, "population and the tiering rule used"),
    Anchor("Pyramid", "Pyramid", TABLE, "one row per pyramid tier"),
    Anchor("Pyramid_Chart", "Pyramid", CELL, "top-left of the tier shares bar chart"),
    Anchor("Pyramid_ChartData", "Pyramid", CELL, "chart data: customer and revenue share"),
    Anchor("Whale_Statement", "Whale curve", CELL, "population and the whale curve in words"),
    Anchor("WhaleCurve", "Whale curve", TABLE, "chart data: cumulative net margin %"),
    Anchor("Whale_Chart", "Whale curve", CELL, "top-left of the whale curve chart"),
    Anchor("Actions_Title", "Actions", CELL, "how many actions are shown of how many"),
    Anchor("Actions", "Actions", TABLE, "the top actions by money at stake"),
    Anchor("Actions_Total", "Actions", CELL, "total money at stake of the listed actions"),
    Anchor("Customers", "Customers", TABLE, "one row per customer (all output columns)"),
    Anchor("Settings", "Settings", TABLE, "every setting, the as-of date and the source"),
    Anchor("Settings_Reconciliation", "Settings", CELL,
           "input rows and amounts per use, to tie the report to the ledger"),
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
