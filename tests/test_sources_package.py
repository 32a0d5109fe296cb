"""The package scan's numbers on hand-made sheet XML: cells, last row and column, problems.

The scan counts with numpy over the tag starts and only falls back to regexes for odd
layouts; these blocks hold the odd layouts a hostile or unusual writer could produce.
"""

from __future__ import annotations

import pytest

from xl_portfolio.sources.grid import CellProblem
from xl_portfolio.sources.package import SheetScan, _scan_block


@pytest.mark.parametrize(("xml", "cells", "max_row", "max_col"), [
    # rows out of order: the row with more digits wins, and its wide column counts
    (b'<row r="5"><c r="A5"><v>1</v></c></row><row r="123456"><c r="AB123456"><v>1</v>'
     b'</c></row><row r="7"><c r="A7"/></row>', 3, 123456, 28),
    # the r attribute after another one
    (b'<row spans="1:2" r="99999"><c r="B1"><v>1</v></c></row><row r="3"></row>',
     1, 99999, 2),
    # a line break inside the row tag, and '<rowBreaks' that is no row
    (b'<row\nr="4444"/><rowBreaks count="1"/><row r="5"><c r="C5"><v>2</v></c></row>',
     1, 4444, 3),
    # rows in order, cells without attributes are counted too
    (b'<row r="1"><c r="A1"><v>1</v></c><c><v>2</v></c></row><row r="2"/>', 2, 2, 1),
])
def test_scan_block_counts(xml, cells, max_row, max_col):
    scan = SheetScan()
    _scan_block(xml, scan)
    assert (scan.cells, scan.max_row, scan.max_col) == (cells, max_row, max_col)


def test_scan_block_problems():
    xml = (b'<row r="2"><c r="A2"><f>SUM(B1:B9)</f></c><c r="B2" t="e"><v>#N/A</v></c>'
           b'<c r="C2"><f>1+1</f><v>2</v></c></row>')
    scan = SheetScan()
    _scan_block(xml, scan)
    assert scan.problems == {(2, 0): CellProblem("formula", "=SUM(B1:B9)"),
                             (2, 1): CellProblem("error", "#N/A")}
