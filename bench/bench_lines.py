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
         "use = resource.getrusage(resource.RUSAGE_SELF)\n"
         "print('USAGE', use.ru_maxrss, use.ru_utime + use.ru_stime, file=sys.stderr)\n"
         "sys.exit(code)")


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


def end_to_end(path: Path, out: Path) -> tuple[float, float, float]:
    """(wall s, CPU s, peak MiB) of `xl-portfolio analyze PATH --lines`, own process."""
    command = [sys.executable, "-c", CHILD, "analyze", str(path), "--lines", "-q",
               "-o", str(out)]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"analyze failed on {path.name}: {done.stderr[-2000:]}")
    usage = next(line.split() for line in done.stderr.splitlines()
                 if line.startswith("USAGE"))
    return seconds, float(usage[2]), int(usage[1]) / 1024


def timed(action) -> tuple[float, float]:  # noqa: ANN001
    """(wall s, CPU s) of one call in this process."""
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return time.perf_counter() - wall, time.process_time() - cpu


def floor(path: Path) -> None:
    """fastexcel reading the sheet into Arrow: no reader can be much faster."""
    import fastexcel

    fastexcel.read_excel(str(path)).load_sheet(0).to_arrow()


def naive(path: Path, out: Path) -> None:
    """What a notebook does: read_excel with openpyxl, groupby, to_excel."""
    frame = pd.read_excel(path, engine="openpyxl")
    totals = frame.groupby("Customer").agg(revenue=("Amount", "sum"), cost=("Cost", "sum"),
                                           lines=("Amount", "size"))
    totals.to_excel(out, engine="openpyxl")


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
        floor_w, floor_c = timed(lambda: floor(xlsx))
        xlsx_w, xlsx_c, xlsx_mb = end_to_end(xlsx, out / "report_xlsx.xlsx")
        csv_w, csv_c, csv_mb = end_to_end(csv, out / "report_csv.xlsx")
        scale = args.lines / args.naive_lines
        naive_w, naive_c = (t * scale for t in timed(lambda: naive(small_xlsx,
                                                                    out / "naive.xlsx")))
    print(f"{args.lines:,} invoice lines, {args.customers:,} customers, three years "
          "(wall s / CPU s; CPU time is the fair measure on a shared machine)")
    print(f"  fastexcel read of the .xlsx (floor) {floor_w:7.1f} / {floor_c:7.1f}")
    print(f"  analyze .xlsx end to end            {xlsx_w:7.1f} / {xlsx_c:7.1f}  peak "
          f"{xlsx_mb:5.0f} MiB  {xlsx_c / floor_c:5.1f}x the floor in CPU (target <= 2x)")
    print(f"  analyze .csv end to end             {csv_w:7.1f} / {csv_c:7.1f}  peak "
          f"{csv_mb:5.0f} MiB")
    print(f"  naive read_excel+groupby+to_excel   {naive_w:7.1f} / {naive_c:7.1f}  (scaled "
          f"from {args.naive_lines:,} lines)  analyze is {naive_c / xlsx_c:5.1f}x faster in "
          "CPU (target >= 10x)")

if __name__ == "__main__":
    main()
