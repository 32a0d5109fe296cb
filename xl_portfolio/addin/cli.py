"""`xl-portfolio addin install | remove | status`: the command-line face of install.py."""

from __future__ import annotations

import argparse
import sys

from xl_portfolio.addin import install as installer
from xl_portfolio.addin.locations import PLATFORMS, resolve


def register_cli(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the `addin` subcommand to the main parser's subparsers."""
    parser = subparsers.add_parser(
        "addin", help="install, remove or check the Excel add-in (ribbon, functions)",
        description="Put xl-portfolio into Excel for the current user: one self-contained "
                    "add-in (Portfolio ribbon, worksheet functions, interpreter setting). "
                    "Your own xlwings add-in and xlwings.conf are left alone. Quit Excel "
                    "first.")
    parser.add_argument("action", choices=("install", "remove", "status"))
    parser.add_argument("--dry-run", action="store_true",
                        help="print every step without changing anything")
    parser.add_argument("--platform", choices=PLATFORMS, default=None,
                        help="target platform (default: this computer's)")
    parser.add_argument("--python", default=None, metavar="PATH",
                        help="interpreter Excel should run (default: this Python)")
    # `handler` is what xl_portfolio.cli dispatches on; `func` for plain argparse users.
    parser.set_defaults(handler=run, func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    """Carry out one addin action; 0 on success, 2 when a file is locked (Excel open: the
    user can fix it), 1 when the add-in cannot be built (a bug)."""
    locations = resolve(args.platform)
    try:
        if args.action == "install":
            installer.install(locations, args.python, dry_run=args.dry_run)
        elif args.action == "remove":
            installer.remove(locations, dry_run=args.dry_run)
        else:
            report = installer.status(locations)
            for key, value in report.items():
                print(f"{key}: {value if value not in (None, []) else '-'}")
            return 0 if report["ok"] else 1
    except PermissionError as exc:
        print(f"error: {exc.filename or exc}: file in use or not writable. Quit Excel "
              "(and any Excel process in the Task Manager) and run the command again.",
              file=sys.stderr)
        return 2  # the user can fix it: quit Excel
    except installer.InstallError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2  # the user can fix it (Excel running, a conf file in another encoding)
    except installer.build.BuildError as exc:
        print(f"error: could not build the ribbon add-in: {exc}", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    """Stand-alone entry (`python -m xl_portfolio.addin.cli install`) until wired in."""
    parser = argparse.ArgumentParser(prog="xl-portfolio")
    register_cli(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["addin", *(argv if argv is not None else sys.argv[1:])])
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
