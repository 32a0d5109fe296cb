"""Input layer: customer sheets and invoice lines (xlsx, xlsm, xls, csv) into one
validated customer frame, with errors that name the file, sheet and cell."""

from xl_portfolio.sources.aliases import ALIASES, normalize_header
from xl_portfolio.sources.model import PortfolioInput
from xl_portfolio.sources.pipeline import prepare_frame, read_input

__all__ = ["ALIASES", "PortfolioInput", "normalize_header", "prepare_frame", "read_input"]
