"""The simulated BigCommerce API: v3 catalog and customers, v2 orders (store-apis.md §5).

Everything lives under ``/stores/{store_hash}``. The state is the
:class:`~harness.platforms.bigcommerce.wire.Catalogue` built from the loaded
Store plus hash indexes over it (by id and by SKU), so a lookup never scans the
catalogue. ``reset()`` rebuilds both from the Store.

Fidelity points the real clients depend on (§7.2): all four ``X-Rate-Limit-*``
headers as integers on every response; 204 past the end of a v2 list (and for
an empty sub-resource); v3 ``links`` as bare query strings; v3 errors
``{status,title,type,errors}`` and v2 errors ``[{status,message}]``; 409 when
a write would duplicate a SKU (§0 "SKU uniqueness: enforced"). A loaded Store
may already hold duplicates; they are served as they are.
"""

from __future__ import annotations

import math
import threading
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC
from email.utils import format_datetime
from typing import Any, ClassVar

from werkzeug.exceptions import BadRequest
from werkzeug.wrappers import Request, Response

from harness.model.store import Store
from harness.platforms.bigcommerce.filters import v2_order_filters, v3_date_filters
from harness.platforms.bigcommerce.legacy import v2_product, v2_skus
from harness.platforms.bigcommerce.paging import page_args, v2_page, v3_page
from harness.platforms.bigcommerce.quota import QuotaWindow
from harness.platforms.bigcommerce.stock import Stock
from harness.platforms.bigcommerce.wire import Catalogue, store_to_wire
from harness.platforms.bigcommerce.wire_orders import WireOrder
from harness.platforms.bigcommerce.writes import CatalogWriter
from harness.platforms.http.app import ApiError, EndpointApp, Route, absolute_url, json_response
from harness.platforms.http.clock import Clock
from harness.platforms.http.paging import page_window

ERROR_TYPE = "https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes"
V3 = "/stores/<store_hash>/v3"
V2 = "/stores/<store_hash>/v2"
ORDER_SUBRESOURCES = ("products", "shipping_addresses", "coupons", "taxes")
PRODUCT_INCLUDES = ("variants", "options", "custom_fields")
CUSTOMER_INCLUDES = {"addresses": "addresses", "formfields": "form_fields"}


class BigCommerceEndpoint(EndpointApp):
    platform: ClassVar[str] = "bigcommerce"
    routes: ClassVar[tuple[Route, ...]] = (
        Route(f"{V3}/catalog/products", "list_products"),
        Route(f"{V3}/catalog/products", "create_product", ("POST",)),
        Route(f"{V3}/catalog/products/metafields", "list_product_metafields"),
        Route(f"{V3}/catalog/products/<int:product_id>", "get_product"),
        Route(f"{V3}/catalog/products/<int:product_id>", "update_product", ("PUT",)),
        Route(f"{V3}/catalog/products/<int:product_id>/variants", "list_product_variants"),
        Route(f"{V3}/catalog/products/<int:product_id>/variants", "create_variant", ("POST",)),
        Route(f"{V3}/catalog/products/<int:product_id>/variants/<int:variant_id>", "get_variant"),
        Route(f"{V3}/catalog/products/<int:product_id>/variants/<int:variant_id>", "update_variant", ("PUT",)),
        Route(f"{V3}/catalog/products/<int:product_id>/metafields", "list_one_product_metafields"),
        Route(f"{V3}/catalog/variants", "list_variants"),
        Route(f"{V3}/catalog/variants", "update_variants", ("PUT",)),
        Route(f"{V3}/catalog/brands", "list_brands"),
        Route(f"{V3}/catalog/categories", "list_categories"),
        Route(f"{V3}/customers", "list_customers"),
        Route(f"{V3}/customers/metafields", "list_customer_metafields"),
        Route(f"{V3}/orders/metafields", "list_order_metafields"),
        Route(f"{V3}/orders/payment_actions/refunds", "list_refunds"),
        Route(f"{V3}/orders/<int:order_id>/payment_actions/refunds", "list_order_refunds"),
        Route(f"{V3}/orders/<int:order_id>/metafields", "list_one_order_metafields"),
        Route(f"{V3}/channels/<int:channel_id>/metafields", "list_channel_metafields"),
        Route(f"{V3}/inventory/locations", "list_locations"),
        Route(f"{V3}/inventory/items", "list_inventory_items"),
        Route(f"{V3}/inventory/adjustments/absolute", "adjust_absolute", ("PUT",)),
        Route(f"{V3}/inventory/adjustments/relative", "adjust_relative", ("POST",)),
        Route(f"{V2}/store", "get_store"),
        Route(f"{V2}/products", "list_v2_products"),
        Route(f"{V2}/products/count", "count_v2_products"),
        Route(f"{V2}/products/<int:product_id>", "get_v2_product"),
        Route(f"{V2}/products/<int:product_id>/skus", "list_v2_skus"),
        Route(f"{V2}/tax_classes", "list_tax_classes"),
        Route(f"{V2}/orders", "list_orders"),
        Route(f"{V2}/orders/count", "count_orders"),
        Route(f"{V2}/orders/<int:order_id>", "get_order"),
        Route(f"{V2}/orders/<int:order_id>/<any({','.join(ORDER_SUBRESOURCES)}):sub>", "list_order_sub"),
    )

    def __init__(
        self,
        store: Store,
        *,
        store_hash: str = "sandbox",
        access_token: str = "bc-sandbox-token",
        client_id: str = "bc-sandbox-client",
        quota: int = 150,
        window_ms: int = 30_000,
        enforce_rate_limit: bool = False,
        clock: Clock | None = None,
        fault_seed: int = 0,
    ) -> None:
        super().__init__(clock=clock, fault_seed=fault_seed)
        self.store = store
        self.store_hash = store_hash
        self.access_token = access_token
        self.client_id = client_id
        #: off by default so a whole-store read is not slowed to 150 requests per 30 s;
        #: the headers are sent either way, and the Throttle fault gives a 429 on demand
        self.enforce_rate_limit = enforce_rate_limit
        self.quota = QuotaWindow(self.clock, quota=quota, window_ms=window_ms)
        self._lock = threading.RLock()
        self._dirty = False
        self._transactions = 0
        self._load()

    # -- state --------------------------------------------------------------------------------------

    def _load(self) -> None:
        self.catalogue: Catalogue = store_to_wire(self.store, store_hash=self.store_hash)
        cat = self.catalogue
        self.writer = CatalogWriter(cat.products, self.clock)
        self.stock = Stock(cat.inventory_items, cat.locations, self.writer)
        self.customer_index = {int(c["id"]): c for c in cat.customers}
        self.customers_by_email: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for customer in cat.customers:
            self.customers_by_email[customer["email"].lower()].append(customer)
        self.order_index: dict[int, WireOrder] = {int(o.order["id"]): o for o in cat.orders}
        self.metafields: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.metafields_by_resource: dict[tuple[str, int], list[dict[str, Any]]] = defaultdict(list)
        for mf in cat.metafields:
            self.metafields[mf["resource_type"]].append(mf)
            self.metafields_by_resource[(mf["resource_type"], int(mf["resource_id"]))].append(mf)

    def reset(self) -> None:
        """Back to the loaded Store; the catalogue is rebuilt only if something wrote to it."""
        super().reset()
        with self._lock:
            self.quota.reset()
            if self._dirty:
                self._load()
                self._dirty = False

    def drift(self, request: Request) -> None:
        """PageDrift: a new order arrives mid-read (a copy of the newest, with the next id and today's date).

        v2 orders are listed by id, so it lands on the last page; the original's
        metafields do not follow it, so it reads back as a plain BigCommerce order.
        """
        with self._lock:
            if not self.catalogue.orders:
                return
            self._dirty = True
            last = self.catalogue.orders[-1]
            new_id = max(self.order_index) + 1
            now = format_datetime(self.clock.now().astimezone(UTC))
            order = WireOrder(
                order={**last.order, "id": new_id, "date_created": now, "date_modified": now},
                products=[{**row, "order_id": new_id} for row in last.products],
                shipping_addresses=[{**row, "order_id": new_id} for row in last.shipping_addresses],
                coupons=[{**row, "order_id": new_id} for row in last.coupons],
                taxes=[{**row, "order_id": new_id} for row in last.taxes],
            )
            self.catalogue.orders.append(order)
            self.order_index[new_id] = order

    def credentials(self) -> dict[str, str]:
        return {"store_hash": self.store_hash, "access_token": self.access_token, "client_id": self.client_id}

    # -- the machinery hooks ------------------------------------------------------------------------

    def handle(self, request: Request) -> Response:
        response = super().handle(request)
        for name, value in self.quota.state().headers().items():
            response.headers.setdefault(name, value)
        return response

    def dispatch(self, request: Request, route: str, values: dict[str, Any]) -> Response:
        if not self.quota.take() and self.enforce_rate_limit:
            return self.throttled(request, self.quota.state().reset_ms / 1000)
        with self._lock:
            if request.method not in ("GET", "HEAD", "OPTIONS"):
                self._dirty = True
            return super().dispatch(request, route, values)

    def authenticate(self, request: Request, route: str) -> Response | None:
        parts = request.path.split("/")
        if len(parts) < 3 or parts[2] != self.store_hash:
            return self.render_error(request, ApiError(404, "The requested store was not found."))
        if request.headers.get("X-Auth-Token") != self.access_token:
            return self.render_error(
                request,
                ApiError(401, "You are not authorized to perform this action: missing or invalid X-Auth-Token."),
            )
        return None

    def render_error(self, request: Request, error: ApiError) -> Response:
        if "/v2/" in request.path:
            return json_response([{"status": error.status, "message": error.message}], status=error.status)
        body = {
            "status": error.status,
            "title": error.message,
            "type": ERROR_TYPE,
            "errors": error.extra.get("errors", {}),
        }
        return json_response(body, status=error.status)

    def throttled(self, request: Request, retry_after: float) -> Response:
        response = self.render_error(request, ApiError(429, "Too many requests: the rate limit has been reached."))
        state = self.quota.state()
        response.headers["X-Retry-After"] = str(max(1, math.ceil(retry_after)))
        response.headers["X-Rate-Limit-Requests-Left"] = "0"
        response.headers["X-Rate-Limit-Requests-Quota"] = str(state.quota)
        response.headers["X-Rate-Limit-Time-Reset-Ms"] = str(max(0, math.ceil(retry_after * 1000)))
        response.headers["X-Rate-Limit-Time-Window-Ms"] = str(state.window_ms)
        return response

    # -- v3 catalog ---------------------------------------------------------------------------------

    def list_products(self, request: Request, store_hash: str) -> Response:
        products = _dated(self.writer.select_products(request.args), request)
        chunk, meta = v3_page(request, products)
        includes = _includes(request)
        data = [_shape(p, {k for k in PRODUCT_INCLUDES if k not in includes}, request) for p in chunk]
        return json_response({"data": data, "meta": meta})

    def get_product(self, request: Request, store_hash: str, product_id: int) -> Response:
        product = self.writer.product(product_id)
        includes = _includes(request)
        data = _shape(product, {k for k in PRODUCT_INCLUDES if k not in includes}, request)
        return json_response({"data": data, "meta": {}})

    def create_product(self, request: Request, store_hash: str) -> Response:
        product = self.writer.create_product(_body(request))
        return json_response({"data": product, "meta": {}}, status=200)

    def update_product(self, request: Request, store_hash: str, product_id: int) -> Response:
        body = _body(request)
        product = self.writer.update_product(product_id, body)
        if isinstance(body, dict) and "inventory_level" in body:
            base = next((v for v in product["variants"] if v["id"] == product.get("base_variant_id")), None)
            if base is None and len(product["variants"]) == 1:
                base = product["variants"][0]
            if base is None:
                raise ApiError(
                    422,
                    "This product tracks inventory by variant: set inventory_level on the variants.",
                    errors={"inventory_level": "tracked by variant"},
                )
            self.stock.set_level(base, int(body["inventory_level"]))
        return json_response({"data": _shape(product, set(PRODUCT_INCLUDES), request), "meta": {}})

    def update_variant(self, request: Request, store_hash: str, product_id: int, variant_id: int) -> Response:
        variant = self.writer.variant(product_id, variant_id)
        return json_response({"data": self._update_variant(variant, _body(request)), "meta": {}})

    def update_variants(self, request: Request, store_hash: str) -> Response:
        """Batch variant update (``[{id, …}]``), what bulk inventory sync uses."""
        body = _body(request)
        if not isinstance(body, list) or not all(isinstance(row, dict) and "id" in row for row in body):
            raise ApiError(422, "JSON data is missing or invalid", errors={"id": "each variant needs an id"})
        out = []
        for row in body:
            variant = self.writer.variant_by_id.get(int(row["id"]))
            if variant is None:
                raise ApiError(422, f"Variant {row['id']} does not exist.", errors={"id": "unknown"})
            out.append(self._update_variant(variant, row))
        return json_response({"data": out, "meta": {}})

    def _update_variant(self, variant: dict[str, Any], body: Any) -> dict[str, Any]:
        self.writer.update_variant(variant, body)
        if "inventory_level" in body:
            self.stock.set_level(variant, int(body["inventory_level"]))
        return variant

    def adjust_absolute(self, request: Request, store_hash: str) -> Response:
        self.stock.apply(_body(request), relative=False)
        return json_response({"transaction_id": self._transaction()})

    def adjust_relative(self, request: Request, store_hash: str) -> Response:
        self.stock.apply(_body(request), relative=True)
        return json_response({"transaction_id": self._transaction()})

    def _transaction(self) -> str:
        self._transactions += 1
        return f"00000000-0000-4000-8000-{self._transactions:012d}"

    def list_product_variants(self, request: Request, store_hash: str, product_id: int) -> Response:
        chunk, meta = v3_page(request, self.writer.product(product_id)["variants"])
        return json_response({"data": list(chunk), "meta": meta})

    def get_variant(self, request: Request, store_hash: str, product_id: int, variant_id: int) -> Response:
        return json_response({"data": self.writer.variant(product_id, variant_id), "meta": {}})

    def create_variant(self, request: Request, store_hash: str, product_id: int) -> Response:
        variant = self.writer.create_variant(product_id, _body(request))
        return json_response({"data": variant, "meta": {}}, status=200)

    def list_variants(self, request: Request, store_hash: str) -> Response:
        chunk, meta = v3_page(request, self.writer.select_variants(request.args))
        return json_response({"data": list(chunk), "meta": meta})

    def list_brands(self, request: Request, store_hash: str) -> Response:
        return self._v3_list(request, self.catalogue.brands)

    def list_categories(self, request: Request, store_hash: str) -> Response:
        return self._v3_list(request, self.catalogue.categories)

    def list_locations(self, request: Request, store_hash: str) -> Response:
        return self._v3_list(request, self.catalogue.locations)

    def list_inventory_items(self, request: Request, store_hash: str) -> Response:
        """Stock by location (BigCommerce's Inventory API); filters by variant, product, SKU and location."""
        items = self.catalogue.inventory_items
        args = request.args
        for name, key in (("variant_id:in", "variant_id"), ("product_id:in", "product_id")):
            if name in args:
                wanted = set(_ints(args[name]))
                items = [i for i in items if i["identity"][key] in wanted]
        if "sku:in" in args:
            skus = set(args["sku:in"].split(","))
            items = [i for i in items if i["identity"]["sku"] in skus]
        if "location_id:in" in args:
            places = set(_ints(args["location_id:in"]))
            items = [{**i, "locations": [loc for loc in i["locations"] if loc["location_id"] in places]} for i in items]
        return self._v3_list(request, items)

    def list_refunds(self, request: Request, store_hash: str) -> Response:
        """Every refund (v3 "Get All Refunds"), ``order_id:in`` to narrow."""
        if "order_id:in" in request.args:
            orders = [self.order_index[i] for i in _ints(request.args["order_id:in"]) if i in self.order_index]
        else:
            orders = self.catalogue.orders
        return self._v3_list(request, [r for o in orders for r in o.refunds])

    def list_order_refunds(self, request: Request, store_hash: str, order_id: int) -> Response:
        return self._v3_list(request, self._order(order_id).refunds)

    # -- metafields ---------------------------------------------------------------------------------

    def list_product_metafields(self, request: Request, store_hash: str) -> Response:
        return self._v3_list(request, _filter_metafields(self.metafields["product"], request))

    def list_one_product_metafields(self, request: Request, store_hash: str, product_id: int) -> Response:
        self.writer.product(product_id)
        return self._v3_list(request, self.metafields_by_resource[("product", product_id)])

    def list_customer_metafields(self, request: Request, store_hash: str) -> Response:
        return self._v3_list(request, _filter_metafields(self.metafields["customer"], request))

    def list_order_metafields(self, request: Request, store_hash: str) -> Response:
        return self._v3_list(request, _filter_metafields(self.metafields["order"], request))

    def list_one_order_metafields(self, request: Request, store_hash: str, order_id: int) -> Response:
        self._order(order_id)
        return self._v3_list(request, self.metafields_by_resource[("order", order_id)])

    def list_channel_metafields(self, request: Request, store_hash: str, channel_id: int) -> Response:
        if channel_id != 1:
            raise ApiError(404, f"Channel {channel_id} does not exist.")
        return self._v3_list(request, self.metafields_by_resource[("channel", 1)])

    # -- v3 customers -------------------------------------------------------------------------------

    def list_customers(self, request: Request, store_hash: str) -> Response:
        customers: list[dict[str, Any]] = self.catalogue.customers
        if "id:in" in request.args:
            wanted = _ints(request.args["id:in"])
            customers = [self.customer_index[i] for i in wanted if i in self.customer_index]
        if "email:in" in request.args:
            emails = {e.strip().lower() for e in request.args["email:in"].split(",")}
            found = {int(c["id"]): c for e in emails for c in self.customers_by_email.get(e, ())}
            if "id:in" in request.args:
                found = {i: c for i, c in found.items() if c in customers}
            customers = [found[i] for i in sorted(found)]
        chunk, meta = v3_page(request, _dated(customers, request))
        includes = {CUSTOMER_INCLUDES[i] for i in _includes(request) if i in CUSTOMER_INCLUDES}
        drop = {k for k in CUSTOMER_INCLUDES.values() if k not in includes}
        return json_response({"data": [_shape(c, drop, request) for c in chunk], "meta": meta})

    # -- v2 -----------------------------------------------------------------------------------------

    def get_store(self, request: Request, store_hash: str) -> Response:
        return json_response(self.catalogue.store)

    def list_v2_products(self, request: Request, store_hash: str) -> Response:
        """The legacy v2 listing the ``bigcommerce`` package's ``api.Products.iterall()`` reads (``legacy``)."""
        page, limit = page_args(request)
        chunk = page_window(self.writer.select_products(request.args), page, limit)
        if not chunk:
            return Response(b"", status=204)
        return json_response([v2_product(p, self._v2_link(request)) for p in chunk])

    def count_v2_products(self, request: Request, store_hash: str) -> Response:
        return json_response({"count": len(self.writer.select_products(request.args))})

    def get_v2_product(self, request: Request, store_hash: str, product_id: int) -> Response:
        return json_response(v2_product(self.writer.product(product_id), self._v2_link(request)))

    def list_v2_skus(self, request: Request, store_hash: str, product_id: int) -> Response:
        return v2_page(request, v2_skus(self.writer.product(product_id)))

    def _v2_link(self, request: Request) -> Callable[[str], dict[str, str]]:
        def link(resource: str) -> dict[str, str]:
            return {"url": absolute_url(request, f"/stores/{self.store_hash}/v2{resource}"), "resource": resource}

        return link

    def list_tax_classes(self, request: Request, store_hash: str) -> Response:
        return v2_page(request, self.catalogue.tax_classes)

    def list_orders(self, request: Request, store_hash: str) -> Response:
        page, limit = page_args(request)
        chunk = page_window(self._select_orders(request), page, limit)
        if not chunk:
            return Response(b"", status=204)  # past the last page (store-apis.md §5.1)
        return json_response([self._order_json(request, o) for o in chunk])

    def count_orders(self, request: Request, store_hash: str) -> Response:
        return json_response({"count": len(self._select_orders(request))})

    def get_order(self, request: Request, store_hash: str, order_id: int) -> Response:
        return json_response(self._order_json(request, self._order(order_id)))

    def list_order_sub(self, request: Request, store_hash: str, order_id: int, sub: str) -> Response:
        items: list[dict[str, Any]] = getattr(self._order(order_id), sub)
        return v2_page(request, items)

    # -- helpers ------------------------------------------------------------------------------------

    def _v3_list(self, request: Request, items: list[dict[str, Any]]) -> Response:
        chunk, meta = v3_page(request, items)
        return json_response({"data": list(chunk), "meta": meta})

    def _order(self, order_id: int) -> WireOrder:
        try:
            return self.order_index[order_id]
        except KeyError:
            raise ApiError(404, "The requested resource was not found.") from None

    def _select_orders(self, request: Request) -> list[WireOrder]:
        tests = v2_order_filters(request.args)
        if not tests:
            return self.catalogue.orders
        return [o for o in self.catalogue.orders if all(test(o.order) for test in tests)]

    def _order_json(self, request: Request, order: WireOrder) -> dict[str, Any]:
        oid = order.order["id"]
        links = {}
        for sub in ("products", "shipping_addresses", "coupons"):
            resource = f"/orders/{oid}/{sub}"
            links[sub] = {
                "url": absolute_url(request, f"/stores/{self.store_hash}/v2{resource}"),
                "resource": resource,
            }
        return {**order.order, **links}


def _dated(records: list[dict[str, Any]], request: Request) -> list[dict[str, Any]]:
    tests = v3_date_filters(request.args)
    return [r for r in records if all(t(r) for t in tests)] if tests else records


def _includes(request: Request) -> set[str]:
    return {part.strip() for part in request.args.get("include", "").split(",") if part.strip()}


def _shape(record: dict[str, Any], drop: set[str], request: Request) -> dict[str, Any]:
    """Drop sub-lists not asked for (``include=``); honour ``include_fields``/``exclude_fields``."""
    out = {k: v for k, v in record.items() if k not in drop}
    if "include_fields" in request.args:
        keep = {f.strip() for f in request.args["include_fields"].split(",")} | {"id"}
        keep |= set(PRODUCT_INCLUDES) | set(CUSTOMER_INCLUDES.values())
        out = {k: v for k, v in out.items() if k in keep}
    if "exclude_fields" in request.args:
        skip = {f.strip() for f in request.args["exclude_fields"].split(",")} - {"id"}
        out = {k: v for k, v in out.items() if k not in skip}
    return out


def _ints(text: str) -> list[int]:
    try:
        return [int(p) for p in text.split(",") if p.strip()]
    except ValueError:
        raise ApiError(422, "Filter values must be integers.", errors={"id:in": "invalid"}) from None


def _filter_metafields(items: list[dict[str, Any]], request: Request) -> list[dict[str, Any]]:
    args = request.args
    if "resource_id:in" in args:
        wanted = set(_ints(args["resource_id:in"]))
        items = [m for m in items if m["resource_id"] in wanted]
    if "namespace" in args:
        items = [m for m in items if m["namespace"] == args["namespace"]]
    if "key" in args:
        items = [m for m in items if m["key"] == args["key"]]
    return items


def _body(request: Request) -> Any:
    try:
        return request.get_json(force=True)
    except BadRequest:  # werkzeug's answer to a body that is not JSON
        raise ApiError(400, "The request body is not valid JSON.") from None
