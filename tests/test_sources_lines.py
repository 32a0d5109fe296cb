"""Invoice lines: detection, aggregation per customer (recomputed by hand), drivers join."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pandas as pd
import pytest

from tests.source_fixtures import LINE_HEADER, LINES, write_csv, write_xlsx
from xl_portfolio.errors import InputError
from xl_portfolio.settings import Settings
from xl_portfolio.sources import read_input

AS_OF = dt.date(2024, 12, 31)


def expected_totals(lines, as_of, months=12):
    """Per-customer figures with plain loops: the reference for the pandas aggregation."""
    end = pd.Timestamp(as_of)
    current_start = end - pd.DateOffset(months=months)
    previous_start = end - pd.DateOffset(months=2 * months)
    out = defaultdict(lambda: {"revenue": 0.0, "revenue_previous": 0.0, "cost": 0.0,
                               "orders": set(), "dates": set(), "lines": 0,
                               "products": set(), "all_dates": []})
    for date_text, customer, amount, cost, order, product, _owner in lines:
        date = pd.Timestamp(date_text)
        if date > end:
            continue
        row = out[customer.strip().lower()]
        row["all_dates"].append(date)
        if current_start < date <= end:
            row["revenue"] += amount
            row["cost"] += cost
            row["orders"].add(order)
            row["dates"].add(date)
            row["lines"] += 1
            row["products"].add(product)
        elif previous_start < date <= current_start:
            row["revenue_previous"] += amount
    return out


def lines_book(tmp_path, rows=LINES, **sheets):
    return write_xlsx(tmp_path / "lines.xlsx", {"Lines": [LINE_HEADER, *rows], **sheets})


def test_lines_detected_and_aggregated(tmp_path):
    result = read_input(lines_book(tmp_path), settings=Settings(as_of=AS_OF))
    assert result.source.kind == "lines"
    assert result.source.rows_read == len(LINES)
    frame = result.customers.set_index(result.customers["customer"].str.lower())
    expected = expected_totals(LINES, AS_OF)
    assert sorted(frame.index) == sorted(expected)
    for key, exp in expected.items():
        row = frame.loc[key]
        assert row["revenue"] == pytest.approx(exp["revenue"]), key
        assert row["revenue_previous"] == pytest.approx(exp["revenue_previous"]), key
        assert row["cost_of_goods"] == pytest.approx(exp["cost"]), key
        assert row["orders"] == len(exp["orders"]), key
        assert row["order_lines"] == exp["lines"], key
        assert row["products"] == len(exp["products"]), key
        assert row["first_invoice_date"] == min(exp["all_dates"]), key
        assert row["last_invoice_date"] == max(exp["all_dates"]), key
    # Crux bought only in the previous period: revenue 0 (inactive), still listed.
    assert frame.loc["crux", "revenue"] == 0 and frame.loc["crux", "revenue_previous"] == 100
    # "acme " and "Acme" are one customer; the credit note (-20) is summed as it is.
    assert frame.loc["acme", "revenue"] == 100 + 200 + 50 - 20
    # Owner: Ann and Bob both have 3 lines of Acme; the latest line (Ann) breaks the tie.
    assert frame.loc["acme", "owner"] == "Ann" and frame.loc["bolt", "owner"] == "Cas"


def test_as_of_defaults_to_last_invoice_and_later_lines_are_ignored(tmp_path):
    path = lines_book(tmp_path)
    assert read_input(path).source.as_of == AS_OF
    as_of = dt.date(2024, 6, 30)
    result = read_input(path, settings=Settings(as_of=as_of, period_months=6))
    frame = result.customers.set_index(result.customers["customer"].str.lower())
    expected = expected_totals(LINES, as_of, months=6)
    for key, exp in expected.items():
        assert frame.loc[key, "revenue"] == pytest.approx(exp["revenue"]), key
        assert frame.loc[key, "revenue_previous"] == pytest.approx(exp["revenue_previous"])
        assert frame.loc[key, "last_invoice_date"] == max(exp["all_dates"]), key
    assert any("after 2024-06-30 ignored" in note for note in result.source.notes)


def test_orders_without_order_numbers_are_distinct_dates(tmp_path):
    header = ["Date", "Customer", "Amount"]
    rows = [[r[0], r[1], r[2]] for r in LINES]
    path = write_xlsx(tmp_path / "l.xlsx", {"S": [header, *rows]})
    result = read_input(path, settings=Settings(as_of=AS_OF))
    frame = result.customers.set_index(result.customers["customer"].str.lower())
    for key, exp in expected_totals(LINES, AS_OF).items():
        assert frame.loc[key, "orders"] == len(exp["dates"]), key
    assert "cost_of_goods" not in frame.columns and "products" not in frame.columns
    assert any("distinct invoice dates" in note for note in result.source.notes)


def test_explicit_mapping_on_bike_style_export(tmp_path):
    text = ("order.id,order.date,bikeshop.name,total.price,model\n"
            "1,2011-01-07,Ithaca Mountain Climbers,6070,Jekyll\n"
            "1,2011-01-07,Ithaca Mountain Climbers,5970,Trigger\n"
            "2,2011-01-10,Kansas City 29ers,2770,Beast\n"
            "3,2011-01-10,Kansas City 29ers,5970,Supersix\n")
    result = read_input(write_csv(tmp_path / "bikes.csv", text),
                        columns={"customer": "bikeshop_name", "revenue": "total_price"})
    assert result.source.kind == "lines"
    frame = result.customers.set_index("customer")
    assert frame.loc["Ithaca Mountain Climbers", "revenue"] == 6070 + 5970
    assert frame.loc["Ithaca Mountain Climbers", "orders"] == 1  # one order.id
    assert frame.loc["Kansas City 29ers", "orders"] == 2
    assert result.source.columns_mapped["amount"] == "total.price"


def test_forcing_the_kind(tmp_path):
    unique = write_xlsx(tmp_path / "u.xlsx", {"S": [["Datum", "Klant", "Bedrag"],
                                                    ["2024-01-05", "A", 10],
                                                    ["2024-02-05", "B", 20]]})
    assert read_input(unique, kind="lines").source.kind == "lines"
    with pytest.raises(InputError, match="use --lines"):
        read_input(unique)  # customers repeat nowhere: read as a customer sheet
    header = ["Omzet" if h == "Bedrag" else h for h in LINE_HEADER]
    repeated = write_xlsx(tmp_path / "r.xlsx", {"S": [header, *LINES]})
    assert read_input(repeated).source.kind == "lines"
    six_times = "customer 'Acme' appears 6 times: rows 2, 3, 4, 5, 6 and 7"
    with pytest.raises(InputError, match=six_times):
        read_input(repeated, kind="customers")


def test_drivers_sheet_joined_and_prospects_added(tmp_path):
    drivers = [["Klant", "Leveringen", "Servicetijd", "DSO", "Omzet", "Groeipotentieel"],
               ["ACME", 12, 3.5, 40, 99999, "high"], ["Dorm  Inc", 2, 0, 10, 5, "low"]]
    result = read_input(lines_book(tmp_path, Drivers=drivers), settings=Settings(as_of=AS_OF))
    frame = result.customers.set_index("customer")
    assert frame.loc["Acme", "deliveries"] == 12 and frame.loc["Acme", "dso"] == 40
    assert frame.loc["Acme", "revenue"] == 330  # from the lines, not the drivers' Omzet
    assert pd.isna(frame.loc["Bolt", "deliveries"])
    assert frame.loc["Dorm  Inc", "revenue"] == 0  # prospect: known, never bought
    assert pd.isna(frame.loc["Dorm  Inc", "first_invoice_date"])
    assert frame.loc["Dorm  Inc", "growth_potential"] == "low"
    notes = " ".join(result.source.notes)
    assert "sheet 'Drivers'" in notes and "prospects" in notes


def test_drivers_sheet_named_and_separate_file(tmp_path):
    drivers = [["Customer", "Deliveries"], ["Bolt", 7]]
    book = lines_book(tmp_path, Costs=drivers, Notes=[["Customer", "Visits"], ["Bolt", 1]])
    named = read_input(book, drivers_sheet="Notes").customers.set_index("customer")
    assert named.loc["Bolt", "sales_visits"] == 1 and "deliveries" not in named.columns
    other = write_csv(tmp_path / "drivers.csv", "Klant;Bezoeken;Retouren\nbolt;4;2\n")
    joined = read_input(book, drivers_path=other).customers.set_index("customer")
    assert (joined.loc["Bolt", "sales_visits"], joined.loc["Bolt", "returns"]) == (4, 2)
    assert "deliveries" not in joined.columns


def test_empty_date_in_lines_names_the_cell(tmp_path):
    rows = [list(r) for r in LINES]
    rows[3][0] = None
    with pytest.raises(InputError) as caught:
        read_input(lines_book(tmp_path, rows))
    assert caught.value.cell == "Lines!A5"
    assert "empty cell" in str(caught.value)


def test_mapped_driver_column_is_read_from_the_drivers_sheet(tmp_path):
    drivers = [["Klant", "Aantal ritten"], ["Bolt", 9]]
    book = lines_book(tmp_path, Drivers=drivers)
    result = read_input(book, columns={"deliveries": "Aantal ritten"})
    assert result.customers.set_index("customer").loc["Bolt", "deliveries"] == 9
    assert result.source.columns_mapped["deliveries"] == "sheet 'Drivers': Aantal ritten"
    with pytest.raises(InputError, match="'Ritten' .mapped to deliveries. not found"):
        read_input(book, columns={"deliveries": "Ritten"})
