"""Settings: defaults, TOML loading, validation with the field named."""

from __future__ import annotations

import dataclasses
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


# --- validation as a whole (pydantic), from every road in ------------------------------

def test_python_construction_validates_and_names_the_setting():
    with pytest.raises(InputError, match=r"setting 'rate_per_order' must be a number of "
                                         r"at least 0, got -1"):
        Settings(rate_per_order=-1)
    with pytest.raises(InputError, match="'language' must be one of en, nl, fr"):
        Settings().replace(language="de")


def test_values_are_normalised_to_their_kind():
    s = Settings(rate_per_order=3, period_months=6.0, as_of="2025-06-30")
    assert s.rate_per_order == 3.0 and isinstance(s.rate_per_order, float)
    assert s.period_months == 6 and isinstance(s.period_months, int)
    assert s.as_of == dt.date(2025, 6, 30)


def test_a_datetime_as_of_keeps_its_date():
    assert Settings(as_of=dt.datetime(2025, 3, 1, 14, 30)).as_of == dt.date(2025, 3, 1)


def test_cli_overrides_are_validated_too():
    with pytest.raises(InputError, match="'as_of'.*got 2925-01-01"):
        load_settings(as_of=dt.date(2925, 1, 1))


def test_workbook_settings_sheet_is_validated_like_a_file():
    from xl_portfolio.excel.settings_from_book import settings_from_rows

    with pytest.raises(InputError, match="'rate_per_delivery' must be a number of at least 0"):
        settings_from_rows([("rate_per_delivery", -40.0)])
    assert settings_from_rows([("review_months_anchor", 3.0)]).review_months_anchor == 3


def test_every_setting_declares_its_kind():
    """A new setting declares what it accepts in its annotation (Rate, Share, Months,
    Count, ... from xl_portfolio.setting_types, or an Annotated[...] with Field limits):
    a bare float or int would accept a negative rate or a percentage typed as 15."""
    from xl_portfolio.settings import _model, allowed

    for name, info in _model().model_fields.items():
        kind = info.annotation
        if kind in (float, int):
            assert info.metadata, f"setting {name!r} needs a kind with limits, e.g. Rate"
        assert allowed(name), name


def test_printed_toml_round_trips_headers_with_quotes_and_control_characters():
    s = Settings(columns={"customer": 'Kl"ant\\\x01\n東京'})
    assert settings_from_mapping(tomllib.loads(settings_to_toml(s))) == s


from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

ANY_TOML_VALUE = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20),
    st.dates(), st.datetimes(), st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.one_of(st.text(max_size=5), st.integers()),
                    max_size=3))


@given(st.sampled_from([f.name for f in dataclasses.fields(Settings)]), ANY_TOML_VALUE)
def test_any_value_for_any_setting_is_accepted_or_an_input_error(name, value):
    try:
        s = settings_from_mapping({name: value})
    except InputError as exc:
        assert name in str(exc) or "pyramid" in str(exc) or "must" in str(exc)
        assert "datetime.date(" not in str(exc) and "Timestamp(" not in str(exc)
    else:
        assert s == Settings(**dataclasses.asdict(s))  # what was accepted stays valid
