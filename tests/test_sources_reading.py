"""Reading customer sheets: languages, formats, header detection, values, mapping."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import openpyxl
import pandas as pd
import pytest

from tests.source_fixtures import write_csv, write_xlsx
from xl_portfolio.schema import CUSTOMER_INPUTS, LINE_INPUTS
from xl_portfolio.settings import Settings
from xl_portfolio.sources import ALIASES, PortfolioInput, prepare_frame, read_input
from xl_portfolio.sources.aliases import alias_index, aliases_markdown, normalize_header
from xl_portfolio.sources.dates import parse_date_value
from xl_portfolio.sources.values import parse_number_text


def by_customer(result: PortfolioInput) -> pd.DataFrame:
    return result.customers.set_index("customer")


def test_english_sheet_types_mapping_and_as_of(tmp_path):
    rows = [["Customer", "Revenue", "COGS", "Orders", "Last invoice", "Account manager"],
            ["Acme", 1000, 600.5, 12, dt.datetime(2024, 5, 1), "Ann"],
            ["Bolt", 250.25, None, 3, dt.datetime(2024, 11, 30), "Bob"]]
    result = read_input(write_xlsx(tmp_path / "sales.xlsx", {"Sheet1": rows}))
    frame = by_customer(result)
    assert list(result.customers.columns) == ["customer", "revenue", "cost_of_goods", "orders",
                                              "last_invoice_date", "owner"]
    assert frame.loc["Acme", "revenue"] == 1000.0 and frame.loc["Bolt", "revenue"] == 250.25
    assert math.isnan(frame.loc["Bolt", "cost_of_goods"])
    assert result.customers["revenue"].dtype == np.float64
    assert result.customers["orders"].dtype == np.float64
    assert str(result.customers["last_invoice_date"].dtype).startswith("datetime64")
    assert frame.loc["Acme", "owner"] == "Ann"
    info = result.source
    assert (info.file, info.sheet, info.kind, info.rows_read) == ("sales.xlsx", "Sheet1",
                                                                  "customers", 2)
    assert info.columns_mapped["cost_of_goods"] == "COGS"
    assert info.as_of == dt.date(2024, 11, 30)  # max(last invoice)


def test_as_of_is_today_without_dates_and_settings_win(tmp_path):
    path = write_xlsx(tmp_path / "c.xlsx", {"S": [["Client", "Sales"], ["A", 1]]})
    assert read_input(path).source.as_of == dt.date.today()
    settings = Settings(as_of=dt.date(2023, 6, 30))
    assert read_input(path, settings=settings).source.as_of == dt.date(2023, 6, 30)


def test_dutch_headers(tmp_path):
    rows = [["Klantnaam", "Netto omzet", "Omzet vorig jaar", "Inkoopwaarde", "Leveringen",
             "Klantbezoeken", "Spoedorders", "Debiteurendagen", "Achterstallig",
             "Klant sinds", "Accountmanager", "Groeipotentieel", "Strategische fit"],
            ["Bakkerij Jansen", 5000, 4000, 3000, 24, 4, 2, 45, 300,
             dt.datetime(2015, 3, 1), "Piet", " hoog ", 4]]
    result = read_input(write_xlsx(tmp_path / "klanten.xlsx", {"Blad1": rows}))
    row = by_customer(result).loc["Bakkerij Jansen"]
    expected = {"revenue": 5000, "revenue_previous": 4000, "cost_of_goods": 3000,
                "deliveries": 24, "sales_visits": 4, "rush_orders": 2, "dso": 45,
                "overdue": 300}
    for column, value in expected.items():
        assert row[column] == value, column
    assert row["first_invoice_date"] == pd.Timestamp(2015, 3, 1)
    assert row["owner"] == "Piet"
    assert row["growth_potential"] == "hoog"  # text stays text, stripped
    assert row["strategic_fit"] == 4  # numbers stay numbers


def test_french_headers_with_accents_and_punctuation(tmp_path):
    rows = [["Nom du client", "Chiffre d'affaires", "Coût des ventes", "Délai de paiement",
             "Impayés", "Part de portefeuille", "Taux de marge", "Première facture",
             "Commercial", "RETOURS", "Heures de service"],
            ["Société Générale", 2000, 1200, 30, 0, "45%", 40, "15/03/2020", "Luc", 3, 2.5]]
    result = read_input(write_xlsx(tmp_path / "clients.xlsx", {"Feuil1": rows}))
    row = by_customer(result).loc["Société Générale"]
    assert (row["revenue"], row["cost_of_goods"], row["dso"]) == (2000, 1200, 30)
    assert row["share_of_wallet"] == pytest.approx(0.45)
    assert row["gross_margin_pct"] == pytest.approx(0.40)  # 40 read as percent
    assert row["first_invoice_date"] == pd.Timestamp(2020, 3, 15)
    assert (row["returns"], row["service_hours"], row["owner"]) == (3, 2.5, "Luc")
    assert any("gross_margin_pct" in note for note in result.source.notes)


def test_service_time_cells_read_as_hours(tmp_path):
    rows = [["Klant", "Omzet", "Service uren", "Marge %"],
            ["A", 1, dt.timedelta(hours=30, minutes=30), 0.25], ["B", 1, dt.time(2, 15), None]]
    frame = by_customer(read_input(write_xlsx(tmp_path / "t.xlsx", {"S": rows})))
    assert frame["service_hours"].tolist() == [30.5, 2.25]
    assert frame.loc["A", "gross_margin_pct"] == 0.25


def test_percent_column_left_alone_when_fractions(tmp_path):
    rows = [["Customer", "Revenue", "Share of wallet"], ["A", 1, 0.3], ["B", 2, 1.2]]
    result = read_input(write_xlsx(tmp_path / "c.xlsx", {"S": rows}))
    assert by_customer(result)["share_of_wallet"].tolist() == [0.3, 1.2]
    assert result.source.notes == []


def test_xlsm_and_title_block_above_header(tmp_path):
    rows = [["Customer report"], ["Exported 2024-12-31 by ERP"], [],
            ["", "Klant", "Omzet"], ["", "Acme", 10], ["", "Bolt", 20]]
    result = read_input(write_xlsx(tmp_path / "export.xlsm", {"Report": rows}))
    assert result.customers["customer"].tolist() == ["Acme", "Bolt"]
    assert result.customers["revenue"].tolist() == [10.0, 20.0]


def test_sheet_argument_and_first_sheet_with_data(tmp_path):
    path = write_xlsx(tmp_path / "book.xlsx", {
        "Empty": [],
        "First": [["Customer", "Revenue"], ["A", 1]],
        "Second": [["Customer", "Revenue"], ["B", 2], ["C", 3]],
    })
    assert read_input(path).source.sheet == "First"
    second = read_input(path, sheet="Second")
    assert second.source.sheet == "Second"
    assert second.customers["customer"].tolist() == ["B", "C"]


def test_explicit_mapping_wins_over_aliases(tmp_path):
    rows = [["Customer", "Account name", "Revenue", "Invoiced"],
            ["x1", "Acme", 5, 7], ["x2", "Bolt", 6, 8]]
    path = write_xlsx(tmp_path / "c.xlsx", {"S": rows})
    result = read_input(path, columns={"customer": "Account name", "revenue": "invoiced"},
                        settings=Settings(columns={"customer": "Customer"}))
    assert by_customer(result)["revenue"].to_dict() == {"Acme": 7.0, "Bolt": 8.0}
    assert result.source.columns_mapped["customer"] == "Account name"
    from_settings = read_input(path, settings=Settings(columns={"revenue": "Invoiced"}))
    assert from_settings.customers["revenue"].tolist() == [7.0, 8.0]


def test_name_column_preferred_over_code_column(tmp_path):
    rows = [["Klant", "Klantnaam", "Omzet"], [1001, "Acme", 5], [1002, "Bolt", 6]]
    result = read_input(write_xlsx(tmp_path / "c.xlsx", {"S": rows}))
    assert result.customers["customer"].tolist() == ["Acme", "Bolt"]
    assert "column 'Klant' ignored: 'Klantnaam' is already read as customer" \
        in result.source.notes


def test_csv_semicolon_decimal_comma_cp1252(tmp_path):
    text = ("Klant;Omzet;Kostprijs;Bezoeken\r\n"
            "Café Noël;1.234,56;1000,5;3\r\n"
            "Bakker;\"€ 2 000,00\";(12,5);\r\n"
            "Smid;1234,5;;1\r\n")
    result = read_input(write_csv(tmp_path / "k.csv", text, encoding="cp1252"))
    frame = by_customer(result)
    assert frame.loc["Café Noël", "revenue"] == pytest.approx(1234.56)
    assert frame.loc["Bakker", "revenue"] == pytest.approx(2000.0)
    assert frame.loc["Bakker", "cost_of_goods"] == pytest.approx(-12.5)
    assert frame.loc["Smid", "revenue"] == pytest.approx(1234.5)
    assert math.isnan(frame.loc["Bakker", "sales_visits"])
    assert result.source.sheet is None


def test_csv_comma_thousands_with_bom_and_tab(tmp_path):
    text = 'Customer,Revenue,DSO\n"Acme, Inc.","1,234.56",45\nBolt,"2,000",30\n'
    result = read_input(write_csv(tmp_path / "c.csv", text, encoding="utf-8-sig"))
    frame = by_customer(result)
    assert frame.loc["Acme, Inc.", "revenue"] == pytest.approx(1234.56)
    assert frame.loc["Bolt", "revenue"] == 2000.0
    tabbed = read_input(write_csv(tmp_path / "t.csv", "Client\tCA\nA\t12,5\nB\t3\n"))
    assert tabbed.customers["revenue"].tolist() == [12.5, 3.0]


def test_blank_rows_totals_and_names_kept(tmp_path):
    rows = [["Customer", "Revenue"], ["  =Acme  ", 10], [None, None], ["+31 Shop", 20],
            ["Acme BV", 5], ["Grand total", 35]]
    result = read_input(write_xlsx(tmp_path / "c.xlsx", {"S": rows}))
    assert result.customers["customer"].tolist() == ["=Acme", "+31 Shop", "Acme BV"]
    assert any("Grand total" in note and "row 6" in note for note in result.source.notes)


def test_names_saved_as_formulas_without_value_are_kept(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Klanten"
    for row in (["Title"], [], ["Klant", "Omzet"], ["=cmd|' /C calc'!A0", 5], ["Bolt", 7]):
        sheet.append(row)  # openpyxl stores the '=' text as a formula with no value
    book.save(tmp_path / "f.xlsx")
    result = read_input(tmp_path / "f.xlsx")
    assert result.customers["customer"].tolist() == ["=cmd|' /C calc'!A0", "Bolt"]
    assert any("Klanten!A4" in note for note in result.source.notes)


def test_date_formats(tmp_path):
    rows = [["Customer", "Revenue", "First invoice"],
            ["A", 1, dt.datetime(2020, 1, 31)], ["B", 1, "2020-01-31"],
            ["C", 1, "31-01-2020"], ["D", 1, "31/01/2020"], ["E", 1, 43861],
            ["F", 1, "05/04/2020"], ["G", 1, None]]
    frame = by_customer(read_input(write_xlsx(tmp_path / "c.xlsx", {"S": rows})))
    dates = frame["first_invoice_date"]
    for name in "ABCDE":
        assert dates[name] == pd.Timestamp(2020, 1, 31), name
    assert dates["F"] == pd.Timestamp(2020, 4, 5)  # European day first
    assert pd.isna(dates["G"])


def test_us_dates_recognised_by_column(tmp_path):
    text = "Customer;Revenue;Last invoice\nA;1;12/31/2024\nB;2;01/02/2024\n"
    frame = by_customer(read_input(write_csv(tmp_path / "us.csv", text)))
    assert frame.loc["B", "last_invoice_date"] == pd.Timestamp(2024, 1, 2)
    assert frame.loc["A", "last_invoice_date"] == pd.Timestamp(2024, 12, 31)


@pytest.mark.parametrize(("text", "comma", "expected"), [
    ("1.234,56", None, 1234.56), ("1234,56", None, 1234.56), ("1,234.56", None, 1234.56),
    ("€ 1 234,56", None, 1234.56), ("12%", None, 0.12), ("(123)", None, -123.0),
    ("123-", None, -123.0), ("-1.000.000", None, -1e6), ("1,234", None, 1234.0),
    ("1,234", True, 1.234), ("1.234", False, 1.234), ("EUR 10", None, 10.0),
    ("n/a", None, None), ("1,2,3", None, None), ("12abc", None, None),
    ("-", None, 0.0), (" - ", True, 0.0), ("€ -", None, 0.0), ("--", None, None),
    # A leading 0 group is never a thousands grouping: these are decimals.
    ("0.500", None, 0.5), ("0.123", None, 0.123), ("0,125", None, 0.125),
    ("0.123", True, 0.123), ("0.123.456", None, None),
])
def test_parse_number_text(text, comma, expected):
    result = parse_number_text(text, comma)
    assert result == (pytest.approx(expected) if expected is not None else None)


@pytest.mark.parametrize(("value", "expected"), [
    ("2024-02-29", dt.date(2024, 2, 29)), ("29.02.2024", dt.date(2024, 2, 29)),
    ("20240229", dt.date(2024, 2, 29)), (45351.0, dt.date(2024, 2, 29)),
    ("2024-02-30", None), ("tomorrow", None), ("", None),
])
def test_parse_date_value(value, expected):
    assert parse_date_value(value) == expected


def test_prepare_frame_from_dataframe():
    frame = pd.DataFrame({"Klant": ["A", "B"], "Omzet": ["1.000,50", 2],
                          "Eerste factuur": [pd.Timestamp(2020, 1, 1), None]})
    result = prepare_frame(frame, file="Book1.xlsx", sheet="Data", header_row=3)
    assert result.customers["revenue"].tolist() == [1000.5, 2.0]
    assert result.source.sheet == "Data" and result.source.file == "Book1.xlsx"
    raw = pd.DataFrame([["Title", None], ["Customer", "Revenue"], ["A", 5]])
    assert prepare_frame(raw).customers["revenue"].tolist() == [5.0]


def test_input_file_unchanged(tmp_path):
    path = write_xlsx(tmp_path / "c.xlsx", {"S": [["Customer", "Revenue"], ["A", 1]]})
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    read_input(path)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_alias_table_is_unambiguous_per_kind():
    for kind in (CUSTOMER_INPUTS, LINE_INPUTS):
        owners: dict[str, str] = {}
        for canonical in kind:
            assert ALIASES.get(canonical), f"no aliases for {canonical}"
            for alias in (canonical, *ALIASES[canonical]):
                key = normalize_header(alias)
                assert owners.setdefault(key, canonical) == canonical, alias
    index = alias_index(CUSTOMER_INPUTS)
    assert index[normalize_header("  CHIFFRE D’AFFAIRES ")] == "revenue"
    assert index[normalize_header("Brutomarge %")] == "gross_margin_pct"
    assert index[normalize_header("Brutomarge")] == "gross_margin"


def test_alias_markdown_lists_every_column():
    table = aliases_markdown()
    for canonical, aliases in ALIASES.items():
        assert f"| `{canonical}`" in table and ", ".join(aliases) in table
