"""The v2 products view of the v3 catalog: what the ``bigcommerce`` package's ``api.Products`` reads.

BigCommerce deprecated the v2 Products API in favour of v3, but the PyPI
package (store-apis.md §5.3) still lists products through ``/v2/products``,
and connectors built on it do too. The view is derived from the same v3
records: v2 formats (4-dp money strings, RFC 2822 dates), sub-resources as
``{url, resource}`` links, ``inventory_tracking`` as ``none|simple|sku``, and
the option combinations as ``/v2/products/{id}/skus`` (a product without
options has none: its SKU is the product's own).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Any

from harness.platforms.bigcommerce.formats import v2_date, v2_money

TRACKING = {"none": "none", "product": "simple", "variant": "sku"}
Link = Callable[[str], dict[str, str]]


def v2_product(product: dict[str, Any], link: Link) -> dict[str, Any]:
    pid = product["id"]
    return {
        "id": pid,
        "name": product["name"],
        "type": product.get("type", "physical"),
        "sku": product.get("sku") or "",
        "description": product.get("description") or "",
        "price": _money(product.get("price")),
        "cost_price": _money(product.get("cost_price")),
        "retail_price": _money(product.get("retail_price")),
        "sale_price": _money(product.get("sale_price")),
        "calculated_price": _money(product.get("calculated_price", product.get("price"))),
        "is_visible": bool(product.get("is_visible", True)),
        "is_featured": bool(product.get("is_featured", False)),
        "inventory_level": int(product.get("inventory_level") or 0),
        "inventory_warning_level": int(product.get("inventory_warning_level") or 0),
        "inventory_tracking": TRACKING.get(product.get("inventory_tracking", "none"), "none"),
        "weight": _money(product.get("weight")),
        "width": _money(product.get("width")),
        "height": _money(product.get("height")),
        "depth": _money(product.get("depth")),
        "total_sold": int(product.get("total_sold") or 0),
        "date_created": _date(product.get("date_created")),
        "date_modified": _date(product.get("date_modified")),
        "brand_id": int(product.get("brand_id") or 0),
        "categories": list(product.get("categories") or []),
        "availability": product.get("availability", "available"),
        "condition": product.get("condition", "New"),
        "upc": product.get("upc") or "",
        "bin_picking_number": product.get("bin_picking_number") or "",
        "tax_class_id": int(product.get("tax_class_id") or 0),
        "option_set_id": product.get("option_set_id"),
        "custom_url": f"/products/{pid}/",
        "skus": link(f"/products/{pid}/skus"),
        "custom_fields": link(f"/products/{pid}/custom_fields"),
        "images": link(f"/products/{pid}/images"),
        "options": link(f"/products/{pid}/options"),
        "brand": link(f"/brands/{product.get('brand_id') or 0}"),
    }


def v2_skus(product: dict[str, Any]) -> list[dict[str, Any]]:
    """The option combinations: every variant that has option values."""
    return [
        {
            "id": v["id"],
            "product_id": product["id"],
            "sku": v.get("sku") or "",
            "price": _money(v.get("price")) if v.get("price") is not None else None,
            "adjusted_price": _money(v.get("calculated_price", v.get("price"))),
            "cost_price": _money(v.get("cost_price")),
            "upc": v.get("upc") or "",
            "inventory_level": int(v.get("inventory_level") or 0),
            "inventory_warning_level": int(v.get("inventory_warning_level") or 0),
            "bin_picking_number": v.get("bin_picking_number") or "",
            "weight": _money(v.get("weight")),
            "adjusted_weight": _money(v.get("weight")),
            "is_purchasing_disabled": bool(v.get("purchasing_disabled", False)),
            "purchasing_disabled_message": v.get("purchasing_disabled_message") or "",
            "image_file": "",
            "options": [
                {"product_option_id": ov["option_id"], "option_value_id": ov["id"]}
                for ov in v.get("option_values") or []
            ],
        }
        for v in product.get("variants") or []
        if v.get("option_values")
    ]


def _money(value: Any) -> str:
    return v2_money(Decimal(str(value)) if value is not None else None)


def _date(value: Any) -> str:
    return v2_date(datetime.fromisoformat(value)) if value else ""
