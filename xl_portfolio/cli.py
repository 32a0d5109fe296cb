"""The command line: a thin shell over xl_portfolio.api and the report writer.

Exit codes: 0 done, 2 bad input, settings or output (a message naming the file, the
place and what was expected; never a traceback), 1 an unexpected failure, i.e. a bug (a
one-line message; --debug, before or after the command, shows the traceback), 143 when
stopped by SIGTERM (129 by SIGHUP, 130 by Ctrl+C; the temporary file is removed, a
previous report is unchanged).
Everything printed goes through xl_portfolio.console, so names from the input can
neither break the console's encoding nor send it escape sequences.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import signal
import sys
import traceback
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from xl_portfolio import __version__
from xl_portfolio.console import say
from xl_portfolio.errors import InputError, OutputError, os_error_message
from xl_portfolio.setting_types import EARLIEST_DATE, LATEST_DATE

EXIT_OK, EXIT_FAILURE, EXIT_BAD_INPUT = 0, 1, 2
EXIT_TERMINATED = 128 + signal.SIGTERM
EXIT_INTERRUPTED = 128 + signal.SIGINT  # Ctrl+C: the shell's convention, not a bug (1)


class Terminated(BaseException):
    """SIGTERM (or SIGHUP) arrived; args[0] is the signal number. Unwinds like
    KeyboardInterrupt, so atomic_write removes its temporary file; not an Exception,
    so no handler swallows it."""


def _column_mapping(pairs: Sequence[str]) -> dict[str, str]:
    """Parse repeated --column name=header options."""
    mapping: dict[str, str] = {}
    for pair in pairs:
        name, sep, header = pair.partition("=")
        if not sep or not name.strip() or not header.strip():
            raise InputError(f"--column expects name=header, e.g. customer=\"Klantnaam\"; "
                             f"got {pair!r}")
        mapping[name.strip().lower()] = header.strip().strip('"').strip("'")
    return mapping


def _file_name(text: str) -> str:
    """argparse type of options naming a file: a blank name is a mistake, not '.'."""
    if not text.strip():
        raise argparse.ArgumentTypeError("needs a file name, got an empty text")
    return text


def _xlsx_output(name: str) -> Path:
    """The -o path; Excel workbooks only, since every output is one."""
    output = Path(name)
    if output.suffix.lower() != ".xlsx":
        raise InputError(f"-o {name}: the output must be an Excel workbook ending in "
                         f".xlsx")
    return output


def _as_of(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        date = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"--as-of expects a date like 2025-12-31, got \"{text}\"") from None
    if not EARLIEST_DATE <= date <= LATEST_DATE:
        raise InputError(f"--as-of {text}: the date must be from {EARLIEST_DATE} to "
                         f"{LATEST_DATE}; is the year a typo?")
    return date


def _add_analyze(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "analyze", help="analyse a customer sheet or invoice lines and write the report",
        description="Read a customer sheet or an ERP export of invoice lines (.xlsx, .xlsm, "
                    ".csv) and write the portfolio workbook. Without INPUT the bundled "
                    "sample is used.")
    p.add_argument("input", nargs="?", type=_file_name,
                   help=".xlsx, .xlsm, .csv (delimiter and decimal comma detected) or .parquet; "
                        "omit it to run on the bundled sample")
    p.add_argument("-o", "--output", default="portfolio.xlsx", metavar="FILE", type=_file_name,
                   help="workbook to write (default: portfolio.xlsx); written to a temporary "
                        "file first and moved into place only when complete")
    kind = p.add_mutually_exclusive_group()
    kind.add_argument("--lines", dest="kind", action="store_const", const="lines",
                      help="the input holds invoice lines (default: detected)")
    kind.add_argument("--customers", dest="kind", action="store_const", const="customers",
                      help="the input holds one row per customer (default: detected)")
    p.add_argument("--sheet", metavar="NAME",
                   help="sheet to read (default: the first sheet with data)")
    p.add_argument("--drivers-sheet", metavar="NAME",
                   help="for invoice lines: the sheet with customer-level cost drivers "
                        "(default: another sheet of the workbook that looks like a customer "
                        "sheet)")
    p.add_argument("--column", action="append", default=[], metavar="NAME=HEADER",
                   help='map one of your headers to a column name, e.g. --column '
                        'customer="bikeshop_name"; repeatable; wins over the recognised '
                        'headers')
    p.add_argument("--settings", metavar="FILE", type=_file_name,
                   help="TOML settings file (see Settings)")
    p.add_argument("--lang", choices=("en", "nl", "fr"),
                   help="language of labels, actions and headers in the output")
    p.add_argument("--as-of", metavar="YYYY-MM-DD",
                   help="reference date, from 1900-01-01 to 2100-12-31 (default: the last "
                        "invoice date)")
    p.add_argument("--template", metavar="FILE", type=_file_name,
                   help="your restyled report template .xlsx (default: the built-in one)")
    p.add_argument("-q", "--quiet", action="store_true",
                   help="print nothing on success and show no progress (progress shows on "
                        "a terminal for runs longer than 2 seconds)")
    p.add_argument("--recalculate", action="store_true",
                   help="compute formulas saved without their values through LibreOffice "
                        "first (needs LibreOffice installed; the input file is not changed)")
    p.set_defaults(handler=_run_analyze)


def _run_analyze(args: argparse.Namespace) -> int:
    from xl_portfolio.api import analyze, sample_path
    from xl_portfolio.progress import for_terminal
    from xl_portfolio.report import write_report
    from xl_portfolio.report.atomic import check_writable
    from xl_portfolio.settings import load_settings

    settings = load_settings(args.settings, language=args.lang, as_of=_as_of(args.as_of))
    columns = {**settings.columns, **_column_mapping(args.column)}
    source = Path(args.input) if args.input else sample_path()
    output = _xlsx_output(args.output)
    _refuse_overwriting(output, {"input file": source, "report template": args.template,
                                 "settings file": args.settings})
    check_writable(output)  # before the work: a locked or missing folder says so at once
    progress = for_terminal(quiet=args.quiet)
    try:
        result = analyze(source, settings=settings, kind=args.kind, sheet=args.sheet,
                         columns=columns, drivers_sheet=args.drivers_sheet,
                         recalculate=args.recalculate, progress=progress)
        written = write_report(result, output, template=args.template, progress=progress)
    finally:
        if progress is not None:
            progress.finish()
    if not args.quiet:
        _print_summary(result, written, sample=args.input is None)
    return EXIT_OK


def _refuse_overwriting(output: Path, others: dict[str, str | Path | None]) -> None:
    """The report must never replace a file the run reads."""
    for role, other in others.items():
        if other is None:
            continue
        other = Path(other)
        if other.exists() and output.exists() and output.resolve() == other.resolve():
            raise InputError(f"the output {output} would overwrite the {role} {other}; "
                             f"choose another name with -o")


def _print_summary(result, written: Path, *, sample: bool) -> None:  # noqa: ANN001
    s = result.summary
    origin = "bundled sample" if sample else result.source.file if result.source else "input"
    say(f"Read {origin}: {s['customers']} customers ({s['active_customers']} active), "
        f"as of {s['as_of']}.")
    say(f"Revenue {_amount(s['revenue'])}; net margin after cost to serve "
        f"{_amount(s['net_margin'])} ({_percent(s['net_margin_pct'])}); "
        f"{_customers_lose(s['loss_making_customers'])}.")
    for warning in result.warnings[:5]:
        say(f"  ! {warning}")
    say(f"Wrote {written}")


def _amount(value: float | None) -> str:
    """A money figure as the report shows it: n/a when it could not be computed."""
    return f"{value:,.0f}" if _finite(value) else "n/a"


def _percent(value: float | None) -> str:
    return f"{value:.1%}" if _finite(value) else "n/a"


def _finite(value: object) -> bool:
    return isinstance(value, (int, float)) and math.isfinite(value)


def _customers_lose(count: int) -> str:
    return "1 customer loses money" if count == 1 else f"{count:,} customers lose money"


def _add_settings(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("settings", help="print the settings in force as TOML",
                              description="Print every setting with its value (defaults, "
                              "or as loaded from --settings), ready to save and edit.")
    p.add_argument("--settings", metavar="FILE", type=_file_name,
                   help="TOML settings file to load first")
    p.set_defaults(handler=_run_settings)


def _run_settings(args: argparse.Namespace) -> int:
    from xl_portfolio.settings import load_settings, settings_to_toml

    _write_utf8(settings_to_toml(load_settings(args.settings)))
    return EXIT_OK


def _write_utf8(text: str) -> None:
    """TOML is UTF-8 by definition: write the bytes, whatever the console's code page,
    so `xl-portfolio settings > my.toml` keeps every header exactly."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a text-only stream (tests, IDEs)
        sys.stdout.write(text)
        return
    sys.stdout.flush()
    buffer.write(text.encode("utf-8"))
    buffer.flush()


# Files shipped in the package that a user can ask for: command -> (help, description,
# default output name).
_PACKAGED_FILES = {
    "input-template": (
        "write the blank customer input sheet to fill in",
        "Write the blank customer sheet (expected columns, data validation, instructions, "
        "example rows) for users who fill it in by hand.",
        "customer_input.xlsx"),
    "sample": (
        "write the bundled sample input (invoice lines and cost drivers)",
        "Write the sample the analysis runs on without INPUT: a fictitious distributor's "
        "invoice lines and customer cost drivers.",
        "sample_portfolio.xlsx"),
}


def _add_file_commands(subparsers: argparse._SubParsersAction) -> None:
    for command, (summary, description, default) in _PACKAGED_FILES.items():
        p = subparsers.add_parser(command, help=summary, description=description)
        p.add_argument("-o", "--output", default=default, metavar="FILE", type=_file_name,
                       help=f"file to write (default: {default})")
        p.set_defaults(handler=_run_copy, packaged=command)


def _run_copy(args: argparse.Namespace) -> int:
    """Copy a file shipped in the package, never over an existing file."""
    from xl_portfolio.api import input_template_path, sample_path
    from xl_portfolio.report.atomic import atomic_write

    source = sample_path() if args.packaged == "sample" else input_template_path()
    target = _xlsx_output(args.output)
    if target.exists():
        raise OutputError(f"{target} already exists; choose another -o or delete it first")
    atomic_write(target, lambda tmp: tmp.write_bytes(source.read_bytes()))
    say(f"Wrote {target}")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="xl-portfolio",
        description="What each customer is really worth: margin after cost to serve, "
                    "segment, pyramid tier and action, written into Excel.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--debug", action="store_true", help=DEBUG_HELP)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_analyze(subparsers)
    _add_settings(subparsers)
    _add_file_commands(subparsers)
    _add_share(subparsers)
    _add_optional_commands(subparsers)
    for command in subparsers.choices.values():
        _accept_debug(command)
    return parser


DEBUG_HELP = "show the traceback of an unexpected failure (also after the command)"


def _accept_debug(command: argparse.ArgumentParser) -> None:
    """--debug after the command too (analyze ... --debug); SUPPRESS keeps the value
    given before the command when it is absent after it."""
    if "--debug" not in command._option_string_actions:
        command.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                             help=DEBUG_HELP)
def _add_share(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "share", help="write a clean copy of a portfolio workbook to mail (and the mail)",
        description="Write a copy of a portfolio workbook that is safe to mail: .xlsx, "
                    "values only, no macros, links, hidden sheets or personal properties. "
                    "Optionally one copy per account manager, anonymised, with an .eml "
                    "draft or sent through the SMTP server of the settings.",
        epilog="Example: xl-portfolio share portfolio.xlsx --per-owner "
               "--recipients managers.csv --mail")
    p.add_argument("portfolio", help="portfolio workbook written by xl-portfolio analyze")
    p.add_argument("-o", "--output", help="the copy (.xlsx; default PORTFOLIO-shared.xlsx) "
                   "or, with --per-owner, the folder (default PORTFOLIO-shared)")
    p.add_argument("--sheets", help="comma-separated sheets to keep, e.g. "
                   '"Dashboard,Actions" (default: all visible sheets)')
    who = p.add_mutually_exclusive_group()
    who.add_argument("--owner", metavar="NAME", help="keep one account manager's customers")
    who.add_argument("--per-owner", action="store_true",
                     help="one copy per account manager, totals recomputed")
    p.add_argument("--anonymise", action="store_true",
                   help="replace customer names by stable codes from the key file")
    p.add_argument("--key", help="key file for --anonymise (default: beside the copy, "
                   "PORTFOLIO-shared-key.json); made when missing; never attached")
    p.add_argument("--recipients", help="CSV or .xlsx with owner, email, language")
    p.add_argument("--to", metavar="ADDRESS", help="address for the whole-portfolio copy")
    p.add_argument("--lang", choices=("en", "nl", "fr"),
                   help="mail language when the recipients list gives none")
    p.add_argument("--mail", action="store_true", help="write an .eml draft beside each copy")
    p.add_argument("--send", action="store_true",
                   help="send through the SMTP server of the settings")
    p.add_argument("--settings", help="TOML file with settings (SMTP server, size limit)")
    p.add_argument("--template", help="report template the portfolio was written with, "
                   "for owner copies (default: built-in)")
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing on success")
    p.set_defaults(handler=_run_share)


def _run_share(args: argparse.Namespace) -> int:
    from xl_portfolio.share import share_copy

    copies = share_copy(args.portfolio, args.output, sheets=args.sheets, owner=args.owner,
                        per_owner=args.per_owner, anonymise=args.anonymise, key=args.key,
                        recipients=args.recipients, to=args.to, lang=args.lang,
                        mail=args.mail, send=args.send, settings=args.settings,
                        template=args.template)
    for copy in copies:
        if args.quiet and not copy.too_big:
            continue
        who = f" for {copy.owner}" if copy.owner else ""
        say(f"Wrote {copy.path}{who}: {copy.size / 1024:,.0f} KB")
        if copy.too_big:
            say(f"  ! larger than the limit of {copy.size_limit / 1024 / 1024:,.1f} MB "
                  f"(share_size_limit_mb): many mail servers refuse it", sys.stderr)
        if copy.removed_sheets and not args.quiet:
            say(f"  left out: {', '.join(copy.removed_sheets)}")
        if copy.eml and not args.quiet:
            say(f"  draft {copy.eml}")
        if copy.sent and not args.quiet:
            say(f"  sent to {copy.recipient.email if copy.recipient else args.to}")
    if copies and copies[0].unassigned:
        say(f"  ! {copies[0].unassigned:,} customer(s) have no owner and are in none of "
            f"the copies", sys.stderr)
    return EXIT_OK


def _add_optional_commands(subparsers: argparse._SubParsersAction) -> None:
    """Commands that live in other parts of the package (the Excel add-in installer)."""
    try:
        from xl_portfolio.addin.cli import register_cli
    except ImportError:
        return
    register_cli(subparsers)


# Signals that end a run politely: SIGTERM (kill, a service manager, a container stop)
# and, where it exists, SIGHUP (the terminal was closed).
_STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP")
                      if hasattr(signal, name))


@contextmanager
def _sigterm_unwinds() -> Iterator[None]:
    """While the command runs, SIGTERM (and SIGHUP) raise Terminated, so cleanup code
    runs; the previous handlers are restored afterwards (main() may be called from
    Python)."""
    def handler(signum: int, frame: object) -> None:
        raise Terminated(signum)

    previous = {}
    try:
        for sig in _STOP_SIGNALS:
            previous[sig] = signal.signal(sig, handler)
    except ValueError:  # not the main thread: leave signals alone
        pass
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def _error(message: str) -> None:
    say(f"xl-portfolio: error: {message}", sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return EXIT_BAD_INPUT
    try:
        with _sigterm_unwinds():
            return args.handler(args)
    except (InputError, OutputError) as exc:
        _error(str(exc))
        return EXIT_BAD_INPUT
    except OSError as exc:
        message = os_error_message(exc)
        if message is None:
            return _unexpected(exc, args)
        _error(message)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        say("xl-portfolio: interrupted (Ctrl+C); no report written", sys.stderr)
        return EXIT_INTERRUPTED
    except Terminated as stop:
        signum = stop.args[0] if stop.args else signal.SIGTERM
        say(f"xl-portfolio: stopped ({signal.Signals(signum).name}); no report written",
            sys.stderr)
        return 128 + signum
    except Exception as exc:  # a bug: say so plainly, no traceback unless asked
        return _unexpected(exc, args)


def _unexpected(exc: BaseException, args: argparse.Namespace) -> int:
    if args.debug:
        traceback.print_exc()
    say(f"xl-portfolio: unexpected error: {type(exc).__name__}: {exc} "
        f"(run again with --debug for details)", sys.stderr)
    return EXIT_FAILURE


if __name__ == "__main__":
    sys.exit(main())
