"""The Dashboard's blocks: one page a sales director reads in a minute.

Tiles (this period, previous period, change coloured good/bad), a few more figures,
what the figures rest on, the five largest margin destroyers and earners, and the
warnings ranked by money at stake. The small whale curve is drawn by report.charts.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from xl_portfolio.analysis.result import PortfolioResult
from xl_portfolio.i18n import format_date, format_pct, t
from xl_portfolio.report import figures as fig
from xl_portfolio.report.block import BAD, GOOD, INTEGER, PERCENT, Block
from xl_portfolio.report.cells import clean_value
from xl_portfolio.report.labels import text

# (label key, summary key, kind); every tile is better when it goes up.
TILES = (("revenue", "revenue", "money"), ("gross_margin", "gross_margin", "money"),
         ("net_margin_cts", "net_margin", "money"), ("net_margin_pct", "net_margin_pct", "pct"),
         ("active_customers", "active_customers", "count"))
TOP_N = 5
ASSUMED_FIGURES = ("gross_margin", "net_margin", "net_margin_pct")
POINTS = {"en": "pp", "nl": "%-punt", "fr": "pts"}


def _finite(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) else None


def change(now: Any, before: Any, kind: str) -> float | None:
    """Relative change of money and counts (against |previous|, so a smaller loss is a
    rise), difference in points of a percentage; None when either side is missing."""
    now, before = _finite(now), _finite(before)
    if now is None or before is None:
        return None
    if kind == "pct":
        return now - before
    return (now - before) / abs(before) if before else None


def tone(now: Any, before: Any) -> str | None:
    """Good or bad news by the figure's direction (higher is better for every tile),
    not by the sign of the change alone."""
    now, before = _finite(now), _finite(before)
    if now is None or before is None or now == before:
        return None
    return GOOD if now > before else BAD


def title_block(result: PortfolioResult) -> Block:
    lang = fig.language(result)
    start, end = fig.period(result)
    line = (text("period", lang, start=format_date(start, lang), end=format_date(end, lang),
                 currency=fig.currency(result)) if start and end
            else text("period_unknown", lang, currency=fig.currency(result)))
    rows = [[text("title", lang)], [f"{line} · {fig.as_of_text(result)}"]]
    if result.source is not None:
        rows.append([text("source", lang, file=result.source.file)])
    return Block("Dashboard_Title", rows, role="title")


def key_figures_block(result: PortfolioResult, stake_total: float) -> Block:
    """Five tiles with previous period and change, then the counts and concentration."""
    lang, s, cust = fig.language(result), result.summary, result.customers
    money, prev = fig.money_format(result), fig.previous(result)
    active = fig.active_mask(cust)
    revenue = fig.summary_value(result, "revenue", lambda: cust["revenue"].sum())
    net = fig.summary_value(result, "net_margin", lambda: cust["net_margin"].sum())
    values = {
        "revenue": revenue, "net_margin": net,
        "gross_margin": fig.summary_value(result, "gross_margin",
                                          lambda: cust["gross_margin"].sum()),
        "net_margin_pct": fig.summary_value(result, "net_margin_pct",
                                            lambda: net / revenue if revenue else math.nan),
        "active_customers": fig.summary_value(result, "active_customers",
                                              lambda: int(active.sum())),
    }
    formats = {"money": money, "pct": PERCENT, "count": INTEGER}
    change_formats = {"money": "+0.0%;-0.0%;0.0%", "count": "+0.0%;-0.0%;0.0%",
                      "pct": f'+0.0" {POINTS.get(lang, "pp")}";-0.0" '
                             f'{POINTS.get(lang, "pp")}";0.0'}
    assumed = _assumed_suffix(result)
    rows: list[list[Any]] = [[text("key_figure", lang), text("tile_this", lang),
                              text("tile_previous", lang), text("tile_change", lang)]]
    block = Block("Dashboard_KeyFigures", rows, role="figures", header=True)
    for r, (label, key, kind) in enumerate(TILES, start=1):
        now = values[key]
        before = prev.get(key) if prev else None
        if kind == "pct" and before is None and prev and prev.get("revenue"):
            before = _ratio(prev.get("net_margin"), prev.get("revenue"))
        delta = change(now, before, kind)
        shown = text(label, lang) + (assumed if key in ASSUMED_FIGURES else "")
        rows.append([shown, clean_value(now),
                     clean_value(before) if prev else None,
                     clean_value(delta) if prev else None])
        for c in (1, 2):
            block.cell_formats[(r, c)] = formats[kind]
        block.cell_formats[(r, 3)] = change_formats[kind]
        mood = tone(now, before)
        if mood and prev:
            block.tones[(r, 3)] = mood
    conc = result.concentration
    more = [
        ("loss_making_customers", fig.summary_value(
            result, "loss_making_customers",
            lambda: int((active & (cust["net_margin"] < 0)).sum())), INTEGER),
        ("inactive_and_prospects", f"{int(s.get('inactive_customers', 0))} / "
                                   f"{int(s.get('prospects', 0))}", None),
        ("cr1", conc.cr1, PERCENT), ("cr5", conc.cr5, PERCENT), ("hhi", conc.hhi, INTEGER),
        ("money_at_stake_total", stake_total, money),
    ]
    for label, value, fmt in more:
        r = len(rows)
        rows.append([text(label, lang), clean_value(value), None, None])
        if fmt:
            block.cell_formats[(r, 1)] = fmt
    return block


def _assumed_suffix(result: PortfolioResult) -> str:
    """' (assumed)' or ' (partly assumed)' for figures built on the default margin."""
    active = fig.active_mask(result.customers)
    assumed = active & ~fig.margin_measured(result.customers)
    if not assumed.any():
        return ""
    key = "assumed_label_all" if assumed.sum() == active.sum() else "assumed_label_some"
    return f" ({text(key, fig.language(result))})"


def _ratio(a: Any, b: Any) -> float | None:
    a, b = _finite(a), _finite(b)
    return a / b if a is not None and b else None


def notes_block(result: PortfolioResult) -> Block:
    """What the figures rest on, in sentences; shown only when it applies."""
    lang, cust = fig.language(result), result.customers
    active = fig.active_mask(cust)
    measured = fig.margin_measured(cust)
    n_active = int(active.sum())
    assumed = int((active & ~measured).sum())
    pct = format_pct(result.settings.default_gross_margin_pct, lang, 0)
    rows: list[list[Any]] = []
    if n_active and assumed == n_active:
        rows.append([text("assumed_all", lang, pct=pct)])
    elif assumed:
        rows.append([text("assumed_some", lang, assumed=assumed, active=n_active, pct=pct)])
    if fig.previous(result) is None:
        rows.append([text("no_previous", lang)])
    return Block("Dashboard_Notes", rows or [[None]], role="sentences")


def _top_rows(result: PortfolioResult, destroyers: bool) -> list[list[Any]]:
    lang, cust = fig.language(result), result.customers
    shown = [c for c in ("customer", "net_margin", "net_margin_pct", "revenue") if c in cust]
    active = cust.loc[fig.active_mask(cust), shown]
    active = active.assign(_n=pd.to_numeric(active["net_margin"], errors="coerce"))
    chosen = (active[active["_n"] < 0].nsmallest(TOP_N, "_n") if destroyers
              else active[active["_n"] > 0].nlargest(TOP_N, "_n"))
    rows = [[text("top_destroyers" if destroyers else "top_earners", lang), None, None, None],
            [text("customer", lang), fig.with_currency(text("net_margin", lang), result),
             text("net_margin_pct", lang), fig.with_currency(text("revenue", lang), result)]]
    for record in chosen.to_dict("records"):
        revenue = _finite(record.get("revenue"))
        pct = record.get("net_margin_pct") if revenue and revenue > 0 else None
        rows.append([clean_value(record["customer"]), clean_value(record["net_margin"]),
                     clean_value(pct) if pct is not None else t("na", lang),
                     clean_value(record["revenue"])])
    if len(rows) == 2:
        rows.append([text("none_listed", lang), None, None, None])
    return rows


def top_block(result: PortfolioResult, destroyers: bool) -> Block:
    rows = _top_rows(result, destroyers)
    money = fig.money_format(result)
    block = Block("Dashboard_Destroyers" if destroyers else "Dashboard_Earners", rows,
                  role="table", column_formats=(None, money, PERCENT, money))
    for c in range(4):
        block.cell_formats[(0, c)] = "General"
        block.cell_formats[(1, c)] = "General"
    return block


def warnings_block(result: PortfolioResult) -> Block:
    lang = fig.language(result)
    warnings = [[clean_value(w)] for w in fig.ranked_warnings(result)]
    return Block("Dashboard_Warnings", [[text("warnings", lang)],
                                        *(warnings or [[text("no_warnings", lang)]])],
                 role="sentences", header=True)


def dashboard_blocks(result: PortfolioResult, stake_total: float) -> list[Block]:
    return [title_block(result), key_figures_block(result, stake_total), notes_block(result),
            top_block(result, True), top_block(result, False), warnings_block(result)]
