"""Sharing a portfolio workbook: clean copies, per-owner subsets, mail drafts, sending.

The CLI's `xl-portfolio share` and the ribbon's Share button both call share_copy.
"""

from xl_portfolio.share.copies import SharedCopy, share_copy

__all__ = ["SharedCopy", "share_copy"]
