"""The engine's Shopify reader: the whole store over the Admin REST API, paged and retried.

It reads what a connector reads (store-apis.md §1): products with variants
(cursor pages of 250), inventory items (cost, tracked; 100 ids a request),
inventory levels (50 items a request), customers, orders with ``status=any``
(§1.3: the default is ``open`` and would hide completed orders), the shop,
locations and metafields; then maps them to the canonical Store
(:mod:`harness.platforms.shopify.wire`) and applies each record's remainder.

Retries and ``Retry-After`` come from :class:`ApiSession`; malformed bodies are
retried by :func:`harness.platforms.http.reading.get_json`. Records that
appear twice while paging (page drift) are kept once, last copy wins.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Literal

from harness.model.common import replace
from harness.model.store import Store
from harness.platforms.http.reading import follow_links, get_json
from harness.platforms.http.session import ApiSession, RetryPolicy
from harness.platforms.remainder import apply_remainder
from harness.platforms.shopify import wire
from harness.platforms.shopify.formats import LATEST_VERSION
from harness.sandbox.guard import is_sandbox_host

Json = dict[str, Any]
MetafieldMode = Literal["bulk", "per_owner"]


class ShopifyClient:
    def __init__(
        self,
        base_url: str,
        credentials: Mapping[str, str],
        policy: RetryPolicy | None = None,
        *,
        version: str = LATEST_VERSION,
        page_size: int = 250,
        metafields: MetafieldMode = "bulk",
    ) -> None:
        token = credentials.get("access_token")
        headers = {"X-Shopify-Access-Token": token} if token else {}
        auth = None if token else (credentials["api_key"], credentials["password"])
        self.session = ApiSession(
            f"{base_url.rstrip('/')}/admin/api/{version}", headers=headers, auth=auth, policy=policy
        )
        self.page_size = page_size
        if is_sandbox_host(base_url):
            # no proxy or netrc lookups from the environment on every request: a sandbox is local
            self.session.session.trust_env = False
        self.metafield_mode: MetafieldMode = metafields

    # -- the whole store --------------------------------------------------------------------------------------

    def read_store(self) -> Store:
        shop, _ = get_json(self.session, "shop.json")
        locations = self.list_all("locations.json")
        shop_metafields = self.owner_metafields("shop", None)
        products = self.list_all("products.json")
        items = self.inventory_items(products)
        levels = self.inventory_levels(list(items))
        customers = self.list_all("customers.json")
        orders = self.list_all("orders.json", {"status": "any"})
        metafields = self.metafields(products, customers, orders)

        header = wire.store_header_from_wire(shop["shop"], locations)
        header = apply_remainder(header, wire.remainder_from(shop_metafields))
        canonical_products = [
            apply_remainder(
                wire.product_from_wire(p, items, levels, metafields["product"].get(p["id"], [])),
                wire.remainder_from(metafields["product"].get(p["id"], [])),
            )
            for p in products
        ]
        canonical_customers = [
            apply_remainder(
                wire.customer_from_wire(c, metafields["customer"].get(c["id"], [])),
                wire.remainder_from(metafields["customer"].get(c["id"], [])),
            )
            for c in customers
        ]
        rates = wire.rate_ids(header.tax.rates)
        canonical_orders = [
            apply_remainder(
                wire.order_from_wire(o, rates, self.transactions(o["id"]) if wire.needs_transactions(o) else None),
                wire.remainder_from(metafields["order"].get(o["id"], [])),
            )
            for o in orders
        ]
        hint = wire.record_order_from(shop_metafields)
        store: Store = replace(
            header,
            products=_reorder(canonical_products, [p["id"] for p in products], hint.get("products")),
            customers=_reorder(canonical_customers, [c["id"] for c in customers], hint.get("customers")),
            orders=_reorder(canonical_orders, [o["id"] for o in orders], hint.get("orders")),
        )
        return store

    # -- resources --------------------------------------------------------------------------------------------

    def list_all(self, path: str, params: Mapping[str, Any] | None = None) -> list[Json]:
        """Every record of a list endpoint, following ``Link`` pages; duplicates (drift) collapse by id."""
        query = {"limit": self.page_size, **(params or {})}
        seen: dict[int, Json] = {}
        for body in follow_links(self.session, path, query):
            (rows,) = body.values()
            for row in rows:
                seen.pop(row["id"], None)
                seen[row["id"]] = row
        return sorted(seen.values(), key=lambda r: r["id"])

    def inventory_items(self, products: Iterable[Json]) -> dict[int, Json]:
        ids = [v["inventory_item_id"] for p in products for v in p.get("variants") or [] if v.get("inventory_item_id")]
        out: dict[int, Json] = {}
        for start in range(0, len(ids), 100):
            batch = ids[start : start + 100]
            for body in follow_links(
                self.session, "inventory_items.json", {"ids": ",".join(map(str, batch)), "limit": 100}
            ):
                out.update((i["id"], i) for i in body["inventory_items"])
        return out

    def inventory_levels(self, item_ids: list[int]) -> dict[int, list[Json]]:
        out: dict[int, list[Json]] = {}
        for start in range(0, len(item_ids), 50):
            batch = item_ids[start : start + 50]
            query = {"inventory_item_ids": ",".join(map(str, batch)), "limit": 250}
            for body in follow_links(self.session, "inventory_levels.json", query):
                for level in body["inventory_levels"]:
                    out.setdefault(level["inventory_item_id"], []).append(level)
        return out

    def transactions(self, order_id: int) -> list[Json]:
        """Only split-payment orders are asked (few): the order itself names one gateway's amount."""
        body, _ = get_json(self.session, f"orders/{order_id}/transactions.json")
        rows: list[Json] = body["transactions"]
        return rows

    def owner_metafields(self, resource: str, owner_id: int | None) -> list[Json]:
        if owner_id is None:
            body, _ = get_json(self.session, "metafields.json")
        else:
            body, _ = get_json(self.session, f"{resource}s/{owner_id}/metafields.json")
        rows: list[Json] = body["metafields"]
        return rows

    def metafields(
        self, products: list[Json], customers: list[Json], orders: list[Json]
    ) -> dict[str, dict[int, list[Json]]]:
        """Metafields by owner resource and owner id."""
        out: dict[str, dict[int, list[Json]]] = {"product": {}, "customer": {}, "order": {}}
        if self.metafield_mode == "bulk":
            for resource, grouped in out.items():
                for body in follow_links(
                    self.session, "metafields.json", {"metafield[owner_resource]": resource, "limit": 250}
                ):
                    for m in body["metafields"]:
                        grouped.setdefault(m["owner_id"], []).append(m)
            return out
        for resource, records in (("product", products), ("customer", customers), ("order", orders)):
            for record in records:
                rows = self.owner_metafields(resource, record["id"])
                if rows:
                    out[resource][record["id"]] = rows
        return out


def _reorder(records: list[Any], wire_ids: list[int], order: list[int] | None) -> list[Any]:
    """Put records back in the store's own order when the shop metafield recorded one."""
    if not order:
        return records
    position = {wid: index for index, wid in enumerate(order)}
    paired = sorted(zip(wire_ids, records, strict=True), key=lambda pair: position.get(pair[0], len(position)))
    return [record for _, record in paired]


def make_client(base_url: str, credentials: Mapping[str, str], policy: RetryPolicy | None = None) -> ShopifyClient:
    return ShopifyClient(base_url, credentials, policy)
