"""WooCommerce wire details a real site sends and the reader must understand (store-apis.md §2)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from harness.platforms.woocommerce import wire
from harness.platforms.woocommerce.formats import local_and_gmt, parse_gmt


def test_parent_stock_and_tax_class_resolve_against_the_parent() -> None:
    parent = {
        "id": 10,
        "type": "variable",
        "name": "Tee",
        "tax_class": "reduced-rate",
        "manage_stock": True,
        "stock_quantity": 7,
        "attributes": [{"name": "Size", "variation": True, "options": ["S"]}],
        "meta_data": [],
    }
    variation = {
        "id": 11,
        "name": "Tee - S",
        "sku": "TEE-S",
        "regular_price": "9.00",
        "sale_price": "",
        "manage_stock": "parent",
        "stock_quantity": None,
        "tax_class": "parent",
        "tax_status": "taxable",
        "attributes": [{"name": "Size", "option": "S"}],
        "meta_data": [],
        "menu_order": 0,
    }
    ctx = wire.WooContext(location="main")
    product = wire.product_from_wire(parent, [variation], ctx)
    (variant,) = product.variants
    assert variant.inventory_tracked and variant.quantities == {"main": 7}
    assert variant.tax_class == "reduced-rate" and variant.price == Decimal("9.00")


def test_dates_have_no_zone_and_a_gmt_twin() -> None:
    moment = datetime(2025, 1, 1, 2, 30, tzinfo=UTC)
    local, gmt = local_and_gmt(moment, timedelta(hours=-5))
    assert (local, gmt) == ("2024-12-31T21:30:00", "2025-01-01T02:30:00")
    assert parse_gmt(gmt) == moment


def test_sale_and_regular_prices_carry_the_compare_at_price() -> None:
    ctx = wire.WooContext()
    on_sale = wire.variant_from_wire({"regular_price": "20.00", "sale_price": "15.00"}, "1", "", {}, ctx)
    assert (on_sale.price, on_sale.compare_at_price) == (Decimal("15.00"), Decimal("20.00"))
    plain = wire.variant_from_wire({"regular_price": "20.00", "sale_price": ""}, "1", "", {}, ctx)
    assert (plain.price, plain.compare_at_price) == (Decimal("20.00"), None)
