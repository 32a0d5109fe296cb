"""One pass over an .xlsx package before any reader trusts it.

Workbooks arrive by mail, so the file decides nothing on its own: parts that inflate
beyond a sane multiple of the file (zip bombs) and XML that declares entities (billion
laughs) are refused. The same pass finds what the fast reader (calamine) hides: formulas
saved without a value and Excel error values both read as empty cells there, which would
turn into silent zeros. It also measures where the cells really are, so a stray value
in XFD1048576 cannot make a dense reader build a grid of seventeen billion cells.
The scan works on raw bytes with C-speed searches and numpy; a part is only inspected
cell by cell where a formula or an error value occurs.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import numpy as np
from defusedxml import ElementTree

from xl_portfolio.errors import InputError
from xl_portfolio.sources.grid import CellProblem

# A part may inflate to this many times the whole file's size (real sheets: 5-20x) ...
MAX_RATIO = 200
# ... and anything up to this size is never called a bomb.
FREE_BYTES = 64 * 1024 * 1024
CHUNK = 8 * 1024 * 1024
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"

_ROW = re.compile(rb'<row\b[^>]*?\br="(\d+)"')
_WIDE_REF = re.compile(rb' r="([A-Z]{2,3})\d')
_ANY_REF = re.compile(rb' r="([A-Z]{1,3})\d')
_NO_VALUE = re.compile(rb'(?:</f>|<f\b[^>]*/>)\s*(?:<v\s*/>|<v>\s*</v>)?\s*</c>')
_ERROR_CELL = re.compile(rb'<c\b([^>]*\bt="e"[^>]*)>(?:(?!</c>).)*?<v>([^<]*)</v>', re.S)
_FORMULA = re.compile(rb'<f\b[^>]*>([^<]*)</f>')
CELL_REF = re.compile(rb'\br="([A-Z]{1,3})(\d+)"')
CELL_TYPE = re.compile(rb'\bt="(\w+)"')
_ENTITY = re.compile(rb"<!DOCTYPE|<!ENTITY", re.I)
_LT, _GT, _SPACE, _C, _F, _R, _O, _W, _ZERO, _NINE = b"<> cfrow09"
_ROW_ATTRIBUTE = np.frombuffer(b' r="', np.uint8)
# Bytes that continue a tag name ('<rowBreaks' is not a row).
_NAME_BYTES = np.frombuffer(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.:",
                            np.uint8)


@dataclass
class SheetScan:
    """Where the cells of one sheet are, and the cells the fast reader would hide."""

    cells: int = 0
    max_row: int = 0
    max_col: int = 0  # 1-based
    problems: dict[tuple[int, int], CellProblem] = field(default_factory=dict)
    part: str = ""  # the sheet's part in the package, "xl/worksheets/sheet1.xml"

    def dense_is_safe(self, limit: int) -> bool:
        """A dense grid up to the last cell costs about what the cells cost."""
        return self.max_row * max(self.max_col, 1) <= max(limit, 4 * self.cells)


def scan_package(path: Path) -> dict[str, SheetScan]:
    """Sheet name -> scan; raises InputError for bombs and entity declarations."""
    name = path.name
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(f"cannot be read: it is damaged or not really a {path.suffix} "
                         "workbook (not a zip package); open it in Excel and save it again",
                         file=name) from exc
    with archive:
        budget = max(FREE_BYTES, MAX_RATIO * path.stat().st_size)
        parts = _sheet_parts(archive, name)
        by_part = {part: sheet for sheet, part in parts.items()}
        scans: dict[str, SheetScan] = {}
        for info in archive.infolist():
            if info.file_size > budget:
                raise _bomb(name, info.filename, info.file_size, path)
            sheet = by_part.get(info.filename)
            scan = SheetScan(part=info.filename) if sheet is not None else None
            _read_part(archive, info, budget, name, path, scan)
            if sheet is not None and scan is not None:
                scans[sheet] = scan
        return scans


def _read_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int, name: str,
               path: Path, scan: SheetScan | None) -> None:
    """Inflate one part in chunks, counting bytes (headers can lie about sizes)."""
    total = 0
    tail = b""
    try:
        with archive.open(info) as stream:
            first = True
            while chunk := stream.read(CHUNK):
                total += len(chunk)
                if total > budget:
                    raise _bomb(name, info.filename, total, path)
                if first:
                    _refuse_entities(chunk, info.filename, name)
                first = False
                if scan is None:
                    continue
                block = tail + chunk
                cut = block.rfind(b"</row>")
                if cut < 0 and len(block) <= 8 * CHUNK:
                    tail = block  # a row is never cut in two, unless absurdly long
                    continue
                cut = len(block) if cut < 0 else cut + 6
                _scan_block(block[:cut], scan)
                tail = block[cut:]
    except (zipfile.BadZipFile, EOFError, RuntimeError, ValueError, OSError) as exc:
        raise InputError(f"cannot be read: part {info.filename} is damaged ({exc}); open "
                         "the file in Excel and save it again", file=name) from exc
    if scan is not None and tail:
        _scan_block(tail, scan)


def _scan_block(block: bytes, scan: SheetScan) -> None:
    """Count cells, find the last row and column, and note hidden formulas and errors."""
    tags = _Tags(block)
    scan.cells += tags.cells()
    scan.max_row = max(scan.max_row, _last_row(block, tags))
    wide = set(_WIDE_REF.findall(block))  # columns beyond Z: rare, so found exactly
    scan.max_col = max(scan.max_col, _edge_rows_width(block),
                       max((column_number(w) for w in wide), default=0))
    if tags.any_formula():
        for match in _NO_VALUE.finditer(block):
            start = block.rfind(b"<c ", 0, match.start())
            if start >= 0:
                _note_uncached(block[start:match.end()], scan)
    if b't="e"' in block:
        for match in _ERROR_CELL.finditer(block):
            ref = CELL_REF.search(match.group(1))
            if ref:
                text = match.group(2).decode("utf-8", "replace").strip()
                scan.problems[_position(ref)] = CellProblem("error", text)


class _Tags:
    """The tag starts ('<' and the next bytes) of a block, found in one numpy pass: counting
    cells and looking for formulas and long row numbers this way is several times
    cheaper than bytes searches and regexes over 300 MB of XML."""

    def __init__(self, block: bytes) -> None:
        self.data = np.frombuffer(block + b"\0" * 8, np.uint8)
        self.starts = np.flatnonzero(self.data[:-8] == _LT)
        self.names = self.data[self.starts + 1]

    def cells(self) -> int:
        """'<c ' and '<c>' tags."""
        after = self.data[self.starts[self.names == _C] + 2]
        return int(np.count_nonzero((after == _SPACE) | (after == _GT)))

    def any_formula(self) -> bool:
        """Whether '<f' occurs."""
        return bool(np.any(self.names == _F))

    def longer_row_number(self, digits: int) -> bool | None:
        """Whether a row tag's number has more than `digits` digits; None when some row
        tag does not start with its r attribute (then only a regex can tell)."""
        rows = self.starts[self.names == _R]
        data = self.data
        rows = rows[(data[rows + 2] == _O) & (data[rows + 3] == _W)
                    & ~np.isin(data[rows + 4], _NAME_BYTES)]
        if not len(rows):
            return False
        if not np.all(data[rows[:, None] + np.arange(4, 8)] == _ROW_ATTRIBUTE):
            return None
        number = data[np.minimum(rows + 8 + digits, len(data) - 1)]
        return bool(np.any((number >= _ZERO) & (number <= _NINE)))


def _edge_rows_width(block: bytes) -> int:
    """Last column of the first and last row of a block: exact for a table, the usual
    case; a ragged sheet within A..Z is off by at most 26x, so memory stays bounded."""
    first_end = block.find(b"</row>")
    last_start = block.rfind(b"<row ")
    edges = block[:first_end] + block[last_start:] if first_end >= 0 else block[last_start:]
    return max((column_number(ref) for ref in set(_ANY_REF.findall(edges))), default=0)


def _last_row(block: bytes, tags: _Tags) -> int:
    """The highest row number: the last row tag, as rows come in order in every file Excel
    writes; a row number with more digits anywhere (a hostile order) makes it exact."""
    start = block.rfind(b"<row ")
    last = _ROW.match(block, start) if start >= 0 else None
    number = int(last.group(1)) if last else 0
    longer = tags.longer_row_number(len(str(number)))
    if longer is None:  # cell references start with a letter: r=" and digits is a row's
        longer = re.search(rb'r="\d{%d,}"' % (len(str(number)) + 1), block) is not None
    if longer:
        number = max(number, *map(int, _ROW.findall(block)))
    return number


def _note_uncached(cell: bytes, scan: SheetScan) -> None:
    opening = cell[:cell.find(b">") + 1]
    kind = CELL_TYPE.search(opening)
    if kind and kind.group(1) in (b"str", b"inlineStr") and b"<v" in cell:
        return  # a formula whose saved result is the empty string
    ref = CELL_REF.search(opening)
    if not ref:
        return
    from xml.sax.saxutils import unescape  # 15 ms to import, for a rare case

    formula = _FORMULA.search(cell)
    text = unescape(formula.group(1).decode("utf-8", "replace"),
                    {"&quot;": '"', "&apos;": "'"}) if formula else "(shared formula)"
    scan.problems[_position(ref)] = CellProblem("formula", "=" + text)


def _refuse_entities(head: bytes, part: str, name: str) -> None:
    """Excel never declares a DOCTYPE; entity tricks (billion laughs) need one."""
    if part.endswith((".xml", ".rels", ".vml")) and _ENTITY.search(head[:4096]):
        raise InputError(f"refused: part {part} declares XML entities (<!DOCTYPE>), which "
                         "Excel never writes and which can exhaust memory; open the file "
                         "in Excel and save it again", file=name)


def _position(ref: re.Match) -> tuple[int, int]:
    """(Excel row, 0-based column) of a cell reference match."""
    return int(ref.group(2)), column_number(ref.group(1)) - 1


def column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _bomb(name: str, part: str, size: int, path: Path) -> InputError:
    ratio = size / max(path.stat().st_size, 1)
    return InputError(f"refused: part {part} inflates to more than {size // 1_000_000:,} MB, "
                      f"over {ratio:,.0f} times the file's size (a zip bomb, or a damaged "
                      "file); open it in Excel and save it again if you trust it",
                      file=name)


def _sheet_parts(archive: zipfile.ZipFile, name: str) -> dict[str, str]:
    """Sheet name -> part name, from workbook.xml and its relationships."""
    try:
        workbook = _small_xml(archive, "xl/workbook.xml", name)
        rels = _small_xml(archive, "xl/_rels/workbook.xml.rels", name)
    except KeyError as exc:
        raise InputError("is not a workbook: the package has no xl/workbook.xml; open it "
                         "in Excel and save it as .xlsx", file=name) from exc
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.iter(f"{_PKG}Relationship")}
    parts = {}
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(_REL_ID), "")
        if not target:
            continue
        parts[sheet.get("name")] = target.lstrip("/") if target.startswith("/") \
            else str(PurePosixPath("xl") / target)
    return parts


def _small_xml(archive: zipfile.ZipFile, part: str, name: str):
    info = archive.getinfo(part)
    if info.file_size > FREE_BYTES:
        raise InputError(f"refused: part {part} is implausibly large", file=name)
    data = archive.read(part)
    _refuse_entities(data, part, name)
    try:
        return ElementTree.fromstring(data)
    except Exception as exc:  # defusedxml raises for entities, ParseError for junk
        raise InputError(f"refused: part {part} is not plain workbook XML ({exc}); open the "
                         "file in Excel and save it again", file=name) from exc
