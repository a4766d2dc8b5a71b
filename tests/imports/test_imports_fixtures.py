"""Each sample export in fixtures/exports imports to the Store or Books it describes."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from harness.model.snapshot import encode
from harness.sources.imports import detect_kind, import_books, import_store, load_books, load_store

EXPORTS = Path(__file__).resolve().parents[2] / "fixtures" / "exports"


@pytest.mark.parametrize(
    ("relative", "kind"),
    [
        ("shopify/products_export.csv", "shopify-products"),
        ("shopify/customers_export.csv", "shopify-customers"),
        ("woocommerce/wc-product-export-28-11-2026.csv", "woocommerce-products"),
        ("quickbooks/ProductServiceList.csv", "quickbooks-items"),
        ("quickbooks/Customers.csv", "quickbooks-customers"),
    ],
)
def test_detect_kind_from_the_header(relative: str, kind: str) -> None:
    assert detect_kind(EXPORTS / relative) == kind


def test_shopify_products_group_rows_by_handle() -> None:
    store = import_store(EXPORTS / "shopify" / "products_export.csv")
    assert store.platform == "shopify"
    assert [p.title for p in store.products] == [
        "Merino Crew Sweater",
        "Canvas Tote Bag",
        "Beeswax Candle",
        "Wool Socks",
        "Gift Card",
    ]
    sweater, tote, candle, socks, gift = store.products
    assert sweater.id == "1" and sweater.vendor == "Laine & Fils" and sweater.options == ["Size", "Colour"]
    assert sweater.description is not None and "\n" in sweater.description  # a quoted newline stays in its cell
    assert len(sweater.variants) == 4  # the image-only row is not a variant
    first = sweater.variants[0]
    assert first.sku == "MCS-S-CHA" and first.options == {"Size": "S", "Colour": "Charcoal"}
    assert first.price == Decimal("89.00") and first.compare_at_price == Decimal("109.00")
    assert first.cost == Decimal("38.50") and first.weight_grams == 320 and first.barcode == "0628110001011"
    assert first.inventory_tracked and first.quantities == {"1": 12}
    assert sweater.variants[3].title == "M / Forêt"
    assert tote.options == [] and tote.variants[0].title == "" and tote.variants[0].sku == "TOTE-NAT"
    assert candle.variants[0].sku is None
    assert [v.sku for v in socks.variants] == ["SOCK-WOOL", "SOCK-WOOL"]
    assert gift.status == "draft" and not gift.variants[0].inventory_tracked
    assert [v.id for _, v in store.variants()] == [str(i) for i in range(1, 11)]
    assert [loc.id for loc in store.locations] == ["1"]


def test_shopify_customers_keep_accents_and_addresses() -> None:
    store = import_store(EXPORTS / "shopify" / "customers_export.csv")
    assert [c.full_name for c in store.customers] == ["Hélène Côté", "François Lefèvre", "Zoë Ångström", "John Smith"]
    helene, francois, _, john = store.customers
    assert helene.email == "helene.cote@example.ca" and helene.phone == "+15145550142"
    assert helene.addresses[0].city == "Montréal" and helene.addresses[0].region == "QC"
    assert francois.company == "Épicerie Lefèvre" and francois.tax_exempt
    assert john.addresses[0].postal_code == "05401"  # leading zero kept: cells stay text


def test_a_shopify_folder_combines_products_and_customers() -> None:
    store = import_store(EXPORTS / "shopify")
    assert len(store.products) == 5 and len(store.customers) == 4
    assert store.name == "shopify"


def test_woocommerce_variations_join_their_parent() -> None:
    store = import_store(EXPORTS / "woocommerce")
    assert store.platform == "woocommerce"
    hoodie, mug, seconds, workshop = store.products
    assert hoodie.id == "112" and hoodie.sku == "HOODIE" and hoodie.options == ["Colour", "Size"]
    assert [v.id for v in hoodie.variants] == ["113", "114", "115"]  # by id:112 and by the parent's SKU
    blue_m = hoodie.variants[0]
    assert blue_m.options == {"Colour": "Bleu", "Size": "M"} and blue_m.quantities == {"1": 7}
    assert blue_m.price == Decimal("55.00") and blue_m.compare_at_price == Decimal("65.00")
    assert hoodie.variants[2].sku is None
    assert hoodie.custom_fields == {"_wpcom_is_markdown": "1"}
    assert mug.variants[0].weight_grams == 350 and mug.description is not None and "\n" in mug.description
    assert seconds.status == "draft" and seconds.variants[0].sku == mug.variants[0].sku == "MUG-CER"
    assert not workshop.variants[0].taxable and not workshop.variants[0].inventory_tracked


def test_quickbooks_items_customers_and_accounts() -> None:
    books = import_books(EXPORTS / "quickbooks")
    names = [(i.id, i.name, i.sku, i.type) for i in books.items]
    assert names[:3] == [
        ("1", "Merino Crew Sweater S Charcoal", "MCS-S-CHA", "Inventory"),
        ("2", "MCS-M-CHA", "MCS-M-CHA", "Inventory"),
        ("3", "Canvas Tote Bag", "TOTE-NAT", "NonInventory"),
    ]
    sweater = books.items[0]
    assert sweater.track_qty and sweater.qty_on_hand == Decimal("12") and sweater.unit_price == Decimal("89.00")
    assert sweater.inv_start_date is not None and sweater.inv_start_date.isoformat() == "2026-01-15"
    candle = books.items[4]
    assert candle.name == "CANDLE-L" and candle.parent_id == "4"  # "Candles:CANDLE-L" is a sub-item
    wrapping = books.items[5]
    assert wrapping.type == "Service" and not wrapping.taxable and wrapping.qty_on_hand is None
    accounts = {a.id: a for a in books.accounts}
    assert accounts[sweater.income_account_id or ""].type == "Income"
    assert accounts[sweater.asset_account_id or ""].sub_type == "Inventory"
    assert [c.display_name for c in books.customers] == [
        "Hélène Côté",
        "Epicerie Lefevre",
        "Smith Hardware LLC",
        "Amazon",
    ]
    assert books.customers[1].company == "Épicerie Lefèvre"
    assert books.tax_codes == [] and books.documents == []


def test_import_books_takes_several_files() -> None:
    books = import_books([EXPORTS / "quickbooks" / "Customers.csv", EXPORTS / "quickbooks" / "ProductServiceList.csv"])
    assert len(books.items) == 7 and len(books.customers) == 4


def test_the_same_file_gives_the_same_bytes() -> None:
    for folder in ("shopify", "woocommerce"):
        assert encode(import_store(EXPORTS / folder)) == encode(load_store(EXPORTS / folder))
    assert encode(import_books(EXPORTS / "quickbooks")) == encode(load_books(EXPORTS / "quickbooks"))


def test_platform_picks_one_platform_from_a_mixed_folder(tmp_path: Path) -> None:
    for relative in ("shopify/products_export.csv", "woocommerce/wc-product-export-28-11-2026.csv"):
        (tmp_path / Path(relative).name).write_bytes((EXPORTS / relative).read_bytes())
    assert import_store(tmp_path, platform="woocommerce").platform == "woocommerce"
    assert len(import_store(tmp_path, platform="shopify").products) == 5
