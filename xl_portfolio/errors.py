"""Errors a user can act on: each says which file, sheet, cell and what was expected."""

from __future__ import annotations

import errno


def cell_ref(column_index: int, row_number: int, sheet: str | None = None) -> str:
    """Excel reference as the user sees it: column_index is 0-based, row_number 1-based."""
    letters = ""
    n = column_index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    ref = f"{letters}{row_number}"
    if sheet:
        quoted = f"'{sheet}'" if any(c in sheet for c in " -'!") else sheet
        ref = f"{quoted}!{ref}"
    return ref


class InputError(Exception):
    """Bad input or settings: the CLI prints the message and exits with code 2."""

    def __init__(self, message: str, *, file: str | None = None, cell: str | None = None):
        self.file = file
        self.cell = cell
        super().__init__(message)

    def __str__(self) -> str:
        message = super().__str__()
        prefix = ""
        if self.file:
            prefix = f"{self.file}: "
        if self.cell:
            prefix += f"{self.cell}: "
        return prefix + message


class OutputError(Exception):
    """The output cannot be written (locked, open in Excel, no permission): exit code 2."""


# What the file system says, in words a user can act on. Errors not listed here are
# left as they are: the CLI reports them as unexpected (a bug to fix).
_OS_ERRORS = {
    errno.ENOSPC: "the disk is full (no space left on the device); free some space or "
                  "write to another folder",
    errno.EDQUOT: "the disk quota is used up; free some space or write to another folder",
    errno.EROFS: "the folder is on a read-only drive; write to another folder",
    errno.EACCES: "no permission (the file or its folder is read-only or belongs to "
                  "someone else)",
    errno.EPERM: "no permission (the file or its folder is read-only or belongs to "
                 "someone else)",
    errno.ENAMETOOLONG: "the file name is too long for the file system; choose a shorter "
                        "name",
    errno.EISDIR: "is a folder, not a file",
    errno.ENOTDIR: "part of the path is a file, not a folder",
    errno.ENOENT: "not found (no such file or folder)",
    errno.EINVAL: "the file system refuses this name (characters such as < > : \" | ? * "
                  "are not allowed in file names on Windows)",
    errno.EFBIG: "the file is too large for the file system",
}


def os_error_words(exc: OSError) -> str | None:
    """What is wrong and what to do, for file-system errors a user can fix; else None."""
    return _OS_ERRORS.get(exc.errno or -1)


def os_error_message(exc: OSError) -> str | None:
    """'<file>: <what is wrong and what to do>' for file-system errors a user can fix,
    None for the rest."""
    words = os_error_words(exc)
    if words is None:
        return None
    return f"{exc.filename}: {words}" if exc.filename is not None else words
