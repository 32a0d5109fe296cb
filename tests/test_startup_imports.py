"""Start-up: what every command line run imports stays light; scipy (0.3-0.5 s to import)
loads only when a lifetime model is fitted, i.e. for invoice lines."""

from __future__ import annotations

import ast
import subprocess
import sys

from tests.conftest import REPO

HEAVY_LATER = {"scipy", "threadpoolctl", "xlwings"}


def _loaded_after(code: str) -> list[str]:
    probe = (f"import sys\n{code}\n"
             f"print(sorted({{m.split('.')[0] for m in sys.modules}} & {HEAVY_LATER!r}))")
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         cwd=REPO, check=True)
    return ast.literal_eval(run.stdout.strip())


def test_the_analyze_command_imports_no_scipy_before_the_work():
    imports = ("import xl_portfolio.cli, xl_portfolio.api, xl_portfolio.report, "
               "xl_portfolio.report.atomic, xl_portfolio.settings, xl_portfolio.progress")
    assert _loaded_after(imports) == []


def test_a_customer_sheet_is_analysed_without_scipy():
    code = ("import pandas as pd\nfrom xl_portfolio.api import analyze\n"
            "analyze(pd.DataFrame({'customer': ['A', 'B'], 'revenue': [100.0, 50.0]}))")
    assert _loaded_after(code) == []


def test_invoice_lines_load_scipy_for_the_lifetime_fit():
    code = "from xl_portfolio.api import analyze\nanalyze()"  # the bundled invoice lines
    assert _loaded_after(code) == ["scipy", "threadpoolctl"]


def test_the_analyze_command_imports_no_sax_before_the_work():
    """xml.sax.saxutils (15 ms) only unescapes a formula the reader reports."""
    imports = ("import xl_portfolio.cli, xl_portfolio.api, xl_portfolio.report, "
               "xl_portfolio.report.atomic, xl_portfolio.settings, xl_portfolio.progress")
    probe = f"import sys\n{imports}\nprint('xml.sax.saxutils' in sys.modules)"
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         cwd=REPO, check=True)
    assert run.stdout.strip() == "False"
