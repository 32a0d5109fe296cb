"""`xl-portfolio addin install | remove | status` against a temporary user profile standing
in for the Windows (USERPROFILE/APPDATA) or macOS (HOME) one, with a space and accents
in its path, and the user's own xlwings files already there."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

from xl_portfolio.addin import build, cli, install, locations, xlwings_conf

PYTHON_WIN = r"C:\Users\ann\xl-portfolio\Scripts\python.exe"
PYTHON_MAC = "/Users/ann/xl-portfolio/bin/python"


@pytest.fixture
def profile(tmp_path, monkeypatch):
    home = tmp_path / "Users" / "René Müller"
    home.mkdir(parents=True)
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


XLSTART = "AppData/Roaming/Microsoft/Excel/XLSTART"
MAC_STARTUP = ("Library/Group Containers/UBF8T346G9.Office/User Content.localized/"
               "Startup.localized/Excel")


def user_xlwings_files(where: locations.Locations) -> dict[Path, bytes]:
    """The user's own xlwings set-up: a conf in the Windows ANSI code page with an
    accented path, and their own xlwings add-in."""
    conf = '"INTERPRETER_WIN","C:\\Users\\René\\python.exe"\r\n"UDF MODULES","mine"\r\n'
    own = {where.xlwings_conf: conf.encode("cp1252"),
           where.startup_dir / "xlwings.xlam": b"the user's own xlwings add-in"}
    for path, data in own.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return own


def test_dry_run_prints_every_step_and_changes_nothing(profile, capsys):
    assert run("install", "--platform", "windows", "--python", PYTHON_WIN, "--dry-run") == 0
    out = capsys.readouterr().out
    steps = [line for line in out.splitlines() if "[dry-run] would" in line]
    assert len(steps) == 3
    assert "xl_portfolio.excel.ribbon.xlam" in out and "XLSTART" in out and PYTHON_WIN in out
    assert files(profile) == set()


def test_windows_install_leaves_the_users_xlwings_files_byte_for_byte(profile, capsys):
    where = locations.resolve("windows")
    own = user_xlwings_files(where)
    assert run("install", "--platform", "windows", "--python", PYTHON_WIN) == 0
    assert files(profile) == {f"{XLSTART}/xl_portfolio.excel.ribbon.xlam",
                              f"{XLSTART}/xlwings.xlam", ".xlwings/xlwings.conf",
                              ".xl-portfolio/installed.json"}
    assert {p: p.read_bytes() for p in own} == own
    assert run("remove", "--platform", "windows") == 0
    assert {p: p.read_bytes() for p in own} == own
    assert files(profile) == {f"{XLSTART}/xlwings.xlam", ".xlwings/xlwings.conf"}


def test_status_checks_addin_interpreter_and_xlwings_versions(profile, capsys):
    import xlwings

    import xl_portfolio
    assert run("install", "--platform", "windows", "--python", sys.executable) == 0
    report = install.status(locations.resolve("windows"))
    assert report["ok"], report["problems"]
    assert report["addin_version"] == xl_portfolio.__version__
    assert report["addin_xlwings_version"] == xlwings.__version__
    assert report["interpreter"] == sys.executable
    assert report["interpreter_xlwings"] == xlwings.__version__
    wrong = install.status(locations.resolve("windows"), probe=lambda python: {
        "python": "3.12.1", "xlwings": "0.30.0", "xl_portfolio": "0.0.1"})
    assert not wrong["ok"] and len(wrong["problems"]) == 2
    capsys.readouterr()
    where = locations.resolve("windows")
    (where.startup_dir / "xl_portfolio.excel.ribbon.xlam").unlink()
    assert run("status", "--platform", "windows") == 1
    assert "not installed" in capsys.readouterr().out


def test_mac_install_quotes_nothing_the_shell_would_split(tmp_path, monkeypatch):
    profile = tmp_path / "Users" / "rene"  # macOS account names have no spaces
    profile.mkdir(parents=True)
    monkeypatch.setenv("HOME", str(profile))
    venv_python = profile / "Library" / "Application Support" / "xl-portfolio" / "bin" / "python"
    assert run("install", "--platform", "mac", "--python", str(venv_python)) == 0
    where = locations.resolve("mac")
    script = install.applescript_source().name
    launcher = where.state_dir / "bin" / "python"
    assert files(profile) == {
        f"{MAC_STARTUP}/xl_portfolio.excel.ribbon.xlam",
        f"Library/Application Scripts/com.microsoft.Excel/{script}",
        ".xl-portfolio/installed.json", ".xl-portfolio/bin/python"}
    info = build.addin_info(where.startup_dir / "xl_portfolio.excel.ribbon.xlam")
    assert info.interpreter == str(launcher)


def test_the_mac_launcher_runs_a_python_whose_path_has_spaces_and_accents(tmp_path):
    target = tmp_path / "Application Support" / "Zoë's env" / "python"
    target.parent.mkdir(parents=True)
    target.symlink_to(sys.executable)
    launcher = tmp_path / "launcher"
    launcher.write_text(install.launcher_text(str(target)), encoding="utf-8")
    launcher.chmod(0o755)
    # as the AppleScript runs it: the launcher path unquoted, then its arguments
    done = subprocess.run(f"{launcher} -B -u -c \"import sys; print('ok', sys.argv[1:])\" x",
                          shell=True, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "ok ['x']"


def test_mac_refuses_when_no_safe_path_exists(tmp_path):
    where = locations.resolve("mac", env={"HOME": str(tmp_path / "a b")})
    with pytest.raises(install.InstallError, match="unquoted"):
        install.mac_interpreter(where, "/x y/python")
    assert install.mac_interpreter(where, "/usr/bin/python3") == ("/usr/bin/python3", None)


def test_reinstall_over_an_older_version_restores_what_it_changed(profile):
    """Versions before the self-contained add-in wrote xlwings.xlam and xlwings.conf."""
    where = locations.resolve("windows")
    where.startup_dir.mkdir(parents=True)
    old_addin = where.startup_dir / "xl-portfolio-0.0.9.xlam"
    old_addin.write_bytes(b"old ribbon")
    their_xlwings = where.startup_dir / "xlwings.xlam"
    their_xlwings.write_bytes(b"xlwings add-in copied by 0.0.9")
    where.xlwings_conf.parent.mkdir(parents=True)
    conf = ('"INTERPRETER_WIN","C:\\old\\python.exe"\r\n'
            '"UDF MODULES","mine;xl_portfolio.excel.udfs"\r\n"SHOW CONSOLE","True"\r\n')
    where.xlwings_conf.write_bytes(conf.encode("utf-8"))  # 0.0.9 wrote UTF-8
    where.state_dir.mkdir(parents=True)
    where.manifest.write_text(json.dumps({
        "version": "0.0.9", "platform": "windows",
        "files": [str(old_addin), str(their_xlwings)],
        "config_keys": {"INTERPRETER_WIN": "C:\\old\\python.exe",
                        "UDF MODULES": "mine;xl_portfolio.excel.udfs"},
        "previous_config": {"INTERPRETER_WIN": None, "UDF MODULES": "mine"},
        "created_config": False}))
    assert run("install", "--platform", "windows", "--python", PYTHON_WIN) == 0
    assert not old_addin.exists() and not their_xlwings.exists()
    assert where.xlwings_conf.read_bytes() == (
        b'"UDF MODULES","mine"\r\n"SHOW CONSOLE","True"\r\n')
    assert sorted(p.name for p in where.startup_dir.iterdir()) == [
        "xl_portfolio.excel.ribbon.xlam"]
    assert run("remove", "--platform", "windows") == 0
    assert files(profile) == {".xlwings/xlwings.conf"}


def test_conf_files_are_read_and_written_in_the_encoding_vba_uses(tmp_path):
    where = locations.resolve("windows", env={"USERPROFILE": str(tmp_path)})
    install._write_config(where, {"INTERPRETER_WIN": "C:\\Users\\René\\python.exe"})
    assert where.xlwings_conf.read_bytes() == \
        '"INTERPRETER_WIN","C:\\Users\\René\\python.exe"\r\n'.encode("cp1252")
    assert xlwings_conf.read(where.xlwings_conf)["INTERPRETER_WIN"].endswith("René\\python.exe")
    with pytest.raises(install.InstallError, match="cp1252"):
        install._write_config(where, {"INTERPRETER_WIN": "C:\\Users\\Łukasz\\python.exe"})
    mac = locations.resolve("mac", env={"HOME": str(tmp_path)})
    install._write_config(mac, {"INTERPRETER_MAC": "/Users/René/python"})
    assert mac.xlwings_conf.read_bytes() == '"INTERPRETER_MAC","/Users/René/python"\n'.encode()


def test_remove_when_nothing_is_installed(profile, capsys):
    assert run("remove", "--platform", "mac") == 0
    assert "not installed" in capsys.readouterr().out


def test_a_running_excel_stops_install_with_a_message(profile, monkeypatch, capsys):
    monkeypatch.setattr(install, "excel_running", lambda platform: True)
    assert run("install", "--platform", "windows", "--python", PYTHON_WIN) == 2
    err = capsys.readouterr().err
    assert "Excel is running" in err and "Traceback" not in err
    assert files(profile) == set()


def test_a_locked_file_leaves_no_partial_file_and_a_clear_message(profile, monkeypatch,
                                                                   capsys):
    real_replace = Path.replace

    def locked(self, target):
        if str(self).endswith(".partial"):
            raise PermissionError(13, "Permission denied", str(target))
        return real_replace(self, target)
    monkeypatch.setattr(Path, "replace", locked)
    assert run("install", "--platform", "windows", "--python", PYTHON_WIN) == 2
    err = capsys.readouterr().err
    assert "Quit Excel" in err and "Traceback" not in err
    assert not any(name.endswith(".partial") for name in files(profile))


def test_partial_files_of_an_interrupted_run_are_removed(profile):
    where = locations.resolve("windows")
    where.startup_dir.mkdir(parents=True)
    leftover = where.startup_dir / "xl_portfolio.excel.ribbon.xlam.partial"
    leftover.write_bytes(b"half")
    assert install.status(where)["partial_files"] == [str(leftover)]
    assert run("install", "--platform", "windows", "--python", PYTHON_WIN) == 0
    assert not leftover.exists()
