#!/bin/sh
# Installs xl-portfolio for Excel on macOS, for the current user.
#
# Creates (or reuses) a Python virtual environment, installs the xl-portfolio package into
# it and runs `xl-portfolio addin install`, which builds the Portfolio ribbon add-in, copies
# it and the xlwings add-in into Excel's startup folder, installs the AppleScript that
# RunPython needs and writes the interpreter into Excel's xlwings.conf. Quit Excel first.
#
# Usage: sh installer/install-mac.sh [--python PYTHON] [--venv DIR] [--package SPEC] [--dry-run]
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
PYTHON=python3
VENV="$HOME/Library/Application Support/xl-portfolio/venv"
PACKAGE=$(dirname "$HERE")
DRY_RUN=""

while [ $# -gt 0 ]; do
    case "$1" in
        --python) PYTHON=$2; shift 2 ;;
        --venv) VENV=$2; shift 2 ;;
        --package) PACKAGE=$2; shift 2 ;;
        --dry-run) DRY_RUN="--dry-run"; shift ;;
        -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
        *) echo "unknown option: $1" >&2; exit 2 ;;
    esac
done

step() { echo "==> $1"; }

if [ ! -x "$VENV/bin/python" ]; then
    step "create the Python environment in $VENV"
    "$PYTHON" -m venv "$VENV"
fi
step "install xl-portfolio from $PACKAGE"
"$VENV/bin/python" -m pip install --upgrade --quiet "$PACKAGE"
step "install the Excel add-ins and configure xlwings"
"$VENV/bin/xl-portfolio" addin install --platform mac \
    --python "$VENV/bin/python" $DRY_RUN
echo "Done. Quit Excel with Cmd-Q, start it again: the Portfolio tab holds 'Refresh matrix'."
