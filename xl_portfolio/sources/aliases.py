"""Accepted column headers, as data: the reader matches them and the README lists them.

Finance staff export from ERPs in English, Dutch and French and rarely rename headers,
so every canonical column accepts the usual names in the three languages. Matching
ignores case, spaces, accents and punctuation ("Chiffre d'affaires" == "chiffre daffaires").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from xl_portfolio.schema import CUSTOMER_INPUTS, LINE_INPUTS

_REVENUE = ("revenue", "sales", "turnover", "net sales", "omzet", "netto omzet",
            "chiffre d'affaires", "CA", "ventes", "revenue current year", "omzet dit jaar")
_COST = ("cost of goods", "COGS", "cost of sales", "kostprijs", "kostprijs verkopen",
         "inkoopwaarde", "coût des ventes", "coût d'achat", "prix de revient")

# Canonical name -> accepted headers. Customer-sheet columns first, then the
# invoice-line-only columns (date, amount, cost, order_number, product, product_group).
# Order matters: when two headers fit one column, the one with the earlier alias wins
# ("Klantnaam" over a "Klant" code column, "Ordernummer" over "Factuurnummer").
ALIASES: dict[str, tuple[str, ...]] = {
    "customer": ("customer name", "customer", "klantnaam", "klant", "nom du client", "client",
                 "nom client", "debiteurnaam", "debiteur", "relation", "relatie",
                 "account name", "account", "company", "bedrijf", "société", "entreprise"),
    "revenue": _REVENUE,
    "revenue_previous": ("revenue previous year", "revenue previous period",
                         "revenue last year", "previous year revenue", "sales previous year",
                         "omzet vorig jaar", "omzet vorige periode", "CA N-1",
                         "chiffre d'affaires N-1", "chiffre d'affaires année précédente"),
    "cost_of_goods": _COST,
    "gross_margin": ("gross margin", "gross profit", "margin", "brutomarge", "bruto marge",
                     "marge", "marge brute"),
    "gross_margin_pct": ("gross margin %", "gross margin pct", "gross margin percent",
                         "margin %", "brutomarge %", "bruto marge %", "marge %",
                         "marge brute %", "taux de marge"),
    "orders": ("orders", "number of orders", "bestellingen", "aantal orders",
               "aantal bestellingen", "commandes", "nombre de commandes"),
    "order_lines": ("order lines", "number of order lines", "orderregels", "orderlijnen",
                    "aantal orderregels", "lignes de commande"),
    "deliveries": ("deliveries", "number of deliveries", "leveringen", "aantal leveringen",
                   "livraisons", "nombre de livraisons"),
    "returns": ("returns", "retouren", "retours"),
    "service_hours": ("service hours", "servicetijd", "service uren", "serviceuren",
                      "heures de service"),
    "sales_visits": ("visits", "sales visits", "bezoeken", "klantbezoeken", "visites",
                     "visites commerciales"),
    "rush_orders": ("rush orders", "spoedorders", "spoedbestellingen", "commandes urgentes"),
    "rebates": ("rebates", "bonus", "kortingen", "remises", "ristournes"),
    "dso": ("dso", "days sales outstanding", "betaaltermijn", "debiteurendagen",
            "délai de paiement", "DSO jours", "DSO dagen", "DSO days"),
    "overdue": ("overdue", "vervallen", "achterstallig", "impayés", "échu"),
    "products": ("products", "number of products", "producten", "aantal producten",
                 "aantal artikelen", "produits", "nombre de produits"),
    "product_groups": ("product groups", "number of product groups", "productgroepen",
                       "aantal productgroepen", "familles de produits"),
    "satisfaction": ("satisfaction", "NPS", "tevredenheid", "klanttevredenheid",
                     "satisfaction client"),
    "share_of_wallet": ("share of wallet", "klantaandeel", "part de portefeuille"),
    "cost_of_goods_previous": ("cost of goods previous period", "cogs previous period",
                               "kostprijs verkopen vorige periode",
                               "coût des ventes période précédente"),
    "orders_previous": ("orders previous period", "bestellingen vorige periode",
                        "commandes période précédente"),
    "order_lines_previous": ("order lines previous period", "orderregels vorige periode",
                             "lignes de commande période précédente"),
    "first_invoice_date": ("first invoice", "first invoice date", "klant sinds",
                           "customer since", "eerste factuur", "eerste factuurdatum",
                           "première facture", "client depuis"),
    "last_invoice_date": ("last invoice", "last invoice date", "laatste factuur",
                          "laatste factuurdatum", "dernière facture"),
    "owner": ("owner", "account manager", "accountmanager", "verkoper", "sales rep",
              "salesperson", "vertegenwoordiger", "commercial", "responsable"),
    "strategic_fit": ("strategic fit", "strategische fit", "adéquation stratégique"),
    "growth_potential": ("growth potential", "groeipotentieel", "potentiel de croissance"),
    # Invoice lines only.
    "date": ("date", "invoice date", "factuurdatum", "datum", "date facture",
             "date de facture", "order date", "orderdatum", "boekdatum"),
    "amount": ("amount", "line amount", "net amount", "bedrag", "netto bedrag", "regelbedrag",
               "montant", "montant HT", "total price", "line total") + _REVENUE,
    "cost": ("cost", "line cost", "kost", "coût", "coût de revient") + _COST,
    "order_number": ("order", "order number", "order no", "order id", "ordernummer", "ordernr",
                     "invoice number", "invoice no", "factuurnummer", "factuurnr",
                     "n° commande", "numéro de commande", "numéro de facture", "n° facture"),
    "product": ("product", "article", "artikel", "item", "SKU", "produit", "artikelnummer",
                "product code"),
    "product_group": ("product group", "productgroep", "famille", "famille de produits",
                      "artikelgroep", "category"),
}

# Canonical columns read from each kind of input.
CUSTOMER_COLUMNS: tuple[str, ...] = CUSTOMER_INPUTS
LINE_COLUMNS: tuple[str, ...] = LINE_INPUTS

# Labels of total rows that finance staff leave under a customer list.
TOTAL_LABELS = ("total", "totals", "totaal", "totalen", "grand total", "total général",
                "totaal generaal", "eindtotaal", "subtotal", "sub total", "subtotaal",
                "sous-total", "sous total", "sum", "som", "somme")

_PUNCT = re.compile(r"[^0-9a-z]+")
_BRACKETS = re.compile(r"[\(\[][^\)\]]*[\)\]]")


def normalize_header(text: object) -> str:
    """Comparison key for a header: lower case, no accents, spaces or punctuation.

    '%' and '#' carry meaning in headers ("Marge %", "Order #"), so they become words.
    """
    if text is None:
        return ""
    value = str(text).strip().lower().replace("%", " pct ").replace("#", " no ")
    if not value.isascii():  # accents: a million names are mostly plain ASCII
        value = unicodedata.normalize("NFKD", value)
        value = "".join(c for c in value if not unicodedata.combining(c))
    return _PUNCT.sub("", value)


def header_keys(text: object) -> tuple[str, ...]:
    """Keys to try for a header: as written, then without a bracketed unit ("Omzet (EUR)")."""
    full = normalize_header(text)
    bare = normalize_header(_BRACKETS.sub(" ", str(text))) if text is not None else ""
    return (full, bare) if bare and bare != full else (full,)


def alias_index(canonicals: Iterable[str]) -> dict[str, str]:
    """Normalized alias -> canonical name, for the given canonical columns only."""
    return {key: canonical for key, (canonical, _) in alias_ranks(canonicals).items()}


def alias_ranks(canonicals: Iterable[str]) -> dict[str, tuple[str, int]]:
    """Normalized alias -> (canonical name, precedence: lower wins among rivals)."""
    index: dict[str, tuple[str, int]] = {}
    for canonical in canonicals:
        for rank, alias in enumerate((*ALIASES.get(canonical, ()), canonical)):
            index.setdefault(normalize_header(alias), (canonical, rank))
    return index


def is_total_label(text: str) -> bool:
    """True for 'Total', 'Totaal', 'Grand total', 'Total général' and the like."""
    return normalize_header(text) in _TOTAL_KEYS


_TOTAL_KEYS = frozenset(normalize_header(label) for label in TOTAL_LABELS)


def aliases_markdown() -> str:
    """The alias table as Markdown, for the README (generated here so both stay in step)."""
    lines = ["| column | accepted headers |", "|---|---|"]
    for canonical, aliases in ALIASES.items():
        kind = " (invoice lines)" if canonical not in CUSTOMER_COLUMNS else ""
        lines.append(f"| `{canonical}`{kind} | {', '.join(aliases)} |")
    return "\n".join(lines) + "\n"
