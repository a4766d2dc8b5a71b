"""Canonical products and variants <-> BigCommerce v3 catalog JSON (store-apis.md §5.2).

Shapes follow the v3 OpenAPI: a product carries ``variants``, ``options`` and
``custom_fields`` (served when ``include=`` asks for them). Every product has
a *base variant*: a product without options still has one variant with
``option_values: []`` and the product's SKU (§5.2), so a canonical
single-variant product without options is exactly that base variant.

Where a canonical fact has a BigCommerce field, it goes there:
``vendor`` -> brand, ``product_type`` -> category, ``barcode`` -> ``upc``,
``model`` -> ``mpn``, ``compare_at_price`` -> ``retail_price``, ``cost`` ->
``cost_price``, taxable/tax class -> ``tax_class_id`` (tax classes served at
``/v2/tax_classes``), status -> ``is_visible``/``availability``, grams ->
``weight`` (the simulated store's weight unit is grams). The rest is measured
and kept in a metafield (``harness.platforms.remainder``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from harness.model.store import Product, Variant
from harness.platforms.bigcommerce.formats import (
    ZERO,
    from_text,
    from_v3_date,
    from_v3_money,
    text,
    v3_date,
    v3_money,
)

DEFAULT_TAX_CLASS = "Default Tax Class"
NON_TAXABLE_CLASS = "Non-Taxable Products"


@dataclass
class Lookups:
    """Small id -> name tables a reader needs to decode products (each served by its own endpoint)."""

    tax_classes: dict[int, str] = field(default_factory=lambda: {0: DEFAULT_TAX_CLASS})
    brands: dict[int, str] = field(default_factory=dict)
    categories: dict[int, str] = field(default_factory=dict)
    default_location: str = "1"
    #: variant id -> {location code: available}, from the Inventory API (``/v3/inventory/items``)
    stock: dict[int, dict[str, int]] = field(default_factory=dict)

    def non_taxable_id(self) -> int | None:
        return next((i for i, n in self.tax_classes.items() if n == NON_TAXABLE_CLASS and i != 0), None)


@dataclass
class LookupBuilder:
    """Collects brands, categories and tax classes while products are encoded (ids from 1, in first-seen order)."""

    lookups: Lookups

    def brand_id(self, name: str | None) -> int:
        return _intern(self.lookups.brands, name) if name else 0

    def category_ids(self, name: str | None) -> list[int]:
        return [_intern(self.lookups.categories, name)] if name else []

    def tax_class_id(self, taxable: bool, tax_class: str | None) -> int:
        if not taxable:
            return _intern(self.lookups.tax_classes, NON_TAXABLE_CLASS, skip_zero=True)
        if tax_class is None:
            return 0
        return _intern(self.lookups.tax_classes, tax_class, skip_zero=True)


def _intern(table: dict[int, str], name: str, *, skip_zero: bool = False) -> int:
    for key, value in table.items():
        if value == name and not (skip_zero and key == 0):
            return key
    key = max(table, default=0) + 1
    table[key] = name
    return key


# -- canonical -> wire ------------------------------------------------------------------------------


def product_to_wire(
    product: Product,
    *,
    product_id: int,
    variant_ids: list[int],
    option_ids: dict[str, int],
    value_ids: dict[tuple[str, str], int],
    builder: LookupBuilder,
) -> dict[str, Any]:
    """One v3 product with ``variants``, ``options`` and ``custom_fields`` embedded."""
    first = product.variants[0] if product.variants else None
    base_only = len(product.variants) == 1 and first is not None and not first.options and not product.options
    variants = [
        _variant_to_wire(v, variant_id=vid, product_id=product_id, option_ids=option_ids, value_ids=value_ids)
        for v, vid in zip(product.variants, variant_ids, strict=True)
    ]
    tracked = any(v.inventory_tracked for v in product.variants)
    product_sku = (first.sku if first else None) if base_only else product.sku
    return {
        "id": product_id,
        "name": product.title,
        "type": "physical",
        "sku": text(product_sku),
        "description": text(product.description),
        "weight": float(first.weight_grams or 0) if first else 0.0,
        "width": 0,
        "depth": 0,
        "height": 0,
        "price": v3_money(first.price if first else ZERO),
        "cost_price": v3_money(first.cost) if first else None,
        "retail_price": v3_money(first.compare_at_price) if first else None,
        "sale_price": 0.0,
        "map_price": 0.0,
        "calculated_price": v3_money(first.price if first else ZERO),
        "tax_class_id": builder.tax_class_id(first.taxable, first.tax_class) if first else 0,
        "product_tax_code": "",
        "categories": builder.category_ids(product.product_type),
        "brand_id": builder.brand_id(product.vendor),
        "inventory_level": sum(v.quantity for v in product.variants if v.inventory_tracked),
        "inventory_warning_level": 0,
        "inventory_tracking": ("product" if base_only else "variant") if tracked else "none",
        "is_visible": product.status == "active",
        "is_featured": False,
        "availability": "disabled" if product.status == "archived" else "available",
        "condition": "New",
        "upc": text(first.barcode) if base_only and first else "",
        "mpn": text(first.model) if base_only and first else "",
        "gtin": "",
        "bin_picking_number": "",
        "base_variant_id": variant_ids[0] if base_only else None,
        "option_set_id": None,
        "total_sold": 0,
        "date_created": v3_date(product.created_at),
        "date_modified": v3_date(product.updated_at),
        "custom_fields": [
            {"id": product_id * 1000 + i, "name": k, "value": v}
            for i, (k, v) in enumerate(product.custom_fields.items(), start=1)
        ],
        "options": [
            {
                "id": option_ids[name],
                "product_id": product_id,
                "display_name": name,
                "type": "dropdown",
                "sort_order": position,
                "option_values": [
                    {"id": value_ids[(name, label)], "label": label, "sort_order": i, "is_default": False}
                    for i, label in enumerate(_labels(product, name))
                ],
            }
            for position, name in enumerate(_option_names(product))
        ],
        "variants": variants,
    }


def _option_names(product: Product) -> list[str]:
    names = list(product.options)
    for variant in product.variants:
        names.extend(n for n in variant.options if n not in names)
    return names


def _labels(product: Product, name: str) -> list[str]:
    seen: dict[str, None] = {}
    for variant in product.variants:
        if name in variant.options:
            seen.setdefault(variant.options[name], None)
    return list(seen)


def option_keys(product: Product) -> tuple[list[str], list[tuple[str, str]]]:
    """The option names and (name, label) pairs a product needs ids for, in display order."""
    names = _option_names(product)
    return names, [(n, label) for n in names for label in _labels(product, n)]


def _variant_to_wire(
    variant: Variant,
    *,
    variant_id: int,
    product_id: int,
    option_ids: dict[str, int],
    value_ids: dict[tuple[str, str], int],
) -> dict[str, Any]:
    return {
        "id": variant_id,
        "product_id": product_id,
        "sku": text(variant.sku),
        "sku_id": variant_id,
        "price": v3_money(variant.price),
        "calculated_price": v3_money(variant.price),
        "sale_price": None,
        "retail_price": v3_money(variant.compare_at_price),
        "cost_price": v3_money(variant.cost),
        "map_price": None,
        "weight": float(variant.weight_grams or 0),
        "calculated_weight": float(variant.weight_grams or 0),
        "width": 0,
        "height": 0,
        "depth": 0,
        "inventory_level": variant.quantity,
        "inventory_warning_level": 0,
        "purchasing_disabled": False,
        "purchasing_disabled_message": "",
        "upc": text(variant.barcode),
        "mpn": text(variant.model),
        "gtin": "",
        "bin_picking_number": "",
        "image_url": "",
        "is_free_shipping": False,
        "fixed_cost_shipping_price": None,
        "option_values": [
            {
                "id": value_ids[(name, label)],
                "label": label,
                "option_id": option_ids[name],
                "option_display_name": name,
            }
            for name, label in variant.options.items()
        ],
    }


# -- wire -> canonical ------------------------------------------------------------------------------


def product_from_wire(data: dict[str, Any], lookups: Lookups) -> Product:
    """Decode one v3 product (with its embedded variants/options/custom_fields) without its remainder."""
    variants = [_variant_from_wire(v, data, lookups) for v in data.get("variants") or []]
    base_only = len(variants) == 1 and not variants[0].options and not data.get("options")
    categories = data.get("categories") or []
    status: Literal["active", "draft", "archived"]
    if data.get("availability") == "disabled":
        status = "archived"
    elif not data.get("is_visible", True):
        status = "draft"
    else:
        status = "active"
    return Product(
        id=str(data["id"]),
        title=data.get("name") or "",
        description=from_text(data.get("description")),
        vendor=lookups.brands.get(int(data.get("brand_id") or 0)),
        product_type=lookups.categories.get(categories[0]) if categories else None,
        status=status,
        created_at=from_v3_date(data.get("date_created")),
        updated_at=from_v3_date(data.get("date_modified")),
        options=[o["display_name"] for o in sorted(data.get("options") or [], key=lambda o: o.get("sort_order", 0))],
        sku=None if base_only else from_text(data.get("sku")),
        variants=variants,
        custom_fields={c["name"]: c["value"] for c in data.get("custom_fields") or []},
    )


def _variant_from_wire(data: dict[str, Any], product: dict[str, Any], lookups: Lookups) -> Variant:
    options = {ov["option_display_name"]: ov["label"] for ov in data.get("option_values") or []}
    tax_class_id = int(product.get("tax_class_id") or 0)
    tracked = product.get("inventory_tracking", "none") != "none"
    weight = data.get("weight") or 0
    return Variant(
        id=str(data["id"]),
        sku=from_text(data.get("sku")),
        model=from_text(data.get("mpn")),
        barcode=from_text(data.get("upc")),
        title=" / ".join(options.values()),
        options=options,
        price=from_v3_money(data.get("price") if data.get("price") is not None else product.get("price")) or ZERO,
        compare_at_price=from_v3_money(data.get("retail_price")),
        cost=from_v3_money(data.get("cost_price")),
        taxable=tax_class_id != lookups.non_taxable_id() or tax_class_id == 0,
        tax_class=None if tax_class_id in (0, lookups.non_taxable_id()) else lookups.tax_classes.get(tax_class_id),
        inventory_tracked=tracked,
        quantities=_quantities(data, tracked, lookups),
        weight_grams=int(weight) if weight else None,
    )


def _quantities(variant: dict[str, Any], tracked: bool, lookups: Lookups) -> dict[str, int]:
    """Stock per location from the Inventory API; without an inventory item, the variant's total."""
    per_location = lookups.stock.get(int(variant["id"]))
    if per_location is not None:
        return dict(per_location)
    return {lookups.default_location: int(variant.get("inventory_level") or 0)} if tracked else {}


def inventory_item(variant: Variant, wire_variant: dict[str, Any], location_ids: dict[str, int]) -> dict[str, Any]:
    """One ``/v3/inventory/items`` record: the variant's stock at each location it is stocked at.

    A quantity keyed by something that is not one of the store's locations has no
    BigCommerce location to live at; it stays out (and travels in the remainder).
    """
    return {
        "identity": {
            "sku": wire_variant["sku"],
            "variant_id": wire_variant["id"],
            "product_id": wire_variant["product_id"],
            "sku_id": wire_variant["sku_id"],
        },
        "locations": [
            {
                "location_id": location_ids[code],
                "location_code": code,
                "location_name": code,
                "location_enabled": True,
                "available_to_sell": qty,
                "total_inventory_onhand": qty,
                "settings": {"safety_stock": 0, "is_in_stock": qty > 0, "warning_level": 0, "bin_picking_number": ""},
            }
            for code, qty in variant.quantities.items()
            if code in location_ids
        ],
    }


def stock_from_items(items: list[dict[str, Any]]) -> dict[int, dict[str, int]]:
    return {
        int(item["identity"]["variant_id"]): {
            loc["location_code"]: int(loc.get("available_to_sell") or 0) for loc in item.get("locations") or []
        }
        for item in items
    }
