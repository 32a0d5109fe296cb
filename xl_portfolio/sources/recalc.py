"""Computing formulas that a file holds without their values, through headless LibreOffice.

Scripts that write workbooks (openpyxl, many ERP exports) save formulas without the
values Excel would store next to them, so no reader can see the figures. When soffice
is installed, `--recalculate` lets LibreOffice open a copy, compute every formula and
save it; the input file itself is only read.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from xl_portfolio.errors import InputError

# Always recalculate on load, in a private profile so runs do not share state (the tests
# and the doc renderer use the same profile, tests/libreoffice.py).
PROFILE_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
 <prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
 <prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""
TIMEOUT_SECONDS = 600


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def make_profile(folder: Path) -> str:
    """A fresh LibreOffice user profile in folder that forces recalculation; its URL."""
    user = folder / "user"
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(PROFILE_SETTINGS, encoding="utf-8")
    return folder.resolve().as_uri()


def recalculated_copy(path: Path, folder: Path) -> Path:
    """folder/<same name>.xlsx with every formula computed; the input is only read."""
    program = soffice()
    if program is None:
        raise InputError("--recalculate needs LibreOffice (soffice), which is not installed; "
                         "open the file in Excel and save it instead", file=path.name)
    profile = make_profile(folder / "profile")
    out = folder / "recalculated"
    command = [program, f"-env:UserInstallation={profile}",
               "--headless", "--norestore", "--convert-to", "xlsx", "--outdir", str(out),
               str(path.resolve())]
    try:
        subprocess.run(command, capture_output=True, timeout=TIMEOUT_SECONDS, check=False)
    except subprocess.TimeoutExpired as exc:
        raise InputError(f"LibreOffice did not finish recalculating within "
                         f"{TIMEOUT_SECONDS} s", file=path.name) from exc
    result = out / (path.stem + ".xlsx")
    if not result.exists():  # soffice exits 0 even when it could not load the file
        raise InputError("LibreOffice could not open the file to recalculate it; open it "
                         "in Excel and save it instead", file=path.name)
    named = folder / path.with_suffix(".xlsx").name
    result.replace(named)
    return named
