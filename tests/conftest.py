"""Shared test configuration: markers and the repository paths."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "libreoffice: opens workbooks in headless LibreOffice")
    config.addinivalue_line("markers", "slow: takes more than a few seconds")


@pytest.fixture
def repo() -> Path:
    return REPO
