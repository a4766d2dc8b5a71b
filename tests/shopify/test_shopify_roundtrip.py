"""Store -> simulated Shopify -> engine client gives back the same Store, through faults too."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shopify_stores import FAST, generated_store, small_store

from harness.model.common import replace
from harness.model.store import Store
from harness.platforms.http import LeakyBucket, MalformedBody, PageDrift, RetryPolicy, ServerError, Throttle
from harness.platforms.http.clock import FrozenClock
from harness.platforms.shopify import SPEC, ShopifyClient, ShopifyEndpoint
from harness.sandbox import InProcessSandbox, serve
from harness.sources.generated import DEMO_PATHOLOGIES
from harness.sources.strategies import stores


def read_back(endpoint: ShopifyEndpoint, page_size: int = 3, **options: object) -> Store:
    with InProcessSandbox() as sandbox:
        base = sandbox.mount(endpoint, SPEC.sandbox_base_url)
        client = ShopifyClient(base, endpoint.credentials(), FAST, page_size=page_size, **options)  # type: ignore[arg-type]
        return client.read_store()


def test_the_hand_built_awkward_store_round_trips(store: Store) -> None:
    endpoint = ShopifyEndpoint(store)
    assert read_back(endpoint) == store
    assert all(e.status == 200 for e in endpoint.journal)


def test_a_generated_store_round_trips_through_the_platform_spec() -> None:
    store = generated_store()
    endpoint = SPEC.make_endpoint(store)
    with InProcessSandbox() as sandbox:
        base = sandbox.mount(endpoint, SPEC.sandbox_base_url)
        assert SPEC.make_client(base, endpoint.credentials(), FAST).read_store() == store  # type: ignore[attr-defined]


def test_per_owner_metafields_read_the_same_store(store: Store) -> None:
    endpoint = ShopifyEndpoint(store)
    assert read_back(endpoint, metafields="per_owner") == store
    assert any("/products/1001/metafields.json" in e.path for e in endpoint.journal)


def test_basic_auth_reads_the_same_store(store: Store) -> None:
    endpoint = ShopifyEndpoint(store)
    creds = {"api_key": endpoint.api_key, "password": endpoint.password}
    with InProcessSandbox() as sandbox:
        base = sandbox.mount(endpoint, SPEC.sandbox_base_url)
        assert ShopifyClient(base, creds, FAST).read_store() == store


def test_record_order_survives_a_shuffled_store() -> None:
    store = small_store()
    shuffled = replace(store, products=list(reversed(store.products)), orders=store.orders[3:] + store.orders[:3])
    assert read_back(ShopifyEndpoint(shuffled)) == shuffled


def test_faults_at_twenty_percent_are_retried_and_journaled() -> None:
    store = generated_store()
    endpoint = ShopifyEndpoint(store, fault_seed=3)
    endpoint.faults.add(Throttle(rate=0.2, retry_after=0.001))
    endpoint.faults.add(ServerError(rate=0.2, status=502))
    endpoint.faults.add(MalformedBody(rate=0.05, routes=("list_*",)))
    assert read_back(endpoint, page_size=4) == store
    statuses = [e.status for e in endpoint.journal]
    assert statuses.count(429) > 3 and statuses.count(502) > 3
    assert endpoint.journal.count(fault="throttle") == statuses.count(429)
    assert endpoint.journal.count(fault="malformed") >= 1


def test_records_added_while_paging_are_read_once() -> None:
    store = generated_store()
    endpoint = ShopifyEndpoint(store)
    endpoint.faults.add(PageDrift(count=2, routes=("list_orders",)))
    read = read_back(endpoint, page_size=5)
    assert {o.id for o in store.orders} < {o.id for o in read.orders}
    assert len(read.orders) == len(store.orders) + 2 == len({o.id for o in read.orders})


def test_the_leaky_bucket_throttles_and_the_client_waits() -> None:
    store = generated_store()
    clock = FrozenClock()
    endpoint = ShopifyEndpoint(store, rate_limit=LeakyBucket(capacity=4, leak_per_second=2.0, clock=clock))
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        clock.advance(seconds)

    with InProcessSandbox() as sandbox:
        base = sandbox.mount(endpoint, SPEC.sandbox_base_url)
        policy = RetryPolicy(sleep=sleep, attempts=20)
        assert ShopifyClient(base, endpoint.credentials(), policy, page_size=5).read_store() == store
    throttled = [e for e in endpoint.journal if e.status == 429]
    assert throttled and waits and all(w >= 0.5 for w in waits)


def test_a_moderately_sized_store() -> None:
    store = generated_store(seed=2, products=300, customers=250, orders=900)
    assert read_back(ShopifyEndpoint(store), page_size=250) == store


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(stores(products=st.integers(0, 6), customers=st.integers(0, 5), orders=st.integers(0, 8), platform="shopify"))
def test_any_clean_store_round_trips(store: Store) -> None:
    assert read_back(ShopifyEndpoint(store)) == store


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(
    stores(
        products=st.integers(1, 12),
        customers=st.integers(1, 8),
        orders=st.integers(0, 20),
        pathologies=st.just(DEMO_PATHOLOGIES),
        platform=st.sampled_from(["shopify", "woocommerce", "opencart"]),
    )
)
def test_any_pathological_store_round_trips(store: Store) -> None:
    assert read_back(ShopifyEndpoint(store), page_size=4) == store


@pytest.mark.parametrize("page_size", [1, 250])
def test_page_sizes_at_the_bounds(store: Store, page_size: int) -> None:
    assert read_back(ShopifyEndpoint(store), page_size=page_size) == store


@pytest.mark.server
def test_the_same_read_over_a_real_socket_with_faults() -> None:
    """The moto-style switch: the in-process tests' promise holds over a local server too."""
    store = generated_store()
    endpoint = ShopifyEndpoint(store, fault_seed=9)
    endpoint.faults.add(Throttle(rate=0.2, retry_after=0.001))
    endpoint.faults.add(ServerError(rate=0.2))
    with serve(endpoint) as server:
        client = ShopifyClient(server.base_url, endpoint.credentials(), FAST, page_size=10)
        assert client.read_store() == store
    assert endpoint.journal.count(status=429) > 0 and endpoint.journal.count(status=500) > 0


def test_odd_ids_and_unlisted_locations_survive() -> None:
    store = small_store(products=4, customers=3, orders=4)
    product = store.products[1]
    odd_variant = replace(product.variants[0], id="v-odd", quantities={"back-room": -2, "7001": 1})
    odd = replace(product, id="prod-x", variants=[odd_variant])
    customers = [replace(store.customers[0], id="cust-a"), *store.customers[1:]]
    orders = [replace(store.orders[0], id="ord-1", customer_id="cust-a"), *store.orders[1:]]
    weird = replace(store, products=[store.products[0], odd, *store.products[2:]], customers=customers, orders=orders)
    assert read_back(ShopifyEndpoint(weird)) == weird
