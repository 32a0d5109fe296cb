"""Write a file all-or-nothing: a crash or a locked target never leaves half a workbook.

The workbook is saved to a temporary file in the target folder (same file system, so
the final os.replace is atomic) and only then moved over the target.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from xl_portfolio.errors import OutputError


def lock_file_for(target: Path) -> Path:
    """The lock file Excel (and LibreOffice) put beside an open workbook."""
    return target.with_name("~$" + target.name)


def _locked_message(target: Path) -> str:
    return (f"{target} is open in another program (Excel or LibreOffice): "
            f"close {target.name} in Excel and run again")


def check_writable(target: Path) -> None:
    """Raise OutputError before any work when the target is visibly open or unwritable."""
    if not target.parent.is_dir():
        raise OutputError(f"{target}: folder {target.parent} does not exist")
    if target.is_dir():
        raise OutputError(f"{target}: is a folder, give a file name such as portfolio.xlsx")
    if lock_file_for(target).exists() or target.with_name(f".~lock.{target.name}#").exists():
        raise OutputError(_locked_message(target))


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write(target: str | Path, save: Callable[[Path], None]) -> Path:
    """Call save(temp_path), then move the temp file over target.

    On any exception the temp file is removed and an existing target is untouched.
    A locked target (PermissionError on replace) becomes an OutputError.
    """
    target = Path(target)
    check_writable(target)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=".~" + target.stem + "-",
                                        suffix=target.suffix, dir=target.parent)
    except PermissionError as exc:
        raise OutputError(f"{target}: no permission to write in {target.parent}") from exc
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        save(tmp)
        os.chmod(tmp, 0o666 & ~_current_umask())  # mkstemp makes 0600; act like open()
        try:
            os.replace(tmp, target)
        except PermissionError as exc:
            raise OutputError(_locked_message(target)) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return target
