"""Worksheet functions (xlwings UDFs): =CUSTOMER_MARGIN(...), =CUSTOMER_SEGMENT(...) ...

Each function converts what Excel hands over (convert.py) and calls the analysis: no
business rule lives here, so a cell and the report cannot disagree. Every function works
on one cell and on whole columns: a range in gives a spilled range of the same shape out,
computed in ONE vectorised call. A bad cell shows its own message ("#VALUE! revenue must
be a number (got 'abc')") and the other cells still compute.

Parameters carry no type hints on purpose: xlwings turns a hint into a converter.
The hidden `caller` argument is filled by xlwings with the calling cell; it selects the
workbook whose Settings sheet supplies the rates.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import xlwings as xw

from xl_portfolio.errors import InputError
from xl_portfolio.excel import convert
from xl_portfolio.excel.convert import ArgumentError, Cells
from xl_portfolio.excel.settings_from_book import BookSettingsCache
from xl_portfolio.i18n import labels
from xl_portfolio.settings import Settings

CATEGORY = "xl-portfolio"
NAN = math.nan
SETTINGS_CACHE = BookSettingsCache()
_settings_source: Callable[[Any], Settings] | None = None


def use_settings(source: Callable[[Any], Settings] | Settings | None) -> None:
    """Inject where settings come from (tests, benchmarks); None restores the workbook."""
    global _settings_source
    if isinstance(source, Settings):
        fixed = source
        _settings_source = lambda caller: fixed  # noqa: E731
    else:
        _settings_source = source


def settings_for(caller: Any) -> Settings:
    """The calling workbook's settings (Settings sheet), else the defaults."""
    if _settings_source is not None:
        return _settings_source(caller)
    book = None
    if caller is not None:
        try:
            book = caller.sheet.book
        except Exception:  # noqa: BLE001 - no workbook behind the caller: defaults
            book = None
    return SETTINGS_CACHE.get(book)


def _guarded(function: Callable[..., Any]) -> Callable[..., Any]:
    """Turn every failure into text for the cell: Excel shows it, no traceback."""

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

def _portfolio(value: Any, name: str) -> np.ndarray:
    """A whole-portfolio range (all revenues) as floats; blanks are no revenue."""
    cells = [c for c in convert.flatten(value)]
    out = np.zeros(len(cells))
    for i, cell in enumerate(cells):
        out[i] = convert.to_number(cell, name, default=0.0)
    if not len(out):
        raise ArgumentError(name, "is empty (a range of all customers is required)")
    return out


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


def _segmentation(revenue: np.ndarray, net_margin: np.ndarray, all_revenue: np.ndarray,
                  all_net_margin: np.ndarray | None, target_pct: float | None,
                  settings: Settings) -> pd.DataFrame:
    """Tier, size, profitability and segment codes of the asked customers."""
    from xl_portfolio.analysis import pyramid, segments
    from xl_portfolio.analysis._columns import safe_divide

    tiers = pd.Series(pyramid.tier_of(revenue, all_revenue, settings))
    sizes = segments.size_classes(tiers)
    if target_pct is None:
        if settings.target_net_margin_pct is not None:
            target_pct = settings.target_net_margin_pct
        elif all_net_margin is not None:
            if len(all_net_margin) != len(all_revenue):
                raise ArgumentError("all_net_margin", "must have as many cells as all_revenue")
            all_rev = pd.Series(all_revenue)
            target_pct = segments.target_margin(all_rev, pd.Series(all_net_margin),
                                                all_rev > 0, settings)
        else:
            raise ArgumentError("target_margin_pct", "is needed when all_net_margin is not "
                                "given (or set target_net_margin_pct on the Settings sheet)")
    pct = pd.Series(safe_divide(net_margin, revenue))
    profit = segments.profitability_classes(pct, float(target_pct), sizes)
    codes = segments.segment_codes(sizes, profit, tiers)
    return pd.DataFrame({"tier_code": tiers, "size_code": sizes, "profitability_code": profit,
                         "segment_code": codes, "net_margin_pct": pct})


def _arguments(*pairs: tuple[Any, str, float | None]) -> tuple[tuple[int, int], list[Cells]]:
    return convert.broadcast([convert.number_cells(v, name, default) for v, name, default
                              in pairs])


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
@_guarded
def CUSTOMER_MARGIN(revenue, cost_of_goods=None, orders=None, order_lines=None,  # noqa: N802
                    deliveries=None, returns=None, service_hours=None, sales_visits=None,
                    dso=None, caller=None):
    """Net margin after cost to serve: revenue - cost of goods - drivers x rates - credit
    cost (rates from the Settings sheet). Example: =CUSTOMER_MARGIN(B2, C2, D2) or
    =CUSTOMER_MARGIN(B2:B500, C2:C500, D2:D500) to spill a column."""
    from xl_portfolio.analysis import margin

    settings = settings_for(caller)
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
                               settings=settings)
    return _result(np.atleast_1d(values), cells, shape)


@xw.func(category=CATEGORY)
@xw.arg("revenue", ndim=2, err_to_str=True, doc="Revenue of the customer (cell or column).")
@xw.arg("all_revenue", ndim=2, err_to_str=True,
        doc="Revenue of ALL customers of the portfolio (the whole column).")
@_guarded
def PYRAMID_TIER(revenue, all_revenue, caller=None):  # noqa: N802
    """Customer pyramid tier (Top 1%, Big 4%, Medium 15%, Small 80% of active customers by
    revenue; 0 or less: Inactive). Example: =PYRAMID_TIER(B2, B$2:B$500)."""
    from xl_portfolio.analysis import pyramid

    settings = settings_for(caller)
    shape, cells = _arguments((revenue, "revenue", None))
    portfolio = _portfolio(all_revenue, "all_revenue")
    codes = pyramid.tier_of(cells[0].values, portfolio, settings)
    names = labels("tier", settings.language)
    return _result([names.get(c, c) for c in codes], cells, shape)


@xw.func(category=CATEGORY)
@xw.arg("revenue", ndim=2, err_to_str=True, doc="Revenue of the customer (cell or column).")
@xw.arg("all_revenue", ndim=2, err_to_str=True,
        doc="Revenue of ALL customers of the portfolio (the whole column).")
@_guarded
def DEPENDENCY_SHARE(revenue, all_revenue, caller=None):  # noqa: N802
    """Share of the portfolio's revenue (negative revenue counts as 0); 10% or more is a
    dependency (IFRS 8). Example: =DEPENDENCY_SHARE(B2, B$2:B$500), formatted as %."""
    from xl_portfolio.analysis import dependency

    shape, cells = _arguments((revenue, "revenue", None))
    portfolio = _portfolio(all_revenue, "all_revenue")
    values = dependency.share_of(cells[0].values, portfolio)
    return _result(values, cells, shape)


@xw.func(category=CATEGORY)
@xw.arg("net_margin", ndim=2, err_to_str=True,
        doc="Yearly net margin of the customer (cell or column).")
@xw.arg("retention", ndim=2, err_to_str=True,
        doc="Yearly retention rate, e.g. 80% (empty: Settings clv_retention).")
@xw.arg("discount_rate", ndim=2, err_to_str=True,
        doc="Yearly discount rate, e.g. 10% (empty: Settings clv_discount_rate).")
@_guarded
def CUSTOMER_CLV(net_margin, retention=None, discount_rate=None, caller=None):  # noqa: N802
    """Simple customer lifetime value m x r / (1 + d - r) (Gupta & Lehmann); r = 80% and
    d = 10% give 2.67 x the margin. Example: =CUSTOMER_CLV(E2) or =CUSTOMER_CLV(E2, 85%, 8%)."""
    from xl_portfolio.analysis import clv

    settings = settings_for(caller)
    r = _optional_scalar(retention, "retention", settings.clv_retention)
    d = _optional_scalar(discount_rate, "discount_rate", settings.clv_discount_rate)
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
                       "net margin %."),
    ("target_margin_pct", "Net margin % splitting High from Low (overrides all_net_margin)."),
)


def _segment_args(function: Callable[..., Any]) -> Callable[..., Any]:
    for name, doc in reversed(_SEGMENT_ARGS):
        function = xw.arg(name, ndim=2, err_to_str=True, doc=doc)(function)
    return function


def _segment_inputs(revenue, net_margin, all_revenue, all_net_margin, target_margin_pct,
                    settings: Settings) -> tuple[tuple[int, int], list[Cells], pd.DataFrame]:
    shape, cells = _arguments((revenue, "revenue", None), (net_margin, "net_margin", None))
    portfolio = _portfolio(all_revenue, "all_revenue")
    portfolio_margin = None
    if convert.flatten(all_net_margin) not in ([None], []):
        portfolio_margin = _portfolio(all_net_margin, "all_net_margin")
    target = _optional_scalar(target_margin_pct, "target_margin_pct", None)
    codes = _segmentation(cells[0].values, cells[1].values, portfolio, portfolio_margin,
                          target, settings)
    return shape, cells, codes


@xw.func(category=CATEGORY)
@_segment_args
@_guarded
def CUSTOMER_SEGMENT(revenue, net_margin, all_revenue, all_net_margin=None,  # noqa: N802
                     target_margin_pct=None, caller=None):
    """Segment of the size x profitability matrix (e.g. "Anchor and grow", "Remediate").
    Example: =CUSTOMER_SEGMENT(B2, E2, B$2:B$500, E$2:E$500)."""
    settings = settings_for(caller)
    shape, cells, codes = _segment_inputs(revenue, net_margin, all_revenue, all_net_margin,
                                          target_margin_pct, settings)
    names = labels("segment", settings.language)
    return _result([names.get(c, c) for c in codes["segment_code"]], cells, shape)


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
@_guarded
def CUSTOMER_ACTION(revenue, net_margin, all_revenue, all_net_margin=None,  # noqa: N802
                    target_margin_pct=None, growth_potential=None, dso=None, caller=None):
    """What to do with the customer (segment action, growth plan, dependency, payment
    terms), in the Settings language. Example: =CUSTOMER_ACTION(B2, E2, B$2:B$500,
    E$2:E$500)."""
    from xl_portfolio.analysis import actions, dependency

    settings = settings_for(caller)
    shape, cells, codes = _segment_inputs(revenue, net_margin, all_revenue, all_net_margin,
                                          target_margin_pct, settings)
    size = shape[0] * shape[1]
    days = convert.broadcast([cells[0], convert.number_cells(dso, "dso", NAN)])[1][1]
    portfolio = _portfolio(all_revenue, "all_revenue")
    frame = codes.assign(
        growth_code=_growth_codes(growth_potential, size, settings.language),
        revenue=cells[0].values, gross_margin_pct=NAN,
        revenue_share=np.atleast_1d(dependency.share_of(cells[0].values, portfolio)),
        dso=days.values)
    as_of = settings.as_of or dt.date.today()
    planned = actions.plan_actions(frame, settings, as_of)
    return _result(planned["action"].tolist(), [*cells, days], shape)



@xw.func(category=CATEGORY)
@xw.arg("table", xw.Range, doc="The customer table WITH its header row (e.g. A1:K500).")
@xw.arg("language", err_to_str=True, doc="en, nl or fr (empty: Settings language).")
@_guarded
def PORTFOLIO_ANALYZE(table, language=None, caller=None):  # noqa: N802
    """The full analysis of a customer table: one row per customer with net margin,
    tier, segment, action, CLV ... and a header row, as spilled values.
    Example: =PORTFOLIO_ANALYZE(Data!A1:K500)."""
    from xl_portfolio.excel.ribbon import analyze_values
    from xl_portfolio.report.blocks import customers_block

    settings = settings_for(caller)
    if language not in (None, ""):
        settings = settings.replace(language=convert.to_text(language, "language"))
    rows, origin = _table_values(table)
    result = analyze_values(rows, settings, **origin)
    return customers_block(result).rows


def _table_values(table: Any) -> tuple[list[list[Any]], dict[str, Any]]:
    """Cells of the table argument and where they are (for messages naming the cell)."""
    if hasattr(table, "options") and hasattr(table, "row"):
        values = table.options(ndim=2, err_to_str=True).value
        return values, {"sheet": table.sheet.name, "file": table.sheet.book.name,
                        "header_row": table.row, "first_column": table.column - 1}
    return convert.as_grid(table), {}


WORKSHEET_FUNCTIONS = ("CUSTOMER_MARGIN", "CUSTOMER_SEGMENT", "PYRAMID_TIER", "CUSTOMER_ACTION",
                       "CUSTOMER_CLV", "DEPENDENCY_SHARE", "PORTFOLIO_ANALYZE")


def reference_markdown() -> str:
    """The worksheet functions as a Markdown table for the README, from the functions
    themselves (signature and wizard description), so the documentation cannot drift."""
    import inspect

    lines = ["| function | what it returns |", "|---|---|"]
    for name in WORKSHEET_FUNCTIONS:
        function = globals()[name]
        params = [p for p in inspect.signature(function).parameters.values()
                  if p.name != "caller"]
        shown = ", ".join(p.name if p.default is inspect.Parameter.empty else f"[{p.name}]"
                          for p in params)
        lines.append(f"| `{name}({shown})` | {function.__doc__} |")
    return "\n".join(lines)
