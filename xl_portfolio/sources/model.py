"""What the input layer hands to the analysis."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from xl_portfolio.schema import SourceInfo


@dataclass
class PortfolioInput:
    """One row per customer (canonical columns of schema.CUSTOMER_INPUTS that the input
    holds: customer is text, figures float64, dates datetime64) and how it was read."""

    customers: pd.DataFrame
    source: SourceInfo
    # Invoice lines as read (customer, key, date, amount and the optional line columns
    # cost, order_number, product, product_group, owner), kept for the history analysis;
    # None for a customer sheet.
    lines: pd.DataFrame | None = None
