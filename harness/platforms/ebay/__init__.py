"""eBay as a store platform: the Trading API (XML), where the Custom label is the SKU (connector-rules #23)."""

from harness.platforms.base import PlatformSpec
from harness.platforms.ebay.client import EbayClient, make_client
from harness.platforms.ebay.endpoint import EbayTradingEndpoint, make_endpoint
from harness.platforms.ebay.projection import project_store

SPEC = PlatformSpec(
    name="ebay",
    side="store",
    title="eBay (Trading API)",
    product_code_field="sku",
    product_code_label="Custom label",
    sandbox_base_url="https://ebay.sandbox.test",
    make_endpoint=make_endpoint,
    make_client=make_client,
    notes=(
        "Trading XML over POST /ws/api.dll. SKU = Custom label (Item.SKU, or Variation.SKU on multi-variation "
        "listings). Available = Quantity - QuantitySold. Customers exist only as buyers on orders."
    ),
)

__all__ = ["SPEC", "EbayClient", "EbayTradingEndpoint", "make_client", "make_endpoint", "project_store"]
