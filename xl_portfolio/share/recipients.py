"""The recipients list: who gets which manager's copy, at which address, in which language.

A CSV file or the first sheet of an .xlsx with a header row: owner, email, language
(Dutch and French headers are understood too). One row per account manager.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from xl_portfolio.errors import InputError
from xl_portfolio.settings import LANGUAGES

HEADERS = {
    "owner": ("owner", "account manager", "accountmanager", "name", "naam", "responsable",
              "nom"),
    "email": ("email", "e-mail", "mail", "address", "e-mail address", "adres", "adresse",
              "courriel"),
    "language": ("language", "lang", "taal", "langue"),
}
EMAIL = re.compile(r"^[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+$")


@dataclass(frozen=True)
class Recipient:
    owner: str
    email: str
    language: str


def read_recipients(path: str | Path) -> dict[str, Recipient]:
    """owner (casefolded) -> Recipient; a bad row is an InputError naming its row."""
    path = Path(path)
    rows = _rows(path)
    if not rows:
        raise InputError("the recipients list is empty; expected a header row owner, "
                         "email, language", file=str(path))
    columns = _columns(rows[0], path)
    found: dict[str, Recipient] = {}
    for number, row in enumerate(rows[1:], start=2):
        values = {k: _text(row[i]) if i < len(row) else "" for k, i in columns.items()}
        if not any(values.values()):
            continue
        where = f"row {number}"
        if not values["owner"]:
            raise InputError(f"{where}: the owner is empty", file=str(path))
        if not EMAIL.match(values["email"]):
            raise InputError(f"{where}: {values['email']!r} is not an e-mail address",
                             file=str(path))
        language = (values.get("language") or "en").lower()
        if language not in LANGUAGES:
            raise InputError(f"{where}: language must be one of {', '.join(LANGUAGES)}, "
                             f"got {language!r}", file=str(path))
        key = values["owner"].casefold()
        if key in found:
            raise InputError(f"{where}: owner {values['owner']!r} is listed twice",
                             file=str(path))
        found[key] = Recipient(values["owner"], values["email"], language)
    return found


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _columns(header: list[Any], path: Path) -> dict[str, int]:
    names = [_text(h).casefold() for h in header]
    columns: dict[str, int] = {}
    for key, aliases in HEADERS.items():
        for i, name in enumerate(names):
            if name in aliases:
                columns[key] = i
                break
    missing = [k for k in ("owner", "email") if k not in columns]
    if missing:
        raise InputError(f"row 1: the recipients list needs the column(s) "
                         f"{', '.join(missing)} (found {', '.join(map(repr, names))})",
                         file=str(path))
    return columns


def _rows(path: Path) -> list[list[Any]]:
    if not path.is_file():
        raise InputError("recipients list not found", file=str(path))
    suffix = path.suffix.lower()
    if suffix == ".csv":
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            text = path.read_text(encoding="latin-1")
        try:
            dialect: Any = csv.Sniffer().sniff(text[:2048], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        return [row for row in csv.reader(text.splitlines(), dialect)]
    if suffix in (".xlsx", ".xlsm"):
        try:
            wb = load_workbook(path, read_only=True, data_only=True)
        except (InvalidFileException, OSError, KeyError, ValueError) as exc:
            raise InputError(f"cannot open the recipients list ({exc})",
                             file=str(path)) from exc
        try:
            return [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)]
        finally:
            wb.close()
    raise InputError("a recipients list must be a .csv or .xlsx file", file=str(path))
