"""A connector pushing stock from the books: every way BigCommerce takes it ends in the same reads."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from bc_stores import hand_built_store

from harness.model.store import Store
from harness.platforms.bigcommerce import SPEC, BigCommerceEndpoint
from harness.platforms.http import ApiSession, RetryPolicy
from harness.sandbox import InProcessSandbox


@pytest.fixture
def shop() -> Iterator[tuple[BigCommerceEndpoint, ApiSession, str]]:
    endpoint = BigCommerceEndpoint(hand_built_store("bigcommerce"))
    with InProcessSandbox() as sb:
        base = sb.mount(endpoint, SPEC.sandbox_base_url)
        creds = endpoint.credentials()
        session = ApiSession(
            f"{base}/stores/{creds['store_hash']}",
            headers={"X-Auth-Token": creds["access_token"]},
            policy=RetryPolicy(attempts=1),
        )
        yield endpoint, session, base


def read(endpoint: BigCommerceEndpoint, base: str) -> Store:
    store: Store = SPEC.make_client(base, endpoint.credentials(), None).read_store()
    return store


def quantities(store: Store, sku: str) -> dict[str, int]:
    return next(v.quantities for _, v in store.variants() if v.sku == sku)


def test_variant_stock_by_put_and_by_batch(shop: tuple[BigCommerceEndpoint, ApiSession, str]) -> None:
    endpoint, s, base = shop
    shirt = endpoint.catalogue.products[0]
    small, medium = shirt["variants"][0], shirt["variants"][1]
    one = s.request("PUT", f"v3/catalog/products/{shirt['id']}/variants/{small['id']}", json={"inventory_level": 40})
    assert one.status_code == 200 and one.json()["data"]["inventory_level"] == 40 + 0  # loc-2 held 0 for S
    batch = s.request("PUT", "v3/catalog/variants", json=[{"id": medium["id"], "inventory_level": 7, "price": 21.5}])
    assert batch.status_code == 200
    after = read(endpoint, base)
    assert quantities(after, small["sku"]) == {"loc-main": 40, "loc-2": 0}
    assert quantities(after, medium["sku"]) == {"loc-main": 7, "loc-2": 1}  # only the first location is set
    assert s.get(f"v3/catalog/products/{shirt['id']}").json()["data"]["inventory_level"] == 40 + 8 + 5 + 2


def test_adjustments_per_location(shop: tuple[BigCommerceEndpoint, ApiSession, str]) -> None:
    endpoint, s, base = shop
    backroom = next(loc["id"] for loc in endpoint.catalogue.locations if loc["code"] == "loc-2")
    sku = endpoint.catalogue.products[0]["variants"][2]["sku"]  # L: loc-main 5, loc-2 2
    absolute = {"reason": "count", "items": [{"location_id": backroom, "sku": sku, "quantity": 9}]}
    assert s.request("PUT", "v3/inventory/adjustments/absolute", json=absolute).json()["transaction_id"]
    relative = {"reason": "sold", "items": [{"location_id": backroom, "sku": sku, "quantity": -4}]}
    assert s.request("POST", "v3/inventory/adjustments/relative", json=relative).status_code == 200
    assert quantities(read(endpoint, base), sku) == {"loc-main": 5, "loc-2": 5}
    unknown = {"items": [{"location_id": 999, "sku": sku, "quantity": 1}]}
    assert s.request("PUT", "v3/inventory/adjustments/absolute", json=unknown).status_code == 422


def test_product_level_stock_is_the_base_variants(shop: tuple[BigCommerceEndpoint, ApiSession, str]) -> None:
    endpoint, s, base = shop
    mug = endpoint.catalogue.products[1]
    assert s.request("PUT", f"v3/catalog/products/{mug['id']}", json={"inventory_level": 3}).status_code == 200
    assert quantities(read(endpoint, base), "MUG-1") == {"loc-main": 3}
    shirt = endpoint.catalogue.products[0]
    refused = s.request("PUT", f"v3/catalog/products/{shirt['id']}", json={"inventory_level": 3})
    assert refused.status_code == 422  # stock of a product with options lives on its variants


def test_a_variant_sku_change_is_checked_for_duplicates(shop: tuple[BigCommerceEndpoint, ApiSession, str]) -> None:
    endpoint, s, _ = shop
    shirt = endpoint.catalogue.products[0]
    small = shirt["variants"][0]
    url = f"v3/catalog/products/{shirt['id']}/variants/{small['id']}"
    assert s.request("PUT", url, json={"sku": "MUG-1"}).status_code == 409
    assert s.request("PUT", url, json={"sku": "SKU-0-S-NEW"}).status_code == 200
    assert s.get("v3/catalog/variants", {"sku": "SKU-0-S-NEW"}).json()["data"][0]["id"] == small["id"]
