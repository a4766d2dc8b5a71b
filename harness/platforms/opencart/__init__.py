"""OpenCart as a store platform: ``oc_`` tables as the truth, a REST-Admin-style facade, Model as the SKU
(connector-rules #24)."""

from harness.platforms.base import PlatformSpec
from harness.platforms.opencart.client import OpenCartClient, make_client, read_store_from_db
from harness.platforms.opencart.endpoint import OpenCartEndpoint, make_endpoint
from harness.platforms.opencart.projection import project_store

SPEC = PlatformSpec(
    name="opencart",
    side="store",
    title="OpenCart (database + REST Admin facade)",
    product_code_field="model",
    product_code_label="Model",
    sandbox_base_url="https://opencart.sandbox.test",
    make_endpoint=make_endpoint,
    make_client=make_client,
    notes=(
        "The oc_ tables (3.x or 4.1 schema) in SQLite or MySQL are the truth; the JSON facade follows the REST Admin "
        "extension. The connector matches on Model, not SKU; order lines carry only the model."
    ),
)

__all__ = [
    "SPEC",
    "OpenCartClient",
    "OpenCartEndpoint",
    "make_client",
    "make_endpoint",
    "project_store",
    "read_store_from_db",
]
