"""Reading and editing the xlwings user config file without losing the user's own keys.

The file is what `xlwings config create` writes and the add-in's VBA reads with
`Input #`: one `"KEY","value"` line per setting. Other tools (and the user) keep their
settings in it too, so the installer changes only the keys it owns and remembers what
was there before, to put it back on remove.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

UDF_MODULES = "UDF MODULES"


def read(path: Path) -> dict[str, str]:
    """The settings in file order; an absent file is an empty config."""
    if not path.exists():
        return {}
    text = path.read_text(encoding="utf-8")
    settings: dict[str, str] = {}
    for row in csv.reader(io.StringIO(text)):
        if row and row[0].strip():
            settings[row[0]] = row[1] if len(row) > 1 else ""
    return settings


def render(settings: dict[str, str], newline: str = "\n") -> str:
    """The file text: both fields quoted, as xlwings and VBA's Write # produce them."""
    return "".join(f'"{key}","{value}"{newline}' for key, value in settings.items())


def add_module(modules: str, module: str) -> str:
    """A ';'-separated module list with `module` in it once (other modules kept)."""
    names = [m for m in modules.split(";") if m.strip() and m.strip() != module]
    return ";".join([*names, module])


def drop_module(modules: str, module: str) -> str:
    """The module list without `module`."""
    return ";".join(m for m in modules.split(";") if m.strip() and m.strip() != module)
