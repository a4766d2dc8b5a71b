"""Magento 2 / Adobe Commerce REST (store-apis.md §6).

"SKU" here is the catalog's ``sku``: mandatory, unique, and the key products
are fetched and updated by (``/V1/products/{sku}``). A configurable product
has its own SKU and each child simple product (one per variant) has another;
stock and order lines carry the child's. The connector's product code is the
child SKU (connector-rules #23).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from harness.model.store import Store
from harness.platforms.base import PlatformSpec
from harness.platforms.http.session import RetryPolicy
from harness.platforms.magento.client import MagentoClient
from harness.platforms.magento.endpoint import MagentoEndpoint

SANDBOX_BASE_URL = "https://magento.sandbox.test"


def make_endpoint(store: Store, **options: Any) -> MagentoEndpoint:
    return MagentoEndpoint(store, **options)


def make_client(base_url: str, credentials: Mapping[str, str], policy: RetryPolicy | None = None) -> MagentoClient:
    return MagentoClient(base_url, credentials, policy)


SPEC = PlatformSpec(
    name="magento",
    side="store",
    title="Magento 2",
    product_code_field="sku",
    product_code_label="SKU",
    sandbox_base_url=SANDBOX_BASE_URL,
    make_endpoint=make_endpoint,
    make_client=make_client,
    notes="REST at /rest/V1 and /rest/{store_code}/V1; Bearer auth; searchCriteria paging by total_count.",
)

__all__ = ["SPEC", "MagentoClient", "MagentoEndpoint", "make_client", "make_endpoint"]
