"""The unmodified PyPI ``bigcommerce`` package lists products and orders from our endpoint.

store-apis.md §7.7: point it at 127.0.0.1 with ``BC_API_ENDPOINT`` and make the
connection build ``http://`` URLs; in-process, the same package reaches the
endpoint over https through ``responses`` with only ``BC_API_ENDPOINT`` set.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import bigcommerce
import pytest
from bc_stores import hand_built_store
from bigcommerce.connection import OAuthConnection

from harness.platforms.bigcommerce import BigCommerceEndpoint
from harness.sandbox import InProcessSandbox, LocalServer, serve

ORDERS = 260  # more than one page of iterall()'s limit=250
PRODUCTS = 255


@pytest.fixture(scope="module")
def endpoint() -> BigCommerceEndpoint:
    return BigCommerceEndpoint(hand_built_store("bigcommerce", products=PRODUCTS, orders=ORDERS))


@pytest.fixture(scope="module")
def server(endpoint: BigCommerceEndpoint) -> Iterator[LocalServer]:
    with serve(endpoint) as running:
        yield running


@pytest.fixture(params=["server", "inprocess"])
def api(
    request: pytest.FixtureRequest, endpoint: BigCommerceEndpoint, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Any]:
    endpoint.reset()
    creds = endpoint.credentials()
    if request.param == "server":
        port = request.getfixturevalue("server").port
        monkeypatch.setenv("BC_API_ENDPOINT", f"127.0.0.1:{port}")
        client = bigcommerce.api.BigcommerceApi(
            client_id=creds["client_id"], store_hash=creds["store_hash"], access_token=creds["access_token"]
        )
        conn = client.connection
        conn.full_path = lambda url: "http://" + conn.host + conn.api_path.format(conn.store_hash, url)
        yield client
    else:
        with InProcessSandbox() as sandbox:
            sandbox.mount(endpoint, "https://api.bigcommerce.sandbox.test")
            monkeypatch.setenv("BC_API_ENDPOINT", "api.bigcommerce.sandbox.test")
            yield bigcommerce.api.BigcommerceApi(
                client_id=creds["client_id"], store_hash=creds["store_hash"], access_token=creds["access_token"]
            )


def test_iterall_lists_every_order_across_pages_and_stops_on_204(api: Any, endpoint: BigCommerceEndpoint) -> None:
    orders = list(api.Orders.iterall())
    assert len(orders) == ORDERS
    assert [o.id for o in orders] == [int(o.order["id"]) for o in endpoint.catalogue.orders]
    pages = [(e.query, e.status) for e in endpoint.journal if e.route == "list_orders"]
    assert pages == [("page=1&limit=250", 200), ("page=2&limit=250", 200), ("page=3&limit=250", 204)]


def test_order_sub_resources_and_v2_formats(api: Any) -> None:
    order = api.Orders.get(201)
    assert order.total_inc_tax == "57.3100" and order.date_created.endswith("+0000")
    lines = order.products()
    assert [line.sku for line in lines] == ["SKU-0-M", "MUG-1"]
    assert {t.name for t in order.taxes()} == {"GST", "QST"}
    empty = order.coupons()  # an order without coupons answers 204; the library makes an empty object of it
    assert not isinstance(empty, list) and not [k for k in empty if not k.startswith("_")]
    assert api.Orders.count() == ORDERS


def test_v3_products_across_pages_through_the_library_connection(api: Any, endpoint: BigCommerceEndpoint) -> None:
    conn = api.connection
    v3 = OAuthConnection(conn.client_id, conn.store_hash, "unused", host=conn.host, api_path="/stores/{}/v3/{}")
    v3._session.headers.update(conn._session.headers)
    v3.full_path = lambda url: conn.full_path(url).replace("/v2/", "/v3/", 1)
    products: list[dict[str, Any]] = []
    page = 1
    while True:
        body = v3.get(
            "catalog/products", include="variants", limit=5, page=page, **{"id:in": ",".join(map(str, range(100, 112)))}
        )
        products.extend(body["data"])
        if page >= body["meta"]["pagination"]["total_pages"]:
            break
        page += 1
    assert page == 3 and len(products) == 12  # limit 5: three pages
    assert all(p["variants"] for p in products)  # every product has at least its base variant
    assert v3.rate_limit["requests_quota"] == 150 and isinstance(v3.rate_limit["ms_until_reset"], int)


def test_rate_limit_headers_are_read_as_integers(api: Any) -> None:
    api.Orders.all(limit=1)
    limits = api.connection.rate_limit
    assert set(limits) == {"ms_until_reset", "window_size_ms", "requests_remaining", "requests_quota"}
    assert all(isinstance(v, int) for v in limits.values())


def test_iterall_lists_every_product_through_the_legacy_v2_api(api: Any, endpoint: BigCommerceEndpoint) -> None:
    products = list(api.Products.iterall())
    assert len(products) == PRODUCTS
    assert [p.sku for p in products] == [p["sku"] for p in endpoint.catalogue.products]
    assert products[0].price.count(".") == 1 and len(products[0].price.split(".")[1]) == 4
    with_options = next(p for p in products if p.inventory_tracking == "sku")
    skus = with_options.skus()
    assert skus and all(s.product_id == with_options.id and s.options for s in skus)
    assert api.Products.count() == PRODUCTS
