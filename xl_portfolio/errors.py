"""Errors a user can act on: each says which file, sheet, cell and what was expected."""

from __future__ import annotations


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
