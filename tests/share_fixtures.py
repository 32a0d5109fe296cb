"""Inputs for the share tests: real reports from the real analyze, never checked-in files,
and helpers that open a shared copy the way a suspicious reader would (every zip part)."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pandas as pd
from openpyxl import load_workbook

from xl_portfolio.cli import main
from xl_portfolio.share.book import table_rows


def analyze_sample(folder: Path, name: str = "portfolio.xlsx") -> Path:
    """The report of the bundled sample, written by the real analyze command."""
    path = folder / name
    assert main(["analyze", "-o", str(path), "-q"]) == 0
    return path


def analyze_small_dutch(folder: Path) -> Path:
    """A Dutch report of a small customer sheet with an owner column."""
    frame = pd.DataFrame({
        "Klant": [f"Klant {i:02d} & Zonen" for i in range(12)],
        "Accountmanager": ["Els Peeters" if i % 2 else "Jan de Vries" for i in range(11)]
        + [None],
        "Omzet": [120_000 - 9_000 * i for i in range(12)],
        "Kostprijs": [80_000 - 5_000 * i + (20_000 if i % 5 == 0 else 0) for i in range(12)],
        "Leveringen": [10 + 3 * i for i in range(12)],
    })
    source = folder / "klanten.xlsx"
    frame.to_excel(source, index=False)
    path = folder / "portefeuille.xlsx"
    assert main(["analyze", str(source), "--customers", "--lang", "nl", "-o", str(path),
                 "-q"]) == 0
    return path


def part_texts(path: Path) -> dict[str, str]:
    """Every part of the package, decompressed, as text."""
    with zipfile.ZipFile(path) as package:
        return {name: package.read(name).decode("utf-8", errors="replace")
                for name in package.namelist()}


def survivors(path: Path, strings: list[str]) -> dict[str, list[str]]:
    """string -> the parts it (or its XML-escaped form) still appears in."""
    parts = part_texts(path)
    found: dict[str, list[str]] = {}
    for s in strings:
        forms = {s, escape(s), escape(s, {'"': "&quot;", "'": "&apos;"})}
        where = [name for name, text in parts.items() if any(f in text for f in forms)]
        if where:
            found[s] = where
    return found


def customers_frame(path: Path) -> pd.DataFrame:
    rows = table_rows(load_workbook(path), "Customers")
    return pd.DataFrame(rows[1:], columns=rows[0])


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
