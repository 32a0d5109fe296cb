"""The CDNOW 1/10 sample (Fader, Hardie & Lee 2005), read out of the lifetimes wheel that
.ci/run downloads (the package never downloads anything at run time)."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest

WHEELS = Path(__file__).resolve().parents[1] / ".ci" / "downloads"
VERSION = "0.11.3"
MEMBER = "lifetimes/datasets/CDNOW_sample.txt"
CALIBRATION_END = pd.Timestamp("1997-09-30")
# Published BG/NBD fit on this sample (FHL 2005, Marketing Science, table 1).
PUBLISHED = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
# Published Gamma-Gamma fit (FHL 2005, "RFM and CLV using iso-value curves").
PUBLISHED_SPEND = {"p": 6.25, "q": 3.74, "v": 15.44}


def _wheel() -> Path:
    found = sorted(WHEELS.glob(f"[Ll]ifetimes-{VERSION}-*.whl"))
    if not found:  # a developer's machine where .ci/run has not run: fetch it the same way
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps",
                        f"lifetimes=={VERSION}", "-d", str(WHEELS)], check=False)
        found = sorted(WHEELS.glob(f"[Ll]ifetimes-{VERSION}-*.whl"))
    if not found:
        pytest.fail(f"the lifetimes {VERSION} wheel is not in {WHEELS}: run .ci/run (it "
                    "downloads it with pip download)")
    return found[0]


def cdnow_transactions() -> pd.DataFrame:
    """customer, date, cds, dollars: 6,919 transactions of 2,357 customers."""
    with zipfile.ZipFile(_wheel()) as wheel:
        raw = wheel.read(MEMBER)
    frame = pd.read_csv(io.BytesIO(raw), sep=r"\s+", header=None,
                        names=["customer", "sample", "date", "cds", "dollars"],
                        dtype={"customer": str, "date": str})
    frame["date"] = pd.to_datetime(frame["date"], format="%Y%m%d")
    return frame.drop(columns="sample")
