"""The simulated Shopify endpoint's protocol rules, read with plain requests (store-apis.md §1)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
import requests

from harness.model.store import Store
from harness.platforms.shopify import SPEC, ShopifyEndpoint
from harness.sandbox import InProcessSandbox

API = f"{SPEC.sandbox_base_url}/admin/api/2024-10"


@pytest.fixture
def http(endpoint: ShopifyEndpoint) -> Iterator[requests.Session]:
    with InProcessSandbox() as sandbox:
        sandbox.mount(endpoint, SPEC.sandbox_base_url)
        session = requests.Session()
        session.headers["X-Shopify-Access-Token"] = endpoint.access_token
        yield session


def test_unknown_versions_are_served_by_the_oldest(http: requests.Session) -> None:
    response = http.get(f"{SPEC.sandbox_base_url}/admin/api/2019-04/shop.json")
    assert response.status_code == 200 and response.headers["X-Shopify-API-Version"] == "2024-01"
    assert http.get(f"{API}/shop.json").headers["X-Shopify-API-Version"] == "2024-10"
    assert http.get(f"{SPEC.sandbox_base_url}/admin/shop.json").headers["X-Shopify-API-Version"] == "2024-01"
    assert http.get(f"{API}/shop.json").headers["X-Shopify-Shop-Api-Call-Limit"].endswith("/40")


def test_a_cursor_request_takes_only_limit_and_fields(http: requests.Session) -> None:
    first = http.get(f"{API}/orders.json", params={"limit": 2, "status": "any"})
    next_url = first.links["next"]["url"]
    assert next_url.startswith(f"{API}/orders.json?limit=2&page_info=")
    assert http.get(next_url).status_code == 200
    refused = http.get(next_url + "&status=any")
    assert refused.status_code == 400
    assert refused.json() == {
        "errors": {
            "status": "status cannot be passed when page_info is present. See "
            "https://shopify.dev/api/usage/pagination-rest for more information."
        }
    }
    mangled = http.get(f"{API}/orders.json", params={"page_info": "not-a-cursor"})
    assert mangled.status_code == 400 and mangled.json() == {"errors": {"page_info": "Invalid value."}}
    other = http.get(f"{API}/products.json", params={"page_info": next_url.split("page_info=")[1]})
    assert other.status_code == 400, "a cursor from another resource is not accepted"


def test_link_headers_have_the_exact_shape_clients_split_on(http: requests.Session) -> None:
    first = http.get(f"{API}/products.json", params={"limit": 2})
    second = http.get(first.links["next"]["url"])
    header = second.headers["Link"]
    prev_part, next_part = header.split(", ")
    assert prev_part.startswith("<https://") and prev_part.endswith('>; rel="previous"')
    assert next_part.endswith('>; rel="next"')


def test_filters_since_id_fields_and_limits(http: requests.Session, store: Store) -> None:
    products = store.products
    after = http.get(f"{API}/products.json", params={"since_id": products[2].id}).json()["products"]
    assert [str(p["id"]) for p in after] == [p.id for p in products[3:]]
    slim = http.get(f"{API}/products.json", params={"fields": "id,title", "limit": 1}).json()["products"]
    assert slim == [{"id": int(products[0].id), "title": products[0].title}]
    cutoff = products[3].created_at
    assert cutoff is not None
    newer = http.get(f"{API}/products.json", params={"created_at_min": (cutoff - timedelta(seconds=1)).isoformat()})
    assert [str(p["id"]) for p in newer.json()["products"]] == [p.id for p in products[3:]]
    counted = http.get(f"{API}/products/count.json", params={"created_at_min": cutoff.isoformat()}).json()
    assert counted == {"count": len(products) - 3}
    capped = http.get(f"{API}/orders.json", params={"limit": 1000, "status": "any"}).json()["orders"]
    assert len(capped) == len(store.orders)
    both = http.get(f"{API}/products.json?ids[]={products[0].id}&ids[]={products[4].id}").json()["products"]
    assert [str(p["id"]) for p in both] == [products[0].id, products[4].id]
    assert http.get(f"{API}/products.json", params={"ids": products[1].id}).json()["products"][0]["title"] == (
        products[1].title
    )


def test_errors_as_shopify_writes_them(http: requests.Session) -> None:
    missing = http.get(f"{API}/products/1.json")
    assert missing.status_code == 404 and missing.json() == {"errors": "Not Found"}
    denied = requests.get(f"{API}/shop.json", headers={"X-Shopify-Access-Token": "nope"}, timeout=5)
    assert denied.status_code == 401
    assert denied.json() == {"errors": "[API] Invalid API key or access token (unrecognized login or wrong password)"}
    blank = http.post(f"{API}/products.json", json={"product": {"title": ""}})
    assert blank.status_code == 422 and blank.json() == {"errors": {"title": ["can't be blank"]}}
    no_root = http.post(f"{API}/products.json", json={"title": "x"})
    assert no_root.status_code == 400
    assert no_root.json() == {"errors": {"product": "Required parameter missing or invalid"}}


def test_writes_create_products_and_move_stock(http: requests.Session, store: Store) -> None:
    created = http.post(f"{API}/products.json", json={"product": {"title": "New", "variants": [{"sku": "N-1"}]}})
    assert created.status_code == 201
    product = created.json()["product"]
    assert http.get(f"{API}/products/{product['id']}.json").json()["product"]["variants"][0]["sku"] == "N-1"
    variant = http.get(f"{API}/products/{store.products[1].id}.json").json()["product"]["variants"][0]
    location = store.locations[0].id
    body = {"inventory_item_id": variant["inventory_item_id"], "location_id": int(location), "available_adjustment": -3}
    adjusted = http.post(f"{API}/inventory_levels/adjust.json", json=body)
    assert adjusted.status_code == 200
    assert adjusted.json()["inventory_level"]["available"] == store.products[1].variants[0].quantities[location] - 3
    again = http.get(f"{API}/products/{store.products[1].id}.json").json()["product"]["variants"][0]
    assert again["inventory_quantity"] == variant["inventory_quantity"] - 3


def test_order_sub_resources(http: requests.Session, store: Store) -> None:
    refunded = next(o for o in store.orders if o.refunds)
    refunds = http.get(f"{API}/orders/{refunded.id}/refunds.json").json()["refunds"]
    assert [r["id"] for r in refunds] == [int(r.id) for r in refunded.refunds]
    paid_twice = next(o for o in store.orders if len(o.payments) == 2)
    transactions = http.get(f"{API}/orders/{paid_twice.id}/transactions.json").json()["transactions"]
    assert [t["gateway"] for t in transactions] == ["shopify_payments", "gift_card"]
    customer_orders = http.get(f"{API}/customers/{store.customers[1].id}/orders.json", params={"status": "any"})
    assert {o["customer"]["id"] for o in customer_orders.json()["orders"]} == {int(store.customers[1].id)}


def test_previous_pages_stop_at_since_id(http: requests.Session, store: Store) -> None:
    ids = [int(p.id) for p in store.products]
    first = http.get(f"{API}/products.json", params={"limit": 2, "since_id": ids[1]})
    assert [p["id"] for p in first.json()["products"]] == ids[2:4]
    second = http.get(first.links["next"]["url"])
    back = http.get(second.links["previous"]["url"])
    assert [p["id"] for p in back.json()["products"]] == ids[2:4]
    assert "previous" not in back.links or http.get(back.links["previous"]["url"]).json()["products"] == []


def test_formats_other_than_json_are_not_acceptable(http: requests.Session) -> None:
    assert http.get(f"{API}/products.xml").status_code == 406
    assert http.get(f"{API}/gadgets.json").json() == {"errors": "Not Found"}


def test_variant_updates_ignore_the_read_only_quantity(http: requests.Session, store: Store) -> None:
    variant = store.products[1].variants[0]
    body = {"variant": {"id": int(variant.id), "sku": "RENAMED", "price": "1.23", "inventory_quantity": 999}}
    updated = http.put(f"{API}/variants/{variant.id}.json", json=body).json()["variant"]
    assert (updated["sku"], updated["price"], updated["inventory_quantity"]) == ("RENAMED", "1.23", variant.quantity)
    item = http.get(f"{API}/inventory_items/{updated['inventory_item_id']}.json").json()["inventory_item"]
    assert item["sku"] == "RENAMED"
    listed = http.get(f"{API}/products/{store.products[1].id}.json").json()["product"]["variants"][0]
    assert listed["sku"] == "RENAMED"
