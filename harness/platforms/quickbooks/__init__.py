"""Simulated QuickBooks Online: the books side of every dry run.

``SPEC`` is what the registry reads; ``make_endpoint(books, **options)`` builds the
simulated API loaded with a company, ``make_client(base_url, credentials)`` the
engine-side reader and sandbox writer.
"""

from harness.platforms.base import PlatformSpec
from harness.platforms.quickbooks.client import QuickBooksClient, QuickBooksFault, make_client
from harness.platforms.quickbooks.endpoint import QuickBooksEndpoint, make_endpoint

SPEC = PlatformSpec(
    name="quickbooks",
    side="books",
    title="QuickBooks Online",
    product_code_field="none",
    product_code_label="Name",
    sandbox_base_url="https://sandbox-quickbooks.api.intuit.com",
    make_endpoint=make_endpoint,
    make_client=make_client,
    notes="Accounting API v3 with OAuth2 (intuit-oauth) endpoints; see docs/quickbooks.md.",
)

__all__ = ["SPEC", "QuickBooksClient", "QuickBooksEndpoint", "QuickBooksFault", "make_client", "make_endpoint"]
