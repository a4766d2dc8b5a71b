"""The engine-side Magento 2 reader: searches every list by ``searchCriteria`` and rebuilds the Store.

Paging is by ``total_count``, never by "an empty page": before 2.4 Magento
answers a ``currentPage`` past the end with the last page again, so a client
waiting for an empty page loops forever (store-apis.md §6.1, magento/magento2
#3787 #8099). Pages are requested until ``total_count`` records have arrived
or the computed last page was read; a page that repeats the previous one ends
the read too, as a second guard.

Auth is OAuth 1.0a (HMAC-SHA256) when the credentials hold the integration's
``consumer_key``, ``consumer_secret``, ``access_token`` and
``access_token_secret`` — what works on every Magento 2.4 — else a bearer
token (``access_token``: an integration token where the store allows it as a
bearer, or an admin token obtained beforehand); ``auth`` ("oauth1" or
"bearer") forces one. The client never asks for a token itself, since that is
a POST and the dry run only reads. ``store_code`` (default: the default store, ``/rest/V1``) selects the
store view.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from harness.model.store import Store
from harness.platforms.http.reading import get_json
from harness.platforms.http.session import ApiClientError, ApiSession, RetryPolicy
from harness.platforms.magento.oauth import OAuthSigner
from harness.platforms.magento.wire import Catalogue, store_from_wire

PAGE_SIZE = 100


class MagentoClient:
    """``MagentoClient("https://shop.example", {"access_token": …}).read_store()``."""

    def __init__(
        self,
        base_url: str,
        credentials: Mapping[str, str],
        policy: RetryPolicy | None = None,
        *,
        page_size: int = PAGE_SIZE,
    ) -> None:
        token = credentials.get("access_token")
        if not token:
            raise ApiClientError("Magento credentials need 'access_token' (an admin or integration bearer token)")
        store_code = credentials.get("store_code")
        prefix = f"rest/{store_code}/V1" if store_code else "rest/V1"
        headers = {"Accept": "application/json"}
        auth: OAuthSigner | None = None
        oauth_keys = ("consumer_key", "consumer_secret", "access_token_secret")
        if credentials.get("auth", "oauth1" if all(credentials.get(k) for k in oauth_keys) else "bearer") == "oauth1":
            auth = OAuthSigner(
                credentials["consumer_key"], credentials["consumer_secret"], token, credentials["access_token_secret"]
            )
        else:
            headers["Authorization"] = f"Bearer {token}"
        self.page_size = page_size
        #: optional resources the store would not show us (ACL, MSI disabled): read without them
        self.unavailable: list[str] = []
        self.session = ApiSession(f"{base_url.rstrip('/')}/{prefix}", headers=headers, auth=auth, policy=policy)

    def read_store(self) -> Store:
        return store_from_wire(self.read_catalogue())

    def read_catalogue(self) -> Catalogue:
        return Catalogue(
            store_configs=get_json(self.session, "store/storeConfigs")[0],
            store_groups=get_json(self.session, "store/storeGroups")[0],
            store_views=get_json(self.session, "store/storeViews")[0],
            sources=self.optional("inventory/sources"),
            source_items=self.optional("inventory/source-items"),
            tax_rates=self.optional("taxRates/search"),
            tax_classes=self.optional("taxClasses/search"),
            attributes=list(self.search("products/attributes")),
            categories=self.optional("categories/list"),
            products=list(self.search("products")),
            customers=list(self.search("customers/search")),
            orders=list(self.search("orders")),
            creditmemos=self.optional("creditmemos"),
        )

    def optional(self, path: str) -> list[dict[str, Any]]:
        """A list the mapping can do without: 401/403/404 reads as empty (and is noted in ``unavailable``).

        An integration may lack the ACL resource (tax, credit memos), or MSI may be
        disabled (no ``/V1/inventory/*``); the catalogue still reads, with less detail.
        """
        try:
            return list(self.search(path))
        except ApiClientError as exc:
            if exc.status in (401, 403, 404):
                self.unavailable.append(path)
                return []
            raise

    def search(self, path: str, filters: Mapping[str, str] | None = None) -> Iterator[dict[str, Any]]:
        """Every record a search matches, paged by ``total_count``."""
        # no sortOrders: the store's own order is the canonical list order
        base = {**(filters or {}), "searchCriteria[pageSize]": str(self.page_size)}
        seen = 0
        current = 1
        previous: list[Any] | None = None
        while True:
            body, _ = get_json(self.session, path, {**base, "searchCriteria[currentPage]": str(current)})
            items = body.get("items") or []
            total = int(body.get("total_count") or 0)
            if previous is not None and items == previous:
                return  # the out-of-range trap answered the last page again
            yield from items
            seen += len(items)
            last_page = max(1, -(-total // self.page_size))
            if seen >= total or current >= last_page or not items:
                return
            previous = items
            current += 1


def make_client(base_url: str, credentials: Mapping[str, str], policy: RetryPolicy | None = None) -> MagentoClient:
    return MagentoClient(base_url, credentials, policy)
