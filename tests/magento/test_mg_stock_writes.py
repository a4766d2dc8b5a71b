"""A connector pushing stock from the books into Magento: legacy stock items and MSI source items."""

from __future__ import annotations

import requests

from harness.model.store import Store
from harness.platforms.magento import SANDBOX_BASE_URL, SPEC, MagentoEndpoint
from harness.sandbox import InProcessSandbox


def quantities(store: Store, sku: str) -> dict[str, int]:
    return next(v.quantities for _, v in store.variants() if v.sku == sku)


def test_stock_writes_show_in_the_next_read(magento_store: Store) -> None:
    endpoint = MagentoEndpoint(magento_store)
    headers = {"Authorization": f"Bearer {endpoint.credentials()['access_token']}"}
    source = endpoint.catalogue.sources[0]["source_code"]
    child = next(p for p in endpoint.catalogue.products if p["type_id"] == "simple" and p.get("sku"))
    other = next(p for p in endpoint.catalogue.products if p["type_id"] == "simple" and p.get("sku") != child["sku"])
    with InProcessSandbox() as sb:
        base = sb.mount(endpoint, SANDBOX_BASE_URL)
        legacy = requests.put(
            f"{base}/rest/V1/products/{child['sku']}/stockItems/{child['id']}",
            json={"stockItem": {"qty": 42, "is_in_stock": True}},
            headers=headers,
            timeout=5,
        )
        assert legacy.status_code == 200 and legacy.json() == child["id"]
        msi = requests.post(
            f"{base}/rest/V1/inventory/source-items",
            json={"sourceItems": [{"sku": other["sku"], "source_code": source, "quantity": 3, "status": 1}]},
            headers=headers,
            timeout=5,
        )
        assert msi.status_code == 200 and msi.json() == []
        bad = requests.post(
            f"{base}/rest/V1/inventory/source-items",
            json={"sourceItems": [{"sku": other["sku"], "source_code": "nowhere", "quantity": 3}]},
            headers=headers,
            timeout=5,
        )
        assert bad.status_code == 400 and bad.json()["parameters"] == ["nowhere"]
        after = SPEC.make_client(base, endpoint.credentials(), None).read_store()
        salable = requests.get(
            f"{base}/rest/V1/inventory/get-product-salable-quantity/{other['sku']}/1", headers=headers, timeout=5
        ).json()
    assert quantities(after, child["sku"])[source] == 42
    assert quantities(after, other["sku"])[source] == 3 and salable == sum(quantities(after, other["sku"]).values())
    assert child["extension_attributes"]["stock_item"]["qty"] == sum(quantities(after, child["sku"]).values())
    endpoint.reset()
    original = next(v.quantities for _, v in magento_store.variants() if v.sku == child["sku"])
    assert {r["source_code"]: r["quantity"] for r in endpoint.source_items_by_sku[child["sku"]]} == original
