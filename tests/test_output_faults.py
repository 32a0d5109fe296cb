"""Faults while writing a large report, in a real subprocess: SIGTERM, SIGHUP and
SIGKILL arrive while the temporary file is being written. The previous report must stay
byte-identical; after SIGTERM and SIGHUP no temporary file may remain."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time

import pytest
from openpyxl import Workbook

from xl_portfolio.cli import EXIT_TERMINATED
from xl_portfolio.report.atomic import temp_prefix

CUSTOMERS = 20_000


@pytest.fixture(scope="module")
def big_input(tmp_path_factory):
    folder = tmp_path_factory.mktemp("big")
    rng = random.Random(8)
    lines = ["Customer,Revenue,Cost of goods,Orders"]
    for i in range(CUSTOMERS):
        revenue = rng.randint(1_000, 500_000)
        lines.append(f"Customer {i},{revenue},{int(revenue * 0.7)},{rng.randint(1, 50)}")
    path = folder / "big.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _previous_report(path):
    wb = Workbook()
    wb.active["A1"] = "the report of last month"
    wb.save(path)
    return path.read_bytes()


def _start_and_wait_for_temp(big_input, output):
    """Start analyze; return the process once its temporary file exists."""
    process = subprocess.Popen(
        [sys.executable, "-m", "xl_portfolio", "analyze", str(big_input), "-o", str(output),
         "-q"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
        text=True)
    prefix = temp_prefix(output)
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        temps = list(output.parent.glob(prefix + "*"))
        if temps:
            return process, temps
        if process.poll() is not None:
            pytest.fail(f"finished before writing: {process.returncode} {process.stderr.read()}")
        time.sleep(0.02)
    process.kill()
    pytest.fail("the run never started writing")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP, signal.SIGKILL],
                         ids=["SIGTERM", "SIGHUP", "SIGKILL"])
def test_signal_while_writing_keeps_previous_report(tmp_path, big_input, sig):
    output = tmp_path / "portfolio.xlsx"
    before = _previous_report(output)
    process, temps = _start_and_wait_for_temp(big_input, output)
    process.send_signal(sig)
    _, stderr = process.communicate(timeout=120)
    assert output.read_bytes() == before  # byte-identical previous report
    if sig != signal.SIGKILL:
        assert process.returncode == 128 + sig, stderr
        assert sig != signal.SIGTERM or process.returncode == EXIT_TERMINATED
        assert f"stopped ({sig.name}); no report written" in stderr
        assert "Traceback" not in stderr
        assert sorted(p.name for p in tmp_path.iterdir()) == ["portfolio.xlsx"]
    else:
        assert process.returncode == -signal.SIGKILL
        # A killed process cannot clean up: whatever it left is the temporary file only.
        assert {p.name for p in tmp_path.iterdir()} <= {"portfolio.xlsx",
                                                        *(t.name for t in temps)}
