"""The README's options tables are the parser's: every option of every command, with
its help text, and nothing the parser does not accept."""

from __future__ import annotations

import argparse
import re

from tests.conftest import REPO
from xl_portfolio.cli import build_parser
from xl_portfolio.cli_docs import options_tables

README = (REPO / "README.md").read_text(encoding="utf-8")


def _section() -> str:
    return re.search(r"<!-- options:start[^>]*-->\n(.*?)<!-- options:end -->", README,
                     re.S).group(1)


def test_readme_options_section_is_the_generated_one():
    assert _section().strip() == options_tables().strip()


def test_every_option_of_every_command_is_in_its_table():
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    tables = re.split(r"\n`xl-portfolio ([a-z-]+)`: ", _section())
    by_command = dict(zip(tables[1::2], tables[2::2], strict=True))
    assert set(by_command) == set(sub.choices)
    for name, command in sub.choices.items():
        for action in command._actions:
            if isinstance(action, argparse._HelpAction):
                continue
            for option in action.option_strings:
                if option not in ("-h", "--help"):
                    assert option in by_command[name], f"{name} {option}"
            if action.help and action.help != argparse.SUPPRESS:
                first_words = action.help.split("%(")[0][:30]
                assert first_words in by_command[name], f"{name}: {first_words}"


def test_no_table_lists_an_option_the_parser_rejects():
    section = _section()
    documented = set(re.findall(r"`(--[a-z-]+)", section))
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    accepted = {o for p in (parser, *sub.choices.values()) for a in p._actions
                for o in a.option_strings}
    assert documented <= accepted
