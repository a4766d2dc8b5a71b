"""The unmodified PyPI ``woocommerce`` client against the simulator.

Over plain HTTP (a local server) it signs every request with one-legged OAuth
1.0a and sends each parameter twice; over HTTPS (the in-process sandbox) it
uses Basic auth or query keys (store-apis.md §2.1, §2.7).
"""

from __future__ import annotations

from typing import Any

import pytest
from woocommerce import API

from harness.model.store import Store
from harness.platforms.woocommerce import WooEndpoint


def every_page(api: API, endpoint: str, per_page: int, **params: Any) -> tuple[list[Any], int, int]:
    """All rows page by page, and what the first page said about the totals."""
    first = api.get(endpoint, params={**params, "per_page": per_page, "page": 1})
    assert first.status_code == 200, first.text
    total, pages = int(first.headers["X-WP-Total"]), int(first.headers["X-WP-TotalPages"])
    rows = list(first.json())
    for page in range(2, pages + 1):
        response = api.get(endpoint, params={**params, "per_page": per_page, "page": page})
        assert response.status_code == 200, response.text
        rows.extend(response.json())
    return rows, total, pages


def oauth_api(base: str, endpoint: WooEndpoint) -> API:
    return API(url=base, consumer_key=endpoint.consumer_key, consumer_secret=endpoint.consumer_secret, timeout=10)


@pytest.mark.server
def test_oauth_over_http_lists_everything_across_pages(server: tuple[WooEndpoint, str], shared_store: Store) -> None:
    endpoint, base = server
    api = oauth_api(base, endpoint)
    products, total, pages = every_page(api, "products", 5)
    assert total == len(products) == len(shared_store.products) and pages == -(-total // 5)
    assert len({p["id"] for p in products}) == total
    variable = next(p for p in products if p["type"] == "variable")
    variations, v_total, _ = every_page(api, f"products/{variable['id']}/variations", 2)
    assert v_total == len(variations) == len(variable["variations"])
    customers, c_total, _ = every_page(api, "customers", 4, role="all")
    assert c_total == len(customers) == len(shared_store.customers)
    orders, o_total, o_pages = every_page(api, "orders", 7)
    assert o_total == len(orders) == len(shared_store.orders) and o_pages == -(-o_total // 7)
    assert any(o["customer_id"] == 0 for o in orders), "guest orders carry customer_id 0"
    signed = [e for e in endpoint.journal if e.route == "list_orders"]
    assert all("oauth_signature=" in e.query and e.query.count("per_page=7") == 2 for e in signed)


@pytest.mark.server
def test_oauth_rejects_a_wrong_secret_and_ignores_basic_over_http(server: tuple[WooEndpoint, str]) -> None:
    endpoint, base = server
    wrong = API(url=base, consumer_key=endpoint.consumer_key, consumer_secret="cs_wrong", timeout=10)
    response = wrong.get("products")
    assert response.status_code == 401
    assert response.json()["message"] == "Invalid signature - provided signature does not match."
    import requests

    basic = requests.get(
        f"{base}/wp-json/wc/v3/products", auth=(endpoint.consumer_key, endpoint.consumer_secret), timeout=10
    )
    assert basic.status_code == 401 and basic.json()["code"] == "woocommerce_rest_cannot_view"


@pytest.mark.server
def test_a_replayed_nonce_is_refused(server: tuple[WooEndpoint, str]) -> None:
    import requests

    endpoint, base = server
    api = oauth_api(base, endpoint)
    first = api.get("taxes")
    assert first.status_code == 200
    replay = requests.get(first.url, timeout=10)
    assert replay.status_code == 401 and "nonce" in replay.json()["message"]


def test_basic_auth_over_https_lists_everything(inprocess: tuple[WooEndpoint, str], store: Store) -> None:
    endpoint, base = inprocess
    api = API(url=base, consumer_key=endpoint.consumer_key, consumer_secret=endpoint.consumer_secret)
    products, total, _ = every_page(api, "products", 10)
    assert total == len(products) == len(store.products)
    orders, o_total, _ = every_page(api, "orders", 100)
    assert o_total == len(orders) == len(store.orders)
    link = api.get("orders", params={"per_page": 10, "page": 2}).headers["Link"]
    assert 'rel="prev"' in link and 'rel="next"' in link and link.startswith(f"<{base}/wp-json/wc/v3/orders?")


def test_query_string_keys_over_https(inprocess: tuple[WooEndpoint, str]) -> None:
    endpoint, base = inprocess
    api = API(
        url=base, consumer_key=endpoint.consumer_key, consumer_secret=endpoint.consumer_secret, query_string_auth=True
    )
    assert api.get("customers", params={"role": "all"}).status_code == 200
    assert "consumer_key=" in endpoint.journal.entries()[-1].query
    bad = API(url=base, consumer_key="ck_nope", consumer_secret="cs_nope")
    response = bad.get("customers")
    assert response.status_code == 401 and response.json()["message"] == "Consumer key is invalid."
    assert "WWW-Authenticate" in response.headers


def test_page_size_is_capped_and_past_the_end_is_empty(inprocess: tuple[WooEndpoint, str]) -> None:
    endpoint, base = inprocess
    api = API(url=base, consumer_key=endpoint.consumer_key, consumer_secret=endpoint.consumer_secret)
    too_big = api.get("products", params={"per_page": 101})
    assert too_big.status_code == 400
    body = too_big.json()
    assert body["code"] == "rest_invalid_param"
    assert body["data"]["params"]["per_page"] == "per_page must be between 1 (inclusive) and 100 (inclusive)"
    assert api.get("products", params={"page": 99}).json() == []
    assert api.get("nothing/here").json()["code"] == "rest_no_route"


def test_sku_and_search_filters(inprocess: tuple[WooEndpoint, str], store: Store) -> None:
    endpoint, base = inprocess
    api = API(url=base, consumer_key=endpoint.consumer_key, consumer_secret=endpoint.consumer_secret)
    simple = next(p for p in store.products if len(p.variants) == 1 and not p.options and p.variants[0].sku)
    sku = simple.variants[0].sku
    found = api.get("products", params={"sku": sku}).json()
    assert [p["sku"] for p in found] and all(p["sku"] == sku for p in found)
    word = simple.title.split()[0]
    matches = api.get("products", params={"search": word.lower(), "per_page": 100}).json()
    assert simple.id in {str(p["id"]) for p in matches}


def test_writes_enforce_unique_skus_while_recorded_duplicates_are_served(
    inprocess: tuple[WooEndpoint, str], store: Store
) -> None:
    endpoint, base = inprocess
    api = API(url=base, consumer_key=endpoint.consumer_key, consumer_secret=endpoint.consumer_secret)
    counts: dict[str, int] = {}
    for product in store.products:
        for variant in product.variants:
            if variant.sku:
                counts[variant.sku] = counts.get(variant.sku, 0) + 1
    taken = next(iter(counts))
    refused = api.post("products", {"name": "Copy", "type": "simple", "sku": taken, "regular_price": "1.00"})
    assert refused.status_code == 400
    assert refused.json()["code"] == "product_invalid_sku"
    assert refused.json()["data"]["unique_sku"] == f"{taken}-1"
    created = api.post("products", {"name": "Fresh", "type": "simple", "sku": "FRESH-1", "regular_price": "1.00"})
    assert created.status_code == 201
    again = api.put(f"products/{created.json()['id']}", {"sku": "FRESH-1", "regular_price": "2.00"})
    assert again.status_code == 200 and again.json()["regular_price"] == "2.00"
    duplicated = [sku for sku, n in counts.items() if n > 1]
    if duplicated:
        listed = api.get("products", params={"sku": duplicated[0], "per_page": 100}).json()
        variations = sum(
            1 for p in store.products if len(p.variants) > 1 or p.options for v in p.variants if v.sku == duplicated[0]
        )
        assert len(listed) + variations >= 2
    batch = api.post("products/batch", {"create": [{"name": "A", "sku": "FRESH-1"}, {"name": "B", "sku": "NEW-2"}]})
    created_rows = batch.json()["create"]
    assert created_rows[0]["error"]["code"] == "product_invalid_sku" and created_rows[1]["sku"] == "NEW-2"


def test_read_only_keys_cannot_write(store: Store) -> None:
    from harness.sandbox import InProcessSandbox

    endpoint = WooEndpoint(store, permissions="read")
    with InProcessSandbox() as sandbox:
        base = sandbox.mount(endpoint, "https://readonly-woo.example.com")
        api = API(url=base, consumer_key=endpoint.consumer_key, consumer_secret=endpoint.consumer_secret)
        assert api.get("products").status_code == 200
        response = api.post("products", {"name": "x"})
        assert response.status_code == 401 and "write permissions" in response.json()["message"]


def test_an_order_landing_mid_read_shifts_newest_first_pages(inprocess: tuple[WooEndpoint, str]) -> None:
    """Why the engine reads orderby=id: with Woo's default (newest first) a new order pushes one onto the next page."""
    from harness.platforms.http import PageDrift

    endpoint, base = inprocess
    api = API(url=base, consumer_key=endpoint.consumer_key, consumer_secret=endpoint.consumer_secret)
    first = [o["id"] for o in api.get("orders", params={"per_page": 5, "page": 1}).json()]
    endpoint.faults.add(PageDrift(count=1, routes=("list_orders",)))
    second = [o["id"] for o in api.get("orders", params={"per_page": 5, "page": 2}).json()]
    assert second[0] == first[-1], "the last order of page 1 is served again"
    assert endpoint.journal.entries()[-1].fault == "page_drift"


def test_stock_writes_update_the_stock_status(inprocess: tuple[WooEndpoint, str], store: Store) -> None:
    endpoint, base = inprocess
    api = API(url=base, consumer_key=endpoint.consumer_key, consumer_secret=endpoint.consumer_secret)
    variable = next(p for p in api.get("products", params={"per_page": 100, "type": "variable"}).json())
    vid = variable["variations"][0]
    updated = api.put(f"products/{variable['id']}/variations/{vid}", {"manage_stock": True, "stock_quantity": 0})
    assert updated.status_code == 200 and updated.json()["stock_status"] == "outofstock"
    listed = api.get(f"products/{variable['id']}/variations", params={"per_page": 100}).json()
    assert next(v for v in listed if v["id"] == vid)["stock_quantity"] == 0
