"""The names every layer agrees on: canonical input columns and the output table.

Readers translate the user's headers into these canonical names; the analysis adds
the output columns; writers translate them into display headers. Nothing else in
the code spells a column name on its own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

# Canonical columns of the validated customer frame (one row per customer).
# Only "customer" is required; revenue is required unless derived from invoice lines.
NUMERIC_INPUTS = (
    "revenue", "revenue_previous", "cost_of_goods", "gross_margin", "gross_margin_pct",
    "orders", "order_lines", "deliveries", "returns", "service_hours", "sales_visits",
    "rush_orders", "rebates", "dso", "overdue", "products", "product_groups",
    "satisfaction", "share_of_wallet",
    # The previous period's cost of goods and drivers (invoice lines give them), so the
    # dashboard can compare gross and net margin with the previous period.
    "cost_of_goods_previous", "orders_previous", "order_lines_previous",
)
DATE_INPUTS = ("first_invoice_date", "last_invoice_date")
TEXT_INPUTS = ("customer", "owner", "strategic_fit", "growth_potential")
CUSTOMER_INPUTS = TEXT_INPUTS[:1] + NUMERIC_INPUTS + DATE_INPUTS + TEXT_INPUTS[1:]

# Canonical columns of an invoice-line frame (one row per invoice line).
LINE_INPUTS = ("date", "customer", "amount", "cost", "order_number", "product",
               "product_group", "owner")

# Cost-to-serve drivers: canonical input column -> Settings rate field.
DRIVER_RATES = {
    "orders": "rate_per_order",
    "order_lines": "rate_per_order_line",
    "deliveries": "rate_per_delivery",
    "returns": "rate_per_return",
    "service_hours": "rate_per_service_hour",
    "sales_visits": "rate_per_sales_visit",
    "rush_orders": "rate_per_rush_order",
}

# The Customers table of every output, in order: canonical name -> English header.
# The first block is the contract of issue 2; optional inputs follow when present.
OUTPUT_COLUMNS: dict[str, str] = {
    "customer": "Customer",
    "owner": "Owner",
    "revenue": "Revenue",
    "revenue_previous": "Revenue previous period",
    "revenue_growth": "Revenue growth %",
    "gross_margin": "Gross margin",
    "gross_margin_pct": "Gross margin %",
    "gross_margin_assumed": "Gross margin assumed",
    "margin_measured": "Margin measured",
    "cost_to_serve": "Cost to serve",
    "credit_cost": "Credit cost",
    "net_margin": "Net margin",
    "net_margin_pct": "Net margin %",
    "revenue_share": "Revenue share",
    "abc_class": "ABC class",
    "pyramid_tier": "Pyramid tier",
    "size_class": "Size",
    "profitability": "Profitability",
    "segment": "Segment",
    "growth_potential": "Growth potential",
    "dependency_risk": "Dependency risk",
    "payment_risk": "Payment risk",
    "action": "Action",
    "priority": "Priority",
    "next_review": "Next review",
    "growth_condition": "Condition",
    "growth_timing": "Timing",
    "growth_success_pct": "Success %",
    "expected_extra_margin": "Expected extra margin",
    "money_at_stake": "Money at stake",
    "action_reason": "Why, in figures",
    "clv": "CLV",
    "orders": "Orders",
    "order_lines": "Order lines",
    "dso": "DSO (days)",
    "overdue": "Overdue",
    "products": "Products",
    "product_groups": "Product groups",
    "first_invoice_date": "First invoice",
    "last_invoice_date": "Last invoice",
    "tenure_years": "Tenure (years)",
    "satisfaction": "Satisfaction",
    "strategic_fit": "Strategic fit",
    "share_of_wallet": "Share of wallet",
    # From an invoice history (analysis.history): RFM and the probabilistic CLV.
    "rfm_score": "RFM score",
    "rfm_segment": "RFM segment",
    "p_alive": "Probability alive",
    "expected_purchases": "Expected purchases next period",
    "at_risk": "At risk",
    "clv_method": "CLV method",
}

# Output columns that are always present, whatever the input held.
REQUIRED_OUTPUT = (
    "customer", "revenue", "gross_margin", "cost_to_serve", "net_margin", "net_margin_pct",
    "revenue_share", "pyramid_tier", "segment", "growth_potential", "dependency_risk",
    "action", "next_review", "clv",
)

# How each output column is formatted in Excel.
MONEY_COLUMNS = ("revenue", "revenue_previous", "gross_margin", "cost_to_serve",
                 "credit_cost", "net_margin", "expected_extra_margin", "clv", "overdue",
                 "money_at_stake")
PERCENT_COLUMNS = ("revenue_growth", "gross_margin_pct", "net_margin_pct", "revenue_share",
                   "growth_success_pct", "share_of_wallet", "p_alive")
DATE_COLUMNS = ("next_review", "first_invoice_date", "last_invoice_date")


@dataclass
class SourceInfo:
    """Where the data came from and how it was read, for the Settings sheet."""

    file: str
    sheet: str | None
    kind: str  # "customers" or "lines"
    rows_read: int
    columns_mapped: dict[str, str] = field(default_factory=dict)  # canonical -> user header
    as_of: dt.date | None = None
    notes: list[str] = field(default_factory=list)
    # Input reconciliation, so a controller can tie the report to the ledger: ordered
    # (label_code, rows, amount) lines such as ("rows_read", 55635, 1.2e7),
    # ("rows_current", ...), ("rows_previous", ...), ("rows_before", ...),
    # ("rows_after_as_of", ...), ("skipped_total_rows", ...), ("skipped_blank_rows", ...);
    # amount is the input's amount/revenue total of those rows, or None. Empty = unknown.
    reconciliation: list[tuple[str, int, float | None]] = field(default_factory=list)
