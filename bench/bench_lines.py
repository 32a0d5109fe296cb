"""Benchmark: `xl-portfolio analyze` on a million invoice lines, against a floor and a naive way.

    python bench/bench_lines.py [--lines 1000000] [--customers 50000] [--naive-lines 100000]

Generates invoice lines (date, customer, amount, cost, order number, product) for the
customers over three years, as .xlsx and .csv (cached in the temp folder between runs),
then prints, all measured in this run:
- end to end: wall time and peak memory (max RSS) of `xl-portfolio analyze` on each file,
  as a separate process, report written;
- the floor: the time fastexcel alone needs to read the .xlsx into Arrow;
- naive: pandas.read_excel (openpyxl) + groupby + to_excel on --naive-lines lines, scaled
  linearly to the full size.
Targets (issue 9): .xlsx end to end <= 2x the floor, >= 10x faster than naive, peak < 2 GB.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path(tempfile.gettempdir()) / "xl-portfolio-bench-lines"
# Runs the CLI and reports its own peak memory (ru_maxrss is in KiB on Linux).
CHILD = ("import resource, sys\nfrom xl_portfolio.cli import main\ncode = main(sys.argv[1:])\n"
         "print('MAXRSS', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "
         "file=sys.stderr)\nsys.exit(code)")


def invoice_lines(n: int, customers: int, seed: int = 9) -> pd.DataFrame:
    """n lines over three years ending 2025-12-31; a few customers buy most, as in life."""
    rng = np.random.default_rng(seed)
    who = np.minimum(rng.zipf(1.3, n), customers) - 1
    who = (who + rng.integers(0, customers, n)) % customers
    days = rng.integers(0, 3 * 365, n)
    amount = np.round(rng.lognormal(5, 1.2, n), 2)
    frame = pd.DataFrame({
        "Invoice date": pd.Timestamp("2023-01-01") + pd.to_timedelta(days, unit="D"),
        "Customer": pd.Series(who).map(lambda i: f"Customer {i:05d}"),
        "Amount": amount,
        "Cost": np.round(amount * rng.uniform(0.5, 0.85, n), 2),
        "Order number": pd.Series(rng.integers(1, n // 3 + 2, n)).map(lambda i: f"SO{i:07d}"),
        "Product": pd.Series(rng.integers(0, 2_000, n)).map(lambda i: f"P{i:04d}"),
    })
    return frame.sort_values("Invoice date", kind="stable", ignore_index=True)


def write_xlsx(frame: pd.DataFrame, path: Path) -> None:
    """openpyxl's streaming writer: dates as real date cells, numbers as numbers."""
    import openpyxl
    from openpyxl.cell import WriteOnlyCell

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Lines")
    sheet.append(list(frame.columns))
    date_cell = WriteOnlyCell(sheet)
    date_cell.number_format = "yyyy-mm-dd"
    for date, *rest in frame.itertuples(index=False):
        cell = WriteOnlyCell(sheet, value=date.to_pydatetime())
        cell.number_format = "yyyy-mm-dd"
        sheet.append([cell, *rest])
    book.save(path)


def files(n: int, customers: int) -> tuple[Path, Path]:
    """The .xlsx and .csv of n lines, generated once and cached."""
    CACHE.mkdir(exist_ok=True)
    xlsx, csv = CACHE / f"lines_{n}_{customers}.xlsx", CACHE / f"lines_{n}_{customers}.csv"
    if not (xlsx.exists() and csv.exists()):
        started = time.perf_counter()
        frame = invoice_lines(n, customers)
        frame.to_csv(csv, index=False, date_format="%Y-%m-%d")
        write_xlsx(frame, xlsx)
        print(f"generated {n:,} lines in {time.perf_counter() - started:.0f} s "
              f"({xlsx.stat().st_size / 2**20:.0f} MiB xlsx)", flush=True)
    return xlsx, csv


def end_to_end(path: Path, out: Path) -> tuple[float, float]:
    """(seconds, peak MiB) of `xl-portfolio analyze PATH --lines` in its own process."""
    command = [sys.executable, "-c", CHILD, "analyze", str(path), "--lines", "-q",
               "-o", str(out)]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"analyze failed on {path.name}: {done.stderr[-2000:]}")
    peak = next(int(line.split()[1]) for line in done.stderr.splitlines()
                if line.startswith("MAXRSS")) / 1024
    return seconds, peak


def floor(path: Path) -> float:
    """fastexcel reading the sheet into Arrow: no reader can be much faster."""
    import fastexcel

    started = time.perf_counter()
    fastexcel.read_excel(str(path)).load_sheet(0).to_arrow()
    return time.perf_counter() - started


def naive(path: Path, out: Path) -> float:
    """What a notebook does: read_excel with openpyxl, groupby, to_excel."""
    started = time.perf_counter()
    frame = pd.read_excel(path, engine="openpyxl")
    totals = frame.groupby("Customer").agg(revenue=("Amount", "sum"), cost=("Cost", "sum"),
                                           lines=("Amount", "size"))
    totals.to_excel(out, engine="openpyxl")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--customers", type=int, default=50_000)
    parser.add_argument("--naive-lines", type=int, default=100_000)
    args = parser.parse_args()
    xlsx, csv = files(args.lines, args.customers)
    small_xlsx, _ = files(args.naive_lines, min(args.customers, args.naive_lines // 20))
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        floor_s = floor(xlsx)
        xlsx_s, xlsx_mb = end_to_end(xlsx, out / "report_xlsx.xlsx")
        csv_s, csv_mb = end_to_end(csv, out / "report_csv.xlsx")
        naive_s = naive(small_xlsx, out / "naive.xlsx") * args.lines / args.naive_lines
    print(f"{args.lines:,} invoice lines, {args.customers:,} customers, three years")
    print(f"  fastexcel read of the .xlsx (floor) {floor_s:8.1f} s")
    print(f"  analyze .xlsx end to end            {xlsx_s:8.1f} s  peak {xlsx_mb:6.0f} MiB"
          f"  {xlsx_s / floor_s:5.1f}x the floor (target <= 2x)")
    print(f"  analyze .csv end to end             {csv_s:8.1f} s  peak {csv_mb:6.0f} MiB")
    print(f"  naive read_excel+groupby+to_excel   {naive_s:8.1f} s  (scaled from "
          f"{args.naive_lines:,} lines)  analyze is {naive_s / xlsx_s:5.1f}x faster "
          "(target >= 10x)")


if __name__ == "__main__":
    main()
