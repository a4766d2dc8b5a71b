"""The engine-side BigCommerce reader: pages every list and rebuilds the canonical Store.

It reads what a connector reads (store-apis.md §5): v3 catalog and customers
with ``include=`` so variants, options, custom fields and addresses come in the
same pages, the v2 orders list and each order's sub-resources, and the
metafields that carry what BigCommerce's own fields cannot (see ``wire``).

Paging follows the platform: v3 by ``meta.pagination`` (its ``links.next`` is a
bare query string, merged into the request's own parameters), v2 by asking for
the next page until the server answers **204** (§5.1, the same rule as the
``bigcommerce`` library's ``iterall()``). 429s are retried by ApiSession,
which honours ``X-Retry-After`` / ``X-Rate-Limit-Time-Reset-Ms``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any
from urllib.parse import parse_qsl

import orjson

from harness.model.store import Store
from harness.platforms.bigcommerce.wire import Catalogue, store_from_wire
from harness.platforms.bigcommerce.wire_orders import WireOrder
from harness.platforms.http.reading import get_json
from harness.platforms.http.session import ApiClientError, ApiSession, RetryPolicy

PAGE_LIMIT = 250


class BigCommerceClient:
    """``BigCommerceClient("https://api.bigcommerce.com", {"store_hash": …, "access_token": …}).read_store()``."""

    def __init__(self, base_url: str, credentials: Mapping[str, str], policy: RetryPolicy | None = None) -> None:
        try:
            self.store_hash = credentials["store_hash"]
            token = credentials["access_token"]
        except KeyError as exc:
            raise ApiClientError(
                f"BigCommerce credentials need {exc.args[0]!r} (store_hash and access_token)"
            ) from None
        headers = {"X-Auth-Token": token, "Accept": "application/json", "Accept-Encoding": "gzip"}
        if credentials.get("client_id"):
            headers["X-Auth-Client"] = credentials["client_id"]
        self.session = ApiSession(f"{base_url.rstrip('/')}/stores/{self.store_hash}", headers=headers, policy=policy)
        #: optional resources the store would not show us (missing scope, older plan): read without them
        self.unavailable: list[str] = []

    def read_store(self) -> Store:
        return store_from_wire(self.read_catalogue())

    def read_catalogue(self) -> Catalogue:
        """Every piece the wire mapping needs, read over HTTP."""
        cat = Catalogue(store=get_json(self.session, "v2/store")[0])
        cat.locations = self.optional(self.v3_all, "v3/inventory/locations")
        cat.tax_classes = self.optional(self.v2_all, "v2/tax_classes")
        cat.brands = self.optional(self.v3_all, "v3/catalog/brands")
        cat.categories = self.optional(self.v3_all, "v3/catalog/categories")
        cat.products = list(self.v3_all("v3/catalog/products", {"include": "variants,options,custom_fields"}))
        cat.inventory_items = self.optional(self.v3_all, "v3/inventory/items")
        cat.customers = list(self.v3_all("v3/customers", {"include": "addresses,formfields"}))
        refunds: dict[int, list[dict[str, Any]]] = {}
        for refund in self.optional(self.v3_all, "v3/orders/payment_actions/refunds"):
            refunds.setdefault(int(refund["order_id"]), []).append(refund)
        for order in self.v2_all("v2/orders"):
            oid = order["id"]
            cat.orders.append(
                WireOrder(
                    order=order,
                    products=list(self.v2_all(f"v2/orders/{oid}/products")),
                    shipping_addresses=list(self.v2_all(f"v2/orders/{oid}/shipping_addresses")),
                    coupons=list(self.v2_all(f"v2/orders/{oid}/coupons")),
                    taxes=list(self.v2_all(f"v2/orders/{oid}/taxes")),
                    refunds=refunds.get(int(oid), []),
                )
            )
        for path in (
            "v3/catalog/products/metafields",
            "v3/customers/metafields",
            "v3/orders/metafields",
            "v3/channels/1/metafields",
        ):
            cat.metafields.extend(self.optional(self.v3_all, path))
        return cat

    def optional(self, reader: Callable[[str], Iterator[dict[str, Any]]], path: str) -> list[dict[str, Any]]:
        """A resource the mapping can do without: 403/404 reads as empty (and is noted in ``unavailable``).

        A real store may not grant the token every scope (metafields, inventory,
        refunds) or have every API; the catalogue still reads, with less detail.
        """
        try:
            return list(reader(path))
        except ApiClientError as exc:
            if exc.status in (403, 404):
                self.unavailable.append(path)
                return []
            raise

    def v3_all(self, path: str, params: Mapping[str, str] | None = None) -> Iterator[dict[str, Any]]:
        """Every record of a v3 list, page by page, following ``meta.pagination.links.next``."""
        query: dict[str, str] = {**(params or {}), "limit": str(PAGE_LIMIT), "page": "1"}
        while True:
            body, _ = get_json(self.session, path, query)
            yield from body.get("data") or []
            pagination = (body.get("meta") or {}).get("pagination") or {}
            nxt = (pagination.get("links") or {}).get("next")
            if not nxt or int(pagination.get("current_page", 0)) >= int(pagination.get("total_pages", 0)):
                return
            query = {**query, **dict(parse_qsl(nxt.lstrip("?")))}

    def v2_all(self, path: str, params: Mapping[str, str] | None = None) -> Iterator[dict[str, Any]]:
        """Every record of a v2 list: pages until 204 No Content (or an empty array)."""
        page = 1
        while True:
            rows = self._v2_page(path, {**(params or {}), "limit": str(PAGE_LIMIT), "page": str(page)})
            if not rows:
                return
            yield from rows
            page += 1

    def _v2_page(self, path: str, query: Mapping[str, str]) -> list[dict[str, Any]] | None:
        """One v2 page; ``None`` for 204. A body cut short mid-JSON is asked for again (as ``get_json`` does)."""
        policy = self.session.policy
        for attempt in range(1, policy.attempts + 1):
            response = self.session.get_ok(path, query)
            if response.status_code == 204 or not response.content:
                return None
            try:
                rows: list[dict[str, Any]] = orjson.loads(response.content)
                return rows
            except orjson.JSONDecodeError:
                if attempt == policy.attempts:
                    raise ApiClientError(
                        f"GET {response.url}: body is not valid JSON after {policy.attempts} attempts",
                        status=response.status_code,
                        body=response.text[:500],
                    ) from None
                self.session.retries += 1
                policy.sleep(policy.delay(attempt, None))
        return None


def make_client(base_url: str, credentials: Mapping[str, str], policy: RetryPolicy | None = None) -> BigCommerceClient:
    return BigCommerceClient(base_url, credentials, policy)
