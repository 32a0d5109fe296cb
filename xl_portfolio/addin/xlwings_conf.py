"""Reading and editing the xlwings user config file without losing the user's own keys.

The file is what `xlwings config create` writes and the xlwings add-in's VBA reads with
`Input #`: one `"KEY","value"` line per setting. xl-portfolio no longer writes it (the
add-in carries its own settings); this module reads it and puts back what versions
before the self-contained add-in changed in it.
"""

from __future__ import annotations

import csv
import io
import locale
import sys
from pathlib import Path

UDF_MODULES = "UDF MODULES"


def encoding_for(platform: str) -> str:
    """The encoding VBA's `Input #`/`Write #` use: the Windows ANSI code page (cp1252 in
    Western Europe) on Windows, UTF-8 on macOS as xlwings writes it there."""
    if platform != "windows":
        return "utf-8"
    if sys.platform == "win32":
        return locale.getpreferredencoding(False)
    return "cp1252"


def decode(data: bytes, platform: str) -> str:
    """File bytes as text: the platform's encoding, else UTF-8 (files written by older
    versions of xl-portfolio), else Latin-1, which never fails."""
    for encoding in (encoding_for(platform), "utf-8"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def read(path: Path, platform: str = "windows") -> dict[str, str]:
    """The settings in file order; an absent file is an empty config."""
    if not path.exists():
        return {}
    text = decode(path.read_bytes(), platform)
    settings: dict[str, str] = {}
    for row in csv.reader(io.StringIO(text)):
        if row and row[0].strip():
            settings[row[0]] = row[1] if len(row) > 1 else ""
    return settings


def render(settings: dict[str, str], newline: str = "\n") -> str:
    """The file text: both fields quoted, as xlwings and VBA's Write # produce them."""
    return "".join(f'"{key}","{value}"{newline}' for key, value in settings.items())


def drop_module(modules: str, module: str) -> str:
    """The module list without `module`."""
    return ";".join(m for m in modules.split(";") if m.strip() and m.strip() != module)
