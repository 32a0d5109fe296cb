"""Invoice lines from a CSV file read column-wise: pyarrow's multi-threaded CSV
parser for the body, instead of Python's csv module building a list per line.

The first records are read as the general reader reads them (sources.csvfile: the same
delimiter, decimal-comma hint and header search); the body below the header is parsed
by pyarrow as text columns and typed by sources.linecolumns. Whatever would need a
message or a judgement per cell (ragged lines, quotes above the header, numbers or dates
written otherwise than plainly ...) returns None, and the caller reads the file the
general way. The result is the same either way.
"""

from __future__ import annotations

import csv
import io
import itertools
import logging
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv

from xl_portfolio.errors import InputError
from xl_portfolio.sources.csvfile import decode_bytes, detect_decimal_comma, detect_delimiter
from xl_portfolio.sources.grid import Grid
from xl_portfolio.sources.linecolumns import Typed, Unsure, line_mapping, typed_table
from xl_portfolio.sources.table import Table, check_explicit, find_header_index
from xl_portfolio.sources.values import to_text

_log = logging.getLogger(__name__)
_HINT_ROWS = 2000  # rows csvfile.detect_decimal_comma looks at
_UTF8_BOM = b"\xef\xbb\xbf"


def fast_csv_lines(path: Path, explicit: Mapping[str, str], *, detect_kind: bool,
                   elsewhere: Sequence[str] = ()) -> tuple[Table, Typed] | None:
    """The table and typed lines of a CSV file, or None for the general reader.

    detect_kind and elsewhere as in sources.fastsheet.fast_sheet_lines.
    """
    try:
        raw = path.read_bytes()
        return _read(raw, path.name, explicit, detect_kind, elsewhere)
    except (Unsure, InputError, OSError, csv.Error,
            pa.ArrowException) as exc:
        _log.debug("%s: read cell by cell (%s: %s)", path.name, type(exc).__name__, exc)
        return None
    except Exception:  # noqa: BLE001 (a shortcut only: any surprise goes the general way)
        _log.debug("%s: read cell by cell after an unexpected error", path.name, exc_info=True)
        return None


def _read(raw: bytes, file: str, explicit: Mapping[str, str], detect_kind: bool,
          elsewhere: Sequence[str]) -> tuple[Table, Typed]:
    text = decode_bytes(raw, file)  # UTF-8, Windows-1252, UTF-16: as the general reader
    raw = raw.removeprefix(_UTF8_BOM)
    if len(raw) != len(text) or not text.isascii():
        raw = text.encode("utf-8")  # pyarrow reads UTF-8: the text, not the file's bytes
    delimiter = detect_delimiter(text)
    head = list(itertools.islice(csv.reader(io.StringIO(text, newline=""),
                                            delimiter=delimiter), _HINT_ROWS))
    index = find_header_index(head, explicit.values())
    headers = [to_text(v) or "" for v in head[index]] if head else []
    grid = Grid(rows=[headers], first_row=index + 1, first_col=0, sheet=None, file=file,
                decimal_comma=detect_decimal_comma(head))
    table = Table(grid=grid, header_index=0, headers=headers, body=[])
    check_explicit(explicit, table, elsewhere=elsewhere)
    mapping = line_mapping(table, explicit)
    columns = _body_columns(raw, _body_start(text, index + 1, delimiter), delimiter, mapping)
    return typed_table(table, columns, mapping, detect_kind=detect_kind,
                       decimal_hint=grid.decimal_comma)


def _body_start(text: str, records: int, delimiter: str) -> int:
    """Offset in the UTF-8 bytes of `text` of the record after the first `records`, read
    by csv.reader line by line as the general reader reads them (a quoted value may span
    lines)."""
    stream = io.StringIO(text, newline="")
    used = 0

    def lines() -> Iterator[str]:
        nonlocal used
        for line in stream:
            used += len(line)
            yield line

    if len(list(itertools.islice(csv.reader(lines(), delimiter=delimiter), records))) \
            < records:
        raise Unsure("no data under the header")
    return len(text[:used].encode("utf-8"))


def _body_columns(raw: bytes, start: int, delimiter: str, mapping: Mapping[str, int]
                  ) -> dict[str, pa.Array]:
    """The mapped columns of the records from byte `start` on, as texts. Every record must
    have as many fields as the first (csv.reader takes ragged lines, pyarrow refuses)."""
    names = {i: f"f{i}" for i in sorted(set(mapping.values()))}  # pyarrow's own names
    table = pacsv.read_csv(
        pa.py_buffer(memoryview(raw)[start:]),
        read_options=pacsv.ReadOptions(autogenerate_column_names=True),
        parse_options=pacsv.ParseOptions(delimiter=delimiter,
                                         newlines_in_values=raw.find(b'"', start) >= 0,
                                         ignore_empty_lines=False),
        convert_options=pacsv.ConvertOptions(
            column_types={n: pa.string() for n in names.values()},
            include_columns=list(names.values())))
    return {canonical: table.column(names[i]).combine_chunks()
            for canonical, i in mapping.items()}
