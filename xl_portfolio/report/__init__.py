"""The report writer: a PortfolioResult into the formatted workbook template.

write_report(result, path, template=None) is the one entry point for the CLI and
Python users; sheet_blocks(result) gives the same content as plain 2-D blocks for the
Excel add-in; ANCHORS is the contract a restyled template must keep.
"""

from xl_portfolio.report.anchors import ANCHORS, anchors_markdown
from xl_portfolio.report.blocks import Block, sheet_blocks
from xl_portfolio.report.writer import build_workbook, write_report

__all__ = ["ANCHORS", "Block", "anchors_markdown", "build_workbook", "sheet_blocks",
           "write_report"]
