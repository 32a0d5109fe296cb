"""Display text of the report: a thin layer over xl_portfolio.i18n.

Most words live in i18n (the report's own labels under "report.<key>") so the
completeness test there covers the report too. The decision-document labels (tiles,
sheet names, setting labels, reconciliation) live in REPORT_TEXT below, one dict per
language, checked for completeness by tests/test_report_decision.py; text() looks there
first. Numbers inside sentences are passed in already formatted for the language.
"""

from __future__ import annotations

from typing import Any

from xl_portfolio import i18n

PREFIX = "report."

_EN: dict[str, str] = {
    # Sheet names (Excel: at most 31 characters, none of []:*?/\).
    "sheet.Dashboard": "Dashboard", "sheet.Matrix": "Matrix", "sheet.Pyramid": "Pyramid",
    "sheet.Whale curve": "Whale curve", "sheet.Actions": "Actions",
    "sheet.Customers": "Customers", "sheet.Settings": "Settings", "sheet.Trends": "Trends",
    # Dashboard
    "period": "Period {start} to {end} · amounts in {currency}",
    "period_unknown": "Amounts in {currency}",
    "assumed_label_all": "assumed", "assumed_label_some": "partly assumed",
    "tile_this": "This period", "tile_previous": "Previous period", "tile_change": "Change",
    "net_margin_cts": "Net margin after cost to serve",
    "active_customers": "Active customers",
    "loss_making_customers": "Loss-making active customers",
    "inactive_and_prospects": "Inactive customers / prospects",
    "money_at_stake_total": "Money at stake in the top actions",
    "no_previous": "No previous period in the input: changes cannot be shown.",
    "assumed_some": "{assumed} of {active} active customers have no cost of goods in the "
                    "input: their gross margin is the assumed {pct} (setting "
                    "default_gross_margin_pct). Add a cost or margin column to measure it.",
    "assumed_all": "No margin is measured: the input has no cost of goods or gross margin, "
                   "so every gross margin is the assumed {pct} and profitability is 'Not "
                   "measured'. Add a cost column (cost price per invoice line or cost of "
                   "goods per customer) to make margins real.",
    "default_rates": "Cost to serve uses the default rates per order, delivery, visit... "
                     "(Settings sheet): set your own rates to make it real.",
    "top_destroyers": "Top 5 margin destroyers (active customers)",
    "top_earners": "Top 5 earners (active customers)",
    "none_listed": "None.",
    # Matrix, pyramid, whale, actions
    "matrix_title": "Size × profitability of the {customers} active customers · target net "
                    "margin {target} ({source})",
    "target_source.portfolio": "the active customers' net margin %",
    "target_source.setting": "set in Settings",
    "no_margin_measured": "No margin is measured in this input: every customer is 'Not "
                          "measured', the profitability split below is not available.",
    "line_zero": "0% net margin", "line_target": "Target {target}",
    "clipped": "Outside the axis range, drawn at its edge: {names}.",
    "clipped_more": "{names} and {more} more",
    "pyramid_title": "Customer pyramid: {customers} active customers ranked by revenue",
    "pyramid_rule.count": "Tiers cut by number of customers: Top {top}, Big {big}, Medium "
                          "{medium}, Small the rest.",
    "pyramid_rule.revenue": "Fewer than 100 active customers: tiers cut by cumulative "
                            "revenue share instead of by count.",
    "customer_count_share": "Share of customers",
    "chart_pyramid_shares": "Share of customers and of revenue per tier",
    "whale_title": "Whale curve: the {customers} active customers (revenue in the period)",
    "whale_off_curve": "Not on the curve: {customers} without revenue in the period "
                       "(inactive, prospects) that still cost {loss}; the dashboard's net "
                       "margin includes them.",
    "actions_title": "Top {shown} actions by money at stake, of {total} customers with an "
                     "action (the full list: Customers sheet, filter on Action)",
    "money_at_stake": "Money at stake",
    "total_money_at_stake": "Total money at stake",
    # Settings
    "setting_code": "Name in the settings file", "setting_value": "Value",
    "target_used": "Target net margin % used",
    "reconciliation": "Input reconciliation", "rec_rows": "Rows", "rec_amount": "Amount",
    "rec_empty": "No reconciliation: the input was a customer sheet (one row per customer).",
    "rec_none": "No reconciliation figures for this input.",
    "rec.rows_read": "Rows read (used)", "rec.rows_current": "Rows in the current period",
    "rec.rows_previous": "Rows in the previous period",
    "rec.rows_before": "Rows before the previous period (history only)",
    "rec.rows_after_as_of": "Rows after the as-of date (ignored)",
    "rec.skipped_total_rows": "Total rows (skipped)",
    "rec.skipped_blank_rows": "Blank rows (skipped)", "rec.skipped": "Rows skipped",
}

_NL: dict[str, str] = {
    "sheet.Dashboard": "Overzicht", "sheet.Matrix": "Matrix", "sheet.Pyramid": "Piramide",
    "sheet.Whale curve": "Walviscurve", "sheet.Actions": "Acties",
    "sheet.Customers": "Klanten", "sheet.Settings": "Instellingen", "sheet.Trends": "Trends",
    "period": "Periode {start} tot {end} · bedragen in {currency}",
    "period_unknown": "Bedragen in {currency}",
    "assumed_label_all": "aangenomen", "assumed_label_some": "deels aangenomen",
    "tile_this": "Deze periode", "tile_previous": "Vorige periode", "tile_change": "Verschil",
    "net_margin_cts": "Nettomarge na kosten van bediening",
    "active_customers": "Actieve klanten",
    "loss_making_customers": "Verlieslatende actieve klanten",
    "inactive_and_prospects": "Inactieve klanten / prospects",
    "money_at_stake_total": "Bedrag op het spel in de topacties",
    "no_previous": "Geen vorige periode in de invoer: verschillen kunnen niet getoond worden.",
    "assumed_some": "{assumed} van {active} actieve klanten hebben geen kostprijs in de "
                    "invoer: hun brutomarge is de aangenomen {pct} (instelling "
                    "default_gross_margin_pct). Voeg een kostprijs- of margekolom toe om ze "
                    "te meten.",
    "assumed_all": "Geen enkele marge is gemeten: de invoer heeft geen kostprijs of "
                   "brutomarge, dus elke brutomarge is de aangenomen {pct} en de "
                   "rendabiliteit is 'Niet gemeten'. Voeg een kostprijskolom toe (per "
                   "factuurlijn of per klant) om de marges echt te maken.",
    "default_rates": "De kosten van bediening gebruiken de standaardtarieven per order, "
                     "levering, bezoek... (blad Instellingen): vul uw eigen tarieven in.",
    "top_destroyers": "Top 5 margevernietigers (actieve klanten)",
    "top_earners": "Top 5 verdieners (actieve klanten)",
    "none_listed": "Geen.",
    "matrix_title": "Grootte × rendabiliteit van de {customers} actieve klanten · "
                    "doelmarge {target} ({source})",
    "target_source.portfolio": "nettomarge % van de actieve klanten",
    "target_source.setting": "ingesteld in Instellingen",
    "no_margin_measured": "In deze invoer is geen marge gemeten: elke klant is 'Niet "
                          "gemeten', de indeling naar rendabiliteit is niet beschikbaar.",
    "line_zero": "0% nettomarge", "line_target": "Doel {target}",
    "clipped": "Buiten het bereik van de as, op de rand getekend: {names}.",
    "clipped_more": "{names} en nog {more}",
    "pyramid_title": "Klantenpiramide: {customers} actieve klanten gerangschikt op omzet",
    "pyramid_rule.count": "Niveaus naar aantal klanten: Top {top}, Groot {big}, Middel "
                          "{medium}, Klein de rest.",
    "pyramid_rule.revenue": "Minder dan 100 actieve klanten: niveaus naar cumulatief "
                            "omzetaandeel in plaats van naar aantal.",
    "customer_count_share": "Aandeel van de klanten",
    "chart_pyramid_shares": "Aandeel in klanten en in omzet per niveau",
    "whale_title": "Walviscurve: de {customers} actieve klanten (omzet in de periode)",
    "whale_off_curve": "Niet op de curve: {customers} zonder omzet in de periode "
                       "(inactief, prospects) die toch {loss} kosten; de nettomarge op het "
                       "overzicht telt ze mee.",
    "actions_title": "Top {shown} acties naar bedrag op het spel, van {total} klanten met "
                     "een actie (volledige lijst: blad Klanten, filter op Actie)",
    "money_at_stake": "Bedrag op het spel",
    "total_money_at_stake": "Totaal bedrag op het spel",
    "setting_code": "Naam in het instellingenbestand", "setting_value": "Waarde",
    "target_used": "Gebruikte doelmarge (nettomarge %)",
    "reconciliation": "Aansluiting met de invoer", "rec_rows": "Rijen",
    "rec_amount": "Bedrag",
    "rec_empty": "Geen aansluiting: de invoer was een klantenblad (één rij per klant).",
    "rec_none": "Geen aansluitingscijfers voor deze invoer.",
    "rec.rows_read": "Gelezen rijen (gebruikt)", "rec.rows_current": "Rijen in de huidige "
    "periode", "rec.rows_previous": "Rijen in de vorige periode",
    "rec.rows_before": "Rijen vóór de vorige periode (alleen historiek)",
    "rec.rows_after_as_of": "Rijen na de peildatum (genegeerd)",
    "rec.skipped_total_rows": "Totaalrijen (overgeslagen)",
    "rec.skipped_blank_rows": "Lege rijen (overgeslagen)", "rec.skipped": "Overgeslagen rijen",
}

_FR: dict[str, str] = {
    "sheet.Dashboard": "Tableau de bord", "sheet.Matrix": "Matrice",
    "sheet.Pyramid": "Pyramide", "sheet.Whale curve": "Courbe baleine",
    "sheet.Actions": "Actions", "sheet.Customers": "Clients",
    "sheet.Settings": "Paramètres", "sheet.Trends": "Tendances",
    "period": "Période du {start} au {end} · montants en {currency}",
    "period_unknown": "Montants en {currency}",
    "assumed_label_all": "supposée", "assumed_label_some": "en partie supposée",
    "tile_this": "Cette période", "tile_previous": "Période précédente",
    "tile_change": "Écart",
    "net_margin_cts": "Marge nette après coût de service",
    "active_customers": "Clients actifs",
    "loss_making_customers": "Clients actifs déficitaires",
    "inactive_and_prospects": "Clients inactifs / prospects",
    "money_at_stake_total": "Montant en jeu des actions prioritaires",
    "no_previous": "Pas de période précédente dans les données : les écarts ne peuvent "
                   "pas être calculés.",
    "assumed_some": "{assumed} des {active} clients actifs n'ont pas de coût d'achat dans "
                    "les données : leur marge brute est l'hypothèse de {pct} (paramètre "
                    "default_gross_margin_pct). Ajoutez une colonne de coût ou de marge "
                    "pour la mesurer.",
    "assumed_all": "Aucune marge n'est mesurée : les données n'ont ni coût d'achat ni "
                   "marge brute, chaque marge brute est l'hypothèse de {pct} et la "
                   "rentabilité est « Non mesurée ». Ajoutez une colonne de coût (par "
                   "ligne de facture ou par client) pour des marges réelles.",
    "default_rates": "Le coût de service utilise les tarifs par défaut par commande, "
                     "livraison, visite... (feuille Paramètres) : saisissez vos propres "
                     "tarifs.",
    "top_destroyers": "Les 5 clients qui détruisent le plus de marge (clients actifs)",
    "top_earners": "Les 5 clients qui rapportent le plus (clients actifs)",
    "none_listed": "Aucun.",
    "matrix_title": "Taille × rentabilité des {customers} clients actifs · marge cible "
                    "{target} ({source})",
    "target_source.portfolio": "marge nette % des clients actifs",
    "target_source.setting": "fixée dans Paramètres",
    "no_margin_measured": "Aucune marge n'est mesurée dans ces données : chaque client est "
                          "« Non mesuré », la répartition par rentabilité n'est pas "
                          "disponible.",
    "line_zero": "Marge nette 0 %", "line_target": "Cible {target}",
    "clipped": "Hors de l'échelle de l'axe, dessinés au bord : {names}.",
    "clipped_more": "{names} et {more} autres",
    "pyramid_title": "Pyramide clients : {customers} clients actifs classés par chiffre "
                     "d'affaires",
    "pyramid_rule.count": "Niveaux par nombre de clients : Top {top}, Grands {big}, Moyens "
                          "{medium}, Petits le reste.",
    "pyramid_rule.revenue": "Moins de 100 clients actifs : niveaux par part cumulée du "
                            "chiffre d'affaires au lieu du nombre.",
    "customer_count_share": "Part des clients",
    "chart_pyramid_shares": "Part des clients et du chiffre d'affaires par niveau",
    "whale_title": "Courbe baleine : les {customers} clients actifs (chiffre d'affaires "
                   "sur la période)",
    "whale_off_curve": "Hors de la courbe : {customers} sans chiffre d'affaires sur la "
                       "période (inactifs, prospects) qui coûtent tout de même {loss} ; la "
                       "marge nette du tableau de bord les inclut.",
    "actions_title": "Les {shown} premières actions par montant en jeu, sur {total} "
                     "clients avec une action (liste complète : feuille Clients, filtre "
                     "sur Action)",
    "money_at_stake": "Montant en jeu",
    "total_money_at_stake": "Total du montant en jeu",
    "setting_code": "Nom dans le fichier de paramètres", "setting_value": "Valeur",
    "target_used": "Marge nette cible utilisée",
    "reconciliation": "Rapprochement avec les données", "rec_rows": "Lignes",
    "rec_amount": "Montant",
    "rec_empty": "Pas de rapprochement : les données étaient une feuille clients (une "
                 "ligne par client).",
    "rec_none": "Pas de chiffres de rapprochement pour ces données.",
    "rec.rows_read": "Lignes lues (utilisées)", "rec.rows_current": "Lignes de la période "
    "en cours", "rec.rows_previous": "Lignes de la période précédente",
    "rec.rows_before": "Lignes antérieures à la période précédente (historique seulement)",
    "rec.rows_after_as_of": "Lignes après la date de référence (ignorées)",
    "rec.skipped_total_rows": "Lignes de total (ignorées)",
    "rec.skipped_blank_rows": "Lignes vides (ignorées)", "rec.skipped": "Lignes ignorées",
}

REPORT_TEXT: dict[str, dict[str, str]] = {"en": _EN, "nl": _NL, "fr": _FR}


def text(key: str, language: str = "en", **fmt: Any) -> str:
    """A report label in the language, with its {placeholders} filled from fmt."""
    own = REPORT_TEXT.get(language, _EN).get(key)
    if own is None:
        return i18n.t(PREFIX + key, language, **fmt)
    return own.format(**fmt) if fmt else own


def has_text(key: str, language: str = "en") -> bool:
    """True when the report has a label for key (reconciliation codes come from the
    reader and may be new)."""
    return key in REPORT_TEXT.get(language, _EN) or PREFIX + key in i18n.MESSAGES.get(
        language, i18n.MESSAGES["en"])


def sheet_name(sheet: str, language: str = "en") -> str:
    """The displayed name of a report sheet (anchors use the English one)."""
    return text("sheet." + sheet, language)


def sheet_names(sheet: str) -> set[str]:
    """Every name a report sheet has in a report: English and its translations."""
    return {sheet} | {texts["sheet." + sheet] for texts in REPORT_TEXT.values()
                      if "sheet." + sheet in texts}


def header(column: str, language: str = "en") -> str:
    """Display header of an output column in the language."""
    return i18n.header(column, language)


def yes_text(language: str = "en") -> str:
    """The word the analysis writes in flag columns (dependency risk, payment risk)."""
    return i18n.t("yes", language)
