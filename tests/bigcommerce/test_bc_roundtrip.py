"""A store loaded into the BigCommerce endpoint reads back, through the engine's client, as it was."""

from __future__ import annotations

import msgspec
import pytest
from bc_stores import build_store, hand_built_store

from harness.model.store import Store
from harness.platforms.bigcommerce import SPEC, BigCommerceClient, BigCommerceEndpoint
from harness.platforms.bigcommerce.wire import REMAINDER_NAMESPACE, project, store_from_wire, store_to_wire
from harness.platforms.http import MalformedBody, PageDrift, RetryPolicy, ServerError
from harness.platforms.registry import get_platform
from harness.sandbox import InProcessSandbox
from harness.sources.generated import PATHOLOGIES, generate_store


def test_registry_knows_bigcommerce() -> None:
    spec = get_platform("bigcommerce")
    assert spec is SPEC and spec.product_code_field == "sku" and spec.product_code_label == "SKU"


def test_read_back_equals_what_was_loaded(served: tuple[BigCommerceEndpoint, str]) -> None:
    endpoint, base = served
    client = SPEC.make_client(base, endpoint.credentials(), RetryPolicy(sleep=lambda _: None))
    assert client.read_store() == project(endpoint.store)


def test_a_full_small_store_reads_back_in_process() -> None:
    store = build_store("bigcommerce", seed=2, size="small")
    endpoint = BigCommerceEndpoint(store)
    with InProcessSandbox() as sb:
        base = sb.mount(endpoint, SPEC.sandbox_base_url)
        assert SPEC.make_client(base, endpoint.credentials(), None).read_store() == project(store)


@pytest.mark.parametrize("seed", [1, 2, 5])
def test_every_pathology_round_trips(seed: int) -> None:
    """Blank and duplicate SKUs, guests, fees, gift cards, foreign currency…: served as they are, read back."""
    store, _ = generate_store(seed, "small", dict.fromkeys(PATHOLOGIES, 0.3), "bigcommerce")
    assert store_from_wire(store_to_wire(store)) == project(store)


def test_the_only_projection_is_the_platform_name() -> None:
    store = hand_built_store("shopify")
    back = store_from_wire(store_to_wire(store))
    assert back.platform == "bigcommerce"
    assert msgspec.structs.replace(back, platform="shopify") == store


@pytest.mark.parametrize("source", ["hand_built", "generated"])
def test_native_fields_carry_the_bulk_and_metafields_only_the_rest(source: str) -> None:
    """Remainders exist only for facts BigCommerce has no field for (second location, non-numeric ids)."""
    store = hand_built_store("bigcommerce") if source == "hand_built" else build_store("bigcommerce", seed=3)
    cat = store_to_wire(store)
    kept = [m for m in cat.metafields if m["namespace"] == REMAINDER_NAMESPACE]
    text = " ".join(m["value"] for m in kept)
    for native in ("sku", "price", "email", "total", "unit_price", "billing", "shipping_lines"):
        assert f'"{native}"' not in text, native
    assert all(v["inventory_level"] >= 0 for p in cat.products for v in p["variants"])


def test_empty_store_round_trips() -> None:
    store = Store(platform="bigcommerce")
    assert store_from_wire(store_to_wire(store)) == store


def test_an_order_placed_mid_read_lands_on_the_last_page(bc_store: Store) -> None:
    endpoint = BigCommerceEndpoint(bc_store)
    endpoint.faults.add(PageDrift(count=1, routes=("list_orders",)))
    with InProcessSandbox() as sb:
        base = sb.mount(endpoint, SPEC.sandbox_base_url)
        read = SPEC.make_client(base, endpoint.credentials(), None).read_store()
    assert len(read.orders) == len(bc_store.orders) + 1
    assert read.orders[:-1] == project(bc_store).orders


def test_without_metafield_or_inventory_scopes_the_store_still_reads(bc_store: Store) -> None:
    """A real token may lack scopes: the read degrades to BigCommerce's own fields, it does not fail."""
    endpoint = BigCommerceEndpoint(bc_store)
    missing = ("list_*_metafields", "list_channel_metafields", "list_inventory_items", "list_refunds")
    endpoint.faults.add(ServerError(routes=missing, status=403))
    with InProcessSandbox() as sb:
        base = sb.mount(endpoint, SPEC.sandbox_base_url)
        client = BigCommerceClient(base, endpoint.credentials(), RetryPolicy(sleep=lambda _: None))
        read = client.read_store()
    assert "v3/inventory/items" in client.unavailable and "v3/orders/metafields" in client.unavailable
    assert [v.sku for _, v in read.variants()] == [v.sku or None for _, v in bc_store.variants()]
    for (_, got), (_, want) in zip(read.variants(), bc_store.variants(), strict=True):
        if want.inventory_tracked:
            assert sum(got.quantities.values()) == want.quantity  # inventory_level carries the total
    assert [o.number for o in read.orders] != [] and len(read.orders) == len(bc_store.orders)


def test_bodies_cut_short_are_read_again(bc_store: Store) -> None:
    endpoint = BigCommerceEndpoint(bc_store)
    endpoint.faults.add(MalformedBody(count=1, routes=("list_orders",)))
    endpoint.faults.add(MalformedBody(count=1, routes=("list_products",)))
    endpoint.faults.add(MalformedBody(count=1, routes=("list_order_sub",)))
    with InProcessSandbox() as sb:
        base = sb.mount(endpoint, SPEC.sandbox_base_url)
        client = SPEC.make_client(base, endpoint.credentials(), RetryPolicy(sleep=lambda _: None))
        assert client.read_store() == project(bc_store)
    assert [e.fault for e in endpoint.journal].count("malformed") == 3
