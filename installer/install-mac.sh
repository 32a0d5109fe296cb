#!/bin/sh
# Installs xl-portfolio for Excel on macOS, for the current user.
#
# Finds a Python 3.10 or newer (Apple's python3 is 3.9 on many Macs), creates the
# environment (or rebuilds one made with an older Python), installs xl-portfolio into it
# and runs `xl-portfolio addin install`, which builds the self-contained Portfolio add-in,
# copies it into Excel's startup folder and installs the AppleScript RunPython needs.
# Your own xlwings add-in and xlwings.conf are left alone. Quit Excel first.
#
# Usage: sh installer/install-mac.sh [--python PYTHON] [--venv DIR] [--package SPEC]
#                                    [--dry-run] [--plan]
#   --plan   print the Python and the environment action it would use, change nothing
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
PYTHON=""
# No spaces in this path: xlwings' AppleScript passes the interpreter unquoted to the shell.
VENV="$HOME/.xl-portfolio/venv"
PACKAGE=$(dirname "$HERE")
DRY_RUN=""
PLAN=""

while [ $# -gt 0 ]; do
    case "$1" in
        --python) PYTHON=$2; shift 2 ;;
        --venv) VENV=$2; shift 2 ;;
        --package) PACKAGE=$2; shift 2 ;;
        --dry-run) DRY_RUN="--dry-run"; shift ;;
        --plan) PLAN=1; shift ;;
        -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
        *) echo "unknown option: $1" >&2; exit 2 ;;
    esac
done

step() { echo "==> $1"; }

# Where to look, newest first (XL_PORTFOLIO_PYTHONS replaces the list).
CANDIDATES="python3.13 python3.12 python3.11 python3.10 python3 /opt/homebrew/bin/python3
/usr/local/bin/python3 /Library/Frameworks/Python.framework/Versions/Current/bin/python3"

# True when $1 runs and is Python 3.10 or newer.
recent_python() {
    "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' >/dev/null 2>&1
}

find_python() {
    if [ -n "$PYTHON" ]; then
        if recent_python "$PYTHON"; then echo "$PYTHON"; return 0; fi
        echo "error: $PYTHON is not Python 3.10 or newer" >&2
        return 1
    fi
    # shellcheck disable=SC2086 # a list of names, split on purpose
    for candidate in ${XL_PORTFOLIO_PYTHONS:-$CANDIDATES}; do
        if command -v "$candidate" >/dev/null 2>&1 && recent_python "$candidate"; then
            command -v "$candidate"
            return 0
        fi
    done
    echo "error: no Python 3.10 or newer found (Apple's python3 is often 3.9)." >&2
    echo "Install one from python.org or with 'brew install python@3.12', then run again." >&2
    return 1
}

PYTHON=$(find_python)
if [ ! -e "$VENV/bin/python" ]; then
    ACTION="create"
elif recent_python "$VENV/bin/python"; then
    ACTION="reuse"
else
    ACTION="rebuild"
fi
if [ -n "$PLAN" ]; then
    echo "python: $PYTHON"
    echo "venv: $ACTION $VENV"
    exit 0
fi

if [ "$ACTION" = "rebuild" ]; then
    step "the environment in $VENV is older than Python 3.10 or broken: rebuilding it"
    rm -rf "$VENV"
fi
if [ "$ACTION" != "reuse" ]; then
    step "create the Python environment in $VENV with $PYTHON"
    "$PYTHON" -m venv "$VENV"
fi
step "install xl-portfolio from $PACKAGE"
"$VENV/bin/python" -m pip install --upgrade --quiet "$PACKAGE"
step "install the Portfolio add-in for Excel"
"$VENV/bin/xl-portfolio" addin install --platform mac \
    --python "$VENV/bin/python" $DRY_RUN
echo "Done. Quit Excel with Cmd-Q and start it again: the Portfolio tab appears."
