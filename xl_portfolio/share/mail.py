"""The e-mail that goes with a shared copy: an .eml draft or a message to send.

Built with the standard library's email package, so Outlook, Apple Mail and Thunderbird
open the .eml; "X-Unsent: 1" makes Outlook open it as a draft ready to send.
"""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import Any

import pandas as pd

from xl_portfolio.i18n import customers_text, format_date, format_money, format_pct
from xl_portfolio.report.atomic import atomic_write
from xl_portfolio.share.words import word

XLSX_TYPE = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
TOP_WARNINGS = 3
MAX_ACTIONS = 15


def mail_body(summary: dict[str, Any], warnings: list[str], language: str, *,
              file: str, owner: str | None = None,
              actions: pd.DataFrame | None = None) -> str:
    """Greeting, headline figures, top warnings and (for an owner) the action list."""
    as_of = _date(summary.get("as_of"), language)
    lines = [word("greeting", language), ""]
    if owner:
        lines.append(word("intro_owner", language, owner=owner, as_of=as_of, file=file))
    else:
        lines.append(word("intro", language, as_of=as_of, file=file))
    lines += ["", word("headline", language),
              "- " + word("revenue", language, value=format_money(summary["revenue"],
                                                                  language)),
              "- " + word("net_margin", language,
                          value=format_money(summary["net_margin"], language),
                          pct=_pct(summary["net_margin_pct"], language)),
              "- " + word("loss_making", language, value=customers_text(
                  int(summary["loss_making_customers"]), language))]
    if warnings:
        lines += ["", word("warnings", language)]
        lines += [f"- {w}" for w in warnings[:TOP_WARNINGS]]
    if owner is not None and actions is not None:
        lines += ["", word("actions", language)]
        lines += action_lines(actions, language)
    lines += ["", word("signature", language)]
    return "\n".join(lines) + "\n"


def needs_action(customers: pd.DataFrame) -> pd.Series:
    """Customers with an action text (the analysis gives every customer one to do)."""
    return customers["action"].notna() & (customers["action"].astype(str).str.strip() != "")


def action_lines(customers: pd.DataFrame, language: str) -> list[str]:
    """One line per customer that needs action, the most money at stake first (as on the
    report's Actions sheet), then by priority."""
    todo = customers[needs_action(customers)].copy()
    if todo.empty:
        return [word("no_actions", language)]
    todo["_priority"] = pd.to_numeric(todo.get("priority"), errors="coerce")
    stake = todo["money_at_stake"] if "money_at_stake" in todo else todo["net_margin"].abs()
    todo["_stake"] = pd.to_numeric(stake, errors="coerce")
    todo = todo.sort_values(["_stake", "_priority"], ascending=[False, True], kind="stable")
    lines = ["- " + word("action_line", language, customer=r["customer"], action=r["action"],
                         review=_date(r.get("next_review"), language))
             for r in todo.head(MAX_ACTIONS).to_dict("records")]
    if len(todo) > MAX_ACTIONS:
        lines.append(word("more_actions", language, count=len(todo) - MAX_ACTIONS))
    return lines


def _pct(value: float, language: str) -> str:
    return format_pct(value, language) if value == value else "n/a"


def _date(value: Any, language: str) -> str:
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime):
        value = value.date()
    return format_date(value, language) if isinstance(value, dt.date) else "-"


def build_message(workbook: Path, body: str, subject: str, *, to: str | None,
                  sender: str | None) -> EmailMessage:
    """A message with the workbook attached byte for byte."""
    message = EmailMessage()
    message["Subject"] = subject
    if sender:
        message["From"] = sender
    if to:
        message["To"] = to
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain="xl-portfolio.local")
    message["X-Unsent"] = "1"
    message.set_content(body)
    message.add_attachment(workbook.read_bytes(), maintype=XLSX_TYPE[0],
                           subtype=XLSX_TYPE[1], filename=workbook.name)
    return message


def write_eml(message: EmailMessage, path: Path) -> Path:
    """The draft as an .eml file (CRLF line ends, as mail programs expect)."""
    data = message.as_bytes(policy=message.policy.clone(linesep="\r\n"))
    return atomic_write(path, lambda tmp: tmp.write_bytes(data))


def subject(summary: dict[str, Any], language: str, owner: str | None) -> str:
    as_of = _date(summary.get("as_of"), language)
    if owner:
        return word("subject_owner", language, as_of=as_of, owner=owner)
    return word("subject", language, as_of=as_of)
