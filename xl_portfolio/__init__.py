"""xl-portfolio: what each customer is really worth, written into Excel.

    >>> from xl_portfolio import analyze
    >>> result = analyze("customers.xlsx")      # or a DataFrame, or None for the sample
    >>> result.customers[["customer", "net_margin", "segment"]]
"""

from typing import Any

__version__ = "0.1.0"
__all__ = ["analyze", "Settings", "load_settings", "PortfolioResult", "__version__"]


def __getattr__(name: str) -> Any:
    """Import the heavy parts (pandas) only when used, so `--version` stays instant."""
    if name == "analyze":
        from xl_portfolio.api import analyze
        return analyze
    if name in ("Settings", "load_settings"):
        from xl_portfolio import settings
        return getattr(settings, name)
    if name == "PortfolioResult":
        from xl_portfolio.analysis.result import PortfolioResult
        return PortfolioResult
    raise AttributeError(name)
