"""QuickBooks Online exports to Excel by default: the XLSX files import like their CSV twins."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from harness.errors import InputError
from harness.sources.imports import detect_kind, import_books, load_books

EXPORTS = Path(__file__).resolve().parents[2] / "fixtures" / "exports"


def test_xlsx_exports_import_to_the_books_their_csv_twins_do() -> None:
    assert import_books(EXPORTS / "quickbooks-xlsx") == import_books(EXPORTS / "quickbooks")
    assert load_books(EXPORTS / "quickbooks-xlsx" / "Customers.xlsx").customers[0].display_name == "Hélène Côté"


def test_the_header_is_found_below_quickbooks_title_rows() -> None:
    assert detect_kind(EXPORTS / "quickbooks-xlsx" / "ProductServiceList.xlsx") == "quickbooks-items"
    assert detect_kind(EXPORTS / "quickbooks-xlsx" / "Customers.xlsx") == "quickbooks-customers"


def workbook(tmp_path: Path, rows: list[list[object]], name: str = "ProductServiceList.xlsx") -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Products"
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    book.save(path)
    return path


def test_a_bad_cell_names_the_file_the_sheet_and_the_row(tmp_path: Path) -> None:
    path = workbook(
        tmp_path,
        [
            ["Laine & Fils"],
            ["Product/Service List"],
            ["Product/Service Name", "SKU", "Type", "Sales Price/Rate"],
            ["Mug", "MUG", "Non-inventory", 12.5],
            ["Tee", "TEE", "Non-inventory", "twelve"],
        ],
    )
    with pytest.raises(InputError) as caught:
        import_books(path)
    assert str(caught.value) == (
        f"{path}, sheet 'Products': row 5, column 'Sales Price/Rate': expected a number, got \"twelve\""
    )


def test_a_file_that_is_not_a_workbook_is_named(tmp_path: Path) -> None:
    path = tmp_path / "Customers.xlsx"
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(InputError, match=r"Customers\.xlsx: not an Excel workbook"):
        import_books(path)
