"""A store loaded into the Magento endpoint reads back, through the engine's client, as it was."""

from __future__ import annotations

import json

import msgspec
import pytest

from harness.model.store import Store
from harness.platforms.http import MalformedBody, PageDrift, RetryPolicy, ServerError, Throttle
from harness.platforms.http.session import ApiClientError
from harness.platforms.magento import SPEC, MagentoClient, MagentoEndpoint
from harness.platforms.magento.search import OutOfRange
from harness.platforms.magento.wire import project, remainders, store_from_wire, store_to_wire
from harness.platforms.registry import get_platform
from harness.sandbox import InProcessSandbox
from harness.sources.generated import generate_store


def test_registry_knows_magento() -> None:
    spec = get_platform("magento")
    assert spec is SPEC and spec.product_code_field == "sku" and spec.product_code_label == "SKU"


def test_read_back_equals_what_was_loaded(served: tuple[MagentoEndpoint, str]) -> None:
    endpoint, base = served
    client = SPEC.make_client(base, endpoint.credentials(), RetryPolicy(sleep=lambda _: None))
    assert client.read_store() == project(endpoint.store)


@pytest.mark.parametrize("mode", ["repeat_last", "empty"])
def test_the_client_pages_by_total_count_in_both_out_of_range_modes(magento_store: Store, mode: OutOfRange) -> None:
    endpoint = MagentoEndpoint(magento_store, out_of_range=mode)
    with InProcessSandbox() as sb:
        base = sb.mount(endpoint, SPEC.sandbox_base_url)
        client = MagentoClient(base, endpoint.credentials(), RetryPolicy(sleep=lambda _: None), page_size=33)
        assert client.read_store() == project(magento_store)
    order_pages = [e.query for e in endpoint.journal if e.route == "search_orders"]
    assert len(order_pages) == -(-len(magento_store.orders) // 33)  # never a page past the end


def test_the_client_retries_through_faults(magento_store: Store) -> None:
    endpoint = MagentoEndpoint(magento_store)
    endpoint.faults.add(Throttle(count=2, routes=("search_orders",), retry_after=0.25))
    endpoint.faults.add(ServerError(count=1, routes=("search_products",), status=503))
    waits: list[float] = []
    with InProcessSandbox() as sb:
        base = sb.mount(endpoint, SPEC.sandbox_base_url)
        assert SPEC.make_client(base, endpoint.credentials(), RetryPolicy(sleep=waits.append)).read_store() == project(
            magento_store
        )
    assert waits.count(0.25) == 2 and endpoint.journal.count(status=503) == 1


def test_store_view_code_in_the_path(magento_store: Store) -> None:
    endpoint = MagentoEndpoint(magento_store)
    with InProcessSandbox() as sb:
        base = sb.mount(endpoint, SPEC.sandbox_base_url)
        client = MagentoClient(base, {**endpoint.credentials(), "store_code": "default"})
        assert client.read_store() == project(magento_store)
    assert all(e.path.startswith("/rest/default/V1/") for e in endpoint.journal)


@pytest.mark.parametrize("seed", [1, 2])
def test_native_fields_carry_the_bulk(seed: int) -> None:
    """Remainders hold only what Magento has no field for (a simple product's variant id, refunds, …)."""
    store, _ = generate_store(seed, "small", None, "magento")
    cat = store_to_wire(store)
    assert store_from_wire(cat) == project(store)
    text = " ".join(patch for _, patch in remainders(cat))
    for native in ("sku", "price", "email", "total", "unit_price", "billing", "shipping_lines", "tax_lines", "options"):
        assert f'"{native}"' not in text, native
    assert all(isinstance(json.loads(patch), dict) for _, patch in remainders(cat))


def test_other_platforms_stores_project_only_their_platform_name() -> None:
    store, _ = generate_store(3, "small", None, "shopify")
    back = store_from_wire(store_to_wire(store))
    assert back.platform == "magento" and msgspec.structs.replace(back, platform="shopify") == store


def test_empty_store_round_trips() -> None:
    store = Store(platform="magento")
    assert store_from_wire(store_to_wire(store)) == store


def test_an_order_placed_mid_read_is_picked_up_by_total_count(magento_store: Store) -> None:
    endpoint = MagentoEndpoint(magento_store)
    endpoint.faults.add(PageDrift(count=1, routes=("search_orders",)))
    with InProcessSandbox() as sb:
        base = sb.mount(endpoint, SPEC.sandbox_base_url)
        read = SPEC.make_client(base, endpoint.credentials(), None).read_store()
    assert len(read.orders) == len(magento_store.orders) + 1
    assert read.orders[:-1] == project(magento_store).orders
    assert read.orders[-1].lines and read.orders[-1].number != magento_store.orders[-1].number


def test_without_msi_or_tax_acl_the_store_still_reads_with_legacy_stock(magento_store: Store) -> None:
    """A real integration may lack ACL resources, or MSI may be off: the read degrades, it does not fail."""
    endpoint = MagentoEndpoint(magento_store)
    missing = ("search_sources", "search_source_items", "search_tax_rates", "search_creditmemos")
    endpoint.faults.add(ServerError(routes=missing, status=404))
    with InProcessSandbox() as sb:
        base = sb.mount(endpoint, SPEC.sandbox_base_url)
        client = MagentoClient(base, endpoint.credentials(), RetryPolicy(sleep=lambda _: None))
        read = client.read_store()
    assert sorted(client.unavailable) == [
        "creditmemos",
        "inventory/source-items",
        "inventory/sources",
        "taxRates/search",
    ]
    assert [p.id for p in read.products] == [p.id for p in magento_store.products]
    for got, want in zip(read.products, magento_store.products, strict=True):
        for g, w in zip(got.variants, want.variants, strict=True):
            if w.inventory_tracked:
                assert sum(g.quantities.values()) == w.quantity  # the legacy stock item carries the total
    assert len(read.orders) == len(magento_store.orders)


def test_bodies_cut_short_are_read_again(magento_store: Store) -> None:
    endpoint = MagentoEndpoint(magento_store)
    endpoint.faults.add(MalformedBody(count=2, routes=("search_orders", "store_configs")))
    with InProcessSandbox() as sb:
        base = sb.mount(endpoint, SPEC.sandbox_base_url)
        client = SPEC.make_client(base, endpoint.credentials(), RetryPolicy(sleep=lambda _: None))
        assert client.read_store() == project(magento_store)
    assert endpoint.journal.count(fault="malformed") == 2


def test_the_client_signs_with_oauth1_or_sends_a_bearer(magento_store: Store) -> None:
    endpoint = MagentoEndpoint(magento_store, integration_bearer=False)
    with InProcessSandbox() as sb:
        base = sb.mount(endpoint, SPEC.sandbox_base_url)
        signed = MagentoClient(base, endpoint.credentials(), RetryPolicy(sleep=lambda _: None))
        assert signed.read_store() == project(magento_store)
        bearer = MagentoClient(base, {**endpoint.credentials(), "auth": "bearer"}, RetryPolicy(attempts=1))
        with pytest.raises(ApiClientError, match="HTTP 401"):
            bearer.read_store()
