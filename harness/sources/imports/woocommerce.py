"""The WooCommerce built-in product exporter (Products > Export).

Simple products become one product with one variant; a variable product
collects its variations (their Parent is ``id:NN`` or the parent's SKU). The
export's own IDs are kept, so the same file always gives the same Store.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Literal

from harness.model.common import ZERO, as_money
from harness.model.store import Location, Product, Variant
from harness.sources.imports.table import Row, Table

LOCATION = Location(id="1", name="Default")

PRODUCT_COLUMNS = ("ID", "Type", "SKU", "Name", "Regular price")
_WEIGHT = re.compile(r"^Weight \((?P<unit>kg|g|lbs|oz)\)$")
_GRAMS = {"kg": Decimal(1000), "g": Decimal(1), "lbs": Decimal("453.59237"), "oz": Decimal("28.349523125")}
_ATTRIBUTE = re.compile(r"^Attribute (?P<n>\d+) name$")


def _status(row: Row) -> Literal["active", "draft", "archived"]:
    published = row.get("Published")
    if published in ("", "1"):
        return "active"
    if published in ("0", "-1"):
        return "draft"
    raise row.fail("Published", f'expected 1, 0 or -1, got "{published}"')


def _attributes(row: Row) -> list[tuple[str, str]]:
    pairs = []
    for column in row.table.header:
        m = _ATTRIBUTE.match(column)
        if m and row.get(column):
            pairs.append((row.get(column), row.get(f"Attribute {m.group('n')} value(s)")))
    return pairs


def _variant(row: Row, options: dict[str, str]) -> Variant:
    regular = row.decimal("Regular price")
    sale = row.decimal("Sale price")
    stock = row.integer("Stock")
    grams: int | None = None
    for column in row.table.header:
        m = _WEIGHT.match(column)
        weight = row.decimal(column) if m else None
        if m and weight is not None:
            grams = int(weight * _GRAMS[m.group("unit")])
    tax_status = row.get("Tax status").lower()
    if tax_status not in ("", "taxable", "shipping", "none"):
        raise row.fail("Tax status", f'expected taxable, shipping or none, got "{row.get("Tax status")}"')
    return Variant(
        id=row.get("ID"),
        sku=row.text("SKU"),
        title=" / ".join(options.values()),
        options=options,
        price=as_money(sale if sale is not None else regular or ZERO),
        compare_at_price=as_money(regular) if sale is not None and regular is not None else None,
        taxable=tax_status in ("", "taxable"),
        tax_class=row.text("Tax class"),
        inventory_tracked=stock is not None,
        quantities={LOCATION.id: stock} if stock is not None else {},
        weight_grams=grams,
    )


def _custom_fields(row: Row) -> dict[str, str]:
    return {
        column.removeprefix("Meta:").strip(): row.get(column)
        for column in row.table.header
        if column.startswith("Meta:") and row.get(column)
    }


def products(table: Table) -> list[Product]:
    table.require(*PRODUCT_COLUMNS)
    result: list[Product] = []
    by_ref: dict[str, Product] = {}
    variations: list[Row] = []
    for row in table:
        if not row.get("ID"):
            raise row.fail("ID", "every row needs the product's ID")
        row.integer("ID")
        kind = row.get("Type").split(",")[0].strip().lower()
        if kind == "variation":
            variations.append(row)
            continue
        if kind not in ("simple", "variable", "grouped", "external"):
            raise row.fail("Type", f'expected simple, variable or variation, got "{row.get("Type")}"')
        if not row.get("Name"):
            raise row.fail("Name", "a product needs a name")
        attributes = _attributes(row)
        product = Product(
            id=row.get("ID"),
            title=row.get("Name"),
            description=row.first("Description", "Short description"),
            product_type=row.text("Categories"),
            status=_status(row),
            options=[name for name, _ in attributes] if kind == "variable" else [],
            sku=row.text("SKU") if kind == "variable" else None,
            custom_fields=_custom_fields(row),
        )
        if kind in ("simple", "external"):
            product.variants.append(_variant(row, {}))
        if kind != "grouped":
            result.append(product)
        by_ref[f"id:{product.id}"] = product
        if row.get("SKU"):
            by_ref.setdefault(row.get("SKU"), product)
    for row in variations:
        parent = by_ref.get(row.get("Parent"))
        if parent is None:
            raise row.fail("Parent", f'no variable product "{row.get("Parent")}" in this file')
        parent.variants.append(_variant(row, dict(_attributes(row))))
    return result
