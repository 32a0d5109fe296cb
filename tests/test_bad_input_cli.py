"""Bad-input corpus of the command line, settings and output (issue 8), grouped by the
issue's classes. Every case asserts the exit code, the message (the file, the place:
setting or option, and what was expected), that no file in the folder changed (the input
is untouched) and that no output or temporary file was left behind.

The input-reading classes (formula cells, error values, dates in files, UTF-16 ...) are
in tests/test_bad_input_reading.py.
"""

from __future__ import annotations

import errno
import hashlib
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from openpyxl import Workbook

from xl_portfolio import cli
from xl_portfolio.cli import EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK, main
from xl_portfolio.report import stream

CUSTOMERS_CSV = ("Customer,Revenue,Cost of goods,Orders\n"
                 "Alpha,1000,700,5\nBravo,2500,1500,8\nCharlie,400,390,12\n")


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under folder with the hash of its bytes."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def settings_file(text: str | bytes, name: str = "my_settings.toml") -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        data = text.encode("utf-8") if isinstance(text, str) else text
        (folder / name).write_bytes(data)
    return make


def workbook_file(name: str) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        wb = Workbook()
        wb.active.append(["Customer", "Revenue"])
        wb.active.append(["Alpha", 100])
        wb.save(folder / name)
    return make


def text_file(name: str, text: str = "not a workbook\n") -> Callable[[Path], None]:
    return lambda folder: (folder / name).write_text(text, encoding="utf-8")


def broken_template(name: str, part: str) -> Callable[[Path], None]:
    """The packaged template with one XML part cut in half."""
    def make(folder: Path) -> None:
        from xl_portfolio.report.template import default_template

        with zipfile.ZipFile(default_template()) as source, zipfile.ZipFile(
                folder / name, "w") as target:
            for info in source.infolist():
                data = source.read(info.filename)
                target.writestr(info, data[: len(data) // 2] if info.filename == part
                                else data)
    return make


def folder_named(name: str) -> Callable[[Path], None]:
    return lambda folder: (folder / name).mkdir()


@dataclass
class Case:
    argv: list[str]
    fragments: list[str]
    setup: list[Callable[[Path], None]] = field(default_factory=list)
    code: int = EXIT_BAD_INPUT


ANALYZE = ["analyze", "klanten.csv", "-o", "out.xlsx"]
SETTINGS = ANALYZE + ["--settings", "my_settings.toml"]

# Class 2 and 5: settings of the wrong kind, range, type, encoding or place; each
# message names the settings file, the setting and what it accepts.
SETTINGS_CASES = {
    "negative cost-to-serve rate": Case(SETTINGS, [
        "my_settings.toml", "'rate_per_order'", "at least 0", "got -25"],
        [settings_file("rate_per_order = -25\n")]),
    "rate as text": Case(SETTINGS, [
        "my_settings.toml", "'rate_per_delivery'", "must be a number", 'got "a lot"'],
        [settings_file('rate_per_delivery = "a lot"\n')]),
    "rate true": Case(SETTINGS, ["'rate_per_return'", "must be a number", "got true"],
                      [settings_file("rate_per_return = true\n")]),
    "rate nan": Case(SETTINGS, ["'rate_per_order_line'", "got nan"],
                     [settings_file("rate_per_order_line = nan\n")]),
    "share given as percent": Case(SETTINGS, [
        "my_settings.toml", "'dependency_threshold'", "share between 0 and 1", "got 10"],
        [settings_file("dependency_threshold = 10\n")]),
    "negative share": Case(SETTINGS, ["'cost_of_capital'", "between 0 and 1", "got -0.08"],
                           [settings_file("cost_of_capital = -0.08\n")]),
    "fractional months": Case(SETTINGS, ["'period_months'", "whole number", "got 1.5"],
                              [settings_file("period_months = 1.5\n")]),
    "zero months": Case(SETTINGS, ["'review_months_anchor'", "from 1 to 120", "got 0"],
                        [settings_file("review_months_anchor = 0\n")]),
    "unknown language": Case(SETTINGS, ["'language'", "one of en, nl, fr", 'got "de"'],
                             [settings_file('language = "de"\n')]),
    "as_of year typo": Case(SETTINGS, [
        "my_settings.toml", "'as_of'", "2100-12-31", "got 2925-12-31"],
        [settings_file("as_of = 2925-12-31\n")]),
    "as_of in day-month order": Case(SETTINGS, ["'as_of'", "a date like 2025-12-31",
                                                'got "31/12/2025"'],
                                     [settings_file('as_of = "31/12/2025"\n')]),
    "pyramid cut-offs out of order": Case(SETTINGS, ["my_settings.toml", "pyramid cut-offs"],
                                          [settings_file("pyramid_top_pct = 0.5\n")]),
    "hhi bands crossed": Case(SETTINGS, ["hhi_moderate must not be above hhi_high"],
                              [settings_file("hhi_moderate = 2500\n")]),
    "column header not text": Case(SETTINGS, ["'columns'", "customer = 5"],
                                   [settings_file("[columns]\ncustomer = 5\n")]),
    "two mistakes at once": Case(SETTINGS, [
        "2 settings are wrong", "'rate_per_order'", "'dependency_threshold'"],
        [settings_file("rate_per_order = -1\ndependency_threshold = 10\n")]),
    "misspelt setting": Case(SETTINGS, [
        "my_settings.toml", "unknown setting(s): rate_per_ordr",
        "did you mean rate_per_order?"], [settings_file("rate_per_ordr = 3\n")]),
    "Latin-1 file": Case(SETTINGS, [
        "my_settings.toml", "line 2", "not UTF-8", "save the settings file as UTF-8"],
        [settings_file('language = "nl"\ndrivers_sheet = "Coûts"\n'.encode("latin-1"))]),
    "TOML syntax error": Case(SETTINGS, ["my_settings.toml", "not a valid TOML", "line 1"],
                              [settings_file("language = \n")]),
    "workbook given as settings": Case(
        ANALYZE + ["--settings", "klanten.xlsx"],
        ["klanten.xlsx", "is an Excel workbook, not a TOML settings file"],
        [workbook_file("klanten.xlsx")]),
    "folder given as settings": Case(ANALYZE + ["--settings", "conf"],
                                     ["conf", "is a folder", "settings .toml file"],
                                     [folder_named("conf")]),
    "missing settings file": Case(ANALYZE + ["--settings", "nope.toml"],
                                  ["nope.toml", "settings file not found"]),
    "settings command, bad file": Case(["settings", "--settings", "my_settings.toml"],
                                       ["my_settings.toml", "'rate_per_sales_visit'"],
                                       [settings_file("rate_per_sales_visit = -1\n")]),
}

# Class 2, 5 and 7: options and output names the user can fix.
OPTION_CASES = {
    "as-of year typo": Case(ANALYZE + ["--as-of", "2925-12-31"],
                            ["--as-of 2925-12-31", "from 1900-01-01 to 2100-12-31"]),
    "as-of day-month order": Case(ANALYZE + ["--as-of", "31-12-2025"],
                                  ["--as-of expects a date like 2025-12-31", '"31-12-2025"']),
    "as-of impossible day": Case(ANALYZE + ["--as-of", "2025-02-30"],
                                 ["--as-of expects a date like 2025-12-31"]),
    "column without header": Case(ANALYZE + ["--column", "customer"],
                                  ["--column expects name=header", "'customer'"]),
    "output not a workbook": Case(["analyze", "klanten.csv", "-o", "out.csv"],
                                  ["-o out.csv", "must be an Excel workbook ending in .xlsx"]),
    "output folder missing": Case(["analyze", "klanten.csv", "-o", "nope/out.xlsx"],
                                  ["nope/out.xlsx", "folder nope does not exist"]),
    "output folder is a file": Case(["analyze", "klanten.csv", "-o", "klanten.csv/out.xlsx"],
                                    ["klanten.csv/out.xlsx", "klanten.csv is a file, not a "
                                     "folder"]),
    "output is a folder": Case(["analyze", "klanten.csv", "-o", "out.xlsx"],
                               ["out.xlsx", "is a folder"], [folder_named("out.xlsx")]),
    "output overwrites input": Case(["analyze", "klanten.xlsx", "-o", "klanten.xlsx"],
                                    ["would overwrite the input file klanten.xlsx"],
                                    [workbook_file("klanten.xlsx")]),
    "output overwrites template": Case(
        ANALYZE[:2] + ["-o", "huisstijl.xlsx", "--template", "huisstijl.xlsx"],
        ["would overwrite the report template huisstijl.xlsx"],
        [workbook_file("huisstijl.xlsx")]),
    "output name too long": Case(["analyze", "klanten.csv", "-o", "x" * 300 + ".xlsx"],
                                 ["xxxxxxxx", "file name is too long"]),
    "output open in Excel": Case(ANALYZE, ["out.xlsx", "open in another program"],
                                 [text_file("~$out.xlsx", "lock")]),
    "template not a workbook": Case(ANALYZE + ["--template", "huisstijl.xlsx"], [
        "huisstijl.xlsx", "not a readable Excel workbook", "report template"],
        [text_file("huisstijl.xlsx")]),
    "template with a broken workbook part": Case(
        ANALYZE + ["--template", "kapot.xlsx"],
        ["kapot.xlsx", "not a readable Excel workbook", "report template"],
        [broken_template("kapot.xlsx", "xl/workbook.xml")]),
    "template with a broken sheet": Case(
        ANALYZE + ["--template", "kapot.xlsx"], ["kapot.xlsx", "not a readable Excel workbook"],
        [broken_template("kapot.xlsx", "xl/worksheets/sheet1.xml")]),
    "template a folder": Case(ANALYZE + ["--template", "stijl.xlsx"],
                              ["stijl.xlsx", "is a folder"], [folder_named("stijl.xlsx")]),
    "template missing": Case(ANALYZE + ["--template", "nope.xlsx"],
                             ["nope.xlsx", "report template not found"]),
    "template with macros": Case(ANALYZE + ["--template", "macro.xlsm"],
                                 ["macro.xlsm", "must be an .xlsx file"],
                                 [workbook_file("macro.xlsm")]),
    "template without anchors": Case(ANALYZE + ["--template", "plain.xlsx"],
                                     ["plain.xlsx", "lacks anchor(s)"],
                                     [workbook_file("plain.xlsx")]),
    "sample over an existing file": Case(["sample", "-o", "mine.xlsx"],
                                         ["mine.xlsx already exists"],
                                         [workbook_file("mine.xlsx")]),
    "input-template not a workbook name": Case(["input-template", "-o", "blank.txt"],
                                               ["-o blank.txt", "must be an Excel workbook"]),
    "debug after the command keeps exit 2": Case(ANALYZE + ["--as-of", "2925-01-01",
                                                            "--debug"], ["--as-of"]),
}


def run(folder: Path, argv: list[str], capsys) -> tuple[int, str, str]:
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse's own usage errors
        code = exc.code
    finally:
        os.chdir(cwd)
    out, err = capsys.readouterr()
    return code, out, err


def check_case(tmp_path: Path, case: Case, capsys) -> str:
    (tmp_path / "klanten.csv").write_text(CUSTOMERS_CSV, encoding="utf-8")
    for make in case.setup:
        make(tmp_path)
    before = snapshot(tmp_path)
    code, out, err = run(tmp_path, case.argv, capsys)
    assert code == case.code, err
    for fragment in case.fragments:
        assert fragment in err, f"{fragment!r} not in {err!r}"
    assert "Traceback" not in err and "unexpected error" not in err
    assert snapshot(tmp_path) == before  # input untouched, no output, no temp file
    return err


@pytest.mark.parametrize("case", SETTINGS_CASES.values(), ids=SETTINGS_CASES.keys())
def test_settings_mistakes(tmp_path, case, capsys):
    err = check_case(tmp_path, case, capsys)
    assert err.startswith("xl-portfolio: error: ")


@pytest.mark.parametrize("case", OPTION_CASES.values(), ids=OPTION_CASES.keys())
def test_option_and_output_mistakes(tmp_path, case, capsys):
    check_case(tmp_path, case, capsys)


@pytest.mark.parametrize("argv, fragment", [
    (["analyze", "--lang", "de"], "invalid choice: 'de'"),
    (["analyze", "--sheeet", "x"], "unrecognized arguments: --sheeet"),
    (["analyze", "--lines", "--customers"], "not allowed with argument"),
    (["frobnicate"], "invalid choice: 'frobnicate'"),
    (["analyze", "klanten.csv", "--settings", ""], "argument --settings: needs a file name"),
    (["analyze", "klanten.csv", "-o", " "], "argument -o/--output: needs a file name"),
    (["sample", "-o", ""], "argument -o/--output: needs a file name"),
], ids=["unknown language", "misspelt option", "lines and customers", "unknown command",
        "blank settings name", "blank output name", "blank sample name"])
def test_argparse_mistakes_exit_2_naming_the_option(tmp_path, argv, fragment, capsys):
    check_case(tmp_path, Case(argv, [fragment]), capsys)


def test_no_command_prints_help_and_exits_2(tmp_path, capsys):
    code, out, _ = run(tmp_path, [], capsys)
    assert code == EXIT_BAD_INPUT and "COMMAND" in out


# --- valid inputs near the edges: accepted, with the exact values ----------------------

def test_settings_with_byte_order_mark_and_integral_floats_are_accepted(tmp_path, capsys):
    settings_file('\ufefflanguage = "nl"\nperiod_months = 6.0\nrate_per_order = 30\n'
                  'as_of = 2100-12-31\n')(tmp_path)
    code, out, err = run(tmp_path, ["settings", "--settings", "my_settings.toml"], capsys)
    assert code == EXIT_OK, err
    assert 'language = "nl"' in out and "period_months = 6\n" in out
    assert "rate_per_order = 30.0\n" in out and "as_of = 2100-12-31" in out


@pytest.mark.parametrize("where", ["before", "after"])
def test_debug_is_accepted_before_and_after_the_command(tmp_path, where, capsys):
    argv = ["--debug", "settings"] if where == "before" else ["settings", "--debug"]
    code, out, _ = run(tmp_path, argv, capsys)
    assert code == EXIT_OK and "rate_per_order = 25.0" in out


# --- class 5 and 6: the output folder fails while writing -------------------------------

def _write_fails(monkeypatch, exc: OSError) -> None:
    def fail(wb, target, deferred):  # noqa: ANN001
        Path(target).write_bytes(b"half a workbook")
        raise exc
    monkeypatch.setattr("xl_portfolio.report.writer.save_streamed", fail)


def _previous_report(tmp_path: Path) -> None:
    workbook_file("out.xlsx")(tmp_path)


def test_disk_full_says_so_and_keeps_the_previous_report(tmp_path, monkeypatch, capsys):
    _write_fails(monkeypatch, OSError(errno.ENOSPC, "No space left on device"))
    err = check_case(tmp_path, Case(ANALYZE, ["out.xlsx", "the disk is full",
                                              "previous report is unchanged"],
                                    [_previous_report]), capsys)
    assert "Errno" not in err


def test_read_only_folder_is_not_called_open_in_excel(tmp_path, monkeypatch, capsys):
    def refuse(*args, **kwargs):  # noqa: ANN002, ANN003
        raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path))
    monkeypatch.setattr("xl_portfolio.report.atomic._claim_temp_file", refuse)
    monkeypatch.setattr("os.access", lambda path, mode: False)
    err = check_case(tmp_path, Case(ANALYZE, ["out.xlsx", "no permission", "read-only"],
                                    [_previous_report]), capsys)
    assert "Excel" not in err


def test_read_only_drive_says_so(tmp_path, monkeypatch, capsys):
    _write_fails(monkeypatch, OSError(errno.EROFS, "Read-only file system"))
    check_case(tmp_path, Case(ANALYZE, ["out.xlsx", "read-only drive"]), capsys)


def test_replace_refused_in_a_writable_folder_means_open_in_excel(tmp_path, monkeypatch,
                                                                    capsys):
    def locked(src, dst):  # noqa: ANN001
        raise PermissionError(errno.EACCES, "Permission denied", str(dst))
    monkeypatch.setattr("os.replace", locked)
    check_case(tmp_path, Case(ANALYZE, ["out.xlsx", "open in another program",
                                        "close out.xlsx in Excel"], [_previous_report]),
               capsys)


def test_a_bug_is_one_line_with_exit_1_and_debug_shows_the_traceback(tmp_path, monkeypatch,
                                                                       capsys):
    def broken(*args, **kwargs):  # noqa: ANN002, ANN003
        raise RuntimeError("boom")
    monkeypatch.setattr("xl_portfolio.api.analyze", broken)
    (tmp_path / "klanten.csv").write_text(CUSTOMERS_CSV, encoding="utf-8")
    code, _, err = run(tmp_path, ANALYZE, capsys)
    assert code == EXIT_FAILURE
    assert err.strip().splitlines() == [
        "xl-portfolio: unexpected error: RuntimeError: boom (run again with --debug for "
        "details)"]
    code, _, err = run(tmp_path, [*ANALYZE, "--debug"], capsys)
    assert code == EXIT_FAILURE and "Traceback" in err and "boom" in err


def test_an_unlisted_os_error_is_a_bug_not_a_user_mistake(tmp_path, monkeypatch, capsys):
    _write_fails(monkeypatch, OSError(errno.EMFILE, "Too many open files"))
    (tmp_path / "klanten.csv").write_text(CUSTOMERS_CSV, encoding="utf-8")
    code, _, err = run(tmp_path, ANALYZE, capsys)
    assert code == EXIT_FAILURE and "Too many open files" in err
    assert not list(tmp_path.glob(".~*"))


# --- class 6: the summary ---------------------------------------------------------------

def test_summary_shows_n_a_never_nan(capsys):
    class Result:
        summary = {"customers": 2, "active_customers": 0, "as_of": "2025-12-31",
                   "revenue": 0.0, "net_margin": float("nan"), "net_margin_pct": float("nan"),
                   "loss_making_customers": 0}
        source = None
        warnings: list[str] = []
    cli._print_summary(Result(), Path("out.xlsx"), sample=False)
    out = capsys.readouterr().out
    assert "net margin after cost to serve n/a (n/a)" in out and "nan" not in out


def test_streamed_rows_keep_the_same_text_rule():
    """The streamed path escapes and cleans with cells.xml_text, as openpyxl's path does."""
    xml = stream._cell_xml("A1", 0, "a<b>&c\ufffe\x01\uffff")
    assert "<t>a&lt;b&gt;&amp;c</t>" in xml


def test_a_killed_runs_old_temporary_file_is_removed_by_the_next_write(tmp_path, capsys):
    from xl_portfolio.report.atomic import STALE_TEMP_SECONDS, temp_prefix

    (tmp_path / "klanten.csv").write_text(CUSTOMERS_CSV, encoding="utf-8")
    prefix = temp_prefix(tmp_path / "out.xlsx")
    old, fresh = tmp_path / f"{prefix}abcd1234.xlsx", tmp_path / f"{prefix}00ff9876.xlsx"
    other = tmp_path / ".~other-abcd1234.xlsx"
    for path in (old, fresh, other):
        path.write_bytes(b"half a workbook")
    long_ago = old.stat().st_mtime - STALE_TEMP_SECONDS - 60
    for path in (old, other):
        os.utime(path, (long_ago, long_ago))
    code, _, err = run(tmp_path, ANALYZE + ["-q"], capsys)
    assert code == EXIT_OK, err
    assert not old.exists()  # left by a killed run of this report: removed
    assert fresh.exists()  # may belong to a run writing right now: kept
    assert other.exists()  # another report's: not ours to touch


def test_a_read_only_report_file_is_called_read_only(tmp_path, monkeypatch, capsys):
    def refused(src, dst):  # noqa: ANN001
        raise PermissionError(errno.EACCES, "Permission denied", str(dst))
    monkeypatch.setattr("os.replace", refused)
    monkeypatch.setattr("os.access", lambda path, mode: Path(path).is_dir())
    err = check_case(tmp_path, Case(ANALYZE, ["out.xlsx", "the file is read-only"],
                                    [_previous_report]), capsys)
    assert "Excel" not in err


def test_ctrl_c_while_writing_keeps_the_previous_report_and_is_not_exit_1(tmp_path,
                                                                            monkeypatch, capsys):
    def interrupted(wb, target, deferred):  # noqa: ANN001
        Path(target).write_bytes(b"half a workbook")
        raise KeyboardInterrupt
    monkeypatch.setattr("xl_portfolio.report.writer.save_streamed", interrupted)
    check_case(tmp_path, Case(ANALYZE, ["interrupted (Ctrl+C); no report written"],
                              [_previous_report], code=cli.EXIT_INTERRUPTED), capsys)


def test_a_name_the_file_system_refuses_says_so(tmp_path, monkeypatch, capsys):
    """Windows refuses < > : " | ? * in names (EINVAL); Linux accepts them, so the
    refusal is simulated where the temporary file is made."""
    def refuse(target, claimed):  # noqa: ANN001
        raise OSError(errno.EINVAL, "Invalid argument", str(target))
    monkeypatch.setattr("xl_portfolio.report.atomic._claim_temp_file", refuse)
    check_case(tmp_path, Case(["analyze", "klanten.csv", "-o", "rapport?.xlsx"],
                              ["rapport?.xlsx", "the file system refuses this name"]), capsys)
