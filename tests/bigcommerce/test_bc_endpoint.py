"""The simulated BigCommerce API behaves as store-apis.md §5 describes, over both transports."""

from __future__ import annotations

from email.utils import parsedate_to_datetime

import pytest
import requests
from bc_stores import hand_built_store

from harness.platforms.bigcommerce import BigCommerceEndpoint
from harness.platforms.http import ApiSession, FrozenClock, RetryPolicy, Throttle
from harness.sandbox import InProcessSandbox

RATE_HEADERS = (
    "X-Rate-Limit-Requests-Left",
    "X-Rate-Limit-Requests-Quota",
    "X-Rate-Limit-Time-Reset-Ms",
    "X-Rate-Limit-Time-Window-Ms",
)


def session(endpoint: BigCommerceEndpoint, base: str, **policy: object) -> ApiSession:
    creds = endpoint.credentials()
    return ApiSession(
        f"{base}/stores/{creds['store_hash']}",
        headers={"X-Auth-Token": creds["access_token"], "Accept": "application/json"},
        policy=RetryPolicy(sleep=lambda _: None, **policy),  # type: ignore[arg-type]
    )


def test_v3_pagination_meta_has_relative_query_string_links(served: tuple[BigCommerceEndpoint, str]) -> None:
    endpoint, base = served
    s = session(endpoint, base)
    total = len(endpoint.catalogue.products)
    body = s.get("v3/catalog/products", {"limit": 2, "page": 2}).json()
    pagination = body["meta"]["pagination"]
    assert pagination["total"] == total and pagination["count"] == 2 and pagination["current_page"] == 2
    assert pagination["links"] == {
        "previous": "?page=1&limit=2",
        "current": "?page=2&limit=2",
        "next": "?page=3&limit=2",
    }
    assert "variants" not in body["data"][0]
    with_variants = s.get("v3/catalog/products", {"limit": 1, "include": "variants"}).json()["data"][0]
    assert with_variants["variants"] and isinstance(with_variants["price"], float)


def test_v2_answers_204_past_the_last_page(served: tuple[BigCommerceEndpoint, str]) -> None:
    endpoint, base = served
    s = session(endpoint, base)
    n = len(endpoint.catalogue.orders)
    last = s.get("v2/orders", {"limit": 250, "page": -(-n // 250)})
    assert last.status_code == 200 and isinstance(last.json(), list)
    past = s.get("v2/orders", {"limit": 250, "page": -(-n // 250) + 1})
    assert past.status_code == 204 and past.content == b""


def test_v2_money_is_four_decimal_strings_and_dates_rfc_2822(served: tuple[BigCommerceEndpoint, str]) -> None:
    endpoint, base = served
    order = session(endpoint, base).get("v2/orders", {"limit": 1}).json()[0]
    assert isinstance(order["total_inc_tax"], str) and len(order["total_inc_tax"].split(".")[1]) == 4
    assert parsedate_to_datetime(order["date_created"]).utcoffset() is not None
    assert order["date_created"].endswith("+0000")
    assert order["products"]["url"].startswith(base)  # absolute, from the request's own host (§7.1)
    assert order["products"]["resource"] == f"/orders/{order['id']}/products"


def test_every_response_carries_the_four_rate_limit_headers(served: tuple[BigCommerceEndpoint, str]) -> None:
    endpoint, base = served
    good = session(endpoint, base).get("v3/customers")
    bad = requests.get(f"{base}/stores/sandbox/v3/customers", timeout=5)
    for response in (good, bad):
        assert all(response.headers[h].isdigit() for h in RATE_HEADERS), response.headers


def test_auth_errors_in_each_api_versions_shape(served: tuple[BigCommerceEndpoint, str]) -> None:
    _, base = served
    v3 = requests.get(f"{base}/stores/sandbox/v3/catalog/products", headers={"X-Auth-Token": "wrong"}, timeout=5)
    assert v3.status_code == 401 and set(v3.json()) == {"status", "title", "type", "errors"}
    v2 = requests.get(f"{base}/stores/sandbox/v2/orders", timeout=5)
    assert v2.status_code == 401 and v2.json()[0]["status"] == 401 and "message" in v2.json()[0]
    other = requests.get(f"{base}/stores/nope/v2/orders", headers={"X-Auth-Token": "bc-sandbox-token"}, timeout=5)
    assert other.status_code == 404


def test_throttle_is_a_429_with_reset_ms_and_the_client_waits_it_out(served: tuple[BigCommerceEndpoint, str]) -> None:
    endpoint, base = served
    endpoint.faults.add(Throttle(count=2, retry_after=1.5))
    raw = session(endpoint, base, attempts=1)
    with pytest.raises(Exception, match="still HTTP 429"):
        raw.get("v3/catalog/products")
    waits: list[float] = []
    creds = endpoint.credentials()
    retrying = ApiSession(
        f"{base}/stores/{creds['store_hash']}",
        headers={"X-Auth-Token": creds["access_token"]},
        policy=RetryPolicy(sleep=waits.append),
    )
    assert retrying.get("v3/catalog/products").status_code == 200
    throttled = [e for e in endpoint.journal if e.status == 429]
    assert len(throttled) == 2 and waits == [2.0]  # X-Retry-After, in whole seconds


def test_throttle_headers() -> None:
    endpoint = BigCommerceEndpoint(hand_built_store("bigcommerce"))
    endpoint.faults.add(Throttle(count=1, retry_after=2.5))
    with InProcessSandbox() as sb:
        base = sb.mount(endpoint, "https://api.bigcommerce.sandbox.test")
        response = session(endpoint, base, attempts=1).session.get(f"{base}/stores/sandbox/v2/orders", timeout=5)
    assert response.status_code == 429
    assert response.headers["X-Rate-Limit-Time-Reset-Ms"] == "2500" and response.headers["X-Retry-After"] == "3"
    assert response.headers["X-Rate-Limit-Requests-Left"] == "0"
    assert response.json()[0]["status"] == 429


def test_enforced_quota_counts_down_and_resets_with_the_window() -> None:
    clock = FrozenClock()
    endpoint = BigCommerceEndpoint(hand_built_store("bigcommerce"), quota=3, enforce_rate_limit=True, clock=clock)
    with InProcessSandbox() as sb:
        base = sb.mount(endpoint, "https://api.bigcommerce.sandbox.test")
        s = session(endpoint, base, attempts=1)
        answers = [s.session.get(f"{base}/stores/sandbox/v2/store", timeout=5) for _ in range(4)]
        assert [r.status_code for r in answers] == [200, 200, 200, 429]
        assert [r.headers["X-Rate-Limit-Requests-Left"] for r in answers[:3]] == ["2", "1", "0"]
        clock.advance(30)
        assert s.session.get(f"{base}/stores/sandbox/v2/store", timeout=5).status_code == 200


def test_writes_refuse_duplicate_skus_with_409(served: tuple[BigCommerceEndpoint, str]) -> None:
    endpoint, base = served
    s = session(endpoint, base)
    existing = next(v["sku"] for p in endpoint.catalogue.products for v in p["variants"] if v["sku"])
    new = {"name": "Brand new thing", "type": "physical", "weight": 1, "price": 9.99, "sku": "NEW-1"}
    created = s.request("POST", "v3/catalog/products", json=new)
    assert created.status_code == 200
    product = created.json()["data"]
    assert [v["sku"] for v in product["variants"]] == ["NEW-1"]  # the base variant
    again = s.request("POST", "v3/catalog/products", json={**new, "name": "Another"})
    assert again.status_code == 409 and again.json()["status"] == 409
    assert s.request("POST", "v3/catalog/products", json={**new, "name": "X", "sku": existing}).status_code == 409
    same_name = s.request("POST", "v3/catalog/products", json={**new, "sku": "NEW-2"})
    assert same_name.status_code == 409
    url = f"v3/catalog/products/{product['id']}/variants"
    assert s.request("POST", url, json={"sku": existing, "option_values": []}).status_code == 409
    added = s.request("POST", url, json={"sku": "NEW-1-B", "option_values": [], "price": 5})
    assert added.status_code == 200 and added.json()["data"]["product_id"] == product["id"]
    found = s.get("v3/catalog/variants", {"sku": "NEW-1-B"}).json()["data"]
    assert [v["id"] for v in found] == [added.json()["data"]["id"]]
    assert s.get("v3/catalog/products", {"sku": "NEW-1"}).json()["data"][0]["id"] == product["id"]
    missing = s.request("POST", "v3/catalog/products", json={"name": "No price", "type": "physical", "weight": 1})
    assert missing.status_code == 422 and "price" in missing.json()["errors"]
    endpoint.reset()
    assert s.get("v3/catalog/products", {"sku": "NEW-1"}).json()["data"] == []


def test_a_loaded_store_with_duplicate_skus_is_served_as_it_is() -> None:
    store = hand_built_store("bigcommerce")
    twin = store.products[1].variants[0]
    store.products[2].variants[0].sku = twin.sku
    endpoint = BigCommerceEndpoint(store)
    with InProcessSandbox() as sb:
        base = sb.mount(endpoint, "https://api.bigcommerce.sandbox.test")
        found = session(endpoint, base).get("v3/catalog/products", {"sku": twin.sku}).json()["data"]
    assert len(found) == 2


def test_refunds_are_v3_payment_actions(served: tuple[BigCommerceEndpoint, str]) -> None:
    endpoint, base = served
    refunded = [o for o in endpoint.catalogue.orders if o.refunds]
    assert refunded, "the generated store has refunds"
    s = session(endpoint, base)
    everything = s.get("v3/orders/payment_actions/refunds").json()
    assert everything["meta"]["pagination"]["total"] == sum(len(o.refunds) for o in refunded)
    one = refunded[0]
    oid = one.order["id"]
    mine = s.get(f"v3/orders/{oid}/payment_actions/refunds").json()["data"]
    assert mine == one.refunds and all(isinstance(r["total_amount"], float) for r in mine)
    line_ids = {p["id"] for p in one.products}
    assert all(item["item_id"] in line_ids for r in mine for item in r["items"])
    narrowed = s.get("v3/orders/payment_actions/refunds", {"order_id:in": str(oid)}).json()["data"]
    assert narrowed == mine


def test_customer_and_variant_lookups_by_key(served: tuple[BigCommerceEndpoint, str]) -> None:
    endpoint, base = served
    s = session(endpoint, base)
    two = endpoint.catalogue.customers[:2]
    emails = ",".join(c["email"].upper() for c in two)
    found = s.get("v3/customers", {"email:in": emails, "include": "addresses"}).json()["data"]
    assert sorted(c["id"] for c in found) == sorted(c["id"] for c in two) and "addresses" in found[0]
    assert "form_fields" not in found[0]
    variants = [v for p in endpoint.catalogue.products for v in p["variants"] if v["sku"]][:3]
    by_sku = s.get("v3/catalog/variants", {"sku:in": ",".join(v["sku"] for v in variants)}).json()["data"]
    assert {v["id"] for v in by_sku} >= {v["id"] for v in variants}
    by_id = s.get("v3/catalog/variants", {"id:in": ",".join(str(v["id"]) for v in variants)}).json()["data"]
    assert [v["id"] for v in by_id] == sorted(v["id"] for v in variants)


def test_incremental_reads_filter_by_modification_date(served: tuple[BigCommerceEndpoint, str]) -> None:
    endpoint, base = served
    s = session(endpoint, base)
    orders = endpoint.catalogue.orders
    middle = sorted(parsedate_to_datetime(o.order["date_modified"]) for o in orders)[len(orders) // 2]
    since = s.get("v2/orders", {"min_date_modified": middle.isoformat(), "limit": 250}).json()
    assert since and all(parsedate_to_datetime(o["date_modified"]) >= middle for o in since)
    assert s.get("v2/orders/count", {"min_date_modified": middle.isoformat()}).json()["count"] == len(since)
    rfc = s.get("v2/orders", {"max_date_created": orders[0].order["date_created"], "limit": 250})
    assert rfc.status_code == 200 and orders[0].order["id"] in {o["id"] for o in rfc.json()}
    products = endpoint.catalogue.products
    stamp = sorted(p["date_modified"] for p in products if p["date_modified"])[-1]
    newest = s.get("v3/catalog/products", {"date_modified:min": stamp}).json()["data"]
    assert newest and all(p["date_modified"] >= stamp for p in newest)
    assert s.get("v2/orders", {"min_date_modified": "not a date"}).status_code == 400


def test_a_v3_limit_over_250_is_too_large(served: tuple[BigCommerceEndpoint, str]) -> None:
    endpoint, base = served
    s = session(endpoint, base)
    too_large = s.get("v3/catalog/products", {"limit": 251})
    assert too_large.status_code == 413 and too_large.json()["status"] == 413
    assert s.get("v2/orders", {"limit": 500}).status_code == 200  # v2 caps it
