"""Small invoice-line frames for the history tests, typed as sources.lines makes them."""

from __future__ import annotations

import numpy as np
import pandas as pd


def lines_frame(rows: list[tuple[str, str, float]]) -> pd.DataFrame:
    """(customer, date, amount) rows as typed invoice lines."""
    frame = pd.DataFrame(rows, columns=["customer", "date", "amount"])
    frame["date"] = pd.to_datetime(frame["date"])
    frame["key"] = frame["customer"].str.lower()
    return frame[["customer", "key", "date", "amount"]]


def random_lines(seed: int, customers: int = 40, years: int = 3) -> pd.DataFrame:
    """Customers that start, stop, pause and issue credit notes at random."""
    rng = np.random.default_rng(seed)
    start = pd.Timestamp("2022-01-01")
    rows = []
    for c in range(customers):
        first = rng.integers(0, 365 * years)
        last = rng.integers(first, 365 * years + 1)
        for day in sorted(rng.integers(first, last + 1, size=rng.integers(1, 25))):
            amount = float(rng.choice([-1, 1], p=[0.1, 0.9]) * rng.integers(10, 5000))
            rows.append((f"C{c:02d}", str((start + pd.Timedelta(days=int(day))).date()),
                         amount))
    return lines_frame(rows)


def simulated_buyers(seed: int, customers: int = 400, amount: float = 100.0
                     ) -> pd.DataFrame:
    """Buyers drawn from the models' own story: Poisson purchases at a Gamma-spread rate,
    dropping out after a purchase with a Beta-spread probability (3 years), spending
    Gamma amounts around a Gamma-spread level of their own."""
    rng = np.random.default_rng(seed)
    rows = []
    for c in range(customers):
        rate, drop = rng.gamma(2.0, 1 / 20.0), rng.beta(1.0, 6.0)  # purchases per day
        nu = rng.gamma(4.0, 1 / 3.0)  # Gamma-Gamma: each customer's own spend level
        day = rng.integers(0, 60)
        while day < 3 * 365:
            spend = amount * rng.gamma(6.0, 1 / nu) / 6.0
            rows.append((f"c{c}", str((pd.Timestamp("2022-01-01")
                                       + pd.Timedelta(days=int(day))).date()), spend))
            if rng.random() < drop:
                break
            day += max(1, int(rng.exponential(1 / rate)))
    return lines_frame(rows)
