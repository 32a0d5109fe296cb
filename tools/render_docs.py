"""Render the report of the bundled sample to PNG pages for the README.

    python tools/render_docs.py [--out docs]

Writes the report with the packaged template, converts it to PDF with headless
LibreOffice (the same helper the tests use) and turns the first pages into
docs/dashboard.png, docs/matrix.png and docs/pyramid.png (plus whale.png, actions.png,
and trends.png).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.libreoffice import convert  # noqa: E402
from xl_portfolio.api import analyze  # noqa: E402
from xl_portfolio.report import write_report  # noqa: E402

# PDF page (1-based) -> picture name; one printed page per report sheet in this order.
PAGES = {1: "dashboard", 2: "matrix", 3: "pyramid", 4: "whale", 5: "actions"}


def render(out_dir: Path, resolution: int = 80) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        report = write_report(analyze(), work / "portfolio.xlsx")
        (pdf,) = convert([report], work / "pdf", "pdf")
        written = []
        for page, name in PAGES.items():
            stem = out_dir / name
            subprocess.run(["pdftoppm", "-png", "-r", str(resolution), "-f", str(page),
                            "-l", str(page), "-singlefile", str(pdf), str(stem)],
                           check=True, timeout=120)
            written.append(stem.with_suffix(".png"))
        written.append(render_trends(report, work, out_dir, resolution))
    return written


def render_trends(report: Path, work: Path, out_dir: Path, resolution: int) -> Path:
    """docs/trends.png: the Trends sheet alone (it prints after the long Customers
    table, so its page number varies); the other sheets are dropped from a copy."""
    import openpyxl

    wb = openpyxl.load_workbook(report)
    for ws in list(wb.worksheets):
        if ws.title != "Trends":
            wb.remove(ws)
    for name in list(wb.defined_names):
        if "Trends" not in str(wb.defined_names[name].attr_text):
            del wb.defined_names[name]
    wb.save(work / "trends.xlsx")
    (pdf,) = convert([work / "trends.xlsx"], work / "trends_pdf", "pdf")
    stem = out_dir / "trends"
    subprocess.run(["pdftoppm", "-png", "-r", str(resolution), "-f", "1", "-l", "1",
                    "-singlefile", str(pdf), str(stem)], check=True, timeout=120)
    return stem.with_suffix(".png")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    parser.add_argument("--resolution", type=int, default=80)
    args = parser.parse_args()
    for path in render(args.out, args.resolution):
        print(path)


if __name__ == "__main__":
    main()
