"""Install, remove and report the Excel side of xl-portfolio for one user profile.

Every change is a named step, so `--dry-run` prints exactly what a real run does. A
manifest in ~/.xl-portfolio records what was written and what was there before, so a
reinstall over an older version removes files the new one no longer ships, and a
remove restores the user's own xlwings settings instead of deleting them.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import xlwings

from xl_portfolio import __version__ as PACKAGE_VERSION
from xl_portfolio.addin import build, xlwings_conf
from xl_portfolio.addin.locations import MAC, Locations

UDF_MODULE = "xl_portfolio.excel.udfs"
XLWINGS_ADDIN = "xlwings.xlam"
# Names earlier versions (or a hand install) may have used for the ribbon add-in.
OLD_ADDIN_PATTERNS = ("xl_portfolio*.xlam", "xl-portfolio*.xlam", "xlportfolio*.xlam")


def xlwings_addin_source() -> Path:
    """The xlwings add-in shipped with the installed xlwings (versions must match)."""
    return Path(xlwings.__file__).parent / "addin" / XLWINGS_ADDIN


def applescript_source() -> Path:
    """The AppleScript RunPython needs on macOS (what `xlwings runpython install` copies)."""
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


def _newline(locations: Locations) -> str:
    return "\n" if locations.platform == MAC else "\r\n"


def _remove_file(path: Path) -> None:
    if path.exists():
        path.unlink()


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    shutil.copyfile(source, partial)
    partial.replace(target)


def _write_config(locations: Locations, settings: dict[str, str]) -> None:
    locations.xlwings_conf.parent.mkdir(parents=True, exist_ok=True)
    locations.xlwings_conf.write_text(
        xlwings_conf.render(settings, _newline(locations)), encoding="utf-8", newline="")


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
    xlwings_target = locations.startup_dir / XLWINGS_ADDIN
    manifest = Manifest(platform=locations.platform)
    steps: list[Step] = []

    built = staging / build.ADDIN_FILENAME
    steps.append(Step(
        f"build the ribbon add-in from `xlwings quickstart --addin --ribbon` "
        f"(RunPython interpreter {interpreter})",
        lambda: build.build_addin(staging, locations.interpreter_key, interpreter)))

    owned: list[Path] = [ribbon_target]
    xlwings_was_ours = old is not None and str(xlwings_target) in old.files
    if xlwings_was_ours or not xlwings_target.exists():
        owned.append(xlwings_target)
    script_target = None
    if locations.platform == MAC and locations.applescript_dir is not None:
        script_target = locations.applescript_dir / applescript_source().name
        old_script_ours = old is not None and str(script_target) in old.files
        if old_script_ours or not script_target.exists():
            owned.append(script_target)

    for path in stale_files(locations, old, keep=set(owned) | {xlwings_target}):
        steps.append(Step(f"remove stale file {path}", lambda p=path: _remove_file(p)))

    steps.append(Step(f"copy the ribbon add-in to {ribbon_target}",
                      lambda: _copy(built, ribbon_target)))
    steps.append(Step(f"copy the xlwings {xlwings.__version__} add-in to {xlwings_target}",
                      lambda: _copy(xlwings_addin_source(), xlwings_target)))
    if script_target is not None:
        steps.append(Step(f"copy the RunPython AppleScript to {script_target}",
                          lambda: _copy(applescript_source(), script_target)))
    manifest.files = [str(p) for p in owned]

    current = xlwings_conf.read(locations.xlwings_conf)
    wanted = dict(current)
    wanted[locations.interpreter_key] = interpreter
    wanted[xlwings_conf.UDF_MODULES] = xlwings_conf.add_module(
        current.get(xlwings_conf.UDF_MODULES, ""), UDF_MODULE)
    manifest.config_keys = {k: wanted[k] for k in (locations.interpreter_key,
                                                   xlwings_conf.UDF_MODULES)}
    if old is not None and old.platform == locations.platform:
        manifest.previous_config = old.previous_config  # current values are ours
        manifest.created_config = old.created_config
    else:
        manifest.previous_config = {k: current.get(k) for k in manifest.config_keys}
        manifest.created_config = not locations.xlwings_conf.exists()
    changes = ", ".join(f'"{k}"="{v}"' for k, v in manifest.config_keys.items())
    steps.append(Step(f"set {changes} in {locations.xlwings_conf}",
                      lambda: _write_config(locations, wanted)))
    steps.append(Step(f"record the installation in {locations.manifest}",
                      lambda: manifest.save(locations.manifest)))
    return steps, manifest


def remove_plan(locations: Locations) -> list[Step]:
    """The steps that undo an installation (nothing if none is recorded)."""
    old = Manifest.load(locations.manifest)
    steps: list[Step] = []
    files = {Path(f) for f in old.files} if old else set()
    files.update(stale_files(locations, None, keep=set()))
    for path in sorted(files):
        if path.exists():
            steps.append(Step(f"remove {path}", lambda p=path: _remove_file(p)))
    if old is not None and locations.xlwings_conf.exists():
        current = xlwings_conf.read(locations.xlwings_conf)
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
            steps.append(Step(f"remove {locations.xlwings_conf} (created by the install)",
                              lambda: _remove_file(locations.xlwings_conf)))
        elif restored != current:
            steps.append(Step(f"restore the previous xlwings settings in "
                              f"{locations.xlwings_conf}",
                              lambda: _write_config(locations, restored)))
    if locations.manifest.exists():
        steps.append(Step(f"remove the installation record {locations.manifest}",
                          lambda: _remove_state(locations)))
    return steps


def _remove_state(locations: Locations) -> None:
    _remove_file(locations.manifest)
    with contextlib.suppress(OSError):  # not empty: the user keeps files there
        locations.state_dir.rmdir()


def run_steps(steps: list[Step], *, dry_run: bool, out: TextIO) -> None:
    """Print each step; carry it out unless this is a dry run."""
    for number, step in enumerate(steps, 1):
        prefix = "[dry-run] would " if dry_run else ""
        print(f"{number}/{len(steps)} {prefix}{step.description}", file=out)
        if not dry_run:
            step.action()


def install(locations: Locations, interpreter: str | None = None, *, dry_run: bool = False,
            out: TextIO | None = None) -> Manifest:
    """Build and install the ribbon add-in and the xlwings add-in; configure xlwings."""
    interpreter = interpreter or sys.executable
    out = out or sys.stdout
    with tempfile.TemporaryDirectory(prefix="xl-portfolio-install-") as staging:
        steps, manifest = install_plan(locations, interpreter, Path(staging))
        run_steps(steps, dry_run=dry_run, out=out)
    if not dry_run:
        print(f"Installed xl-portfolio {PACKAGE_VERSION} for Excel ({locations.platform}). "
              "Restart Excel to load the Portfolio tab.", file=out)
    return manifest


def remove(locations: Locations, *, dry_run: bool = False, out: TextIO | None = None) -> int:
    """Undo install(); returns the number of steps (0: nothing was installed)."""
    out = out or sys.stdout
    steps = remove_plan(locations)
    if not steps:
        print("xl-portfolio is not installed for Excel in this profile.", file=out)
        return 0
    run_steps(steps, dry_run=dry_run, out=out)
    return len(steps)


def status(locations: Locations) -> dict[str, Any]:
    """What is installed where, as data (the CLI prints it)."""
    ribbon = locations.startup_dir / build.ADDIN_FILENAME
    config = xlwings_conf.read(locations.xlwings_conf)
    manifest = Manifest.load(locations.manifest)
    return {
        "platform": locations.platform,
        "ribbon_addin": str(ribbon) if ribbon.exists() else None,
        "ribbon_addin_version": build.installed_version(ribbon) if ribbon.exists() else None,
        "xlwings_addin": str(locations.startup_dir / XLWINGS_ADDIN)
        if (locations.startup_dir / XLWINGS_ADDIN).exists() else None,
        "interpreter": config.get(locations.interpreter_key),
        "udf_modules": config.get(xlwings_conf.UDF_MODULES),
        "installed_version": manifest.version if manifest else None,
        "stale_files": [str(p) for p in stale_files(locations, None, keep={ribbon})],
    }
