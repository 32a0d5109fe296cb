"""Where Excel and xlwings look for things, per platform, resolved from a home folder.

Paths follow what xlwings itself uses: its user config file (xlwings.USER_CONFIG_FILE
and the add-in's VBA GetConfigFilePath), Excel's per-user startup folder (what
`app.startup_path` returns and `xlwings addin install` copies into) and, on macOS, the
AppleScript folder of `xlwings runpython install`. They are computed rather than asked
from a running Excel so that `--dry-run` and the tests work without Excel.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

WINDOWS = "windows"
MAC = "mac"
PLATFORMS = (WINDOWS, MAC)

_MAC_STARTUP = ("Library", "Group Containers", "UBF8T346G9.Office", "User Content.localized",
                "Startup.localized", "Excel")
_MAC_SANDBOX = ("Library", "Containers", "com.microsoft.Excel", "Data")


def current_platform() -> str:
    """The platform this Python runs on, as the installer names it."""
    return MAC if sys.platform == "darwin" else WINDOWS


@dataclass(frozen=True)
class Locations:
    """Every path the installer writes to, for one user profile."""

    platform: str
    home: Path
    startup_dir: Path  # Excel opens every workbook/add-in in here at start
    xlwings_conf: Path  # "KEY","value" lines read by the xlwings add-in's VBA
    state_dir: Path  # our own record of what we installed
    applescript_dir: Path | None  # macOS: where RunPython's AppleScript must live

    @property
    def manifest(self) -> Path:
        return self.state_dir / "installed.json"

    @property
    def interpreter_key(self) -> str:
        return "INTERPRETER_MAC" if self.platform == MAC else "INTERPRETER_WIN"


def resolve(platform: str | None = None, env: Mapping[str, str] | None = None) -> Locations:
    """Locations for `platform` (default: this one) from HOME/USERPROFILE/APPDATA."""
    platform = platform or current_platform()
    if platform not in PLATFORMS:
        raise ValueError(f"platform must be one of {', '.join(PLATFORMS)}, got {platform!r}")
    env = os.environ if env is None else env
    if platform == WINDOWS:
        home = Path(env.get("USERPROFILE") or env.get("HOME") or Path.home())
        appdata = Path(env.get("APPDATA") or home / "AppData" / "Roaming")
        return Locations(
            platform=WINDOWS,
            home=home,
            startup_dir=appdata / "Microsoft" / "Excel" / "XLSTART",
            xlwings_conf=home / ".xlwings" / "xlwings.conf",
            state_dir=home / ".xl-portfolio",
            applescript_dir=None,
        )
    home = Path(env.get("HOME") or Path.home())
    return Locations(
        platform=MAC,
        home=home,
        startup_dir=home.joinpath(*_MAC_STARTUP),
        xlwings_conf=home.joinpath(*_MAC_SANDBOX, "xlwings.conf"),
        state_dir=home / ".xl-portfolio",
        applescript_dir=home / "Library" / "Application Scripts" / "com.microsoft.Excel",
    )
