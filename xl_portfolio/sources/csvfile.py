"""Reading CSV exports: guess encoding, delimiter and decimal comma like Excel users expect.

Dutch, Flemish and French Excel write CSV with ';' and a decimal comma, in cp1252 unless
asked for UTF-8; English tools write ',' and a decimal point. We accept all of them.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from pathlib import Path

from xl_portfolio.errors import InputError
from xl_portfolio.sources.grid import Grid

DELIMITERS = ",;\t|"
_SAMPLE_LINES = 50
_PREFIX_CHARS = 64 * 1024  # first guess at the text holding the sample lines
_COMMA_DECIMAL = re.compile(r"^[-+(]?[€$£]?\s?\d{1,3}(\.\d{3})+,\d+\)?$|^[-+(]?\d+,\d{1,2}\)?$")
_DOT_DECIMAL = re.compile(r"^[-+(]?[€$£]?\s?\d{1,3}(,\d{3})+\.\d+\)?$|^[-+(]?\d+\.\d{1,2}\)?$")


def decode_bytes(raw: bytes, name: str = "") -> str:
    """UTF-8 (with or without BOM) first; Windows-1252 is what Excel writes otherwise.

    UTF-16 with a byte-order mark (Excel's "Unicode text") is read as such; other bytes
    with NULs (UTF-16 without a mark, a workbook or picture renamed .csv) are refused,
    since any 8-bit decoding would turn them into garbled headers.
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError("is not a readable CSV file (UTF-16 with damaged bytes); save "
                             "it from Excel as 'CSV UTF-8'", file=name) from exc
    if raw.startswith(b"PK\x03\x04"):
        raise InputError("is not a readable CSV file: it is a zip package, probably an "
                         ".xlsx workbook with a .csv name; rename it to .xlsx", file=name)
    if b"\x00" in raw[:65536]:
        raise InputError("is not a readable CSV file (UTF-16? binary?): it holds NUL bytes; "
                         "save it from Excel as 'CSV UTF-8'", file=name)
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")  # never fails: every byte is a character


def detect_delimiter(text: str) -> str:
    """csv.Sniffer on a sample, checked against field counts; counting as the fallback."""
    lines = [line for line in _first_lines(text, _SAMPLE_LINES) if line.strip()]
    if not lines:
        return ","
    sample = "\n".join(lines)
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        sniffed = None
    scores = {d: _consistency(lines, d) for d in DELIMITERS}
    if sniffed and scores.get(sniffed, 0) >= max(scores.values()):
        return sniffed
    best = max(DELIMITERS, key=lambda d: scores[d])  # ties keep the order of DELIMITERS
    return best if scores[best] > 0 else (sniffed or ",")


def _first_lines(text: str, count: int) -> list[str]:
    """text.splitlines()[:count] without splitting a whole 50 MB file: a prefix ending at
    a line feed holds the same first lines (a longer prefix when it holds too few)."""
    size = _PREFIX_CHARS
    while size < len(text):
        cut = text.rfind("\n", 0, size)
        lines = text[:cut + 1].splitlines() if cut >= 0 else []
        if len(lines) >= count:
            return lines[:count]
        size *= 4
    return text.splitlines()[:count]


def _consistency(lines: list[str], delimiter: str) -> float:
    """How well a delimiter splits the sample: rows sharing the most common width > 1."""
    widths = [len(row) for row in csv.reader(lines, delimiter=delimiter)]
    width, count = Counter(widths).most_common(1)[0]
    if width < 2:
        return 0.0
    return count + width / 1000  # more columns breaks ties between equally steady splits


def detect_decimal_comma(rows: list[list[str]]) -> bool | None:
    """True when numbers look like '1234,56', False for '1234.56', None if undecided."""
    comma = dot = 0
    for row in rows[:2000]:
        for value in row:
            text = value.strip()
            if _COMMA_DECIMAL.match(text):
                comma += 1
            elif _DOT_DECIMAL.match(text):
                dot += 1
    if comma == dot:
        return None
    return comma > dot


def read_csv_grid(path: Path) -> Grid:
    """All rows of a CSV file as text cells (row 1 is the first line)."""
    name = path.name
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot be read: {exc}", file=name) from exc
    text = decode_bytes(raw, name)
    delimiter = detect_delimiter(text)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise InputError(f"is not a readable CSV file ({exc})", file=name) from exc
    return Grid(rows=rows, first_row=1, first_col=0, sheet=None, file=name,
                decimal_comma=detect_decimal_comma(rows))
