"""The VBA wrappers of our worksheet functions, written by xlwings' own generator.

xlwings writes these into a workbook through COM (`Import Functions`); we want them in
the add-in at build time, on any platform. `xlwings.udfs` imports the Windows COM
modules at import time, so the generator runs in a child Python where, if pywin32 is
absent (macOS, Linux), inert stand-ins take their place: the generator only formats
text and never calls them. Output: JSON with the VBA text and each function's wizard
texts (name, category, description, argument help).
"""

from __future__ import annotations

import importlib
import io
import json
import os
import subprocess
import sys
import tempfile
import types
from typing import Any

UDF_MODULE = "xl_portfolio.excel.udfs"


def _stand_ins() -> None:
    """Inert pywin32 modules, only where the real ones are missing."""
    try:
        import pythoncom  # noqa: F401
        import pywintypes  # noqa: F401
        import win32com.client  # noqa: F401
        return
    except ImportError:
        pass
    pywintypes = types.ModuleType("pywintypes")
    pywintypes.com_error = type("com_error", (Exception,), {})
    pythoncom = types.ModuleType("pythoncom")
    pythoncom.CoInitialize = lambda: None
    win32com = types.ModuleType("win32com")
    client = types.ModuleType("win32com.client")
    client.Dispatch = lambda obj: obj
    win32com.client = client
    sys.modules.update({"pywintypes": pywintypes, "pythoncom": pythoncom,
                        "win32com": win32com, "win32com.client": client})


def generate_here(addin_name: str) -> dict[str, Any]:
    """Run the generator in this process (call only in a throw-away process)."""
    _stand_ins()
    xlwings_udfs = importlib.import_module("xlwings.udfs")
    import xlwings
    xlwings.func, xlwings.arg, xlwings.ret = (xlwings_udfs.xlfunc, xlwings_udfs.xlarg,
                                              xlwings_udfs.xlret)
    module = importlib.import_module(UDF_MODULE)
    out = io.StringIO()
    workbook = types.SimpleNamespace(Name=addin_name)
    xlwings_udfs.generate_vba_wrapper(UDF_MODULE, module, out, workbook)
    functions = []
    for name in module.WORKSHEET_FUNCTIONS:
        info = getattr(module, name).__xlfunc__
        args = [a for a in info["args"] if a["name"] != "caller"]
        functions.append({"name": name, "category": info["category"],
                          "description": info["ret"]["doc"][:255],
                          "arguments": [(a["doc"] or a["name"])[:255] for a in args]})
    return {"vba": out.getvalue(), "functions": functions}


def generate(addin_name: str, python: str | None = None) -> dict[str, Any]:
    """The wrappers as xlwings would import them into an add-in named addin_name."""
    # xlwings reads ~/.xlwings/xlwings.conf as UTF-8 at import and fails on one in the
    # Windows code page: the child gets an empty home.
    with tempfile.TemporaryDirectory(prefix="xl-portfolio-home-") as home:
        env = {**os.environ, "HOME": home, "USERPROFILE": home}
        done = subprocess.run([python or sys.executable, "-m", __name__, addin_name],
                              capture_output=True, text=True, encoding="utf-8", check=False,
                              env=env)
    if done.returncode != 0:
        raise RuntimeError(f"generating the VBA wrappers failed: {done.stderr.strip()[-800:]}")
    return json.loads(done.stdout)


if __name__ == "__main__":
    sys.stdout.write(json.dumps(generate_here(sys.argv[1])))
