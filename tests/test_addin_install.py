"""`xl-portfolio addin install | remove | status` against a temporary user profile standing
in for the Windows (USERPROFILE/APPDATA) or macOS (HOME) one."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from xl_portfolio.addin import cli, install, locations, xlwings_conf

PYTHON_WIN = r"C:\Users\ann\xl-portfolio\Scripts\python.exe"
PYTHON_MAC = "/Users/ann/xl-portfolio/bin/python"


@pytest.fixture
def profile(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("USERPROFILE", str(home))
    monkeypatch.setenv("APPDATA", str(home / "AppData" / "Roaming"))
    return home


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="xl-portfolio")
    cli.register_cli(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["addin", *argv])
    return args.func(args)


def files(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def test_dry_run_prints_every_step_and_changes_nothing(profile, capsys):
    assert run("install", "--platform", "windows", "--python", PYTHON_WIN, "--dry-run") == 0
    out = capsys.readouterr().out
    steps = [line for line in out.splitlines() if "[dry-run] would" in line]
    assert len(steps) == 5
    assert "xl_portfolio.excel.ribbon.xlam" in out and "XLSTART" in out
    assert '"INTERPRETER_WIN"="' + PYTHON_WIN in out and "xl_portfolio.excel.udfs" in out
    assert files(profile) == set()


def test_windows_install_puts_files_where_excel_and_xlwings_look(profile, capsys):
    assert run("install", "--platform", "windows", "--python", PYTHON_WIN) == 0
    xlstart = "AppData/Roaming/Microsoft/Excel/XLSTART"
    assert files(profile) == {f"{xlstart}/xl_portfolio.excel.ribbon.xlam",
                              f"{xlstart}/xlwings.xlam", ".xlwings/xlwings.conf",
                              ".xl-portfolio/installed.json"}
    conf = (profile / ".xlwings" / "xlwings.conf").read_bytes()
    assert conf == (f'"INTERPRETER_WIN","{PYTHON_WIN}"\r\n'
                    '"UDF MODULES","xl_portfolio.excel.udfs"\r\n').encode()
    assert (profile / xlstart / "xlwings.xlam").read_bytes() == \
        install.xlwings_addin_source().read_bytes()
    capsys.readouterr()
    assert run("status", "--platform", "windows") == 0
    status = capsys.readouterr().out
    assert "ribbon_addin_version: 0.1.0" in status and f"interpreter: {PYTHON_WIN}" in status


def test_mac_install_uses_the_sandbox_paths(profile):
    assert run("install", "--platform", "mac", "--python", PYTHON_MAC) == 0
    startup = ("Library/Group Containers/UBF8T346G9.Office/User Content.localized/"
               "Startup.localized/Excel")
    script = install.applescript_source().name
    assert files(profile) == {
        f"{startup}/xl_portfolio.excel.ribbon.xlam", f"{startup}/xlwings.xlam",
        "Library/Containers/com.microsoft.Excel/Data/xlwings.conf",
        f"Library/Application Scripts/com.microsoft.Excel/{script}",
        ".xl-portfolio/installed.json"}
    conf = locations.resolve("mac").xlwings_conf
    assert xlwings_conf.read(conf) == {"INTERPRETER_MAC": PYTHON_MAC,
                                       "UDF MODULES": "xl_portfolio.excel.udfs"}
    assert b"\r\n" not in conf.read_bytes()


def test_remove_leaves_the_profile_as_it_was(profile):
    where = locations.resolve("windows")
    where.xlwings_conf.parent.mkdir(parents=True)
    original = '"SHOW CONSOLE","True"\r\n"UDF MODULES","my_functions"\r\n'
    where.xlwings_conf.write_bytes(original.encode())
    before = files(profile)
    assert run("install", "--platform", "windows", "--python", PYTHON_WIN) == 0
    assert xlwings_conf.read(where.xlwings_conf)["UDF MODULES"] == \
        "my_functions;xl_portfolio.excel.udfs"
    assert run("remove", "--platform", "windows") == 0
    assert files(profile) == before
    assert xlwings_conf.read(where.xlwings_conf) == {"SHOW CONSOLE": "True",
                                                     "UDF MODULES": "my_functions"}


def test_an_xlwings_addin_the_user_had_stays_after_remove(profile):
    where = locations.resolve("windows")
    where.startup_dir.mkdir(parents=True)
    (where.startup_dir / "xlwings.xlam").write_bytes(b"older xlwings add-in")
    assert run("install", "--platform", "windows", "--python", PYTHON_WIN) == 0
    assert run("remove", "--platform", "windows") == 0
    assert (where.startup_dir / "xlwings.xlam").exists()
    assert not (where.startup_dir / "xl_portfolio.excel.ribbon.xlam").exists()


def test_reinstall_over_an_older_version_removes_its_stale_files(profile):
    where = locations.resolve("windows")
    where.startup_dir.mkdir(parents=True)
    old_addin = where.startup_dir / "xl-portfolio-0.0.9.xlam"
    old_addin.write_bytes(b"old ribbon")
    old_extra = where.state_dir / "old-helper.txt"
    old_extra.parent.mkdir(parents=True)
    old_extra.write_text("from 0.0.9")
    where.manifest.write_text(json.dumps({
        "version": "0.0.9", "platform": "windows",
        "files": [str(old_addin), str(old_extra)],
        "config_keys": {"INTERPRETER_WIN": "C:/old/python.exe"},
        "previous_config": {"INTERPRETER_WIN": None}, "created_config": True}))
    assert run("install", "--platform", "windows", "--python", PYTHON_WIN) == 0
    assert not old_addin.exists() and not old_extra.exists()
    assert sorted(p.name for p in where.startup_dir.iterdir()) == [
        "xl_portfolio.excel.ribbon.xlam", "xlwings.xlam"]
    # and installing the same version twice changes nothing
    before = {p: p.read_bytes() for p in profile.rglob("*") if p.is_file()}
    assert run("install", "--platform", "windows", "--python", PYTHON_WIN) == 0
    after = {p: p.read_bytes() for p in profile.rglob("*") if p.is_file()}
    assert set(after) == set(before)
    assert run("remove", "--platform", "windows") == 0
    assert files(profile) == set()


def test_remove_when_nothing_is_installed(profile, capsys):
    assert run("remove", "--platform", "mac") == 0
    assert "not installed" in capsys.readouterr().out


def test_a_locked_file_is_a_clear_message_not_a_traceback(profile, monkeypatch, capsys):
    def locked(source, target):
        raise PermissionError(13, "Permission denied", str(target))
    monkeypatch.setattr(install, "_copy", locked)
    assert run("install", "--platform", "windows", "--python", PYTHON_WIN) == 2  # fixable
    err = capsys.readouterr().err
    assert "Quit Excel" in err and "Traceback" not in err
