"""Serve the simulator in-process under Intuit's own host names, so unmodified clients need no settings.

intuit-oauth fetches its discovery document from ``developer.intuit.com`` and
python-quickbooks builds URLs on ``sandbox-quickbooks.api.intuit.com`` (domain
notes §1.1, §13.1, §14). Mounted at all of those hosts through ``responses``,
``AuthClient(..., environment="sandbox")`` and ``QuickBooks(auth_client=...)``
work as written; the discovery document then points the token endpoint back at
whichever host was asked, which is mounted too. Over a real socket use the
overrides in docs/quickbooks.md instead.
"""

from __future__ import annotations

from harness.platforms.quickbooks.endpoint import QuickBooksEndpoint
from harness.sandbox.inprocess import InProcessSandbox

API_HOST = "https://sandbox-quickbooks.api.intuit.com"
PRODUCTION_API_HOST = "https://quickbooks.api.intuit.com"

#: every Intuit host a python-quickbooks / intuit-oauth session touches (§1.1)
INTUIT_HOSTS = (
    API_HOST,
    PRODUCTION_API_HOST,
    "https://developer.intuit.com",
    "https://developer.api.intuit.com",
    "https://oauth.platform.intuit.com",
    "https://accounts.platform.intuit.com",
    "https://sandbox-accounts.platform.intuit.com",
    "https://appcenter.intuit.com",
)


def mount_intuit_hosts(sandbox: InProcessSandbox, endpoint: QuickBooksEndpoint) -> str:
    """Mount ``endpoint`` at every Intuit host; returns the API base URL (the sandbox API host)."""
    for host in INTUIT_HOSTS:
        sandbox.mount(endpoint, host)
    return API_HOST
