"""Shopify admin exports: the products CSV and the customers CSV.

Rows of one product share a Handle; the first carries the product fields, the
later ones only variant (or image) fields. Ids are numbered in file order, so
the same file always gives the same Store.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from harness.model.common import ZERO, as_money
from harness.model.store import Address, Customer, Location, Product, Variant
from harness.sources.imports.table import Row, Table

LOCATION = Location(id="1", name="Shop location")

PRODUCT_COLUMNS = ("Handle", "Title", "Variant SKU", "Variant Price")
_VARIANT_FIELDS = ("Variant SKU", "Variant Price", "Option1 Value", "Variant Inventory Qty", "Variant Barcode")
_STATUSES: dict[str, Literal["active", "draft", "archived"]] = {
    "active": "active",
    "draft": "draft",
    "archived": "archived",
}


def _money(row: Row, column: str) -> Decimal | None:
    value = row.decimal(column)
    return None if value is None else as_money(value)


def products(table: Table) -> list[Product]:
    table.require(*PRODUCT_COLUMNS)
    found: dict[str, Product] = {}
    variants = 0
    for row in table:
        handle = row.get("Handle")
        if not handle:
            raise row.fail("Handle", "every row needs the handle of its product")
        product = found.get(handle)
        if product is None:
            product = _product(row, str(len(found) + 1))
            found[handle] = product
        if any(row.get(c) for c in _VARIANT_FIELDS):
            variants += 1
            product.variants.append(_variant(row, product, str(variants)))
    return list(found.values())


def _product(row: Row, pid: str) -> Product:
    title = row.get("Title")
    if not title:
        raise row.fail("Title", f"the first row of product {row.get('Handle')!r} has no title")
    status_text = row.get("Status").lower()
    if status_text:
        if status_text not in _STATUSES:
            raise row.fail("Status", f'expected active, draft or archived, got "{row.get("Status")}"')
        status = _STATUSES[status_text]
    else:
        status = "active" if row.boolean("Published", True) else "draft"
    options = [row.get(f"Option{i} Name") for i in (1, 2, 3) if row.get(f"Option{i} Name")]
    if options == ["Title"]:
        options = []  # Shopify's placeholder for a product without options
    return Product(
        id=pid,
        title=title,
        description=row.text("Body (HTML)"),
        vendor=row.text("Vendor"),
        product_type=row.first("Type", "Product Category"),
        status=status,
        options=options,
    )


def _variant(row: Row, product: Product, vid: str) -> Variant:
    values: dict[str, str] = {}
    for i, name in enumerate(product.options, start=1):
        value = row.get(f"Option{i} Value")
        if value:
            values[name] = value
    quantity = row.integer("Variant Inventory Qty")
    tracker = row.get("Variant Inventory Tracker")
    tracked = bool(tracker) if row.table.has("Variant Inventory Tracker") else quantity is not None
    grams = row.decimal("Variant Grams")
    return Variant(
        id=vid,
        sku=row.text("Variant SKU"),
        barcode=row.text("Variant Barcode"),
        title=" / ".join(values.values()),
        options=values,
        price=_money(row, "Variant Price") or ZERO,
        compare_at_price=_money(row, "Variant Compare At Price"),
        cost=_money(row, "Cost per item"),
        taxable=row.boolean("Variant Taxable", True),
        inventory_tracked=tracked,
        quantities={LOCATION.id: quantity} if quantity is not None else {},
        weight_grams=None if grams is None else int(grams),
    )


CUSTOMER_COLUMNS = ("First Name", "Last Name", "Email")


def customers(table: Table) -> list[Customer]:
    table.require(*CUSTOMER_COLUMNS)
    result: list[Customer] = []
    for row in table:
        row.decimal("Total Spent")
        row.integer("Total Orders")
        address = Address(
            first_name=row.text("First Name"),
            last_name=row.text("Last Name"),
            company=row.first("Default Address Company", "Company"),
            line1=row.first("Default Address Address1", "Address1"),
            line2=row.first("Default Address Address2", "Address2"),
            city=row.first("Default Address City", "City"),
            region=row.first("Default Address Province Code", "Province Code"),
            postal_code=row.first("Default Address Zip", "Zip"),
            country=row.first("Default Address Country Code", "Country Code"),
            phone=row.first("Default Address Phone"),
        )
        has_address = any((address.line1, address.city, address.postal_code, address.country))
        result.append(
            Customer(
                id=str(len(result) + 1),
                first_name=row.text("First Name"),
                last_name=row.text("Last Name"),
                company=address.company,
                email=row.text("Email"),
                phone=row.first("Phone", "Default Address Phone"),
                addresses=[address] if has_address else [],
                tax_exempt=row.boolean("Tax Exempt", False),
            )
        )
    return result
