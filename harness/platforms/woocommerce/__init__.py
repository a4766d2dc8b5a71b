"""WooCommerce REST API v3: wire mapping, simulated endpoint and the engine's reader.

See docs/woocommerce.md for pointing the ``woocommerce`` client (or any client) at the sandbox.
"""

from __future__ import annotations

from typing import Any

from harness.model.store import Store
from harness.platforms.base import PlatformSpec
from harness.platforms.woocommerce.client import WooClient, make_client
from harness.platforms.woocommerce.endpoint import WooEndpoint


def make_endpoint(store: Store, **options: Any) -> WooEndpoint:
    """Options: consumer_key, consumer_secret, permissions, site_offset_hours, check_nonces, clock, fault_seed."""
    return WooEndpoint(store, **options)


SPEC = PlatformSpec(
    name="woocommerce",
    side="store",
    title="WooCommerce",
    product_code_field="sku",
    product_code_label="SKU",
    sandbox_base_url="https://sandbox-woo.example.com",
    make_endpoint=make_endpoint,
    make_client=make_client,
    notes="REST API v3; page/per_page paging; SKUs unique on write, optional (store-apis.md §2).",
)

__all__ = ["SPEC", "WooClient", "WooEndpoint", "make_client", "make_endpoint"]
