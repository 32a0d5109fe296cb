"""The rules a newcomer relies on: ruff clean, and an analysis core free of Excel code."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys

import pytest

from tests.conftest import REPO

EXCEL_LIBRARIES = {"xlwings", "openpyxl", "python_calamine"}


def test_ruff_is_clean():
    ruff = shutil.which("ruff") or str(REPO / ".venv" / "bin" / "ruff")
    if not shutil.which(ruff):
        pytest.fail("ruff is not installed: pip install -e '.[test]'")
    run = subprocess.run([ruff, "check", "xl_portfolio", "tests", "tools", "bench"],
                         cwd=REPO, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def _imported_modules(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module.split(".")[0]


def test_analysis_core_never_imports_excel_libraries():
    files = sorted((REPO / "xl_portfolio" / "analysis").glob("*.py"))
    assert files
    offenders = {f.name: sorted(set(_imported_modules(f)) & EXCEL_LIBRARIES) for f in files}
    assert not any(offenders.values()), offenders


def test_importing_the_analysis_loads_no_excel_library():
    code = ("import sys, xl_portfolio.analysis.portfolio; "
            f"print(sorted(m for m in sys.modules if m.split('.')[0] in {EXCEL_LIBRARIES!r}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=REPO, check=True).stdout.strip()
    assert out == "[]"
