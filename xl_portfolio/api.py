"""The public Python entry point: one call from a file (or a DataFrame) to the result.

The CLI, the Excel ribbon and Python users all go through `analyze`, so a number
cannot differ between them.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pandas as pd

from xl_portfolio.analysis.portfolio import analyze_frame
from xl_portfolio.analysis.result import PortfolioResult
from xl_portfolio.progress import ANALYSING, READING, Progress, notify
from xl_portfolio.settings import Settings
from xl_portfolio.sources import PortfolioInput, prepare_frame, read_input

SAMPLE_NAME = "sample_portfolio.xlsx"


def sample_path() -> Path:
    """The bundled sample: a fictitious distributor's invoice lines and cost drivers."""
    return Path(str(resources.files("xl_portfolio") / "data" / SAMPLE_NAME))


def input_template_path() -> Path:
    """The blank customer sheet (expected columns, validation, instructions)."""
    return Path(str(resources.files("xl_portfolio") / "templates" / "customer_input.xlsx"))


def analyze(
    source: str | Path | pd.DataFrame | None = None,
    *,
    settings: Settings | None = None,
    kind: str | None = None,
    sheet: str | None = None,
    columns: dict[str, str] | None = None,
    drivers_sheet: str | None = None,
    recalculate: bool = False,
    progress: Progress | None = None,
) -> PortfolioResult:
    """Read a customer sheet or invoice lines and return the whole portfolio analysis.

    source: a .xlsx/.xlsm/.csv path, a DataFrame with headers as in a sheet, or None
    for the bundled sample. kind forces "customers" or "lines"; columns maps canonical
    names to the user's headers, e.g. {"customer": "bikeshop_name"}. recalculate lets
    LibreOffice compute formulas a script saved without their values. progress, if given,
    is called with each step name ("reading", "analysing"; see xl_portfolio.progress).
    """
    settings = settings or Settings()
    if source is None:
        source = sample_path()
    notify(progress, READING)
    if isinstance(source, pd.DataFrame):
        data = prepare_frame(source, kind=kind, columns=columns, settings=settings)
    else:
        data = read_input(source, kind=kind, sheet=sheet, columns=columns, settings=settings,
                          drivers_sheet=drivers_sheet, recalculate=recalculate)
    notify(progress, ANALYSING)
    return analyze_input(data, settings)


def analyze_input(data: PortfolioInput, settings: Settings) -> PortfolioResult:
    """Analyse input already read (a file, or cells of an open workbook).

    When the settings leave the as-of date open, the input's own date (the last invoice
    date) is written into the settings, so the Settings sheet shows the date used.
    """
    if settings.as_of is None and data.source.as_of is not None:
        settings = settings.replace(as_of=data.source.as_of)
    return analyze_frame(data.customers, settings, source=data.source, as_of=settings.as_of,
                         lines=data.lines)
