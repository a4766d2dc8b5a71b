"""Store -> simulated WooCommerce -> engine client gives back the same Store, through faults too."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from woo_stores import FAST, generated_store

from harness.model.common import replace
from harness.model.store import Store
from harness.platforms.http import Latency, MalformedBody, PageDrift, ServerError, Throttle
from harness.platforms.woocommerce import SPEC, WooClient, WooEndpoint
from harness.sandbox import InProcessSandbox, serve
from harness.sources.generated import DEMO_PATHOLOGIES
from harness.sources.strategies import stores


def read_back(endpoint: WooEndpoint, base_url: str = SPEC.sandbox_base_url, **options: object) -> Store:
    with InProcessSandbox() as sandbox:
        base = sandbox.mount(endpoint, base_url)
        client = WooClient(base, endpoint.credentials(), FAST, **options)  # type: ignore[arg-type]
        return client.read_store()


def test_read_store_gives_back_the_loaded_store(store: Store) -> None:
    endpoint = WooEndpoint(store)
    assert read_back(endpoint, per_page=7) == store
    assert all(e.status == 200 for e in endpoint.journal)


def test_oauth_and_query_keys_read_the_same_store(store: Store) -> None:
    endpoint = WooEndpoint(store)
    assert read_back(endpoint, "http://sandbox-woo.example.com") == store
    assert all("oauth_signature=" in e.query for e in endpoint.journal if e.route != "site_index")
    assert read_back(WooEndpoint(store), auth="query") == store


def test_site_offset_changes_local_dates_not_instants(store: Store) -> None:
    endpoint = WooEndpoint(store, site_offset_hours=-5)
    order = endpoint.orders.records[endpoint.orders.ids.max()]
    assert order["date_created"] != order["date_created_gmt"] and not order["date_created"].endswith("Z")
    assert read_back(endpoint) == store


def test_faults_at_twenty_percent_are_retried_and_journaled(store: Store) -> None:
    endpoint = WooEndpoint(store, fault_seed=5)
    endpoint.faults.add(Throttle(rate=0.2, retry_after=0.001))
    endpoint.faults.add(ServerError(rate=0.2, status=503))
    endpoint.faults.add(MalformedBody(rate=0.05, routes=("list_*",)))
    assert read_back(endpoint, per_page=5) == store
    statuses = [e.status for e in endpoint.journal]
    assert statuses.count(429) > 3 and statuses.count(503) > 3
    assert endpoint.journal.count(fault="malformed") >= 1
    assert endpoint.journal.count(fault="throttle") == statuses.count(429)


def test_faults_scoped_to_one_route(store: Store) -> None:
    endpoint = WooEndpoint(store)
    endpoint.faults.add(ServerError(count=3, routes=("list_orders",)))
    endpoint.faults.add(Latency(seconds=0.0, routes=("list_products",)))
    assert read_back(endpoint) == store
    failed = [e.route for e in endpoint.journal if e.status >= 500]
    assert failed == ["list_orders"] * 3


def test_records_added_while_paging_are_read_once(store: Store) -> None:
    endpoint = WooEndpoint(store)
    endpoint.faults.add(PageDrift(count=2, routes=("list_orders",)))
    read = read_back(endpoint, per_page=5)
    assert {o.id for o in store.orders} < {o.id for o in read.orders}
    assert len(read.orders) == len(store.orders) + 2
    assert len({o.id for o in read.orders}) == len(read.orders)


def test_a_moderately_sized_store() -> None:
    store = generated_store(seed=2, products=300, customers=250, orders=900)
    assert read_back(WooEndpoint(store)) == store


def test_reset_restores_the_loaded_store(store: Store) -> None:
    endpoint = WooEndpoint(store)
    endpoint.faults.add(PageDrift(count=1, routes=("list_products",)))
    read_back(endpoint)
    endpoint.reset()
    assert len(endpoint.journal) == 0 and not endpoint.faults
    assert read_back(endpoint) == store


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(
    stores(products=st.integers(0, 6), customers=st.integers(0, 5), orders=st.integers(0, 8), platform="woocommerce")
)
def test_any_clean_store_round_trips(store: Store) -> None:
    assert read_back(WooEndpoint(store), per_page=3) == store


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(
    stores(
        products=st.integers(1, 12),
        customers=st.integers(1, 8),
        orders=st.integers(0, 20),
        pathologies=st.just(DEMO_PATHOLOGIES),
        platform=st.sampled_from(["woocommerce", "shopify", "magento"]),
    )
)
def test_any_pathological_store_round_trips(store: Store) -> None:
    assert read_back(WooEndpoint(store), per_page=4) == store


@pytest.mark.parametrize("per_page", [1, 100])
def test_page_sizes_at_the_bounds(store: Store, per_page: int) -> None:
    assert read_back(WooEndpoint(store), per_page=per_page) == store


@pytest.mark.server
def test_the_same_read_over_a_real_socket_with_oauth_and_faults(store: Store) -> None:
    """The moto-style switch: over a local plain-HTTP server the client signs every request (OAuth 1.0a)."""
    endpoint = WooEndpoint(store, fault_seed=9)
    endpoint.faults.add(Throttle(rate=0.2, retry_after=0.001))
    endpoint.faults.add(ServerError(rate=0.2))
    with serve(endpoint) as server:
        assert WooClient(server.base_url, endpoint.credentials(), FAST, per_page=10).read_store() == store
    assert endpoint.journal.count(status=429) > 0 and endpoint.journal.count(status=500) > 0
    assert all("oauth_signature=" in e.query for e in endpoint.journal if e.route not in (None, "site_index"))


def test_odd_ids_and_second_locations_survive(store: Store) -> None:
    product = next(p for p in store.products if len(p.variants) > 1)
    variant = replace(product.variants[0], id="v-odd", quantities={"1": 3, "elsewhere": -4})
    odd = replace(product, id="prod-x", variants=[variant, *product.variants[1:]])
    customers = [replace(store.customers[0], id="cust-a"), *store.customers[1:]]
    orders = [replace(store.orders[0], id="ord-1", customer_id="cust-a", number="A-1"), *store.orders[1:]]
    products = [odd if p is product else p for p in store.products]
    weird = replace(store, products=products, customers=customers, orders=orders)
    assert read_back(WooEndpoint(weird)) == weird
