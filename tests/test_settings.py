"""Settings: defaults, TOML loading, validation with the field named."""

from __future__ import annotations

import datetime as dt

import pytest

from xl_portfolio.errors import InputError
from xl_portfolio.settings import (
    Settings,
    load_settings,
    settings_from_mapping,
    settings_to_toml,
    tomllib,
)


def test_defaults_follow_domain_brief():
    s = Settings()
    assert (s.pyramid_top_pct, s.pyramid_big_pct, s.pyramid_medium_pct) == (0.01, 0.05, 0.20)
    assert s.dependency_threshold == 0.10
    assert s.review_months_anchor == 6 and s.review_months_remediate == 1
    assert (s.clv_retention, s.clv_discount_rate) == (0.8, 0.1)
    assert s.hhi_high == 1800


def test_toml_file_flat_and_sectioned(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text(
        'language = "nl"\nas_of = 2025-06-30\n[rates]\nrate_per_order = 40\n'
        '[columns]\ncustomer = "bikeshop_name"\n', encoding="utf-8")
    s = load_settings(path)
    assert s.language == "nl"
    assert s.as_of == dt.date(2025, 6, 30)
    assert s.rate_per_order == 40.0 and isinstance(s.rate_per_order, float)
    assert s.columns == {"customer": "bikeshop_name"}


def test_cli_overrides_win_over_file(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text('language = "fr"\n', encoding="utf-8")
    assert load_settings(path, language="nl").language == "nl"
    assert load_settings(path, language=None).language == "fr"


@pytest.mark.parametrize("text, fragment", [
    ("rate_per_ordr = 3\n", "unknown setting(s): rate_per_ordr"),
    ('rate_per_order = "a lot"\n', "'rate_per_order' must be a number"),
    ('language = "de"\n', "'language' must be one of en, nl, fr"),
    ("pyramid_top_pct = 0.5\n", "pyramid cut-offs"),
    ("dependency_threshold = 10\n", "'dependency_threshold' must be a share between 0 and 1"),
    ('as_of = "31/12/2025"\n', "'as_of' must be a date"),
    ("period_months = 1.5\n", "'period_months' must be a whole number"),
    ("language = \n", "not a valid TOML settings file"),
])
def test_bad_settings_name_the_field(tmp_path, text, fragment):
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_settings(path)
    assert fragment in str(info.value)


def test_missing_settings_file(tmp_path):
    with pytest.raises(InputError, match="settings file not found"):
        load_settings(tmp_path / "nope.toml")


def test_printed_toml_loads_back_to_the_same_settings():
    s = Settings(language="fr", as_of=dt.date(2025, 1, 31), columns={"revenue": "CA HT"})
    assert settings_from_mapping(tomllib.loads(settings_to_toml(s))) == s
