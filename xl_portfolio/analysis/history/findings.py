"""The three customer-base situations of domain.md, judged on the period history.

Each is judged on the last two periods and on every earlier pair: a finding is raised
when the last change shows it, or when at least half of all changes (two or more) did,
then with the figures summed over the whole history. Thresholds: churn and the rate of
new customers count as "hardly any" below settings.trend_hardly_any_share, and as
"many" above it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from xl_portfolio.analysis.result import Finding
from xl_portfolio.i18n import customers_text, format_money, format_pct, t
from xl_portfolio.settings import Settings

SITUATIONS = ("lost_masked", "stagnant", "replacement")


def _rates(row: pd.Series) -> tuple[float, float, float]:
    start_customers = row["retained"] + row["lost"]
    new_rate = row["new"] / start_customers if start_customers else float("nan")
    start = row["bridge_start"]
    growth = row["bridge_end"] / start - 1 if start > 0 else float("nan")
    return row["churn"], new_rate, growth


def situations(row: pd.Series, hardly_any: float) -> set[str]:
    """Which situations one period change shows."""
    churn, new_rate, growth = _rates(row)
    found = set()
    if churn > hardly_any and growth > 0:
        found.add("lost_masked")
    if churn < hardly_any and new_rate < hardly_any:
        found.add("stagnant")
    if churn > hardly_any and new_rate > hardly_any and row["revenue_new"] < row["revenue_lost"]:
        found.add("replacement")
    return found


def _money_at_stake(code: str, row: pd.Series) -> float:
    if code == "lost_masked":
        return float(row["revenue_lost"])
    if code == "replacement":
        return float(row["revenue_lost"] - row["revenue_new"])
    return float("nan")  # stagnation is growth that is missing, not an amount at risk


def _summed(changes: pd.DataFrame) -> pd.Series:
    total = changes[["lost", "new", "retained", "revenue_lost", "revenue_new"]].sum()
    total["bridge_start"] = changes["bridge_start"].iloc[0]
    total["bridge_end"] = changes["bridge_end"].iloc[-1]
    starts = changes["retained"] + changes["lost"]
    total["churn"] = changes["lost"].sum() / starts.sum() if starts.sum() else float("nan")
    # A "start" that makes the summed new-customer rate come out over all changes.
    total["retained"] = starts.sum() - total["lost"]
    return total


def trend_findings(periods: pd.DataFrame, settings: Settings) -> list[Finding]:
    """Findings for the dashboard from the per-period table (bridge.period_table)."""
    changes = periods.iloc[1:]
    if changes.empty:
        return []
    lang = settings.language
    hardly_any = settings.trend_hardly_any_share
    seen = {code: [code in situations(row, hardly_any) for _, row in changes.iterrows()]
            for code in SITUATIONS}
    out = []
    for code in SITUATIONS:
        flags = seen[code]
        count = int(np.sum(flags))
        if flags[-1]:
            row, label = changes.iloc[-1], str(changes["period"].iloc[-1])
        elif count >= 2 and 2 * count >= len(flags):
            row = _summed(changes)
            label = f"{periods['period'].iloc[0]} - {periods['period'].iloc[-1]}"
        else:
            continue
        churn, new_rate, growth = _rates(row)
        values = {"period": label, "growth": format_pct(growth, lang),
                  "lost": customers_text(int(row["lost"]), lang),
                  "new": customers_text(int(row["new"]), lang),
                  "lost_revenue": format_money(row["revenue_lost"], lang),
                  "new_revenue": format_money(row["revenue_new"], lang),
                  "churn": format_pct(churn, lang), "new_rate": format_pct(new_rate, lang)}
        text = (t(f"warn.history_{code}", lang, **values) + " "
                + t("warn.history_seen", lang, count=count, changes=len(flags)))
        figures = {"period": label, "changes_seen": count, "changes": len(flags),
                   "churn": churn, "new_rate": new_rate, "growth": growth,
                   "customers_lost": int(row["lost"]), "customers_new": int(row["new"]),
                   "revenue_lost": float(row["revenue_lost"]),
                   "revenue_new": float(row["revenue_new"])}
        out.append(Finding(f"trend_{code}", text, _money_at_stake(code, row), figures))
    return out
