"""Money at stake per customer, and why, in figures: what ranks the actions.

Each customer's candidates, in the currency of the input:
- loss: the loss a remediation removes (-net margin of a measured loss-making customer);
- margin_gap: the margin a customer below the target adds by reaching it
  ((target - net margin %) x revenue, measured low-profitability customers);
- growth: the probability-weighted margin of its growth plan (expected extra margin);
- dependency: the revenue at risk when its share is at or above the threshold;
- payment: the receivable at risk on payment risk: the overdue amount when the input
  has one, else the estimated overdue revenue x (DSO - payment_terms_days) / 365 (what
  is outstanding beyond the agreed term, on average).
The money at stake is the largest candidate; stake_code names it and action_reason says
it in a sentence. Margins and revenue at risk are not added up: they are different
kinds of money, and adding them would count the same revenue twice.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from xl_portfolio.analysis._columns import numeric, numeric_or
from xl_portfolio.analysis._text import fill, format_numbers, format_pcts
from xl_portfolio.analysis.result import PortfolioResult
from xl_portfolio.i18n import format_number, format_pct, t
from xl_portfolio.settings import Settings

STAKE_CODES = ("loss", "margin_gap", "growth", "dependency", "payment")


def _receivable_at_risk(customers: pd.DataFrame, paying_late: np.ndarray,
                        terms_days: float) -> np.ndarray:
    sales = np.clip(customers["revenue"].to_numpy(dtype="float64"), 0.0, None)
    overdue = numeric(customers, "overdue")
    dso = numeric(customers, "dso")
    late_days = np.clip(np.nan_to_num(dso, nan=0.0) - terms_days, 0.0, None) \
        if dso is not None else np.zeros(len(customers))
    outstanding = sales * late_days / 365.0
    if overdue is not None:
        outstanding = np.where(np.nan_to_num(overdue, nan=0.0) > 0,
                               np.nan_to_num(overdue, nan=0.0), outstanding)
    return np.where(paying_late, outstanding, 0.0)


def candidates(customers: pd.DataFrame, target: float, growth_expected: np.ndarray,
               dependent: np.ndarray, paying_late: np.ndarray,
               settings: Settings) -> pd.DataFrame:
    """One column per stake code (0 where it does not apply), aligned with customers."""
    profit = customers["profitability_code"].astype(str).to_numpy()
    net = numeric_or(customers, "net_margin")
    pct = numeric_or(customers, "net_margin_pct")
    sales = np.clip(customers["revenue"].to_numpy(dtype="float64"), 0.0, None)
    gap = np.clip(target - pct, 0.0, None) * sales
    return pd.DataFrame({
        "loss": np.where(profit == "loss", np.clip(-net, 0.0, None), 0.0),
        "margin_gap": np.where(profit == "low", gap, 0.0),
        "growth": np.clip(growth_expected, 0.0, None),
        "dependency": np.where(dependent, sales, 0.0),
        "payment": _receivable_at_risk(customers, paying_late,
                                       settings.payment_terms_days),
    }, index=customers.index)


def money_at_stake(options: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """The largest candidate and its code ('none' when every candidate is 0).
    Equal candidates go to the first in STAKE_CODES order (margin before revenue)."""
    values = options[list(STAKE_CODES)].to_numpy(dtype="float64")
    best = np.argmax(values, axis=1) if len(values) else np.zeros(0, dtype=int)
    money = values[np.arange(len(values)), best] if len(values) else np.zeros(0)
    codes = np.where(money > 0, np.asarray(STAKE_CODES, dtype=object)[best], "none")
    return money, codes.astype(object)


def reasons(customers: pd.DataFrame, codes: np.ndarray, money: np.ndarray, *,
            target: float, growth: dict[str, np.ndarray], settings: Settings) -> np.ndarray:
    """The "why in figures" sentence per customer, in the settings' language.

    growth: uplift, success and gross_pct arrays of the growth plans (for the sentence).
    """
    lang = settings.language
    n = len(customers)
    measured = customers["margin_measured"].to_numpy(dtype=bool) \
        if "margin_measured" in customers else np.ones(n, dtype=bool)
    sales = customers["revenue"].to_numpy(dtype="float64")
    overdue = np.nan_to_num(numeric_or(customers, "overdue"), nan=0.0)
    # Each field is formatted only for the rows whose sentence uses it.
    fields = {
        "loss": lambda r: format_numbers(money[r], lang),
        "gap": lambda r: format_numbers(money[r], lang),
        "expected": lambda r: format_numbers(money[r], lang),
        "revenue": lambda r: format_numbers(money[r], lang),
        "amount": lambda r: format_numbers(money[r], lang),
        "pct": lambda r: format_pcts(numeric_or(customers, "net_margin_pct", np.nan)[r], lang),
        "target": lambda r: format_pct(target, lang),
        "extra": lambda r: format_numbers(sales[r] * growth["uplift"][r], lang),
        "gross": lambda r: format_pcts(growth["gross_pct"][r], lang),
        "success": lambda r: format_pcts(growth["success"][r], lang, 0),
        "share": lambda r: format_pcts(numeric_or(customers, "revenue_share", np.nan)[r], lang),
        "dso": lambda r: format_numbers(numeric_or(customers, "dso")[r], lang, 0),
        "terms": lambda r: format_number(settings.payment_terms_days, lang),
    }
    keys = np.full(n, "", dtype=object)
    keys[codes == "loss"] = "reason.loss"
    keys[codes == "margin_gap"] = "reason.margin_gap"
    keys[(codes == "growth") & measured] = "reason.growth"
    keys[(codes == "growth") & ~measured] = "reason.growth_assumed"
    keys[codes == "dependency"] = "reason.dependency"
    keys[(codes == "payment") & (overdue > 0)] = "reason.payment_overdue"
    keys[(codes == "payment") & ~(overdue > 0)] = "reason.payment_dso"
    keys[(codes == "none") & measured] = "reason.none"
    out = np.full(n, "", dtype=object)
    for key in pd.unique(keys[keys != ""]):
        rows = np.flatnonzero(keys == key)
        template = t(key, lang)
        values = {f: make(rows) for f, make in fields.items() if "{" + f + "}" in template}
        out[rows] = fill(template, values, len(rows))
    if not measured.all():
        suffix = t("reason.not_measured", lang,
                   pct=format_pct(settings.default_gross_margin_pct, lang, 0))
        out[~measured] = [f"{text} {suffix}".strip() for text in out[~measured]]
    return out


def top_actions(result: PortfolioResult, n: int | None = None) -> pd.DataFrame:
    """The customers to act on first: money at stake > 0, the most first, ties by
    customer name; at most n rows (default settings.top_actions). Same columns as
    result.customers; the full list stays in result.customers."""
    customers = result.customers
    limit = result.settings.top_actions if n is None else n
    if "money_at_stake" not in customers or not len(customers):
        return customers.head(0)
    chosen = customers[customers["money_at_stake"] > 0]
    ordered = chosen.assign(_name=chosen["customer"].astype(str)).sort_values(
        ["money_at_stake", "_name"], ascending=[False, True], kind="mergesort")
    return ordered.drop(columns="_name").head(limit).reset_index(drop=True)
