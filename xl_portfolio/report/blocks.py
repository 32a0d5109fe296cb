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

from typing import Any

import numpy as np
import pandas as pd

from xl_portfolio.analysis.result import PortfolioResult
from xl_portfolio.i18n import customers_text, format_money, format_number, format_pct, t
from xl_portfolio.report import figures as fig
from xl_portfolio.report.block import (
    BLANK_WHEN_MISSING,
    DATE,
    DECIMAL,
    INTEGER,
    MONEY,
    PERCENT,
    Block,
    frame_block,
)
from xl_portfolio.report.cells import MISSING_NUMBER, clean_value, column_values
from xl_portfolio.report.dashboard import dashboard_blocks
from xl_portfolio.report.figures import as_of_text
from xl_portfolio.report.labels import has_text, header, text
from xl_portfolio.report.setting_labels import PERCENT_SETTINGS, setting_label
from xl_portfolio.schema import DATE_COLUMNS, MONEY_COLUMNS, OUTPUT_COLUMNS, PERCENT_COLUMNS

__all__ = ["BLANK_WHEN_MISSING", "DATE", "DECIMAL", "INTEGER", "MONEY", "PERCENT", "Block",
           "as_of_text", "customer_columns", "sheet_blocks"]
WHALE_CHART_POINTS = 500
SCATTER_POINTS_PER_SEGMENT = 200
INTEGER_COLUMNS = ("orders", "order_lines", "products", "product_groups", "priority")
# The Customers columns a printed page shows; the others are folded away.
PRINTED_CUSTOMER_COLUMNS = ("customer", "owner", "segment", "action", "priority",
                            "next_review", "revenue", "net_margin", "net_margin_pct",
                            "money_at_stake")


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


def customer_columns(result: PortfolioResult) -> list[str]:
    """Output columns present in the result, in schema order."""
    return [c for c in OUTPUT_COLUMNS if c in result.customers.columns]


def printed_customer_columns(result: PortfolioResult) -> list[str]:
    """The Customers columns a printed page shows; the others are grouped and folded
    (one click on + shows them), so the printout is readable and the table complete."""
    return [c for c in customer_columns(result) if c in PRINTED_CUSTOMER_COLUMNS]


def customers_block(result: PortfolioResult) -> Block:
    """Every customer, every output column; money in the report's currency."""
    cols = customer_columns(result)
    lang = _lang(result)
    money = fig.money_format(result)
    return frame_block("Customers", result.customers, cols, [header(c, lang) for c in cols],
                       [money if column_format(c) == MONEY else column_format(c)
                        for c in cols])


GRID_FIGURES = (("segment", None), ("customers", INTEGER), ("revenue", "money"),
                ("net_margin", "money"), ("net_margin_share", PERCENT))
LEVEL_ORDER = ("high", "low", "loss", "not_measured", "none")
# Share of the scatter's points the y axis must show unclipped (the rest sit at its edge).
SCATTER_BULK = (0.05, 0.95)
CLIPPED_NAMES = 5


def _levels(matrix: pd.DataFrame) -> list[tuple[str, str]]:
    """(code, label) of the profitability levels, in the grid's fixed order."""
    if "profitability_code" not in matrix:
        return [(label, label) for label in dict.fromkeys(matrix["profitability"].tolist())]
    pairs = dict(zip(matrix["profitability_code"], matrix["profitability"], strict=True))
    order = [c for c in LEVEL_ORDER if c in pairs] + [c for c in pairs if c not in LEVEL_ORDER]
    return [(code, pairs[code]) for code in order]


def matrix_title_block(result: PortfolioResult, clipped: list[str]) -> Block:
    """Who the matrix covers, the target it splits on, and the points drawn at the edge."""
    lang = _lang(result)
    target, source = fig.target(result)
    source_key = f"target_source.{source}" if source in ("portfolio", "setting") else \
        "target_source.portfolio"
    active = int(fig.summary_value(result, "active_customers",
                                   lambda: int(fig.active_mask(result.customers).sum())))
    rows: list[list[Any]] = [[text("matrix_title", lang, customers=active,
                                   target=format_pct(target, lang) if np.isfinite(target)
                                   else t("na", lang), source=text(source_key, lang))]]
    measured = fig.margin_measured(result.customers) & fig.active_mask(result.customers)
    if active and not measured.any():
        rows.append([text("no_margin_measured", lang)])
    if clipped:
        names = ", ".join(clipped[:CLIPPED_NAMES])
        if len(clipped) > CLIPPED_NAMES:
            names = text("clipped_more", lang, names=names, more=len(clipped) - CLIPPED_NAMES)
        rows.append([text("clipped", lang, names=names)])
    return Block("Matrix_Title", rows, role="title")


def matrix_blocks(result: PortfolioResult) -> list[Block]:
    """Title, the grid (5 rows per profitability level), the cell table, chart data."""
    lang, matrix = _lang(result), _shown_matrix(result.matrix)
    money = fig.money_format(result)
    sizes = list(dict.fromkeys(matrix["size"].tolist()))
    size_of = dict(zip(matrix.get("size_code", matrix["size"]), matrix["size"], strict=True))
    sizes = [size_of[c] for c in ("large", "medium", "small") if c in size_of] or sizes
    level_col = "profitability_code" if "profitability_code" in matrix else "profitability"
    by_cell = {(r["size"], r[level_col]): r for r in matrix.to_dict("records")}
    grid: list[list[Any]] = [[text("profitability", lang), text("figure", lang), *sizes]]
    formats: list[str | None] = [None]
    for code, label in _levels(matrix):
        for key, fmt in GRID_FIGURES:
            name = text(key, lang)
            row = [label if key == "segment" else None,
                   fig.with_currency(name, result) if fmt == "money" else name]
            row += [_num(by_cell[(s, code)][key]) if (s, code) in by_cell else None
                    for s in sizes]
            grid.append(row)
            formats.append(money if fmt == "money" else fmt)
    cols = ["size", "profitability", "segment", "customers", "revenue", "net_margin",
            "net_margin_share"]
    headers = [fig.with_currency(text(c, lang), result) if c in ("revenue", "net_margin")
               else text(c, lang) for c in cols]
    table = frame_block("MatrixCells", matrix, cols, headers,
                        [None, None, None, INTEGER, money, money, PERCENT])
    chart, clipped = matrix_chart_block(result)
    return [matrix_title_block(result, clipped),
            Block("Matrix_Grid", grid, role="grid", header=True, row_formats=tuple(formats)),
            table, chart]


def _shown_matrix(matrix: pd.DataFrame) -> pd.DataFrame:
    """The matrix without its Not-measured level when no customer is in it: that class
    shows when, and only when, some margin could not be measured."""
    if "profitability_code" not in matrix:
        return matrix
    level = matrix["profitability_code"] == "not_measured"
    if level.any() and pd.to_numeric(matrix.loc[level, "customers"]).sum() == 0:
        return matrix[~level]
    return matrix


def scatter_bounds(pct: np.ndarray, target: float) -> tuple[float, float]:
    """A y range holding the bulk of the points (5th to 95th percentile, widened a
    little), 0% and the target, rounded out to 10 points."""
    finite = pct[np.isfinite(pct)]
    if not len(finite):
        return -0.1, 0.5
    low, high = np.quantile(finite, SCATTER_BULK)
    pad = max(0.05, 0.15 * (high - low))
    low, high = min(low - pad, 0.0), max(high + pad, 0.0)
    if np.isfinite(target):
        low, high = min(low, target), max(high, target)
    return float(np.floor(low * 10) / 10), float(np.ceil(high * 10) / 10)


def matrix_chart_block(result: PortfolioResult) -> tuple[Block, list[str]]:
    """Customers per segment for the scatter: capped per segment (largest revenue
    first) so a 100,000-customer workbook stays light; values outside the axis range
    are drawn at its edge and named. Columns: segment code (for its fixed colour),
    segment, customer, revenue, net margin % as drawn. The last two rows of each line
    (kind "line") draw 0% and the target. Returns the block and the clipped names."""
    lang, cust = _lang(result), result.customers
    rows: list[list[Any]] = [["code", text("segment", lang), text("customer", lang),
                              fig.with_currency(text("revenue", lang), result),
                              text("net_margin_pct", lang)]]
    pct = pd.to_numeric(cust["net_margin_pct"], errors="coerce").to_numpy(
        dtype="float64", na_value=np.nan)
    sales = pd.to_numeric(cust["revenue"], errors="coerce").to_numpy(dtype="float64",
                                                                     na_value=np.nan)
    drawn = [c for c in ("customer", "segment", "segment_code", "revenue", "net_margin_pct")
             if c in cust]
    usable = cust.loc[np.isfinite(pct) & (sales > 0), drawn]  # the x axis is logarithmic
    target, _ = fig.target(result)
    low, high = scatter_bounds(pd.to_numeric(usable["net_margin_pct"]).to_numpy(
        dtype="float64", na_value=np.nan), target)
    clipped: list[str] = []
    codes = usable["segment_code"] if "segment_code" in usable else usable["segment"]
    for code in dict.fromkeys(codes.tolist()):
        sub = usable[codes == code].nlargest(SCATTER_POINTS_PER_SEGMENT, "revenue")
        for name, label, revenue, value in zip(column_values(sub["customer"]),
                                               column_values(sub["segment"]),
                                               column_values(sub["revenue"]),
                                               column_values(sub["net_margin_pct"]),
                                               strict=True):
            if value < low or value > high:
                clipped.append(f"{name} ({format_pct(value, lang, 0)})")
            rows.append([str(code), label, name, revenue, min(max(value, low), high)])
    if len(rows) > 1:
        left = float(usable["revenue"].min())
        right = float(usable["revenue"].max())
        lines = [("line_zero", text("line_zero", lang), 0.0)]
        if np.isfinite(target):
            lines.append(("line_target", text("line_target", lang,
                                              target=format_pct(target, lang)), target))
        for code, label, y in lines:
            rows += [[code, label, None, left, y], [code, label, None, right, y]]
    return Block("Matrix_ChartData", rows, role="chart_data", header=True,
                 column_formats=(None, None, None, MONEY, PERCENT),
                 meta={"y_bounds": (low, high)}), clipped


def pyramid_blocks(result: PortfolioResult) -> list[Block]:
    """Title with the rule used, the tier table with customer and revenue shares side by
    side, and the chart data (active tiers only)."""
    lang, tiers = _lang(result), result.tiers.copy()
    money = fig.money_format(result)
    counts = pd.to_numeric(tiers["customers"], errors="coerce").fillna(0)
    codes = tiers["tier_code"] if "tier_code" in tiers else tiers["tier"].str.lower()
    active = codes.isin(fig.ACTIVE_TIERS)
    n_active = float(counts[active].sum())
    tiers["customer_count_share"] = np.where(active, counts / n_active if n_active else
                                             np.nan, np.nan)
    cols = ["tier", "customers", "customer_count_share", "revenue", "revenue_share",
            "net_margin", "net_margin_pct", "avg_revenue"]
    headers = [fig.with_currency(text(c, lang), result)
               if c in ("revenue", "net_margin", "avg_revenue") else text(c, lang)
               for c in cols]
    table = frame_block("Pyramid", tiers, cols, headers,
                        [None, INTEGER, PERCENT, money, PERCENT, money, PERCENT, money])
    for row, is_active in zip(table.rows[1:], active.tolist(), strict=False):
        if not is_active:
            row[2] = None  # the share of customers is a share of the active ones
    rule = str(result.summary.get("pyramid_rule") or "count")
    s = result.settings
    rule_text = (text("pyramid_rule.revenue", lang) if rule == "revenue" else text(
        "pyramid_rule.count", lang, top=format_pct(s.pyramid_top_pct, lang, 0),
        big=format_pct(s.pyramid_big_pct - s.pyramid_top_pct, lang, 0),
        medium=format_pct(s.pyramid_medium_pct - s.pyramid_big_pct, lang, 0)))
    title = Block("Pyramid_Title", [[text("pyramid_title", lang, customers=int(n_active))],
                                    [rule_text]], role="title")
    chart = [[text("tier", lang), text("customer_count_share", lang),
              text("revenue_share", lang)]]
    shares = pd.to_numeric(tiers["revenue_share"], errors="coerce")
    chart += [[clean_value(name), clean_value(c), clean_value(r)] for name, c, r, a in zip(
        tiers["tier"], tiers["customer_count_share"], shares, active, strict=True) if a]
    return [title, table, Block("Pyramid_ChartData", chart, role="chart_data", header=True,
                                column_formats=(None, PERCENT, PERCENT))]


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


def _off_curve(result: PortfolioResult) -> tuple[int, float]:
    """Customers left off the curve (no revenue in the period: inactive customers and
    prospects) that still cost money, and their net margin (in the dashboard total)."""
    cust = result.customers
    # as Python objects: pandas' Arrow-string isin converts each looked-up name alone
    on_curve = cust["customer"].astype(object).isin(result.whale["customer"].astype(object))
    off = ~on_curve & (cust["net_margin"] < 0)
    return int(off.sum()), float(cust.loc[off, "net_margin"].sum())


def whale_blocks(result: PortfolioResult) -> list[Block]:
    lang, whale = _lang(result), result.whale
    pct = whale["cumulative_net_margin_pct"].to_numpy(dtype="float64", na_value=np.nan)
    margins = whale["net_margin"].to_numpy(dtype="float64", na_value=np.nan)
    sentences: list[list[Any]] = [[text("whale_title", lang, customers=len(whale))]]
    if len(whale) and np.isfinite(pct).any():
        peak = int(np.nanargmax(pct))
        share = fig.summary_value(result, "whale_peak_customer_share",
                         lambda: float(whale["customer_share"].iloc[peak]))
        peak_pct = fig.summary_value(result, "whale_peak_pct", lambda: float(pct[peak]))
        sentences.append([text("whale_peak", lang, share=format_pct(share, lang, 0),
                               peak=format_pct(peak_pct, lang, 0))])
    losers = margins < 0
    if losers.any():
        sentences.append([text(
            "whale_loss", lang, customers=customers_text(int(losers.sum()), lang),
            share=format_pct(float(losers.mean()), lang, 0),
            loss=format_money(float(-margins[losers].sum()), lang))])
    else:
        sentences.append([text("whale_no_loss", lang)])
    idle, idle_margin = _off_curve(result)
    if idle:
        sentences.append([text("whale_off_curve", lang, customers=customers_text(idle, lang),
                               loss=format_money(-idle_margin, lang))])
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


ACTION_COLUMNS = ("customer", "segment", "action", "why", "money_at_stake", "owner",
                  "next_review", "priority")


def has_action(customers: pd.DataFrame) -> pd.Series:
    """Customers with an action text (the Customers table keeps them all)."""
    return customers["action"].notna() & (customers["action"].astype(str).str.strip() != "")


def _why(row: dict[str, Any], lang: str) -> str:
    """The figures behind an action in one sentence, written the language's way."""
    def finite(key: str) -> float | None:
        value = row.get(key)
        usable = isinstance(value, (int, float)) and not isinstance(value, bool)
        return float(value) if usable and np.isfinite(value) else None

    def money(key: str) -> str:
        return format_money(finite(key) or 0.0, lang)

    pct = finite("net_margin_pct")
    revenue = finite("revenue")
    reason = f"{row['action_reason']} " if row.get("action_reason") else ""
    return reason + text("why_text", lang, revenue=money("revenue"), net=money("net_margin"),
                pct=format_pct(pct, lang) if pct is not None and revenue and revenue > 0
                else t("na", lang),
                cts=money("cost_to_serve"),
                share=format_pct(finite("revenue_share") or 0.0, lang))


def top_action_rows(result: PortfolioResult) -> tuple[pd.DataFrame, int]:
    """The top `top_actions` customers with an action by money at stake (ties: higher
    priority, then larger revenue first), and how many customers have an action."""
    cust = result.customers
    acting = has_action(cust)
    # ranked on the three keys alone, then the top rows taken whole: sorting the whole
    # frame moves every column of every customer
    keys = cust.loc[acting, ["revenue"]]
    keys["money_at_stake"] = fig.money_at_stake(cust)[acting].fillna(0.0)
    keys["_priority"] = pd.to_numeric(cust.loc[acting, "priority"], errors="coerce").fillna(9)
    keys["_row"] = np.flatnonzero(acting.to_numpy())
    keys = keys.sort_values(["money_at_stake", "_priority", "revenue"],
                            ascending=[False, True, False], kind="mergesort")
    top = keys.head(fig.top_actions(result))
    todo = cust.iloc[top["_row"].to_numpy()].copy()
    todo["money_at_stake"] = top["money_at_stake"].to_numpy()
    todo["_priority"] = top["_priority"].to_numpy()
    return todo, int(acting.sum())


def actions_blocks(result: PortfolioResult) -> list[Block]:
    """Title, the top actions table and the money at stake they add up to."""
    lang = _lang(result)
    todo, total = top_action_rows(result)
    todo["why"] = [_why(r, lang) for r in todo.to_dict("records")]
    for col in ACTION_COLUMNS:
        if col not in todo:
            todo[col] = None
    names = {"why": "why", "money_at_stake": "money_at_stake"}
    headers = [text(names[c], lang) if c in names else header(c, lang) for c in ACTION_COLUMNS]
    headers[ACTION_COLUMNS.index("money_at_stake")] = fig.with_currency(
        headers[ACTION_COLUMNS.index("money_at_stake")], result)
    money = fig.money_format(result)
    formats = [money if c == "money_at_stake" else column_format(c) for c in ACTION_COLUMNS]
    table = frame_block("Actions", todo, list(ACTION_COLUMNS), headers, formats)
    stake = float(todo["money_at_stake"].sum())
    title = Block("Actions_Title", [[text("actions_title", lang, shown=len(todo),
                                          total=total)]], role="title")
    return [title, table, Block("Actions_Total", [[text("total_money_at_stake", lang),
                                                   stake]],
                                role="figures", column_formats=(None, money))]


# The value a setting left to the analysis shows on the Settings sheet; the add-in
# reads every language's word back as "automatic" (excel.settings_from_book).
AUTOMATIC = "(automatic)"


def settings_block(result: PortfolioResult) -> Block:
    """Readable label, the parameter name (the add-in reads the sheet back by it) and
    the value; fractions shown as %, then the target used and the source."""
    lang = _lang(result)
    rows: list[list[Any]] = [[text("setting", lang), text("setting_code", lang),
                              text("setting_value", lang)]]
    formats: list[str | None] = [None]
    for name, value in result.settings.as_rows():
        if name == "as_of":
            # ISO text: the value column mixes types, so a date cell would get no date
            # format and show as a serial number; the add-in reads ISO text back.
            as_of = fig.as_of(result)
            value = as_of.isoformat() if as_of else None
        if name == "columns" and value == AUTOMATIC:
            value = None
        rows.append([setting_label(name, lang), name, _setting_value(value, lang)])
        formats.append(PERCENT if name in PERCENT_SETTINGS else None)
    target, _ = fig.target(result)
    rows.append([text("target_used", lang), None, clean_value(target)])
    formats.append(PERCENT)
    src = result.source
    if src is not None:
        mapped = (", ".join(f"{k} = {v}" for k, v in src.columns_mapped.items())
                  or text("automatic", lang))
        for key, value in (("input_file", src.file), ("input_sheet", src.sheet),
                           ("rows_read", src.rows_read), ("columns_mapped", mapped)):
            rows.append([setting_label(key, lang), None, value])
            formats.append(INTEGER if key == "rows_read" else None)
    rows = [[clean_value(v) for v in row] for row in rows]
    return Block("Settings", rows, role="table", header=True, row_formats=tuple(formats))


def reconciliation_block(result: PortfolioResult) -> Block:
    """Input rows and amounts per use (read, current, previous, before, skipped, total)
    so a controller can tie the report to the ledger; a sentence when there is none."""
    lang = _lang(result)
    money = fig.money_format(result)
    rows: list[list[Any]] = [[text("reconciliation", lang), text("rec_rows", lang),
                              fig.with_currency(text("rec_amount", lang), result)]]
    src = result.source
    entries = list(src.reconciliation) if src is not None else []
    for code, count, amount in entries:
        rows.append([_reconciliation_label(str(code), lang), clean_value(count),
                     clean_value(amount) if amount is not None else None])
    if not entries:
        customer_sheet = src is None or src.kind != "lines"
        rows.append([text("rec_empty" if customer_sheet else "rec_none", lang), None, None])
    return Block("Settings_Reconciliation", rows, role="table", header=True,
                 column_formats=(None, INTEGER, money))


def _reconciliation_label(code: str, lang: str) -> str:
    """rec.<code> in the language; skipped_<reason> as 'Rows skipped: <reason>'."""
    if has_text("rec." + code, lang):
        return text("rec." + code, lang)
    if code.startswith("skipped"):
        reason = code[len("skipped"):].strip("_:. ")
        if not reason:
            return text("rec.skipped", lang)
        shown = text("rec." + reason, lang) if has_text("rec." + reason, lang) else \
            reason.replace("_", " ")
        return f"{text('rec.skipped', lang)}: {shown}"
    return code.replace("_", " ")


def _setting_value(value: Any, lang: str) -> Any:
    if value is None:
        return text("automatic", lang)
    if isinstance(value, (dict, list, tuple)):
        return str(value)
    return value


def sheet_blocks(result: PortfolioResult) -> dict[str, list[Block]]:
    """Every block of the report, keyed by the English sheet name (anchors.SHEETS)."""
    from xl_portfolio.report.trends import trends_blocks  # it builds on this module

    actions = actions_blocks(result)
    blocks = {
        "Dashboard": dashboard_blocks(result, float(actions[-1].rows[0][1])),
        "Matrix": matrix_blocks(result),
        "Pyramid": pyramid_blocks(result),
        "Whale curve": whale_blocks(result),
        "Actions": actions,
        "Customers": [customers_block(result)],
        "Settings": [settings_block(result), reconciliation_block(result)],
        "Trends": trends_blocks(result),
    }
    _localise_markers(blocks, _lang(result))
    return blocks


def _localise_markers(blocks: dict[str, list[Block]], lang: str) -> None:
    """The n/a marker of report.cells in the report's language (n.v.t., s.o.)."""
    marker = t("na", lang)
    if marker == MISSING_NUMBER:
        return
    for sheet in blocks.values():
        for block in sheet:
            for row in block.rows:
                for c, value in enumerate(row):
                    if value == MISSING_NUMBER:
                        row[c] = marker


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
