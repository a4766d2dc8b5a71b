#!/usr/bin/env python3
"""A deliberately naive connector, to show how a real one is tested against the sandbox in docker compose.

It reads a Shopify store's products and creates a QuickBooks item for every variant whose SKU is not an item
name yet, the way a first product sync does: nothing else (no customers, no orders). ``sync-sandbox audit``
then compares what it wrote with the sandbox's plan and lists what it did differently; that difference is
the point of the example. Plain ``requests`` and the two platforms' public REST APIs only: any language works.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import requests

ADMIN = os.environ.get("SANDBOX_ADMIN_URL", "http://127.0.0.1:8765")
SHOPIFY_VERSION = "2024-10"


def main() -> int:
    endpoints = requests.get(f"{ADMIN}/_sandbox/endpoints", timeout=10).json()
    store, books = endpoints["store"], endpoints["books"]
    if store["platform"] != "shopify":
        print(f"this example reads Shopify stores; the sandbox serves {store['platform']}", file=sys.stderr)
        return 2
    shop = requests.Session()
    shop.headers["X-Shopify-Access-Token"] = store["credentials"]["access_token"]
    qbo = QuickBooks(books["base_url"], books["credentials"])

    products = shop.get(f"{store['base_url']}/admin/api/{SHOPIFY_VERSION}/products.json", params={"limit": 250},
                        timeout=30).json()["products"]
    income = qbo.query("select * from Account where AccountType = 'Income'")["Account"][0]["Id"]
    known = {item["Name"] for item in qbo.query("select * from Item maxresults 1000").get("Item", [])}
    created = failed = 0
    for product in products:
        for variant in product["variants"]:
            sku = (variant.get("sku") or "").strip()
            if not sku or sku in known:
                continue
            answer = qbo.post("item", {"Name": sku, "Type": "NonInventory", "IncomeAccountRef": {"value": income},
                                       "UnitPrice": float(variant["price"])})
            if answer.ok:
                created += 1
                known.add(sku)
            else:
                failed += 1
                print(f"item {sku}: {answer.status_code} {answer.text[:200]}", file=sys.stderr)
    print(f"read {len(products)} products; created {created} QuickBooks items, {failed} refused")
    return 0


class QuickBooks:
    """The two calls this connector makes, with the bearer token the sandbox hands out."""

    def __init__(self, base_url: str, credentials: dict[str, str]) -> None:
        self.api = f"{base_url}/v3/company/{credentials['realm_id']}"
        self.http = requests.Session()
        self.http.headers.update({"Authorization": f"Bearer {credentials['access_token']}",
                                  "Accept": "application/json"})

    def query(self, statement: str) -> dict[str, Any]:
        answer = self.http.get(f"{self.api}/query", params={"query": statement, "minorversion": "75"}, timeout=30)
        answer.raise_for_status()
        result: dict[str, Any] = answer.json()["QueryResponse"]
        return result

    def post(self, entity: str, body: dict[str, Any]) -> requests.Response:
        return self.http.post(f"{self.api}/{entity}", params={"minorversion": "75"}, json=body, timeout=30)


if __name__ == "__main__":
    sys.exit(main())
