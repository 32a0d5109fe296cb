"""Render the reports to PNG pages: the README pictures, and every page to look at.

    python tools/render_docs.py                 # README pictures into docs/
    python tools/render_docs.py --all /tmp/pages [--lang nl]

Writes three reports (the bundled sample, a one-year web-shop export of invoice lines
with no cost column, and a five-customer sheet; tests/decision_reports.py makes them),
converts them to PDF with headless LibreOffice (the helper the tests use), finds each
page's sheet from its page header and prints the number of printed pages per sheet.
The README pictures are the sample's first page of each sheet plus the web-shop
Dashboard; --all writes every page of every report as <report>-<sheet>-<n>.png.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.decision_reports import decision_results  # noqa: E402
from tests.libreoffice import convert  # noqa: E402
from xl_portfolio.report import write_report  # noqa: E402
from xl_portfolio.report.anchors import SHEETS  # noqa: E402
from xl_portfolio.report.labels import sheet_name  # noqa: E402

# (report, English sheet name) -> README picture name (first page of that sheet).
PICTURES = {("sample", "Dashboard"): "dashboard", ("sample", "Matrix"): "matrix",
            ("sample", "Pyramid"): "pyramid", ("sample", "Whale curve"): "whale",
            ("sample", "Actions"): "actions", ("sample", "Settings"): "settings",
            ("sample", "Trends"): "trends",
            ("webshop", "Dashboard"): "dashboard_webshop",
            ("webshop", "Matrix"): "matrix_webshop"}


def page_sheets(pdf: Path, names: dict[str, str]) -> list[str]:
    """The English sheet name of every PDF page, read from the centred page header."""
    pages = int(next(line.split()[-1] for line in subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()
        if line.startswith("Pages:")))
    out = []
    for page in range(1, pages + 1):
        head = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-layout",
                               str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout.strip().splitlines()[:2]
        found = [english for shown, english in names.items()
                 if any(f" {shown} " in f" {line} " for line in head)]
        out.append(max(found, key=len) if found else "?")
    return out


def _png(pdf: Path, page: int, stem: Path, resolution: int) -> Path:
    subprocess.run(["pdftoppm", "-png", "-r", str(resolution), "-f", str(page), "-l",
                    str(page), "-singlefile", str(pdf), str(stem)], check=True, timeout=120)
    return stem.with_suffix(".png")


def render(out_dir: Path, every_page: bool = False, language: str = "en",
           resolution: int = 80) -> dict[str, Counter]:
    """Write the pictures; returns report -> pages per sheet."""
    out_dir.mkdir(parents=True, exist_ok=True)
    names = {sheet_name(s, language): s for s in SHEETS}
    counts: dict[str, Counter] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        results = decision_results(work, language)
        files = [write_report(r, work / f"{name}.xlsx") for name, r in results.items()]
        pdfs = convert(files, work / "pdf", "pdf")
        for name, pdf in zip(results, pdfs, strict=True):
            sheets = page_sheets(pdf, names)
            counts[name] = Counter(sheets)
            seen: Counter = Counter()
            for page, sheet in enumerate(sheets, start=1):
                seen[sheet] += 1
                picture = PICTURES.get((name, sheet))
                if every_page:
                    slug = sheet.lower().replace(" ", "_")
                    _png(pdf, page, out_dir / f"{name}-{slug}-{seen[sheet]}", resolution)
                elif picture and seen[sheet] == 1 and language == "en":
                    _png(pdf, page, out_dir / picture, resolution)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    parser.add_argument("--all", type=Path, help="write every page into this folder")
    parser.add_argument("--lang", default="en")
    parser.add_argument("--resolution", type=int, default=80)
    args = parser.parse_args()
    counts = render(args.all or args.out, every_page=args.all is not None,
                    language=args.lang, resolution=args.resolution)
    print("| sheet | " + " | ".join(counts) + " |")
    print("|---|" + "---|" * len(counts))
    for sheet in SHEETS:
        print(f"| {sheet} | " + " | ".join(str(c.get(sheet, 0)) for c in counts.values())
              + " |")


if __name__ == "__main__":
    main()
