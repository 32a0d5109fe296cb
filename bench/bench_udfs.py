"""Every worksheet function on a 5,000-customer portfolio, filled down (one call per cell,
each handed a fresh copy of the portfolio range, as xlwings does) against the spilled
form (one call for the whole column), in the same run.

Run: python bench/bench_udfs.py [--customers N] [--cells K]. Targets, per portfolio
function: a warm filled-down call under 1 ms of Python (the portfolio-level figures are
cached per range content), and the spilled column at least 50x faster per customer than
single cells of a function without a portfolio (CUSTOMER_MARGIN). The ratio column
compares each per-call time with the baseline measured first in this run: building the
hashable copy of the 5,000-cell range that every cached call must make. COM transport
is not measured (no Excel here).
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from typing import Any

from xl_portfolio.excel import udf_cache, udfs
from xl_portfolio.settings import Settings

TARGET_MS = 1.0


def inputs(n: int, seed: int = 7) -> dict[str, list[list[float]]]:
    rng = random.Random(seed)
    revenue = [[round(rng.lognormvariate(9, 1.2), 2)] for _ in range(n)]
    return {"revenue": revenue,
            "cogs": [[round(r[0] * rng.uniform(0.5, 0.85), 2)] for r in revenue],
            "orders": [[float(rng.randint(1, 80))] for _ in range(n)],
            "margin": [[round(r[0] * rng.uniform(-0.1, 0.3), 2)] for r in revenue]}


def per_call_ms(calls: list[Callable[[], Any]]) -> float:
    start = time.perf_counter()
    for call in calls:
        call()
    return (time.perf_counter() - start) / len(calls) * 1000


def copy(column: list[list[float]]) -> list[list[float]]:
    return [list(row) for row in column]


def measure(function: Callable[..., Any], cell_args: Callable[[int], tuple],
            column_args: tuple, k: int) -> tuple[float, float, float]:
    """(spilled call, first filled-down cell, mean of the next k cells), in ms, each
    starting from empty caches."""
    udf_cache.clear()
    spilled_ms = per_call_ms([lambda: function(*column_args)])
    udf_cache.clear()
    first_ms = per_call_ms([lambda: function(*cell_args(0))])
    warm_ms = per_call_ms([lambda i=i: function(*cell_args(i)) for i in range(1, k + 1)])
    return spilled_ms, first_ms, warm_ms


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=5_000)
    parser.add_argument("--cells", type=int, default=300,
                        help="filled-down cells timed per function")
    options = parser.parse_args(argv)
    n, k = options.customers, min(options.cells, options.customers)
    udfs.use_settings(Settings())
    data = inputs(n)
    rev, cogs, orders, margin = (data[c] for c in ("revenue", "cogs", "orders", "margin"))

    copies = [copy(rev) for _ in range(k)]
    baseline = per_call_ms([lambda c=c: udf_cache.content_key(c) for c in copies])
    print(f"{n:,} customers, {k} filled-down cells timed per function; "
          f"baseline (key of one {n:,}-cell range): {baseline * 1000:.0f} µs\n")
    copy_of: list[tuple[list[list[float]], list[list[float]]]] = []

    def fresh_copies() -> None:
        copy_of[:] = [(copy(rev), copy(margin)) for _ in range(k + 1)]

    cases: dict[str, tuple[Callable[..., Any], Callable[[int], tuple], tuple]] = {
        "CUSTOMER_MARGIN": (udfs.CUSTOMER_MARGIN,
                            lambda i: (rev[i][0], cogs[i][0], orders[i][0]),
                            (rev, cogs, orders)),
        "CUSTOMER_CLV": (udfs.CUSTOMER_CLV, lambda i: (margin[i][0],), (margin,)),
        "PYRAMID_TIER": (udfs.PYRAMID_TIER, lambda i: (rev[i][0], copy_of[i][0]), (rev, rev)),
        "DEPENDENCY_SHARE": (udfs.DEPENDENCY_SHARE, lambda i: (rev[i][0], copy_of[i][0]),
                             (rev, rev)),
        "CUSTOMER_SEGMENT": (udfs.CUSTOMER_SEGMENT,
                             lambda i: (rev[i][0], margin[i][0], *copy_of[i]),
                             (rev, margin, rev, margin)),
        "CUSTOMER_ACTION": (udfs.CUSTOMER_ACTION,
                            lambda i: (rev[i][0], margin[i][0], *copy_of[i]),
                            (rev, margin, rev, margin)),
        # with the cost-of-goods column, so "not measured" is told apart (both kinds of
        # customer are computed ahead for the whole portfolio)
        "SEGMENT + cost": (udfs.CUSTOMER_SEGMENT,
                           lambda i: (rev[i][0], margin[i][0], *copy_of[i], None, [cogs[i]]),
                           (rev, margin, rev, margin, None, cogs)),
        "ACTION + cost": (udfs.CUSTOMER_ACTION,
                          lambda i: (rev[i][0], margin[i][0], *copy_of[i], None, None, None,
                                     [cogs[i]]),
                          (rev, margin, rev, margin, None, None, None, cogs)),
    }
    print(f"{'function':18} {'spilled':>10} {'first cell':>11} {'warm cell':>10} "
          f"{'x baseline':>10}  target")
    failures = 0
    for name, (function, cell_args, column_args) in cases.items():
        fresh_copies()
        spilled_ms, first_ms, warm_ms = measure(function, cell_args, column_args, k)
        ok = warm_ms < TARGET_MS
        failures += not ok
        print(f"{name:18} {spilled_ms:8.1f}ms {first_ms:9.1f}ms {warm_ms:8.3f}ms "
              f"{warm_ms / baseline:10.1f}  {'OK' if ok else 'ABOVE 1 ms'}")
    filled = per_call_ms([lambda i=i: udfs.CUSTOMER_MARGIN(rev[i][0], cogs[i][0],
                                                           orders[i][0]) for i in range(k)])
    spilled = per_call_ms([lambda: udfs.CUSTOMER_MARGIN(rev, cogs, orders)])
    ratio = filled * n / spilled
    print(f"\nCUSTOMER_MARGIN spilled vs {n:,} single cells: {ratio:.0f}x "
          f"(target >= 50x) {'OK' if ratio >= 50 else 'BELOW TARGET'}")
    return 0 if failures == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
