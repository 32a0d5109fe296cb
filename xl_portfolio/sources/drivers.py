"""Joining customer-level cost drivers (deliveries, DSO, owner ...) onto line totals.

Invoice lines cannot tell how many deliveries, visits or service hours a customer
took, so finance staff keep those per customer on a second sheet or file.
"""

from __future__ import annotations

import pandas as pd

from xl_portfolio.sources.values import name_key

# Taken from the drivers sheet only where the lines left them empty.
FILL_COLUMNS = ("owner", "strategic_fit", "growth_potential")
# Counted from the lines; zero for a customer known only from the drivers sheet.
LINE_COUNTS = ("revenue", "revenue_previous", "cost_of_goods", "orders", "order_lines",
               "products", "product_groups")


def join_drivers(base: pd.DataFrame, drivers: pd.DataFrame, label: str
                 ) -> tuple[pd.DataFrame, list[str]]:
    """Left-join the drivers' columns by customer name; their extra customers are prospects.

    Columns computed from the lines win: the drivers sheet only adds what the lines
    cannot know (and fills owner-like labels the lines left empty).
    """
    notes = [f"customer-level columns joined from {label}"]
    protected = [c for c in drivers.columns
                 if c in base.columns and c != "customer" and c not in FILL_COLUMNS]
    if protected:
        notes.append(f"columns {', '.join(protected)} of {label} ignored: taken from the "
                     "invoice lines")
    extra = drivers.drop(columns=protected).copy()
    extra["_key"] = extra["customer"].map(name_key)
    merged = base.assign(_key=base["customer"].map(name_key))
    added = [c for c in extra.columns if c not in ("customer", "_key")]
    fills = [c for c in added if c in merged.columns]
    lookup = extra.set_index("_key")
    for column in added:
        values = merged["_key"].map(lookup[column])
        if column in fills:
            merged[column] = merged[column].fillna(values)
        else:
            merged[column] = values
    prospects = extra.loc[~extra["_key"].isin(merged["_key"])]
    if len(prospects):
        notes.append(f"{len(prospects)} customers of {label} have no invoice lines: "
                     "read as prospects")
        rows = prospects.drop(columns=[c for c in prospects.columns
                                       if c not in merged.columns])
        for column in LINE_COUNTS:
            if column in merged.columns:
                rows[column] = 0.0
        merged = pd.concat([merged, rows], ignore_index=True)
    merged = merged.drop(columns="_key")
    for column in base.columns:
        merged[column] = merged[column].astype(base[column].dtype)
    return merged, notes
