"""The share command's words in English, Dutch and French: mail subject and body, and
the notes a subset copy carries so a reader knows which figures are whose."""

from __future__ import annotations

from typing import Any

from xl_portfolio.settings import LANGUAGES

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "subject": "Customer portfolio as of {as_of}",
        "subject_owner": "Customer portfolio as of {as_of}: your customers ({owner})",
        "greeting": "Hello,",
        "intro": "Attached is the customer portfolio as of {as_of} ({file}).",
        "intro_owner": "Attached are your customers ({owner}) from the customer portfolio "
                       "as of {as_of} ({file}).",
        "headline": "Headline figures",
        "revenue": "Revenue: {value}",
        "net_margin": "Net margin after cost to serve: {value} ({pct})",
        "loss_making": "Customers losing money: {value}",
        "warnings": "Top warnings",
        "actions": "Your action list",
        "action_line": "{customer}: {action} (review by {review})",
        "more_actions": "... and {count} more on the Actions sheet.",
        "no_actions": "No customer needs action now.",
        "signature": "Prepared with xl-portfolio.",
        "scope_owner": "This copy holds {owner}'s customers only ({count}). Totals, the "
                       "pyramid, matrix and whale curve are for these customers; revenue "
                       "share, concentration (CR1, CR5, HHI), the dependency threshold, "
                       "each customer's tier and segment and the target margin are those "
                       "of the whole portfolio.",
        "previous_partial": "Previous period for these customers: revenue and active "
                            "customers only (the report holds no previous-period margins "
                            "per customer).",
        "whole_portfolio": "whole portfolio",
        "for_owner": "Customers of {owner} ({count})",
        "target_whole": "the whole portfolio's active customers' net margin %",
        "tiers_whole": "Each customer keeps its tier in the whole portfolio.",
    },
    "nl": {
        "subject": "Klantenportefeuille per {as_of}",
        "subject_owner": "Klantenportefeuille per {as_of}: uw klanten ({owner})",
        "greeting": "Hallo,",
        "intro": "In bijlage de klantenportefeuille per {as_of} ({file}).",
        "intro_owner": "In bijlage uw klanten ({owner}) uit de klantenportefeuille per "
                       "{as_of} ({file}).",
        "headline": "Kerncijfers",
        "revenue": "Omzet: {value}",
        "net_margin": "Nettomarge na kosten klantbediening: {value} ({pct})",
        "loss_making": "Verlieslatende klanten: {value}",
        "warnings": "Belangrijkste waarschuwingen",
        "actions": "Uw actielijst",
        "action_line": "{customer}: {action} (opvolging uiterlijk {review})",
        "more_actions": "... en nog {count} op het blad met acties.",
        "no_actions": "Geen enkele klant vraagt nu actie.",
        "signature": "Opgesteld met xl-portfolio.",
        "scope_owner": "Deze kopie bevat enkel de klanten van {owner} ({count}). Totalen, "
                       "piramide, matrix en walviscurve gelden voor deze klanten; aandeel "
                       "in omzet, concentratie (CR1, CR5, HHI), de afhankelijkheidsdrempel, "
                       "de schijf en het segment van elke klant en de doelmarge zijn die "
                       "van de hele portefeuille.",
        "previous_partial": "Vorige periode voor deze klanten: enkel omzet en actieve "
                            "klanten (het rapport bevat geen marges van de vorige periode "
                            "per klant).",
        "whole_portfolio": "hele portefeuille",
        "for_owner": "Klanten van {owner} ({count})",
        "target_whole": "nettomarge % van de actieve klanten van de hele portefeuille",
        "tiers_whole": "Elke klant behoudt zijn niveau in de hele portefeuille.",
    },
    "fr": {
        "subject": "Portefeuille clients au {as_of}",
        "subject_owner": "Portefeuille clients au {as_of} : vos clients ({owner})",
        "greeting": "Bonjour,",
        "intro": "Veuillez trouver ci-joint le portefeuille clients au {as_of} ({file}).",
        "intro_owner": "Veuillez trouver ci-joint vos clients ({owner}) du portefeuille "
                       "clients au {as_of} ({file}).",
        "headline": "Chiffres clés",
        "revenue": "Chiffre d'affaires : {value}",
        "net_margin": "Marge nette après coût de service : {value} ({pct})",
        "loss_making": "Clients déficitaires : {value}",
        "warnings": "Principaux avertissements",
        "actions": "Votre liste d'actions",
        "action_line": "{customer} : {action} (revue au plus tard le {review})",
        "more_actions": "... et {count} de plus sur la feuille des actions.",
        "no_actions": "Aucun client ne demande d'action pour l'instant.",
        "signature": "Préparé avec xl-portfolio.",
        "scope_owner": "Cette copie ne contient que les clients de {owner} ({count}). Les "
                       "totaux, la pyramide, la matrice et la courbe en baleine portent sur "
                       "ces clients ; la part du CA, la concentration (CR1, CR5, HHI), le "
                       "seuil de dépendance, le niveau et le segment de chaque client et la "
                       "marge cible sont ceux de l'ensemble du portefeuille.",
        "previous_partial": "Période précédente pour ces clients : chiffre d'affaires et "
                            "clients actifs seulement (le rapport ne contient pas les marges "
                            "de la période précédente par client).",
        "whole_portfolio": "ensemble du portefeuille",
        "for_owner": "Clients de {owner} ({count})",
        "target_whole": "marge nette % des clients actifs de l'ensemble du portefeuille",
        "tiers_whole": "Chaque client garde son niveau dans l'ensemble du portefeuille.",
    },
}
assert set(WORDS) == set(LANGUAGES)


def word(key: str, language: str, **fmt: Any) -> str:
    """The share text for key in language (English when the language is unknown)."""
    template = WORDS.get(language, WORDS["en"])[key]
    return template.format(**fmt) if fmt else template
