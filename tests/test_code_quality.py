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


def test_every_data_file_of_the_package_is_declared_as_package_data():
    """A non-editable install (the Excel installer's) must carry the sample and templates."""
    from fnmatch import fnmatch

    from xl_portfolio.settings import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = project["tool"]["setuptools"]["package-data"]["xl_portfolio"]
    package = REPO / "xl_portfolio"
    data_files = [p.relative_to(package).as_posix() for p in package.rglob("*")
                  if p.is_file() and p.suffix not in (".py", ".pyc")
                  and "__pycache__" not in p.parts]
    assert data_files
    missing = [f for f in data_files if not any(fnmatch(f, pat) for pat in patterns)]
    assert not missing, missing
