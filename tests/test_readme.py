"""The README documents what the code does: generated tables fresh, commands real."""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import fields

from tests.conftest import REPO
from xl_portfolio.cli import build_parser
from xl_portfolio.settings import Settings

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_generated_tables_are_up_to_date():
    run = subprocess.run([sys.executable, "tools/readme_tables.py", "--check"], cwd=REPO,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_every_setting_is_documented():
    for f in fields(Settings):
        assert f"`{f.name}`" in README, f.name


def test_every_cli_option_is_documented():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name, command in sub.choices.items():
        assert f"xl-portfolio {name}" in README, name
        for action in command._actions:
            for option in action.option_strings:
                if option.startswith("--") and option != "--help":
                    assert option in README, f"{name} {option}"


def test_quick_start_is_two_commands_and_ci_runs_the_test_one():
    block = re.search(r"## Quick start.*?```bash\n(.*?)```", README, re.S).group(1)
    commands = [line for line in block.splitlines() if line.strip()]
    assert len(commands) == 2
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    for command in commands:
        assert command in ci
