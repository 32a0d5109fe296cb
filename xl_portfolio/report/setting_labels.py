"""Readable names of the settings for the Settings sheet, per language.

The parameter name itself stays on the sheet too (column "Name in the settings file"),
because the add-in reads the sheet back by that name. Percent settings are fractions
shown with a % format.
"""

from __future__ import annotations

PERCENT_SETTINGS = frozenset({
    "default_gross_margin_pct", "cost_of_capital", "pyramid_top_pct", "pyramid_big_pct",
    "pyramid_medium_pct", "target_net_margin_pct", "dependency_threshold",
    "top5_warning_share", "growth_high_threshold", "growth_low_threshold",
    "wallet_high_headroom_below", "wallet_low_headroom_above", "growth_uplift_high",
    "growth_uplift_medium", "growth_success_high", "growth_success_medium",
    "overdue_risk_share", "trend_hardly_any_share", "clv_retention", "clv_discount_rate",
    "remediation_success", "pyramid_top_revenue_share", "pyramid_big_revenue_share",
    "pyramid_medium_revenue_share", "alive_risk_threshold",
})

_NAMES = (
    "language", "as_of", "period_months", "default_gross_margin_pct", "rate_per_order",
    "rate_per_order_line", "rate_per_delivery", "rate_per_return", "rate_per_service_hour",
    "rate_per_sales_visit", "rate_per_rush_order", "cost_of_capital", "pyramid_top_pct",
    "pyramid_big_pct", "pyramid_medium_pct", "target_net_margin_pct",
    "dependency_threshold", "top5_warning_share", "hhi_moderate", "hhi_high",
    "growth_high_threshold", "growth_low_threshold", "wallet_high_headroom_below",
    "wallet_low_headroom_above", "growth_uplift_high", "growth_uplift_medium",
    "growth_success_high", "growth_success_medium", "growth_plan_months", "dso_risk_days",
    "overdue_risk_share", "trend_hardly_any_share", "review_months_anchor",
    "review_months_remediate", "review_months_improve", "review_months_maintain",
    "clv_retention", "clv_discount_rate", "drivers_sheet", "columns", "currency",
    "top_actions", "input_file", "input_sheet", "rows_read", "columns_mapped",
    "payment_terms_days", "remediation_success", "pyramid_min_active_for_count_rule",
    "pyramid_top_revenue_share", "pyramid_big_revenue_share", "pyramid_medium_revenue_share",
    "trend_period", "clv_horizon_months", "alive_risk_threshold",
)

_LABELS = {
    "en": (
        "Language", "As-of date", "Period length (months)", "Assumed gross margin when no "
        "cost is given", "Cost per order", "Cost per order line", "Cost per delivery",
        "Cost per return", "Cost per service hour", "Cost per sales visit",
        "Cost per rush order", "Cost of capital (yearly)", "Pyramid: Top tier, share of "
        "customers", "Pyramid: Top + Big, share of customers", "Pyramid: Top + Big + Medium, "
        "share of customers", "Target net margin %", "Dependency threshold (share of "
        "revenue)", "Top-5 share warning level", "Concentration index: moderate from",
        "Concentration index: high from", "Revenue growth: high potential from",
        "Revenue growth: low potential up to", "Share of wallet: high headroom below",
        "Share of wallet: low headroom above", "Growth plan, high potential: extra revenue",
        "Growth plan, medium potential: extra revenue", "Growth plan, high potential: "
        "chance of success", "Growth plan, medium potential: chance of success",
        "Growth plan: months to reach it", "Payment risk from DSO (days)",
        "Payment risk from overdue share of revenue", "Trend warning: 'hardly any' below",
        "Next review, anchored customers (months)", "Next review, remediation (months)",
        "Next review, margin to improve (months)", "Next review, low-touch customers "
        "(months)", "Customer lifetime value: yearly retention", "Customer lifetime value: "
        "discount rate", "Sheet with cost drivers", "Column mapping", "Currency",
        "Actions listed on the Actions sheet", "Input file", "Input sheet", "Rows read",
        "Columns read", "Payment term (days)", "Remediation: chance the customer accepts",
        "Pyramid: tiers by count from this many active customers",
        "Small pyramid: Top tier, share of revenue", "Small pyramid: Top + Big, share of "
        "revenue", "Small pyramid: Top + Big + Medium, share of revenue",
        "Trends: length of each period", "Lifetime value: horizon (months)",
        "At risk below this chance of still buying",
    ),
    "nl": (
        "Taal", "Peildatum", "Lengte van de periode (maanden)", "Aangenomen brutomarge "
        "zonder kostprijs", "Kosten per order", "Kosten per orderregel",
        "Kosten per levering", "Kosten per retour", "Kosten per serviceuur",
        "Kosten per klantbezoek", "Kosten per spoedorder", "Kapitaalkost (per jaar)",
        "Piramide: Top, aandeel klanten", "Piramide: Top + Groot, aandeel klanten",
        "Piramide: Top + Groot + Middel, aandeel klanten", "Doelmarge (nettomarge %)",
        "Afhankelijkheidsdrempel (aandeel omzet)", "Waarschuwingsniveau top-5-aandeel",
        "Concentratie-index: matig vanaf", "Concentratie-index: hoog vanaf",
        "Omzetgroei: hoog potentieel vanaf", "Omzetgroei: laag potentieel tot",
        "Klantaandeel: veel ruimte onder", "Klantaandeel: weinig ruimte boven",
        "Groeiplan, hoog potentieel: extra omzet", "Groeiplan, middel potentieel: extra "
        "omzet", "Groeiplan, hoog potentieel: slaagkans", "Groeiplan, middel potentieel: "
        "slaagkans", "Groeiplan: maanden om het te halen", "Betalingsrisico vanaf DSO "
        "(dagen)", "Betalingsrisico vanaf vervallen aandeel van de omzet",
        "Trendwaarschuwing: 'nauwelijks' onder", "Volgende review, verankerde klanten "
        "(maanden)", "Volgende review, sanering (maanden)", "Volgende review, marge "
        "verbeteren (maanden)", "Volgende review, klanten met weinig aandacht (maanden)",
        "Klantwaarde: jaarlijkse retentie", "Klantwaarde: disconteringsvoet",
        "Blad met kostendrijvers", "Kolomkoppeling", "Munteenheid",
        "Aantal acties op het blad Acties", "Invoerbestand", "Invoerblad", "Gelezen rijen",
        "Gelezen kolommen", "Betalingstermijn (dagen)", "Sanering: kans dat de klant "
        "aanvaardt", "Piramide: niveaus naar aantal vanaf zoveel actieve klanten",
        "Kleine piramide: Top, aandeel omzet", "Kleine piramide: Top + Groot, aandeel omzet",
        "Kleine piramide: Top + Groot + Middel, aandeel omzet",
        "Trends: lengte van elke periode", "Klantwaarde: horizon (maanden)",
        "Risico onder deze kans dat de klant nog koopt",
    ),
    "fr": (
        "Langue", "Date de référence", "Durée de la période (mois)", "Marge brute supposée "
        "sans coût d'achat", "Coût par commande", "Coût par ligne de commande",
        "Coût par livraison", "Coût par retour", "Coût par heure de service",
        "Coût par visite commerciale", "Coût par commande urgente",
        "Coût du capital (annuel)", "Pyramide : Top, part des clients",
        "Pyramide : Top + Grands, part des clients", "Pyramide : Top + Grands + Moyens, "
        "part des clients", "Marge nette cible", "Seuil de dépendance (part du CA)",
        "Seuil d'alerte de la part des 5 premiers", "Indice de concentration : modéré dès",
        "Indice de concentration : élevé dès", "Croissance du CA : fort potentiel dès",
        "Croissance du CA : faible potentiel jusqu'à", "Part du budget client : forte "
        "marge sous", "Part du budget client : faible marge au-dessus", "Plan de "
        "croissance, fort potentiel : CA supplémentaire", "Plan de croissance, potentiel "
        "moyen : CA supplémentaire", "Plan de croissance, fort potentiel : probabilité de "
        "succès", "Plan de croissance, potentiel moyen : probabilité de succès",
        "Plan de croissance : délai en mois", "Risque de paiement dès un DSO de (jours)",
        "Risque de paiement dès une part échue du CA de", "Alerte de tendance : « à peine » "
        "sous", "Prochaine revue, clients ancrés (mois)", "Prochaine revue, redressement "
        "(mois)", "Prochaine revue, marge à améliorer (mois)", "Prochaine revue, clients "
        "à faible suivi (mois)", "Valeur client : rétention annuelle",
        "Valeur client : taux d'actualisation", "Feuille des inducteurs de coût",
        "Correspondance des colonnes", "Devise",
        "Actions listées sur la feuille Actions", "Fichier source", "Feuille source",
        "Lignes lues", "Colonnes lues", "Délai de paiement (jours)", "Redressement : "
        "probabilité que le client accepte", "Pyramide : niveaux par nombre dès ce nombre "
        "de clients actifs", "Petite pyramide : Top, part du CA", "Petite pyramide : Top + "
        "Grands, part du CA", "Petite pyramide : Top + Grands + Moyens, part du CA",
        "Tendances : durée de chaque période", "Valeur client : horizon (mois)",
        "À risque sous cette probabilité d'achat futur",
    ),
}

# The share command's settings: never on the report's Settings sheet (the mail server is
# nobody's business), labelled for the settings documentation and error messages.
_SHARE_LABELS = {
    "en": {"share_size_limit_mb": "Shared copy: size warning above (MB)",
           "smtp_host": "Mail server (SMTP host)", "smtp_port": "Mail server port",
           "smtp_starttls": "Mail server: encrypt with STARTTLS",
           "smtp_user": "Mail server user",
           "smtp_password_env": "Mail server password: environment variable",
           "mail_from": "Mail sender address"},
    "nl": {"share_size_limit_mb": "Gedeelde kopie: waarschuwing boven (MB)",
           "smtp_host": "Mailserver (SMTP-host)", "smtp_port": "Poort van de mailserver",
           "smtp_starttls": "Mailserver: versleutelen met STARTTLS",
           "smtp_user": "Gebruiker van de mailserver",
           "smtp_password_env": "Wachtwoord van de mailserver: omgevingsvariabele",
           "mail_from": "Afzenderadres van de mail"},
    "fr": {"share_size_limit_mb": "Copie partagée : avertissement au-delà de (Mo)",
           "smtp_host": "Serveur de messagerie (hôte SMTP)",
           "smtp_port": "Port du serveur de messagerie",
           "smtp_starttls": "Serveur de messagerie : chiffrer avec STARTTLS",
           "smtp_user": "Utilisateur du serveur de messagerie",
           "smtp_password_env": "Mot de passe du serveur : variable d'environnement",
           "mail_from": "Adresse de l'expéditeur"},
}

SETTING_LABELS: dict[str, dict[str, str]] = {
    lang: {**dict(zip(_NAMES, labels, strict=True)), **_SHARE_LABELS[lang]}
    for lang, labels in _LABELS.items()}


def setting_label(name: str, language: str = "en") -> str:
    """The readable name of a setting; a setting added later without a label shows its
    parameter name with spaces (tests/test_report_decision.py lists every field)."""
    found = SETTING_LABELS.get(language, SETTING_LABELS["en"]).get(name)
    return found if found else name.replace("_", " ").capitalize()
