"""Printing to a terminal that may be hostile: text from the input (customer names, file
names) is shown, never obeyed, and never makes the program fail.

- Escape sequences (colours, cursor moves, window titles, hyperlinks) are removed and
  any other control character shows as "?": a name cannot clear the screen or fake a line.
- Bidirectional overrides (U+202A..U+202E, U+2066..U+2069) show as "?" too, so a name
  cannot reverse the text around it.
- Characters the console's encoding cannot show (a Windows code page) become "?"
  instead of raising UnicodeEncodeError after the report was written.
"""

from __future__ import annotations

import re
import sys
from typing import TextIO

# ESC [ ... final byte (CSI), ESC ] ... BEL or ESC \ (OSC), ESC and one character.
_ESCAPE_SEQUENCE = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"
                              r"|\x1b[@-_]?")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """text without escape sequences; other control characters as '?' (newline and tab
    stay: messages use them)."""
    return _CONTROL.sub("?", _ESCAPE_SEQUENCE.sub("", text))


def encodable(text: str, stream: TextIO) -> str:
    """text with what the stream's encoding cannot show replaced by '?'."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        return text.encode(encoding, errors="replace").decode(encoding, errors="replace")
    except LookupError:  # an encoding Python does not know: keep to ASCII
        return text.encode("ascii", errors="replace").decode("ascii")


def say(text: str, stream: TextIO | None = None) -> None:
    """Print one message safely (default: standard output)."""
    stream = stream if stream is not None else sys.stdout
    stream.write(encodable(printable(text), stream) + "\n")
    stream.flush()
