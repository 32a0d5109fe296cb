"""The analysis core: pure pandas/numpy, no files, no Excel, no printing.

Start with analyze_frame(frame, settings); the building blocks are public too, so the
worksheet functions can compute one figure without running the whole portfolio.
"""

from xl_portfolio.analysis.clv import simple_clv
from xl_portfolio.analysis.dependency import concentration, revenue_shares
from xl_portfolio.analysis.growth import growth_potential, revenue_growth
from xl_portfolio.analysis.margin import compute_margins, net_margin
from xl_portfolio.analysis.pareto import abc_classes
from xl_portfolio.analysis.portfolio import analyze_frame
from xl_portfolio.analysis.pyramid import assign_tiers, tier_of
from xl_portfolio.analysis.result import Concentration, PortfolioResult
from xl_portfolio.analysis.stakes import top_actions

__all__ = [
    "Concentration", "PortfolioResult", "abc_classes", "analyze_frame", "assign_tiers",
    "compute_margins", "concentration", "growth_potential", "net_margin", "revenue_growth",
    "revenue_shares", "simple_clv", "tier_of", "top_actions",
]
