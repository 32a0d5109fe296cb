"""Caches that make a filled-down worksheet function cheap.

Filled down, =CUSTOMER_SEGMENT(B2, E2, B$2:B$5001, E$2:E$5001) is 5,000 calls, each
handed the same 5,000-cell portfolio range as a fresh list. Two caches keep each call
well under a millisecond of Python:
- `portfolio_column`: the range converted once per content (keyed by its values: a new
  list with the same values is the same portfolio; one changed cell is a new one);
- `Memo`: answers per asked row, computed for many rows in one vectorised call (the
  whole portfolio on first use), then looked up.
Both are bounded (least recently used goes first) and hold no workbook object.
"""

from __future__ import annotations

import itertools
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from operator import itemgetter
from typing import Any, Generic, TypeVar

import numpy as np

from xl_portfolio.excel import convert
from xl_portfolio.excel.convert import ArgumentError

T = TypeVar("T")
_first = itemgetter(0)


class LRU(Generic[T]):
    """A small least-recently-used mapping."""

    def __init__(self, size: int = 16):
        self.size = size
        self._items: OrderedDict[Hashable, T] = OrderedDict()

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        try:
            value = self._items[key]
        except KeyError:
            pass
        else:
            self._items.move_to_end(key)
            return value
        value = make()
        self._items[key] = value
        if len(self._items) > self.size:
            self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        self._items.clear()


class ContentKey:
    """Cell contents as a dictionary key whose hash is computed once (5,000 cells)."""

    __slots__ = ("cells", "_hash")

    def __init__(self, cells: tuple):
        self.cells = cells
        self._hash = hash(cells)

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ContentKey) and self._hash == other._hash \
            and self.cells == other.cells


def content_key(value: Any) -> ContentKey:
    """A key equal for equal cell contents (a column: its values; else its rows)."""
    grid = convert.as_grid(value)
    if grid and len(grid[0]) == 1:
        return ContentKey(tuple(map(_first, grid)))
    return ContentKey(tuple(map(tuple, grid)))


def is_empty(value: Any) -> bool:
    """An omitted argument: None, or one empty cell."""
    if value is None or (isinstance(value, list) and not value):
        return True
    if isinstance(value, list) and len(value) == 1:
        first = value[0]
        return first is None or first == [None] or first == []
    return False


_ids = itertools.count(1)


class Column:
    """A whole-portfolio range as floats, or the error it holds (raised on use).
    `key` is a small number standing for the contents, for the memos' keys."""

    def __init__(self, values: np.ndarray | None, error: ArgumentError | None):
        self.key = next(_ids)
        self._values = values
        self._error = error

    @property
    def values(self) -> np.ndarray:
        if self._error is not None:
            raise self._error
        assert self._values is not None
        return self._values


_COLUMNS: LRU[Column] = LRU(32)


def portfolio_column(value: Any, name: str) -> Column:
    """The portfolio range `name` as floats; blanks are no revenue, an error cell (any
    Excel error, #SPILL! and #CALC! included) or text makes the whole range an error."""
    def convert_column() -> Column:
        cells = convert.flatten(value)
        if not cells or cells == [None]:
            return Column(None, ArgumentError(
                name, "is empty (a range of all customers is required)"))
        out = np.zeros(len(cells))
        try:
            for i, cell in enumerate(cells):
                out[i] = convert.to_number(cell, name, default=0.0)
        except ArgumentError as exc:
            return Column(None, ArgumentError(
                name, f"cell {i + 1} of the range: {exc.problem}", code=exc.code))
        return Column(out, None)

    return _COLUMNS.get((name, content_key(value)), convert_column)


class Memo:
    """Answers per row key; misses are computed together in one call."""

    def __init__(self) -> None:
        self.answers: dict[Hashable, Any] = {}

    def lookup(self, keys: Sequence[Hashable],
               compute: Callable[[list[Hashable]], Sequence[Any]]) -> list[Any]:
        missing = list(dict.fromkeys(k for k in keys if k not in self.answers))
        if missing:
            self.answers.update(zip(missing, compute(missing), strict=True))
        return [self.answers[k] for k in keys]


_MEMOS: LRU[Memo] = LRU(32)


def memo(*key: Hashable) -> Memo:
    """The memo of one function for one portfolio and one set of settings."""
    return _MEMOS.get(key, Memo)


def clear() -> None:
    """Forget everything (tests, and benchmarks measuring a cold start)."""
    _COLUMNS.clear()
    _MEMOS.clear()
