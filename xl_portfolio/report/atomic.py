"""Write a file all-or-nothing: a crash or a locked target never leaves half a workbook.

The workbook is saved to a temporary file in the target folder (same file system, so
the final os.replace is atomic) and only then moved over the target.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import time
from collections.abc import Callable
from pathlib import Path

from xl_portfolio.errors import OutputError, os_error_words


def lock_file_for(target: Path) -> Path:
    """The lock file Excel (and LibreOffice) put beside an open workbook."""
    return target.with_name("~$" + target.name)


def _locked_message(target: Path) -> str:
    return (f"{target} is open in another program (Excel or LibreOffice): "
            f"close {target.name} in Excel and run again")


def check_writable(target: Path) -> None:
    """Raise OutputError before any work when the target is visibly open or unwritable."""
    if not target.parent.is_dir():
        if target.parent.exists():
            raise OutputError(f"{target}: {target.parent} is a file, not a folder")
        raise OutputError(f"{target}: folder {target.parent} does not exist")
    if target.is_dir():
        raise OutputError(f"{target}: is a folder, give a file name such as portfolio.xlsx")
    if lock_file_for(target).exists() or target.with_name(f".~lock.{target.name}#").exists():
        raise OutputError(_locked_message(target))


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# The temporary file's name starts with this much of the target's name, so a target
# name near the file system's limit still leaves room for the temporary one.
TEMP_STEM_CHARS = 40


def temp_prefix(target: Path) -> str:
    """Temporary files for target are named <prefix>XXXXXXXX<suffix> in its folder."""
    return ".~" + target.stem[:TEMP_STEM_CHARS] + "-"


# A temporary file this old is left over from a run that was killed outright (SIGKILL,
# power loss): no run writes for that long, so the next write of the same report
# removes it.
STALE_TEMP_SECONDS = 3600
_TEMP_RANDOM = r"[0-9a-f]{8}"  # what _claim_temp_file puts between prefix and suffix


def remove_stale_temps(target: Path, now: float | None = None) -> list[Path]:
    """Remove this report's temporary files left by killed runs; returns them."""
    pattern = re.compile(re.escape(temp_prefix(target)) + _TEMP_RANDOM
                         + re.escape(target.suffix) + "$")
    now = time.time() if now is None else now
    removed = []
    with contextlib.suppress(OSError):
        for candidate in target.parent.iterdir():
            if pattern.match(candidate.name) and candidate.is_file() and (
                    now - candidate.stat().st_mtime > STALE_TEMP_SECONDS):
                with contextlib.suppress(OSError):
                    candidate.unlink()
                    removed.append(candidate)
    return removed


def _write_failed(target: Path, exc: OSError) -> OutputError | None:
    """An OutputError naming the target for file-system errors the user can fix."""
    if isinstance(exc, PermissionError) and os.access(target.parent, os.W_OK):
        if target.exists() and not os.access(target, os.W_OK):
            return OutputError(f"{target}: the file is read-only; clear 'read-only' in its "
                               f"properties or choose another name with -o")
        return OutputError(_locked_message(target))
    words = os_error_words(exc)
    if words is None:
        return None
    kept = " (the previous report is unchanged)" if target.exists() else ""
    return OutputError(f"{target}: cannot be written: {words}{kept}")


def atomic_write(target: str | Path, save: Callable[[Path], None]) -> Path:
    """Call save(temp_path), then move the temp file over target.

    On any exception, SIGTERM included (the CLI turns it into an exception), the temp
    file is removed and an existing target is untouched. File-system errors a user can
    fix (locked target, read-only folder, disk full, name too long) become OutputError.
    """
    target = Path(target)
    check_writable(target)
    remove_stale_temps(target)
    claimed: list[Path] = []  # the temp path, known before the file exists
    try:
        tmp = _claim_temp_file(target, claimed)
        save(tmp)
        os.chmod(tmp, 0o666 & ~_current_umask())  # created 0600; act like open()
        os.replace(tmp, target)
    except BaseException as exc:
        for path in claimed:
            with contextlib.suppress(OSError):
                path.unlink()
        if isinstance(exc, OSError):
            raise (_write_failed(target, exc) or exc) from None
        raise
    return target


def _claim_temp_file(target: Path, claimed: list[Path]) -> Path:
    """Create a new temporary file beside target, recording its path in `claimed` before
    the file is created: SIGTERM may interrupt at any bytecode (its handler raises), and
    the caller's cleanup must still know which file to remove."""
    while True:
        path = target.with_name(f"{temp_prefix(target)}{secrets.token_hex(4)}{target.suffix}")
        claimed[:] = [path]
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            claimed.clear()  # somebody else's file: never ours to remove
            continue
        os.close(fd)
        return path
