"""Benchmark: CPU seconds from process start to the typed invoice-lines frame.

    python bench/bench_read.py [--lines 1000000] [--customers 50000]

Reads the bench_lines files (.xlsx and .csv, generated and cached by bench_lines.py) in a
fresh process each, once column-wise (fastexcel / pyarrow, as `xl-portfolio analyze`
does) and once with the column-wise readers switched off (the cell-by-cell reader,
the baseline), and prints the CPU seconds up to the typed lines frame (before the
aggregation per customer) and their ratio, all measured in this run.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_lines import ROOT, files  # noqa: E402

# Stops the CLI as soon as the typed lines frame reaches the aggregation, and says when.
CHILD = """import os, sys
from xl_portfolio.sources import pipeline
if sys.argv[1] == "cells":
    pipeline.fast_sheet_lines = pipeline.fast_csv_lines = lambda *a, **k: None
def stop(lines, *args, **kwargs):
    used = os.times()
    print("CPU", used.user + used.system, len(lines))
    sys.exit(0)
pipeline.aggregate_lines = stop
from xl_portfolio.cli import main
main(["analyze", sys.argv[2], "--lines", "-q", "-o", sys.argv[3]])
"""


def cpu_to_lines(path: Path, reader: str) -> float:
    """CPU seconds of a fresh process up to the typed lines frame of `path`."""
    with tempfile.TemporaryDirectory() as folder:  # never written: the run stops before
        done = subprocess.run([sys.executable, "-c", CHILD, reader, str(path),
                               str(Path(folder) / "report.xlsx")], cwd=ROOT,
                              capture_output=True, text=True, check=False)
    line = next((x for x in done.stdout.splitlines() if x.startswith("CPU")), None)
    if line is None:
        raise SystemExit(f"reading {path.name} failed: {done.stderr[-2000:]}")
    return float(line.split()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--customers", type=int, default=50_000)
    args = parser.parse_args()
    print(f"{args.lines:,} invoice lines, {args.customers:,} customers: CPU s from process "
          "start to the typed lines frame")
    for path in files(args.lines, args.customers):
        cells = cpu_to_lines(path, "cells")
        columns = cpu_to_lines(path, "columns")
        print(f"  {path.suffix:5} cell by cell {cells:6.2f}   column-wise {columns:6.2f}   "
              f"{cells / columns:4.1f}x faster")


if __name__ == "__main__":
    main()
