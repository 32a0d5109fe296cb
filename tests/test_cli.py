"""The command line as a user meets it: the sample run, bad input, exit codes."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

from xl_portfolio.cli import main
from xl_portfolio.i18n import header
from xl_portfolio.schema import REQUIRED_OUTPUT


def run_cli(*args: str, cwd) -> subprocess.CompletedProcess:
    """Run the real command in a subprocess, as a user would, with no standard input."""
    return subprocess.run([sys.executable, "-m", "xl_portfolio", *args], cwd=cwd,
                          capture_output=True, text=True, stdin=subprocess.DEVNULL,
                          timeout=600)


def digest(path) -> tuple[str, float]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime


def customer_sheet(path, rows, headers=("Klant", "Omzet", "Kostprijs", "Aantal orders")):
    wb = Workbook()
    ws = wb.active
    ws.title = "Klanten"
    ws.append(list(headers))
    for row in rows:
        ws.append(list(row))
    wb.save(path)
    return path


def test_analyze_without_input_writes_portfolio_from_sample(tmp_path):
    run = run_cli("analyze", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    out = tmp_path / "portfolio.xlsx"
    assert out.exists()
    assert "Wrote portfolio.xlsx" in run.stdout
    table = load_workbook(out)["Customers"].tables["Customers"]
    frame = pd.read_excel(out, sheet_name="Customers", engine="openpyxl")
    headers = set(frame.columns)
    for name in ("Customer", "Revenue", "Gross margin", "Cost to serve", "Net margin",
                 "Net margin %", "Revenue share", "Pyramid tier", "Segment",
                 "Growth potential", "Dependency risk", "Action", "Next review", "CLV"):
        assert name in headers
    assert table.ref.startswith("A1:")
    assert 250 <= len(frame) <= 400  # a few hundred customers in the sample
    # The figures are stored values: pandas reads the same numbers the engine made.
    assert frame["Revenue"].notna().all()
    assert frame["Revenue share"].sum() == pytest.approx(1.0, abs=1e-9)


def test_customer_sheet_with_dutch_headers(tmp_path):
    src = customer_sheet(tmp_path / "klanten.xlsx",
                         [("Bakkerij Peeters", 120000, 80000, 40),
                          ("Garage Maes", 30000, 21000, 90),
                          ("=cmd|' /C calc'!A0", 5000, 3000, 2)])
    before = digest(src)
    run = run_cli("analyze", str(src), "-o", "uit.xlsx", "--lang", "nl", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert digest(src) == before
    frame = pd.read_excel(tmp_path / "uit.xlsx", sheet_name="Klanten", engine="openpyxl")
    assert len(frame) == 3
    assert header("customer", "nl") == "Klant"
    row = frame.set_index("Klant").loc["Bakkerij Peeters"]
    # Net margin = revenue - cost of goods - 40 orders x 25 (the default rate per order).
    assert row[header("net_margin", "nl")] == pytest.approx(120000 - 80000 - 40 * 25.0)
    # The formula-looking name arrived as text, not as a formula.
    assert "=cmd|' /C calc'!A0" in set(frame["Klant"])


@pytest.mark.parametrize("name, content, fragment", [
    ("no_customer.csv", "Naam;Bedrag\nA;1\n", "customer"),
    ("bad_number.csv", "Klant;Omzet\nA;100\nB;veel\n", "B3"),
    ("empty.csv", "", "empty"),
    ("dupes.csv", "Klant;Omzet\nA;100\nA;200\n", "appears twice"),
    ("notes.txt", "hello", "unsupported"),
    ("broken.xlsx", "not a zip at all", "broken.xlsx"),
])
def test_bad_input_exits_2_with_a_message_and_no_traceback(tmp_path, name, content, fragment):
    src = tmp_path / name
    src.write_text(content, encoding="utf-8")
    before = digest(src)
    run = run_cli("analyze", str(src), "-o", "out.xlsx", cwd=tmp_path)
    assert run.returncode == 2, (run.stdout, run.stderr)
    assert "Traceback" not in run.stderr
    assert fragment.lower() in run.stderr.lower()
    assert name in run.stderr or fragment in run.stderr
    assert digest(src) == before
    assert not (tmp_path / "out.xlsx").exists()


def test_missing_input_file(tmp_path, capsys):
    assert main(["analyze", str(tmp_path / "nope.xlsx"), "-o", str(tmp_path / "o.xlsx")]) == 2
    assert "nope.xlsx" in capsys.readouterr().err


def test_output_must_not_replace_input(tmp_path, capsys):
    src = customer_sheet(tmp_path / "k.xlsx", [("A", 10, 5, 1)])
    before = digest(src)
    assert main(["analyze", str(src), "-o", str(src)]) == 2
    assert "overwrite the input" in capsys.readouterr().err
    assert digest(src) == before


def test_bad_column_option(tmp_path, capsys):
    src = customer_sheet(tmp_path / "k.xlsx", [("A", 10, 5, 1)])
    assert main(["analyze", str(src), "-o", str(tmp_path / "o.xlsx"),
                 "--column", "customer"]) == 2
    assert "name=header" in capsys.readouterr().err


def test_explicit_column_mapping(tmp_path):
    src = customer_sheet(tmp_path / "bikes.xlsx", [("Velo Gent", 1000, 600, 3)],
                         headers=("bikeshop_name", "total_price", "cogs_eur", "n_orders"))
    out = tmp_path / "o.xlsx"
    code = main(["analyze", str(src), "-o", str(out), "-q", "--customers",
                 "--column", 'customer="bikeshop_name"', "--column", "revenue=total_price",
                 "--column", "cost_of_goods=cogs_eur", "--column", "orders=n_orders"])
    assert code == 0
    frame = pd.read_excel(out, sheet_name="Customers", engine="openpyxl").set_index("Customer")
    expected_net = 1000 - 600 - 3 * 25.0  # default rate per order, no other drivers
    assert frame.loc["Velo Gent", "Net margin"] == pytest.approx(expected_net)


def test_locked_output_gets_a_clear_message(tmp_path, capsys):
    if os.geteuid() == 0:
        # root ignores file permissions; Excel's lock file is what users meet anyway
        (tmp_path / "~$o.xlsx").write_text("lock")
    else:
        (tmp_path / "o.xlsx").write_bytes(b"old")
        (tmp_path / "o.xlsx").chmod(0o400)
        tmp_path.chmod(0o500)
    src = customer_sheet(tmp_path.parent / f"{tmp_path.name}-k.xlsx", [("A", 10, 5, 1)])
    try:
        code = main(["analyze", str(src), "-o", str(tmp_path / "o.xlsx")])
    finally:
        tmp_path.chmod(0o700)
    assert code == 2
    assert "o.xlsx" in capsys.readouterr().err


def test_settings_command_prints_loadable_toml(tmp_path, capsys):
    assert main(["settings"]) == 0
    text = capsys.readouterr().out
    (tmp_path / "s.toml").write_text(text, encoding="utf-8")
    assert main(["settings", "--settings", str(tmp_path / "s.toml")]) == 0
    assert capsys.readouterr().out == text


def test_required_output_columns_are_declared():
    assert "customer" in REQUIRED_OUTPUT and "clv" in REQUIRED_OUTPUT


@pytest.mark.parametrize("command, default_name", [("input-template", "customer_input.xlsx"),
                                                   ("sample", "sample_portfolio.xlsx")])
def test_packaged_files_are_written_and_never_overwrite(tmp_path, command, default_name):
    run = run_cli(command, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    written = tmp_path / default_name
    before = digest(written)
    again = run_cli(command, cwd=tmp_path)
    assert again.returncode == 2 and "already exists" in again.stderr
    assert digest(written) == before


def test_the_blank_input_template_analyses_as_it_comes(tmp_path):
    assert main(["input-template", "-o", str(tmp_path / "in.xlsx")]) == 0
    assert main(["analyze", str(tmp_path / "in.xlsx"), "-o", str(tmp_path / "out.xlsx"),
                 "-q"]) == 0
    frame = pd.read_excel(tmp_path / "out.xlsx", sheet_name="Customers", engine="openpyxl")
    examples = pd.read_excel(tmp_path / "in.xlsx", sheet_name=0, engine="openpyxl")
    assert len(frame) == examples["Customer"].notna().sum()
