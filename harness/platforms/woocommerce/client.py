"""The engine's WooCommerce reader: the whole site over REST v3, paged and retried.

Authentication follows the site's scheme, as the official client does
(store-apis.md §2.1, §2.7): Basic over HTTPS, one-legged OAuth 1.0a query
signatures over plain HTTP (``auth="query"`` sends the keys as query
parameters instead, over HTTPS only).

It reads the site index, the general and tax settings, the tax rates,
products ``orderby=id&order=asc`` 100 a page (a stable order: the default,
newest first, shifts pages when an order lands mid-read), each variable
product's variations, all customers (``role=all``: the default role filter
would hide other roles), all orders and the refunds of refunded orders
(the order itself lists only each refund's id, reason and total); pages are followed until
``X-WP-TotalPages`` (re-read on every page, so records added while reading
are not missed) and records seen twice are kept once.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import orjson
import requests

from harness.model.common import replace
from harness.model.store import Product, Store
from harness.platforms.http.oauth1 import OneLeggedSigner
from harness.platforms.http.reading import get_json
from harness.platforms.http.session import ApiSession, RetryPolicy
from harness.platforms.remainder import apply_remainder
from harness.platforms.woocommerce import wire
from harness.sandbox.guard import is_sandbox_host

Json = dict[str, Any]
AuthMode = Literal["auto", "basic", "query", "oauth"]


class QueryKeys(requests.auth.AuthBase):
    """``?consumer_key=&consumer_secret=`` on every request (HTTPS only, §2.1)."""

    def __init__(self, key: str, secret: str) -> None:
        self.key, self.secret = key, secret

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.prepare_url(request.url, {"consumer_key": self.key, "consumer_secret": self.secret})
        return request


class WooClient:
    def __init__(
        self,
        base_url: str,
        credentials: Mapping[str, str],
        policy: RetryPolicy | None = None,
        *,
        per_page: int = 100,
        auth: AuthMode = "auto",
    ) -> None:
        self.site_url = base_url.rstrip("/")
        key, secret = credentials["consumer_key"], credentials["consumer_secret"]
        mode = auth if auth != "auto" else ("basic" if self.site_url.startswith("https") else "oauth")
        signer: Any
        if mode == "basic":
            signer = (key, secret)
        elif mode == "query":
            signer = QueryKeys(key, secret)
        else:
            signer = OneLeggedSigner(key, secret)
        self.session = ApiSession(f"{self.site_url}/wp-json/wc/v3", auth=signer, policy=policy)
        self.per_page = per_page
        if is_sandbox_host(base_url):
            # no proxy or netrc lookups from the environment on every request: a sandbox is local
            self.session.session.trust_env = False

    # -- the whole store -----------------------------------------------------------------------------------

    def read_store(self) -> Store:
        index, _ = get_json(self.session, f"{self.site_url}/wp-json/")
        general, _ = get_json(self.session, "settings/general")
        tax, _ = get_json(self.session, "settings/tax")
        sandbox = self.optional("settings/sync_sandbox")
        rates = self.list_all("taxes", {"orderby": "id", "order": "asc"})
        header = wire.site_from_wire(wire.Site(index, general, tax, rates, sandbox))
        header = apply_remainder(header, wire.header_remainder(sandbox))
        ctx = wire.WooContext(
            location=header.locations[0].id if header.locations else wire.DEFAULT_LOCATION,
            rates={r.id: r for r in header.tax.rates},
            rate_ids=wire.rate_ids(header.tax.rates),
        )
        product_rows = self.list_all("products", {"orderby": "id", "order": "asc"})
        products = [self.product(row, ctx) for row in product_rows]
        ctx.simple_variants = {
            str(row["id"]): p.variants[0].id
            for row, p in zip(product_rows, products, strict=True)
            if row.get("type") != "variable" and p.variants
        }
        customer_rows = self.list_all("customers", {"orderby": "id", "order": "asc", "role": "all"})
        customers = [
            apply_remainder(wire.customer_from_wire(row), wire.remainder_from(row.get("meta_data") or []))
            for row in customer_rows
        ]
        order_rows = self.list_all("orders", {"orderby": "id", "order": "asc"})
        orders = [
            apply_remainder(
                wire.order_from_wire(row, ctx, self.refunds(row)), wire.remainder_from(row.get("meta_data") or [])
            )
            for row in order_rows
        ]
        hint = wire.record_order_from(sandbox)
        store: Store = replace(
            header,
            products=_reorder(products, [r["id"] for r in product_rows], hint.get("products")),
            customers=_reorder(customers, [r["id"] for r in customer_rows], hint.get("customers")),
            orders=_reorder(orders, [r["id"] for r in order_rows], hint.get("orders")),
        )
        return store

    def product(self, row: Json, ctx: wire.WooContext) -> Product:
        variations = self.list_all(f"products/{row['id']}/variations") if row.get("type") == "variable" else []
        return apply_remainder(
            wire.product_from_wire(row, variations, ctx), wire.remainder_from(row.get("meta_data") or [])
        )

    def refunds(self, row: Json) -> list[Json] | None:
        """Only refunded orders are asked (few): the order lists each refund's id, reason and total only."""
        return self.list_all(f"orders/{row['id']}/refunds") if row.get("refunds") else None

    # -- paging ------------------------------------------------------------------------------------------------

    def list_all(self, path: str, params: Mapping[str, Any] | None = None) -> list[Json]:
        """Every record of a list endpoint, page by page up to the latest ``X-WP-TotalPages``."""
        seen: dict[int, Json] = {}
        page, pages = 1, 1
        while page <= pages:
            rows, response = get_json(self.session, path, {**(params or {}), "per_page": self.per_page, "page": page})
            pages = int(response.headers.get("X-WP-TotalPages") or 0)
            if not rows:
                break
            for row in rows:
                seen.pop(row["id"], None)
                seen[row["id"]] = row
            page += 1
        return sorted(seen.values(), key=lambda r: r["id"])

    def optional(self, path: str) -> list[Json]:
        """A resource only the sandbox has (its own settings group); a real site answers 404."""
        response = self.session.get(path)
        if response.status_code == 404:
            return []
        try:
            rows: list[Json] | None = orjson.loads(response.content) if response.status_code == 200 else None
        except orjson.JSONDecodeError:
            rows = None
        if rows is None:  # an error or a truncated body: ask again the retrying way
            again, _ = get_json(self.session, path)
            return list(again)
        return rows


def _reorder(records: list[Any], wire_ids: list[int], order: list[int] | None) -> list[Any]:
    if not order:
        return records
    position = {wid: index for index, wid in enumerate(order)}
    paired = sorted(zip(wire_ids, records, strict=True), key=lambda pair: position.get(pair[0], len(position)))
    return [record for _, record in paired]


def make_client(base_url: str, credentials: Mapping[str, str], policy: RetryPolicy | None = None) -> WooClient:
    return WooClient(base_url, credentials, policy)
