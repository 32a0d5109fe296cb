"""Hand-made PortfolioResult objects for the report tests, independent of the analysis.

The aggregates (tiers, matrix, whale, summary) are recomputed here with plain pandas
from the customer rows, so the report can be tested before and apart from the engine.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from xl_portfolio.analysis.result import Concentration, PortfolioResult
from xl_portfolio.schema import SourceInfo
from xl_portfolio.settings import Settings

AS_OF = dt.date(2025, 12, 31)
SIZES = ("Large", "Medium", "Small")
PROFITABILITY = ("High", "Low", "Loss")
SEGMENTS = {
    ("Large", "High"): "Anchor and grow", ("Medium", "High"): "Develop",
    ("Small", "High"): "Maintain, low touch", ("Large", "Low"): "Renegotiate terms",
    ("Medium", "Low"): "Improve margin", ("Small", "Low"): "Streamline service",
    ("Large", "Loss"): "Remediate now", ("Medium", "Loss"): "Remediate",
    ("Small", "Loss"): "Renegotiate or let go",
}
TIERS = ("Top", "Big", "Medium", "Small", "Inactive", "Prospect")
FORMULA_NAMES = ("=1+2", "+31 Trading", "-Minus BV", "@Home SA", "\tTabbed", "=HYPERLINK(\"x\")")


def make_customers(n: int = 12, *, seed: int = 1, all_loss: bool = False,
                   names: list[str] | None = None) -> pd.DataFrame:
    """A customers frame shaped like the engine's output (OUTPUT_COLUMNS subset)."""
    rng = np.random.default_rng(seed)
    names = list(names) if names else [f"Customer {i + 1:05d}" for i in range(n)]
    n = len(names)
    revenue = np.round(rng.lognormal(10, 1.2, n), 2)
    gross = np.round(revenue * rng.uniform(0.15, 0.45, n), 2)
    serve = np.round(revenue * rng.uniform(0.02, 0.40, n), 2)
    if all_loss:
        serve = gross + np.round(rng.uniform(10, 1000, n), 2)
    net = gross - serve
    share = revenue / revenue.sum()
    order = np.argsort(-revenue, kind="stable")
    rank = np.empty(n, dtype=int)
    rank[order] = np.arange(n)
    cut = np.ceil(np.array([0.01, 0.05, 0.20]) * n)
    tier = np.select([rank < cut[0], rank < cut[1], rank < cut[2]], ["Top", "Big", "Medium"],
                     "Small")
    size = np.where(np.isin(tier, ["Top", "Big"]), "Large", np.where(tier == "Medium",
                                                                     "Medium", "Small"))
    pct = net / revenue
    target = net.sum() / revenue.sum()
    prof = np.where(pct < 0, "Loss", np.where(pct >= target, "High", "Low"))
    segment = [SEGMENTS[(s, p)] for s, p in zip(size, prof, strict=True)]
    priority = np.select([prof == "Loss", prof == "Low"], [1, 2], 3)
    review = [AS_OF + dt.timedelta(days=30 if p == "Loss" else 182) for p in prof]
    success = np.where(prof == "High", 0.6, np.nan)
    extra = np.where(prof == "High", np.round(0.2 * revenue * 0.6 * pct, 2), 0.0)
    frame = pd.DataFrame({
        "customer": names,
        "owner": [None if i % 3 == 0 else f"AM {i % 4}" for i in range(n)],
        "revenue": revenue,
        "gross_margin": gross,
        "gross_margin_pct": gross / revenue,
        "cost_to_serve": serve,
        "net_margin": net,
        "net_margin_pct": pct,
        "revenue_share": share,
        "pyramid_tier": tier,
        "size_class": size,
        "profitability": prof,
        "segment": segment,
        "growth_potential": rng.choice(["High", "Medium", "Low"], n),
        "dependency_risk": share >= 0.10,
        "action": segment,
        "priority": priority,
        "next_review": pd.to_datetime(review),
        "growth_condition": [("Quarterly business review" if p == "High" else None)
                             for p in prof],
        "growth_timing": [("6 months" if p == "High" else None) for p in prof],
        "growth_success_pct": success,
        "expected_extra_margin": extra,
        "clv": np.round(net * 0.8 / (1 + 0.1 - 0.8), 2),
        "segment_code": [f"{s}_{p}".lower() for s, p in zip(size, prof, strict=True)],
        "tier_code": [str(t).lower() for t in tier],
    })
    return frame


def aggregates(customers: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Tiers, matrix and whale frames recomputed from the customer rows."""
    total_rev = customers["revenue"].sum()
    total_net = customers["net_margin"].sum()
    g = customers.groupby("pyramid_tier")
    tiers = pd.DataFrame({"tier": list(TIERS)})
    tiers["customers"] = tiers["tier"].map(g.size()).fillna(0).astype(int)
    tiers["revenue"] = tiers["tier"].map(g["revenue"].sum()).fillna(0.0)
    tiers["revenue_share"] = tiers["revenue"] / total_rev
    tiers["net_margin"] = tiers["tier"].map(g["net_margin"].sum()).fillna(0.0)
    tiers["net_margin_pct"] = (tiers["net_margin"] / tiers["revenue"]).where(
        tiers["revenue"] != 0)
    tiers["avg_revenue"] = (tiers["revenue"] / tiers["customers"]).where(tiers["customers"] > 0)
    cells = []
    for prof in PROFITABILITY:
        for size in SIZES:
            sub = customers[(customers["size_class"] == size)
                            & (customers["profitability"] == prof)]
            cells.append({"size": size, "profitability": prof,
                          "segment": SEGMENTS[(size, prof)], "customers": len(sub),
                          "revenue": sub["revenue"].sum(), "net_margin": sub["net_margin"].sum(),
                          "net_margin_share": sub["net_margin"].sum() / total_net})
    matrix = pd.DataFrame(cells)
    ranked = customers.sort_values("net_margin", ascending=False, kind="stable")
    n = len(ranked)
    whale = pd.DataFrame({
        "rank": np.arange(1, n + 1),
        "customer": ranked["customer"].to_numpy(),
        "customer_share": np.arange(1, n + 1) / n,
        "net_margin": ranked["net_margin"].to_numpy(),
    })
    whale["cumulative_net_margin"] = whale["net_margin"].cumsum()
    whale["cumulative_net_margin_pct"] = whale["cumulative_net_margin"] / total_net
    return tiers, matrix, whale


def make_result(n: int = 12, *, seed: int = 1, all_loss: bool = False,
                names: list[str] | None = None, language: str = "en") -> PortfolioResult:
    """A complete, internally consistent result for n customers."""
    customers = make_customers(n, seed=seed, all_loss=all_loss, names=names)
    tiers, matrix, whale = aggregates(customers)
    shares = customers["revenue_share"].sort_values(ascending=False).to_numpy()
    hhi = float((shares ** 2).sum() * 10_000)
    conc = Concentration(
        cr1=float(shares[:1].sum()), cr5=float(shares[:5].sum()), cr10=float(shares[:10].sum()),
        hhi=hhi, effective_number=10_000 / hhi,
        hhi_band="high" if hhi > 1800 else ("moderate" if hhi > 1000 else "low"),
        top5_warning=bool(shares[:5].sum() > 0.4),
        flagged_customers=customers.loc[customers["dependency_risk"], "customer"].tolist())
    revenue, net = customers["revenue"].sum(), customers["net_margin"].sum()
    loss = customers["net_margin"] < 0
    summary = {
        "customers": len(customers), "revenue": revenue,
        "gross_margin": customers["gross_margin"].sum(), "net_margin": net,
        "net_margin_pct": net / revenue,
        "loss_customers": int(loss.sum()),
        "loss_customers_share": float(loss.mean()),
        "loss_revenue_share": float(customers.loc[loss, "revenue"].sum() / revenue),
        "expected_extra_margin": customers["expected_extra_margin"].sum(),
        "as_of": AS_OF,
    }
    warnings = ["Top 5 customers hold more than 40% of revenue."] if conc.top5_warning else []
    settings = Settings(language=language, as_of=AS_OF)
    source = SourceInfo(file="customers.xlsx", sheet="Customers", kind="customers",
                        rows_read=len(customers), as_of=AS_OF)
    return PortfolioResult(customers=customers, tiers=tiers, matrix=matrix, whale=whale,
                           concentration=conc, summary=summary, warnings=warnings,
                           settings=settings, source=source)
