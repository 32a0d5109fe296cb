"""Headless LibreOffice for tests and doc rendering: convert workbooks, recalculating.

soffice exits 0 even when it could not load a file, so every conversion is checked by
the presence of its output. A private profile (-env:UserInstallation) keeps runs
independent and sets OOXMLRecalcMode=0 (always recalculate on load).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from xl_portfolio.sources.recalc import make_profile

INSTALL_HINT = "LibreOffice not found: apt-get install libreoffice-calc-nogui"


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def require_soffice() -> str:
    """The soffice executable; skip the test without it (fail when CI=true)."""
    found = soffice_path()
    if found is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(INSTALL_HINT)
        pytest.skip(INSTALL_HINT)
    return found


def convert(files: list[Path], out_dir: Path, fmt: str = "xlsx", *,
            soffice: str | None = None, timeout: float = 600) -> list[Path]:
    """Convert several files in ONE soffice run; returns the outputs, in order.

    Raises RuntimeError naming every file LibreOffice failed to convert.
    """
    soffice = soffice or soffice_path()
    if soffice is None:
        raise RuntimeError(INSTALL_HINT)
    out_dir.mkdir(parents=True, exist_ok=True)
    profile = make_profile(out_dir / "lo_profile")
    target = fmt.split(":")[0]
    outputs = [out_dir / (Path(f).stem + "." + target) for f in files]
    for output in outputs:
        output.unlink(missing_ok=True)
    command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
               "--convert-to", fmt, "--outdir", str(out_dir), *map(str, files)]
    completed = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                               check=False)
    missing = [str(f) for f, o in zip(files, outputs, strict=True) if not o.exists()]
    if missing:
        raise RuntimeError(f"LibreOffice did not convert {missing}: "
                           f"{completed.stdout[-500:]} {completed.stderr[-500:]}")
    return outputs
