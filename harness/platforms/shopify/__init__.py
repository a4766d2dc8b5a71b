"""Shopify Admin REST (2024-xx): wire mapping, simulated endpoint and the engine's reader.

See docs/shopify.md for pointing ShopifyAPI (or any client) at the sandbox.
"""

from __future__ import annotations

from typing import Any

from harness.model.store import Store
from harness.platforms.base import PlatformSpec
from harness.platforms.shopify.client import ShopifyClient, make_client
from harness.platforms.shopify.endpoint import ShopifyEndpoint


def make_endpoint(store: Store, **options: Any) -> ShopifyEndpoint:
    """Options: access_token, api_key, password, myshopify_domain, rate_limit, clock, fault_seed."""
    return ShopifyEndpoint(store, **options)


SPEC = PlatformSpec(
    name="shopify",
    side="store",
    title="Shopify",
    product_code_field="sku",
    product_code_label="SKU",
    sandbox_base_url="https://sandbox-store.myshopify.com",
    make_endpoint=make_endpoint,
    make_client=make_client,
    notes="Admin REST API 2024-xx; cursor paging; SKUs may be blank or duplicated (store-apis.md §1).",
)

__all__ = ["SPEC", "ShopifyClient", "ShopifyEndpoint", "make_client", "make_endpoint"]
