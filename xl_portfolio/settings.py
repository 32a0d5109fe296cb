"""Every assumption of the analysis in one place, with documented defaults.

A finance user must be able to say how a figure was made, so rates, cut-offs and
thresholds are never scattered as literals: they live here, are printed on the
Settings sheet of the report, and can be overridden from a TOML file.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sys
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

from xl_portfolio.errors import InputError

LANGUAGES = ("en", "nl", "fr")
# Settings of the share command (size limit, mail server), kept off the report's Settings sheet.
SHARE_SETTINGS = ("share_size_limit_mb", "smtp_host", "smtp_port", "smtp_starttls",
                 "smtp_user", "smtp_password_env", "mail_from")


@dataclass
class Settings:
    """Parameters of one analysis run. Money in the currency of the input."""

    # Language of labels, actions and headers in the output: en, nl or fr.
    language: str = "en"
    # Reference date; automatic = the last invoice date (lines) or today (customer sheet).
    as_of: dt.date | None = None
    # Length of the current and of the previous period, in months.
    period_months: int = 12

    # Gross margin % assumed when the input has neither cost of goods nor gross margin.
    default_gross_margin_pct: float = 0.30

    # Cost to serve per order (order handling, invoicing).
    rate_per_order: float = 25.0
    # Cost to serve per order line (picking).
    rate_per_order_line: float = 2.5
    # Cost to serve per delivery (transport).
    rate_per_delivery: float = 40.0
    # Cost to serve per return (handling, credit note).
    rate_per_return: float = 60.0
    # Cost to serve per service hour (technical or customer service).
    rate_per_service_hour: float = 65.0
    # Cost to serve per sales visit (time and travel of the account manager).
    rate_per_sales_visit: float = 180.0
    # Cost to serve per rush order (extra handling and transport).
    rate_per_rush_order: float = 75.0
    # Yearly cost of capital: credit cost = revenue x DSO / 365 x cost of capital.
    cost_of_capital: float = 0.08

    # Pyramid: Top = this share of active customers by count (cumulative).
    pyramid_top_pct: float = 0.01
    # Pyramid: Top + Big = this share of active customers.
    pyramid_big_pct: float = 0.05
    # Pyramid: Top + Big + Medium = this share; the rest is Small.
    pyramid_medium_pct: float = 0.20

    # Net margin % that splits High from Low profitability; automatic = the portfolio's own.
    target_net_margin_pct: float | None = None

    # Flag a customer at or above this share of revenue (IFRS 8 par. 34 uses 10%).
    dependency_threshold: float = 0.10
    # Concentration warning when the top 5 customers hold more than this share.
    top5_warning_share: float = 0.40
    # HHI at or above this is moderately concentrated (US DOJ/FTC 2023).
    hhi_moderate: float = 1000.0
    # HHI above this is highly concentrated (US DOJ/FTC 2023).
    hhi_high: float = 1800.0

    # Revenue growth at or above this means high growth potential (when no column).
    growth_high_threshold: float = 0.15
    # Revenue growth at or below this means low growth potential.
    growth_low_threshold: float = -0.05
    # Share of wallet below this leaves high headroom.
    wallet_high_headroom_below: float = 0.40
    # Share of wallet above this leaves low headroom.
    wallet_low_headroom_above: float = 0.80
    # Growth plan for high potential: extra revenue aimed at, as a share of revenue.
    growth_uplift_high: float = 0.20
    # Growth plan for medium potential: extra revenue aimed at, as a share of revenue.
    growth_uplift_medium: float = 0.10
    # Growth plan for high potential: chance of success.
    growth_success_high: float = 0.60
    # Growth plan for medium potential: chance of success.
    growth_success_medium: float = 0.40
    # Growth plan: months to reach the extra revenue.
    growth_plan_months: int = 6

    # Payment risk at or above this many days sales outstanding.
    dso_risk_days: float = 60.0
    # Payment risk when the overdue amount is at least this share of revenue.
    overdue_risk_share: float = 0.10
    # Trend warning "hardly any churn and hardly any new customers": both rates below this.
    trend_hardly_any_share: float = 0.05

    # Months to the next review of anchored (profitable) customers.
    review_months_anchor: int = 6
    # Months to the next review of customers to remediate.
    review_months_remediate: int = 1
    # Months to the next review of customers whose margin must improve.
    review_months_improve: int = 3
    # Months to the next review of small customers served low-touch.
    review_months_maintain: int = 12

    # CLV: yearly retention rate r in CLV = m x r / (1 + d - r).
    clv_retention: float = 0.80
    # CLV: yearly discount rate d.
    clv_discount_rate: float = 0.10

    # Invoice lines: the sheet with customer cost drivers; automatic = detected.
    drivers_sheet: str | None = None
    # Header mapping, as the [columns] table: column name = "header in your file".
    columns: dict[str, str] = field(default_factory=dict)

    # Share: warn when a shared copy is larger than this many megabytes.
    share_size_limit_mb: float = 10.0
    # Share --send: SMTP server host name; empty = not configured.
    smtp_host: str = ""
    # Share --send: SMTP port (587 = submission with STARTTLS).
    smtp_port: int = 587
    # Share --send: upgrade the connection with STARTTLS (false only for a trusted local server).
    smtp_starttls: bool = True
    # Share --send: SMTP user name; empty = no login.
    smtp_user: str = ""
    # Share --send: name of the environment variable holding the SMTP password.
    smtp_password_env: str = "XL_PORTFOLIO_SMTP_PASSWORD"
    # Share --mail/--send: sender address; empty = the SMTP user.
    mail_from: str = ""

    def __post_init__(self) -> None:
        self.validate()

    def validate(self) -> None:
        """Reject settings that would make figures meaningless, with the field name."""
        if self.language not in LANGUAGES:
            raise InputError(f"setting 'language' must be one of {', '.join(LANGUAGES)}, "
                             f"got {self.language!r}")
        if not 0 < self.pyramid_top_pct <= self.pyramid_big_pct <= self.pyramid_medium_pct <= 1:
            raise InputError("pyramid cut-offs must satisfy 0 < pyramid_top_pct <= "
                             "pyramid_big_pct <= pyramid_medium_pct <= 1")
        if not 0 <= self.clv_retention < 1 + self.clv_discount_rate:
            raise InputError("clv_retention must be below 1 + clv_discount_rate")
        if self.period_months < 1:
            raise InputError("period_months must be at least 1")
        if not 0 < self.smtp_port < 65536:
            raise InputError(f"setting 'smtp_port' must be a port number, "
                             f"got {self.smtp_port!r}")
        for name in ("dependency_threshold", "default_gross_margin_pct", "cost_of_capital"):
            value = getattr(self, name)
            if not 0 <= value <= 1:
                raise InputError(f"setting '{name}' must be a fraction between 0 and 1, "
                                 f"got {value!r}")

    def replace(self, **changes: Any) -> Settings:
        """A copy with some fields changed (validated again)."""
        return dataclasses.replace(self, **changes)

    def as_rows(self) -> list[tuple[str, Any]]:
        """(name, value) pairs for the Settings sheet, in declaration order (the share
        settings stay out: the report is mailed, the mail server is nobody's business)."""
        rows: list[tuple[str, Any]] = []
        for f in fields(self):
            if f.name in SHARE_SETTINGS:
                continue
            value = getattr(self, f.name)
            if f.name == "columns":
                value = ", ".join(f"{k}={v}" for k, v in value.items()) or "(automatic)"
            rows.append((f.name, value))
        return rows


def _coerce(name: str, value: Any, default: Any) -> Any:
    """Coerce a TOML value to the type of the default, naming the field on error."""
    if name == "as_of":
        if value in (None, ""):
            return None
        if isinstance(value, dt.date):
            return value if not isinstance(value, dt.datetime) else value.date()
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError as exc:
            raise InputError(f"setting 'as_of' must be a date like 2025-12-31, got {value!r}") \
                from exc
    if name == "columns":
        if not isinstance(value, dict):
            raise InputError("setting 'columns' must be a table of name = \"header\"")
        return {str(k): str(v) for k, v in value.items()}
    if name == "target_net_margin_pct":
        return None if value in (None, "") else float(value)
    if isinstance(default, bool):
        return bool(value)
    if isinstance(default, int) and not isinstance(value, bool):
        if isinstance(value, float) and not value.is_integer():
            raise InputError(f"setting '{name}' must be a whole number, got {value!r}")
        return int(value)
    if isinstance(default, float):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise InputError(f"setting '{name}' must be a number, got {value!r}")
        return float(value)
    return value


def settings_from_mapping(data: dict[str, Any], base: Settings | None = None) -> Settings:
    """Build settings from a flat mapping; TOML tables other than [columns] are flattened."""
    base = base or Settings()
    flat: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict) and key != "columns":
            flat.update(value)
        else:
            flat[key] = value
    known = {f.name: getattr(base, f.name) for f in fields(base)}
    unknown = sorted(set(flat) - set(known))
    if unknown:
        raise InputError(f"unknown setting(s): {', '.join(unknown)}; "
                         f"known settings are listed in the README")
    changes = {k: _coerce(k, v, known[k]) for k, v in flat.items()}
    if "columns" in changes:
        changes["columns"] = {**base.columns, **changes["columns"]}
    return dataclasses.replace(base, **changes)


def load_settings(path: str | Path | None = None, **overrides: Any) -> Settings:
    """Defaults, then the TOML file if given, then keyword overrides (from the CLI)."""
    settings = Settings()
    if path is not None:
        path = Path(path)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise InputError(f"{path}: settings file not found") from exc
        except tomllib.TOMLDecodeError as exc:
            raise InputError(f"{path}: not a valid TOML settings file ({exc})") from exc
        settings = settings_from_mapping(data, settings)
    clean = {k: v for k, v in overrides.items() if v is not None}
    if clean:
        settings = settings_from_mapping(clean, settings)
    return settings


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def settings_to_toml(settings: Settings) -> str:
    """The settings as a TOML file a user can save, edit and pass with --settings."""
    lines = ["# xl-portfolio settings; delete the lines you do not change."]
    for f in fields(settings):
        value = getattr(settings, f.name)
        if f.name == "columns":
            continue
        if value is None:
            lines.append(f"# {f.name} =   (not set: automatic)")
        else:
            lines.append(f"{f.name} = {_toml_value(value)}")
    lines.append("")
    lines.append("[columns]  # canonical name = \"header in your file\"")
    lines.extend(f"{k} = {_toml_value(v)}" for k, v in settings.columns.items())
    return "\n".join(lines) + "\n"
