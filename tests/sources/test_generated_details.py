"""Platform rules, rates, realism details and cross-process determinism of the generated source."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from harness.model.snapshot import encode
from harness.sources.generated import DEMO_PATHOLOGIES, PATHOLOGIES, generate, generate_books, generate_store

ROOT = Path(__file__).resolve().parents[2]


def _not_injected(platform: str, name: str) -> str | None:
    _, m = generate_store(1, "tiny", {name: 1}, platform)
    return next((n.reason for n in m.not_injected if n.pathology == name), None)


@pytest.mark.parametrize(("platform", "name"), [
    ("woocommerce", "sku_duplicate"), ("bigcommerce", "sku_duplicate_case"), ("magento", "sku_duplicate"),
    ("magento", "sku_missing"), ("ebay", "guest_orders"), ("shopify", "variant_shares_parent_sku"),
])
def test_platform_cannot_hold(platform: str, name: str) -> None:
    reason = _not_injected(platform, name)
    assert reason and platform.lower()[:4] in reason.lower()


@pytest.mark.parametrize(("platform", "name"), [
    ("shopify", "sku_duplicate"), ("opencart", "sku_missing"), ("woocommerce", "variant_shares_parent_sku"),
    ("ebay", "sku_duplicate_case"),
])
def test_platform_can_hold(platform: str, name: str) -> None:
    assert _not_injected(platform, name) is None


def test_opencart_codes_live_in_model() -> None:
    store, manifest = generate_store(4, "small", {"sku_missing": 2, "sku_too_long": 2}, "opencart")
    # the variant is the product row: its id, and OpenCart 3.x's NOT NULL sku column ("" for none)
    assert all(v.sku == "" and v.id == p.id and len(p.variants) == 1 for p in store.products for v in p.variants)
    by_id = {v.id: v for p in store.products for v in p.variants}
    for inj in manifest.injections:
        v = by_id[inj.records[0].id]
        assert (v.model == "") if inj.pathology == "sku_missing" else len(v.model or "") >= 30  # model is NOT NULL


def test_rates_are_fractions_and_counts_are_counts() -> None:
    store, m = generate_store(2, "small", {"stock_negative": 0.1, "guest_orders": 4})
    variants = sum(len(p.variants) for p in store.products)
    by = m.by_pathology()
    assert len(by["stock_negative"]) == round(0.1 * variants)
    assert len(by["guest_orders"]) == 4


def test_bad_rates_rejected() -> None:
    from harness.errors import InputError

    for bad in (-0.5, 2.5, float("nan")):
        with pytest.raises(InputError):
            generate_store(1, "tiny", {"sku_missing": bad})


def test_demo_shows_each_pathology_a_few_times_in_a_small_store() -> None:
    m = generate(5, "small", "shopify", DEMO_PATHOLOGIES).manifest
    by = m.by_pathology()
    skipped = {n.pathology for n in m.not_injected}
    assert skipped == {"variant_shares_parent_sku"}
    for name, p in PATHOLOGIES.items():
        if name not in skipped:
            assert len(by[name]) >= (1 if p.unit == "once" else 3), name


def test_extensions_follow_injected_pathologies() -> None:
    clean, _ = generate_store(3, "small")
    assert clean.extensions == [] and clean.custom_fields == []
    store, _ = generate_store(3, "small", {"gift_card_payment": 2, "custom_field_holds_code": 1}, "woocommerce")
    assert {e.kind for e in store.extensions} == {"gift_cards", "custom_fields"}
    assert {(f.entity, f.key) for f in store.custom_fields} == {("product", "item_code")}


def test_taxes_follow_the_region() -> None:
    store, _ = generate_store(8, "small")
    seen = set()
    for o in store.orders:
        region = o.shipping_address.region if o.shipping_address else None
        names = tuple(t.name for t in o.tax_lines)
        seen.add(region)
        if region == "QC":
            assert names == ("GST", "QST")
        elif region == "ON":
            assert names == ("HST ON",)
        elif region == "OR":
            assert names == ()
    assert {"QC", "ON"} <= seen
    rates = {r.name: r.rate for r in store.tax.rates}
    assert rates["QST"] == Decimal("9.975") and rates["HST ON"] == Decimal("13")


def test_accented_names_and_realistic_prices() -> None:
    store, _ = generate_store(6, "small")
    assert any(any(ord(ch) > 127 for ch in c.full_name) for c in store.customers)
    ends = {str(v.price)[-2:] for p in store.products for v in p.variants}
    assert ends <= {"99", "95"}
    assert any(len(p.variants) > 1 and p.options == ["Size", "Colour"] for p in store.products)


def test_books_shapes_follow_match_field() -> None:
    store, _ = generate_store(9, "small")
    codes = {v.sku for p in store.products for v in p.variants}
    by_name, _ = generate_books(store, 9, match_field="name")
    by_sku, _ = generate_books(store, 9, match_field="sku")
    assert all(i.name in codes for i in by_name.items)
    assert all(i.sku in codes and i.name not in codes for i in by_sku.items)
    assert len({i.name for i in by_sku.items}) == len(by_sku.items)
    assert by_name.preferences.country == store.country
    names = [c.display_name for c in by_name.contacts()]
    assert len(names) == len(set(names))
    assert any(t.sales_rate_ids and all(r.rate == 0 for r in by_name.tax_rates if r.id in t.sales_rate_ids)
               for t in by_name.tax_codes)
    inventory = [i for i in by_name.items if i.type == "Inventory"]
    assert inventory and all(i.inv_start_date and i.qty_on_hand is not None for i in inventory)


def test_progress_is_reported() -> None:
    calls: list[tuple[str, int, int]] = []
    generate(1, "tiny", pathologies={"sku_missing": 1, "inactive_matching_item": 1},
             progress=lambda *a: calls.append(a))
    phases = [c[0] for c in calls]
    assert {"products", "customers", "orders", "books"} <= set(phases)


_SCRIPT = """
import hashlib, sys
from harness.model.snapshot import encode
from harness.sources.generated import generate, DEMO_PATHOLOGIES
s = generate(21, "tiny", "shopify", DEMO_PATHOLOGIES)
print(hashlib.sha256(encode(s.store) + encode(s.books) + encode(s.manifest)).hexdigest())
"""


def test_same_bytes_in_another_process_with_another_hash_seed() -> None:
    s = generate(21, "tiny", "shopify", DEMO_PATHOLOGIES)
    here = hashlib.sha256(encode(s.store) + encode(s.books) + encode(s.manifest)).hexdigest()
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run([sys.executable, "-c", _SCRIPT], capture_output=True, text=True, env=env, cwd=ROOT,
                         check=True)
    assert out.stdout.strip() == here


def test_accounts_exist_before_their_orders() -> None:
    store, _ = generate_store(12, "small", {"customer_new_account_per_order": 3})
    created = {c.id: c.created_at for c in store.customers}
    for o in store.orders:
        if o.customer_id is not None:
            when = created[o.customer_id]
            assert when is not None and when <= o.created_at
