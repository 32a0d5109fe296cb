"""Finding the header row and matching headers to canonical columns.

ERP exports often put a title block above the table, so the header is the first row
(within the first 20) where at least two cells are known headers. Every later message
names cells by their real Excel address, so the table keeps its position in the sheet.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from xl_portfolio.errors import InputError, cell_ref
from xl_portfolio.schema import CUSTOMER_INPUTS, LINE_INPUTS
from xl_portfolio.sources.aliases import (
    ALIASES,
    alias_index,
    alias_ranks,
    header_keys,
    normalize_header,
)
from xl_portfolio.sources.grid import CellProblem, Grid, is_blank
from xl_portfolio.sources.values import BadCell, show_value, to_text

HEADER_SEARCH_ROWS = 20
MAX_BAD_CELLS_SHOWN = 5
KNOWN_COLUMNS = tuple(dict.fromkeys(CUSTOMER_INPUTS + LINE_INPUTS))
# An explicit mapping for a customer-sheet column means this line column in a lines file.
LINE_EQUIVALENT = {"revenue": "amount", "cost_of_goods": "cost"}
# Said once under every message that points at formulas saved without their values.
FORMULA_ADVICE = ("; the file was saved without the formulas' values (as scripts do): open "
                  "it in Excel or LibreOffice and save it, or run with --recalculate to let "
                  "LibreOffice compute them")
_ALL_ALIAS_KEYS = frozenset(alias_index(KNOWN_COLUMNS))


@dataclass
class Table:
    """Header texts and the data rows under them, anchored at their place in the sheet."""

    grid: Grid
    header_index: int  # index of the header within grid.rows
    headers: list[str]
    body: list[list[Any]] = field(repr=False)

    @property
    def file(self) -> str:
        return self.grid.file

    @property
    def sheet(self) -> str | None:
        return self.grid.sheet

    @property
    def header_row(self) -> int:
        return self.grid.row_number(self.header_index)

    def row_numbers(self) -> list[int]:
        if self.grid.row_numbers is not None:
            start = self.header_index + 1
            return self.grid.row_numbers[start:start + len(self.body)]
        start = self.header_row + 1
        return list(range(start, start + len(self.body)))

    def sheet_column(self, index: int) -> int:
        return self.grid.column_number(index)

    def column(self, index: int) -> list[Any]:
        return [row[index] for row in self.body]

    def cell(self, row_number: int, index: int) -> str:
        return cell_ref(self.sheet_column(index), row_number, self.sheet)

    def where(self) -> str:
        """'sheet 'Data' row 5' or 'row 5', to say where the headers were read."""
        place = f"sheet '{self.sheet}' " if self.sheet else ""
        return f"{place}row {self.header_row}"


def find_header_index(rows: Sequence[Sequence[Any]], explicit_headers: Iterable[str] = ()) -> int:
    """First row among the first 20 with two or more known headers.

    Failing that: the first row with one known header, else the first row with two
    filled cells (a title block has one), else the first filled row.
    """
    wanted = set(_ALL_ALIAS_KEYS) | {normalize_header(h) for h in explicit_headers}
    one_hit = wide = filled = None
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        cells = [c for c in row if not is_blank(c)]
        if not cells:
            continue
        hits = sum(1 for c in cells if any(k in wanted for k in header_keys(c)))
        if hits >= 2:
            return index
        if hits and one_hit is None:
            one_hit = index
        if len(cells) >= 2 and wide is None:
            wide = index
        if filled is None:
            filled = index
    return next((i for i in (one_hit, wide, filled) if i is not None), 0)


def make_table(grid: Grid, header_index: int | None = None,
               explicit_headers: Iterable[str] = ()) -> Table:
    """Split a grid into header and body; raise when there is nothing to read."""
    where = f"sheet '{grid.sheet}'" if grid.sheet else "the file"
    if grid.is_empty():
        raise InputError(f"{where} is empty: no headers and no data", file=grid.file)
    if header_index is None:
        header_index = find_header_index(grid.rows, explicit_headers)
    width = max(len(row) for row in grid.rows)
    headers = [to_text(v) or "" for v in grid.rows[header_index]]
    headers += [""] * (width - len(headers))
    body = [row if len(row) == width else [*row, *[None] * (width - len(row))]
            for row in grid.rows[header_index + 1:]]
    while body and all(is_blank(v) for v in body[-1]):
        body.pop()
    table = Table(grid=grid, header_index=header_index, headers=headers, body=body)
    if not body:
        raise InputError(f"{where} has headers on row {table.header_row} but no data rows "
                         "below them", file=grid.file)
    return table


def check_explicit(explicit: Mapping[str, str], table: Table,
                   elsewhere: Iterable[str] = ()) -> None:
    """Explicitly mapped columns must be known names and exist in the headers.

    Columns in `elsewhere` may live in another table (a drivers sheet) and are checked
    there instead.
    """
    skip = set(elsewhere)
    for canonical, header in explicit.items():
        if canonical not in KNOWN_COLUMNS:
            raise InputError(f"unknown column name '{canonical}' in the column mapping; "
                             f"known names: {', '.join(KNOWN_COLUMNS)}", file=table.file)
        if canonical not in skip and find_header(table.headers, header) is None:
            raise InputError(f"column '{header}' (mapped to {canonical}) not found in the "
                             f"headers on {table.where()}; found: {found_list(table.headers)}",
                             file=table.file)


def find_header(headers: Sequence[str], wanted: str) -> int | None:
    """Position of a header given by the user: exact text first, then loosely."""
    for index, header in enumerate(headers):
        if header == wanted.strip():
            return index
    key = normalize_header(wanted)
    for index, header in enumerate(headers):
        if header and normalize_header(header) == key:
            return index
    return None


def map_columns(headers: Sequence[str], canonicals: Sequence[str],
                explicit: Mapping[str, str]) -> tuple[dict[str, int], list[str]]:
    """canonical -> header position; explicit mapping wins over aliases.

    When two headers fit one column (say 'Klant' and 'Klantnaam'), the one with the
    earlier alias is used and the other is named in a note, so the user can map the
    right one explicitly.
    """
    wanted = set(canonicals)
    mapping: dict[str, int] = {}
    for canonical, header in explicit.items():
        target = canonical if canonical in wanted else LINE_EQUIVALENT.get(canonical)
        position = find_header(headers, header)
        if target in wanted and position is not None and target not in mapping:
            mapping[target] = position
    used = set(mapping.values())
    ranks = alias_ranks(canonicals)
    candidates: dict[str, list[tuple[int, int]]] = {}  # canonical -> [(rank, position)]
    for position, header in enumerate(headers):
        if position in used or not header:
            continue
        match = next((ranks[k] for k in header_keys(header) if k in ranks), None)
        if match is not None and match[0] not in mapping:
            candidates.setdefault(match[0], []).append((match[1], position))
    notes: list[str] = []
    for canonical, found in candidates.items():
        (_, chosen), *others = sorted(found)
        mapping[canonical] = chosen
        notes += [f"column '{headers[p]}' ignored: '{headers[chosen]}' is already read as "
                  f"{canonical}" for _, p in sorted(others, key=lambda item: item[1])]
    return mapping, notes


def found_list(headers: Sequence[str]) -> str:
    shown = [f"'{h}'" for h in headers if h]
    return ", ".join(shown) if shown else "(no headers)"


def missing_column_error(table: Table, canonical: str, hint: str = "") -> InputError:
    """Say which headers were found and which would have been accepted."""
    accepted = ", ".join(ALIASES.get(canonical, (canonical,)))
    unknown = [h for h in table.headers if h and not set(header_keys(h)) & _ALL_ALIAS_KEYS]
    example = next(iter(unknown), next((h for h in table.headers if h), "Header"))
    return InputError(
        f"no {canonical} column in the headers on {table.where()}: found "
        f"{found_list(table.headers)}; accepted headers: {accepted}; or map one with "
        f"--column {canonical}=\"{example}\"{hint}", file=table.file)


def bad_cells_error(table: Table, bad: Sequence[BadCell]) -> InputError:
    """One message for the first few bad cells, so users fix them in one go."""
    ordered = sorted(bad, key=lambda b: (b.row, b.column))
    first = ordered[0]
    message = _describe(first)
    extra = [f"{cell_ref(b.column, b.row)} ({_describe(b, short=b.header == first.header)})"
             for b in ordered[1:MAX_BAD_CELLS_SHOWN]]
    if extra:
        message += "; also " + "; ".join(extra)
    if len(ordered) > MAX_BAD_CELLS_SHOWN:
        message += f"; and {len(ordered) - MAX_BAD_CELLS_SHOWN} more bad cells"
    if any(isinstance(b.value, CellProblem) and b.value.kind == "formula" for b in bad):
        message += FORMULA_ADVICE
    return InputError(message, file=table.file,
                      cell=cell_ref(first.column, first.row, table.sheet))


def _describe(bad: BadCell, short: bool = False) -> str:
    """Full sentence, or only what was found when the column was already named."""
    if bad.expected == "a customer name" and bad.value is None:
        return "no customer name" if short else \
            f"row has figures but no customer name in column '{bad.header}'"
    if bad.value is None:
        found = "an empty cell"
    elif isinstance(bad.value, CellProblem):
        found = str(bad.value)
    else:
        found = "'" + show_value(bad.value) + "'"
    if short:
        return f"found {found}"
    return f"expected {bad.expected} in column '{bad.header}' ({bad.canonical}), found {found}"
