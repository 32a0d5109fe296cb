"""The macOS installer script's Python discovery, run for real with fake interpreters on
the PATH: it must skip a Python older than 3.10 (Apple's python3 is 3.9) and rebuild an
environment made with one. (The PowerShell twin is on the manual checklist.)"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

SCRIPT = REPO / "installer" / "install-mac.sh"


def fake_python(path: Path, version: tuple[int, int]) -> Path:
    """An executable that answers the version check as Python `version` would."""
    path.parent.mkdir(parents=True, exist_ok=True)
    ok = 0 if version >= (3, 10) else 1
    path.write_text(f"#!/bin/sh\nexit {ok}\n")
    path.chmod(0o755)
    return path


def plan(tmp_path: Path, *args: str) -> tuple[int, str]:
    bin_dir = tmp_path / "bin"
    # the script's own list, without the absolute paths a CI image may have
    names = "python3.13 python3.12 python3.11 python3.10 python3"
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "HOME": str(tmp_path / "home"),
           "XL_PORTFOLIO_PYTHONS": " ".join(f"{bin_dir}/{n}" for n in names.split())}
    done = subprocess.run(["sh", str(SCRIPT), "--plan", *args], capture_output=True,
                          text=True, env=env, check=False)
    return done.returncode, done.stdout + done.stderr


def test_discovery_skips_a_python_older_than_3_10(tmp_path):
    fake_python(tmp_path / "bin" / "python3", (3, 9))
    newer = fake_python(tmp_path / "bin" / "python3.12", (3, 12))
    code, out = plan(tmp_path)
    assert code == 0, out
    assert f"python: {newer}" in out
    assert f"venv: create {tmp_path}/home/.xl-portfolio/venv" in out  # no space in the path


def test_only_an_old_python_is_a_clear_error(tmp_path):
    fake_python(tmp_path / "bin" / "python3", (3, 9))
    code, out = plan(tmp_path)
    assert code != 0 and "no Python 3.10 or newer" in out


def test_an_environment_of_the_wrong_version_is_rebuilt_a_good_one_reused(tmp_path):
    fake_python(tmp_path / "bin" / "python3.11", (3, 11))
    old_venv = tmp_path / "old venv"
    fake_python(old_venv / "bin" / "python", (3, 9))
    code, out = plan(tmp_path, "--venv", str(old_venv))
    assert code == 0 and f"venv: rebuild {old_venv}" in out, out
    good = tmp_path / "good"
    (good / "bin").mkdir(parents=True)
    os.symlink(sys.executable, good / "bin" / "python")
    code, out = plan(tmp_path, "--venv", str(good))
    assert code == 0 and f"venv: reuse {good}" in out, out


def test_an_explicit_old_python_is_refused(tmp_path):
    old = fake_python(tmp_path / "elsewhere" / "python3", (3, 9))
    code, out = plan(tmp_path, "--python", str(old))
    assert code != 0 and "not Python 3.10 or newer" in out
