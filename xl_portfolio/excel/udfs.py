"""Worksheet functions (xlwings UDFs): =CUSTOMER_MARGIN(...), =CUSTOMER_SEGMENT(...) ...

Each function converts what Excel hands over (convert.py) and calls the analysis: no
business rule lives here, so a cell and the report cannot disagree. Every function works
on one cell and on whole columns: a range in gives a spilled range of the same shape out,
computed in ONE vectorised call. Filled down, the portfolio-level figures are cached per
range content (udf_cache.py), so each call stays cheap.

Honest errors: a bad cell gives "#CODE reason" ("#VALUE! revenue must be a number (got
'abc')"); the add-in's VBA wrapper turns that into the real error value and keeps the
reason for =PORTFOLIO_ERROR(cell). An Excel error in any input (#SPILL! and #CALC!
included) gives an error out, never a number.

Settings come in as the optional last argument `settings` (a two-column range of
setting/value rows, e.g. the name PortfolioSettings), so Excel knows the dependency and
recalculates when a rate changes; nothing reads the workbook during recalculation.
Parameters carry no type hints on purpose: xlwings turns a hint into a converter.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import xlwings as xw

from xl_portfolio.errors import InputError
from xl_portfolio.excel import convert, udf_cache
from xl_portfolio.excel.convert import ArgumentError, Cells
from xl_portfolio.i18n import labels
from xl_portfolio.settings import Settings

CATEGORY = "xl-portfolio"
NAN = math.nan
SETTINGS_DOC = ("Optional: the settings range (setting names and values, e.g. the name "
                "PortfolioSettings); empty: the defaults.")
_default_settings: Settings | None = None
_settings_ids = itertools.count(1)
_default_key: tuple = ("default", 0)
_SETTINGS: udf_cache.LRU[tuple[Settings, tuple] | ArgumentError | InputError] = \
    udf_cache.LRU(8)


def use_settings(source: Settings | None) -> None:
    """The settings used when the `settings` argument is empty (tests, benchmarks);
    None restores the defaults."""
    global _default_settings, _default_key
    _default_settings = source
    _default_key = ("default", next(_settings_ids))


def settings_for(value: Any) -> tuple[Settings, tuple]:
    """The settings of the `settings` argument (cached per content), and a small key
    standing for them in the memos."""
    from xl_portfolio.excel.settings_from_book import settings_from_rows

    if udf_cache.is_empty(value):
        return _default_settings or Settings(), _default_key

    def parse() -> tuple[Settings, tuple] | ArgumentError | InputError:
        rows = convert.as_grid(value)
        for row in rows:
            for cell in row:
                code = convert.error_code(cell)
                if code is not None:
                    return convert.input_error("settings", code)
        try:
            return settings_from_rows(rows, _default_settings), ("range", next(_settings_ids))
        except InputError as exc:
            return exc

    found = _SETTINGS.get(udf_cache.content_key(value), parse)
    if isinstance(found, Exception):
        raise found
    return found


def _guarded(function: Callable[..., Any]) -> Callable[..., Any]:
    """Turn every failure into "#CODE reason" for the cell: no traceback, ever."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except ArgumentError as exc:
            return str(exc)
        except InputError as exc:
            return f"#VALUE! {exc}"
        except Exception as exc:  # noqa: BLE001 - a cell must never show a traceback
            return f"#VALUE! {type(exc).__name__}: {exc}"

    # The docstring is the function wizard's description: one line, no indentation.
    wrapper.__doc__ = " ".join((function.__doc__ or "").split())
    return wrapper


# --- shared conversions -------------------------------------------------------------

def _optional_scalar(value: Any, name: str, fallback: float | None) -> float | None:
    cells = convert.flatten(value)
    if len(cells) != 1:
        raise ArgumentError(name, "must be a single cell")
    if cells[0] is None or (isinstance(cells[0], str) and not cells[0].strip()):
        return fallback
    return convert.to_number(cells[0], name)


def _result(values: Any, arguments: list[Cells], shape: tuple[int, int]) -> Any:
    if not isinstance(values, np.ndarray):
        values = list(values)
    return convert.to_excel(values, convert.first_errors(arguments), shape)


def _arguments(*pairs: tuple[Any, str, float | None]) -> tuple[tuple[int, int], list[Cells]]:
    return convert.broadcast([convert.number_cells(v, name, default) for v, name, default
                              in pairs])


def _rows(*columns: np.ndarray) -> list[tuple]:
    """Row keys for a memo: one tuple of floats per asked customer."""
    return list(zip(*(c.tolist() for c in columns), strict=True))


def _asked(keys: list[tuple], position: int) -> np.ndarray:
    return np.array([k[position] for k in keys], dtype="float64")


# --- the worksheet functions ----------------------------------------------------------

@xw.func(category=CATEGORY)
@xw.arg("revenue", ndim=2, err_to_str=True, doc="Revenue of the customer (cell or column).")
@xw.arg("cost_of_goods", ndim=2, err_to_str=True,
        doc="Cost of goods sold; empty: the default gross margin % is assumed.")
@xw.arg("orders", ndim=2, err_to_str=True, doc="Number of orders (empty = 0).")
@xw.arg("order_lines", ndim=2, err_to_str=True, doc="Number of order lines (empty = 0).")
@xw.arg("deliveries", ndim=2, err_to_str=True, doc="Number of deliveries (empty = 0).")
@xw.arg("returns", ndim=2, err_to_str=True, doc="Number of returns (empty = 0).")
@xw.arg("service_hours", ndim=2, err_to_str=True, doc="Service hours (empty = 0).")
@xw.arg("sales_visits", ndim=2, err_to_str=True, doc="Sales visits (empty = 0).")
@xw.arg("dso", ndim=2, err_to_str=True,
        doc="Days sales outstanding, for the credit cost (empty = 0).")
@xw.arg("settings", ndim=2, err_to_str=True, doc=SETTINGS_DOC)
@_guarded
def CUSTOMER_MARGIN(revenue, cost_of_goods=None, orders=None, order_lines=None,  # noqa: N802
                    deliveries=None, returns=None, service_hours=None, sales_visits=None,
                    dso=None, settings=None):
    """Net margin after cost to serve: revenue - cost of goods - drivers x rates - credit
    cost (rates from the settings argument). Example: =CUSTOMER_MARGIN(B2:B500, C2:C500,
    D2:D500) spills a column; =CUSTOMER_MARGIN(B2, C2, D2) for one cell."""
    from xl_portfolio.analysis import margin

    rates = settings_for(settings)[0]
    shape, cells = _arguments(
        (revenue, "revenue", None), (cost_of_goods, "cost_of_goods", NAN),
        (orders, "orders", 0.0), (order_lines, "order_lines", 0.0),
        (deliveries, "deliveries", 0.0), (returns, "returns", 0.0),
        (service_hours, "service_hours", 0.0), (sales_visits, "sales_visits", 0.0),
        (dso, "dso", 0.0))
    rev, cogs, n_orders, n_lines, n_deliveries, n_returns, hours, visits, days = (
        c.values for c in cells)
    values = margin.net_margin(rev, cogs, orders=n_orders, order_lines=n_lines,
                               deliveries=n_deliveries, returns=n_returns,
                               service_hours=hours, sales_visits=visits, dso=days,
                               settings=rates)
    return _result(np.atleast_1d(values), cells, shape)


@xw.func(category=CATEGORY)
@xw.arg("revenue", ndim=2, err_to_str=True, doc="Revenue of the customer (cell or column).")
@xw.arg("all_revenue", ndim=2, err_to_str=True,
        doc="Revenue of ALL customers of the portfolio (the whole column).")
@xw.arg("settings", ndim=2, err_to_str=True, doc=SETTINGS_DOC)
@_guarded
def PYRAMID_TIER(revenue, all_revenue, settings=None):  # noqa: N802
    """Customer pyramid tier (Top 1%, Big 4%, Medium 15%, Small 80% of active customers by
    revenue; 0 or less: Inactive). Example: =PYRAMID_TIER(B2:B500, B2:B500) spills;
    =PYRAMID_TIER(B2, B$2:B$500) for one cell."""
    from xl_portfolio.analysis import pyramid

    rates, settings_key = settings_for(settings)
    shape, cells = _arguments((revenue, "revenue", None))
    portfolio = udf_cache.portfolio_column(all_revenue, "all_revenue")
    all_values = portfolio.values

    def tiers(keys: list[tuple]) -> list[str]:
        names = labels("tier", rates.language)
        codes = pyramid.tier_of(_asked(keys, 0), all_values, rates)
        return [names.get(c, c) for c in codes]

    memo = udf_cache.memo("tier", portfolio.key, settings_key)
    if not memo.answers:  # every portfolio value at once: filled-down calls ask these
        memo.lookup(list(dict.fromkeys(_rows(all_values))), tiers)
    return _result(memo.lookup(_rows(cells[0].values), tiers), cells, shape)


@xw.func(category=CATEGORY)
@xw.arg("revenue", ndim=2, err_to_str=True, doc="Revenue of the customer (cell or column).")
@xw.arg("all_revenue", ndim=2, err_to_str=True,
        doc="Revenue of ALL customers of the portfolio (the whole column).")
@_guarded
def DEPENDENCY_SHARE(revenue, all_revenue):  # noqa: N802
    """Share of the portfolio's revenue (negative revenue counts as 0); 10% or more is a
    dependency (IFRS 8). Example: =DEPENDENCY_SHARE(B2:B500, B2:B500) spills;
    =DEPENDENCY_SHARE(B2, B$2:B$500) for one cell, formatted as %."""
    from xl_portfolio.analysis import dependency

    shape, cells = _arguments((revenue, "revenue", None))
    portfolio = udf_cache.portfolio_column(all_revenue, "all_revenue")
    all_values = portfolio.values
    memo = udf_cache.memo("share", portfolio.key)

    def shares(keys: list[tuple]) -> list[float]:
        return dependency.share_of(_asked(keys, 0), all_values).tolist()

    if not memo.answers:
        memo.lookup(list(dict.fromkeys(_rows(all_values))), shares)
    values = np.array(memo.lookup(_rows(cells[0].values), shares), dtype="float64")
    return _result(values, cells, shape)


@xw.func(category=CATEGORY)
@xw.arg("net_margin", ndim=2, err_to_str=True,
        doc="Yearly net margin of the customer (cell or column).")
@xw.arg("retention", ndim=2, err_to_str=True,
        doc="Yearly retention rate, e.g. 80% (empty: setting clv_retention).")
@xw.arg("discount_rate", ndim=2, err_to_str=True,
        doc="Yearly discount rate, e.g. 10% (empty: setting clv_discount_rate).")
@xw.arg("settings", ndim=2, err_to_str=True, doc=SETTINGS_DOC)
@_guarded
def CUSTOMER_CLV(net_margin, retention=None, discount_rate=None, settings=None):  # noqa: N802
    """Simple customer lifetime value m x r / (1 + d - r) (Gupta & Lehmann); r = 80% and
    d = 10% give 2.67 x the margin. Example: =CUSTOMER_CLV(E2:E500) spills;
    =CUSTOMER_CLV(E2, 85%, 8%) for one cell."""
    from xl_portfolio.analysis import clv

    rates = settings_for(settings)[0]
    r = _optional_scalar(retention, "retention", rates.clv_retention)
    d = _optional_scalar(discount_rate, "discount_rate", rates.clv_discount_rate)
    if not 0 <= r < 1 + d:
        raise ArgumentError("retention", "must be at least 0 and below 1 + discount_rate",
                            code="#NUM!")
    shape, cells = _arguments((net_margin, "net_margin", None))
    values = clv.simple_clv(cells[0].values, r, d)
    return _result(np.atleast_1d(values), cells, shape)


_SEGMENT_ARGS = (
    ("revenue", "Revenue of the customer (cell or column)."),
    ("net_margin", "Net margin of the customer, e.g. from CUSTOMER_MARGIN."),
    ("all_revenue", "Revenue of ALL customers of the portfolio (the whole column)."),
    ("all_net_margin", "Net margin of ALL customers; sets the target to the portfolio's own "
                       "net margin % (the report's: over every customer)."),
    ("target_margin_pct", "Net margin % splitting High from Low (overrides all_net_margin)."),
)
COST_DOC = ("Cost of goods (or gross margin) of the customer, as given to CUSTOMER_MARGIN: "
            "an empty cell means the margin is not measured (segment from size alone). "
            "Omitted: every margin counts as measured.")


def _segment_args(function: Callable[..., Any]) -> Callable[..., Any]:
    for name, doc in reversed(_SEGMENT_ARGS):
        function = xw.arg(name, ndim=2, err_to_str=True, doc=doc)(function)
    return function


def _measured(cost_of_goods: Any, revenue: Cells) -> Cells:
    """1.0 where the customer's margin is measured (a cost of goods or gross margin is
    given), 0.0 where its cell is empty; all 1.0 when the argument is omitted."""
    if cost_of_goods is None:
        return Cells(np.ones(len(revenue.values)), {}, revenue.shape)
    cost = convert.broadcast([revenue, convert.number_cells(cost_of_goods, "cost_of_goods",
                                                            NAN)])[1][1]
    return Cells(np.where(np.isnan(cost.values), 0.0, 1.0), cost.errors, cost.shape)


class _Segmentation:
    """What segments a customer within one portfolio: tiers and the target margin, with
    the analysis' own definitions (segments.portfolio_target, segments.classify)."""

    def __init__(self, all_revenue, all_net_margin, target_margin_pct, rates: Settings,
                 settings_key: tuple):
        from xl_portfolio.analysis import segments

        self.rates = rates
        revenue = udf_cache.portfolio_column(all_revenue, "all_revenue")
        self.all_revenue = revenue.values
        margin_key = 0
        self.all_net_margin = None
        if not udf_cache.is_empty(all_net_margin):
            column = udf_cache.portfolio_column(all_net_margin, "all_net_margin")
            self.all_net_margin = column.values
            margin_key = column.key
            if len(self.all_net_margin) != len(self.all_revenue):
                raise ArgumentError("all_net_margin", "must have as many cells as all_revenue")
        target = _optional_scalar(target_margin_pct, "target_margin_pct", None)
        if target is None:
            target = rates.target_net_margin_pct
        if target is None and self.all_net_margin is not None:
            all_rev = pd.Series(self.all_revenue)
            target = udf_cache.memo("target", revenue.key, margin_key, settings_key).lookup(
                [()], lambda _: [segments.portfolio_target(
                    all_rev, pd.Series(self.all_net_margin), rates)])[0]
        if target is None:
            raise ArgumentError("target_margin_pct", "is needed when all_net_margin is not "
                                "given (or set target_net_margin_pct in the settings)")
        self.target = float(target)
        self.key = (revenue.key, margin_key, self.target, settings_key)

    def codes(self, revenue: np.ndarray, net_margin: np.ndarray,
              measured: np.ndarray) -> pd.DataFrame:
        """Tier, size, profitability and segment codes of the asked customers."""
        from xl_portfolio.analysis import pyramid, segments
        from xl_portfolio.analysis.margin import margin_pct

        tiers = pd.Series(pyramid.tier_of(revenue, self.all_revenue, self.rates))
        pct = pd.Series(margin_pct(net_margin, revenue))
        found = segments.classify(tiers, pct, self.target, pd.Series(measured > 0))
        return found.assign(net_margin_pct=pct, net_margin=net_margin,
                            margin_measured=measured > 0)

    def portfolio_rows(self, measured: tuple[float, ...]) -> list[tuple]:
        """Every (revenue, net margin, measured) of the portfolio, for each measured flag
        asked: filled-down calls ask these."""
        if self.all_net_margin is None:
            return []
        pairs = dict.fromkeys(_rows(self.all_revenue, self.all_net_margin))
        return [(*pair, flag) for pair in pairs for flag in measured]


def _flags(measured: Cells) -> tuple[float, ...]:
    """The measured flags worth computing for the whole portfolio ahead."""
    return tuple(sorted(set(measured.values.tolist()), reverse=True))


@xw.func(category=CATEGORY)
@_segment_args
@xw.arg("cost_of_goods", ndim=2, err_to_str=True, doc=COST_DOC)
@xw.arg("settings", ndim=2, err_to_str=True, doc=SETTINGS_DOC)
@_guarded
def CUSTOMER_SEGMENT(revenue, net_margin, all_revenue, all_net_margin=None,  # noqa: N802
                     target_margin_pct=None, cost_of_goods=None, settings=None):
    """Segment of the size x profitability matrix (e.g. "Anchor and grow", "Remediate"),
    as in the report; an empty cost of goods gives a "margin not measured" segment.
    Example: =CUSTOMER_SEGMENT(B2:B500, E2:E500, B2:B500, E2:E500, , C2:C500) spills;
    =CUSTOMER_SEGMENT(B2, E2, B$2:B$500, E$2:E$500, , C2) for one cell."""
    rates, settings_key = settings_for(settings)
    shape, cells = _arguments((revenue, "revenue", None), (net_margin, "net_margin", None))
    measured = _measured(cost_of_goods, cells[0])
    segmentation = _Segmentation(all_revenue, all_net_margin, target_margin_pct, rates,
                                 settings_key)
    def segments(keys: list[tuple]) -> list[str]:
        names = labels("segment", rates.language)
        codes = segmentation.codes(_asked(keys, 0), _asked(keys, 1), _asked(keys, 2))
        return [names.get(c, c) for c in codes["segment_code"]]

    memo = udf_cache.memo("segment", segmentation.key)
    if not memo.answers:
        memo.lookup(segmentation.portfolio_rows(_flags(measured)), segments)
    keys = _rows(cells[0].values, cells[1].values, measured.values)
    return _result(memo.lookup(keys, segments), [*cells, measured], shape)


_GROWTH = {"high": "high", "medium": "medium", "low": "low", "none": "none", "": "none"}


def _growth_codes(value: Any, size: int, language: str) -> list[str]:
    cells = convert.flatten(value)
    if len(cells) not in (1, size):
        raise ArgumentError("growth_potential", "must be one cell or as many as revenue")
    known = {**_GROWTH, **{v.casefold(): k for k, v in labels("growth", language).items()}}
    codes = []
    for cell in cells:
        text = convert.to_text(cell, "growth_potential", default="").casefold()
        if text not in known:
            raise ArgumentError("growth_potential", f"must be high, medium or low (got {text!r})")
        codes.append(known[text])
    return codes * size if len(codes) == 1 else codes


@xw.func(category=CATEGORY)
@_segment_args
@xw.arg("growth_potential", ndim=2, err_to_str=True,
        doc="high, medium or low: adds a growth plan (empty: none).")
@xw.arg("dso", ndim=2, err_to_str=True, doc="Days sales outstanding (payment risk).")
@xw.arg("cost_of_goods", ndim=2, err_to_str=True, doc=COST_DOC)
@xw.arg("settings", ndim=2, err_to_str=True, doc=SETTINGS_DOC)
@_guarded
def CUSTOMER_ACTION(revenue, net_margin, all_revenue, all_net_margin=None,  # noqa: N802
                    target_margin_pct=None, growth_potential=None, dso=None,
                    cost_of_goods=None, settings=None):
    """What to do with the customer (segment action, growth plan, dependency, payment
    terms), in the settings' language. Example: =CUSTOMER_ACTION(B2:B500, E2:E500,
    B2:B500, E2:E500) spills; =CUSTOMER_ACTION(B2, E2, B$2:B$500, E$2:E$500) for one."""
    from xl_portfolio.analysis import actions, dependency

    rates, settings_key = settings_for(settings)
    shape, cells = _arguments((revenue, "revenue", None), (net_margin, "net_margin", None))
    days = convert.broadcast([cells[0], convert.number_cells(dso, "dso", NAN)])[1][1]
    measured = _measured(cost_of_goods, cells[0])
    segmentation = _Segmentation(all_revenue, all_net_margin, target_margin_pct, rates,
                                 settings_key)
    size = shape[0] * shape[1]
    growth = _growth_codes(growth_potential, size, rates.language)
    as_of = rates.as_of or dt.date.today()

    def plan(keys: list[tuple]) -> list[str]:
        asked_revenue = _asked(keys, 0)
        frame = segmentation.codes(asked_revenue, _asked(keys, 1), _asked(keys, 4)).assign(
            growth_code=[k[2] for k in keys], revenue=asked_revenue, gross_margin_pct=NAN,
            revenue_share=np.atleast_1d(dependency.share_of(asked_revenue,
                                                            segmentation.all_revenue)),
            dso=_asked(keys, 3))
        return actions.plan_actions(frame, rates, as_of, segmentation.target)[
            "action"].tolist()

    memo = udf_cache.memo("action", segmentation.key, as_of)
    if not memo.answers:  # the whole portfolio once, for each growth code, without DSO
        memo.lookup([(r, m, code, None, flag)
                     for r, m, flag in segmentation.portfolio_rows(_flags(measured))
                     for code in ("none", "low", "medium", "high")], plan)
    # None, not NaN, for "no DSO": NaN != NaN would make every such key a miss
    keys = [(r, m, g, None if d != d else d, f) for r, m, g, d, f in zip(
        cells[0].values.tolist(), cells[1].values.tolist(), growth, days.values.tolist(),
        measured.values.tolist(), strict=True)]
    return _result(memo.lookup(keys, plan), [*cells, days, measured], shape)


@xw.func(category=CATEGORY)
@xw.arg("table", ndim=2, err_to_str=True,
        doc="The customer table WITH its header row (e.g. A1:K500).")
@xw.arg("language", err_to_str=True, doc="en, nl or fr (empty: the settings' language).")
@xw.arg("settings", ndim=2, err_to_str=True, doc=SETTINGS_DOC)
@_guarded
def PORTFOLIO_ANALYZE(table, language=None, settings=None):  # noqa: N802
    """The full analysis of a customer table: one row per customer with net margin,
    tier, segment, action, CLV ... and a header row, as spilled values.
    Example: =PORTFOLIO_ANALYZE(Data!A1:K500)."""
    from xl_portfolio.excel.ribbon import analyze_values
    from xl_portfolio.report.blocks import customers_block

    rates = settings_for(settings)[0]
    if language not in (None, ""):
        rates = rates.replace(language=convert.to_text(language, "language"))
    result = analyze_values(convert.as_grid(table), rates)
    return customers_block(result).rows


WORKSHEET_FUNCTIONS = ("CUSTOMER_MARGIN", "CUSTOMER_SEGMENT", "PYRAMID_TIER", "CUSTOMER_ACTION",
                       "CUSTOMER_CLV", "DEPENDENCY_SHARE", "PORTFOLIO_ANALYZE")


def reference_markdown() -> str:
    """The worksheet functions as a Markdown table for the README, from the functions
    themselves (signature and wizard description), so the documentation cannot drift."""
    import inspect

    lines = ["| function | what it returns |", "|---|---|"]
    for name in WORKSHEET_FUNCTIONS:
        function = globals()[name]
        params = list(inspect.signature(function).parameters.values())
        shown = ", ".join(p.name if p.default is inspect.Parameter.empty else f"[{p.name}]"
                          for p in params)
        lines.append(f"| `{name}({shown})` | {function.__doc__} |")
    return "\n".join(lines)
