"""Progress of a run as named steps, for whoever shows it: the command line (stderr) now,
Excel's status bar (the ribbon) later.

The contract is a callback taking a step name (``Progress = Callable[[str], None]``):
``api.analyze(..., progress=cb)`` calls it with "reading" and "analysing",
``report.write_report(..., progress=cb)`` with "writing". A caller that wants nothing
passes nothing. ``step_label(step)`` gives the words to show.

`TerminalProgress` is the command line's display: silent for runs shorter than `delay`
seconds, then one line on stderr redrawn in place ("Reading the input... 3.2 s"), and a
last line with the total time. `for_terminal` returns a silent callback when stderr is
not a terminal (a pipe, a log file, a scheduled task) or with --quiet.
"""

from __future__ import annotations

import contextlib
import sys
import threading
import time
from collections.abc import Callable
from typing import TextIO

Progress = Callable[[str], None]

READING, ANALYSING, WRITING = "reading", "analysing", "writing"
_LABELS = {READING: "Reading the input", ANALYSING: "Analysing the portfolio",
           WRITING: "Writing the report"}
# Runs shorter than this show nothing: a display that flashes by is noise.
DEFAULT_DELAY = 2.0
REFRESH_SECONDS = 0.25


def step_label(step: str) -> str:
    """Words for a step name; unknown steps (added later) show as they are."""
    return _LABELS.get(step, step)


def notify(progress: Progress | None, step: str) -> None:
    """Tell progress about a step, if anyone listens."""
    if progress is not None:
        progress(step)


class TerminalProgress:
    """Steps with elapsed time on one redrawn stderr line, once a run lasts `delay` s.

    Call it with each step name; call `finish()` at the end (also on failure) so the
    line is closed. `refresh()` redraws; a daemon thread calls it every 0.25 s unless
    `ticker=False` (tests drive it with a fake clock).
    """

    def __init__(self, stream: TextIO | None = None, *, delay: float = DEFAULT_DELAY,
                 clock: Callable[[], float] = time.monotonic, ticker: bool = True):
        self.stream = stream if stream is not None else sys.stderr
        self.delay = delay
        self.clock = clock
        self.started = clock()
        self.step: str | None = None
        self.shown = False
        self._widest = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        if ticker:
            self._thread = threading.Thread(target=self._tick, daemon=True,
                                            name="xl-portfolio-progress")
            self._thread.start()

    def __call__(self, step: str) -> None:
        with self._lock:
            if self.shown and self.step is not None:
                self._draw(end="\n")  # keep the finished step on its own line
            self.step = step
        self.refresh()

    def refresh(self) -> None:
        """Redraw the current step once the run is older than `delay`."""
        with self._lock:
            if self.step is not None and self.clock() - self.started >= self.delay:
                self._draw(end="")

    def finish(self) -> None:
        """Stop the ticker and close the line with the total time, if anything showed."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=1.0)
        with self._lock:
            if self.shown:
                self._draw(end="\n")
                self.stream.write(f"Done in {self.clock() - self.started:.1f} s\n")
                self.stream.flush()
            self.step = None

    def _draw(self, end: str) -> None:
        elapsed = self.clock() - self.started
        line = f"{step_label(self.step or '')}... {elapsed:5.1f} s"
        self._widest = max(self._widest, len(line))
        # Padding (not an escape sequence) clears a longer previous line on any console.
        self.stream.write(f"\r{line.ljust(self._widest)}{end}")
        self.stream.flush()
        self.shown = True

    def _tick(self) -> None:
        while not self._stop.wait(REFRESH_SECONDS):
            self.refresh()


def is_terminal(stream: TextIO) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False


def for_terminal(stream: TextIO | None = None, *, quiet: bool = False,
                 delay: float | None = None) -> TerminalProgress | None:
    """The command line's display on stream (default stderr); None when it must stay
    silent (--quiet, or stderr is not a terminal). delay: default DEFAULT_DELAY."""
    stream = stream if stream is not None else sys.stderr
    if quiet or not is_terminal(stream):
        return None
    return TerminalProgress(stream, delay=DEFAULT_DELAY if delay is None else delay)


class StatusBar:
    """Excel's status bar as the progress display of the ribbon: each step shows as
    "xl-portfolio: Reading the input..."; `close()` hands the bar back to Excel. An
    engine without a status bar (xlwings' remote interpreter) shows nothing."""

    def __init__(self, app: object) -> None:
        self.app = app

    def __call__(self, step: str) -> None:
        self._set(f"xl-portfolio: {step_label(step)}...")

    def close(self) -> None:
        self._set(False)

    def _set(self, value: object) -> None:
        # Progress must never break a refresh, whatever the engine says.
        with contextlib.suppress(Exception):
            self.app.status_bar = value  # type: ignore[attr-defined]
