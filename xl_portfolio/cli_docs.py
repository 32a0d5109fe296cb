"""The README's command-line options tables, made from the argparse parser itself, so
the documentation lists exactly the options the command accepts (tools/readme_tables.py
writes them; tests/test_readme.py fails when they are stale)."""

from __future__ import annotations

import argparse

from xl_portfolio.cli import build_parser


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _option_name(action: argparse.Action, formatter: argparse.HelpFormatter) -> str:
    if not action.option_strings:  # a positional argument
        name = action.metavar or action.dest
        return f"`{name.upper()}`" + (f" ({'/'.join(action.choices)})"
                                      if action.choices else "")
    names = ", ".join(action.option_strings)
    if action.nargs == 0:
        return f"`{names}`"
    if action.choices:
        return f"`{names} {'|'.join(action.choices)}`"
    metavar = action.metavar or action.dest.upper()
    return f"`{names} {metavar}`"


def options_table(command: str | None = None) -> str:
    """A Markdown table of one command's options (None: the options before a command)."""
    parser = build_parser()
    target = parser if command is None else _subcommands(parser)[command]
    formatter = target._get_formatter()
    rows = ["| option | meaning |", "|---|---|"]
    for action in target._actions:
        if isinstance(action, (argparse._HelpAction, argparse._SubParsersAction)):
            continue
        help_text = formatter._expand_help(action) if action.help else ""
        rows.append(f"| {_cell(_option_name(action, formatter))} | {_cell(help_text)} |")
    return "\n".join(rows)


def options_tables() -> str:
    """Every command's table, under its name, in the parser's order."""
    parts = ["Before the command: `xl-portfolio [--version] [--debug] COMMAND ...`", "",
             options_table(None)]
    for name, command in _subcommands(build_parser()).items():
        parts += ["", f"`xl-portfolio {name}`: {_cell(command.description or '')}", "",
                  options_table(name)]
    return "\n".join(parts)
