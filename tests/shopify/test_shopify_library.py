"""The unmodified PyPI ShopifyAPI client, pointed at the simulator over a local socket.

ShopifyAPI is built on urllib (pyactiveresource), so the in-process transport
cannot reach it; the local server can (store-apis.md §1.7 "Pointing it at a
simulator").
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
import shopify
from pyactiveresource.connection import ClientError, UnauthorizedAccess
from shopify_stores import small_store

from harness.model.store import Store
from harness.platforms.http import Throttle
from harness.platforms.shopify import ShopifyEndpoint
from harness.sandbox import serve

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def shared_store() -> Store:
    return small_store()


@pytest.fixture(scope="module")
def running(shared_store: Store) -> Iterator[tuple[ShopifyEndpoint, str]]:
    """One server for the module (stopping one takes half a second); each test resets the endpoint."""
    endpoint = ShopifyEndpoint(shared_store)
    with serve(endpoint) as server:
        yield endpoint, server.base_url


@pytest.fixture
def store(shared_store: Store) -> Store:
    return shared_store


@pytest.fixture
def session(running: tuple[ShopifyEndpoint, str]) -> Iterator[ShopifyEndpoint]:
    endpoint, base = running
    endpoint.reset()
    port = urlsplit(base).port
    saved = {k: getattr(shopify.Session, k) for k in ("protocol", "myshopify_domain", "port")}
    shopify.Session.setup(protocol="http", myshopify_domain="0.0.1", port=port)
    shopify.ShopifyResource.activate_session(shopify.Session("127", "2024-10", endpoint.access_token))
    try:
        yield endpoint
    finally:
        shopify.ShopifyResource.clear_session()
        shopify.Session.setup(**saved)


def every_page(first: Any) -> list[Any]:
    page, rows = first, list(first)
    while page.has_next_page():
        page = page.next_page()
        rows.extend(page)
    return rows


def test_products_with_variants_across_pages(session: ShopifyEndpoint, store: Store) -> None:
    first = shopify.Product.find(limit=2)
    assert len(first) == 2 and first.has_next_page() and not first.has_previous_page()
    products = every_page(first)
    assert [str(p.id) for p in products] == [p.id for p in store.products]
    by_id = {p.id: p for p in store.products}
    for product in products:
        want = by_id[str(product.id)]
        assert [str(v.id) for v in product.variants] == [v.id for v in want.variants]
        assert [v.sku for v in product.variants] == [v.sku or "" for v in want.variants]
    links = [e for e in session.journal if e.route == "list_products"]
    assert len(links) == 4 and all("page_info=" in e.query for e in links[1:])


def test_previous_page_goes_back(session: ShopifyEndpoint) -> None:
    first = shopify.Product.find(limit=3)
    second = first.next_page()
    assert second.has_previous_page()
    back = shopify.Product.find(from_=second.previous_page_url)
    assert [p.id for p in back] == [p.id for p in first]


def test_customers_and_orders_across_pages(session: ShopifyEndpoint, store: Store) -> None:
    customers = every_page(shopify.Customer.find(limit=2))
    assert [str(c.id) for c in customers] == [c.id for c in store.customers]
    orders = every_page(shopify.Order.find(limit=4, status="any"))
    assert [str(o.id) for o in orders] == [o.id for o in store.orders]
    assert {o.name for o in orders} == {o.number for o in store.orders}


def test_open_orders_are_the_default(session: ShopifyEndpoint, store: Store) -> None:
    open_orders = every_page(shopify.Order.find(limit=50))
    assert {o.financial_status for o in open_orders} <= {"pending", "paid", "authorized", "voided"}
    assert shopify.Order.count() == len(open_orders) < len(store.orders)
    assert shopify.Order.count(status="any") == len(store.orders)


def test_counts_and_single_records(session: ShopifyEndpoint, store: Store) -> None:
    assert shopify.Product.count() == len(store.products)
    assert shopify.Customer.count() == len(store.customers)
    product = shopify.Product.find(store.products[0].id)
    assert product.title == store.products[0].title
    assert product.variants[0].price == "19.90"
    order = shopify.Order.find(store.orders[0].id)
    assert order.line_items[0].sku == "DUP-SKU"
    assert shopify.Location.find()[0].name == "Entrepôt Montréal"


def test_ids_filter_as_the_client_sends_it(session: ShopifyEndpoint, store: Store) -> None:
    wanted = [store.products[1].id, store.products[4].id]
    found = shopify.Product.find(ids=wanted)
    assert [str(p.id) for p in found] == wanted
    assert "ids%5B%5D=" in [e for e in session.journal if e.route == "list_products"][-1].query


def test_metafields_and_inventory(session: ShopifyEndpoint, store: Store) -> None:
    product = shopify.Product.find(store.products[1].id)
    custom = {m.key: m.value for m in product.metafields() if m.namespace == "custom"}
    assert custom == {"material": "coton"}
    item_ids = [v.inventory_item_id for v in product.variants]
    levels = shopify.InventoryLevel.find(inventory_item_ids=",".join(map(str, item_ids)))
    assert sum(level.available for level in levels) == store.products[1].variants[0].quantity
    assert shopify.InventoryItem.find(ids=item_ids[0]).__len__() == 1


def test_bad_token_is_unauthorized(running: tuple[ShopifyEndpoint, str]) -> None:
    _, base = running
    port = urlsplit(base).port
    shopify.ShopifyResource.set_site(f"http://127.0.0.1:{port}/admin/api/2024-10")
    shopify.ShopifyResource.set_headers({"X-Shopify-Access-Token": "wrong"})
    try:
        with pytest.raises(UnauthorizedAccess):
            shopify.Shop.current()
    finally:
        shopify.ShopifyResource.clear_session()


def test_throttled_client_sees_a_client_error(session: ShopifyEndpoint) -> None:
    session.faults.add(Throttle(count=1, retry_after=2.0))
    with pytest.raises(ClientError) as caught:
        shopify.Product.find(limit=1)
    assert caught.value.response.code == 429
    assert caught.value.response.headers["Retry-After"] == "2.0"


def test_search_nested_resources_and_writes(session: ShopifyEndpoint, store: Store) -> None:
    customer = store.customers[0]
    assert customer.email is not None
    found = shopify.Customer.search(query=f"email:{customer.email}")
    assert [str(c.id) for c in found] == [customer.id]
    owner = shopify.Customer.find(store.customers[1].id)
    assert {str(o.customer.id) for o in owner.orders()} <= {store.customers[1].id}
    split = next(o for o in store.orders if len(o.payments) == 2)
    gateways = [t.gateway for t in shopify.Order.find(split.id).transactions()]
    assert gateways == [p.gateway for p in split.payments]
    refunded = next(o for o in store.orders if o.refunds)
    assert [str(r.id) for r in shopify.Refund.find(order_id=refunded.id)] == [r.id for r in refunded.refunds]

    product = shopify.Product.find(store.products[0].id)
    before = product.metafields_count()
    product.add_metafield(
        shopify.Metafield({"namespace": "custom", "key": "fit", "value": "slim", "type": "single_line_text_field"})
    )
    assert product.metafields_count() == before + 1
    variant = product.variants[0]
    level = shopify.InventoryLevel.set(int(store.locations[0].id), variant.inventory_item_id, 42)
    assert level.available == 42
    created = shopify.Product({"title": "Brand new", "variants": [{"sku": "BN-1", "price": "3.00"}]})
    assert created.save() and created.id
    assert shopify.Product.count() == len(store.products) + 1
    rejected = shopify.Product({"title": ""})
    assert not rejected.save() and rejected.errors.full_messages() == ["title can't be blank"]
