"""A bad export is one InputError naming the file, and the row and column as a spreadsheet shows them."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.errors import InputError
from harness.sources.imports import detect_kind, import_books, import_store

EXPORTS = Path(__file__).resolve().parents[2] / "fixtures" / "exports"
SHOPIFY_HEADER = "Handle,Title,Option1 Name,Option1 Value,Variant SKU,Variant Price,Variant Inventory Qty\n"


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def message(excinfo: pytest.ExceptionInfo[InputError]) -> str:
    text = str(excinfo.value)
    assert "\n" not in text
    return text


def test_missing_column(tmp_path: Path) -> None:
    path = write(tmp_path, "products.csv", "Handle,Title,Variant Price\nmug,Mug,12.00\n")
    with pytest.raises(InputError) as excinfo:
        import_store(path)
    assert message(excinfo) == f"{path}: row 1 (the header): missing column 'Variant SKU'"


def test_bad_number_names_the_spreadsheet_row(tmp_path: Path) -> None:
    text = (
        SHOPIFY_HEADER
        + 'tee,"Tee\nshirt",Size,S,TEE-S,14.90,3\n'  # a quoted newline: still one spreadsheet row (row 2)
        + "tee,,,M,TEE-M,14.90,3\n"
        + ",,,,,,\n"  # blank rows count as rows but are skipped
        + "mug,Mug,Title,Default Title,MUG,abc,1\n"
    )
    path = write(tmp_path, "products.csv", text)
    with pytest.raises(InputError) as excinfo:
        import_store(path)
    assert message(excinfo) == f"{path}: row 5, column 'Variant Price': expected a number, got \"abc\""


def test_bad_whole_number(tmp_path: Path) -> None:
    path = write(tmp_path, "products.csv", SHOPIFY_HEADER + "mug,Mug,Title,Default Title,MUG,9.00,2.5\n")
    with pytest.raises(InputError, match=r"row 2, column 'Variant Inventory Qty': expected a whole number"):
        import_store(path)


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "products.csv"
    path.write_bytes(b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)))
    with pytest.raises(InputError) as excinfo:
        import_store(path)
    assert message(excinfo) == f"{path}: not a CSV text file (binary content); export it again as CSV (UTF-8)"


def test_not_utf8(tmp_path: Path) -> None:
    path = write(tmp_path, "customers.csv", "First Name,Last Name,Email,Total Spent\nHélène,Côté,h@x.ca,1\n", "latin-1")
    with pytest.raises(InputError) as excinfo:
        import_store(path)
    assert message(excinfo).startswith(f"{path}: not UTF-8 text (byte 0xe9 at offset")


def test_bom_and_trailing_blank_rows(tmp_path: Path) -> None:
    text = "\ufeff" + SHOPIFY_HEADER + "mug,Mug,Title,Default Title,MUG,9.00,2\n\n,,,\n"
    path = write(tmp_path, "products.csv", text)
    store = import_store(path)
    assert [v.sku for _, v in store.variants()] == ["MUG"]


def test_unknown_header(tmp_path: Path) -> None:
    path = write(tmp_path, "orders.csv", "Order,Date,Total\n1001,2026-01-02,10\n")
    with pytest.raises(InputError, match=r"not an export sync-sandbox knows \(header starts 'Order', 'Date'"):
        detect_kind(path)


def test_empty_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="empty file"):
        import_store(write(tmp_path, "products.csv", ""))


def test_books_export_given_as_store(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no store export"):
        import_store(EXPORTS / "quickbooks" / "Customers.csv")


def test_two_platforms_in_one_folder_need_a_choice(tmp_path: Path) -> None:
    for relative in ("shopify/products_export.csv", "woocommerce/wc-product-export-28-11-2026.csv"):
        (tmp_path / Path(relative).name).write_bytes((EXPORTS / relative).read_bytes())
    with pytest.raises(InputError, match=r"several platforms \(shopify, woocommerce\)"):
        import_store(tmp_path)


def test_orphan_variation(tmp_path: Path) -> None:
    text = "ID,Type,SKU,Name,Regular price,Parent\n7,variation,A-1,A - 1,5,id:99\n"
    path = write(tmp_path, "wc.csv", text)
    with pytest.raises(InputError, match=r"row 2, column 'Parent': no variable product \"id:99\""):
        import_store(path)


def test_quickbooks_bad_type_and_bad_date(tmp_path: Path) -> None:
    header = "Product/Service Name,SKU,Type,Sales Price/Rate,Quantity On Hand,Quantity as-of Date\n"
    bad_type = write(tmp_path, "a.csv", header + "Mug,MUG,Widget,5,1,01/02/2026\n")
    with pytest.raises(InputError, match=r"row 2, column 'Type': expected Inventory"):
        import_books(bad_type)
    bad_date = write(tmp_path, "b.csv", header + "Mug,MUG,Inventory,5,1,someday\n")
    with pytest.raises(InputError, match=r"row 2, column 'Quantity as-of Date': expected a date"):
        import_books(bad_date)


def test_quickbooks_title_rows_above_the_header(tmp_path: Path) -> None:
    text = (
        "Sandbox Company\nProduct/Service List\n\n"
        'Product/Service Name,SKU,Type,Sales Price/Rate\nMug,MUG,Non-inventory,"$1,250.00"\n'
    )
    books = import_books(write(tmp_path, "list.csv", text))
    assert books.items[0].name == "Mug" and str(books.items[0].unit_price) == "1250.00"


def test_kind_can_be_told(tmp_path: Path) -> None:
    from harness.sources.imports.detect import open_export

    path = write(tmp_path, "x.csv", "Something,Else\n1,2\n")
    kind, table = open_export(path, "quickbooks-items")
    assert kind.name == "quickbooks-items" and table.header_row == 1
    with pytest.raises(InputError, match="unknown export kind"):
        open_export(path, "xero-items")


def test_older_shopify_customer_headers_in_any_case(tmp_path: Path) -> None:
    text = (
        "First name,Last name,Email,Company,Address1,Address2,City,Province,Province code,Country,"
        "Country code,Zip,Phone,Accepts Marketing,Total Spent,Total Orders,Tags,Note,Tax Exempt\n"
        "Renée,Gagnon,renee@example.ca,,12 rue Principale,,Québec,Quebec,QC,Canada,CA,G1R 4P5,,no,0.00,0,,,no\n"
    )
    store = import_store(write(tmp_path, "customers.csv", text))
    (renee,) = store.customers
    assert renee.full_name == "Renée Gagnon" and renee.addresses[0].region == "QC"
    assert renee.addresses[0].city == "Québec"


def test_quickbooks_report_footer_is_not_a_row(tmp_path: Path) -> None:
    text = (
        "Customer,Email,Open Balance\nHélène Côté,h@example.ca,12.00\n\nTOTAL,,12.00\n"
        '"Friday, November 28, 2026 10:02 AM GMT-05:00",,\n'
    )
    books = import_books(write(tmp_path, "customers.csv", text))
    assert [c.display_name for c in books.customers] == ["Hélène Côté"]


def test_no_books_export_in_a_folder(tmp_path: Path) -> None:
    (tmp_path / "products_export.csv").write_bytes((EXPORTS / "shopify" / "products_export.csv").read_bytes())
    with pytest.raises(InputError, match=r"no QuickBooks export \(products and services, customers\) found"):
        import_books(tmp_path)


def test_a_long_description_is_read(tmp_path: Path) -> None:
    body = "<p>" + "x" * 300_000 + "</p>"
    header = "Handle,Title,Body (HTML),Variant SKU,Variant Price\n"
    store = import_store(write(tmp_path, "products.csv", header + f'mug,Mug,"{body}",MUG,9.00\n'))
    assert store.products[0].description == body


def test_a_broken_quote_names_the_row(tmp_path: Path) -> None:
    path = write(tmp_path, "products.csv", 'Handle,Title,Variant SKU,Variant Price\nmug,Mug,MUG,9.00\ntee,"Tee"x,T,1\n')
    with pytest.raises(InputError, match=r"products.csv: row 3: not valid CSV"):
        import_store(path)
