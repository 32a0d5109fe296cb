"""The progress display (issue 9): steps with elapsed time on a terminal's stderr, only
for runs longer than the delay; silent with --quiet and when stderr is not a terminal;
the same step callbacks from api.analyze and write_report."""

from __future__ import annotations

import io
import sys
import time

import pytest

from xl_portfolio import progress
from xl_portfolio.api import analyze
from xl_portfolio.cli import main
from xl_portfolio.progress import TerminalProgress, for_terminal, step_label
from xl_portfolio.report import write_report


class FakeTTY(io.StringIO):
    """stderr as a terminal would be: isatty() is True."""

    encoding = "utf-8"

    def isatty(self) -> bool:
        return True


def small_input(folder) -> str:
    path = folder / "klanten.csv"
    path.write_text("Customer,Revenue,Cost of goods,Orders\nAlpha,1000,700,5\n"
                    "Bravo,2500,1500,8\n", encoding="utf-8")
    return str(path)


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_short_runs_show_nothing():
    stream, clock = FakeTTY(), FakeClock()
    display = TerminalProgress(stream, delay=2.0, clock=clock, ticker=False)
    display("reading")
    clock.now += 0.5
    display("analysing")
    clock.now += 1.0
    display.refresh()
    display.finish()
    assert stream.getvalue() == ""


def test_long_runs_show_each_step_with_elapsed_time_and_the_total():
    stream, clock = FakeTTY(), FakeClock()
    display = TerminalProgress(stream, delay=2.0, clock=clock, ticker=False)
    display("reading")
    clock.now += 2.5
    display.refresh()
    assert stream.getvalue() == "\rReading the input...   2.5 s"
    clock.now += 1.0
    display("analysing")  # the finished step keeps its line
    clock.now += 4.0
    display("writing")
    clock.now += 0.4
    display.finish()
    lines = stream.getvalue().replace("\r", "\n").split("\n")
    shown = [line.rstrip() for line in lines if line.strip()]
    # Each redraw starts with a carriage return: on a terminal the line is overwritten,
    # and a finished step stays on its own line with its final time.
    assert shown == ["Reading the input...   2.5 s", "Reading the input...   3.5 s",
                     "Analysing the portfolio...   3.5 s", "Analysing the portfolio...   7.5 s",
                     "Writing the report...   7.5 s", "Writing the report...   7.9 s",
                     "Done in 7.9 s"]
    assert stream.getvalue().count("\n") == 4


def test_ticker_redraws_while_a_step_runs():
    stream = FakeTTY()
    display = TerminalProgress(stream, delay=0.0)
    display("reading")
    time.sleep(progress.REFRESH_SECONDS * 3)
    display.finish()
    assert stream.getvalue().count("\rReading the input...") >= 3


def test_silent_when_not_a_terminal_or_quiet():
    assert for_terminal(io.StringIO()) is None
    assert for_terminal(FakeTTY(), quiet=True) is None
    display = for_terminal(FakeTTY())
    assert isinstance(display, TerminalProgress)
    display.finish()


def test_unknown_steps_show_as_named():
    assert step_label("fitting the CLV model") == "fitting the CLV model"


def test_api_and_writer_report_their_steps(tmp_path):
    steps: list[str] = []
    result = analyze(small_input(tmp_path), progress=steps.append)
    write_report(result, tmp_path / "out.xlsx", progress=steps.append)
    assert steps == ["reading", "analysing", "writing"]


@pytest.mark.parametrize("quiet", [False, True])
def test_cli_shows_steps_on_a_terminal_and_nothing_when_quiet(tmp_path, monkeypatch, quiet):
    monkeypatch.setattr(progress, "DEFAULT_DELAY", 0.0)
    fake = FakeTTY()
    monkeypatch.setattr(sys, "stderr", fake)
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    argv = ["analyze", small_input(tmp_path), "-o", str(tmp_path / "out.xlsx")] + (
        ["--quiet"] if quiet else [])
    assert main(argv) == 0
    shown = fake.getvalue()
    if quiet:
        assert shown == ""
    else:
        for label in ("Reading the input...", "Analysing the portfolio...",
                      "Writing the report...", "Done in"):
            assert label in shown


def test_cli_is_silent_when_stderr_is_a_pipe(tmp_path, monkeypatch):
    monkeypatch.setattr(progress, "DEFAULT_DELAY", 0.0)
    pipe = io.StringIO()
    monkeypatch.setattr(sys, "stderr", pipe)
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    assert main(["analyze", small_input(tmp_path), "-o", str(tmp_path / "out.xlsx")]) == 0
    assert pipe.getvalue() == ""


def test_status_bar_shows_steps_and_is_handed_back():
    class App:
        def __init__(self) -> None:
            self.shown: list[object] = []

        @property
        def status_bar(self) -> object:
            return self.shown[-1] if self.shown else None

        @status_bar.setter
        def status_bar(self, value: object) -> None:
            self.shown.append(value)

    app = App()
    bar = progress.StatusBar(app)
    bar("reading")
    bar("writing")
    bar.close()
    assert app.shown == ["xl-portfolio: Reading the input...",
                         "xl-portfolio: Writing the report...", False]


def test_status_bar_never_breaks_on_an_engine_without_one():
    class NoBar:
        @property
        def status_bar(self) -> object:
            raise NotImplementedError

        @status_bar.setter
        def status_bar(self, value: object) -> None:
            raise NotImplementedError

    bar = progress.StatusBar(NoBar())
    bar("reading")
    bar.close()
