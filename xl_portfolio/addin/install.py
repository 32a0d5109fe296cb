"""Install, remove and report the Excel side of xl-portfolio for one user profile.

The add-in is self-contained (addin/build.py): the ribbon, the worksheet functions and
the interpreter setting all live in one file in Excel's startup folder. The user's own
xlwings set-up (xlwings.xlam, ~/.xlwings/xlwings.conf) is never touched; what an older
version of this installer wrote there is put back as it was, on install and on remove.
Every change is a named step, so `--dry-run` prints exactly what a real run does. A
manifest in ~/.xl-portfolio records what was written.
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from xl_portfolio import __version__ as PACKAGE_VERSION
from xl_portfolio.addin import build, xlwings_conf
from xl_portfolio.addin.locations import MAC, WINDOWS, Locations

UDF_MODULE = "xl_portfolio.excel.udfs"
# Names earlier versions (or a hand install) may have used for the ribbon add-in.
OLD_ADDIN_PATTERNS = ("xl_portfolio*.xlam", "xl-portfolio*.xlam", "xlportfolio*.xlam")


def applescript_source() -> Path:
    """The AppleScript RunPython needs on macOS (what `xlwings runpython install` copies)."""
    import xlwings  # here, not at the top: every command line run imports this module

    return Path(xlwings.__file__).parent / f"xlwings-{xlwings.__version__}.applescript"


@dataclass
class Step:
    description: str
    action: Callable[[], None]


@dataclass
class Manifest:
    """What an installation wrote; stored as JSON next to nothing else of ours."""

    version: str = PACKAGE_VERSION
    platform: str = ""
    files: list[str] = field(default_factory=list)  # files we own and remove
    config_keys: dict[str, str] = field(default_factory=dict)  # key -> value we set
    previous_config: dict[str, str | None] = field(default_factory=dict)  # before us
    created_config: bool = False

    @classmethod
    def load(cls, path: Path) -> Manifest | None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.__dict__, indent=2), encoding="utf-8")


class InstallError(RuntimeError):
    """The installation cannot go on; str() says what to do."""


# Characters the macOS AppleScript can pass unquoted to the shell (issue: it builds
# `PythonInterpreter & " -B -u ..."` without quotes).
_SHELL_SAFE = re.compile(r"^[A-Za-z0-9_./+-]+$")
LAUNCHER_NAME = "python"


def excel_running(platform: str) -> bool:
    """Whether Excel runs for this user now (it holds the add-in files open)."""
    try:
        if platform == WINDOWS and sys.platform == "win32":
            done = subprocess.run(["tasklist", "/FI", "IMAGENAME eq EXCEL.EXE", "/NH"],
                                  capture_output=True, text=True, check=False)
            return "excel.exe" in done.stdout.lower()
        if platform == MAC and sys.platform == "darwin":
            done = subprocess.run(["pgrep", "-x", "Microsoft Excel"], capture_output=True,
                                  check=False)
            return done.returncode == 0
    except OSError:
        return False
    return False


def launcher_text(interpreter: str) -> str:
    """A shell script that runs interpreter with its arguments (quoted once, here)."""
    quoted = "'" + interpreter.replace("'", "'\\''") + "'"
    return ("#!/bin/sh\n# Written by xl-portfolio: Excel runs Python through this file.\n"
            f'exec {quoted} "$@"\n')


def mac_interpreter(locations: Locations, interpreter: str) -> tuple[str, Path | None]:
    """The interpreter path Excel can run on macOS, and the launcher to write (if any).

    A path the shell would split (a space, as in ~/Library/Application Support) gets a
    launcher at ~/.xl-portfolio/bin/python, which needs a home path without such
    characters (macOS account names have none)."""
    if _SHELL_SAFE.match(interpreter):
        return interpreter, None
    launcher = locations.state_dir / "bin" / LAUNCHER_NAME
    if not _SHELL_SAFE.match(str(launcher)):
        raise InstallError(f"cannot give Excel a usable Python path: {interpreter!r} and "
                           f"{str(launcher)!r} both contain characters (spaces, quotes...) "
                           "that xlwings passes unquoted to the shell on macOS. Create the "
                           "environment in a folder without them (--venv).")
    return str(launcher), launcher


def _write_launcher(path: Path, interpreter: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(launcher_text(interpreter), encoding="utf-8", newline="\n")
    path.chmod(0o755)


def partial_files(locations: Locations) -> list[Path]:
    """Half-copied files (*.partial) an interrupted run left where Excel looks."""
    folders = [locations.startup_dir, locations.applescript_dir]
    return sorted(p for d in folders if d is not None and d.is_dir()
                  for p in d.glob("*.partial"))


def _newline(locations: Locations) -> str:
    return "\n" if locations.platform == MAC else "\r\n"


def _remove_file(path: Path) -> None:
    if path.exists():
        path.unlink()


def _copy(source: Path, target: Path) -> None:
    """Copy through a .partial file; on failure (Excel holds the target) none is left."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    try:
        shutil.copyfile(source, partial)
        partial.replace(target)
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise


def _write_config(locations: Locations, settings: dict[str, str]) -> None:
    """Write xlwings.conf in the encoding its VBA reader expects."""
    locations.xlwings_conf.parent.mkdir(parents=True, exist_ok=True)
    text = xlwings_conf.render(settings, _newline(locations))
    encoding = xlwings_conf.encoding_for(locations.platform)
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError as exc:
        raise InstallError(f"{locations.xlwings_conf}: {text[exc.start:exc.end]!r} cannot be "
                           f"written in {encoding}, the encoding Excel reads it in") from exc
    locations.xlwings_conf.write_bytes(data)


def stale_files(locations: Locations, old: Manifest | None, keep: set[Path]) -> list[Path]:
    """Files an earlier installation left that this one does not write again."""
    candidates = {Path(f) for f in old.files} if old else set()
    if locations.startup_dir.is_dir():
        for pattern in OLD_ADDIN_PATTERNS:
            candidates.update(locations.startup_dir.glob(pattern))
    return sorted(p for p in candidates if p not in keep and p.exists())


def install_plan(locations: Locations, interpreter: str, staging: Path) -> tuple[list[Step],
                                                                                   Manifest]:
    """The steps of an installation and the manifest it leaves behind."""
    old = Manifest.load(locations.manifest)
    ribbon_target = locations.startup_dir / build.ADDIN_FILENAME
    manifest = Manifest(platform=locations.platform)
    steps: list[Step] = []

    for path in partial_files(locations):
        steps.append(Step(f"remove the half-copied file {path}", lambda p=path: _remove_file(p)))
    excel_interpreter, launcher = interpreter, None
    if locations.platform == MAC:
        excel_interpreter, launcher = mac_interpreter(locations, interpreter)
    owned: list[Path] = [ribbon_target]
    if launcher is not None:
        owned.append(launcher)
        steps.append(Step(f"write {launcher}, which runs {interpreter} (the path has "
                          "characters the macOS shell command would split at)",
                          lambda: _write_launcher(launcher, interpreter)))
    built = staging / build.ADDIN_FILENAME
    steps.append(Step(
        f"build the Portfolio add-in (ribbon and worksheet functions; Python "
        f"{excel_interpreter}) from `xlwings quickstart --addin --ribbon`",
        lambda: build.build_addin(staging, locations.interpreter_key, excel_interpreter)))
    script_target = None
    if locations.platform == MAC and locations.applescript_dir is not None:
        script_target = locations.applescript_dir / applescript_source().name
        old_script_ours = old is not None and str(script_target) in old.files
        if old_script_ours or not script_target.exists():
            owned.append(script_target)
    for path in stale_files(locations, old, keep=set(owned)):
        steps.append(Step(f"remove stale file {path}", lambda p=path: _remove_file(p)))
    steps += legacy_restore_steps(locations, old)
    steps.append(Step(f"copy the Portfolio add-in to {ribbon_target}",
                      lambda: _copy(built, ribbon_target)))
    if script_target is not None and script_target in owned:
        steps.append(Step(f"copy the RunPython AppleScript to {script_target}",
                          lambda: _copy(applescript_source(), script_target)))
    manifest.files = [str(p) for p in owned]
    steps.append(Step(f"record the installation in {locations.manifest}",
                      lambda: manifest.save(locations.manifest)))
    return steps, manifest


def legacy_restore_steps(locations: Locations, old: Manifest | None) -> list[Step]:
    """Undo what versions before 0.2 wrote into the user's xlwings.conf: they set the
    interpreter and UDF module there. Keys the user changed since are theirs."""
    if old is None or not old.config_keys or not locations.xlwings_conf.exists():
        return []
    current = xlwings_conf.read(locations.xlwings_conf, locations.platform)
    restored = dict(current)
    for key, ours in old.config_keys.items():
        before = old.previous_config.get(key)
        if key == xlwings_conf.UDF_MODULES:
            before = xlwings_conf.drop_module(current.get(key, ""), UDF_MODULE) or None
        elif current.get(key) != ours:
            continue  # changed by the user since: theirs now
        if before is None:
            restored.pop(key, None)
        else:
            restored[key] = before
    if not restored and old.created_config:
        return [Step(f"remove {locations.xlwings_conf} (created by an earlier xl-portfolio)",
                     lambda: _remove_file(locations.xlwings_conf))]
    if restored != current:
        return [Step(f"restore your own xlwings settings in {locations.xlwings_conf} "
                     "(an earlier xl-portfolio changed them)",
                     lambda: _write_config(locations, restored))]
    return []


def remove_plan(locations: Locations, keep_open_addin: bool = False) -> list[Step]:
    """The steps that undo an installation (nothing if none is recorded).

    keep_open_addin: leave the add-in file itself (the Remove button: Excel holds it
    open, and its VBA deletes it last)."""
    old = Manifest.load(locations.manifest)
    steps: list[Step] = []
    files = {Path(f) for f in old.files} if old else set()
    files.update(stale_files(locations, None, keep=set()))
    files.update(partial_files(locations))
    if keep_open_addin:
        files.discard(locations.startup_dir / build.ADDIN_FILENAME)
    for path in sorted(files):
        if path.exists():
            steps.append(Step(f"remove {path}", lambda p=path: _remove_file(p)))
    steps += legacy_restore_steps(locations, old)
    if locations.manifest.exists():
        steps.append(Step(f"remove the installation record {locations.manifest}",
                          lambda: _remove_state(locations)))
    return steps


def _remove_state(locations: Locations) -> None:
    _remove_file(locations.manifest)
    for folder in (locations.state_dir / "bin", locations.state_dir):
        with contextlib.suppress(OSError):  # not empty: the user keeps files there
            folder.rmdir()


def run_steps(steps: list[Step], *, dry_run: bool, out: TextIO) -> None:
    """Print each step; carry it out unless this is a dry run."""
    for number, step in enumerate(steps, 1):
        prefix = "[dry-run] would " if dry_run else ""
        print(f"{number}/{len(steps)} {prefix}{step.description}", file=out)
        if not dry_run:
            step.action()


def refuse_if_excel_runs(locations: Locations, dry_run: bool) -> None:
    if not dry_run and excel_running(locations.platform):
        raise InstallError("Excel is running: it holds the add-in files open. Save your "
                           "work, quit Excel (check the Task Manager / Dock) and run the "
                           "command again.")


def install(locations: Locations, interpreter: str | None = None, *, dry_run: bool = False,
            out: TextIO | None = None) -> Manifest:
    """Build and install the self-contained Portfolio add-in for this user."""
    interpreter = interpreter or sys.executable
    out = out or sys.stdout
    refuse_if_excel_runs(locations, dry_run)
    with tempfile.TemporaryDirectory(prefix="xl-portfolio-install-") as staging:
        steps, manifest = install_plan(locations, interpreter, Path(staging))
        run_steps(steps, dry_run=dry_run, out=out)
    if not dry_run:
        print(f"Installed xl-portfolio {PACKAGE_VERSION} for Excel ({locations.platform}). "
              "Restart Excel to load the Portfolio tab.", file=out)
    return manifest


def remove(locations: Locations, *, dry_run: bool = False, out: TextIO | None = None,
           keep_open_addin: bool = False) -> int:
    """Undo install(); returns the number of steps (0: nothing was installed)."""
    out = out or sys.stdout
    if not keep_open_addin:
        refuse_if_excel_runs(locations, dry_run)
    steps = remove_plan(locations, keep_open_addin)
    if not steps:
        print("xl-portfolio is not installed for Excel in this profile.", file=out)
        return 0
    run_steps(steps, dry_run=dry_run, out=out)
    return len(steps)


_PROBE = ("import json, sys, xlwings, xl_portfolio; print(json.dumps({'python': "
          "sys.version.split()[0], 'xlwings': xlwings.__version__, "
          "'xl_portfolio': xl_portfolio.__version__}))")


def probe_interpreter(interpreter: str) -> dict[str, str] | str:
    """Versions the interpreter Excel runs reports, or why it could not run."""
    try:
        done = subprocess.run([interpreter, "-c", _PROBE], capture_output=True, text=True,
                              timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"cannot run: {exc}"
    if done.returncode != 0:
        return f"cannot import xlwings/xl_portfolio: {done.stderr.strip()[-300:]}"
    return json.loads(done.stdout)


def status(locations: Locations, probe: Callable[[str], dict[str, str] | str] =
           probe_interpreter) -> dict[str, Any]:
    """What is installed where, and whether the add-in, the interpreter it names and that
    interpreter's xlwings and xl-portfolio versions match (the CLI prints it)."""
    ribbon = locations.startup_dir / build.ADDIN_FILENAME
    manifest = Manifest.load(locations.manifest)
    info = build.addin_info(ribbon) if ribbon.exists() else None
    report: dict[str, Any] = {
        "platform": locations.platform,
        "addin": str(ribbon) if ribbon.exists() else None,
        "addin_version": info.version if info else None,
        "addin_xlwings_version": info.xlwings_version if info else None,
        "interpreter": info.interpreter if info else None,
        "installed_version": manifest.version if manifest else None,
        "stale_files": [str(p) for p in stale_files(locations, None, keep={ribbon})],
        "partial_files": [str(p) for p in partial_files(locations)],
    }
    problems: list[str] = []
    if info is None:
        problems.append("the Portfolio add-in is not installed")
    elif info.interpreter:
        found = probe(info.interpreter)
        if isinstance(found, str):
            problems.append(f"interpreter {info.interpreter}: {found}")
        else:
            report.update(interpreter_python=found["python"],
                          interpreter_xlwings=found["xlwings"],
                          interpreter_xl_portfolio=found["xl_portfolio"])
            if found["xlwings"] != info.xlwings_version:
                problems.append(f"xlwings {found['xlwings']} in the interpreter, "
                                f"{info.xlwings_version} in the add-in: run addin install")
            if found["xl_portfolio"] != info.version:
                problems.append(f"xl-portfolio {found['xl_portfolio']} in the interpreter, "
                                f"{info.version} in the add-in: run addin install")
    report["problems"] = problems
    report["ok"] = not problems and not report["partial_files"]
    return report
