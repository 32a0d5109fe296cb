"""Per-customer sentences built a column at a time (same text as i18n, row by row).

50,000 customers times a few formatted figures each cost a large part of the analysis
when every cell goes through i18n.format_number and str.format; here each figure is
formatted with one format call per row and the sentences are joined with NumPy's
element-wise string concatenation. The results are the exact strings of the row-by-row
functions (tests/test_analysis_text.py checks it).
"""

from __future__ import annotations

from string import Formatter

import numpy as np

from xl_portfolio.i18n import NUMBER_SEPARATORS, pct_sign


def format_numbers(values: np.ndarray, language: str, decimals: int = 0) -> np.ndarray:
    """i18n.format_number for a whole array at once ('' for NaN), as an object array."""
    values = np.asarray(values, dtype="float64")
    spec = f"{{:,.{decimals}f}}".format
    plain = np.array([spec(v) for v in np.abs(values).tolist()], dtype=object)
    zero = spec(0.0)
    if language in NUMBER_SEPARATORS:
        thousands, decimal = NUMBER_SEPARATORS[language]
        swap = str.maketrans({",": thousands, ".": decimal})
        plain = np.array([text.translate(swap) for text in plain.tolist()], dtype=object)
        zero = zero.translate(swap)
    negative = (values < 0) & (plain != zero)
    text = np.where(negative, "-" + plain, plain).astype(object)
    text[np.isnan(values)] = ""
    return text


def format_pcts(values: np.ndarray, language: str, decimals: int = 1) -> np.ndarray:
    """i18n.format_pct for a whole array at once ('' for NaN)."""
    text = format_numbers(np.asarray(values, dtype="float64") * 100.0, language, decimals)
    return np.where(text == "", "", text + pct_sign(language)).astype(object)


def fill(template: str, fields: dict[str, np.ndarray | str], n: int) -> np.ndarray:
    """template.format(**row) for each of n rows, fields given as columns (or one text).

    Only plain {name} placeholders are joined column-wise; a template with a format
    spec or conversion is formatted row by row, so the result is always str.format's.
    """
    parts = list(Formatter().parse(template))
    if any(spec or conversion or not name.isidentifier()
           for _, name, spec, conversion in parts if name is not None):
        columns = {name: np.broadcast_to(np.asarray(value, dtype=object), (n,))
                   for name, value in fields.items()}
        out = np.empty(n, dtype=object)
        out[:] = [template.format(**{k: v[i] for k, v in columns.items()}) for i in range(n)]
        return out
    out = np.full(n, "", dtype=object)
    for literal, name, _, _ in parts:
        if literal:
            out = out + literal
        if name is not None:
            out = out + np.asarray(fields[name], dtype=object)
    return out
