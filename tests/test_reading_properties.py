"""Property-based tests of the readers: what is written is what is read.

Numbers in the formats the README lists, names in any Unicode, dates anywhere in
Excel's range: written into real .xlsx and .csv files, read back through read_input.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import unicodedata
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.source_fixtures import write_csv
from xl_portfolio.errors import InputError
from xl_portfolio.sources import read_input
from xl_portfolio.sources.aliases import is_total_label
from xl_portfolio.sources.dates import LAST_DATE
from xl_portfolio.sources.values import parse_number_text

PROPERTY = settings(max_examples=25, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])

cents = st.integers(min_value=-10**11, max_value=10**11)


def grouped(whole: int, sep: str) -> str:
    return f"{whole:,}".replace(",", sep)


def formatted(amount_cents: int, style: str) -> str:
    """One amount written as the README says people write them."""
    negative, value = amount_cents < 0, abs(amount_cents)
    whole, fraction = divmod(value, 100)
    if style == "plain":
        body = f"{whole}.{fraction:02d}"
    elif style == "comma":  # 1.234,50
        body = f"{grouped(whole, '.')},{fraction:02d}"
    elif style == "point":  # 1,234.50
        body = f"{grouped(whole, ',')}.{fraction:02d}"
    elif style == "euro":  # € 1 234,50
        body = f"€ {grouped(whole, ' ')},{fraction:02d}"
    else:  # apostrophes, as the Swiss write
        body = f"{grouped(whole, chr(39))}.{fraction:02d}"
    if not negative:
        return body
    return f"({body})" if amount_cents % 2 else f"-{body}"


STYLES = ["plain", "comma", "point", "euro", "swiss"]


@PROPERTY
@given(amount=cents, style=st.sampled_from(STYLES))
def test_numbers_in_the_documented_formats_parse_exactly(amount, style):
    decimal_comma = style in ("comma", "euro")
    assert parse_number_text(formatted(amount, style), decimal_comma) == \
        pytest.approx(amount / 100, abs=1e-9)


@PROPERTY
@given(amounts=st.lists(cents, min_size=1, max_size=8),
       style=st.sampled_from(["plain", "comma", "euro"]))
def test_a_csv_column_of_amounts_reads_back_exactly(amounts, style):
    separator = ";" if style in ("comma", "euro") else ","
    body = "".join(f"C{i}{separator}\"{formatted(a, style)}\"\n" for i, a in enumerate(amounts))
    with tempfile.TemporaryDirectory() as folder:
        path = write_csv(Path(folder) / "c.csv", f"Customer{separator}Revenue\n{body}")
        result = read_input(path)
    read = result.customers["revenue"].tolist()
    assert read == pytest.approx([a / 100 for a in amounts], abs=1e-9)
    assert result.source.reconciliation[0] == ("rows_read", len(amounts), pytest.approx(
        sum(amounts) / 100, abs=1e-6))


def _is_xml_safe(char: str) -> bool:
    return unicodedata.category(char) not in ("Cc", "Cs", "Co", "Cn") \
        and char not in "\ufffe\uffff"


names = st.text(st.characters(codec="utf-8").filter(_is_xml_safe), min_size=1,
                max_size=30).map(str.strip).filter(
    lambda n: n and not is_total_label(n) and not n.startswith(("=", "#")))


@PROPERTY
@given(customers=st.lists(names, min_size=1, max_size=6,
                          unique_by=lambda n: " ".join(n.split()).casefold()),
       revenues=st.lists(cents.map(lambda c: c / 100), min_size=6, max_size=6))
def test_any_unicode_name_and_figure_reads_back_from_xlsx(customers, revenues):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Customer", "Revenue"])
    for name, revenue in zip(customers, revenues, strict=False):
        sheet.append([name, revenue])
        sheet.cell(row=sheet.max_row, column=1).data_type = "s"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "c.xlsx"
        book.save(path)
        result = read_input(path, kind="customers")
    assert result.customers["customer"].tolist() == customers
    assert result.customers["revenue"].tolist() == revenues[:len(customers)]


@PROPERTY
@given(customers=st.lists(names.filter(lambda n: '"' not in n), min_size=1, max_size=6,
                          unique_by=lambda n: " ".join(n.split()).casefold()))
def test_any_unicode_name_reads_back_from_csv(customers):
    body = "".join(f"\"{name}\";{i}\n" for i, name in enumerate(customers))
    with tempfile.TemporaryDirectory() as folder:
        path = write_csv(Path(folder) / "c.csv", "Klant;Omzet\n" + body)
        result = read_input(path, kind="customers")
    assert result.customers["customer"].tolist() == customers


@PROPERTY
@given(day=st.dates(dt.date(1900, 1, 1), dt.date(9999, 12, 31)),
       as_serial=st.booleans())
def test_any_date_excel_can_hold_is_read_or_named_in_a_message(day, as_serial):
    serial = (day - dt.date(1899, 12, 30)).days + (day < dt.date(1900, 3, 1))
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Date", "Customer", "Amount"])
    sheet.append([serial if as_serial else day, "A", 1.0])
    sheet.append([dt.date(2020, 1, 1), "A", 2.0])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "l.xlsx"
        book.save(path)
        try:
            result = read_input(path, kind="lines")
        except InputError as error:
            assert day > LAST_DATE
            assert "Sheet!A2" in str(error) and day.isoformat() in str(error)
            return
    assert day <= LAST_DATE
    assert result.lines["date"].iloc[0].date() == day
