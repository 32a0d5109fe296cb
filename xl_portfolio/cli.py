"""The command line: a thin shell over xl_portfolio.api and the report writer.

Exit codes: 0 done, 2 bad input, settings or output (a message, never a traceback),
1 an unexpected failure (a one-line message; --debug shows the traceback).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

from xl_portfolio import __version__
from xl_portfolio.errors import InputError, OutputError

EXIT_OK, EXIT_FAILURE, EXIT_BAD_INPUT = 0, 1, 2


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


def _xlsx_output(name: str) -> Path:
    """The -o path; Excel workbooks only, since every output is one."""
    output = Path(name)
    if output.suffix.lower() != ".xlsx":
        raise InputError(f"output must be an .xlsx file, got {output.name!r}")
    return output


def _as_of(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise InputError(f"--as-of expects a date like 2025-12-31, got {text!r}") from exc


def _add_analyze(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "analyze", help="analyse a customer sheet or invoice lines and write the report",
        description="Read a customer sheet or an ERP export of invoice lines (.xlsx, .xlsm, "
                    ".csv) and write the portfolio workbook. Without INPUT the bundled "
                    "sample is used.")
    p.add_argument("input", nargs="?", help="input file; omit to run on the bundled sample")
    p.add_argument("-o", "--output", default="portfolio.xlsx",
                   help="workbook to write (default: portfolio.xlsx)")
    kind = p.add_mutually_exclusive_group()
    kind.add_argument("--lines", dest="kind", action="store_const", const="lines",
                      help="the input holds invoice lines (default: detected)")
    kind.add_argument("--customers", dest="kind", action="store_const", const="customers",
                      help="the input holds one row per customer (default: detected)")
    p.add_argument("--sheet", help="sheet to read (default: the first sheet with data)")
    p.add_argument("--drivers-sheet", help="sheet with customer cost drivers to join to "
                   "invoice lines (default: detected)")
    p.add_argument("--column", action="append", default=[], metavar="NAME=HEADER",
                   help='map a header explicitly, e.g. --column customer="bikeshop_name"')
    p.add_argument("--settings", help="TOML file with settings (see README)")
    p.add_argument("--lang", choices=("en", "nl", "fr"), help="language of the output")
    p.add_argument("--as-of", help="reference date YYYY-MM-DD (default: last invoice date)")
    p.add_argument("--template", help="report template .xlsx to fill (default: built-in)")
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing on success")
    p.set_defaults(handler=_run_analyze)


def _run_analyze(args: argparse.Namespace) -> int:
    from xl_portfolio.api import analyze, sample_path
    from xl_portfolio.report import write_report
    from xl_portfolio.settings import load_settings

    settings = load_settings(args.settings, language=args.lang, as_of=_as_of(args.as_of))
    columns = {**settings.columns, **_column_mapping(args.column)}
    source = Path(args.input) if args.input else sample_path()
    output = _xlsx_output(args.output)
    if source.exists() and output.exists() and output.resolve() == source.resolve():
        raise InputError("the output would overwrite the input file; choose another -o")
    result = analyze(source, settings=settings, kind=args.kind, sheet=args.sheet,
                     columns=columns, drivers_sheet=args.drivers_sheet)
    written = write_report(result, output, template=args.template)
    if not args.quiet:
        _print_summary(result, written, sample=args.input is None)
    return EXIT_OK


def _print_summary(result, written: Path, *, sample: bool) -> None:  # noqa: ANN001
    s = result.summary
    origin = "bundled sample" if sample else result.source.file if result.source else "input"
    print(f"Read {origin}: {s['customers']} customers ({s['active_customers']} active), "
          f"as of {s['as_of']}.")
    print(f"Revenue {s['revenue']:,.0f}; net margin after cost to serve "
          f"{s['net_margin']:,.0f} ({s['net_margin_pct']:.1%}); "
          f"{_customers_lose(s['loss_making_customers'])}.")
    for warning in result.warnings[:5]:
        print(f"  ! {warning}")
    print(f"Wrote {written}")


def _customers_lose(count: int) -> str:
    return "1 customer loses money" if count == 1 else f"{count:,} customers lose money"


def _add_settings(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("settings", help="print the settings in force as TOML",
                              description="Print every setting with its value (defaults, "
                              "or as loaded from --settings), ready to save and edit.")
    p.add_argument("--settings", help="TOML file to load first")
    p.set_defaults(handler=_run_settings)


def _run_settings(args: argparse.Namespace) -> int:
    from xl_portfolio.settings import load_settings, settings_to_toml

    print(settings_to_toml(load_settings(args.settings)), end="")
    return EXIT_OK


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
        p.add_argument("-o", "--output", default=default,
                       help=f"file to write (default: {default})")
        p.set_defaults(handler=_run_copy, packaged=command)


def _run_copy(args: argparse.Namespace) -> int:
    """Copy a file shipped in the package, never over an existing file."""
    from xl_portfolio.api import input_template_path, sample_path

    source = sample_path() if args.packaged == "sample" else input_template_path()
    target = _xlsx_output(args.output)
    if target.exists():
        raise OutputError(f"{target} already exists; choose another -o or delete it first")
    target.write_bytes(source.read_bytes())
    print(f"Wrote {target}")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="xl-portfolio",
        description="What each customer is really worth: margin after cost to serve, "
                    "segment, pyramid tier and action, written into Excel.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of failures")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_analyze(subparsers)
    _add_settings(subparsers)
    _add_file_commands(subparsers)
    _add_share(subparsers)
    _add_optional_commands(subparsers)
    return parser


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
        print(f"Wrote {copy.path}{who}: {copy.size / 1024:,.0f} KB")
        if copy.too_big:
            print(f"  ! larger than the limit of {copy.size_limit / 1024 / 1024:,.1f} MB "
                  f"(share_size_limit_mb): many mail servers refuse it", file=sys.stderr)
        if copy.removed_sheets and not args.quiet:
            print(f"  left out: {', '.join(copy.removed_sheets)}")
        if copy.eml and not args.quiet:
            print(f"  draft {copy.eml}")
        if copy.sent and not args.quiet:
            print(f"  sent to {copy.recipient.email if copy.recipient else args.to}")
    if copies and copies[0].unassigned:
        print(f"  ! {copies[0].unassigned:,} customer(s) have no owner and are in none of "
              f"the copies", file=sys.stderr)
    return EXIT_OK


def _add_optional_commands(subparsers: argparse._SubParsersAction) -> None:
    """Commands that live in other parts of the package (the Excel add-in installer)."""
    try:
        from xl_portfolio.addin.cli import register_cli
    except ImportError:
        return
    register_cli(subparsers)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return EXIT_BAD_INPUT
    try:
        return args.handler(args)
    except (InputError, OutputError) as exc:
        print(f"xl-portfolio: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("xl-portfolio: interrupted", file=sys.stderr)
        return EXIT_FAILURE
    except Exception as exc:  # a bug: say so plainly, no traceback unless asked
        if args.debug:
            raise
        print(f"xl-portfolio: unexpected error: {type(exc).__name__}: {exc} "
              f"(run again with --debug for details)", file=sys.stderr)
        return EXIT_FAILURE


if __name__ == "__main__":
    sys.exit(main())
