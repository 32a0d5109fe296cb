"""share_copy: the shareable copies of a portfolio workbook, their mails, the sending.

Everything is checked before anything is written (owners, sheets, recipients, mail
settings); every copy and draft is built in a staging folder beside the output and
moved into place only when all of them are done, so a failure leaves no half-written
file; sending starts only after that.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook
from openpyxl.styles import Font
from openpyxl.workbook.workbook import Workbook

from xl_portfolio.errors import InputError
from xl_portfolio.report.atomic import check_writable
from xl_portfolio.report.labels import text
from xl_portfolio.report.template import find_cell
from xl_portfolio.report.writer import write_report
from xl_portfolio.settings import LANGUAGES, Settings, load_settings
from xl_portfolio.share import clean
from xl_portfolio.share.anonymise import NameKey, anonymise_text, anonymise_workbook
from xl_portfolio.share.book import PortfolioBook, read_portfolio
from xl_portfolio.share.mail import build_message, mail_body, subject, write_eml
from xl_portfolio.share.recipients import Recipient, read_recipients
from xl_portfolio.share.smtp import SendError, check_smtp_settings, send_all
from xl_portfolio.share.subset import figures, owner_mask, owner_result
from xl_portfolio.share.words import word

MB = 1024 * 1024
# Key figures that stay relative to the whole portfolio in an owner's copy.
PORTFOLIO_FIGURES = ("cr1", "cr5", "hhi", "effective_number")


@dataclass
class SharedCopy:
    """One copy written (and what happened to its mail)."""

    path: Path
    size: int = 0
    owner: str | None = None
    recipient: Recipient | None = None
    eml: Path | None = None
    sent: bool = False
    removed_sheets: list[str] = field(default_factory=list)
    size_limit: int = 10 * MB
    # --per-owner: customers with no owner, so in none of the copies (said, not hidden).
    unassigned: int = 0
    message: EmailMessage | None = field(default=None, repr=False)

    @property
    def too_big(self) -> bool:
        return self.size > self.size_limit


@dataclass
class _Plan:
    owner: str | None
    mask: pd.Series | None
    path: Path
    recipient: Recipient | None
    to: str | None


def share_copy(portfolio: str | Path, output: str | Path | None = None, *,
               sheets: Sequence[str] | str | None = None, owner: str | None = None,
               per_owner: bool = False, anonymise: bool = False,
               key: str | Path | None = None, recipients: str | Path | None = None,
               to: str | None = None, lang: str | None = None, mail: bool = False,
               send: bool = False, settings: Settings | str | Path | None = None,
               template: str | Path | None = None) -> list[SharedCopy]:
    """Write clean shareable copies of a portfolio workbook; returns what was written.

    output: the copy (.xlsx) or, with per_owner, the folder for one copy per owner.
    The keywords mirror the options of `xl-portfolio share`.
    sheets: sheet titles to keep (a list, or one comma-separated text).
    owner / per_owner: one account manager's customers / one copy per manager, totals
    recomputed. anonymise: customer names become codes
    from the key file (key, default beside the output; never attached). recipients:
    CSV or .xlsx with owner, email, language. lang: mail language when the list gives
    none. mail writes an .eml draft beside each copy; send sends through the SMTP server
    of the settings (a Settings object or a TOML path). template: the restyled report
    template the portfolio was written with, for owner copies (default: built-in).
    """
    settings = settings if isinstance(settings, Settings) else load_settings(settings)
    if owner and per_owner:
        raise InputError("--owner and --per-owner exclude each other: choose one")
    if lang is not None and lang not in LANGUAGES:
        raise InputError(f"--lang must be one of {', '.join(LANGUAGES)}, got {lang!r}")
    if isinstance(sheets, str):
        sheets = [s.strip() for s in sheets.split(",") if s.strip()]
    book = read_portfolio(portfolio)
    if sheets:
        clean.keep_only(load_workbook(book.path, read_only=True), sheets, str(book.path))
    people = read_recipients(recipients) if recipients else {}
    plans = _plans(book, output, owner=owner, per_owner=per_owner, people=people, to=to)
    if send:
        check_smtp_settings(settings)
        unaddressed = [p.owner or p.path.name for p in plans if not p.to]
        if unaddressed:
            raise InputError("--send needs an address for every copy (--to, or the "
                             "recipients list): none for " + ", ".join(unaddressed))
    name_key = _name_key(key, anonymise, plans, book.path.stem)
    copies = _write_all(book, plans, sheets=sheets, name_key=name_key, settings=settings,
                        language=lang, drafts=mail, send=send, template=template)
    if per_owner:
        names = book.customers["owner"].astype("string").str.strip().fillna("")
        for copy in copies:
            copy.unassigned = int((names == "").sum())
    if send:
        _send(copies, settings)
    return copies


def _plans(book: PortfolioBook, output: str | Path | None, *, owner: str | None,
           per_owner: bool, people: dict[str, Recipient], to: str | None) -> list[_Plan]:
    """Which copies to make, where, and for whom (validated before writing)."""
    stem = book.path.stem
    if per_owner:
        owners = book.owners
        if not owners:
            owner_mask(book, "?")  # raises: no owner column, or names the missing owners
        folder = Path(output) if output else book.path.with_name(f"{stem}-shared")
        if folder.suffix.lower() == ".xlsx":
            raise InputError(f"with --per-owner, -o names a folder, got {folder.name!r}")
        plans = []
        for name in owners:
            recipient = people.get(name.casefold())
            plans.append(_Plan(name, owner_mask(book, name),
                               folder / f"{stem}-{_slug(name)}.xlsx", recipient,
                               recipient.email if recipient else None))
        return plans
    path = Path(output) if output else book.path.with_name(f"{stem}-shared.xlsx")
    if path.suffix.lower() != ".xlsx":
        raise InputError(f"the shared copy must be an .xlsx file, got {path.name!r}")
    if path.exists() and path.resolve() == book.path.resolve():
        raise InputError("the copy would overwrite the portfolio; choose another -o")
    recipient = people.get(owner.casefold()) if owner else None
    if owner and people and recipient is None:
        raise InputError(f"owner {owner!r} is not in the recipients list")
    mask = owner_mask(book, owner) if owner else None
    return [_Plan(owner, mask, path, recipient, to or (recipient.email if recipient
                                                       else None))]


def _slug(name: str) -> str:
    return re.sub(r"[^\w-]+", "_", name.strip(), flags=re.UNICODE).strip("_") or "owner"


def _name_key(key: str | Path | None, anonymise: bool, plans: list[_Plan],
              stem: str) -> NameKey | None:
    if not anonymise:
        if key is not None:
            raise InputError("--key is only used with --anonymise")
        return None
    path = Path(key) if key else plans[0].path.parent / f"{stem}-shared-key.json"
    if path.suffix.lower() in (".xlsx", ".eml"):
        raise InputError(f"the key file must not be a workbook or mail, got {path.name!r}")
    if any(path.resolve() == p.path.resolve() for p in plans):
        raise InputError("the key file would overwrite a shared copy; choose another --key")
    return NameKey.load_or_create(path)


def _write_all(book: PortfolioBook, plans: list[_Plan], *, sheets: Sequence[str] | None,
               name_key: NameKey | None, settings: Settings, language: str | None,
               drafts: bool, send: bool, template: str | Path | None) -> list[SharedCopy]:
    folder = plans[0].path.parent
    folder.mkdir(parents=True, exist_ok=True)
    for plan in plans:
        check_writable(plan.path)
    names = name_key.codes_for(book.customers["customer"]) if name_key else {}
    copies: list[SharedCopy] = []
    with tempfile.TemporaryDirectory(prefix=".~share-", dir=folder) as staging:
        stage = Path(staging)
        for plan in plans:
            staged = stage / plan.path.name
            removed = _build(book, plan, staged, sheets=sheets, names=names,
                             template=template)
            copy = SharedCopy(staged, staged.stat().st_size, plan.owner, plan.recipient,
                              removed_sheets=removed,
                              size_limit=int(settings.share_size_limit_mb * MB))
            if drafts or send:
                lang = (plan.recipient.language if plan.recipient else None) or language \
                    or book.settings.language
                copy.message = _message(book, plan, staged, lang, names, settings)
            if drafts:
                copy.eml = stage / (plan.path.stem + ".eml")
                write_eml(copy.message, copy.eml)
            copies.append(copy)
        if name_key is not None:
            name_key.save()
        for copy, plan in zip(copies, plans, strict=True):
            os.replace(copy.path, plan.path)
            copy.path = plan.path
            if copy.eml is not None:
                os.replace(copy.eml, plan.path.with_suffix(".eml"))
                copy.eml = plan.path.with_suffix(".eml")
    return copies


def _build(book: PortfolioBook, plan: _Plan, target: Path, *,
           sheets: Sequence[str] | None, names: dict[str, str],
           template: str | Path | None) -> list[str]:
    """Write one clean copy to target; returns the sheets left out."""
    if plan.owner is None:  # the one whole copy of a run: the book as read is used up
        wb = book.wb
        if clean.has_formulas(wb):
            cached = load_workbook(book.path, data_only=True, keep_links=False)
            clean.formulas_to_values(wb, cached, str(book.path))
    else:
        wb = _owner_workbook(book, plan.owner, target, template)
    removed = clean.drop_hidden_sheets(wb)
    if sheets:
        # Checked against the portfolio already; an owner's copy has no Trends sheet.
        present = {ws.title.casefold() for ws in wb.worksheets}
        wanted = [s for s in sheets if s.strip().casefold() in present]
        if not wanted:
            raise InputError(f"none of the sheets {', '.join(map(repr, sheets))} is in "
                             f"{plan.owner}'s copy", file=str(book.path))
        removed += clean.keep_only(wb, wanted, str(book.path))
    if names:
        anonymise_workbook(wb, names)
    clean.clean_properties(wb)
    wb.save(target)
    clean.check_package(target)
    return removed


def _owner_workbook(book: PortfolioBook, owner: str, target: Path,
                    template: str | Path | None) -> Workbook:
    """One manager's workbook, written by the report writer from the subset result."""
    result = owner_result(book, owner)
    draft = target.with_name(".~owner-" + target.name)
    write_report(result, draft, template=template)
    wb = load_workbook(draft, rich_text=False)
    draft.unlink()
    _mark_portfolio_figures(wb, result.settings.language)
    _name_whole_portfolio_rules(wb, result.settings.language,
                                result.summary.get("target_source") == "portfolio")
    title = find_cell(wb, "Dashboard_Title")
    if title is not None:  # the line under the date, where a full report names its source
        ws, top, left = title
        ws.cell(top + 2, left).value = word("for_owner", result.settings.language,
                                            owner=result.customers["owner"].iloc[0],
                                            count=len(result.customers))
    trends = find_cell(wb, "Trends_Note")
    if trends is not None:  # trends need invoice lines: not recomputable for a subset
        clean.remove_sheet(wb, trends[0])
    return wb


def _mark_portfolio_figures(wb: Workbook, language: str) -> None:
    """Write "whole portfolio" beside the concentration figures, which an owner's copy
    keeps from the whole portfolio: in the two cells right of the value, which these rows
    leave empty (a longer label would be cut off in its column)."""
    found = find_cell(wb, "Dashboard_KeyFigures")
    if found is None:
        return
    ws, top, left = found
    wanted = {text(key, language) for key in PORTFOLIO_FIGURES}
    for row in range(top + 1, ws.max_row + 1):
        label = ws.cell(row, left).value
        if label is None:
            break
        if label in wanted and ws.cell(row, left + 2).value is None:
            note = ws.cell(row, left + 2)
            note.value = word("whole_portfolio", language)
            note.font = Font(italic=True, size=note.font.size, color="FF595959")
            ws.merge_cells(start_row=row, start_column=left + 2, end_row=row,
                           end_column=left + 3)


def _name_whole_portfolio_rules(wb: Workbook, language: str, target_automatic: bool) -> None:
    """The matrix splits on the whole portfolio's target and the pyramid keeps the whole
    portfolio's tiers: say so where each is stated, or a manager reads "the active
    customers" as the ones in this copy."""
    found = find_cell(wb, "Matrix_Title")
    if found is not None and target_automatic:
        cell = found[0].cell(found[1], found[2])
        cell.value = str(cell.value).replace(text("target_source.portfolio", language),
                                             word("target_whole", language))
    found = find_cell(wb, "Pyramid_Title")
    if found is not None:
        cell = found[0].cell(found[1] + 1, found[2])
        cell.value = " ".join(filter(None, [cell.value, word("tiers_whole", language)]))


def _message(book: PortfolioBook, plan: _Plan, workbook: Path, language: str,
             names: dict[str, str], settings: Settings) -> EmailMessage:
    """The mail of one copy. The whole portfolio's mail in the workbook's language quotes
    the dashboard's warnings (trends included); otherwise the warnings are recomputed
    in the reader's language from the customer rows (concentration and losses)."""
    summary, warnings = figures(book, plan.mask, language)
    if plan.mask is None and language == book.settings.language and book.warnings:
        warnings = book.warnings
    part = book.customers if plan.mask is None else book.customers[plan.mask]
    shown = str(part["owner"].iloc[0]).strip() if plan.owner else None
    body = mail_body(summary, warnings, language, file=workbook.name, owner=shown,
                     actions=part if plan.owner else None)
    if names:
        body = anonymise_text(body, names)
    return build_message(workbook, body, subject(summary, language, shown),
                         to=plan.to, sender=settings.mail_from or settings.smtp_user)


def _send(copies: list[SharedCopy], settings: Settings) -> None:
    """Send the prepared messages (no draft marker); SendError says what went out."""
    messages = []
    for copy in copies:
        message = copy.message
        del message["X-Unsent"]
        messages.append(message)
    try:
        sent = send_all(messages, settings)
    except SendError as exc:
        for copy in copies[:len(exc.sent)]:
            copy.sent = True
        raise
    for copy in copies[:len(sent)]:
        copy.sent = True
