"""The platforms' own SDKs pointed at a sandbox endpoint, as a connector's tests would connect them.

These need the ``clients`` extra. They change nothing in the SDKs: python-quickbooks
takes its API base from an instance attribute and intuit-oauth takes any
non-keyword ``environment`` as its discovery URL (docs/quickbooks.md). Over plain
``http://`` the OAuth library wants ``OAUTHLIB_INSECURE_TRANSPORT=1`` in the
environment; setting it is left to the caller (a test's ``monkeypatch``), as it
loosens a safety check for the whole process.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Any


def python_quickbooks(base_url: str, credentials: Mapping[str, str], *, minorversion: int = 75) -> Any:
    """A ``quickbooks.QuickBooks`` client with an intuit-oauth ``AuthClient`` for the endpoint at ``base_url``."""
    from intuitlib.client import AuthClient
    from quickbooks import QuickBooks

    base = base_url.rstrip("/")
    auth = AuthClient(
        credentials["client_id"],
        credentials["client_secret"],
        "https://example.com/callback",
        environment=f"{base}/.well-known/openid_sandbox_configuration/",
    )
    with warnings.catch_warnings():  # the SDK warns about its own deprecated arguments
        warnings.simplefilter("ignore", DeprecationWarning)
        client = QuickBooks(
            auth_client=auth,
            refresh_token=credentials["refresh_token"],
            company_id=credentials["realm_id"],
            minorversion=minorversion,
        )
    client.api_url_v3 = f"{base}/v3"
    return client


def woocommerce_api(base_url: str, credentials: Mapping[str, str], *, timeout: float = 10) -> Any:
    """A ``woocommerce.API`` client (OAuth 1.0a over http, Basic auth over https, as the plugin expects)."""
    from woocommerce import API

    return API(
        url=base_url,
        consumer_key=credentials["consumer_key"],
        consumer_secret=credentials["consumer_secret"],
        timeout=timeout,
    )
