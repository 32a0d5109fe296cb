"""Checks on the input file before any parser sees it, so failures read as advice."""

from __future__ import annotations

from pathlib import Path

from xl_portfolio.errors import InputError

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")
CSV_SUFFIXES = (".csv",)
PARQUET_SUFFIXES = (".parquet",)

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_MARKERS = (b"EncryptedPackage", "EncryptedPackage".encode("utf-16-le"))
_SCAN_BYTES = 4 * 1024 * 1024

PASSWORD_ADVICE = ("is password-protected: remove the password in Excel "
                   "(File > Info > Protect Workbook) and try again")


def check_input_file(path: Path) -> str:
    """Return the lower-case suffix of a readable input file, or raise a clear InputError.

    An encrypted xlsx is not a zip but an OLE compound file holding an
    'EncryptedPackage' stream; readers report it as a corrupt zip, which misleads.
    """
    name = path.name
    suffix = path.suffix.lower()
    if suffix not in WORKBOOK_SUFFIXES + CSV_SUFFIXES + PARQUET_SUFFIXES:
        shown = suffix or "(no extension)"
        raise InputError(f"unsupported format {shown}; use .xlsx, .xlsm, .csv or .parquet",
                         file=name)
    if not path.exists():
        raise InputError(f"file not found (looked in {path.parent.resolve()})", file=name)
    if path.is_dir():
        raise InputError("is a folder, not a file", file=name)
    try:
        with path.open("rb") as handle:  # read-only: the input is never modified
            head = handle.read(_SCAN_BYTES)
    except PermissionError as exc:
        raise InputError("cannot be opened: permission denied (is it open and locked "
                         "in another program?)", file=name) from exc
    except OSError as exc:
        raise InputError(f"cannot be read: {exc.strerror or exc}", file=name) from exc
    if not head:
        raise InputError("is an empty file (0 bytes)", file=name)
    if head.startswith(OLE_MAGIC):
        if any(marker in head for marker in _ENCRYPTED_MARKERS):
            raise InputError(PASSWORD_ADVICE, file=name)
        if suffix in (".xlsx", ".xlsm"):
            raise InputError(f"is not a real {suffix} file (it is an old-style Office "
                             "file); open it in Excel and save it as .xlsx", file=name)
    return suffix
