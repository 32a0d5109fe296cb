"""The first rows of a worksheet, read straight from the package XML.

The column-wise reader (sources.fastsheet) must know the header row and the column
types before it asks fastexcel for the body, and fastexcel parses the whole sheet on
every call: reading the head through it would cost a second full parse. The head is a
few kilobytes at the start of the sheet part, plus the first shared strings, so it is
read here. Anything this reader is unsure of comes back as OTHER (a value that is not
plain text), and the caller then leaves the sheet to the general reader; the header
texts are also checked against what fastexcel itself reads.
"""

from __future__ import annotations

import html
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from xl_portfolio.sources.package import CELL_REF, CELL_TYPE, column_number

# Rows the header search looks at (table.HEADER_SEARCH_ROWS) plus the first data rows.
HEAD_ROWS = 25
_READ = 64 * 1024
# A sheet whose head is this large is not a plain table: leave it to the general reader.
_MAX_HEAD = 4 * 1024 * 1024
_MAX_STRINGS = 16 * 1024 * 1024

_ROW = re.compile(rb'<row\b([^>]*?)(?:/>|>(.*?)</row>)', re.S)
_ROW_NUMBER = re.compile(rb'\br="(\d+)"')
_CELL = re.compile(rb'<c\b([^>]*?)(?:/>|>(.*?)</c>)', re.S)
_VALUE = re.compile(rb'<v>([^<]*)</v>')
_STRING_ITEM = re.compile(rb'<si>(.*?)</si>|<si/>', re.S)
_PHONETIC = re.compile(rb'<rPh\b.*?</rPh>', re.S)
_TEXT = re.compile(rb'<t\b[^>]*?(?:/>|>(.*?)</t>)', re.S)
_ESCAPED_CHAR = re.compile(r"_x[0-9A-Fa-f]{4}_")


class _Other:
    """A filled cell that is not plain text (a number, a date, a boolean, unsure)."""

    def __repr__(self) -> str:
        return "OTHER"


OTHER = _Other()


@dataclass
class SheetHead:
    """Cells of the first rows: rows[i][column] is Excel row first_row + i, column 0-based.

    Cell values are str, OTHER or None (empty); first_row is the first row holding a value,
    as calamine (and so fastexcel) counts rows.
    """

    first_row: int
    rows: list[dict[int, object]]
    complete: bool  # the sheet ends within these rows


def read_head(path: Path, part: str, rows: int = HEAD_ROWS) -> SheetHead | None:
    """The first rows of the sheet in package part `part`; None when it cannot be sure."""
    with zipfile.ZipFile(path) as archive:
        found = _head_cells(archive, part, rows)
        if found is None:
            return None
        raw, complete = found
        wanted = {value for row in raw.values() for value in row.values()
                  if isinstance(value, int)}
        strings = _shared_strings(archive, max(wanted)) if wanted else []
        if strings is None:
            return None
    if not raw:
        return SheetHead(first_row=1, rows=[], complete=complete)
    first = min(raw)
    cells = [{column: strings[value] if isinstance(value, int) else value
              for column, value in raw.get(first + i, {}).items()}
             for i in range(min(rows, max(raw) - first + 1))]
    return SheetHead(first_row=first, rows=cells, complete=complete)


def _head_cells(archive: zipfile.ZipFile, part: str, rows: int
                ) -> tuple[dict[int, dict[int, object]], bool] | None:
    """Cells of the first `rows` rows from the first row with a value, and whether the
    sheet ends there; read in small pieces from the start of the part."""
    data = b""
    with archive.open(part) as stream:
        while len(data) < _MAX_HEAD:
            chunk = stream.read(_READ)
            data += chunk
            end = len(data) if not chunk else data.rfind(b"</row>") + 6
            raw = _cells(data[:end])
            if raw is None:
                return None
            if not chunk:
                return raw, True
            last = _ROW_NUMBER.findall(data[data.rfind(b"<row", 0, end):end])
            if raw and last and int(last[0]) >= min(raw) + rows - 1:
                return {r: cells for r, cells in raw.items() if r < min(raw) + rows}, False
    return None


def _cells(head: bytes) -> dict[int, dict[int, object]] | None:
    """Excel row -> {column: str | shared string index | OTHER} for cells with a value."""
    found: dict[int, dict[int, object]] = {}
    for row in _ROW.finditer(head):
        for cell in _CELL.finditer(row.group(2) or b""):
            attributes, body = cell.group(1), cell.group(2) or b""
            ref = CELL_REF.search(attributes)
            if ref is None:
                return None  # cells placed by order alone: leave it to the general reader
            value = _cell_value(attributes, body)
            if value is not None:
                found.setdefault(int(ref.group(2)), {})[column_number(ref.group(1)) - 1] = value
    return found


def _cell_value(attributes: bytes, body: bytes) -> object:
    kind = CELL_TYPE.search(attributes)
    kind = kind.group(1) if kind else b"n"
    if kind == b"inlineStr":
        return _text(body) if b"<is" in body else None
    value = _VALUE.search(body)
    if value is None:
        return None if b"<v" not in body and b"<f" not in body else OTHER
    if kind == b"s":
        return int(value.group(1))
    if kind == b"str":
        return _unescape(value.group(1))
    return OTHER  # numbers, dates, booleans, error values


def _shared_strings(archive: zipfile.ZipFile, last: int) -> list[object] | None:
    """Shared strings 0..last (as text, OTHER where unsure), read only as far as needed."""
    part = next((n for n in archive.namelist() if n.lower() == "xl/sharedstrings.xml"), None)
    if part is None:
        return None
    strings: list[object] = []
    data = b""
    with archive.open(part) as stream:
        while len(strings) <= last:
            chunk = stream.read(_READ)
            data += chunk
            end = data.rfind(b"</si>")
            cut = end + 5 if end >= 0 else 0
            if not chunk:
                cut = len(data)
            strings += [_item_text(m.group(1) or b"") for m in _STRING_ITEM.finditer(data, 0, cut)]
            data = data[cut:]
            if not chunk or len(data) > _MAX_STRINGS:
                break
    return strings if len(strings) > last else None


def _item_text(item: bytes) -> object:
    return _text(_PHONETIC.sub(b"", item))


def _text(body: bytes) -> object:
    return _unescape(b"".join(m.group(1) or b"" for m in _TEXT.finditer(body)))


def _unescape(raw: bytes) -> object:
    text = html.unescape(raw.decode("utf-8")) if b"&" in raw else raw.decode("utf-8")
    return OTHER if _ESCAPED_CHAR.search(text) or "\r" in text else text
