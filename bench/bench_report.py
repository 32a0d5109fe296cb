"""Benchmark: write_report vs a plain DataFrame.to_excel of the same Customers table.

    python bench/bench_report.py [--sizes 1000 20000 100000]

Both run in the same process on the same data; the ratio is what matters (target:
write_report <= 2x the baseline in time at 100,000 customers). Time is wall clock of
a run without tracing; peak memory is a second run under tracemalloc.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from xl_portfolio.analysis.portfolio import analyze_frame  # noqa: E402
from xl_portfolio.report import write_report  # noqa: E402
from xl_portfolio.report.blocks import customer_columns  # noqa: E402
from xl_portfolio.schema import OUTPUT_COLUMNS  # noqa: E402
from xl_portfolio.settings import Settings  # noqa: E402


def customer_frame(n: int, seed: int = 11) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    revenue = np.round(rng.lognormal(10, 1.3, n), 2)
    return pd.DataFrame({
        "customer": [f"Customer {i:06d}" for i in range(n)],
        "owner": rng.choice(["Ann", "Bart", "Chloé", None], n),
        "revenue": revenue,
        "revenue_previous": np.round(revenue * rng.uniform(0.7, 1.3, n), 2),
        "cost_of_goods": np.round(revenue * rng.uniform(0.55, 0.85, n), 2),
        "orders": rng.integers(1, 60, n), "order_lines": rng.integers(1, 400, n),
        "deliveries": rng.integers(1, 60, n), "service_hours": rng.uniform(0, 20, n).round(1),
        "dso": rng.uniform(15, 90, n).round(0),
    })


def measure(action: Callable[[], object]) -> tuple[float, float]:
    """(seconds, peak MiB): timed plain, then once more under tracemalloc."""
    gc.collect()
    start = time.perf_counter()
    action()
    seconds = time.perf_counter() - start
    gc.collect()
    tracemalloc.start()
    action()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return seconds, peak


def run(sizes: list[int]) -> None:
    print(f"{'customers':>10} {'report s':>9} {'to_excel s':>10} {'time x':>7} "
          f"{'report MiB':>10} {'to_excel MiB':>12} {'mem x':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for n in sizes:
            result = analyze_frame(customer_frame(n), Settings(as_of=dt.date(2025, 12, 31)))
            columns = customer_columns(result)
            table = result.customers[columns].rename(columns=OUTPUT_COLUMNS)

            def report(result=result) -> None:
                write_report(result, folder / "report.xlsx")

            def baseline(table=table) -> None:
                table.to_excel(folder / "baseline.xlsx", sheet_name="Customers", index=False,
                               engine="openpyxl")

            t_report, m_report = measure(report)
            t_base, m_base = measure(baseline)
            print(f"{n:>10,} {t_report:>9.2f} {t_base:>10.2f} {t_report / t_base:>7.2f} "
                  f"{m_report:>10.0f} {m_base:>12.0f} {m_report / m_base:>6.2f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 20_000, 100_000])
    run(parser.parse_args().sizes)


if __name__ == "__main__":
    main()
