"""BigCommerce: v3 catalog and customers, v2 orders (store-apis.md §5).

"SKU" here is the SKU field of a product and of each of its variants; every
product has at least its base variant, whose SKU is the product's. BigCommerce
rejects a duplicate SKU on write (409), so the connector's product code is the
variant SKU (connector-rules #23).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from harness.model.store import Store
from harness.platforms.base import PlatformSpec
from harness.platforms.bigcommerce.client import BigCommerceClient
from harness.platforms.bigcommerce.endpoint import BigCommerceEndpoint
from harness.platforms.http.session import RetryPolicy

SANDBOX_BASE_URL = "https://api.bigcommerce.sandbox.test"


def make_endpoint(store: Store, **options: Any) -> BigCommerceEndpoint:
    return BigCommerceEndpoint(store, **options)


def make_client(base_url: str, credentials: Mapping[str, str], policy: RetryPolicy | None = None) -> BigCommerceClient:
    return BigCommerceClient(base_url, credentials, policy)


SPEC = PlatformSpec(
    name="bigcommerce",
    side="store",
    title="BigCommerce",
    product_code_field="sku",
    product_code_label="SKU",
    sandbox_base_url=SANDBOX_BASE_URL,
    make_endpoint=make_endpoint,
    make_client=make_client,
    notes="Catalog and customers on /stores/{hash}/v3, orders on /stores/{hash}/v2; auth by X-Auth-Token.",
)

__all__ = ["SPEC", "BigCommerceClient", "BigCommerceEndpoint", "make_client", "make_endpoint"]
