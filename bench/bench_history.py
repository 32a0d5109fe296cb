"""Benchmark (not a test): the invoice-history analysis against a plain pandas groupby.

    python bench/bench_history.py [--lines 1000000] [--customers 50000] [--repeat 3]

Generates invoice lines over three years (customers that start, buy at their own rate
and stop), then times, in the same run, analysis.history.analyze_history (periods,
bridge, cohorts, RFM, two BG/NBD fits, Gamma-Gamma, CLV) and, as the baseline, one
pandas groupby of revenue per customer and year. Prints both and their ratio, each the
fastest of --repeat runs (the machine is shared: the fastest run is the least disturbed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from xl_portfolio.analysis.history import analyze_history  # noqa: E402
from xl_portfolio.settings import Settings  # noqa: E402

AS_OF = dt.date(2025, 12, 31)
DAYS = 3 * 365


def invoice_lines(lines: int, customers: int, seed: int = 1) -> pd.DataFrame:
    """Each customer buys on days between its own first and last day, at its own rate."""
    rng = np.random.default_rng(seed)
    first = rng.integers(0, DAYS, customers)
    last = np.minimum(DAYS - 1, first + rng.exponential(DAYS, customers).astype(int))
    weight = rng.gamma(0.8, 1.0, customers) * (last - first + 1)
    who = rng.choice(customers, size=lines, p=weight / weight.sum())
    day = first[who] + (rng.random(lines) * (last[who] - first[who] + 1)).astype(int)
    names = np.array([f"Customer {i:05d}" for i in range(customers)], dtype=object)
    frame = pd.DataFrame({
        "customer": names[who],
        "date": pd.Timestamp("2023-01-01") + pd.to_timedelta(day, unit="D"),
        "amount": np.round(rng.gamma(2.0, 150.0, lines) * rng.gamma(4.0, 0.25,
                                                                   customers)[who], 2),
    })
    frame["key"] = frame["customer"].str.lower()
    return frame


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--customers", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    lines = invoice_lines(args.lines, args.customers)
    names = lines["customer"].unique()
    customers = pd.DataFrame({"customer": names, "net_margin_pct": 0.1, "clv": 0.0})

    baseline = elapsed = float("inf")
    for _ in range(max(1, args.repeat)):
        start = time.perf_counter()
        lines.groupby(["key", lines["date"].dt.year])["amount"].sum()
        baseline = min(baseline, time.perf_counter() - start)
        start = time.perf_counter()
        history = analyze_history(lines, AS_OF, Settings(), customers, 0.1)
        elapsed = min(elapsed, time.perf_counter() - start)
    print(f"{args.lines:,} lines, {args.customers:,} customers (fastest of {args.repeat}): "
          f"history {elapsed:.2f} s, groupby baseline {baseline:.2f} s, "
          f"ratio {elapsed / baseline:.1f}x; "
          f"lifetime fit: {history.lifetime.status}, holdout check: "
          f"{history.calibration.status}")


if __name__ == "__main__":
    main()
