"""Bad input: every message names the file, and where it applies the sheet and cell."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.source_fixtures import write_csv, write_xlsx
from xl_portfolio.errors import InputError
from xl_portfolio.sources import prepare_frame, read_input

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_error(path, **kwargs) -> InputError:
    with pytest.raises(InputError) as caught:
        read_input(path, **kwargs)
    return caught.value


def test_missing_customer_column_lists_found_and_accepted_headers(tmp_path):
    path = write_xlsx(tmp_path / "sales.xlsx", {"Sheet1": [["Naam", "Omzet", "Datum"],
                                                           ["A", 1, "2024-01-01"]]})
    error = read_error(path)
    message = str(error)
    assert message.startswith("sales.xlsx: no customer column")
    assert "found 'Naam', 'Omzet', 'Datum'" in message
    assert "accepted headers: customer name, customer, klantnaam, klant" in message
    assert '--column customer="Naam"' in message
    assert error.file == "sales.xlsx"


def test_missing_revenue_column(tmp_path):
    path = write_xlsx(tmp_path / "c.xlsx", {"S": [["Klant", "Leveringen"], ["A", 1]]})
    message = str(read_error(path))
    assert "no revenue column" in message and "omzet" in message and "chiffre" in message


def test_header_with_one_known_name_below_a_title(tmp_path):
    rows = [["Sales report 2024"], [], ["Customer", "Amount 2024", "Region"], ["A", 1, "N"]]
    error = read_error(write_xlsx(tmp_path / "c.xlsx", {"S": rows}))
    assert "no revenue column in the headers on sheet 'S' row 3" in str(error)
    assert "found 'Customer', 'Amount 2024', 'Region'" in str(error)
    assert '--column revenue="Amount 2024"' in str(error)


def test_forced_lines_without_date_column(tmp_path):
    path = write_xlsx(tmp_path / "l.xlsx", {"S": [["Klant", "Bedrag"], ["A", 1], ["A", 2]]})
    message = str(read_error(path, kind="lines"))
    assert "no date column" in message and "factuurdatum" in message


def test_mapped_header_not_found_and_unknown_name(tmp_path):
    path = write_xlsx(tmp_path / "c.xlsx", {"S": [["Klant", "Omzet"], ["A", 1]]})
    message = str(read_error(path, columns={"revenue": "Sales 2024"}))
    assert "column 'Sales 2024' (mapped to revenue) not found" in message
    assert "found: 'Klant', 'Omzet'" in message
    assert "unknown column name 'turnover'" in str(read_error(path, columns={"turnover": "x"}))


def test_non_numeric_value_names_the_cell(tmp_path):
    rows = [["Customer", "Owner", "Orders", "Revenue"], ["A", "x", 1, 10], ["B", "y", 2, 20],
            ["C", "z", 3, "n/a"]]
    error = read_error(write_xlsx(tmp_path / "sales.xlsx", {"Sheet1": rows}))
    assert error.cell == "Sheet1!D4"
    assert str(error) == ("sales.xlsx: Sheet1!D4: expected a number in column 'Revenue' "
                          "(revenue), found 'n/a'")


def test_several_bad_cells_in_one_message_below_a_title_block(tmp_path):
    rows = [["Omzetrapport"], [], ["Klant", "Omzet", "Klant sinds"]]
    rows += [[f"K{i}", "??" if i % 2 else i, "gisteren" if i == 4 else None]
             for i in range(1, 16)]
    error = read_error(write_xlsx(tmp_path / "k.xlsx", {"Data": rows}))
    message = str(error)
    assert error.cell == "Data!B4"  # header on row 3, first data row 4
    assert "; also B6 (found '??'); C7 (expected a date in column 'Klant sinds'" in message
    assert message.count("found") == 5
    assert "and 4 more bad cells" in message  # 8 bad revenues + 1 bad date = 9


def test_prepare_frame_names_cells_from_header_row():
    frame = pd.DataFrame({"Klant": ["A", "B"], "Omzet": [1, "veel"]})
    with pytest.raises(InputError) as caught:
        prepare_frame(frame, file="Map1.xlsx", sheet="Data", header_row=3, first_column=2)
    assert caught.value.cell == "Data!D5"
    assert str(caught.value).startswith("Map1.xlsx: Data!D5: expected a number")


def test_figures_without_customer(tmp_path):
    rows = [["Customer", "Revenue"], ["A", 1], [None, 99]]
    error = read_error(write_xlsx(tmp_path / "c.xlsx", {"S": rows}))
    assert error.cell == "S!A3" and "no customer name" in str(error)


def test_bad_date(tmp_path):
    rows = [["Customer", "Revenue", "Last invoice"], ["A", 1, "31-02-2024"]]
    error = read_error(write_xlsx(tmp_path / "c.xlsx", {"S": rows}))
    assert error.cell == "S!C2" and "expected a date" in str(error)


def test_empty_sheet_and_header_without_rows(tmp_path):
    path = write_xlsx(tmp_path / "c.xlsx", {"Data": [["Customer", "Revenue"], ["A", 1]],
                                            "Leeg": [], "Kop": [["Customer", "Revenue"]]})
    assert "sheet 'Leeg' is empty" in str(read_error(path, sheet="Leeg"))
    assert "headers on row 1 but no data rows" in str(read_error(path, sheet="Kop"))
    empty = write_xlsx(tmp_path / "e.xlsx", {"Blad1": []})
    assert "the workbook is empty" in str(read_error(empty))
    assert "empty file" in str(read_error(write_csv(tmp_path / "e.csv", "")))


def test_duplicate_customer(tmp_path):
    rows = [["Customer", "Revenue"], ["Acme", 1], ["Bolt", 2], ["ACME ", 3]]
    message = str(read_error(write_xlsx(tmp_path / "c.xlsx", {"S": rows})))
    assert "sheet 'S': customer 'Acme' appears twice: rows 2 and 4" in message
    assert "one row per customer is expected, or use --lines" in message


def test_password_protected_file(tmp_path):
    path = tmp_path / "secret.xlsx"
    path.write_bytes(OLE_MAGIC + b"\x00" * 500 + b"EncryptedPackage" + b"\x01" * 500)
    error = read_error(path)
    assert error.file == "secret.xlsx"
    assert "is password-protected: remove the password in Excel" in str(error)


def test_old_office_file_named_xlsx(tmp_path):
    path = tmp_path / "old.xlsx"
    path.write_bytes(OLE_MAGIC + b"\x00" * 1000)
    assert "save it as .xlsx" in str(read_error(path))


def test_corrupt_zip(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"not really a zip" * 20)
    message = str(read_error(path))
    assert message.startswith("broken.xlsx: cannot be read: it is damaged")


def test_unsupported_extension_and_missing_file(tmp_path):
    ods = tmp_path / "data.ods"
    ods.write_bytes(b"whatever")
    assert str(read_error(ods)) == ("data.ods: unsupported format .ods; use .xlsx, .xlsm, "
                                    ".csv or .parquet")
    missing = read_error(tmp_path / "nope.xlsx")
    assert missing.file == "nope.xlsx" and "file not found" in str(missing)


def test_unknown_sheet_lists_the_sheets(tmp_path):
    path = write_xlsx(tmp_path / "c.xlsx", {"Klanten": [["Customer", "Revenue"], ["A", 1]],
                                            "Notes": [["x"]]})
    message = str(read_error(path, sheet="Customers"))
    assert "no sheet named 'Customers'; the workbook has: 'Klanten', 'Notes'" in message


def test_bad_arguments(tmp_path):
    csv_path = write_csv(tmp_path / "c.csv", "Customer,Revenue\nA,1\n")
    assert "a CSV file has no sheets" in str(read_error(csv_path, sheet="Sheet1"))
    assert "kind must be 'customers' or 'lines'" in str(read_error(csv_path, kind="invoices"))


def test_file_unchanged_after_a_failed_read(tmp_path):
    path = write_xlsx(tmp_path / "c.xlsx", {"S": [["Customer", "Revenue"], ["A", "bad"]]})
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    read_error(path)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
