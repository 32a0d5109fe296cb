"""The column-wise sentences give exactly the row-by-row i18n text."""

from __future__ import annotations

from string import Formatter

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from xl_portfolio.analysis._text import fill, format_numbers, format_pcts
from xl_portfolio.i18n import MESSAGES, format_number, format_pct

LANGUAGES = ("en", "nl", "fr")
FIGURES = st.one_of(
    st.floats(min_value=-1e12, max_value=1e12),
    st.sampled_from([float("nan"), 0.0, -0.0, 0.5, -0.5, 1.5, -0.49, 999.5, -999.5,
                     1234567.891, 0.0005, -0.0004, 0.125, 0.135]),
)


@settings(max_examples=200, deadline=None)
@given(values=st.lists(FIGURES, max_size=30), language=st.sampled_from(LANGUAGES),
       decimals=st.sampled_from([0, 1, 2]))
def test_format_numbers_is_format_number_per_value(values, language, decimals):
    expected = [format_number(v, language, decimals) for v in values]
    assert format_numbers(np.array(values, dtype="float64"), language, decimals).tolist() \
        == expected


@settings(max_examples=200, deadline=None)
@given(values=st.lists(FIGURES, max_size=30), language=st.sampled_from(LANGUAGES),
       decimals=st.sampled_from([0, 1]))
def test_format_pcts_is_format_pct_per_value(values, language, decimals):
    expected = [format_pct(v, language, decimals) for v in values]
    assert format_pcts(np.array(values, dtype="float64"), language, decimals).tolist() \
        == expected


def test_fill_gives_str_format_for_every_sentence_template():
    rng = np.random.default_rng(7)
    words = np.array(["", "1,234", "12.5%", "{x}", "a b", "-7"], dtype=object)
    checked = 0
    for messages in MESSAGES.values():
        for template in messages.values():
            names = set(_placeholders(template))
            if not names or not all(name.isidentifier() for name in names):
                continue
            fields = {name: rng.choice(words, size=9) for name in names}
            expected = [template.format(**{k: v[i] for k, v in fields.items()})
                        for i in range(9)]
            assert fill(template, fields, 9).tolist() == expected, template
            checked += 1
    assert checked > 50


def test_fill_takes_one_text_for_all_rows_and_falls_back_on_a_format_spec():
    assert fill("{a} of {b}", {"a": np.array(["x", "y"], dtype=object), "b": "z"},
                2).tolist() == ["x of z", "y of z"]
    assert fill("{{{a}}} {b:>3}", {"a": np.array(["x", "y"], dtype=object), "b": "z"},
                2).tolist() == ["{x}   z", "{y}   z"]
    assert fill("{a}", {"a": np.array([], dtype=object)}, 0).tolist() == []


def _placeholders(template: str) -> list[str]:
    return [name for _, name, _, _ in Formatter().parse(template) if name is not None]
