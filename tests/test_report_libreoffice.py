"""Generated reports opened and recalculated by a real spreadsheet (headless LibreOffice):
they load, hold no error cell, and show the engine's figures."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from tests.libreoffice import convert, require_soffice
from tests.report_fixtures import FORMULA_NAMES
from xl_portfolio.analysis.portfolio import analyze_frame
from xl_portfolio.api import analyze
from xl_portfolio.report import write_report
from xl_portfolio.settings import Settings

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow]
ERROR_MARKERS = ("#VALUE!", "#REF!", "#NAME?", "#DIV/0!", "#N/A", "#NUM!", "#NULL!", "Err:")
AS_OF = dt.date(2025, 12, 31)


def customer_frame(n: int, *, seed: int = 7, loss: bool = False,
                   names: list[str] | None = None) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    names = names or [f"Customer {i:06d}" for i in range(n)]
    n = len(names)
    revenue = np.round(rng.lognormal(10, 1.3, n), 2)
    cogs = np.round(revenue * rng.uniform(0.55, 0.85, n), 2)
    if loss:
        cogs = np.round(revenue * 1.05, 2)
    return pd.DataFrame({
        "customer": names, "revenue": revenue, "cost_of_goods": cogs,
        "orders": rng.integers(1, 60, n), "deliveries": rng.integers(1, 60, n),
        "service_hours": np.round(rng.uniform(0, 20, n), 1),
    })


def cases():
    settings = Settings(as_of=AS_OF)
    return {
        "sample": analyze(),
        "one_customer": analyze_frame(customer_frame(1), settings),
        "all_loss": analyze_frame(customer_frame(30, loss=True), settings),
        "formula_names": analyze_frame(customer_frame(0, names=[*FORMULA_NAMES, "Normal BV"]),
                                       settings),
        "big_20000": analyze_frame(customer_frame(20_000), settings),
    }


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    """Every case written, then recalculated by LibreOffice in ONE soffice run."""
    soffice = require_soffice()
    folder = tmp_path_factory.mktemp("lo")
    results = cases()
    files = [write_report(r, folder / f"{name}.xlsx") for name, r in results.items()]
    outputs = convert(files, folder / "recalculated", "xlsx", soffice=soffice, timeout=900)
    return {name: (results[name], out) for name, out in zip(results, outputs, strict=True)}


CASES = ["sample", "one_customer", "all_loss", "formula_names", "big_20000"]


@pytest.mark.parametrize("case", CASES)
def test_libreoffice_loads_it_without_error_cells(converted, case):
    _, path = converted[case]
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    assert "Customers" in wb.sheetnames
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            for value in row:
                if isinstance(value, str):
                    assert not value.startswith(ERROR_MARKERS), (ws.title, value)
    wb.close()
    with zipfile.ZipFile(path) as archive:
        for part in archive.namelist():
            if part.startswith("xl/worksheets/sheet"):
                data = archive.read(part)
                assert b't="e"' not in data, part  # (LO itself saves booleans as FALSE())


def _grid(wb) -> dict[tuple[str, str], list]:
    ws = wb["Matrix"]
    sizes = [ws.cell(5, c).value for c in range(3, 6)]
    out = {}
    for block in range(3):
        top = 6 + block * 5
        level = ws.cell(top, 1).value
        for offset, size in enumerate(sizes):
            out[(size, level)] = [ws.cell(top + k, 3 + offset).value for k in range(1, 5)]
    return out


@pytest.mark.parametrize("case", CASES)
def test_key_figures_equal_the_engine(converted, case):
    result, path = converted[case]
    wb = openpyxl.load_workbook(path, data_only=True)
    grid = _grid(wb)
    customers = result.customers
    total_active_net = customers.loc[customers["size_class"].isin(grid_sizes(grid)),
                                     "net_margin"].sum()
    for (size, level), (count, revenue, net, _share) in grid.items():
        cell = customers[(customers["size_class"] == size)
                         & (customers["profitability"] == level)]
        assert count == len(cell), (size, level)
        assert revenue == pytest.approx(cell["revenue"].sum(), abs=1e-6)
        assert net == pytest.approx(cell["net_margin"].sum(), abs=1e-6)
    assert sum(v[2] for v in grid.values()) == pytest.approx(total_active_net, abs=1e-6)
    ws = wb["Pyramid"]
    for row in ws.iter_rows(min_row=5, max_row=10, values_only=True):
        tier = customers[customers["pyramid_tier"] == row[0]]
        assert row[1] == len(tier)
        assert row[3] == pytest.approx(tier["revenue"].sum(), abs=1e-6)
        assert row[5] == pytest.approx(tier["net_margin"].sum(), abs=1e-6)
    whale = wb["Whale curve"]
    last = [[c.value for c in row] for row in whale.iter_rows(min_col=11, max_col=12)
            if row[0].value is not None][-1]
    if len(result.whale):
        assert last[0] == pytest.approx(1.0)
        assert last[1] == pytest.approx(result.whale["cumulative_net_margin_pct"].iloc[-1])
    dash = {wb["Dashboard"].cell(r, 1).value: wb["Dashboard"].cell(r, 2).value
            for r in range(6, 17)}
    active = customers["pyramid_tier"].isin(["Top", "Big", "Medium", "Small"])
    assert dash["Active customers"] == active.sum()
    assert dash["Net margin after cost to serve"] == pytest.approx(
        customers["net_margin"].sum(), abs=1e-6)


def grid_sizes(grid) -> set[str]:
    return {size for size, _ in grid}


def test_formula_like_names_stay_text_in_libreoffice(converted):
    result, path = converted["formula_names"]
    wb = openpyxl.load_workbook(path)
    names = [c.value for c in wb["Customers"]["A"][1:]]
    assert sorted(names) == sorted(result.customers["customer"])
    assert all(c.data_type == "s" for c in wb["Customers"]["A"][1:])


def test_big_report_keeps_every_customer(converted):
    result, path = converted["big_20000"]
    wb = openpyxl.load_workbook(path, read_only=True)
    ws = wb["Customers"]
    assert ws.max_row == len(result.customers) + 1
    wb.close()


def test_outputs_exist_as_files(converted):
    assert all(Path(p).stat().st_size > 0 for _, p in converted.values())
