"""Customer names replaced by stable codes made from a secret key.

code = "C-" + the first 10 base-32 characters of HMAC-SHA256(key, name): the same
customer gets the same code in every run with the same key, nobody can work back from
a code to a name without the key, and 50 bits make a clash practically impossible (one
is still checked). The key file also lists code -> name, so the sender can read the
recipients' replies; it is written beside, never inside, what is sent.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import secrets
from collections.abc import Iterable
from pathlib import Path

from openpyxl.cell.cell import Cell
from openpyxl.utils.cell import range_boundaries
from openpyxl.workbook.workbook import Workbook

from xl_portfolio.errors import InputError
from xl_portfolio.report.atomic import atomic_write

PREFIX = "C-"
CODE_CHARS = 10


class NameKey:
    """The secret and the code -> name list of one key file."""

    def __init__(self, path: Path, secret: str, codes: dict[str, str] | None = None):
        self.path = path
        self.secret = secret
        self.codes = dict(codes or {})

    @classmethod
    def load_or_create(cls, path: str | Path) -> NameKey:
        """Read the key file, or start a new one with a fresh random secret."""
        path = Path(path)
        if not path.exists():
            return cls(path, secrets.token_hex(32))
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(path, str(data["secret"]), dict(data.get("codes", {})))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise InputError(f"not an xl-portfolio key file ({exc}); give a new file name "
                             f"to start a new key", file=str(path)) from exc

    def code(self, name: str) -> str:
        digest = hmac.new(self.secret.encode(), name.strip().encode("utf-8"),
                          hashlib.sha256).digest()
        code = PREFIX + base64.b32encode(digest).decode()[:CODE_CHARS]
        known = self.codes.setdefault(code, name.strip())
        if known != name.strip():
            raise InputError(f"two customers got the same code {code}: {known!r} and "
                             f"{name!r}; start a new key file", file=str(self.path))
        return code

    def codes_for(self, names: Iterable[str]) -> dict[str, str]:
        """name -> code for every distinct non-empty name."""
        return {n: self.code(n) for n in dict.fromkeys(str(x) for x in names if x)
                if n.strip()}

    def save(self) -> Path:
        """Write the key file (secret and code list) atomically."""
        text = json.dumps({"about": "xl-portfolio anonymisation key: keep it, never send "
                                    "it", "secret": self.secret,
                           "codes": dict(sorted(self.codes.items()))},
                          indent=1, ensure_ascii=False)
        return atomic_write(self.path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def anonymise_workbook(wb: Workbook, replacements: dict[str, str]) -> int:
    """Replace names in every text cell; returns the number of cells changed.

    A cell equal to a name becomes its code. Text outside the Excel tables (warnings,
    statements, chart data) also has each name replaced inside it, longest names first
    so "Jansen BV" wins over "Jansen"; table cells hold one value each, so an exact
    match is enough there and keeps 100,000-row tables fast.
    """
    pattern = _pattern(replacements)
    changed = 0
    for ws in wb.worksheets:
        tables = [range_boundaries(t.ref) for t in ws.tables.values()]
        for row in ws.iter_rows():
            for cell in row:
                value = cell.value
                if not isinstance(value, str) or not value:
                    continue
                new = replacements.get(value.strip())
                if new is None and pattern is not None and not _inside(cell, tables):
                    new = pattern.sub(lambda m: replacements[m.group(0)], value)
                if new is not None and new != value:
                    cell.value = new
                    changed += 1
    return changed


def anonymise_text(value: str, replacements: dict[str, str]) -> str:
    """Every name inside a text (a mail body) replaced by its code."""
    pattern = _pattern(replacements)
    return pattern.sub(lambda m: replacements[m.group(0)], value) if pattern else value


def _inside(cell: Cell, tables: list[tuple[int, int, int, int]]) -> bool:
    return any(c1 <= cell.column <= c2 and r1 <= cell.row <= r2
               for c1, r1, c2, r2 in tables)


def _pattern(replacements: dict[str, str]) -> re.Pattern[str] | None:
    names = sorted((n for n in replacements if len(n) >= 2), key=len, reverse=True)
    if not names:
        return None
    return re.compile("|".join(re.escape(n) for n in names))
