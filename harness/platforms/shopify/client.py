"""The engine's Shopify reader: the whole store over the Admin REST API, paged and retried.

It reads what a connector reads (store-apis.md §1): products with variants
(cursor pages of 250), inventory items (cost, tracked; 100 ids a request),
inventory levels location by location (250 a page), customers, orders with ``status=any``
(§1.3: the default is ``open`` and would hide completed orders), the shop,
locations and metafields; then maps them to the canonical Store
(:mod:`harness.platforms.shopify.wire`) and applies each record's remainder.

Retries and ``Retry-After`` come from :class:`ApiSession`; malformed bodies are
retried by :func:`harness.platforms.http.reading.get_json`. Records that
appear twice while paging (page drift) are kept once, last copy wins.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Literal, TypeVar

import msgspec

from harness.heap import gc_paused
from harness.model.common import replace
from harness.model.store import Customer, Order, Product, Store
from harness.platforms.http.reading import follow_links, get_json
from harness.platforms.http.session import ApiSession, RetryPolicy
from harness.platforms.remainder import apply_remainder
from harness.platforms.shopify import wire
from harness.platforms.shopify.formats import LATEST_VERSION
from harness.platforms.shopify.wire_read import CustomersPage, OrdersPage, ProductsPage, WireProduct
from harness.sandbox.guard import is_sandbox_host

Json = dict[str, Any]
R = TypeVar("R")
P = TypeVar("P")
_ORDER_PAGE = msgspec.json.Decoder(OrdersPage)
_CUSTOMER_PAGE = msgspec.json.Decoder(CustomersPage)
_PRODUCT_PAGE = msgspec.json.Decoder(ProductsPage)
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
        with gc_paused():  # millions of short-lived acyclic containers (harness.heap)
            return self._read_store()

    def _read_store(self) -> Store:
        """Each page is mapped to canonical records as it arrives, so only one page of wire JSON is alive."""
        shop, _ = get_json(self.session, "shop.json")
        locations = self.list_all("locations.json")
        shop_metafields = self.owner_metafields("shop", None)
        header = wire.store_header_from_wire(shop["shop"], locations)
        header = apply_remainder(header, wire.remainder_from(shop_metafields))
        rates = wire.rate_ids(header.tax.rates)
        # in bulk mode each resource's metafields are read after its records (the endpoint measures
        # remainders as it serves the records) and applied then: custom fields, then the remainder
        bulk = self.metafield_mode == "bulk"

        def owned(resource: str, owner_id: int) -> list[Json]:
            return [] if bulk else self.owner_metafields(resource, owner_id)

        all_levels = self.location_levels([loc["id"] for loc in locations])
        products: dict[int, Product] = {}
        for product_page in self.typed_pages("products.json", _PRODUCT_PAGE):
            page = product_page.products
            items = self.inventory_items(page)
            levels = {i: all_levels[i] for i in items if i in all_levels}  # kept: a drifted page may repeat
            for p in page:
                found = owned("product", p.id)
                products.pop(p.id, None)  # page drift: the last copy wins
                products[p.id] = apply_remainder(
                    wire.product_from_wire(p, items, levels, found), wire.remainder_from(found)
                )
        del all_levels
        if bulk:
            _apply_metafields(products, self.bulk_metafields(("product",))["product"])
        customers: dict[int, Customer] = {}
        for customer_page in self.typed_pages("customers.json", _CUSTOMER_PAGE):
            for c in customer_page.customers:
                found = owned("customer", c.id)
                customers.pop(c.id, None)
                customers[c.id] = apply_remainder(wire.customer_from_wire(c, found), wire.remainder_from(found))
        if bulk:
            _apply_metafields(customers, self.bulk_metafields(("customer",))["customer"])
        orders: dict[int, Order] = {}
        for order_page in self.typed_pages("orders.json", _ORDER_PAGE, {"status": "any"}):
            for o in order_page.orders:
                transactions = self.transactions(o.id) if wire.needs_transactions(o) else None
                order = wire.order_from_wire(o, rates, transactions)
                if not bulk:
                    order = apply_remainder(order, wire.remainder_from(self.owner_metafields("order", o.id)))
                orders.pop(o.id, None)
                orders[o.id] = order
        if bulk:
            _apply_metafields(orders, self.bulk_metafields(("order",))["order"])
        hint = wire.record_order_from(shop_metafields)
        store: Store = replace(
            header,
            products=_in_order(products, hint.get("products")),
            customers=_in_order(customers, hint.get("customers")),
            orders=_in_order(orders, hint.get("orders")),
        )
        return store

    # -- resources --------------------------------------------------------------------------------------------

    def pages(self, path: str, params: Mapping[str, Any] | None = None) -> Iterator[list[Json]]:
        """The records of each page of a list endpoint, following ``Link`` pages."""
        query = {"limit": self.page_size, **(params or {})}
        for body in follow_links(self.session, path, query):
            (rows,) = body.values()
            yield rows

    def typed_pages(
        self, path: str, decoder: msgspec.json.Decoder[P], params: Mapping[str, Any] | None = None
    ) -> Iterator[P]:
        """Each page decoded straight into the structs of what the mapping reads (wire_read.py)."""
        query = {"limit": self.page_size, **(params or {})}
        yield from follow_links(self.session, path, query, decoder.decode)

    def list_all(self, path: str, params: Mapping[str, Any] | None = None) -> list[Json]:
        """Every record of a list endpoint, following ``Link`` pages; duplicates (drift) collapse by id."""
        seen: dict[int, Json] = {}
        for rows in self.pages(path, params):
            for row in rows:
                seen.pop(row["id"], None)
                seen[row["id"]] = row
        return sorted(seen.values(), key=lambda r: r["id"])

    def inventory_items(self, products: Iterable[WireProduct]) -> dict[int, Json]:
        ids = [v.inventory_item_id for p in products for v in p.variants or [] if v.inventory_item_id]
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

    def location_levels(self, location_ids: list[int]) -> dict[int, list[Json]]:
        """Every inventory level of the listed locations, 250 a page, by inventory item id (locations
        ascending, so each item's levels come in the order the per-item listing gives them)."""
        out: dict[int, list[Json]] = {}
        for location_id in sorted(location_ids):
            for body in follow_links(self.session, f"locations/{location_id}/inventory_levels.json", {"limit": 250}):
                for level in body["inventory_levels"]:
                    kept = {"location_id": level["location_id"], "available": level.get("available")}
                    out.setdefault(level["inventory_item_id"], []).append(kept)
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

    def bulk_metafields(
        self, resources: Iterable[str] = ("product", "customer", "order")
    ) -> dict[str, dict[int, list[Json]]]:
        """Every metafield of the ``resources`` by owner resource and owner id, in a few pages
        (the sandbox's bulk listing, see the endpoint); only namespace, key and value are kept."""
        out: dict[str, dict[int, list[Json]]] = {resource: {} for resource in resources}
        for resource, grouped in out.items():
            for body in follow_links(
                self.session, "metafields.json", {"metafield[owner_resource]": resource, "limit": 250}
            ):
                for m in body["metafields"]:
                    kept = {"namespace": m.get("namespace"), "key": m.get("key"), "value": m.get("value")}
                    grouped.setdefault(m["owner_id"], []).append(kept)
        return out


def _apply_metafields(records: dict[int, R], metafields: Mapping[int, list[Json]]) -> None:
    """Each record with its metafields: custom fields (products, customers), then the remainder."""
    for owner_id, found in metafields.items():
        record = records.get(owner_id)
        if record is None:
            continue
        custom = wire.custom_fields_from(found)
        if custom and hasattr(record, "custom_fields") and not isinstance(record, Order):
            record = replace(record, custom_fields=custom)
        records[owner_id] = apply_remainder(record, wire.remainder_from(found))  # type: ignore[type-var]


def _in_order(records: dict[int, R], order: list[int] | None) -> list[R]:
    """Records by ascending wire id, or in the store's own order when the shop metafield recorded one."""
    ids = sorted(records)
    return _reorder([records[i] for i in ids], ids, order)


def _reorder(records: list[Any], wire_ids: list[int], order: list[int] | None) -> list[Any]:
    """Put records back in the store's own order when the shop metafield recorded one."""
    if not order:
        return records
    position = {wid: index for index, wid in enumerate(order)}
    paired = sorted(zip(wire_ids, records, strict=True), key=lambda pair: position.get(pair[0], len(position)))
    return [record for _, record in paired]


def make_client(base_url: str, credentials: Mapping[str, str], policy: RetryPolicy | None = None) -> ShopifyClient:
    return ShopifyClient(base_url, credentials, policy)
