"""The Trends sheet as blocks: how the customer base moves and what customers are worth.

With invoice lines (result.history): sentences, the last revenue bridge and its chart
data, the lifetime-model fit, the holdout check, the R x F grid, one column per period
and the cohort triangles. Without (a customer sheet): the two-period bridge from the
revenue_previous column, or why there is none (report.blocks.trends_block).
Pure data like report.blocks; report.trends_charts draws the charts over it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from xl_portfolio.analysis.history import History
from xl_portfolio.analysis.history.bridge import BRIDGE_STEPS
from xl_portfolio.analysis.result import PortfolioResult
from xl_portfolio.i18n import customers_text, format_date, format_money, format_number, t
from xl_portfolio.i18n import format_pct as _format_pct
from xl_portfolio.report import figures as fig
from xl_portfolio.report.blocks import (
    DECIMAL,
    INTEGER,
    MONEY,
    PERCENT,
    Block,
    trends_block,
)
from xl_portfolio.report.cells import clean_value
from xl_portfolio.report.labels import text

# Rows of the per-period block: (label key, column of History.periods, number format).
PERIOD_ROWS: tuple[tuple[str, str, str], ...] = (
    ("pm_active", "active", INTEGER), ("pm_new", "new", INTEGER),
    ("pm_returning", "returning", INTEGER), ("pm_lost", "lost", INTEGER),
    ("pm_revenue", "revenue", MONEY), ("pm_net_margin", "net_margin", MONEY),
    ("pm_revenue_new", "revenue_new", MONEY),
    ("pm_revenue_returning", "revenue_returning", MONEY),
    ("pm_revenue_retained", "revenue_retained", MONEY),
    ("pm_revenue_lost", "revenue_lost", MONEY),
    ("pm_net_margin_new", "net_margin_new", MONEY),
    ("pm_net_margin_returning", "net_margin_returning", MONEY),
    ("pm_net_margin_retained", "net_margin_retained", MONEY),
    ("pm_net_margin_lost", "net_margin_lost", MONEY),
    ("pm_churn", "churn", PERCENT), ("pm_grr", "grr", PERCENT), ("pm_nrr", "nrr", PERCENT),
)
PERIOD_ROW_REVENUE = 1 + [key for key, _, _ in PERIOD_ROWS].index("pm_revenue")
PERIOD_ROW_ACTIVE = 1 + [key for key, _, _ in PERIOD_ROWS].index("pm_active")
PARAMETER = "0.000"


def format_pct(value: float, lang: str) -> str:
    return _format_pct(value, lang) if np.isfinite(value) else t("na", lang)


def trends_blocks(result: PortfolioResult) -> list[Block]:
    """Every block of the Trends sheet."""
    history = result.history
    if history is None:
        return [trends_block(result)]
    lang = result.settings.language
    money = fig.money_format(result)  # amounts show the currency, as on every sheet
    blocks = [note_block(result, history), periods_block(history, lang, money),
              cohort_block(history, lang), rf_grid_block(history, lang),
              fit_block(history, lang), calibration_block(history, lang)]
    if history.has_previous_period:
        blocks += bridge_blocks(history, lang, money)
    else:
        blocks.append(Block("Trends_Bridge", [[text("bridge_step", lang),
                                               text("bridge_amount", lang)],
                                              [text("bridge_none", lang), None]],
                            role="table", header=True, column_formats=(None, MONEY)))
    return blocks


def _as_of(result: PortfolioResult) -> dt.date:
    value = result.summary["as_of"]
    return value.date() if isinstance(value, dt.datetime) else value


def note_block(result: PortfolioResult, history: History) -> Block:
    """Title, what the periods are, the last bridge in words, what is assumed."""
    lang, table = result.settings.language, history.periods
    labels = table["period"].tolist()
    period = t(f"period.{history.trend_period}", lang)
    rows = [text("trends_title", lang)]
    if history.has_previous_period:
        last = table.iloc[-1]

        def money(key: str) -> str:
            return format_money(last[f"bridge_{key}"], lang)

        rows += [
            text("trends_basis", lang, period=period, as_of=format_date(_as_of(result), lang),
                 count=len(labels), first=labels[0], last=labels[-1]),
            text("history_bridge", lang, start_period=labels[-2], end_period=labels[-1],
                 **{key: money(key) for key in BRIDGE_STEPS}),
            text("history_retention", lang, period=labels[-1],
                 start=customers_text(int(last["retained"] + last["lost"]), lang),
                 lost=format_number(last["lost"], lang),
                 returning=format_number(last["returning"], lang),
                 new=format_number(last["new"], lang), churn=format_pct(last["churn"], lang),
                 grr=format_pct(last["grr"], lang), nrr=format_pct(last["nrr"], lang)),
            text("trends_first_cohort", lang, first=labels[0]),
        ]
    else:
        rows.append(text("trends_single", lang, first=labels[0], period=period))
    rows += [text("trends_margin", lang), clv_sentence(result, history),
             calibration_sentence(history, lang)]
    return Block("Trends_Note", [[clean_value(r)] for r in rows], role="sentences")


def clv_sentence(result: PortfolioResult, history: History) -> str:
    lang, status = result.settings.language, history.lifetime.status
    if status == "model":
        return text("clv_status.model", lang, horizon=result.settings.clv_horizon_months,
                    discount=_format_pct(result.settings.clv_discount_rate, lang))
    return text(f"clv_status.{status}", lang)


def calibration_sentence(history: History, lang: str) -> str:
    check = history.calibration
    start = history.periods["period"].iloc[-2] if history.has_previous_period else ""
    if check.status in ("ok", "poor"):
        return text(f"calibration.{check.status}", lang, start=start,
                    predicted=format_number(check.predicted, lang),
                    actual=format_number(check.actual, lang),
                    error=format_pct(check.error, lang))
    return text(f"calibration.{check.status}", lang, start=start)


def bridge_blocks(history: History, lang: str, money: str = MONEY) -> list[Block]:
    """The last bridge as a table (step, amount) and as waterfall chart data: an
    invisible base under the visible bar of each step."""
    last = history.periods.iloc[-1]
    labels = history.periods["period"].tolist()
    rows: list[list[Any]] = [[text("bridge_step", lang), text("bridge_amount", lang)]]
    chart: list[list[Any]] = [[text("bridge_step", lang), text("bridge_base", lang),
                               text("bridge_total", lang), text("bridge_up", lang),
                               text("bridge_down", lang)]]
    level = 0.0
    for step in BRIDGE_STEPS:
        amount = float(last[f"bridge_{step}"])
        name = text(f"step_{step}", lang, period=labels[-2] if step == "start" else labels[-1])
        if step in ("start", "end"):
            level = amount
            rows.append([name, amount])
            chart.append([name, 0.0, amount, 0.0, 0.0])
        elif step in ("lost", "contraction"):
            level -= amount
            rows.append([name, -amount])
            chart.append([name, level, 0.0, 0.0, amount])
        else:
            rows.append([name, amount])
            chart.append([name, level, 0.0, amount, 0.0])
            level += amount
    return [Block("Trends_Bridge", rows, role="table", header=True,
                  column_formats=(None, money)),
            Block("Trends_BridgeChartData", chart, role="chart_data", header=True,
                  column_formats=(None, MONEY, MONEY, MONEY, MONEY))]


def periods_block(history: History, lang: str, money: str = MONEY) -> Block:
    """One column per period, one row per figure (PERIOD_ROWS)."""
    table = history.periods
    rows: list[list[Any]] = [[text("pm_period", lang), *table["period"].tolist()]]
    for key, column, _ in PERIOD_ROWS:
        rows.append([text(key, lang), *(clean_value(v) for v in table[column])])
    return Block("Trends_Periods", rows, role="grid", header=True,
                 row_formats=(None, *(money if fmt == MONEY else fmt
                                      for _, _, fmt in PERIOD_ROWS)))


def cohort_block(history: History, lang: str) -> Block:
    """Both triangles under each other: title, header, one row per cohort."""
    count = len(history.periods)
    width = count + 1
    rows: list[list[Any]] = []
    formats: list[str | None] = []
    for title, frame in (("cohort_share", history.cohort_share),
                         ("cohort_revenue", history.cohort_revenue)):
        if rows:
            rows.append([None] * width)
            formats.append(None)
        rows.append([text(title, lang)] + [None] * count)
        rows.append([f"{text('cohort', lang)} ({text('cohort_size', lang).lower()})",
                     *(f"+{k}" for k in range(count))])
        formats += [None, None]
        for index, (label, size) in enumerate(history.cohort_sizes.items()):
            values = frame.iloc[index].tolist()
            cells = [clean_value(v) if k < count - index and np.isfinite(v) else None
                     for k, v in enumerate(values)]
            rows.append([f"{label} ({int(size)})", *cells])
            formats.append(PERCENT)
    return Block("Trends_Cohorts", rows, role="grid", row_formats=tuple(formats))


def rf_grid_block(history: History, lang: str) -> Block:
    grid: pd.DataFrame = history.rfm_grid
    rows: list[list[Any]] = [[text("rf_title", lang)] + [None] * 5,
                             ["R \\ F", *(int(c) for c in grid.columns)]]
    rows += [[int(r), *(int(v) for v in grid.loc[r])] for r in grid.index]
    return Block("Trends_RFGrid", rows, role="grid",
                 row_formats=(None, None) + (INTEGER,) * len(grid))


def fit_block(history: History, lang: str) -> Block:
    """Fitted parameters and log-likelihoods (n/a when not fitted)."""
    life = history.lifetime
    nan = float("nan")
    bg, gg = life.bgnbd, life.spend
    modelled = int((history.customers["clv_method"] == "model").sum())
    items: list[tuple[str, float, str]] = [
        ("r", bg.r if bg else nan, PARAMETER), ("alpha", bg.alpha if bg else nan, PARAMETER),
        ("a", bg.a if bg else nan, PARAMETER), ("b", bg.b if bg else nan, PARAMETER),
        (text("fit_loglik_bgnbd", lang), bg.log_likelihood if bg else nan, DECIMAL),
        (text("fit_customers", lang), bg.customers if bg else nan, INTEGER),
        ("p", gg.p if gg else nan, PARAMETER), ("q", gg.q if gg else nan, PARAMETER),
        ("v", gg.v if gg else nan, PARAMETER),
        (text("fit_loglik_spend", lang), gg.log_likelihood if gg else nan, DECIMAL),
        (text("fit_spend_customers", lang), gg.customers if gg else nan, INTEGER),
        (text("fit_modelled", lang), modelled, INTEGER),
    ]
    rows = [[text("fit_parameter", lang), text("fit_value", lang)]]
    rows += [[name, clean_value(value)] for name, value, _ in items]
    return Block("Trends_Fit", rows, role="figures", header=True,
                 row_formats=(None, *(fmt for _, _, fmt in items)))


def calibration_block(history: History, lang: str) -> Block:
    groups = history.calibration.groups
    rows: list[list[Any]] = [[text("cal_group", lang), text("cal_customers", lang),
                              text("cal_actual", lang), text("cal_predicted", lang)]]
    rows += [[str(g), int(c), clean_value(a), clean_value(p)] for g, c, a, p in
             groups[["group", "customers", "actual", "predicted"]].itertuples(index=False)]
    if len(rows) == 1:  # no check: the sentence above says why
        rows.append([t("na", lang), None, None, None])
    return Block("Trends_Calibration", rows, role="table", header=True,
                 column_formats=(None, INTEGER, INTEGER, INTEGER))
