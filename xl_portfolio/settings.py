"""Every assumption of the analysis in one place, with documented defaults.

A finance user must be able to say how a figure was made, so rates, cut-offs and
thresholds are never scattered as literals: they live here, are printed on the
Settings sheet of the report, and can be overridden from a TOML file.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import functools
import re
import sys
import typing
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Annotated, Any, Literal

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model, model_validator

from xl_portfolio.errors import InputError
from xl_portfolio.setting_types import (  # noqa: F401 - Count is for new settings
    LANGUAGES,
    Count,
    Currency,
    Days,
    Growth,
    Hhi,
    Language,
    MarginPct,
    Months,
    NonNegative,
    Rate,
    ReportDate,
    Share,
    Text,
    WholeNumber,
    allowed_for,
    plain,
)

# Period lengths of the invoice history (setting trend_period), in months.
TREND_PERIODS = {"year": 12, "half-year": 6, "quarter": 3, "month": 1}
# Settings of the share command (size limit, mail server), kept off the report's Settings sheet.
SHARE_SETTINGS = ("share_size_limit_mb", "smtp_host", "smtp_port", "smtp_starttls",
                  "smtp_user", "smtp_password_env", "mail_from")


@dataclass
class Settings:
    """Parameters of one analysis run. Money in the currency of the input."""

    # Language of labels, actions and headers in the output: en, nl or fr.
    language: Language = "en"
    # Reference date; automatic = the last invoice date (lines) or today (customer sheet).
    as_of: ReportDate | None = None
    # Length of the current and of the previous period, in months.
    period_months: Months = 12

    # Gross margin % assumed when the input has neither cost of goods nor gross margin.
    default_gross_margin_pct: Share = 0.30

    # Cost to serve per order (order handling, invoicing).
    rate_per_order: Rate = 25.0
    # Cost to serve per order line (picking).
    rate_per_order_line: Rate = 2.5
    # Cost to serve per delivery (transport).
    rate_per_delivery: Rate = 40.0
    # Cost to serve per return (handling, credit note).
    rate_per_return: Rate = 60.0
    # Cost to serve per service hour (technical or customer service).
    rate_per_service_hour: Rate = 65.0
    # Cost to serve per sales visit (time and travel of the account manager).
    rate_per_sales_visit: Rate = 180.0
    # Cost to serve per rush order (extra handling and transport).
    rate_per_rush_order: Rate = 75.0
    # Yearly cost of capital: credit cost = revenue x DSO / 365 x cost of capital.
    cost_of_capital: Share = 0.08

    # Pyramid: Top = this share of active customers by count (cumulative).
    pyramid_top_pct: Share = 0.01
    # Pyramid: Top + Big = this share of active customers.
    pyramid_big_pct: Share = 0.05
    # Pyramid: Top + Big + Medium = this share; the rest is Small.
    pyramid_medium_pct: Share = 0.20

    # Net margin % that splits High from Low profitability; automatic = the portfolio's own.
    target_net_margin_pct: MarginPct | None = None

    # Flag a customer at or above this share of revenue (IFRS 8 par. 34 uses 10%).
    dependency_threshold: Share = 0.10
    # Concentration warning when the top 5 customers hold more than this share.
    top5_warning_share: Share = 0.40
    # HHI at or above this is moderately concentrated (US DOJ/FTC 2023).
    hhi_moderate: Hhi = 1000.0
    # HHI above this is highly concentrated (US DOJ/FTC 2023).
    hhi_high: Hhi = 1800.0

    # Revenue growth at or above this means high growth potential (when no column).
    growth_high_threshold: Growth = 0.15
    # Revenue growth at or below this means low growth potential.
    growth_low_threshold: Growth = -0.05
    # Share of wallet below this leaves high headroom.
    wallet_high_headroom_below: Share = 0.40
    # Share of wallet above this leaves low headroom.
    wallet_low_headroom_above: Share = 0.80
    # Growth plan for high potential: extra revenue aimed at, as a share of revenue.
    growth_uplift_high: NonNegative = 0.20
    # Growth plan for medium potential: extra revenue aimed at, as a share of revenue.
    growth_uplift_medium: NonNegative = 0.10
    # Growth plan for high potential: chance of success.
    growth_success_high: Share = 0.60
    # Growth plan for medium potential: chance of success.
    growth_success_medium: Share = 0.40
    # Growth plan: months to reach the extra revenue.
    growth_plan_months: Months = 6

    # Payment risk at or above this many days sales outstanding.
    dso_risk_days: Days = 60.0
    # Payment risk when the overdue amount is at least this share of revenue.
    overdue_risk_share: Share = 0.10
    # Trend warning "hardly any churn and hardly any new customers": both rates below this.
    trend_hardly_any_share: Share = 0.05

    # Months to the next review of anchored (profitable) customers.
    review_months_anchor: Months = 6
    # Months to the next review of customers to remediate.
    review_months_remediate: Months = 1
    # Months to the next review of customers whose margin must improve.
    review_months_improve: Months = 3
    # Months to the next review of small customers served low-touch.
    review_months_maintain: Months = 12

    # CLV: yearly retention rate r in CLV = m x r / (1 + d - r).
    clv_retention: Share = 0.80
    # CLV: yearly discount rate d.
    clv_discount_rate: Share = 0.10

    # Currency of the input's amounts (ISO 4217 code), shown with every money figure.
    currency: Currency = "EUR"
    # Agreed payment term in days: DSO beyond it counts as overdue when there is no
    # overdue column (EU Late Payment Directive default: 30 days).
    payment_terms_days: Days = 30.0
    # Remediation: chance that a loss-making customer accepts new terms (expected margin).
    remediation_success: Share = 0.70
    # Number of actions on the report's Actions sheet, ranked by money at stake.
    top_actions: Count = 25
    # Pyramid: below this many active customers, tier by cumulative revenue share.
    pyramid_min_active_for_count_rule: WholeNumber = 100
    # Small portfolio pyramid: Top = the customers making the first this share of revenue.
    pyramid_top_revenue_share: Share = 0.50
    # Small portfolio pyramid: Top + Big make up to this share of revenue.
    pyramid_big_revenue_share: Share = 0.80
    # Small portfolio pyramid: Top + Big + Medium make up to this share; the rest is Small.
    pyramid_medium_revenue_share: Share = 0.95
    # Invoice history: length of each period on the Trends sheet (year, half-year,
    # quarter or month), the last one ending at the as-of date.
    trend_period: Literal["year", "half-year", "quarter", "month"] = "year"
    # Probabilistic CLV: months ahead the lifetime value counts.
    clv_horizon_months: Months = 36
    # A customer is "at risk" when the probability of still buying (BG/NBD) is below this.
    alive_risk_threshold: Share = 0.5

    # Invoice lines: the sheet with customer cost drivers; automatic = detected.
    drivers_sheet: Text | None = None
    # Header mapping, as the [columns] table: column name = "header in your file".
    columns: dict[Text, Text] = field(default_factory=dict)

    # Share: warn when a shared copy is larger than this many megabytes.
    share_size_limit_mb: Annotated[float, Field(ge=0.1, le=1000)] = 10.0
    # Share --send: SMTP server host name; empty = not configured.
    smtp_host: str = ""
    # Share --send: SMTP port (587 = submission with STARTTLS).
    smtp_port: Annotated[int, Field(ge=1, le=65535)] = 587
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
        """Check every field against its declared kind and range, and the rules between
        fields (pydantic, see setting_types); store the normalised values (6 -> 6.0).

        Raises InputError naming each wrong setting and what it accepts.
        """
        try:
            checked = _model()(**{f.name: getattr(self, f.name) for f in fields(self)})
        except ValidationError as exc:
            raise InputError(validation_message(exc)) from None
        for f in fields(self):
            object.__setattr__(self, f.name, getattr(checked, f.name))

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


class _CrossFieldRules(BaseModel):
    """Rules between settings; each names the settings and what must hold."""

    model_config = ConfigDict(strict=True, allow_inf_nan=False, extra="forbid")

    @model_validator(mode="after")
    def _between_fields(self) -> _CrossFieldRules:
        s: Any = self
        if not 0 < s.pyramid_top_pct <= s.pyramid_big_pct <= s.pyramid_medium_pct <= 1:
            raise ValueError(
                "pyramid cut-offs must satisfy 0 < pyramid_top_pct <= pyramid_big_pct <= "
                f"pyramid_medium_pct <= 1, got {s.pyramid_top_pct:g}, {s.pyramid_big_pct:g}, "
                f"{s.pyramid_medium_pct:g}")
        if not (0 < s.pyramid_top_revenue_share <= s.pyramid_big_revenue_share
                <= s.pyramid_medium_revenue_share <= 1):
            raise ValueError(
                "pyramid revenue cut-offs must satisfy 0 < pyramid_top_revenue_share <= "
                "pyramid_big_revenue_share <= pyramid_medium_revenue_share <= 1, got "
                f"{s.pyramid_top_revenue_share:g}, {s.pyramid_big_revenue_share:g}, "
                f"{s.pyramid_medium_revenue_share:g}")
        if not s.clv_retention < 1 + s.clv_discount_rate:
            raise ValueError(f"clv_retention must be below 1 + clv_discount_rate, got "
                             f"{s.clv_retention:g} and {s.clv_discount_rate:g}")
        for low, high in (("hhi_moderate", "hhi_high"),
                          ("growth_low_threshold", "growth_high_threshold"),
                          ("wallet_high_headroom_below", "wallet_low_headroom_above")):
            if getattr(s, low) > getattr(s, high):
                raise ValueError(f"{low} must not be above {high}, got "
                                 f"{getattr(s, low):g} and {getattr(s, high):g}")
        return self


@functools.cache
def _model() -> type[BaseModel]:
    """A pydantic model with Settings' fields and annotations (built once)."""
    hints = typing.get_type_hints(Settings, include_extras=True)
    return create_model("SettingsModel", __base__=_CrossFieldRules,
                        **{f.name: (hints[f.name], ...) for f in fields(Settings)})


def allowed(name: str) -> str:
    """What setting `name` accepts, in plain words."""
    return allowed_for(_model().model_fields[name])


def validation_message(exc: ValidationError) -> str:
    """One plain line per wrong setting: its name, what it accepts, what was found."""
    lines = []
    for error in exc.errors():
        loc = error.get("loc") or ()
        if not loc:  # a rule between fields
            lines.append(str(error.get("ctx", {}).get("error", error["msg"])))
            continue
        name = str(loc[0])
        found = error.get("input")
        if name == "columns" and len(loc) > 1:
            lines.append(f"setting 'columns' must map names to header text, got "
                         f"{loc[1]} = {plain(found)}")
            continue
        lines.append(f"setting '{name}' must be {allowed(name)}, got {plain(found)}")
    if len(lines) == 1:
        return lines[0]
    return f"{len(lines)} settings are wrong:\n  " + "\n  ".join(lines)


def settings_from_mapping(data: dict[str, Any], base: Settings | None = None) -> Settings:
    """Build settings from a flat mapping; TOML tables other than [columns] are flattened."""
    base = base or Settings()
    known = [f.name for f in fields(base)]
    flat: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict) and key not in known:  # a grouping table like [rates]
            flat.update(value)
        else:
            flat[key] = value
    unknown = sorted(set(flat) - set(known))
    if unknown:
        hints = [m for name in unknown for m in difflib.get_close_matches(name, known, n=1)]
        hint = f" (did you mean {', '.join(hints)}?)" if hints else ""
        names = ", ".join(name if name.strip() else f'"{name}"' for name in unknown)
        raise InputError(f"unknown setting(s): {names}{hint}; "
                         f"known settings are listed in the README")
    if isinstance(flat.get("columns"), dict):
        flat["columns"] = {**base.columns, **flat["columns"]}
    return dataclasses.replace(base, **flat)


def read_settings_file(path: Path) -> dict[str, Any]:
    """The TOML file as a mapping; every way it can be unreadable is an InputError."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError("settings file not found", file=str(path)) from None
    except IsADirectoryError:
        raise InputError("is a folder; give the settings .toml file inside it",
                         file=str(path)) from None
    except PermissionError:
        problem = "is a folder" if path.is_dir() else "cannot be read (no permission)"
        raise InputError(f"{problem}; give a settings .toml file you can read",
                         file=str(path)) from None
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror})", file=str(path)) from None
    if raw.startswith(b"PK\x03\x04") or raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError("is an Excel workbook, not a TOML settings file; "
                         "xl-portfolio settings > settings.toml writes one", file=str(path))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise InputError(f"line {line}: not UTF-8 text (byte 0x{raw[exc.start]:02x}); save "
                         f"the settings file as UTF-8", file=str(path)) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"not a valid TOML settings file ({exc})", file=str(path)) from None


def load_settings(path: str | Path | None = None, **overrides: Any) -> Settings:
    """Defaults, then the TOML file if given, then keyword overrides (from the CLI)."""
    settings = Settings()
    if path is not None:
        path = Path(path)
        try:
            settings = settings_from_mapping(read_settings_file(path), settings)
        except InputError as exc:
            if exc.file:
                raise
            raise InputError(str(exc), file=str(path)) from None
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
    escaped = str(value).replace("\\", "\\\\").replace('"', '\\"')
    # Control characters are not allowed raw in a TOML string: write them as \uXXXX.
    return '"' + re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\u{ord(m.group()):04x}",
                        escaped) + '"'


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
