"""The simulated Shopify Admin REST API (store-apis.md §1), as a WSGI app.

What real clients depend on and is reproduced here:

* versioned paths ``/admin/api/{YYYY-MM}/….json`` (and the unversioned
  ``/admin/….json``); an unknown version is answered by the oldest supported
  one and named in ``X-Shopify-API-Version`` (§1.1);
* single-root JSON bodies, because ShopifyAPI strips the one root key (§1.7);
* cursor paging: absolute ``Link`` headers built from the request host, in the
  exact ``<url>; rel="next"`` form; a ``page_info`` request may carry only
  ``limit`` and ``fields`` (anything else: 400); ``limit`` ≤ 250 (§1.3);
* ``ids=`` and ``ids[]=``, ``since_id``, ``fields``, date filters, orders
  defaulting to ``status=open`` (§1.3);
* ``X-Shopify-Access-Token`` or Basic auth (§1.2); an optional leaky bucket with
  ``X-Shopify-Shop-Api-Call-Limit`` and 429 + ``Retry-After`` (§1.4);
* error bodies as Shopify writes them (§1.5).

Beyond Shopify: ``GET /metafields.json?metafield[owner_resource]=product``
without an owner id lists every product metafield (cursor-paged). Real Shopify
needs an owner id there; the engine-side client uses this extension to read
custom fields of a large store in a few requests (``metafields="per_owner"``
does it the real way).

At scale (100k products, 250k orders) nothing is serialised up front: each
record's JSON is made from the canonical record when a page asks for it, and
its remainder metafield is measured then (under an id reserved by the record's
position), so the endpoint holds indexes, not JSON.
"""

from __future__ import annotations

import base64
import re
import threading
import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

import orjson
from werkzeug.wrappers import Request, Response

from harness.heap import gc_paused
from harness.model.store import Product, Store, Variant
from harness.platforms.http.app import ApiError, EndpointApp, Route, json_response
from harness.platforms.http.clock import Clock
from harness.platforms.http.paging import (
    SortedIds,
    decode_cursor,
    encode_cursor,
    link_header,
    list_param,
    page_link,
    take_matching,
)
from harness.platforms.http.ratelimit import LeakyBucket
from harness.platforms.http.records import PackedRecordSet, Predicate, pack
from harness.platforms.shopify import wire
from harness.platforms.shopify.formats import API_VERSIONS, parse_timestamp, served_version, timestamp, wire_ref

Json = dict[str, Any]

MAX_LIMIT = 250
DEFAULT_LIMIT = 50
PAGING_ONLY = frozenset({"page_info", "limit", "fields"})
OWNER_RESOURCES = {"products": "product", "variants": "variant", "customers": "customer", "orders": "order"}
_VERSION_IN_PATH = re.compile(r"^/admin/api/([^/]+)/")


def _routes() -> tuple[Route, ...]:
    table: list[tuple[str, str, tuple[str, ...]]] = [
        ("shop.json", "get_shop", ("GET",)),
        ("products.json", "list_products", ("GET",)),
        ("products.json", "create_product", ("POST",)),
        ("products/count.json", "count_products", ("GET",)),
        ("products/<int:record_id>.json", "get_product", ("GET",)),
        ("products/<int:record_id>.json", "update_product", ("PUT",)),
        ("products/<int:record_id>.json", "delete_product", ("DELETE",)),
        ("products/<int:product_id>/variants.json", "list_product_variants", ("GET",)),
        ("products/<int:product_id>/variants/count.json", "count_product_variants", ("GET",)),
        ("variants/<int:record_id>.json", "get_variant", ("GET",)),
        ("variants/<int:record_id>.json", "update_variant", ("PUT",)),
        ("inventory_items.json", "list_inventory_items", ("GET",)),
        ("inventory_items/<int:record_id>.json", "get_inventory_item", ("GET",)),
        ("locations.json", "list_locations", ("GET",)),
        ("locations/count.json", "count_locations", ("GET",)),
        ("locations/<int:record_id>.json", "get_location", ("GET",)),
        ("locations/<int:location_id>/inventory_levels.json", "list_location_levels", ("GET",)),
        ("inventory_levels.json", "list_inventory_levels", ("GET",)),
        ("inventory_levels/set.json", "set_inventory_level", ("POST",)),
        ("inventory_levels/adjust.json", "adjust_inventory_level", ("POST",)),
        ("customers.json", "list_customers", ("GET",)),
        ("customers/count.json", "count_customers", ("GET",)),
        ("customers/search.json", "search_customers", ("GET",)),
        ("customers/<int:record_id>.json", "get_customer", ("GET",)),
        ("customers/<int:customer_id>/orders.json", "list_customer_orders", ("GET",)),
        ("orders.json", "list_orders", ("GET",)),
        ("orders/count.json", "count_orders", ("GET",)),
        ("orders/<int:record_id>.json", "get_order", ("GET",)),
        ("orders/<int:order_id>/refunds.json", "list_refunds", ("GET",)),
        ("orders/<int:order_id>/transactions.json", "list_transactions", ("GET",)),
        ("metafields.json", "list_metafields", ("GET",)),
        ("metafields/count.json", "count_metafields", ("GET",)),
        ("metafields/<int:record_id>.json", "get_metafield", ("GET",)),
        (
            "<any(products,variants,customers,orders):owner>/<int:owner_id>/metafields.json",
            "list_owner_metafields",
            ("GET",),
        ),
        (
            "<any(products,variants,customers,orders):owner>/<int:owner_id>/metafields/count.json",
            "count_owner_metafields",
            ("GET",),
        ),
        (
            "<any(products,variants,customers,orders):owner>/<int:owner_id>/metafields.json",
            "create_owner_metafield",
            ("POST",),
        ),
    ]
    routes = [
        Route(f"{prefix}/{path}", name, methods)
        for prefix in ("/admin/api/<version>", "/admin")
        for path, name, methods in table
    ]
    # anything else under /admin: 406 for a format other than .json (§1.5), 404 otherwise
    routes += [
        Route(f"{prefix}/<path:rest>", "unknown_path", ("GET", "POST", "PUT", "DELETE"))
        for prefix in ("/admin/api/<version>", "/admin")
    ]
    return tuple(routes)


class ShopifyEndpoint(EndpointApp):
    """A Shopify store loaded from a canonical :class:`Store`; ``reset()`` reloads it."""

    platform = "shopify"
    routes = _routes()

    def __init__(
        self,
        store: Store,
        *,
        access_token: str = "shpat_sandbox_token",
        api_key: str = "sandbox-api-key",
        password: str = "shppa_sandbox_password",
        myshopify_domain: str = "sandbox-store.myshopify.com",
        rate_limit: bool | LeakyBucket = False,
        clock: Clock | None = None,
        fault_seed: int = 0,
    ) -> None:
        super().__init__(clock=clock, fault_seed=fault_seed)
        self.store = store
        self.access_token = access_token
        self.api_key = api_key
        self.password = password
        self.myshopify_domain = myshopify_domain
        if rate_limit is True:
            self.bucket: LeakyBucket | None = LeakyBucket(40, 2.0, clock=self.clock)
        else:
            self.bucket = rate_limit or None
        self._load()

    # -- state ------------------------------------------------------------------------------------------

    def credentials(self) -> dict[str, str]:
        return {"access_token": self.access_token, "api_key": self.api_key, "password": self.password}

    def reset(self) -> None:
        super().reset()
        if self.bucket is not None:
            self.bucket.reset()
        self._load()

    def _load(self) -> None:
        """Indexes over the Store: products, customers, orders, inventory items and levels are made
        from the canonical records when served (``PackedRecordSet`` lazy records); what a client
        writes is kept packed. The endpoint serves the Store it was given: do not change it meanwhile."""
        with gc_paused():  # millions of short-lived acyclic containers (harness.heap)
            self._load_records()

    def _load_records(self) -> None:
        store = self.store
        self.ids = wire.IdMaps.for_store(store)
        self.shop, locations, shop_metafields = wire.export_shop(store, self.ids, self.myshopify_domain)
        order_hint = wire.record_order_metafield(store, self.ids)
        if order_hint is not None:
            shop_metafields.append(order_hint)
        self.locations = PackedRecordSet("locations")
        for location in locations:
            self.locations.put(location)
        self.metafields = PackedRecordSet("metafields", summarise=_metafield_summary)
        self._owner_metafields: dict[tuple[str, int], list[int]] = {}
        self._resource_metafields: dict[str, SortedIds] = {}
        self._next_metafield = 1_000_000_001
        self._settle_lock = threading.Lock()
        for metafield in shop_metafields:
            self._add_metafield("shop", 1, metafield, None)
        # Products, customers and orders are lazy: each one's JSON is made from the canonical record
        # when it is served and not kept (at 100k products / 250k orders it would hold over a
        # gigabyte). Its remainder metafield is measured then too, under an id reserved by its
        # position, so ids do not depend on the order of requests; custom-field metafields are
        # registered now, from the canonical record.
        listed = frozenset(self.locations.ids)
        ids = self.ids
        by_id = {c.id: c for c in store.customers}
        rates = wire.rate_ids(store.tax.rates)
        self._customers_by_id = by_id
        self._rates = rates
        self._lazy: dict[str, _Lazy] = {
            "product": _Lazy(store.products, lambda p: _bundle_parts(wire.export_product(p, ids, listed))),
            "customer": _Lazy(store.customers, lambda c: wire.export_customer(c, ids)),
            "order": _Lazy(store.orders, lambda o: wire.export_order(o, ids, by_id, rates)),
        }
        self.products = PackedRecordSet(
            "products",
            summarise=_product_summary,
            build=lambda pid: self._build("product", pid),
            describe=self._describe_product,
        )
        # inventory items and levels are made from the canonical variant when asked (``_variant_of``)
        self.items = PackedRecordSet("inventory_items", build=self._build_item)
        self.variant_owner: dict[int, int] = {}
        #: levels that were written (``inventory_levels/set.json``), by item and location; the rest are made
        self.levels: dict[int, dict[int, Json]] = {}
        self._product_position = self._lazy["product"].position
        for position, product in enumerate(store.products):
            pid = ids.products[product.id]
            self._product_position[pid] = position
            self.products.put_lazy(pid)
            for variant in product.variants:
                vid = ids.variants[variant.id]
                self.variant_owner[vid] = pid
                self.items.put_lazy(wire.inventory_item_id(vid))
            for metafield in wire.custom_metafields(product.custom_fields):
                self._add_metafield("product", pid, metafield, timestamp(product.created_at))
        self._reserve("product")
        self.customers = PackedRecordSet(
            "customers",
            summarise=_time_summary,
            build=lambda cid: self._build("customer", cid),
            describe=self._describe_customer,
        )
        for position, customer in enumerate(store.customers):
            cid = ids.customers[customer.id]
            self._lazy["customer"].position[cid] = position
            self.customers.put_lazy(cid)
            for metafield in wire.custom_metafields(customer.custom_fields):
                self._add_metafield("customer", cid, metafield, timestamp(customer.created_at))
        self._reserve("customer")
        self.orders = PackedRecordSet(
            "orders",
            summarise=_order_summary,
            build=lambda oid: self._build("order", oid),
            describe=self._describe_order,
        )
        self._order_position = self._lazy["order"].position
        for position, order in enumerate(store.orders):
            oid = ids.orders[order.id]
            self._order_position[oid] = position
            self.orders.put_lazy(oid)
        self._reserve("order")
        #: ``/transactions.json`` lists of orders that are not lazy (drift adds some), packed
        self.transactions: dict[int, bytes] = {}

    # -- lazy records ------------------------------------------------------------------------------------

    def _reserve(self, resource: str) -> None:
        """One metafield id per record of ``resource`` for its remainder, from here on."""
        lazy = self._lazy[resource]
        lazy.base = self._next_metafield
        self._next_metafield += len(lazy.records)

    def _build(self, resource: str, wire_id: int) -> bytes:
        lazy = self._lazy[resource]
        position = lazy.position[wire_id]
        data, metafields = lazy.export(lazy.records[position])
        self._settle(resource, position, wire_id, metafields, data.get("created_at"))
        return orjson.dumps(data)  # served once and dropped: not worth pack()'s exact-size copy

    def _describe_product(self, pid: int) -> Json:
        """What the product filters read (``_product_summary`` of the wire form), from the canonical product."""
        product: Product = self.store.products[self._product_position[pid]]
        created = timestamp(product.created_at)
        return {
            "title": product.title,
            "vendor": product.vendor,
            "product_type": product.product_type,
            "handle": wire.handle(product.title, pid),
            "status": product.status,
            "published_at": created if product.status == "active" else None,
            "created_at": created,
            "updated_at": timestamp(product.updated_at),
        }

    def _describe_customer(self, cid: int) -> Json:
        customer = self.store.customers[self._lazy["customer"].position[cid]]
        created = timestamp(customer.created_at)
        return {"created_at": created, "updated_at": created}

    def _describe_order(self, oid: int) -> Json:
        """What the order filters read (``_order_summary`` of the wire form), from the canonical order."""
        order = self.store.orders[self._order_position[oid]]
        status = wire.status_to_wire(order)
        summary = {key: status[key] for key in ("closed_at", "cancelled_at", "financial_status", "fulfillment_status")}
        summary["name"] = order.number
        summary["created_at"] = timestamp(order.created_at)
        summary["updated_at"] = timestamp(order.updated_at)
        summary["customer_id"] = (
            wire_ref(order.customer_id, self.ids.customers) if order.customer_id is not None else None
        )
        return summary

    def _settle(self, resource: str, position: int, wire_id: int, metafields: list[Json], created: str | None) -> None:
        """Register the remainder metafield (if any) of the record at ``position`` once (the custom-field
        ones were registered at load; the threaded local server may build one record twice at a time)."""
        lazy = self._lazy[resource]
        with self._settle_lock:
            if lazy.settled[position]:
                return
            lazy.settled[position] = 1
            lazy.unsettled -= 1
            for metafield in metafields:
                if metafield.get("namespace") == wire.SANDBOX_NAMESPACE and metafield.get("key") == wire.REMAINDER_KEY:
                    self._add_metafield(resource, wire_id, metafield, created, metafield_id=lazy.base + position)

    def _settle_at(self, resource: str, position: int) -> None:
        lazy = self._lazy[resource]
        if 0 <= position < len(lazy.settled) and not lazy.settled[position]:
            data, metafields = lazy.export(lazy.records[position])
            self._settle(resource, position, int(data["id"]), metafields, data.get("created_at"))

    def _settle_owner(self, resource: str, owner_id: int) -> None:
        lazy = self._lazy.get(resource)
        if lazy is not None and owner_id in lazy.position:
            self._settle_at(resource, lazy.position[owner_id])

    def _settle_all(self, resource: str) -> None:
        """Every record's metafields, before a listing of all the metafields of ``resource``."""
        lazy = self._lazy.get(resource)
        if lazy is not None and lazy.unsettled:
            with gc_paused():
                for position in range(len(lazy.settled)):
                    self._settle_at(resource, position)

    def _owned(self, resource: str, owner_id: int) -> list[int]:
        """The ids of an owner's metafields, oldest first: custom fields, the reserved remainder, any added."""
        added = self._owner_metafields.get((resource, owner_id), [])
        lazy = self._lazy.get(resource)
        position = lazy.position.get(owner_id) if lazy is not None else None
        if lazy is None or position is None or lazy.base + position not in self.metafields:
            return added
        customs = len(getattr(lazy.records[position], "custom_fields", {})) if resource != "order" else 0
        return [*added[:customs], lazy.base + position, *added[customs:]]

    def _variant_of(self, vid: int) -> tuple[Product, Variant] | None:
        """The loaded canonical product and variant behind a wire variant id (None for one made since)."""
        pid = self.variant_owner.get(vid)
        position = self._product_position.get(pid) if pid is not None else None
        if position is None:
            return None
        product = self.store.products[position]
        for variant in product.variants:
            if self.ids.variants.get(variant.id) == vid:
                return product, variant
        return None

    def _build_item(self, item_id: int) -> bytes:
        found = self._variant_of(item_id - wire.INVENTORY_ITEM_OFFSET)
        if found is None:
            raise KeyError(item_id)
        product, variant = found
        created, updated = timestamp(product.created_at), timestamp(product.updated_at)
        return orjson.dumps(wire.item_to_wire(variant, item_id, created, updated))  # lazy: served and dropped

    def _levels_of(self, item_id: int) -> dict[int, Json]:
        """An item's levels by location id: written ones as written, the others made from the variant."""
        written = self.levels.get(item_id)
        if written is not None:
            return written
        found = self._variant_of(item_id - wire.INVENTORY_ITEM_OFFSET)
        if found is None:
            return {}
        product, variant = found
        levels = wire.levels_to_wire(variant, item_id, timestamp(product.updated_at), self.ids)
        return {level["location_id"]: level for level in levels}

    def _add_metafield(
        self, resource: str, owner_id: int, metafield: Json, created: str | None, *, metafield_id: int | None = None
    ) -> Json:
        """A new metafield; ``metafield_id`` is a reserved id (a lazy order's), which goes before the
        owner's other metafields as it would have had it been made when the store was loaded."""
        reserved = metafield_id is not None
        if metafield_id is None:
            metafield_id = self._next_metafield
            self._next_metafield += 1
        stamp = created or timestamp(self.clock.now())
        record = {
            "id": metafield_id,
            "namespace": metafield["namespace"],
            "key": metafield["key"],
            "value": metafield["value"],
            "type": metafield.get("type", "single_line_text_field"),
            "description": metafield.get("description"),
            "owner_id": owner_id,
            "owner_resource": resource,
            "created_at": stamp,
            "updated_at": stamp,
            "admin_graphql_api_id": f"gid://shopify/Metafield/{metafield_id}",
        }
        self.metafields.put(record)
        if not reserved:  # a reserved id is found from its owner's position (``_owned``)
            self._owner_metafields.setdefault((resource, owner_id), []).append(metafield_id)
        self._resource_metafields.setdefault(resource, SortedIds()).add(metafield_id)
        return record

    # -- protocol: versions, auth, limits, errors ------------------------------------------------------------

    def handle(self, request: Request) -> Response:
        response = super().handle(request)
        match = _VERSION_IN_PATH.match(request.path)
        response.headers["X-Shopify-API-Version"] = served_version(match.group(1) if match else None)
        response.headers.setdefault("X-Request-Id", str(uuid.uuid4()))
        return response

    def authenticate(self, request: Request, route: str) -> Response | None:
        if request.headers.get("X-Shopify-Access-Token") == self.access_token:
            return None
        auth = request.authorization
        if (
            auth is not None
            and auth.type == "basic"
            and (auth.username, auth.password)
            == (
                self.api_key,
                self.password,
            )
        ):
            return None
        return json_response(
            {"errors": "[API] Invalid API key or access token (unrecognized login or wrong password)"}, status=401
        )

    def dispatch(self, request: Request, route: str, values: dict[str, Any]) -> Response:
        values.pop("version", None)
        if self.bucket is not None:
            decision = self.bucket.take()
            if not decision.allowed:
                response = self.throttled(request, max(decision.retry_after, 1.0))
                response.headers["X-Shopify-Shop-Api-Call-Limit"] = f"{decision.capacity}/{decision.capacity}"
                return response
            call_limit = f"{decision.used}/{decision.capacity}"
        else:
            call_limit = "1/40"
        response = super().dispatch(request, route, values)
        response.headers["X-Shopify-Shop-Api-Call-Limit"] = call_limit
        return response

    def render_error(self, request: Request, error: ApiError) -> Response:
        body: Any = error.extra.get("errors", error.message)
        return json_response({"errors": body}, status=error.status)

    def throttled(self, request: Request, retry_after: float) -> Response:
        response = json_response(
            {
                "errors": "Exceeded 2 calls per second for api client. Reduce request rates to resume "
                "uninterrupted service."
            },
            status=429,
        )
        response.headers["Retry-After"] = str(float(retry_after))
        return response

    def server_error(self, request: Request, status: int) -> Response:
        return json_response({"errors": "Internal Server Error"}, status=status)

    # -- paging -------------------------------------------------------------------------------------------------

    def _page(
        self,
        request: Request,
        collection: PackedRecordSet,
        filters_from: Callable[[Mapping[str, str]], Predicate | None],
        filter_keys: frozenset[str],
        defaults: Mapping[str, str] | None = None,
        scope: str = "",
        index_from: Callable[[Mapping[str, str]], SortedIds] | None = None,
    ) -> Response:
        """One page of ``collection`` with Shopify's cursor rules (store-apis.md §1.3)."""
        args = request.args
        limit = _limit(args.get("limit"))
        fields = _fields(args.get("fields"))
        page_info = args.get("page_info")
        if page_info is not None:
            extra = sorted(k for k in args if k not in PAGING_ONLY)
            if extra:
                name = extra[0].removesuffix("[]")
                raise ApiError(
                    400,
                    "",
                    errors={
                        name: f"{name} cannot be passed when page_info is present. See "
                        "https://shopify.dev/api/usage/pagination-rest for more "
                        "information."
                    },
                )
            cursor = decode_cursor(page_info)
            if cursor is None or cursor.get("r") != collection.root + scope or not isinstance(cursor.get("l"), int):
                raise ApiError(400, "", errors={"page_info": "Invalid value."})
            filters: dict[str, str] = dict(cursor.get("f") or {})
            last: int | None = cursor["l"]
            backwards = cursor.get("d") == "prev"
        else:
            filters = dict(defaults or {})
            for key in filter_keys:
                values = list_param(args, key) if key == "ids" else None
                if values is not None:
                    filters[key] = ",".join(values)
                elif args.get(key) is not None:
                    filters[key] = args[key]
            last, backwards = None, False
        ids = [int(i) for i in filters["ids"].split(",") if i.strip().isdigit()] if "ids" in filters else None
        since_id = int(filters.get("since_id") or 0)
        keep = filters_from(filters)
        index = index_from(filters) if index_from is not None else None
        page, more = take_matching(collection.candidates(ids, since_id, last, backwards, index), keep, limit)
        if backwards:
            page.reverse()
        has_previous = more if backwards else last is not None
        has_next = True if backwards else more
        links = []
        base: dict[str, Any] = {}
        if args.get("limit") is not None:
            base["limit"] = limit
        if fields:
            base["fields"] = ",".join(fields)
        r = collection.root + scope
        if page and has_previous:
            token = encode_cursor({"r": r, "f": filters, "l": page[0], "d": "prev"})
            links.append(("previous", page_link(request, {**base, "page_info": token})))
        if page and has_next:
            token = encode_cursor({"r": r, "f": filters, "l": page[-1], "d": "next"})
            links.append(("next", page_link(request, {**base, "page_info": token})))
        response = Response(collection.body(page, fields), content_type="application/json; charset=utf-8")
        header = link_header(links)
        if header:
            response.headers["Link"] = header
        return response

    def _count(
        self,
        request: Request,
        collection: PackedRecordSet,
        filters_from: Callable[[Mapping[str, str]], Predicate | None],
        filter_keys: frozenset[str],
        defaults: Mapping[str, str] | None = None,
    ) -> Response:
        args = request.args
        filters = dict(defaults or {})
        for key in filter_keys:
            values = list_param(args, key) if key == "ids" else None
            if values is not None:
                filters[key] = ",".join(values)
            elif args.get(key) is not None:
                filters[key] = args[key]
        ids = [int(i) for i in filters["ids"].split(",") if i.strip().isdigit()] if "ids" in filters else None
        keep = filters_from(filters)
        found = collection.candidates(ids, int(filters.get("since_id") or 0), None, False)
        return json_response({"count": sum(1 for i in found if keep is None or keep(i))})

    def _one(self, collection: PackedRecordSet, record_id: int, root: str) -> Response:
        if record_id not in collection:
            raise ApiError(404, "Not Found")
        return Response(
            b'{"' + root.encode() + b'":' + collection.encoded(record_id) + b"}",
            content_type="application/json; charset=utf-8",
        )

    # -- filters ----------------------------------------------------------------------------------------------

    def _date_filter(self, collection: PackedRecordSet, filters: Mapping[str, str]) -> list[Predicate]:
        tests: list[Predicate] = []
        for prefix, index in (("created_at", 0), ("updated_at", 1), ("processed_at", 0)):
            for suffix, newer in (("_min", True), ("_max", False)):
                raw = filters.get(prefix + suffix)
                if not raw:
                    continue
                bound = _parse_bound(raw)
                tests.append(_time_test(collection, index, bound, newer))
        return tests

    def _product_filter(self, filters: Mapping[str, str]) -> Predicate | None:
        tests = self._date_filter(self.products, filters)
        records = self.products.summary
        for key in ("title", "vendor", "product_type"):
            if filters.get(key):
                tests.append(_field_equals(records, key, filters[key]))
        for key in ("handle", "status"):
            if filters.get(key):
                tests.append(_field_in(records, key, set(filters[key].split(","))))
        published = filters.get("published_status", "any")
        if published in ("published", "unpublished"):
            want = published == "published"
            tests.append(lambda i: (records(i).get("published_at") is not None) == want)
        return _all(tests)

    def _customer_filter(self, filters: Mapping[str, str]) -> Predicate | None:
        return _all(self._date_filter(self.customers, filters))

    def _order_filter(self, filters: Mapping[str, str]) -> Predicate | None:
        records = self.orders.summary
        tests = self._date_filter(self.orders, filters)
        status = filters.get("status", "open")
        if status == "open":
            tests.append(lambda i: not records(i).get("closed_at") and not records(i).get("cancelled_at"))
        elif status == "closed":
            tests.append(lambda i: bool(records(i).get("closed_at")))
        elif status == "cancelled":
            tests.append(lambda i: bool(records(i).get("cancelled_at")))
        financial = filters.get("financial_status", "any")
        if financial not in ("any", ""):
            tests.append(_field_in(records, "financial_status", set(financial.split(","))))
        fulfillment = filters.get("fulfillment_status", "any")
        if fulfillment in ("shipped", "fulfilled"):
            tests.append(lambda i: records(i).get("fulfillment_status") == "fulfilled")
        elif fulfillment in ("unshipped", "unfulfilled"):
            tests.append(lambda i: records(i).get("fulfillment_status") in (None, "partial"))
        if filters.get("name"):
            wanted = filters["name"]
            tests.append(lambda i: records(i).get("name") in (wanted, f"#{wanted}"))
        if filters.get("customer_id"):
            owner = int(filters["customer_id"])
            tests.append(lambda i: records(i).get("customer_id") == owner)
        return _all(tests)

    def _metafield_filter(self, filters: Mapping[str, str]) -> Predicate | None:
        records = self.metafields.summary
        tests: list[Predicate] = []
        for key in ("namespace", "key"):
            if filters.get(key):
                tests.append(_field_equals(records, key, filters[key]))
        return _all(tests)

    # -- shop, products, variants ---------------------------------------------------------------------------

    def get_shop(self, request: Request) -> Response:
        return json_response({"shop": self.shop})

    PRODUCT_FILTERS = frozenset(
        {
            "ids",
            "since_id",
            "title",
            "vendor",
            "handle",
            "product_type",
            "status",
            "collection_id",
            "created_at_min",
            "created_at_max",
            "updated_at_min",
            "updated_at_max",
            "published_at_min",
            "published_at_max",
            "published_status",
            "presentment_currencies",
        }
    )

    def list_products(self, request: Request) -> Response:
        return self._page(request, self.products, self._product_filter, self.PRODUCT_FILTERS)

    def count_products(self, request: Request) -> Response:
        return self._count(request, self.products, self._product_filter, self.PRODUCT_FILTERS)

    def get_product(self, request: Request, record_id: int) -> Response:
        return self._one(self.products, record_id, "product")

    def create_product(self, request: Request) -> Response:
        body = _body(request, "product")
        if not body.get("title"):
            raise ApiError(422, "", errors={"title": ["can't be blank"]})
        pid = max(self.products.ids.max(), 1) + 1
        now = timestamp(self.clock.now())
        product = _new_product(body, pid, now, self.variant_owner)
        self.products.put(product)
        for variant in product["variants"]:
            self.variant_owner[variant["id"]] = pid
            self.items.put(
                {
                    "id": variant["inventory_item_id"],
                    "sku": variant["sku"],
                    "cost": None,
                    "tracked": True,
                    "requires_shipping": True,
                    "created_at": now,
                    "updated_at": now,
                }
            )
        return json_response({"product": product}, status=201)

    def update_product(self, request: Request, record_id: int) -> Response:
        product = self.products.edit(record_id)
        if product is None:
            raise ApiError(404, "Not Found")
        body = _body(request, "product")
        for key, value in body.items():
            if key in ("id", "variants", "options", "created_at", "admin_graphql_api_id"):
                continue
            product[key] = value
        for change in body.get("variants") or []:
            for variant in product["variants"]:
                if variant["id"] == change.get("id"):
                    variant.update({k: v for k, v in change.items() if k not in ("inventory_quantity", "id")})
        product["updated_at"] = timestamp(self.clock.now())
        self.products.changed(record_id)
        return json_response({"product": product})

    def delete_product(self, request: Request, record_id: int) -> Response:
        if self.products.remove(record_id) is None:
            raise ApiError(404, "Not Found")
        return json_response({})

    def list_product_variants(self, request: Request, product_id: int) -> Response:
        product = self.products.get(product_id)
        if product is None:
            raise ApiError(404, "Not Found")
        return json_response({"variants": product["variants"]})

    def count_product_variants(self, request: Request, product_id: int) -> Response:
        product = self.products.get(product_id)
        if product is None:
            raise ApiError(404, "Not Found")
        return json_response({"count": len(product["variants"])})

    def get_variant(self, request: Request, record_id: int) -> Response:
        owner = self.variant_owner.get(record_id)
        product = self.products.get(owner) if owner is not None else None
        for variant in (product or {}).get("variants", []):
            if variant["id"] == record_id:
                return json_response({"variant": variant})
        raise ApiError(404, "Not Found")

    def update_variant(self, request: Request, record_id: int) -> Response:
        """Price, SKU, barcode, tax and option changes; ``inventory_quantity`` is ignored (§1.6: read-only)."""
        owner = self.variant_owner.get(record_id)
        product = self.products.edit(owner) if owner is not None else None
        body = _body(request, "variant")
        for variant in (product or {}).get("variants", []):
            if variant["id"] == record_id:
                read_only = ("id", "product_id", "inventory_item_id", "inventory_quantity", "old_inventory_quantity")
                variant.update({k: v for k, v in body.items() if k not in read_only})
                variant["updated_at"] = timestamp(self.clock.now())
                item = self.items.edit(variant["inventory_item_id"])
                if item is not None and "sku" in body:
                    item["sku"] = body["sku"] or ""
                    self.items.changed(item["id"])
                self.products.changed(int(owner or 0))
                return json_response({"variant": variant})
        raise ApiError(404, "Not Found")

    # -- inventory ------------------------------------------------------------------------------------------------

    def list_inventory_items(self, request: Request) -> Response:
        ids = list_param(request.args, "ids")
        if not ids and "page_info" not in request.args:
            raise ApiError(400, "", errors={"ids": "Required parameter missing or invalid"})
        if ids and len(ids) > 100:
            raise ApiError(422, "", errors={"ids": ["must have at most 100 ids"]})
        return self._page(request, self.items, lambda f: None, frozenset({"ids"}))

    def get_inventory_item(self, request: Request, record_id: int) -> Response:
        return self._one(self.items, record_id, "inventory_item")

    def list_locations(self, request: Request) -> Response:
        return Response(
            self.locations.body(list(self.locations.ids), None), content_type="application/json; charset=utf-8"
        )

    def count_locations(self, request: Request) -> Response:
        return json_response({"count": len(self.locations)})

    def get_location(self, request: Request, record_id: int) -> Response:
        return self._one(self.locations, record_id, "location")

    def list_location_levels(self, request: Request, location_id: int) -> Response:
        if location_id not in self.locations:
            raise ApiError(404, "Not Found")
        return self._levels(request, None, [location_id])

    def list_inventory_levels(self, request: Request) -> Response:
        items = list_param(request.args, "inventory_item_ids")
        locations = list_param(request.args, "location_ids")
        if "page_info" not in request.args and not items and not locations:
            raise ApiError(422, "", errors={"base": ["inventory_item_ids or location_ids must be present"]})
        for name, values in (("inventory_item_ids", items), ("location_ids", locations)):
            if values and len(values) > 50:
                raise ApiError(422, "", errors={name: ["must have at most 50 ids"]})
        return self._levels(
            request,
            [int(i) for i in items if i.isdigit()] if items else None,
            [int(i) for i in locations if i.isdigit()] if locations else None,
        )

    def _levels(self, request: Request, items: list[int] | None, locations: list[int] | None) -> Response:
        """Levels ordered by (item, location); the cursor is the last pair served."""
        args = request.args
        limit = _limit(args.get("limit"))
        last = (0, 0)
        page_info = args.get("page_info")
        if page_info is not None:
            cursor = decode_cursor(page_info)
            if cursor is None or cursor.get("r") != "inventory_levels":
                raise ApiError(400, "", errors={"page_info": "Invalid value."})
            items, locations = cursor.get("i"), cursor.get("o")
            last = (int(cursor["l"][0]), int(cursor["l"][1]))
        wanted = set(locations) if locations is not None else None
        source = SortedIds(items) if items is not None else self.items.ids
        page: list[Json] = []
        more = False
        for item_id in source.after(last[0] - 1):
            levels = self._levels_of(item_id)
            for location_id in sorted(levels):
                if (item_id, location_id) <= last or (wanted is not None and location_id not in wanted):
                    continue
                if len(page) == limit:
                    more = True
                    break
                page.append(levels[location_id])
            if more:
                break
        response = json_response({"inventory_levels": page})
        if more:
            token = encode_cursor(
                {
                    "r": "inventory_levels",
                    "i": items,
                    "o": locations,
                    "l": [page[-1]["inventory_item_id"], page[-1]["location_id"]],
                }
            )
            params = {"limit": limit, "page_info": token} if args.get("limit") else {"page_info": token}
            response.headers["Link"] = link_header([("next", page_link(request, params))]) or ""
        return response

    def set_inventory_level(self, request: Request) -> Response:
        return self._write_level(request, adjust=False)

    def adjust_inventory_level(self, request: Request) -> Response:
        return self._write_level(request, adjust=True)

    def _write_level(self, request: Request, *, adjust: bool) -> Response:
        body = request.get_json(silent=True) or {}
        item_id, location_id = _int_or_none(body.get("inventory_item_id")), _int_or_none(body.get("location_id"))
        if item_id is None or location_id is None or item_id not in self.items or location_id not in self.locations:
            raise ApiError(422, "", errors=["Inventory item or location does not exist"])
        if item_id not in self.levels:
            self.levels[item_id] = self._levels_of(item_id)
        level = self.levels[item_id].get(location_id)
        if level is None:
            level = {"inventory_item_id": item_id, "location_id": location_id, "available": 0}
            self.levels[item_id][location_id] = level
        if adjust:
            level["available"] = int(level.get("available") or 0) + int(body.get("available_adjustment") or 0)
        else:
            level["available"] = int(body.get("available") or 0)
        level["updated_at"] = timestamp(self.clock.now())
        owner = self.variant_owner.get(item_id - wire.INVENTORY_ITEM_OFFSET)
        product = self.products.edit(owner) if owner is not None else None
        if owner is not None and product is not None:
            for variant in product["variants"]:
                if variant["inventory_item_id"] == item_id:
                    variant["inventory_quantity"] = sum(
                        int(lv.get("available") or 0) for lv in self.levels[item_id].values()
                    )
            self.products.changed(owner)
        return json_response({"inventory_level": level})

    # -- customers -------------------------------------------------------------------------------------------

    CUSTOMER_FILTERS = frozenset(
        {"ids", "since_id", "created_at_min", "created_at_max", "updated_at_min", "updated_at_max"}
    )

    def list_customers(self, request: Request) -> Response:
        return self._page(request, self.customers, self._customer_filter, self.CUSTOMER_FILTERS)

    def count_customers(self, request: Request) -> Response:
        return self._count(request, self.customers, self._customer_filter, self.CUSTOMER_FILTERS)

    def get_customer(self, request: Request, record_id: int) -> Response:
        return self._one(self.customers, record_id, "customer")

    def search_customers(self, request: Request) -> Response:
        """``query=email:bob@x.com`` or free text over names, email and phone (simplified)."""
        query = (request.args.get("query") or "").strip().lower()
        limit = _limit(request.args.get("limit"))
        terms = [t.split(":", 1) if ":" in t else ["", t] for t in query.split()]
        found = []
        for cid in self.customers.ids:
            record = self.customers.records[cid]
            if all(_customer_matches(record, field, value) for field, value in terms):
                found.append(cid)
                if len(found) == limit:
                    break
        return Response(
            self.customers.body(found, _fields(request.args.get("fields"))),
            content_type="application/json; charset=utf-8",
        )

    # -- orders ------------------------------------------------------------------------------------------------

    ORDER_FILTERS = frozenset(
        {
            "ids",
            "since_id",
            "status",
            "financial_status",
            "fulfillment_status",
            "name",
            "created_at_min",
            "created_at_max",
            "updated_at_min",
            "updated_at_max",
            "processed_at_min",
            "processed_at_max",
            "attribution_app_id",
        }
    )

    def list_orders(self, request: Request) -> Response:
        return self._page(request, self.orders, self._order_filter, self.ORDER_FILTERS, {"status": "open"})

    def count_orders(self, request: Request) -> Response:
        return self._count(request, self.orders, self._order_filter, self.ORDER_FILTERS, {"status": "open"})

    def get_order(self, request: Request, record_id: int) -> Response:
        return self._one(self.orders, record_id, "order")

    def list_customer_orders(self, request: Request, customer_id: int) -> Response:
        if customer_id not in self.customers:
            raise ApiError(404, "Not Found")
        defaults = {"status": "open", "customer_id": str(customer_id)}
        return self._page(
            request, self.orders, self._order_filter, self.ORDER_FILTERS, defaults, scope=f":c{customer_id}"
        )

    def list_refunds(self, request: Request, order_id: int) -> Response:
        order = self.orders.get(order_id)
        if order is None:
            raise ApiError(404, "Not Found")
        return json_response({"refunds": order.get("refunds") or []})

    def list_transactions(self, request: Request, order_id: int) -> Response:
        if order_id not in self.orders:
            raise ApiError(404, "Not Found")
        listed = self.transactions.get(order_id)
        if listed is None:
            position = self._order_position.get(order_id)
            order = self.store.orders[position] if position is not None else None
            listed = pack(wire.transactions_to_wire(order, order_id)) if order is not None else b"[]"
        return Response(
            b'{"transactions":' + listed + b"}",
            content_type="application/json; charset=utf-8",
        )

    # -- metafields ---------------------------------------------------------------------------------------------

    def list_metafields(self, request: Request) -> Response:
        owner_id = request.args.get("metafield[owner_id]")
        resource = request.args.get("metafield[owner_resource]")
        keys = frozenset({"namespace", "key", "since_id", "metafield[owner_resource]"})
        if owner_id is not None and resource is not None:
            return self._owner_page(request, resource, int(owner_id) if owner_id.isdigit() else -1)
        if resource is not None or "page_info" in request.args:
            # the sandbox's bulk listing (module docstring): every metafield of one owner resource
            return self._page(
                request, self.metafields, self._metafield_filter, keys, scope=":bulk", index_from=self._resource_index
            )
        return self._owner_page(request, "shop", 1)

    def _resource_index(self, filters: Mapping[str, str]) -> SortedIds:
        self._settle_all(filters.get("metafield[owner_resource]", ""))
        return self._resource_metafields.get(filters.get("metafield[owner_resource]", ""), SortedIds())

    def count_metafields(self, request: Request) -> Response:
        return json_response({"count": len(self._owner_metafields.get(("shop", 1), []))})

    def get_metafield(self, request: Request, record_id: int) -> Response:
        for resource, lazy in self._lazy.items():
            self._settle_at(resource, record_id - lazy.base)
        return self._one(self.metafields, record_id, "metafield")

    def list_owner_metafields(self, request: Request, owner: str, owner_id: int) -> Response:
        collection = {"products": self.products, "customers": self.customers, "orders": self.orders}.get(owner)
        known = owner_id in collection if collection is not None else owner_id in self.variant_owner
        if not known:
            raise ApiError(404, "Not Found")
        return self._owner_page(request, OWNER_RESOURCES[owner], owner_id)

    def count_owner_metafields(self, request: Request, owner: str, owner_id: int) -> Response:
        self.list_owner_metafields(request, owner, owner_id)  # 404 for an unknown owner (and settles it)
        return json_response({"count": len(self._owned(OWNER_RESOURCES[owner], owner_id))})

    def _owner_page(self, request: Request, resource: str, owner_id: int) -> Response:
        self._settle_owner(resource, owner_id)
        ids = self._owned(resource, owner_id)
        keep = self._metafield_filter({k: request.args[k] for k in ("namespace", "key") if k in request.args})
        rows = [self.metafields.records[i] for i in ids if keep is None or keep(i)]
        return json_response({"metafields": rows})

    def create_owner_metafield(self, request: Request, owner: str, owner_id: int) -> Response:
        body = _body(request, "metafield")
        missing = [k for k in ("namespace", "key", "value") if body.get(k) in (None, "")]
        if missing:
            raise ApiError(422, "", errors={k: ["can't be blank"] for k in missing})
        self._settle_owner(OWNER_RESOURCES[owner], owner_id)
        record = self._add_metafield(OWNER_RESOURCES[owner], owner_id, body, None)
        return json_response({"metafield": record}, status=201)

    def unknown_path(self, request: Request, rest: str) -> Response:
        if "." in rest.rsplit("/", 1)[-1] and not rest.endswith(".json"):
            return Response(b"", status=406)
        raise ApiError(404, "Not Found")

    # -- page drift ----------------------------------------------------------------------------------------------

    def drift(self, request: Request) -> None:
        """A new record appears in the collection being listed (as if a customer just ordered)."""
        path = request.path
        collection = next(
            (
                c
                for name, c in (("orders", self.orders), ("customers", self.customers), ("products", self.products))
                if f"/{name}" in path
            ),
            None,
        )
        if collection is None or not len(collection):
            return
        template = collection.records[collection.ids.max()]
        new_id = collection.ids.max() + 1
        record: Json = orjson.loads(orjson.dumps(template))
        record["id"] = new_id
        now = timestamp(self.clock.now())
        record["created_at"] = record["updated_at"] = now
        if collection is self.orders:
            record["name"] = f"#D{new_id}"
            self.transactions[new_id] = b"[]"
        if collection is self.products:
            offset = 10**12
            for variant in record["variants"]:
                variant["id"] += offset
                variant["product_id"] = new_id
                variant["inventory_item_id"] += offset
                self.variant_owner[variant["id"]] = new_id
        collection.put(record)


# -- helpers ------------------------------------------------------------------------------------------------------


def _limit(raw: str | None) -> int:
    """Shopify's ``limit``: default 50, at most 250 (store-apis.md §1.3); larger values are capped."""
    if raw is None or raw == "":
        return DEFAULT_LIMIT
    try:
        value = int(raw)
    except ValueError:
        raise ApiError(400, "", errors={"limit": "Invalid value."}) from None
    if value < 1:
        raise ApiError(400, "", errors={"limit": "Invalid value."})
    return min(value, MAX_LIMIT)


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _fields(raw: str | None) -> list[str] | None:
    if not raw:
        return None
    return [f.strip() for f in raw.split(",") if f.strip()]


def _body(request: Request, root: str) -> Json:
    data = request.get_json(silent=True)
    if not isinstance(data, dict) or not isinstance(data.get(root), dict):
        raise ApiError(400, "", errors={root: "Required parameter missing or invalid"})
    body: Json = data[root]
    return body


def _parse_bound(raw: str) -> datetime:
    try:
        value = parse_timestamp(raw.replace(" ", "+"))
    except ValueError:
        value = None
    if value is None:
        raise ApiError(400, "", errors={"base": [f"invalid date {raw!r}"]})
    return value


def _time_test(collection: PackedRecordSet, index: int, bound: datetime, newer: bool) -> Predicate:
    def test(record_id: int) -> bool:
        value = collection.times(record_id)[index]
        if value is None:
            return False
        try:
            return value >= bound if newer else value <= bound
        except TypeError:  # naive vs aware: compare wall clocks
            return (
                value.replace(tzinfo=None) >= bound.replace(tzinfo=None)
                if newer
                else (value.replace(tzinfo=None) <= bound.replace(tzinfo=None))
            )

    return test


def _field_equals(records: Callable[[int], Json], key: str, wanted: str) -> Predicate:
    return lambda i: records(i).get(key) == wanted


def _field_in(records: Callable[[int], Json], key: str, wanted: set[str]) -> Predicate:
    return lambda i: records(i).get(key) in wanted


_PRODUCT_FILTERED = ("title", "vendor", "product_type", "handle", "status", "published_at", "created_at", "updated_at")
_ORDER_FILTERED = (
    "closed_at",
    "cancelled_at",
    "financial_status",
    "fulfillment_status",
    "name",
    "created_at",
    "updated_at",
)


def _product_summary(record: Json) -> Json:
    return {key: record.get(key) for key in _PRODUCT_FILTERED}


def _order_summary(record: Json) -> Json:
    summary = {key: record.get(key) for key in _ORDER_FILTERED}
    summary["customer_id"] = (record.get("customer") or {}).get("id")
    return summary


def _time_summary(record: Json) -> Json:
    return {"created_at": record.get("created_at"), "updated_at": record.get("updated_at")}


def _metafield_summary(record: Json) -> Json:
    """Shared by every metafield with the same namespace and key (summaries are only read)."""
    namespace, key = record.get("namespace"), record.get("key")
    found = _METAFIELD_SUMMARIES.get((namespace, key))
    if found is None:
        found = {"namespace": namespace, "key": key}
        if len(_METAFIELD_SUMMARIES) < 4096:
            _METAFIELD_SUMMARIES[(namespace, key)] = found
    return found


_METAFIELD_SUMMARIES: dict[tuple[Any, Any], Json] = {}


def _all(tests: list[Predicate]) -> Predicate | None:
    if not tests:
        return None
    if len(tests) == 1:
        return tests[0]
    return lambda i: all(test(i) for test in tests)


def _customer_matches(record: Json, field: str, value: str) -> bool:
    if field:
        return str(record.get(field) or "").lower() == value
    haystack = " ".join(str(record.get(k) or "") for k in ("first_name", "last_name", "email", "phone")).lower()
    return value in haystack


def _new_product(body: Json, pid: int, now: str | None, taken: Mapping[int, int]) -> Json:
    variants = body.get("variants") or [{}]
    next_variant = max(taken, default=0) + 1
    wired = []
    for position, variant in enumerate(variants, start=1):
        vid = next_variant + position - 1
        wired.append(
            {
                "id": vid,
                "product_id": pid,
                "title": variant.get("title") or wire.DEFAULT_VALUE,
                "price": str(variant.get("price") or "0.00"),
                "compare_at_price": variant.get("compare_at_price"),
                "sku": variant.get("sku") or "",
                "barcode": variant.get("barcode"),
                "position": position,
                "option1": variant.get("option1") or wire.DEFAULT_VALUE,
                "option2": variant.get("option2"),
                "option3": variant.get("option3"),
                "taxable": variant.get("taxable", True),
                "tax_code": variant.get("tax_code"),
                "inventory_item_id": wire.inventory_item_id(vid),
                "inventory_management": variant.get("inventory_management"),
                "inventory_policy": "deny",
                "inventory_quantity": 0,
                "old_inventory_quantity": 0,
                "fulfillment_service": "manual",
                "requires_shipping": True,
                "grams": variant.get("grams") or 0,
                "weight": 0,
                "weight_unit": "kg",
                "image_id": None,
                "created_at": now,
                "updated_at": now,
                "admin_graphql_api_id": f"gid://shopify/ProductVariant/{vid}",
            }
        )
    options = body.get("options") or [{"name": wire.DEFAULT_OPTION}]
    return {
        "id": pid,
        "title": body["title"],
        "body_html": body.get("body_html"),
        "vendor": body.get("vendor"),
        "product_type": body.get("product_type"),
        "handle": wire.handle(body["title"], pid),
        "status": body.get("status") or "active",
        "tags": body.get("tags") or "",
        "created_at": now,
        "updated_at": now,
        "published_at": now,
        "published_scope": "web",
        "template_suffix": None,
        "admin_graphql_api_id": f"gid://shopify/Product/{pid}",
        "options": [
            {
                "id": pid * 10 + i + 1,
                "product_id": pid,
                "name": o.get("name"),
                "position": i + 1,
                "values": sorted({v[f"option{i + 1}"] for v in wired if v.get(f"option{i + 1}")}),
            }
            for i, o in enumerate(options[:3])
        ],
        "variants": wired,
        "images": [],
        "image": None,
    }


def basic_token(api_key: str, password: str) -> str:
    """The ``Authorization`` value for legacy private-app Basic auth (store-apis.md §1.2)."""
    return "Basic " + base64.b64encode(f"{api_key}:{password}".encode()).decode()


__all__ = ["API_VERSIONS", "ShopifyEndpoint", "basic_token"]


class _Lazy:
    """The canonical records of one lazy resource: wire id -> position, and which have had their
    remainder metafield (reserved id ``base + position``) measured and registered."""

    def __init__(self, records: Sequence[Any], export: Callable[[Any], tuple[Json, list[Json]]]) -> None:
        self.records = records
        self.export = export
        self.position: dict[int, int] = {}
        self.base = 0
        self.settled = bytearray(len(records))
        self.unsettled = len(records)


def _bundle_parts(bundle: wire.ProductBundle) -> tuple[Json, list[Json]]:
    return bundle.product, bundle.metafields
