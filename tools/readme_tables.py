"""Write the README's generated tables (input and output columns, settings, worksheet
functions, template anchors).

The tables come from the code's own data (the alias table, schema.OUTPUT_COLUMNS, the
Settings dataclass with the comment above each field, the worksheet functions'
docstrings, the anchor list), so the documentation cannot drift:
`python tools/readme_tables.py` rewrites them, `--check` fails when they are stale
(tests/test_readme.py runs the check).
"""

from __future__ import annotations

import ast
import re
import sys
from dataclasses import fields
from pathlib import Path

from xl_portfolio.cli_docs import options_tables
from xl_portfolio.schema import OUTPUT_COLUMNS
from xl_portfolio.settings import Settings, allowed
from xl_portfolio.sources.aliases import ALIASES

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"

INPUT_MEANING = {
    "customer": "customer name (required)",
    "revenue": "revenue of the current period (required in a customer sheet)",
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
    "rebates": "rebates and bonuses (reduce the gross margin)",
    "dso": "days sales outstanding (credit cost, payment risk)",
    "overdue": "overdue amount (payment risk)",
    "products": "number of products bought",
    "product_groups": "number of product groups bought",
    "satisfaction": "satisfaction score or NPS (carried to the output)",
    "share_of_wallet": "our revenue / the customer's total spend (growth headroom)",
    "cost_of_goods_previous": "cost of goods of the previous period (previous gross margin)",
    "orders_previous": "orders of the previous period (previous cost to serve)",
    "order_lines_previous": "order lines of the previous period (previous cost to serve)",
    "first_invoice_date": "first invoice date (tenure)",
    "last_invoice_date": "last invoice date (inactive customers)",
    "owner": "account manager (kept on every output row)",
    "strategic_fit": "strategic fit (carried to the output)",
    "growth_potential": "high / medium / low, hoog / middel / laag, élevé / moyen / faible, "
                        "or a score",
    "date": "invoice lines: invoice date (required)",
    "amount": "invoice lines: line amount (required)",
    "cost": "invoice lines: line cost of goods",
    "order_number": "invoice lines: order or invoice number (orders = distinct numbers)",
    "product": "invoice lines: product or article (products = distinct codes)",
    "product_group": "invoice lines: product group (product groups = distinct groups)",
}

OUTPUT_MEANING = {
    "customer": "customer name, always stored as text",
    "owner": "account manager, when the input has one",
    "revenue": "revenue of the current period",
    "revenue_previous": "revenue of the previous period",
    "revenue_growth": "revenue / previous revenue - 1",
    "gross_margin": "revenue - cost of goods - rebates",
    "gross_margin_pct": "gross margin / revenue (`n/a` when revenue is 0 or less)",
    "gross_margin_assumed": "Yes when the gross margin comes from `default_gross_margin_pct`",
    "margin_measured": "Yes when the input holds cost of goods or a gross margin for the "
                       "customer; No: profitability is Not measured",
    "cost_to_serve": "sum of driver quantity x rate, plus credit cost",
    "credit_cost": "revenue x DSO / 365 x cost of capital",
    "net_margin": "gross margin - cost to serve",
    "net_margin_pct": "net margin / revenue (`n/a` when revenue is 0 or less)",
    "revenue_share": "revenue / total revenue",
    "abc_class": "A (first 80% of revenue), B (to 95%), C",
    "pyramid_tier": "Top, Big, Medium, Small, Inactive, Prospect",
    "size_class": "Large (Top + Big), Medium, Small",
    "profitability": "High, Low, Loss against the target net margin %; Not measured "
                     "when the gross margin is assumed",
    "segment": "the cell of the segmentation matrix",
    "growth_potential": "High, Medium, Low, Unknown",
    "dependency_risk": "Yes at or above the dependency threshold",
    "payment_risk": "Yes when DSO or overdue is above its threshold",
    "action": "what to do, in a sentence",
    "priority": "1 act this month, 2 this quarter, 3 routine (see The method)",
    "next_review": "date of the next review",
    "growth_condition": "growth plan: the condition",
    "growth_timing": "growth plan: the timing",
    "growth_success_pct": "growth plan: the success %",
    "expected_extra_margin": "growth plan: extra revenue x gross margin % x success %, "
                             "plus for a loss-making customer: loss x "
                             "`remediation_success`",
    "money_at_stake": "what acting is worth: the loss removed, the margin gap to the "
                      "target, the growth plan's expected margin, or the revenue at risk "
                      "(dependency, payment), the largest of these",
    "action_reason": "why, in figures: which of these it is and how it is made",
    "clv": "yearly net margin x r / (1 + d - r); with invoice lines the model CLV where "
           "`clv_method` says so",
    "orders": "number of orders",
    "order_lines": "number of order lines",
    "dso": "days sales outstanding",
    "overdue": "overdue amount",
    "products": "number of products",
    "product_groups": "number of product groups",
    "first_invoice_date": "first invoice",
    "last_invoice_date": "last invoice",
    "tenure_years": "years since the first invoice",
    "satisfaction": "satisfaction score",
    "strategic_fit": "strategic fit",
    "share_of_wallet": "share of wallet",
    "rfm_score": "invoice lines: recency, frequency, monetary scores 1-5, e.g. 545",
    "rfm_segment": "invoice lines: Champions, Loyal, ... Lost (see Trends and CLV)",
    "p_alive": "invoice lines: BG/NBD probability that the customer still buys "
               "(blank after a single purchase)",
    "expected_purchases": "invoice lines: purchases (invoice days) expected in the next "
                          "period",
    "at_risk": "invoice lines: Yes when the probability alive is below "
               "`alive_risk_threshold`",
    "clv_method": "invoice lines: model (BG/NBD + Gamma-Gamma) or simple, and why",
}


def input_table() -> str:
    rows = ["| column | meaning | headers recognised (any case, spaces, accents) |",
            "|---|---|---|"]
    rows += [f"| `{name}` | {INPUT_MEANING[name]} | {', '.join(aliases)} |"
             for name, aliases in ALIASES.items()]
    return "\n".join(rows)


def output_table() -> str:
    rows = ["| header (en) | column | meaning |", "|---|---|---|"]
    rows += [f"| {header} | `{name}` | {OUTPUT_MEANING[name]} |"
             for name, header in OUTPUT_COLUMNS.items()]
    return "\n".join(rows)


def _field_comments() -> dict[str, str]:
    """The comment lines right above each Settings field, joined."""
    source = (REPO / "xl_portfolio" / "settings.py").read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source)
    cls = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Settings")
    comments: dict[str, str] = {}
    for node in cls.body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            above: list[str] = []
            i = node.lineno - 2
            while i >= 0 and lines[i].strip().startswith("#"):
                above.insert(0, lines[i].strip().lstrip("# "))
                i -= 1
            comments[node.target.id] = " ".join(above)
    return comments


def settings_table() -> str:
    comments = _field_comments()
    rows = ["| setting | default | allowed | meaning |", "|---|---|---|---|"]
    last = ""
    for f in fields(Settings):
        value = getattr(Settings(), f.name)
        shown = "automatic" if value is None else "{}" if value == {} else repr(value)
        note = comments.get(f.name, "")
        rows.append(f"| `{f.name}` | `{shown}` | {allowed(f.name)} "
                    f"| {note if note != last else '〃'} |")
        last = note or last
    return "\n".join(rows)


def functions_table() -> str:
    from xl_portfolio.excel.udfs import reference_markdown

    return reference_markdown()


def anchors_table() -> str:
    from xl_portfolio.report import anchors_markdown

    return anchors_markdown()


SECTIONS = {"input-columns": input_table, "output-columns": output_table,
            "settings": settings_table, "functions": functions_table,
            "anchors": anchors_table, "options": options_tables}


def render(text: str) -> str:
    for name, make in SECTIONS.items():
        pattern = re.compile(rf"(<!-- {name}:start[^>]*-->\n).*?(<!-- {name}:end -->)", re.S)
        if not pattern.search(text):
            raise SystemExit(f"README has no <!-- {name}:start --> section")
        text = pattern.sub(lambda m, make=make: m.group(1) + make() + "\n" + m.group(2), text)
    return text


def main(argv: list[str]) -> int:
    current = README.read_text(encoding="utf-8")
    wanted = render(current)
    if "--check" in argv:
        if wanted != current:
            print("README tables are stale: run python tools/readme_tables.py")
            return 1
        return 0
    README.write_text(wanted, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
