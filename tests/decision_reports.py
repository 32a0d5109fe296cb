"""The three reports issue 7's rules are tested on: the bundled sample, a one-year
web-shop export of invoice lines with no cost column, and a five-customer sheet."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from xl_portfolio.analysis.result import PortfolioResult
from xl_portfolio.api import analyze
from xl_portfolio.settings import Settings

AS_OF = dt.date(2025, 12, 31)


def webshop_lines(path: Path, shops: int = 60, seed: int = 7) -> Path:
    """One year of order lines as a web shop or ERP exports them: shop, date, order id,
    line total. No cost column, so no margin can be measured."""
    rng = np.random.default_rng(seed)
    rows = []
    order = 100_000
    for s in range(shops):
        orders = int(rng.integers(2, 40))
        size = float(rng.lognormal(5.5, 1.0))
        for _ in range(orders):
            order += 1
            day = dt.date(2025, 1, 1) + dt.timedelta(days=int(rng.integers(0, 365)))
            for _ in range(int(rng.integers(1, 5))):
                rows.append([f"Shop {s + 1:03d}", day, f"SO-{order}",
                             round(size * float(rng.uniform(0.3, 1.7)), 2)])
    frame = pd.DataFrame(rows, columns=["Shop", "Date", "Order ID", "Line total"])
    frame.to_excel(path, index=False, sheet_name="Orders")
    return path


def five_customers(path: Path) -> Path:
    """A customer sheet with five customers, cost of goods and a previous revenue."""
    frame = pd.DataFrame({
        "Customer": ["Alfa NV", "Bravo BV", "Charlie SA", "Delta SRL", "Echo BVBA"],
        "Revenue": [420_000.0, 260_000.0, 190_000.0, 60_000.0, 25_000.0],
        "Revenue previous": [390_000.0, 280_000.0, 150_000.0, 70_000.0, 20_000.0],
        "Cost of goods": [330_000.0, 190_000.0, 120_000.0, 52_000.0, 17_000.0],
        "Orders": [120, 90, 60, 80, 40],
        "Deliveries": [110, 80, 50, 90, 35],
    })
    frame.to_excel(path, index=False, sheet_name="Customers")
    return path


def decision_results(folder: Path, language: str = "en") -> dict[str, PortfolioResult]:
    """name -> result of the three reports (files written into folder)."""
    settings = Settings(language=language)
    return {
        "sample": analyze(settings=settings),
        "webshop": analyze(webshop_lines(folder / f"webshop_{language}.xlsx"),
                           settings=settings.replace(as_of=AS_OF), kind="lines",
                           columns={"customer": "Shop"}),
        "five": analyze(five_customers(folder / f"five_{language}.xlsx"),
                        settings=settings.replace(as_of=AS_OF)),
    }
