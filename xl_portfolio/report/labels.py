"""Display text of the report: a thin layer over xl_portfolio.i18n.

Every word lives in i18n (the report's own labels under "report.<key>") so the
completeness test there covers the report too; this module only adds the prefix.
Numbers inside sentences are passed in already formatted for the language.
"""

from __future__ import annotations

from typing import Any

from xl_portfolio import i18n

PREFIX = "report."


def text(key: str, language: str = "en", **fmt: Any) -> str:
    """A report label in the language, with its {placeholders} filled from fmt."""
    return i18n.t(PREFIX + key, language, **fmt)


def header(column: str, language: str = "en") -> str:
    """Display header of an output column in the language."""
    return i18n.header(column, language)


def yes_text(language: str = "en") -> str:
    """The word the analysis writes in flag columns (dependency risk, payment risk)."""
    return i18n.t("yes", language)
