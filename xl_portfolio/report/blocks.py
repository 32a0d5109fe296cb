"""The numbers and text of every report sheet as plain 2-D blocks, free of openpyxl.

Two writers share these blocks so a figure cannot differ between them: the file writer
(report.writer, openpyxl) and the Excel add-in (xlwings, into an open workbook).

How to write a block (both writers):
- ``block.anchor`` names an entry of report.anchors.ANCHORS: a defined name (write
  ``rows`` starting at its cell) or an Excel table (write ``rows`` at the table's
  top-left cell, header row included, then resize the table to the rows).
- ``rows`` is a list of equal-length lists of plain Python values: float, int, bool,
  str, datetime.date/datetime or None (empty). Values are already cleaned by
  report.cells (NaN -> "n/a", text capped at 32,767 chars). Every str must be stored as
  TEXT, never parsed: with xlwings set the range's number_format to "@" or prefix "'"
  for text starting with = + - @ (see report.cells.is_formula_like).
- ``block.number_format(r, c)`` is the Excel number format of rows[r][c] or None.
- ``role`` tells the styling code what the block is (title, figures, sentences, grid,
  table, chart_data); styling is the writer's business.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from xl_portfolio.analysis.result import PortfolioResult
from xl_portfolio.i18n import (
    customers_text,
    format_date,
    format_money,
    format_number,
    format_pct,
    t,
)
from xl_portfolio.report.cells import clean_value, column_values
from xl_portfolio.report.labels import header, text
from xl_portfolio.schema import DATE_COLUMNS, MONEY_COLUMNS, OUTPUT_COLUMNS, PERCENT_COLUMNS

MONEY = "#,##0;[Red]-#,##0"
PERCENT = "0.0%"
DATE = "yyyy-mm-dd"
INTEGER = "#,##0"
DECIMAL = "#,##0.00"
WHALE_CHART_POINTS = 500
SCATTER_POINTS_PER_SEGMENT = 200
# Figures that exist only for some customers (a growth plan): blank, not n/a, elsewhere.
BLANK_WHEN_MISSING = ("growth_success_pct",)
INTEGER_COLUMNS = ("orders", "order_lines", "products", "product_groups", "priority")


@dataclass
class Block:
    """Rows to write at one anchor, with their number formats."""

    anchor: str
    rows: list[list[Any]]
    role: str = "block"
    header: bool = False
    column_formats: tuple[str | None, ...] = ()
    row_formats: tuple[str | None, ...] = ()

    def number_format(self, r: int, c: int) -> str | None:
        """Excel number format of rows[r][c] (header cells have none)."""
        if self.header and r == 0:
            return None
        if self.row_formats:
            return self.row_formats[r]
        return self.column_formats[c] if c < len(self.column_formats) else None

    @property
    def width(self) -> int:
        return max((len(row) for row in self.rows), default=0)


def column_format(column: str) -> str | None:
    """Number format of an output column, from the schema's column kinds."""
    if column in MONEY_COLUMNS:
        return MONEY
    if column in PERCENT_COLUMNS:
        return PERCENT
    if column in DATE_COLUMNS:
        return DATE
    if column in INTEGER_COLUMNS:
        return INTEGER
    if column in ("dso", "tenure_years", "satisfaction", "expected_purchases"):
        return "0.0"
    return None


def _lang(result: PortfolioResult) -> str:
    return result.settings.language


def _num(value: Any) -> Any:
    return clean_value(value)


def _as_of(result: PortfolioResult) -> dt.date | None:
    value = result.summary.get("as_of") or result.settings.as_of
    if value is None and result.source is not None:
        value = result.source.as_of
    if isinstance(value, pd.Timestamp):
        value = value.date()
    return value


def as_of_text(result: PortfolioResult) -> str:
    """'As of <date>' with the date written the language's way (also the page header)."""
    as_of, lang = _as_of(result), _lang(result)
    return text("as_of", lang, date=format_date(as_of, lang) if as_of else "-")


def customer_columns(result: PortfolioResult) -> list[str]:
    """Output columns present in the result, in schema order."""
    return [c for c in OUTPUT_COLUMNS if c in result.customers.columns]


def _frame_block(anchor: str, frame: pd.DataFrame, columns: list[str], headers: list[str],
                 formats: list[str | None], role: str = "table") -> Block:
    """A table block (header row first) from frame columns, cleaned column-wise."""
    data = [column_values(frame[c], blank_missing=c in BLANK_WHEN_MISSING) for c in columns]
    rows: list[list[Any]] = [list(headers)]
    rows += [list(r) for r in zip(*data, strict=True)] if len(frame) else [[None] * len(columns)]
    return Block(anchor, rows, role=role, header=True, column_formats=tuple(formats))


def customers_block(result: PortfolioResult) -> Block:
    cols = customer_columns(result)
    lang = _lang(result)
    return _frame_block("Customers", result.customers, cols, [header(c, lang) for c in cols],
                        [column_format(c) for c in cols])


# Summary keys of analysis.portfolio, with the older names the fixtures may use.
SUMMARY_KEYS = {
    "loss_customers_share": ("loss_making_customer_share", "loss_customers_share"),
    "loss_revenue_share": ("loss_making_revenue_share", "loss_revenue_share"),
    "expected_extra_margin": ("expected_extra_margin_total", "expected_extra_margin"),
}


def _summary(result: PortfolioResult, key: str, fallback: Any) -> Any:
    """A key figure from result.summary; the fallback only for a hand-made result."""
    for name in SUMMARY_KEYS.get(key, (key,)):
        value = result.summary.get(name)
        if value is not None:
            return value
    return fallback()


def dashboard_blocks(result: PortfolioResult) -> list[Block]:
    lang, cust, conc = _lang(result), result.customers, result.concentration
    title = [[text("title", lang)], [as_of_text(result)]]
    if result.source is not None:
        title.append([text("source", lang, file=result.source.file)])
    loss = cust["net_margin"] < 0 if "net_margin" in cust else pd.Series(dtype=bool)
    revenue = _summary(result, "revenue", lambda: cust["revenue"].sum())
    net = _summary(result, "net_margin", lambda: cust["net_margin"].sum())
    hhi_note = text("hhi_band", lang, band=text("band." + conc.hhi_band, lang))
    figures = [
        ("customers", _summary(result, "customers", lambda: len(cust)), INTEGER, None),
        ("revenue", revenue, MONEY, None),
        ("gross_margin", _summary(result, "gross_margin", lambda: cust["gross_margin"].sum()),
         MONEY, None),
        ("net_margin", net, MONEY, None),
        ("net_margin_pct", _summary(result, "net_margin_pct",
                                    lambda: net / revenue if revenue else np.nan), PERCENT, None),
        ("cr1", conc.cr1, PERCENT, None),
        ("cr5", conc.cr5, PERCENT, None),
        ("hhi", conc.hhi, INTEGER, hhi_note),
        ("effective_number", conc.effective_number, "0.0", None),
        ("loss_customers_share", _summary(result, "loss_customers_share",
                                          lambda: float(loss.mean()) if len(loss) else np.nan),
         PERCENT, None),
        ("loss_revenue_share", _summary(
            result, "loss_revenue_share",
            lambda: cust.loc[loss, "revenue"].sum() / revenue if revenue else np.nan),
         PERCENT, None),
    ]
    if "expected_extra_margin" in cust:
        figures.append(("expected_extra_margin", _summary(
            result, "expected_extra_margin", lambda: cust["expected_extra_margin"].sum()),
            MONEY, None))
    rows = [[text("key_figure", lang), text("value", lang), text("note", lang)]]
    rows += [[text(key, lang), _num(value), note] for key, value, _, note in figures]
    key_figures = Block("Dashboard_KeyFigures", rows, role="figures", header=True,
                        row_formats=(None,) + tuple(f[2] for f in figures))
    warnings = [[clean_value(w)] for w in result.warnings] or [[text("no_warnings", lang)]]
    return [Block("Dashboard_Title", title, role="title"), key_figures,
            Block("Dashboard_Warnings", [[text("warnings", lang)], *warnings],
                  role="sentences", header=True)]


GRID_FIGURES = (("segment", None), ("customers", INTEGER), ("revenue", MONEY),
                ("net_margin", MONEY), ("net_margin_share", PERCENT))


def matrix_blocks(result: PortfolioResult) -> list[Block]:
    """The 3x3 grid (5 rows per profitability level), the cell table and chart data."""
    lang, matrix = _lang(result), result.matrix
    sizes = list(dict.fromkeys(matrix["size"].tolist()))
    levels = list(dict.fromkeys(matrix["profitability"].tolist()))
    by_cell = {(r["size"], r["profitability"]): r for r in matrix.to_dict("records")}
    grid: list[list[Any]] = [[text("profitability", lang), text("figure", lang), *sizes]]
    formats: list[str | None] = [None]
    for level in levels:
        for key, fmt in GRID_FIGURES:
            row = [level if key == "segment" else None, text(key, lang)]
            row += [_num(by_cell[(s, level)][key]) if (s, level) in by_cell else None
                    for s in sizes]
            grid.append(row)
            formats.append(fmt)
    cols = ["size", "profitability", "segment", "customers", "revenue", "net_margin",
            "net_margin_share"]
    table = _frame_block("MatrixCells", matrix, cols, [text(c, lang) for c in cols],
                         [None, None, None, INTEGER, MONEY, MONEY, PERCENT])
    return [Block("Matrix_Grid", grid, role="grid", header=True, row_formats=tuple(formats)),
            table, matrix_chart_block(result)]


def matrix_chart_block(result: PortfolioResult) -> Block:
    """Customers per segment for the scatter chart: capped per segment (largest revenue
    first) so a 100,000-customer workbook stays light; segments in matrix order."""
    lang, cust = _lang(result), result.customers
    rows: list[list[Any]] = [[text("segment", lang), text("customer", lang),
                              text("revenue", lang), text("net_margin_pct", lang)]]
    pct = pd.to_numeric(cust["net_margin_pct"], errors="coerce").to_numpy(
        dtype="float64", na_value=np.nan)
    sales = pd.to_numeric(cust["revenue"], errors="coerce").to_numpy(dtype="float64",
                                                                     na_value=np.nan)
    usable = cust[np.isfinite(pct) & (sales > 0)]  # the x axis is logarithmic
    for segment in dict.fromkeys(result.matrix["segment"].tolist()):
        sub = usable[usable["segment"] == segment]
        if sub.empty:
            continue
        sub = sub.nlargest(SCATTER_POINTS_PER_SEGMENT, "revenue")
        for name, revenue, pct in zip(column_values(sub["customer"]),
                                      column_values(sub["revenue"]),
                                      column_values(sub["net_margin_pct"]), strict=True):
            rows.append([segment, name, revenue, pct])
    return Block("Matrix_ChartData", rows, role="chart_data", header=True,
                 column_formats=(None, None, MONEY, PERCENT))


def pyramid_blocks(result: PortfolioResult) -> list[Block]:
    lang, tiers = _lang(result), result.tiers
    cols = ["tier", "customers", "revenue", "revenue_share", "net_margin", "net_margin_pct",
            "avg_revenue"]
    table = _frame_block("Pyramid", tiers, cols, [text(c, lang) for c in cols],
                         [None, INTEGER, MONEY, PERCENT, MONEY, PERCENT, MONEY])
    counts = pd.to_numeric(tiers["customers"]).fillna(0).to_numpy(dtype="float64")
    widest = counts.max() if len(counts) else 0.0
    chart = [[text("tier", lang), text("spacer", lang), text("customers", lang)]]
    chart += [[clean_value(t), float((widest - c) / 2), int(c)]
              for t, c in zip(tiers["tier"].tolist(), counts, strict=True)]
    return [table, Block("Pyramid_ChartData", chart, role="chart_data", header=True,
                         column_formats=(None, INTEGER, INTEGER))]


def whale_points(whale: pd.DataFrame, limit: int = WHALE_CHART_POINTS) -> pd.DataFrame:
    """At most ~limit evenly spaced points, always keeping the peak and the exact end."""
    n = len(whale)
    if n <= limit:
        return whale
    pct = whale["cumulative_net_margin_pct"].to_numpy(dtype="float64", na_value=np.nan)
    keep = np.unique(np.concatenate([np.linspace(0, n - 1, limit).round().astype(int),
                                     [int(np.nanargmax(pct)) if np.isfinite(pct).any() else 0,
                                      n - 1]]))
    return whale.iloc[keep]


def _idle_losers(customers: pd.DataFrame) -> int:
    """Customers on the whale curve that bought nothing in the period yet cost money.

    The dashboard counts loss-making *active* customers; the curve also holds inactive
    customers and prospects that still got visits or service, so the sentence says so.
    """
    idle = customers["tier_code"].isin(("inactive", "prospect"))
    return int((idle & (customers["net_margin"] < 0)).sum())


def whale_blocks(result: PortfolioResult) -> list[Block]:
    lang, whale = _lang(result), result.whale
    pct = whale["cumulative_net_margin_pct"].to_numpy(dtype="float64", na_value=np.nan)
    margins = whale["net_margin"].to_numpy(dtype="float64", na_value=np.nan)
    sentences: list[list[Any]] = []
    if len(whale) and np.isfinite(pct).any():
        peak = int(np.nanargmax(pct))
        share = _summary(result, "whale_peak_customer_share",
                         lambda: float(whale["customer_share"].iloc[peak]))
        peak_pct = _summary(result, "whale_peak_pct", lambda: float(pct[peak]))
        sentences.append([text("whale_peak", lang, share=format_pct(share, lang, 0),
                               peak=format_pct(peak_pct, lang, 0))])
    losers = margins < 0
    if losers.any():
        sentences.append([text(
            "whale_loss", lang, customers=customers_text(int(losers.sum()), lang),
            share=format_pct(float(losers.mean()), lang, 0),
            loss=format_money(float(-margins[losers].sum()), lang))])
        idle = _idle_losers(result.customers)
        if idle:
            sentences.append([text("whale_idle", lang, customers=customers_text(idle, lang))])
    else:
        sentences.append([text("whale_no_loss", lang)])
    sentences.append([text("whale_total", lang,
                           total=format_money(float(np.nansum(margins)), lang))])
    points = whale_points(whale)
    share = column_values(points["customer_share"])
    cumulative = column_values(points["cumulative_net_margin_pct"])
    rows: list[list[Any]] = [[text("customer_share", lang),
                              text("cumulative_net_margin_pct", lang), text("line_100", lang)]]
    rows.append([0.0, 0.0, 1.0])
    rows += [[s, c, 1.0] for s, c in zip(share, cumulative, strict=True)]
    table = Block("WhaleCurve", rows, role="table", header=True,
                  column_formats=(PERCENT, PERCENT, PERCENT))
    return [Block("Whale_Statement", sentences, role="sentences"), table]


ACTION_COLUMNS = ("customer", "segment", "action", "why", "next_review", "owner",
                  "growth_condition", "growth_timing", "growth_success_pct",
                  "expected_extra_margin", "priority")


# Priorities of analysis.actions: 1 remediate now, 2 act this quarter, 3 routine review.
ACTION_PRIORITIES = (1, 2)


def needs_action(customers: pd.DataFrame) -> pd.Series:
    """Customers with an action of priority 1 or 2; the analysis decides both."""
    mask = customers["action"].notna() & (customers["action"].astype(str).str.strip() != "")
    if "priority" in customers:
        mask &= pd.to_numeric(customers["priority"], errors="coerce").isin(ACTION_PRIORITIES)
    return mask


def _why(row: dict[str, Any], lang: str) -> str:
    """The figures behind an action in one sentence, written the language's way."""
    def finite(key: str) -> float | None:
        value = row.get(key)
        usable = isinstance(value, (int, float)) and not isinstance(value, bool)
        return float(value) if usable and np.isfinite(value) else None

    def money(key: str) -> str:
        return format_money(finite(key) or 0.0, lang)

    pct = finite("net_margin_pct")
    return text("why_text", lang, revenue=money("revenue"), net=money("net_margin"),
                pct=format_pct(pct, lang) if pct is not None else t("na", lang),
                cts=money("cost_to_serve"),
                share=format_pct(finite("revenue_share") or 0.0, lang))


def actions_blocks(result: PortfolioResult) -> list[Block]:
    """Customers that need action, by priority then margin at stake (|net margin|)."""
    lang, cust = _lang(result), result.customers
    todo = cust[needs_action(cust)].copy()
    todo["_stake"] = pd.to_numeric(todo["net_margin"], errors="coerce").abs()
    todo["_priority"] = pd.to_numeric(todo.get("priority"), errors="coerce")
    todo = todo.sort_values(["_priority", "_stake"], ascending=[True, False], kind="stable")
    todo["why"] = [_why(r, lang) for r in todo.to_dict("records")]
    for col in ACTION_COLUMNS:
        if col not in todo:
            todo[col] = None
    names = {"why": "why", "growth_condition": "condition", "growth_timing": "timing",
             "growth_success_pct": "success_pct"}
    headers = [text(names[c], lang) if c in names else header(c, lang) for c in ACTION_COLUMNS]
    formats = [column_format(c) for c in ACTION_COLUMNS]
    table = _frame_block("Actions", todo, list(ACTION_COLUMNS), headers, formats)
    total = pd.to_numeric(todo["expected_extra_margin"], errors="coerce").sum()
    return [table, Block("Actions_Total", [[text("total_extra_margin", lang), float(total)]],
                         role="figures", column_formats=(None, MONEY))]


# The value a setting left to the analysis shows on the Settings sheet. It stays English
# in every language: excel.settings_from_book reads the sheet back and skips this token.
AUTOMATIC = "(automatic)"


def settings_block(result: PortfolioResult) -> Block:
    """Setting names stay the parameter names (read back by the add-in); labels of the
    source rows are translated."""
    lang = _lang(result)
    rows: list[list[Any]] = [[text("setting", lang), text("value", lang)]]
    for name, value in result.settings.as_rows():
        if name == "as_of":
            # ISO text: the value column mixes types, so a date cell would get no date
            # format and show as a serial number; the add-in reads ISO text back.
            as_of = _as_of(result)
            value = as_of.isoformat() if as_of else None
        rows.append([name, _setting_value(value)])
    src = result.source
    if src is not None:
        mapped = (", ".join(f"{k}={v}" for k, v in src.columns_mapped.items())
                  or text("automatic", lang))
        rows += [[text("input_file", lang), src.file], [text("input_sheet", lang), src.sheet],
                 [text("rows_read", lang), src.rows_read], [text("columns_mapped", lang),
                                                            mapped]]
    rows = [[clean_value(v) for v in row] for row in rows]
    return Block("Settings", rows, role="table", header=True,
                 column_formats=(None, None))


def _setting_value(value: Any) -> Any:
    if value is None:
        return AUTOMATIC
    if isinstance(value, (dict, list, tuple)):
        return str(value)
    return value


def sheet_blocks(result: PortfolioResult) -> dict[str, list[Block]]:
    """Every block of the report, keyed by sheet name (the sheets of anchors.SHEETS)."""
    from xl_portfolio.report.trends import trends_blocks  # it builds on this module

    return {
        "Dashboard": dashboard_blocks(result),
        "Matrix": matrix_blocks(result),
        "Pyramid": pyramid_blocks(result),
        "Whale curve": whale_blocks(result),
        "Actions": actions_blocks(result),
        "Customers": [customers_block(result)],
        "Settings": [settings_block(result)],
        "Trends": trends_blocks(result),
    }


def trends_block(result: PortfolioResult) -> Block:
    """The revenue bridge between the two periods, or why there is none."""
    lang, s = _lang(result), result.summary
    if "revenue_previous" not in s:
        return Block("Trends_Note", [[text("trends_note", lang)]], role="sentences")

    def money(key: str) -> str:
        return format_money(s[key], lang)

    def pct(key: str) -> str:
        return format_pct(s[key], lang) if np.isfinite(s[key]) else t("na", lang)

    rows = [
        [text("trends_bridge", lang, previous=money("revenue_previous"),
              lost=money("revenue_lost"), contraction=money("revenue_contraction"),
              expansion=money("revenue_expansion"), new=money("revenue_new"),
              now=money("revenue_now"))],
        [text("trends_retention", lang, start=customers_text(s["customers_start"], lang),
              lost=format_number(s["customers_lost"], lang),
              new=format_number(s["customers_new"], lang), churn=pct("churn_rate"),
              grr=pct("gross_revenue_retention"), nrr=pct("net_revenue_retention"))],
        [text("trends_scope", lang)],
    ]
    return Block("Trends_Note", rows, role="sentences")
