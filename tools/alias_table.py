"""Print the README's table of input columns from the alias data, so the two never drift.

`python tools/alias_table.py` prints the Markdown; tests/test_readme.py checks that the
README holds exactly this table.
"""

from __future__ import annotations

from xl_portfolio.sources.aliases import ALIASES

CUSTOMER_DESCRIPTIONS = {
    "customer": "customer name (required)",
    "revenue": "revenue of the current period (required for a customer sheet)",
    "revenue_previous": "revenue of the previous period (growth, trends)",
    "cost_of_goods": "cost of goods sold (gross margin = revenue - cost of goods)",
    "gross_margin": "gross margin amount, when there is no cost of goods",
    "gross_margin_pct": "gross margin %, when there is neither",
    "orders": "number of orders (cost driver)",
    "order_lines": "number of order lines (cost driver)",
    "deliveries": "number of deliveries (cost driver)",
    "returns": "number of returns (cost driver)",
    "service_hours": "service hours (cost driver)",
    "sales_visits": "sales visits (cost driver)",
    "rush_orders": "rush orders (cost driver)",
    "rebates": "rebates and bonuses (reduce gross margin)",
    "dso": "days sales outstanding (credit cost, payment risk)",
    "overdue": "overdue amount (payment risk)",
    "products": "number of products bought",
    "product_groups": "number of product groups bought",
    "satisfaction": "satisfaction score or NPS (carried to the output)",
    "share_of_wallet": "our revenue / the customer's total spend (growth headroom)",
    "first_invoice_date": "first invoice date (tenure)",
    "last_invoice_date": "last invoice date (inactive customers)",
    "owner": "account manager (kept on every output row)",
    "strategic_fit": "strategic fit (carried to the output)",
    "growth_potential": "high / medium / low (or hoog / middel / laag, élevé / moyen / "
                        "faible, or a score)",
    "date": "invoice date (required in invoice lines)",
    "amount": "line amount (required in invoice lines)",
    "cost": "line cost of goods",
    "order_number": "order or invoice number (orders = distinct numbers)",
    "product": "product or article code (products = distinct codes)",
    "product_group": "product group (product groups = distinct groups)",
}


def markdown_table() -> str:
    rows = ["| column | meaning | headers recognised (any case, spaces, accents) |",
            "|---|---|---|"]
    for name, aliases in ALIASES.items():
        shown = ", ".join(aliases)
        rows.append(f"| `{name}` | {CUSTOMER_DESCRIPTIONS[name]} | {shown} |")
    return "\n".join(rows)


if __name__ == "__main__":
    print(markdown_table())
