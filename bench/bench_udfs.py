"""Worksheet functions on 100,000 customers: one vectorised call (a spilled column)
against 100,000 single-cell calls of the same function, in the same run.

Run: python bench/bench_udfs.py [--customers N]. Target: the column call at least 50x
faster than the single calls together. The inputs are what Excel hands a UDF (2-D lists
of floats, ndim=2), so conversion is measured too; COM transport is not (no Excel here).
"""

from __future__ import annotations

import argparse
import random
import time

from xl_portfolio.excel import udfs
from xl_portfolio.settings import Settings


def inputs(n: int, seed: int = 7) -> tuple[list[list[float]], list[list[float]],
                                            list[list[float]]]:
    rng = random.Random(seed)
    revenue = [[round(rng.lognormvariate(9, 1.2), 2)] for _ in range(n)]
    cogs = [[round(r[0] * rng.uniform(0.5, 0.85), 2)] for r in revenue]
    orders = [[float(rng.randint(1, 80))] for _ in range(n)]
    return revenue, cogs, orders


def timed(function, *args) -> tuple[float, object]:
    start = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - start, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    n = parser.parse_args(argv).customers
    udfs.use_settings(Settings())
    revenue, cogs, orders = inputs(n)

    vector_time, spilled = timed(udfs.CUSTOMER_MARGIN, revenue, cogs, orders)

    def one_by_one():
        return [udfs.CUSTOMER_MARGIN(r[0], c[0], o[0])
                for r, c, o in zip(revenue, cogs, orders, strict=True)]

    single_time, singles = timed(one_by_one)
    mismatches = sum(abs(a[0] - b) > 1e-6 for a, b in zip(spilled, singles, strict=True))
    ratio = single_time / vector_time
    print(f"CUSTOMER_MARGIN, {n:,} customers")
    print(f"  one vectorised call : {vector_time * 1000:10.1f} ms")
    print(f"  {n:,} single calls : {single_time * 1000:10.1f} ms "
          f"({single_time / n * 1e6:.1f} µs per call)")
    print(f"  speed-up            : {ratio:10.1f}x (target >= 50x) "
          f"{'OK' if ratio >= 50 else 'BELOW TARGET'}")
    print(f"  results identical   : {'yes' if mismatches == 0 else f'NO ({mismatches})'}")
    return 0 if mismatches == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
