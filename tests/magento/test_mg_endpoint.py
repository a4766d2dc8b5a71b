"""Magento's shapes and quirks as store-apis.md §6 describes them, through plain HTTP."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from harness.model.store import Store
from harness.platforms.magento import SANDBOX_BASE_URL, MagentoEndpoint
from harness.sandbox import InProcessSandbox

Served = tuple[MagentoEndpoint, str]


def get(base: str, endpoint: MagentoEndpoint, path: str, **params: Any) -> requests.Response:
    headers = {"Authorization": f"Bearer {endpoint.credentials()['access_token']}"}
    return requests.get(f"{base}/rest/V1/{path}", params=params, headers=headers, timeout=10)


def test_configurable_products_link_their_simple_children(served: Served) -> None:
    endpoint, base = served
    parent = next(p for p in endpoint.catalogue.products if p["type_id"] == "configurable")
    links = parent["extension_attributes"]["configurable_product_links"]
    options = parent["extension_attributes"]["configurable_product_options"]
    assert links and options and all(o["values"] for o in options)
    children = get(base, endpoint, f"configurable-products/{parent['sku']}/children").json()
    assert [c["id"] for c in children] == links
    assert all(c["type_id"] == "simple" and c["visibility"] == 1 and c["sku"] != parent["sku"] for c in children)
    codes = {
        a["attribute_code"]: a for a in get(base, endpoint, "products/attributes", searchCriteria="").json()["items"]
    }
    option_codes = {c for c, a in codes.items() if str(a["attribute_id"]) in {o["attribute_id"] for o in options}}
    for child in children:
        values = {a["attribute_code"]: a["value"] for a in child["custom_attributes"]}
        assert option_codes <= set(values)  # each child carries its option values as select-attribute option ids
        stock = child["extension_attributes"]["stock_item"]
        assert stock["qty"] >= 0 or stock["manage_stock"]
    one = get(base, endpoint, f"products/{children[0]['sku']}").json()
    assert one["id"] == children[0]["id"]
    tax_class = next(a["value"] for a in one["custom_attributes"] if a["attribute_code"] == "tax_class_id")
    assert isinstance(tax_class, str)  # custom attribute values are strings (§6.2)


def test_configurable_order_lines_are_a_parent_and_a_child_row(served: Served) -> None:
    endpoint, base = served
    order = next(o for o in endpoint.catalogue.orders if any(i.get("parent_item_id") for i in o["items"]))
    fetched = get(base, endpoint, f"orders/{order['entity_id']}").json()
    children = [i for i in fetched["items"] if i.get("parent_item_id")]
    parents = {i["item_id"]: i for i in fetched["items"] if not i.get("parent_item_id")}
    for child in children:
        parent = parents[child["parent_item_id"]]
        assert parent["product_type"] == "configurable" and child["product_type"] == "simple"
        assert child["price"] == 0 and parent["price"] > 0 and child["sku"] == parent["sku"]
    assert fetched["increment_id"] == order["increment_id"] and len(fetched["increment_id"]) == 9
    assert "shipping_assignments" in fetched["extension_attributes"]


def test_order_level_discount_is_negative(served: Served) -> None:
    endpoint, _ = served
    discounted = [o for o in endpoint.catalogue.orders if o["discount_amount"]]
    assert discounted and all(o["discount_amount"] < 0 for o in discounted)
    assert all(i["discount_amount"] >= 0 for o in discounted for i in o["items"])


def test_store_code_routes(served: Served) -> None:
    endpoint, base = served
    headers = {"Authorization": f"Bearer {endpoint.credentials()['access_token']}"}
    params = {"searchCriteria[pageSize]": 2}
    default = requests.get(f"{base}/rest/V1/products", params=params, headers=headers, timeout=10).json()
    for code in ("default", "all"):
        scoped = requests.get(f"{base}/rest/{code}/V1/products", params=params, headers=headers, timeout=10).json()
        assert scoped["items"] == default["items"]
    unknown = requests.get(f"{base}/rest/nowhere/V1/products", params=params, headers=headers, timeout=10)
    assert unknown.status_code == 400 and unknown.json()["message"].startswith("The store that was requested")


def test_errors_keep_their_placeholders(served: Served) -> None:
    endpoint, base = served
    denied = requests.get(f"{base}/rest/V1/products", params={"searchCriteria": ""}, timeout=10)
    assert denied.status_code == 401
    assert denied.json() == {
        "message": "The consumer isn't authorized to access %resources.",
        "parameters": {"resources": "Magento_Catalog::products"},
    }
    missing = get(base, endpoint, "products/NO-SUCH-SKU")
    assert missing.status_code == 404 and missing.json()["message"].startswith("The product that was requested")
    nowhere = get(base, endpoint, "nothing/here")
    assert nowhere.status_code == 404 and nowhere.json() == {"message": "Request does not match any route."}


def test_integration_tokens_as_bearer_is_a_switch(magento_store: Store) -> None:
    endpoint = MagentoEndpoint(magento_store, integration_bearer=False)
    with InProcessSandbox() as sb:
        base = sb.mount(endpoint, SANDBOX_BASE_URL)
        assert get(base, endpoint, "store/storeViews").status_code == 401
        creds = endpoint.credentials()
        bad = requests.post(
            f"{base}/rest/V1/integration/admin/token", json={"username": "x", "password": "y"}, timeout=5
        )
        assert bad.status_code == 401
        token = requests.post(
            f"{base}/rest/V1/integration/admin/token",
            json={"username": creds["username"], "password": creds["password"]},
            timeout=5,
        ).json()
        assert isinstance(token, str)  # the token is a bare JSON string (§6.1)
        views = requests.get(
            f"{base}/rest/V1/store/storeViews", headers={"Authorization": f"Bearer {token}"}, timeout=5
        )
        assert views.status_code == 200 and views.json()[0]["code"] == "default"


def test_post_with_an_existing_sku_updates_instead_of_duplicating(served: Served) -> None:
    endpoint, base = served
    headers = {"Authorization": f"Bearer {endpoint.credentials()['access_token']}"}
    existing = next(p for p in endpoint.catalogue.products if p["type_id"] == "simple")
    count = len(endpoint.catalogue.products)
    upsert = requests.post(
        f"{base}/rest/V1/products",
        json={"product": {"sku": existing["sku"], "name": "Renamed", "price": 1.5}},
        headers=headers,
        timeout=5,
    )
    assert upsert.status_code == 200 and upsert.json()["id"] == existing["id"]
    created = requests.post(
        f"{base}/rest/V1/products",
        json={"product": {"sku": "BRAND-NEW", "name": "New", "price": 3}},
        headers=headers,
        timeout=5,
    )
    assert created.status_code == 200 and created.json()["id"] not in {
        p["id"] for p in endpoint.catalogue.products[:count]
    }
    assert len(endpoint.catalogue.products) == count + 1
    found = get(
        base,
        endpoint,
        "products",
        **{
            "searchCriteria[filter_groups][0][filters][0][field]": "sku",
            "searchCriteria[filter_groups][0][filters][0][value]": existing["sku"],
        },
    ).json()
    assert found["total_count"] == 1 and found["items"][0]["name"] == "Renamed"
    endpoint.reset()
    assert get(base, endpoint, "products/BRAND-NEW").status_code == 404


def test_stock_per_source_is_msi_source_items(served: Served) -> None:
    endpoint, base = served
    sources = get(base, endpoint, "inventory/sources", searchCriteria="").json()["items"]
    items = get(base, endpoint, "inventory/source-items", searchCriteria="").json()["items"]
    codes = {s["source_code"] for s in sources}
    assert items and all(i["source_code"] in codes for i in items)
    child = next(p for p in endpoint.catalogue.products if p.get("sku") == items[0]["sku"])
    assert child["extension_attributes"]["stock_item"]["qty"] == sum(
        i["quantity"] for i in items if i["sku"] == child["sku"]
    )


@pytest.mark.parametrize("field", ["entity_id", "increment_id"])
def test_single_key_searches(served: Served, field: str) -> None:
    endpoint, base = served
    order = endpoint.catalogue.orders[5]
    found = get(
        base,
        endpoint,
        "orders",
        **{
            "searchCriteria[filter_groups][0][filters][0][field]": field,
            "searchCriteria[filter_groups][0][filters][0][value]": str(order[field]),
        },
    ).json()
    assert [o["entity_id"] for o in found["items"]] == [order["entity_id"]]


def test_refunds_are_credit_memos_on_order_items(served: Served) -> None:
    endpoint, base = served
    memos = get(base, endpoint, "creditmemos", searchCriteria="").json()
    assert memos["total_count"] == len(endpoint.catalogue.creditmemos) > 0
    memo = memos["items"][0]
    order = get(base, endpoint, f"orders/{memo['order_id']}").json()
    item_ids = {i["item_id"] for i in order["items"] if i.get("parent_item_id") is None}
    assert all(i["order_item_id"] in item_ids for i in memo["items"])
    assert memo["grand_total"] > 0 and len(memo["increment_id"]) == 9


def test_oauth1_signed_requests_work_where_bearer_tokens_do_not(magento_store: Store) -> None:
    """Magento ≥ 2.4.4 refuses integration tokens as bearers by default; OAuth 1.0a signing always works (§6.1)."""
    # a third-party signer, so the check is not ours against ours (installed with the clients extra)
    OAuth1 = pytest.importorskip("requests_oauthlib").OAuth1

    endpoint = MagentoEndpoint(magento_store, integration_bearer=False)
    creds = endpoint.credentials()
    signed = OAuth1(
        creds["consumer_key"],
        creds["consumer_secret"],
        creds["access_token"],
        creds["access_token_secret"],
        signature_method="HMAC-SHA256",
    )
    params = {"searchCriteria[pageSize]": 3, "searchCriteria[currentPage]": 2}
    with InProcessSandbox() as sb:
        base = sb.mount(endpoint, SANDBOX_BASE_URL)
        ok = requests.get(f"{base}/rest/V1/products", params=params, auth=signed, timeout=5)
        assert ok.status_code == 200 and len(ok.json()["items"]) == 3
        wrong = OAuth1(
            creds["consumer_key"],
            "not-the-secret",
            creds["access_token"],
            creds["access_token_secret"],
            signature_method="HMAC-SHA256",
        )
        assert requests.get(f"{base}/rest/V1/products", params=params, auth=wrong, timeout=5).status_code == 401
        bearer = requests.get(
            f"{base}/rest/V1/products",
            params=params,
            headers={"Authorization": f"Bearer {creds['access_token']}"},
            timeout=5,
        )
        assert bearer.status_code == 401


def test_salable_quantity_sums_the_sources(served: Served) -> None:
    endpoint, base = served
    item = endpoint.catalogue.source_items[0]
    total = sum(i["quantity"] for i in endpoint.catalogue.source_items if i["sku"] == item["sku"])
    assert get(base, endpoint, f"inventory/get-product-salable-quantity/{item['sku']}/1").json() == total
    assert get(base, endpoint, f"inventory/get-product-salable-quantity/{item['sku']}/9").status_code == 404
