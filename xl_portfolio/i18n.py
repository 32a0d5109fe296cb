"""Labels, actions, warnings and headers in English, Dutch and French.

The people who receive the workbook (sales director, account managers) read it in their
own language, so every word the analysis puts in a cell comes from here. Codes
("anchor_grow", "top") stay language-free in the data; only labels are translated.
Number formats follow the language too: 1,234.5 / 1.234,5 / 1 234,5.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from xl_portfolio.schema import OUTPUT_COLUMNS

NBSP = "\u00a0"  # French puts a non-breaking space before : ; ? ! and %
NNBSP = "\u202f"  # French thousands separator
# (thousands, decimal) separators of the numbers in each language; English otherwise.
NUMBER_SEPARATORS = {"nl": (".", ","), "fr": (NNBSP, ",")}

_EN: dict[str, str] = {
    "yes": "Yes",
    "list_separator": "; ",
    "no": "No",
    "na": "n/a",
    "tier.top": "Top", "tier.big": "Big", "tier.medium": "Medium", "tier.small": "Small",
    "tier.inactive": "Inactive", "tier.prospect": "Prospect",
    "size.large": "Large", "size.medium": "Medium", "size.small": "Small", "size.none": "n/a",
    "profitability.high": "High", "profitability.low": "Low", "profitability.loss": "Loss",
    "profitability.none": "n/a",
    "growth.high": "High", "growth.medium": "Medium", "growth.low": "Low",
    "growth.unknown": "Unknown",
    "segment.anchor_grow": "Anchor and grow",
    "segment.develop": "Develop",
    "segment.maintain": "Maintain, low touch",
    "segment.renegotiate": "Renegotiate terms",
    "segment.improve_margin": "Improve margin",
    "segment.streamline": "Streamline service",
    "segment.remediate_now": "Remediate now",
    "segment.remediate": "Remediate",
    "segment.renegotiate_or_let_go": "Renegotiate or let go",
    "segment.reactivate_or_close": "Reactivate or close",
    "segment.qualify_prospect": "Qualify prospect",
    "action.anchor_grow": "Anchor: fixed account review every {period}, protect the service "
                          "level",
    "action.develop": "Develop: fixed account review every {period}, look for cross-selling",
    "action.maintain": "Maintain with low touch: standard service, online ordering",
    "action.renegotiate": "Renegotiate terms: prices, minimum order, delivery and payment "
                          "conditions",
    "action.improve_margin": "Improve margin: review prices and discounts, cut costly service",
    "action.streamline": "Streamline service: minimum order quantity, fewer deliveries, "
                         "online ordering",
    "action.remediate_now": "Remediate now: propose new terms within {period} and price by "
                            "activity",
    "action.remediate": "Remediate: propose new terms (prices, minimum order, delivery) "
                        "within {period}",
    "action.renegotiate_or_let_go": "Renegotiate or let go: new terms, or let the customer "
                                    "float out",
    "action.reactivate_or_close": "Reactivate or close: call to find out why they stopped "
                                  "buying",
    "action.qualify_prospect": "Qualify the prospect: check fit and potential before "
                               "investing sales time",
    "action.growth_plan": "growth plan +{uplift} revenue",
    "action.remediate_then_develop": "remediate first, then develop the growth potential",
    "action.reduce_dependency": "reduce dependency ({share} of revenue)",
    "action.tighten_payment": "tighten payment terms",
    "growth.condition": "Account plan agreed with the customer for +{uplift} revenue "
                        "({amount})",
    "growth.timing": "within {period} (by {date})",
    "months.one": "{n} month", "months.many": "{n} months",
    "customers.one": "{n} customer", "customers.many": "{n} customers",
    "warn.dependency": "{customer} accounts for {share} of revenue, at or above the "
                       "{threshold} threshold (IFRS 8 par. 34): reduce the dependency.",
    "warn.top5": "The five largest customers bring {cr5} of revenue (warning level {limit}).",
    "warn.hhi_high": "Revenue is highly concentrated: HHI {hhi} (above {limit}), as if the "
                     "portfolio had only {effective} customers of equal size.",
    "warn.loss_making": "Loss-making after cost to serve: {count} ({share} of the active "
                        "customers), bringing {revenue_share} of revenue and a net margin "
                        "of {loss}.",
    "warn.trend_lost": "Revenue grew {growth} despite the loss of {lost} (their revenue last "
                       "period: {lost_revenue}): a few growing customers mask the outflow.",
    "warn.trend_stagnant": "Hardly any churn ({lost}, {churn}) and hardly any new customers "
                           "({new}, {new_rate}): check whether the offer and the sales "
                           "message still fit the market.",
    "warn.trend_replacement": "New customers bring {new_revenue} ({new}), less than the "
                              "{lost_revenue} the lost customers ({lost}) brought last "
                              "period.",
    # The report's own labels (report.labels.text adds the "report." prefix). Numbers in
    # sentences arrive pre-formatted (format_number/format_pct/format_money/format_date).
    "report.title": "Customer portfolio",
    "report.as_of": "As of {date}",
    "report.source": "Source: {file}",
    "report.key_figure": "Key figure", "report.value": "Value", "report.note": "Note",
    "report.customers": "Customers", "report.revenue": "Revenue",
    "report.gross_margin": "Gross margin", "report.net_margin": "Net margin",
    "report.net_margin_pct": "Net margin %",
    "report.cr1": "Largest customer, share of revenue (CR1)",
    "report.cr5": "Top 5 customers, share of revenue (CR5)",
    "report.hhi": "Concentration index (HHI)",
    "report.hhi_band": "{band} concentration",
    "report.band.low": "Low", "report.band.moderate": "Moderate", "report.band.high": "High",
    "report.effective_number": "Effective number of customers",
    "report.loss_customers_share": "Loss-making customers, share of customers",
    "report.loss_revenue_share": "Loss-making customers, share of revenue",
    "report.expected_extra_margin": "Expected extra margin from actions",
    "report.no_warnings": "No warnings.", "report.warnings": "Warnings",
    "report.size": "Size", "report.profitability": "Profitability",
    "report.segment": "Segment", "report.net_margin_share": "Share of net margin",
    "report.figure": "Figure", "report.tier": "Tier", "report.revenue_share": "Revenue share",
    "report.avg_revenue": "Average revenue", "report.spacer": " ",
    "report.customer": "Customer", "report.customer_share": "Share of customers",
    "report.cumulative_net_margin_pct": "Cumulative net margin %",
    "report.line_100": "100% line",
    "report.whale_peak": "The most profitable {share} of customers earn {peak} of the total "
                         "net margin (the peak of the whale curve).",
    "report.whale_loss": "Margin destroyers: {customers} ({share} of the customers on the "
                         "curve), together losing {loss}.",
    "report.whale_no_loss": "No customer destroys margin.",
    "report.whale_total": "Total net margin: {total}.",
    "report.why": "Why", "report.owner": "Owner", "report.action": "Action",
    "report.next_review": "Next review", "report.condition": "Condition",
    "report.timing": "Timing", "report.success_pct": "Success %",
    "report.priority": "Priority",
    "report.why_text": "Revenue {revenue}; net margin {net} ({pct}); cost to serve {cts}; "
                       "revenue share {share}",
    "report.total_extra_margin": "Total expected extra margin",
    "report.setting": "Setting", "report.input_file": "input file",
    "report.input_sheet": "input sheet", "report.rows_read": "rows read",
    "report.columns_mapped": "columns mapped", "report.automatic": "(automatic)",
    "report.trends_note": "Trends need invoice history: run xl-portfolio on invoice lines "
                          "(date, customer, amount) to see customers won and lost per period.",
    "report.trends_bridge": "Revenue bridge from the previous to the current period: "
                            "{previous} - lost customers {lost} - contraction {contraction} "
                            "+ expansion {expansion} + new customers {new} = {now}.",
    "report.trends_retention": "Customers at the start: {start}; lost: {lost}; new: {new}. "
                               "Churn {churn}, gross revenue retention {grr}, net revenue "
                               "retention {nrr}.",
    "report.trends_scope": "These figures compare the current period with the previous one; "
                           "a month-by-month history is not analysed yet.",
    "report.chart_matrix": "Revenue vs net margin %",
    "report.chart_pyramid": "Customers per tier",
    "report.chart_whale": "Whale curve",
    "report.page_of": "Page {page} of {pages}",
}

_NL: dict[str, str] = {
    "yes": "Ja",
    "list_separator": "; ",
    "no": "Nee",
    "na": "n.v.t.",
    "tier.top": "Top", "tier.big": "Groot", "tier.medium": "Middelgroot", "tier.small": "Klein",
    "tier.inactive": "Inactief", "tier.prospect": "Prospect",
    "size.large": "Groot", "size.medium": "Middelgroot", "size.small": "Klein",
    "size.none": "n.v.t.",
    "profitability.high": "Hoog", "profitability.low": "Laag",
    "profitability.loss": "Verlieslatend", "profitability.none": "n.v.t.",
    "growth.high": "Hoog", "growth.medium": "Gemiddeld", "growth.low": "Laag",
    "growth.unknown": "Onbekend",
    "segment.anchor_grow": "Verankeren en laten groeien",
    "segment.develop": "Ontwikkelen",
    "segment.maintain": "Onderhouden, beperkte opvolging",
    "segment.renegotiate": "Voorwaarden heronderhandelen",
    "segment.improve_margin": "Marge verbeteren",
    "segment.streamline": "Service stroomlijnen",
    "segment.remediate_now": "Direct bijsturen",
    "segment.remediate": "Bijsturen",
    "segment.renegotiate_or_let_go": "Heronderhandelen of laten gaan",
    "segment.reactivate_or_close": "Heractiveren of afsluiten",
    "segment.qualify_prospect": "Prospect kwalificeren",
    "action.anchor_grow": "Verankeren: vast klantoverleg elke {period} inplannen, "
                          "serviceniveau bewaken",
    "action.develop": "Ontwikkelen: vast klantoverleg elke {period}, kansen voor "
                      "kruisverkoop zoeken",
    "action.maintain": "Onderhouden met beperkte opvolging: standaardservice, online "
                       "bestellen",
    "action.renegotiate": "Voorwaarden heronderhandelen: prijzen, minimale bestelling, "
                          "leverings- en betalingsvoorwaarden",
    "action.improve_margin": "Marge verbeteren: prijzen en kortingen herzien, dure service "
                             "afbouwen",
    "action.streamline": "Service stroomlijnen: minimale bestelhoeveelheid, minder "
                         "leveringen, online bestellen",
    "action.remediate_now": "Direct bijsturen: binnen {period} nieuwe voorwaarden voorstellen "
                            "en per activiteit factureren",
    "action.remediate": "Bijsturen: binnen {period} nieuwe voorwaarden voorstellen (prijzen, "
                        "minimale bestelling, levering)",
    "action.renegotiate_or_let_go": "Heronderhandelen of laten gaan: nieuwe voorwaarden, of "
                                    "de klant laten uitstromen",
    "action.reactivate_or_close": "Heractiveren of afsluiten: contact opnemen om te horen "
                                  "waarom de klant niet meer bestelt",
    "action.qualify_prospect": "Prospect kwalificeren: fit en potentieel nagaan voordat er "
                               "verkooptijd in gaat",
    "action.growth_plan": "groeiplan +{uplift} omzet",
    "action.remediate_then_develop": "eerst bijsturen, dan het groeipotentieel ontwikkelen",
    "action.reduce_dependency": "afhankelijkheid afbouwen ({share} van de omzet)",
    "action.tighten_payment": "betalingsvoorwaarden aanscherpen",
    "growth.condition": "Accountplan met de klant afgesproken voor +{uplift} omzet "
                        "({amount})",
    "growth.timing": "binnen {period} (uiterlijk {date})",
    "months.one": "{n} maand", "months.many": "{n} maanden",
    "customers.one": "{n} klant", "customers.many": "{n} klanten",
    "warn.dependency": "{customer} is goed voor {share} van de omzet, op of boven de drempel "
                       "van {threshold} (IFRS 8 par. 34): afhankelijkheid afbouwen.",
    "warn.top5": "De vijf grootste klanten zijn samen goed voor {cr5} van de omzet "
                 "(waarschuwingsgrens {limit}).",
    "warn.hhi_high": "De omzet is sterk geconcentreerd: HHI {hhi} (boven {limit}), alsof de "
                     "portefeuille maar {effective} even grote klanten telde.",
    "warn.loss_making": "Verlieslatend na kosten klantbediening: {count} ({share} van de "
                        "actieve klanten), samen goed voor {revenue_share} van de omzet en "
                        "een nettomarge van {loss}.",
    "warn.trend_lost": "De omzet steeg met {growth}, ondanks het verlies van {lost} (omzet "
                       "vorige periode: {lost_revenue}): de groei van enkele klanten "
                       "verbergt die uitstroom.",
    "warn.trend_stagnant": "Nauwelijks klantverloop ({lost}, {churn}) en nauwelijks nieuwe "
                           "klanten ({new}, {new_rate}): sluiten aanbod en verkoopboodschap "
                           "nog aan bij de markt?",
    "warn.trend_replacement": "Nieuwe klanten brengen {new_revenue} op ({new}), minder dan "
                              "de {lost_revenue} van de verloren klanten ({lost}) in de "
                              "vorige periode.",
    "report.title": "Klantenportefeuille",
    "report.as_of": "Stand per {date}",
    "report.source": "Bron: {file}",
    "report.key_figure": "Kengetal", "report.value": "Waarde", "report.note": "Toelichting",
    "report.customers": "Klanten", "report.revenue": "Omzet",
    "report.gross_margin": "Brutomarge", "report.net_margin": "Nettomarge",
    "report.net_margin_pct": "Nettomarge %",
    "report.cr1": "Grootste klant, aandeel in de omzet (CR1)",
    "report.cr5": "Top 5 klanten, aandeel in de omzet (CR5)",
    "report.hhi": "Concentratie-index (HHI)",
    "report.hhi_band": "{band} concentratie",
    "report.band.low": "Lage", "report.band.moderate": "Matige", "report.band.high": "Hoge",
    "report.effective_number": "Effectief aantal klanten",
    "report.loss_customers_share": "Verlieslatende klanten, aandeel in het aantal klanten",
    "report.loss_revenue_share": "Verlieslatende klanten, aandeel in de omzet",
    "report.expected_extra_margin": "Verwachte extra marge uit acties",
    "report.no_warnings": "Geen waarschuwingen.", "report.warnings": "Waarschuwingen",
    "report.size": "Grootte", "report.profitability": "Rendabiliteit",
    "report.segment": "Segment", "report.net_margin_share": "Aandeel nettomarge",
    "report.figure": "Cijfer", "report.tier": "Niveau",
    "report.revenue_share": "Aandeel in de omzet",
    "report.avg_revenue": "Gemiddelde omzet", "report.spacer": " ",
    "report.customer": "Klant", "report.customer_share": "Aandeel van de klanten",
    "report.cumulative_net_margin_pct": "Cumulatieve nettomarge %",
    "report.line_100": "100%-lijn",
    "report.whale_peak": "De {share} meest winstgevende klanten realiseren {peak} van de "
                         "totale nettomarge (de top van de walviscurve).",
    "report.whale_loss": "Margevernietigers: {customers} ({share} van de klanten op de "
                         "curve), samen goed voor een verlies van {loss}.",
    "report.whale_no_loss": "Geen enkele klant vernietigt marge.",
    "report.whale_total": "Totale nettomarge: {total}.",
    "report.why": "Waarom", "report.owner": "Accountmanager", "report.action": "Actie",
    "report.next_review": "Volgende opvolging", "report.condition": "Voorwaarde",
    "report.timing": "Timing", "report.success_pct": "Slaagkans %",
    "report.priority": "Prioriteit",
    "report.why_text": "Omzet {revenue}; nettomarge {net} ({pct}); kosten klantbediening "
                       "{cts}; aandeel in de omzet {share}",
    "report.total_extra_margin": "Totale verwachte extra marge",
    "report.setting": "Parameter", "report.input_file": "invoerbestand",
    "report.input_sheet": "invoerblad", "report.rows_read": "gelezen rijen",
    "report.columns_mapped": "gekoppelde kolommen", "report.automatic": "(automatisch)",
    "report.trends_note": "Voor trends is een factuurhistoriek nodig: laat xl-portfolio "
                          "lopen op factuurregels (datum, klant, bedrag) om per periode de "
                          "gewonnen en verloren klanten te zien.",
    "report.trends_bridge": "Omzetbrug van de vorige naar de huidige periode: {previous} "
                            "- verloren klanten {lost} - krimp {contraction} + groei "
                            "{expansion} + nieuwe klanten {new} = {now}.",
    "report.trends_retention": "Klanten bij de start: {start}; verloren: {lost}; nieuw: {new}. "
                               "Verloop {churn}, bruto omzetbehoud (GRR) {grr}, netto "
                               "omzetbehoud (NRR) {nrr}.",
    "report.trends_scope": "Deze cijfers vergelijken de huidige periode met de vorige; een "
                           "historiek per maand wordt nog niet geanalyseerd.",
    "report.chart_matrix": "Omzet t.o.v. nettomarge %",
    "report.chart_pyramid": "Klanten per niveau",
    "report.chart_whale": "Walviscurve",
    "report.page_of": "Pagina {page} van {pages}",
}

_FR: dict[str, str] = {
    "yes": "Oui",
    "list_separator": f"{NBSP}; ",
    "no": "Non",
    "na": "s.o.",
    "tier.top": "Top", "tier.big": "Grand", "tier.medium": "Moyen", "tier.small": "Petit",
    "tier.inactive": "Inactif", "tier.prospect": "Prospect",
    "size.large": "Grand", "size.medium": "Moyen", "size.small": "Petit", "size.none": "s.o.",
    "profitability.high": "Élevée", "profitability.low": "Faible",
    "profitability.loss": "Déficitaire", "profitability.none": "s.o.",
    "growth.high": "Élevé", "growth.medium": "Moyen", "growth.low": "Faible",
    "growth.unknown": "Inconnu",
    "segment.anchor_grow": "Ancrer et développer",
    "segment.develop": "Développer",
    "segment.maintain": "Maintenir, suivi léger",
    "segment.renegotiate": "Renégocier les conditions",
    "segment.improve_margin": "Améliorer la marge",
    "segment.streamline": "Rationaliser le service",
    "segment.remediate_now": "Redresser immédiatement",
    "segment.remediate": "Redresser",
    "segment.renegotiate_or_let_go": "Renégocier ou laisser partir",
    "segment.reactivate_or_close": "Réactiver ou clôturer",
    "segment.qualify_prospect": "Qualifier le prospect",
    "action.anchor_grow": f"Ancrer{NBSP}: réunion de compte fixe tous les {{period}}, "
                          "préserver le niveau de service",
    "action.develop": f"Développer{NBSP}: réunion de compte fixe tous les {{period}}, "
                      "chercher les ventes croisées",
    "action.maintain": f"Maintenir avec un suivi léger{NBSP}: service standard, commande en "
                       "ligne",
    "action.renegotiate": f"Renégocier les conditions{NBSP}: prix, minimum de commande, "
                          "conditions de livraison et de paiement",
    "action.improve_margin": f"Améliorer la marge{NBSP}: revoir prix et remises, réduire les "
                             "services coûteux",
    "action.streamline": f"Rationaliser le service{NBSP}: quantité minimale de commande, "
                         "moins de livraisons, commande en ligne",
    "action.remediate_now": f"Redresser immédiatement{NBSP}: proposer de nouvelles "
                            "conditions sous {period} et facturer à l'activité",
    "action.remediate": f"Redresser{NBSP}: proposer de nouvelles conditions (prix, minimum "
                        "de commande, livraison) sous {period}",
    "action.renegotiate_or_let_go": f"Renégocier ou laisser partir{NBSP}: nouvelles "
                                    "conditions, ou laisser le client s'éloigner",
    "action.reactivate_or_close": f"Réactiver ou clôturer{NBSP}: contacter le client pour "
                                  "comprendre pourquoi il n'achète plus",
    "action.qualify_prospect": f"Qualifier le prospect{NBSP}: vérifier l'adéquation et le "
                               "potentiel avant d'y consacrer du temps commercial",
    "action.growth_plan": "plan de croissance +{uplift} de chiffre d'affaires",
    "action.remediate_then_develop": "redresser d'abord, puis développer le potentiel",
    "action.reduce_dependency": "réduire la dépendance ({share} du chiffre d'affaires)",
    "action.tighten_payment": "resserrer les conditions de paiement",
    "growth.condition": "Plan de compte convenu avec le client pour +{uplift} de chiffre "
                        "d'affaires ({amount})",
    "growth.timing": "sous {period} (au plus tard le {date})",
    "months.one": "{n} mois", "months.many": "{n} mois",
    "customers.one": "{n} client", "customers.many": "{n} clients",
    "warn.dependency": f"{{customer}} représente {{share}} du chiffre d'affaires et atteint "
                       f"le seuil de {{threshold}} (IFRS 8 § 34){NBSP}: réduire la "
                       "dépendance.",
    "warn.top5": "Les cinq plus grands clients réalisent {cr5} du chiffre d'affaires (seuil "
                 "d'alerte {limit}).",
    "warn.hhi_high": f"Le chiffre d'affaires est très concentré{NBSP}: HHI {{hhi}} (au-dessus "
                     "de {limit}), comme si le portefeuille ne comptait que {effective} "
                     "clients de même taille.",
    "warn.loss_making": f"Déficitaires après coût de service{NBSP}: {{count}} ({{share}} des "
                        "clients actifs), soit {revenue_share} du chiffre d'affaires et une "
                        "marge nette de {loss}.",
    "warn.trend_lost": f"Le chiffre d'affaires a progressé de {{growth}} malgré la perte de "
                       f"{{lost}} (chiffre d'affaires sur la période précédente{NBSP}: "
                       f"{{lost_revenue}}){NBSP}: la croissance de quelques clients masque "
                       "ces départs.",
    "warn.trend_stagnant": f"Très peu de départs ({{lost}}, {{churn}}) et très peu de "
                           f"nouveaux clients ({{new}}, {{new_rate}}){NBSP}: l'offre et le "
                           "discours commercial correspondent-ils encore au "
                           f"marché{NBSP}?",
    "warn.trend_replacement": "Les nouveaux clients apportent {new_revenue} ({new}), moins "
                              "que les {lost_revenue} réalisés par les clients perdus "
                              "({lost}) sur la période précédente.",
    "report.title": "Portefeuille clients",
    "report.as_of": "Situation au {date}",
    "report.source": f"Source{NBSP}: {{file}}",
    "report.key_figure": "Indicateur", "report.value": "Valeur", "report.note": "Commentaire",
    "report.customers": "Clients", "report.revenue": "Chiffre d'affaires",
    "report.gross_margin": "Marge brute", "report.net_margin": "Marge nette",
    "report.net_margin_pct": "Marge nette %",
    "report.cr1": "Premier client, part du chiffre d'affaires (CR1)",
    "report.cr5": "5 premiers clients, part du chiffre d'affaires (CR5)",
    "report.hhi": "Indice de concentration (HHI)",
    "report.hhi_band": "Concentration {band}",
    "report.band.low": "faible", "report.band.moderate": "modérée",
    "report.band.high": "élevée",
    "report.effective_number": "Nombre effectif de clients",
    "report.loss_customers_share": "Clients déficitaires, part des clients",
    "report.loss_revenue_share": "Clients déficitaires, part du chiffre d'affaires",
    "report.expected_extra_margin": "Marge supplémentaire attendue des actions",
    "report.no_warnings": "Aucune alerte.", "report.warnings": "Alertes",
    "report.size": "Taille", "report.profitability": "Rentabilité",
    "report.segment": "Segment", "report.net_margin_share": "Part de la marge nette",
    "report.figure": "Indicateur", "report.tier": "Niveau", "report.revenue_share": "Part du CA",
    "report.avg_revenue": "Chiffre d'affaires moyen", "report.spacer": " ",
    "report.customer": "Client", "report.customer_share": "Part des clients",
    "report.cumulative_net_margin_pct": "Marge nette cumulée %",
    "report.line_100": f"Ligne 100{NBSP}%",
    "report.whale_peak": "Les {share} de clients les plus rentables réalisent {peak} de la "
                         "marge nette totale (le sommet de la courbe en baleine).",
    "report.whale_loss": f"Destructeurs de marge{NBSP}: {{customers}} ({{share}} des clients "
                         f"de la courbe), pour une perte totale de {{loss}}.",
    "report.whale_no_loss": "Aucun client ne détruit de marge.",
    "report.whale_total": f"Marge nette totale{NBSP}: {{total}}.",
    "report.why": "Pourquoi", "report.owner": "Responsable", "report.action": "Action",
    "report.next_review": "Prochaine revue", "report.condition": "Condition",
    "report.timing": "Échéance", "report.success_pct": "Probabilité de succès %",
    "report.priority": "Priorité",
    "report.why_text": f"Chiffre d'affaires {{revenue}}{NBSP}; marge nette {{net}} "
                       f"({{pct}}){NBSP}; coût de service {{cts}}{NBSP}; part du CA "
                       "{share}",
    "report.total_extra_margin": "Marge supplémentaire attendue totale",
    "report.setting": "Paramètre", "report.input_file": "fichier source",
    "report.input_sheet": "feuille source", "report.rows_read": "lignes lues",
    "report.columns_mapped": "colonnes associées", "report.automatic": "(automatique)",
    "report.trends_note": f"Les tendances nécessitent l'historique des factures{NBSP}: "
                          "lancez xl-portfolio sur les lignes de facture (date, client, "
                          "montant) pour voir les clients gagnés et perdus par période.",
    "report.trends_bridge": f"Passage du chiffre d'affaires de la période précédente à la "
                            f"période actuelle{NBSP}: {{previous}} - clients perdus {{lost}} "
                            f"- baisse {{contraction}} + hausse {{expansion}} + nouveaux "
                            f"clients {{new}} = {{now}}.",
    "report.trends_retention": f"Clients au début{NBSP}: {{start}}{NBSP}; perdus{NBSP}: "
                               f"{{lost}}{NBSP}; nouveaux{NBSP}: {{new}}. Attrition "
                               f"{{churn}}, rétention brute du chiffre d'affaires (GRR) "
                               f"{{grr}}, rétention nette (NRR) {{nrr}}.",
    "report.trends_scope": f"Ces chiffres comparent la période actuelle à la précédente{NBSP}; "
                           f"l'historique mois par mois n'est pas encore analysé.",
    "report.chart_matrix": "Chiffre d'affaires et marge nette %",
    "report.chart_pyramid": "Clients par niveau",
    "report.chart_whale": "Courbe en baleine",
    "report.page_of": "Page {page} sur {pages}",
}

# The analysis' own labels (issue 7: "not measured" profitability, reasons in figures,
# findings), kept in one block per language so they merge into the dicts above.
_EN_ANALYSIS: dict[str, str] = {
    "profitability.not_measured": "Not measured",
    "segment.measure_large": "Large, margin not measured",
    "segment.measure_medium": "Medium, margin not measured",
    "segment.measure_small": "Small, margin not measured",
    "action.measure_large": "Record the cost of goods to measure the margin; meanwhile "
                            "review the terms every {period}",
    "action.measure_medium": "Record the cost of goods to measure the margin; meanwhile "
                             "develop with a review every {period}",
    "action.measure_small": "Record the cost of goods to measure the margin; meanwhile "
                            "serve with low touch",
    "reason.loss": "Loses {loss} after cost to serve: new terms remove that loss.",
    "reason.margin_gap": "Net margin {pct} against the target {target}: reaching the "
                         "target adds {gap}.",
    "reason.growth": "Growth plan: +{extra} revenue x gross margin {gross} x success "
                     "{success} = {expected}.",
    "reason.growth_assumed": "Growth plan: +{extra} revenue x assumed gross margin {gross} "
                             "x success {success} = {expected}.",
    "reason.dependency": "Revenue at risk from dependency: {revenue} ({share} of revenue).",
    "reason.payment_overdue": "Revenue at risk from payment risk: {amount} overdue.",
    "reason.payment_dso": "Revenue at risk from payment risk: about {amount} overdue "
                          "(DSO {dso} days against a {terms}-day term).",
    "reason.not_measured": "Margin not measured (gross margin assumed at {pct}): record "
                           "the cost of goods.",
    "reason.none": "No money at stake beyond the routine review.",
    "warn.loss_making_assumed": "Of these, on an assumed gross margin: {count}.",
    "warn.assumed_margin": "{count} have an assumed gross margin of {pct}; add a "
                           "cost-of-goods or gross-margin column to make it real.",
    "warn.no_margin_measured": "No margin is measured: the input holds no cost of goods and "
                               "no gross margin, so every margin rests on the assumed "
                               "{pct} and profitability is shown as not measured.",
    "warn.cost_to_serve_default": "Cost to serve uses the default rates of the settings "
                                  "({amount} in total); set your own rates to make it real.",
    "warn.no_drivers": "{count} have no cost-driver quantity in the input: their cost to "
                       "serve holds the credit cost only.",
}
_NL_ANALYSIS: dict[str, str] = {
    "profitability.not_measured": "Niet gemeten",
    "segment.measure_large": "Groot, marge niet gemeten",
    "segment.measure_medium": "Middelgroot, marge niet gemeten",
    "segment.measure_small": "Klein, marge niet gemeten",
    "action.measure_large": "Kostprijs van de verkopen registreren om de marge te meten; "
                            "intussen de voorwaarden elke {period} herzien",
    "action.measure_medium": "Kostprijs van de verkopen registreren om de marge te meten; "
                             "intussen ontwikkelen met opvolging elke {period}",
    "action.measure_small": "Kostprijs van de verkopen registreren om de marge te meten; "
                            "intussen met beperkte opvolging bedienen",
    "reason.loss": "Verliest {loss} na kosten klantbediening: nieuwe voorwaarden heffen dat "
                   "verlies op.",
    "reason.margin_gap": "Nettomarge {pct} tegenover het doel {target}: het doel halen "
                         "levert {gap} op.",
    "reason.growth": "Groeiplan: +{extra} omzet x brutomarge {gross} x slaagkans {success} "
                     "= {expected}.",
    "reason.growth_assumed": "Groeiplan: +{extra} omzet x veronderstelde brutomarge {gross} "
                             "x slaagkans {success} = {expected}.",
    "reason.dependency": "Omzet in gevaar door afhankelijkheid: {revenue} ({share} van de "
                         "omzet).",
    "reason.payment_overdue": "Omzet in gevaar door betalingsrisico: {amount} vervallen.",
    "reason.payment_dso": "Omzet in gevaar door betalingsrisico: ongeveer {amount} "
                          "vervallen (DSO {dso} dagen bij {terms} dagen betaaltermijn).",
    "reason.not_measured": "Marge niet gemeten (brutomarge verondersteld op {pct}): "
                           "registreer de kostprijs van de verkopen.",
    "reason.none": "Geen geld op het spel buiten de gewone opvolging.",
    "warn.loss_making_assumed": "Daarvan op een veronderstelde brutomarge: {count}.",
    "warn.assumed_margin": "{count} hebben een veronderstelde brutomarge van {pct}; voeg een "
                           "kolom kostprijs of brutomarge toe om ze echt te maken.",
    "warn.no_margin_measured": "Geen enkele marge is gemeten: de invoer bevat geen kostprijs "
                               "en geen brutomarge, dus elke marge steunt op de "
                               "veronderstelde {pct} en de winstgevendheid staat als niet "
                               "gemeten.",
    "warn.cost_to_serve_default": "De kosten klantbediening gebruiken de standaardtarieven "
                                  "van de instellingen ({amount} in totaal); stel uw eigen "
                                  "tarieven in om ze echt te maken.",
    "warn.no_drivers": "{count} hebben geen hoeveelheid kostendrijver in de invoer: hun "
                       "kosten klantbediening bevatten alleen de kredietkosten.",
}
_FR_ANALYSIS: dict[str, str] = {
    "profitability.not_measured": "Non mesurée",
    "segment.measure_large": "Grand, marge non mesurée",
    "segment.measure_medium": "Moyen, marge non mesurée",
    "segment.measure_small": "Petit, marge non mesurée",
    "action.measure_large": "Enregistrer le coût des marchandises pour mesurer la marge"
                            f"{NBSP}; entre-temps, revoir les conditions tous les {{period}}",
    "action.measure_medium": "Enregistrer le coût des marchandises pour mesurer la marge"
                             f"{NBSP}; entre-temps, développer avec une revue tous les "
                             "{period}",
    "action.measure_small": "Enregistrer le coût des marchandises pour mesurer la marge"
                            f"{NBSP}; entre-temps, servir avec un suivi léger",
    "reason.loss": f"Perd {{loss}} après coût de service{NBSP}: de nouvelles conditions "
                   "suppriment cette perte.",
    "reason.margin_gap": f"Marge nette {{pct}} pour un objectif de {{target}}{NBSP}: "
                         "atteindre l'objectif rapporte {gap}.",
    "reason.growth": f"Plan de croissance{NBSP}: +{{extra}} de CA x marge brute {{gross}} "
                     "x probabilité {success} = {expected}.",
    "reason.growth_assumed": f"Plan de croissance{NBSP}: +{{extra}} de CA x marge brute "
                             "estimée {gross} x probabilité {success} = {expected}.",
    "reason.dependency": f"CA à risque par dépendance{NBSP}: {{revenue}} ({{share}} du CA).",
    "reason.payment_overdue": f"CA à risque par risque de paiement{NBSP}: {{amount}} échus.",
    "reason.payment_dso": f"CA à risque par risque de paiement{NBSP}: environ {{amount}} "
                          "échus (DSO {dso} jours pour un délai de {terms} jours).",
    "reason.not_measured": "Marge non mesurée (marge brute estimée à {pct})"
                           f"{NBSP}: enregistrez le coût des marchandises.",
    "reason.none": "Pas d'argent en jeu au-delà de la revue courante.",
    "warn.loss_making_assumed": f"Dont sur une marge brute estimée{NBSP}: {{count}}.",
    "warn.assumed_margin": "{count} ont une marge brute estimée à {pct}" + NBSP + "; "
                           "ajoutez une colonne coût des marchandises ou marge brute pour "
                           "la rendre réelle.",
    "warn.no_margin_measured": f"Aucune marge n'est mesurée{NBSP}: les données ne "
                               "contiennent ni coût des marchandises ni marge brute, toute "
                               "marge repose donc sur les {pct} estimés et la rentabilité "
                               "est indiquée comme non mesurée.",
    "warn.cost_to_serve_default": "Le coût de service utilise les taux par défaut des "
                                  f"paramètres ({{amount}} au total){NBSP}; indiquez vos "
                                  "propres taux pour le rendre réel.",
    "warn.no_drivers": "{count} n'ont aucune quantité d'inducteur de coût dans les données"
                       f"{NBSP}: leur coût de service ne contient que le coût du crédit.",
}
_EN.update(_EN_ANALYSIS)
_NL.update(_NL_ANALYSIS)
_FR.update(_FR_ANALYSIS)

_HEADERS: dict[str, dict[str, str]] = {
    "nl": {
        "customer": "Klant", "owner": "Accountmanager", "revenue": "Omzet",
        "revenue_previous": "Omzet vorige periode", "revenue_growth": "Omzetgroei %",
        "gross_margin": "Brutomarge", "gross_margin_pct": "Brutomarge %",
        "gross_margin_assumed": "Brutomarge verondersteld",
        "cost_to_serve": "Kosten klantbediening", "credit_cost": "Kredietkosten",
        "net_margin": "Nettomarge", "net_margin_pct": "Nettomarge %",
        "revenue_share": "Aandeel in omzet", "abc_class": "ABC-klasse",
        "pyramid_tier": "Piramideniveau", "size_class": "Grootte",
        "profitability": "Winstgevendheid", "segment": "Segment",
        "growth_potential": "Groeipotentieel", "dependency_risk": "Afhankelijkheidsrisico",
        "payment_risk": "Betalingsrisico", "action": "Actie", "priority": "Prioriteit",
        "next_review": "Volgende opvolging", "growth_condition": "Voorwaarde",
        "growth_timing": "Timing", "growth_success_pct": "Slaagkans %",
        "expected_extra_margin": "Verwachte extra marge", "clv": "Klantwaarde (CLV)",
        "orders": "Bestellingen", "order_lines": "Orderregels", "dso": "DSO (dagen)",
        "overdue": "Vervallen saldo", "products": "Producten",
        "product_groups": "Productgroepen", "first_invoice_date": "Eerste factuur",
        "last_invoice_date": "Laatste factuur", "tenure_years": "Klant sinds (jaren)",
        "satisfaction": "Tevredenheid", "strategic_fit": "Strategische fit",
        "share_of_wallet": "Aandeel in klantbudget",
    },
    "fr": {
        "customer": "Client", "owner": "Responsable", "revenue": "Chiffre d'affaires",
        "revenue_previous": "CA période précédente", "revenue_growth": "Croissance du CA %",
        "gross_margin": "Marge brute", "gross_margin_pct": "Marge brute %",
        "gross_margin_assumed": "Marge brute estimée", "cost_to_serve": "Coût de service",
        "credit_cost": "Coût du crédit", "net_margin": "Marge nette",
        "net_margin_pct": "Marge nette %", "revenue_share": "Part du CA",
        "abc_class": "Classe ABC", "pyramid_tier": "Niveau de la pyramide",
        "size_class": "Taille", "profitability": "Rentabilité", "segment": "Segment",
        "growth_potential": "Potentiel de croissance",
        "dependency_risk": "Risque de dépendance", "payment_risk": "Risque de paiement",
        "action": "Action", "priority": "Priorité", "next_review": "Prochaine revue",
        "growth_condition": "Condition", "growth_timing": "Échéance",
        "growth_success_pct": "Probabilité de succès %",
        "expected_extra_margin": "Marge supplémentaire attendue",
        "clv": "Valeur client (CLV)", "orders": "Commandes",
        "order_lines": "Lignes de commande", "dso": "DSO (jours)", "overdue": "Montant échu",
        "products": "Produits", "product_groups": "Groupes de produits",
        "first_invoice_date": "Première facture", "last_invoice_date": "Dernière facture",
        "tenure_years": "Ancienneté (années)", "satisfaction": "Satisfaction",
        "strategic_fit": "Adéquation stratégique", "share_of_wallet": "Part du budget client",
    },
}

_HEADERS["nl"].update({"margin_measured": "Marge gemeten", "money_at_stake": "Geld op het spel",
                       "action_reason": "Waarom, in cijfers"})
_HEADERS["fr"].update({"margin_measured": "Marge mesurée", "money_at_stake": "Montant en jeu",
                       "action_reason": "Pourquoi, en chiffres"})

MESSAGES: dict[str, dict[str, str]] = {"en": _EN, "nl": _NL, "fr": _FR}


def t(key: str, language: str = "en", **fmt: Any) -> str:
    """The text for key in language, with {placeholders} filled from fmt.

    An unknown language falls back to English; an unknown key is a programming error
    and raises KeyError (a test checks that every language has every key).
    """
    template = MESSAGES.get(language, _EN)[key]
    return template.format(**fmt) if fmt else template


def header(name: str, language: str = "en") -> str:
    """Display header of an output column; English from schema.OUTPUT_COLUMNS."""
    translated = _HEADERS.get(language, {}).get(name)
    if translated:
        return translated
    return OUTPUT_COLUMNS.get(name, name)


def label(kind: str, code: str, language: str = "en") -> str:
    """Label of a code: label('tier', 'top', 'nl') -> 'Top'."""
    return t(f"{kind}.{code}", language)


def labels(kind: str, language: str = "en") -> dict[str, str]:
    """code -> label for every code of a kind, to map a whole column at once."""
    prefix = f"{kind}."
    return {key[len(prefix):]: text for key, text in MESSAGES.get(language, _EN).items()
            if key.startswith(prefix)}


def _group(digits: str, separator: str) -> str:
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i:i + 3] for i in range(head, len(digits), 3)]
    return separator.join(parts)


def format_number(value: float, language: str = "en", decimals: int = 0) -> str:
    """1,234.5 (en), 1.234,5 (nl), 1 234,5 (fr); '' for NaN."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = f"{abs(value):.{decimals}f}"
    whole, _, part = text.partition(".")
    thousands, decimal = NUMBER_SEPARATORS.get(language, (",", "."))
    out = _group(whole, thousands) + (decimal + part if part else "")
    return ("-" if value < 0 and float(text) != 0 else "") + out


def format_pct(value: float, language: str = "en", decimals: int = 1) -> str:
    """12.3% (en), 12,3% (nl), 12,3 % (fr)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return format_number(value * 100.0, language, decimals) + pct_sign(language)


def pct_sign(language: str) -> str:
    """What follows a percentage: '%', or ' %' with a non-breaking space in French."""
    return NBSP + "%" if language == "fr" else "%"


def format_money(value: float, language: str = "en") -> str:
    """Whole currency units with thousands separators (the input's currency)."""
    return format_number(value, language, 0)


def format_date(value: dt.date, language: str = "en") -> str:
    """2026-06-30 (en, unambiguous), 30-06-2026 (nl), 30/06/2026 (fr)."""
    if language == "nl":
        return value.strftime("%d-%m-%Y")
    if language == "fr":
        return value.strftime("%d/%m/%Y")
    return value.isoformat()[:10]


def months_text(n: int, language: str = "en") -> str:
    """'1 month' / '6 months' in the language."""
    return t("months.one" if n == 1 else "months.many", language, n=n)


def customers_text(n: int, language: str = "en") -> str:
    """'1 customer' / '3 customers'; French uses the singular for 0 and 1."""
    singular = n <= 1 if language == "fr" else n == 1
    return t("customers.one" if singular else "customers.many", language, n=n)


# --- Invoice history: periods, cohorts, RFM and lifetime value (analysis.history) ---
# Kept in one block so the three languages of these labels are read side by side.
_HISTORY: dict[str, dict[str, str]] = {
    "en": {
        "rfm.champions": "Champions", "rfm.loyal": "Loyal",
        "rfm.potential_loyalist": "Potential loyalist", "rfm.new": "New",
        "rfm.promising": "Promising", "rfm.need_attention": "Need attention",
        "rfm.about_to_sleep": "About to sleep", "rfm.at_risk": "At risk",
        "rfm.cant_lose": "Can't lose", "rfm.hibernating": "Hibernating", "rfm.lost": "Lost",
        "clv_method.model": "Model (BG/NBD + Gamma-Gamma)",
        "clv_method.simple_one_purchase": "Simple: one purchase only",
        "clv_method.simple_no_positive_spend": "Simple: no positive spend per purchase "
                                               "(credit notes)",
        "clv_method.simple_too_few_customers": "Simple: too few repeat customers to fit",
        "clv_method.simple_no_fit": "Simple: the model did not converge",
        "period.year": "a year", "period.half-year": "half a year",
        "period.quarter": "a quarter", "period.month": "a month",
        "warn.history_lost_masked": "{period}: revenue grew {growth} while {lost} left "
                                    "(their revenue the period before: {lost_revenue}); a "
                                    "few growing customers mask the outflow.",
        "warn.history_stagnant": "{period}: hardly any churn ({lost}, {churn}) and hardly any "
                                 "new customers ({new}, {new_rate}): check whether the offer "
                                 "and the sales message still fit the market.",
        "warn.history_replacement": "{period}: new customers bring {new_revenue} ({new}), "
                                    "less than the {lost_revenue} the lost customers "
                                    "({lost}) brought the period before.",
        "warn.history_seen": "Seen in {count} of {changes} period changes.",
        "report.trends_title": "How the customer base moves",
        "report.trends_basis": "Periods of {period} ending at {as_of}, each named by its "
                               "year, quarter or month, or else by its last day: {count} "
                               "periods, {first} to {last}. Active = net revenue above 0 in the "
                               "period; new = first period with revenue; returning = bought "
                               "earlier but not in the period before; lost = bought in the "
                               "period before, not in this one.",
        "report.trends_single": "The invoice lines cover one period only ({first}), so there "
                                "is no previous period: new and lost customers and churn "
                                "cannot be measured. Export invoice lines covering at least "
                                "two periods of {period}.",
        "report.trends_margin": "Net margin per period counts the period's cost of goods (or "
                                "the default gross margin % where none is given), orders and "
                                "order lines at their rates; other cost drivers and credit "
                                "cost have no date and are left out.",
        "report.trends_first_cohort": "The first cohort ({first}) also holds every customer "
                                      "who bought before the data begins.",
        "report.history_bridge": "Revenue {start_period} {start} - lost customers {lost} - "
                                 "contraction {contraction} + expansion {expansion} + "
                                 "returning customers {returning} + new customers {new} = "
                                 "revenue {end_period} {end}.",
        "report.history_retention": "{period}: {start} at the start; lost {lost}, returning "
                                    "{returning}, new {new}. Churn {churn}, gross revenue "
                                    "retention {grr}, net revenue retention {nrr}.",
        "report.bridge_none": "No previous period",
        "report.bridge_step": "Step", "report.bridge_amount": "Amount",
        "report.bridge_base": "Base", "report.bridge_total": "Revenue",
        "report.bridge_up": "Increase", "report.bridge_down": "Decrease",
        "report.step_start": "Revenue {period}", "report.step_lost": "Lost customers",
        "report.step_contraction": "Contraction", "report.step_expansion": "Expansion",
        "report.step_returning": "Returning customers", "report.step_new": "New customers",
        "report.step_end": "Revenue {period}",
        "report.pm_period": "Period", "report.pm_active": "Active customers",
        "report.pm_new": "New customers", "report.pm_returning": "Returning customers",
        "report.pm_lost": "Lost customers", "report.pm_revenue": "Revenue",
        "report.pm_net_margin": "Net margin",
        "report.pm_revenue_new": "Revenue of new customers",
        "report.pm_revenue_returning": "Revenue of returning customers",
        "report.pm_revenue_retained": "Revenue of retained customers",
        "report.pm_revenue_lost": "Revenue of lost customers (period before)",
        "report.pm_net_margin_new": "Net margin of new customers",
        "report.pm_net_margin_returning": "Net margin of returning customers",
        "report.pm_net_margin_retained": "Net margin of retained customers",
        "report.pm_net_margin_lost": "Net margin of lost customers (period before)",
        "report.pm_churn": "Churn", "report.pm_grr": "Gross revenue retention",
        "report.pm_nrr": "Net revenue retention",
        "report.cohort_share": "Share of each cohort still buying (rows: period of the first "
                               "invoice; columns: periods later)",
        "report.cohort_revenue": "Revenue of each cohort as a share of its first period's",
        "report.cohort": "Cohort", "report.cohort_size": "Customers",
        "report.fit_title": "Lifetime value model (BG/NBD and Gamma-Gamma, Fader, Hardie & "
                            "Lee 2005)",
        "report.fit_parameter": "Parameter", "report.fit_value": "Value",
        "report.fit_loglik_bgnbd": "Log-likelihood BG/NBD",
        "report.fit_loglik_spend": "Log-likelihood Gamma-Gamma",
        "report.fit_customers": "Customers in the BG/NBD fit",
        "report.fit_spend_customers": "Customers in the Gamma-Gamma fit",
        "report.fit_modelled": "Customers with a model CLV",
        "report.clv_status.model": "CLV = expected purchases (BG/NBD) x expected spend per "
                                   "purchase (Gamma-Gamma) x the customer's net margin %, "
                                   "over {horizon} months, discounted at {discount} a year. "
                                   "Customers with one purchase or no positive spend keep "
                                   "the simple CLV (column CLV method).",
        "report.clv_status.simple_too_few_customers": "Too few customers with repeat "
                                                      "purchases to fit the lifetime models: "
                                                      "every CLV is the simple one.",
        "report.clv_status.simple_no_fit": "The lifetime models did not converge on this "
                                           "data: every CLV is the simple one.",
        "report.calibration.ok": "Holdout check: fitted on the data up to {start}, the model "
                                 "predicts {predicted} purchases in the last period; there "
                                 "were {actual} (the groups miss by {error} in total).",
        "report.calibration.poor": "Holdout check: fitted on the data up to {start}, the "
                                   "model predicts {predicted} purchases in the last period; "
                                   "there were {actual} (the groups miss by {error} in "
                                   "total). The model fits this portfolio poorly (regular "
                                   "reorder cycles break its assumptions): read probability "
                                   "alive and model CLV as rough indications.",
        "report.calibration.no_history": "No holdout check: there is no period before the "
                                         "last one.",
        "report.calibration.no_fit": "No holdout check: the model did not converge on the "
                                     "data up to {start}.",
        "report.cal_group": "Repeat purchases before", "report.cal_customers": "Customers",
        "report.cal_actual": "Actual", "report.cal_predicted": "Predicted",
        "report.rf_title": "Customers by recency (rows, 5 = most recent) and frequency "
                           "(columns, 5 = most purchases)",
        "report.chart_bridge": "Revenue bridge {start} to {end}",
        "report.chart_periods": "Revenue and active customers per period",
        "report.chart_calibration": "Purchases in the last period: actual vs predicted",
        "report.chart_active": "Active customers",
    },
    "nl": {
        "rfm.champions": "Kampioenen", "rfm.loyal": "Trouw",
        "rfm.potential_loyalist": "Potentieel trouw", "rfm.new": "Nieuw",
        "rfm.promising": "Veelbelovend", "rfm.need_attention": "Aandacht nodig",
        "rfm.about_to_sleep": "Dreigt in te slapen", "rfm.at_risk": "Risico",
        "rfm.cant_lose": "Niet verliezen", "rfm.hibernating": "Slapend",
        "rfm.lost": "Verloren",
        "clv_method.model": "Model (BG/NBD + Gamma-Gamma)",
        "clv_method.simple_one_purchase": "Eenvoudig: slechts één aankoop",
        "clv_method.simple_no_positive_spend": "Eenvoudig: geen positief bedrag per aankoop "
                                               "(creditnota's)",
        "clv_method.simple_too_few_customers": "Eenvoudig: te weinig terugkerende klanten",
        "clv_method.simple_no_fit": "Eenvoudig: het model convergeerde niet",
        "period.year": "een jaar", "period.half-year": "een half jaar",
        "period.quarter": "een kwartaal", "period.month": "een maand",
        "warn.history_lost_masked": "{period}: de omzet steeg met {growth} terwijl {lost} "
                                    "vertrokken (hun omzet de periode ervoor: "
                                    "{lost_revenue}); enkele groeiende klanten verbergen de "
                                    "uitstroom.",
        "warn.history_stagnant": "{period}: nauwelijks klantverloop ({lost}, {churn}) en "
                                 "nauwelijks nieuwe klanten ({new}, {new_rate}): ga na of het "
                                 "aanbod en de verkoopboodschap nog bij de markt passen.",
        "warn.history_replacement": "{period}: nieuwe klanten brengen {new_revenue} op "
                                    "({new}), minder dan de {lost_revenue} van de verloren "
                                    "klanten ({lost}) de periode ervoor.",
        "warn.history_seen": "Gezien in {count} van {changes} periodewissels.",
        "report.trends_title": "Hoe het klantenbestand beweegt",
        "report.trends_basis": "Perioden van {period} tot {as_of}, elk benoemd naar zijn "
                               "jaar, kwartaal of maand, anders naar zijn laatste dag: "
                               "{count} perioden, {first} tot {last}. Actief = netto-omzet "
                               "boven 0 in de periode; "
                               "nieuw = eerste periode met omzet; terugkerend = kocht eerder, "
                               "niet in de vorige periode; verloren = kocht in de vorige "
                               "periode, niet in deze.",
        "report.trends_single": "De factuurregels beslaan maar één periode ({first}), dus er "
                                "is geen vorige periode: nieuwe en verloren klanten en "
                                "klantverloop zijn niet te meten. Exporteer factuurregels "
                                "over minstens twee perioden van {period}.",
        "report.trends_margin": "De nettomarge per periode telt de kostprijs van die periode "
                                "(of de standaard brutomarge % waar die ontbreekt), "
                                "bestellingen en orderregels tegen hun tarief; andere "
                                "kostendrijvers en kredietkosten hebben geen datum en tellen "
                                "niet mee.",
        "report.trends_first_cohort": "Het eerste cohort ({first}) bevat ook alle klanten die "
                                      "al kochten voor de gegevens beginnen.",
        "report.history_bridge": "Omzet {start_period} {start} - verloren klanten {lost} - "
                                 "daling {contraction} + groei {expansion} + terugkerende "
                                 "klanten {returning} + nieuwe klanten {new} = omzet "
                                 "{end_period} {end}.",
        "report.history_retention": "{period}: {start} bij de start; verloren {lost}, "
                                    "terugkerend {returning}, nieuw {new}. Klantverloop "
                                    "{churn}, bruto omzetbehoud {grr}, netto omzetbehoud "
                                    "{nrr}.",
        "report.bridge_none": "Geen vorige periode",
        "report.bridge_step": "Stap", "report.bridge_amount": "Bedrag",
        "report.bridge_base": "Basis", "report.bridge_total": "Omzet",
        "report.bridge_up": "Stijging", "report.bridge_down": "Daling",
        "report.step_start": "Omzet {period}", "report.step_lost": "Verloren klanten",
        "report.step_contraction": "Daling", "report.step_expansion": "Groei",
        "report.step_returning": "Terugkerende klanten", "report.step_new": "Nieuwe klanten",
        "report.step_end": "Omzet {period}",
        "report.pm_period": "Periode", "report.pm_active": "Actieve klanten",
        "report.pm_new": "Nieuwe klanten", "report.pm_returning": "Terugkerende klanten",
        "report.pm_lost": "Verloren klanten", "report.pm_revenue": "Omzet",
        "report.pm_net_margin": "Nettomarge",
        "report.pm_revenue_new": "Omzet nieuwe klanten",
        "report.pm_revenue_returning": "Omzet terugkerende klanten",
        "report.pm_revenue_retained": "Omzet behouden klanten",
        "report.pm_revenue_lost": "Omzet verloren klanten (periode ervoor)",
        "report.pm_net_margin_new": "Nettomarge nieuwe klanten",
        "report.pm_net_margin_returning": "Nettomarge terugkerende klanten",
        "report.pm_net_margin_retained": "Nettomarge behouden klanten",
        "report.pm_net_margin_lost": "Nettomarge verloren klanten (periode ervoor)",
        "report.pm_churn": "Klantverloop", "report.pm_grr": "Bruto omzetbehoud",
        "report.pm_nrr": "Netto omzetbehoud",
        "report.cohort_share": "Aandeel van elk cohort dat nog koopt (rijen: periode van de "
                               "eerste factuur; kolommen: perioden later)",
        "report.cohort_revenue": "Omzet van elk cohort als aandeel van die in de eerste "
                                 "periode",
        "report.cohort": "Cohort", "report.cohort_size": "Klanten",
        "report.fit_title": "Model voor klantwaarde (BG/NBD en Gamma-Gamma, Fader, Hardie & "
                            "Lee 2005)",
        "report.fit_parameter": "Parameter", "report.fit_value": "Waarde",
        "report.fit_loglik_bgnbd": "Log-likelihood BG/NBD",
        "report.fit_loglik_spend": "Log-likelihood Gamma-Gamma",
        "report.fit_customers": "Klanten in de BG/NBD-schatting",
        "report.fit_spend_customers": "Klanten in de Gamma-Gamma-schatting",
        "report.fit_modelled": "Klanten met een model-CLV",
        "report.clv_status.model": "CLV = verwachte aankopen (BG/NBD) x verwacht bedrag per "
                                   "aankoop (Gamma-Gamma) x de nettomarge % van de klant, "
                                   "over {horizon} maanden, verdisconteerd aan {discount} "
                                   "per jaar. Klanten met één aankoop of zonder positief "
                                   "bedrag houden de eenvoudige CLV (kolom CLV-methode).",
        "report.clv_status.simple_too_few_customers": "Te weinig klanten met herhaalaankopen "
                                                      "om de modellen te schatten: elke CLV "
                                                      "is de eenvoudige.",
        "report.clv_status.simple_no_fit": "De modellen convergeerden niet op deze gegevens: "
                                           "elke CLV is de eenvoudige.",
        "report.calibration.ok": "Controle op de laatste periode: geschat op de gegevens tot "
                                 "{start} voorspelt het model {predicted} aankopen in de "
                                 "laatste periode; het waren er {actual} (de groepen wijken "
                                 "samen {error} af).",
        "report.calibration.poor": "Controle op de laatste periode: geschat op de gegevens "
                                   "tot {start} voorspelt het model {predicted} aankopen in "
                                   "de laatste periode; het waren er {actual} (de groepen "
                                   "wijken samen {error} af). Het model past slecht bij deze "
                                   "portefeuille (vaste bestelcycli wringen met zijn "
                                   "aannames): lees kans actief en model-CLV als ruwe "
                                   "indicaties.",
        "report.calibration.no_history": "Geen controle: er is geen periode vóór de laatste.",
        "report.calibration.no_fit": "Geen controle: het model convergeerde niet op de "
                                     "gegevens tot {start}.",
        "report.cal_group": "Herhaalaankopen ervoor", "report.cal_customers": "Klanten",
        "report.cal_actual": "Werkelijk", "report.cal_predicted": "Voorspeld",
        "report.rf_title": "Klanten naar recentheid (rijen, 5 = meest recent) en frequentie "
                           "(kolommen, 5 = meeste aankopen)",
        "report.chart_bridge": "Omzetbrug {start} naar {end}",
        "report.chart_periods": "Omzet en actieve klanten per periode",
        "report.chart_calibration": "Aankopen in de laatste periode: werkelijk en voorspeld",
        "report.chart_active": "Actieve klanten",
    },
    "fr": {
        "rfm.champions": "Champions", "rfm.loyal": "Fidèles",
        "rfm.potential_loyalist": "Fidèles potentiels", "rfm.new": "Nouveaux",
        "rfm.promising": "Prometteurs", "rfm.need_attention": "À surveiller",
        "rfm.about_to_sleep": "En voie d'endormissement", "rfm.at_risk": "À risque",
        "rfm.cant_lose": "À ne pas perdre", "rfm.hibernating": "En hibernation",
        "rfm.lost": "Perdus",
        "clv_method.model": "Modèle (BG/NBD + Gamma-Gamma)",
        "clv_method.simple_one_purchase": f"Simple{NBSP}: un seul achat",
        "clv_method.simple_no_positive_spend": f"Simple{NBSP}: pas de montant positif par "
                                               "achat (notes de crédit)",
        "clv_method.simple_too_few_customers": f"Simple{NBSP}: trop peu de clients "
                                               "récurrents",
        "clv_method.simple_no_fit": f"Simple{NBSP}: le modèle n'a pas convergé",
        "period.year": "un an", "period.half-year": "un semestre",
        "period.quarter": "un trimestre", "period.month": "un mois",
        "warn.history_lost_masked": f"{{period}}{NBSP}: le chiffre d'affaires a progressé de "
                                    "{growth} alors que {lost} sont partis (leur chiffre "
                                    f"d'affaires la période précédente{NBSP}: "
                                    "{lost_revenue}){NBSP}; quelques clients en croissance "
                                    "masquent les départs.",
        "warn.history_stagnant": f"{{period}}{NBSP}: très peu de départs ({{lost}}, "
                                 "{churn}) et très peu de nouveaux clients ({new}, "
                                 f"{{new_rate}}){NBSP}: vérifiez que l'offre et le discours "
                                 "commercial correspondent encore au marché.",
        "warn.history_replacement": f"{{period}}{NBSP}: les nouveaux clients apportent "
                                    "{new_revenue} ({new}), moins que les {lost_revenue} des "
                                    "clients perdus ({lost}) la période précédente.",
        "warn.history_seen": "Constaté dans {count} des {changes} changements de période.",
        "report.trends_title": "L'évolution de la clientèle",
        "report.trends_basis": "Périodes d'{period} jusqu'au {as_of}, chacune désignée par "
                               "son année, son trimestre ou son mois, sinon par son dernier "
                               "jour{NBSP}: {count} périodes, de {first} à {last}. Actif = "
                               "chiffre d'affaires net positif "
                               "sur la période{NBSP}; nouveau = première période avec du "
                               "chiffre d'affaires{NBSP}; de retour = a acheté avant, pas "
                               "la période précédente{NBSP}; perdu = a acheté la période "
                               "précédente, pas celle-ci.",
        "report.trends_single": "Les lignes de facture couvrent une seule période ({first}), "
                                f"il n'y a donc pas de période précédente{NBSP}: nouveaux "
                                "clients, clients perdus et attrition ne peuvent pas être "
                                "mesurés. Exportez des lignes de facture couvrant au moins "
                                "deux périodes d'{period}.",
        "report.trends_margin": "La marge nette par période compte le coût des marchandises "
                                "de la période (ou la marge brute % par défaut à défaut), "
                                "les commandes et lignes de commande à leur tarif{NBSP}; les "
                                "autres inducteurs de coût et le coût du crédit n'ont pas de "
                                "date et ne sont pas comptés.",
        "report.trends_first_cohort": "La première cohorte ({first}) comprend aussi tous les "
                                      "clients ayant acheté avant le début des données.",
        "report.history_bridge": "Chiffre d'affaires {start_period} {start} - clients perdus "
                                 "{lost} - baisse {contraction} + hausse {expansion} + "
                                 "clients de retour {returning} + nouveaux clients {new} = "
                                 "chiffre d'affaires {end_period} {end}.",
        "report.history_retention": f"{{period}}{NBSP}: {{start}} au début{NBSP}; perdus "
                                    "{lost}, de retour {returning}, nouveaux {new}. "
                                    "Attrition {churn}, rétention brute du chiffre "
                                    "d'affaires {grr}, rétention nette {nrr}.",
        "report.bridge_none": "Pas de période précédente",
        "report.bridge_step": "Étape", "report.bridge_amount": "Montant",
        "report.bridge_base": "Base", "report.bridge_total": "Chiffre d'affaires",
        "report.bridge_up": "Hausse", "report.bridge_down": "Baisse",
        "report.step_start": "CA {period}", "report.step_lost": "Clients perdus",
        "report.step_contraction": "Baisse", "report.step_expansion": "Hausse",
        "report.step_returning": "Clients de retour", "report.step_new": "Nouveaux clients",
        "report.step_end": "CA {period}",
        "report.pm_period": "Période", "report.pm_active": "Clients actifs",
        "report.pm_new": "Nouveaux clients", "report.pm_returning": "Clients de retour",
        "report.pm_lost": "Clients perdus", "report.pm_revenue": "Chiffre d'affaires",
        "report.pm_net_margin": "Marge nette",
        "report.pm_revenue_new": "CA des nouveaux clients",
        "report.pm_revenue_returning": "CA des clients de retour",
        "report.pm_revenue_retained": "CA des clients conservés",
        "report.pm_revenue_lost": "CA des clients perdus (période précédente)",
        "report.pm_net_margin_new": "Marge nette des nouveaux clients",
        "report.pm_net_margin_returning": "Marge nette des clients de retour",
        "report.pm_net_margin_retained": "Marge nette des clients conservés",
        "report.pm_net_margin_lost": "Marge nette des clients perdus (période précédente)",
        "report.pm_churn": "Attrition", "report.pm_grr": "Rétention brute du CA",
        "report.pm_nrr": "Rétention nette du CA",
        "report.cohort_share": "Part de chaque cohorte qui achète encore (lignes{NBSP}: "
                               "période de la première facture{NBSP}; colonnes{NBSP}: "
                               "périodes suivantes)",
        "report.cohort_revenue": "Chiffre d'affaires de chaque cohorte en part de celui de sa "
                                 "première période",
        "report.cohort": "Cohorte", "report.cohort_size": "Clients",
        "report.fit_title": "Modèle de valeur client (BG/NBD et Gamma-Gamma, Fader, Hardie & "
                            "Lee 2005)",
        "report.fit_parameter": "Paramètre", "report.fit_value": "Valeur",
        "report.fit_loglik_bgnbd": "Log-vraisemblance BG/NBD",
        "report.fit_loglik_spend": "Log-vraisemblance Gamma-Gamma",
        "report.fit_customers": "Clients dans l'estimation BG/NBD",
        "report.fit_spend_customers": "Clients dans l'estimation Gamma-Gamma",
        "report.fit_modelled": "Clients avec une CLV du modèle",
        "report.clv_status.model": "CLV = achats attendus (BG/NBD) x montant attendu par "
                                   "achat (Gamma-Gamma) x marge nette % du client, sur "
                                   "{horizon} mois, actualisée à {discount} par an. Les "
                                   "clients avec un seul achat ou sans montant positif "
                                   "gardent la CLV simple (colonne Méthode CLV).",
        "report.clv_status.simple_too_few_customers": "Trop peu de clients avec des achats "
                                                      "répétés pour estimer les modèles"
                                                      f"{NBSP}: chaque CLV est la simple.",
        "report.clv_status.simple_no_fit": "Les modèles n'ont pas convergé sur ces données"
                                           f"{NBSP}: chaque CLV est la simple.",
        "report.calibration.ok": "Contrôle sur la dernière période{NBSP}: estimé sur les "
                                 "données jusqu'au {start}, le modèle prévoit {predicted} "
                                 "achats sur la dernière période{NBSP}; il y en a eu {actual} "
                                 "(écart total des groupes{NBSP}: {error}).",
        "report.calibration.poor": "Contrôle sur la dernière période{NBSP}: estimé sur les "
                                   "données jusqu'au {start}, le modèle prévoit {predicted} "
                                   "achats sur la dernière période{NBSP}; il y en a eu "
                                   f"{{actual}} (écart total des groupes{NBSP}: {{error}}). "
                                   "Le modèle décrit mal ce portefeuille (des cycles de "
                                   "commande réguliers contredisent ses hypothèses)"
                                   f"{NBSP}: lisez la probabilité d'activité et la CLV du "
                                   "modèle comme des ordres de grandeur.",
        "report.calibration.no_history": "Pas de contrôle{NBSP}: aucune période avant la "
                                         "dernière.",
        "report.calibration.no_fit": f"Pas de contrôle{NBSP}: le modèle n'a pas convergé sur "
                                     "les données jusqu'au {start}.",
        "report.cal_group": "Achats répétés avant", "report.cal_customers": "Clients",
        "report.cal_actual": "Réels", "report.cal_predicted": "Prévus",
        "report.rf_title": "Clients par récence (lignes, 5 = le plus récent) et fréquence "
                           "(colonnes, 5 = le plus d'achats)",
        "report.chart_bridge": "Passage du CA de {start} à {end}",
        "report.chart_periods": "Chiffre d'affaires et clients actifs par période",
        "report.chart_calibration": f"Achats sur la dernière période{NBSP}: réels et prévus",
        "report.chart_active": "Clients actifs",
    },
}
_HISTORY_HEADERS: dict[str, dict[str, str]] = {
    "nl": {"rfm_score": "RFM-score", "rfm_segment": "RFM-segment",
           "p_alive": "Kans nog actief", "expected_purchases": "Verwachte aankopen volgende "
                                                             "periode",
           "at_risk": "Risico op verlies", "clv_method": "CLV-methode"},
    "fr": {"rfm_score": "Score RFM", "rfm_segment": "Segment RFM",
           "p_alive": "Probabilité d'activité",
           "expected_purchases": "Achats attendus période suivante",
           "at_risk": "À risque", "clv_method": "Méthode CLV"},
}
# French texts above spell the non-breaking space as {NBSP} where they are not f-strings.
_HISTORY["fr"] = {key: value.replace("{NBSP}", NBSP) for key, value in _HISTORY["fr"].items()}
for _language, _extra in _HISTORY.items():
    MESSAGES[_language].update(_extra)
for _language, _extra in _HISTORY_HEADERS.items():
    _HEADERS[_language].update(_extra)
