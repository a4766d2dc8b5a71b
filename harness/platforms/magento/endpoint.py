"""The simulated Magento 2 REST API (store-apis.md §6).

Every route answers at ``/rest/V1/…`` (the default store) and at
``/rest/{store_code}/V1/…`` for ``default``, ``all`` and the store view codes.
Lists take ``searchCriteria`` (``search.py``); a list without it is a 400,
as on Magento. Auth (§6.1): an admin token from
``POST /V1/integration/admin/token`` as a bearer always works, and so does an
OAuth 1.0a request signed with the integration's keys (``oauth.py``); the
integration access token works as a plain bearer only while
``integration_bearer`` is on (Magento's "Allow OAuth Access Tokens to be used
as standalone Bearer tokens", off by default since 2.4.4 — a switch here). Errors are
``{"message": "…%1…", "parameters": …}`` with the placeholders left in.

Products are indexed by SKU and id, customers by id and email, orders by id
and increment id, so single-record reads and ``eq`` searches on those fields
never scan. ``POST /V1/products`` with a SKU that exists updates that product
(Magento's upsert through ``ProductRepository::save``), so a write never
creates a second product with the same SKU.
"""

from __future__ import annotations

import secrets
import threading
from collections import defaultdict
from typing import Any, ClassVar

from werkzeug.wrappers import Request, Response

from harness.model.store import Store
from harness.platforms.http.app import ApiError, EndpointApp, Route, json_response
from harness.platforms.http.clock import Clock
from harness.platforms.magento.formats import DATE_FORMAT
from harness.platforms.magento.oauth import OAuthVerifier
from harness.platforms.magento.search import OutOfRange, SearchCriteria, apply_search, page, parse_search_criteria
from harness.platforms.magento.wire import Catalogue, store_to_wire

NOT_AUTHORIZED = "The consumer isn't authorized to access %resources."
PRODUCT_MISSING = "The product that was requested doesn't exist. Verify the product and try again."
_PATHS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("/integration/admin/token", "admin_token", ("POST",)),
    ("/products", "search_products", ("GET",)),
    ("/products", "save_product", ("POST",)),
    ("/products/attributes", "search_attributes", ("GET",)),
    ("/products/attributes/<code>", "get_attribute", ("GET",)),
    ("/products/attributes/<code>/options", "attribute_options", ("GET",)),
    ("/products/<path:sku>", "get_product", ("GET",)),
    ("/products/<path:sku>", "update_product", ("PUT",)),
    ("/configurable-products/<path:sku>/children", "configurable_children", ("GET",)),
    ("/stockItems/<path:sku>", "stock_item", ("GET",)),
    ("/products/<path:sku>/stockItems/<int:item_id>", "update_stock_item", ("PUT",)),
    ("/inventory/source-items", "save_source_items", ("POST",)),
    ("/inventory/get-product-salable-quantity/<path:sku>/<int:stock_id>", "salable_quantity", ("GET",)),
    ("/categories/list", "search_categories", ("GET",)),
    ("/taxRates/search", "search_tax_rates", ("GET",)),
    ("/taxClasses/search", "search_tax_classes", ("GET",)),
    ("/inventory/sources", "search_sources", ("GET",)),
    ("/inventory/source-items", "search_source_items", ("GET",)),
    ("/customers/search", "search_customers", ("GET",)),
    ("/customers/<int:customer_id>", "get_customer", ("GET",)),
    ("/orders", "search_orders", ("GET",)),
    ("/orders/<int:order_id>", "get_order", ("GET",)),
    ("/creditmemos", "search_creditmemos", ("GET",)),
    ("/store/storeConfigs", "store_configs", ("GET",)),
    ("/store/storeGroups", "store_groups", ("GET",)),
    ("/store/storeViews", "store_views", ("GET",)),
)
RESOURCES = {
    "search_products": "Magento_Catalog::products",
    "search_customers": "Magento_Customer::customer",
    "search_orders": "Magento_Sales::actions_view",
}


def _routes() -> tuple[Route, ...]:
    out = []
    for path, endpoint, methods in _PATHS:
        out.append(Route(f"/rest/V1{path}", endpoint, methods))
        out.append(Route(f"/rest/<store_code>/V1{path}", endpoint, methods))
    return tuple(out)


class MagentoEndpoint(EndpointApp):
    platform: ClassVar[str] = "magento"
    routes: ClassVar[tuple[Route, ...]] = _routes()

    def __init__(
        self,
        store: Store,
        *,
        access_token: str = "magento-sandbox-integration-token",
        access_token_secret: str = "magento-sandbox-token-secret",
        consumer_key: str = "magento-sandbox-consumer",
        consumer_secret: str = "magento-sandbox-consumer-secret",
        username: str = "admin",
        password: str = "sandbox123",
        integration_bearer: bool = True,
        out_of_range: OutOfRange = "repeat_last",
        clock: Clock | None = None,
        fault_seed: int = 0,
    ) -> None:
        super().__init__(clock=clock, fault_seed=fault_seed)
        self.store = store
        self.access_token = access_token
        #: the integration's OAuth 1.0a identity: signed requests are accepted whatever ``integration_bearer`` says
        self.oauth = OAuthVerifier(
            consumer_key, consumer_secret, access_token, access_token_secret, now=lambda: self.clock.now().timestamp()
        )
        self.username = username
        self.password = password
        #: Magento 2.4.4+ refuses integration tokens as bearer tokens unless configured to allow them
        self.integration_bearer = integration_bearer
        #: "repeat_last": before 2.4, a page past the end is the last page again; "empty": 2.4.x
        self.out_of_range: OutOfRange = out_of_range
        self.admin_tokens: set[str] = set()
        self._lock = threading.RLock()
        self._dirty = False
        self._load()

    def _load(self) -> None:
        self.catalogue: Catalogue = store_to_wire(self.store)
        cat = self.catalogue
        self.product_by_id = {int(p["id"]): p for p in cat.products}
        self.products_by_sku: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for product in cat.products:
            if product.get("sku") is not None:
                self.products_by_sku[product["sku"]].append(product)  # a loaded store may repeat a SKU
        self.source_items_by_sku: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for item in cat.source_items:
            self.source_items_by_sku[item["sku"]].append(item)
        self.customer_by_id = {int(c["id"]): c for c in cat.customers}
        self.customers_by_email: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for customer in cat.customers:
            self.customers_by_email[str(customer.get("email", "")).lower()].append(customer)
        self.order_by_id = {int(o["entity_id"]): o for o in cat.orders}
        self.orders_by_increment: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for order in cat.orders:
            self.orders_by_increment[str(order.get("increment_id"))].append(order)
        self.store_codes = {"default", "all", *(v["code"] for v in cat.store_views)}
        self._next_entity = max(self.product_by_id, default=0) + 1

    def reset(self) -> None:
        """Back to the loaded Store; the catalogue is rebuilt only if something wrote to it."""
        super().reset()
        with self._lock:
            self.admin_tokens.clear()
            if self._dirty:
                self._load()
                self._dirty = False

    def drift(self, request: Request) -> None:
        """PageDrift: a new order arrives mid-read (a copy of the newest, with the next ids and today's date)."""
        with self._lock:
            if not self.catalogue.orders:
                return
            self._dirty = True
            last = self.catalogue.orders[-1]
            new_id = max(self.order_by_id) + 1
            step = max((int(i["item_id"]) for o in self.catalogue.orders for i in o["items"]), default=0)
            now = self.clock.now().strftime(DATE_FORMAT)
            items = []
            for item in last["items"]:
                copy = {**item, "item_id": int(item["item_id"]) + step, "order_id": new_id}
                if copy.get("parent_item_id") is not None:
                    copy["parent_item_id"] = int(copy["parent_item_id"]) + step
                    copy.pop("parent_item", None)
                items.append(copy)
            increment = str(last.get("increment_id") or new_id)
            order = {
                **last,
                "entity_id": new_id,
                "increment_id": f"{int(increment) + 1:09d}" if increment.isdigit() else f"{increment}-1",
                "created_at": now,
                "updated_at": now,
                "items": items,
                "extension_attributes": {
                    k: v for k, v in last.get("extension_attributes", {}).items() if k != "sync_sandbox_remainder"
                },
            }
            self.catalogue.orders.append(order)
            self.order_by_id[new_id] = order
            self.orders_by_increment[order["increment_id"]].append(order)

    def credentials(self) -> dict[str, str]:
        return {
            "access_token": self.access_token,
            "access_token_secret": self.oauth.token_secret,
            "consumer_key": self.oauth.consumer_key,
            "consumer_secret": self.oauth.consumer_secret,
            "username": self.username,
            "password": self.password,
        }

    # -- machinery hooks ----------------------------------------------------------------------------

    def dispatch(self, request: Request, route: str, values: dict[str, Any]) -> Response:
        store_code = values.pop("store_code", "default")
        if store_code not in self.store_codes:
            return self.render_error(
                request, ApiError(400, "The store that was requested wasn't found. Verify the store and try again.")
            )
        with self._lock:
            if request.method not in ("GET", "HEAD", "OPTIONS"):
                self._dirty = True
            return super().dispatch(request, route, values)

    def authenticate(self, request: Request, route: str) -> Response | None:
        if route == "admin_token":
            return None
        header = request.headers.get("Authorization", "")
        token = header[7:].strip() if header[:7].lower() == "bearer " else ""
        if token in self.admin_tokens or (self.integration_bearer and token == self.access_token):
            return None
        if header[:6].lower() == "oauth " and self.oauth.verify(
            request.method, request.base_url, dict(request.args.items()), header
        ):
            return None
        resource = RESOURCES.get(route, "Magento_Backend::admin")
        return self.render_error(request, ApiError(401, NOT_AUTHORIZED, parameters={"resources": resource}))

    def render_error(self, request: Request, error: ApiError) -> Response:
        if error.status == 404 and error.message == "Not Found":
            error = ApiError(404, "Request does not match any route.")
        elif error.status == 405:
            error = ApiError(405, "Request does not match any route.")
        body: dict[str, Any] = {"message": error.message}
        if "parameters" in error.extra:
            body["parameters"] = error.extra["parameters"]
        return json_response(body, status=error.status)

    def throttled(self, request: Request, retry_after: float) -> Response:
        # Magento has no rate limit of its own (§0); a throttle fault looks like a WAF/proxy 429
        response = self.render_error(request, ApiError(429, "Too many requests. Try again later."))
        response.headers["Retry-After"] = f"{max(retry_after, 0):g}"
        return response

    # -- auth ---------------------------------------------------------------------------------------

    def admin_token(self, request: Request) -> Response:
        body = request.get_json(force=True, silent=True) or {}
        if body.get("username") != self.username or body.get("password") != self.password:
            raise ApiError(
                401,
                "The account sign-in was incorrect or your account is disabled temporarily. "
                "Please wait and try again later.",
            )
        token = secrets.token_hex(16)
        self.admin_tokens.add(token)
        return json_response(token)

    # -- catalog ------------------------------------------------------------------------------------

    def search_products(self, request: Request) -> Response:
        criteria = parse_search_criteria(request.args)
        hit = criteria.single_eq()
        if hit is not None and hit.field in ("sku", "entity_id", "id"):
            found = self._product_lookup(hit.field, hit.value)
            return self._search_result(request, criteria, page(found, criteria, self.out_of_range), len(found))
        items, total = apply_search(self.catalogue.products, criteria, out_of_range=self.out_of_range)
        return self._search_result(request, criteria, items, total)

    def _product_lookup(self, name: str, value: str) -> list[dict[str, Any]]:
        if name == "sku":
            return list(self.products_by_sku.get(value, ()))
        try:
            product = self.product_by_id.get(int(value))
        except ValueError:
            product = None
        return [product] if product else []

    def get_product(self, request: Request, sku: str) -> Response:
        return json_response(self._product(sku))

    def _product(self, sku: str) -> dict[str, Any]:
        found = self.products_by_sku.get(sku)
        if not found:
            raise ApiError(404, PRODUCT_MISSING)
        return found[0]  # duplicates (only ever loaded, never written): the first one answers

    def save_product(self, request: Request) -> Response:
        body = request.get_json(force=True, silent=True) or {}
        spec = body.get("product") if isinstance(body, dict) else None
        if not isinstance(spec, dict) or not spec.get("sku"):
            raise ApiError(400, '"%fieldName" is required. Enter and try again.', parameters={"fieldName": "sku"})
        existing = self.products_by_sku.get(str(spec["sku"]))
        if existing:  # Magento's POST is an upsert by SKU: no second product with this SKU
            return json_response(self._apply(existing[0], spec))
        now = self.clock.now().strftime(DATE_FORMAT)
        product: dict[str, Any] = {
            "id": self._next_entity,
            "sku": str(spec["sku"]),
            "name": spec.get("name", spec["sku"]),
            "attribute_set_id": spec.get("attribute_set_id", 4),
            "price": spec.get("price", 0),
            "status": spec.get("status", 1),
            "visibility": spec.get("visibility", 4),
            "type_id": spec.get("type_id", "simple"),
            "created_at": now,
            "updated_at": now,
            "extension_attributes": {"website_ids": [1]},
            "custom_attributes": list(spec.get("custom_attributes") or []),
        }
        self._next_entity += 1
        self.catalogue.products.append(product)
        self.product_by_id[product["id"]] = product
        self.products_by_sku[product["sku"]].append(product)
        return json_response(product)

    def update_product(self, request: Request, sku: str) -> Response:
        body = request.get_json(force=True, silent=True) or {}
        spec = body.get("product") if isinstance(body, dict) else None
        if not isinstance(spec, dict):
            raise ApiError(400, '"%fieldName" is required. Enter and try again.', parameters={"fieldName": "product"})
        return json_response(self._apply(self._product(sku), spec))

    def _apply(self, product: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
        for key in ("name", "price", "status", "visibility", "weight"):  # the SKU cannot be renamed (§6.2)
            if key in spec:
                product[key] = spec[key]
        product["updated_at"] = self.clock.now().strftime(DATE_FORMAT)
        return product

    def configurable_children(self, request: Request, sku: str) -> Response:
        parent = self._product(sku)
        links = (parent.get("extension_attributes") or {}).get("configurable_product_links") or []
        return json_response([self.product_by_id[int(i)] for i in links if int(i) in self.product_by_id])

    def stock_item(self, request: Request, sku: str) -> Response:
        return json_response((self._product(sku).get("extension_attributes") or {}).get("stock_item") or {})

    def update_stock_item(self, request: Request, sku: str, item_id: int) -> Response:
        """Legacy stock write (``{"stockItem": {"qty": 5, "is_in_stock": true}}``); with MSI it sets the first source.

        Answers the stock item id, as Magento does.
        """
        product = self._product(sku)
        body = request.get_json(force=True, silent=True) or {}
        spec = body.get("stockItem") if isinstance(body, dict) else None
        if not isinstance(spec, dict):
            raise ApiError(400, '"%fieldName" is required. Enter and try again.', parameters={"fieldName": "stockItem"})
        stock = product.setdefault("extension_attributes", {}).setdefault("stock_item", {"item_id": product["id"]})
        if "manage_stock" in spec:
            stock["manage_stock"] = bool(spec["manage_stock"])
        if "qty" in spec:
            if self.catalogue.sources:
                self._set_source_qty(sku, self.catalogue.sources[0]["source_code"], int(spec["qty"]))
            else:
                stock["qty"] = int(spec["qty"])
                stock["is_in_stock"] = bool(spec.get("is_in_stock", stock["qty"] > 0))
        return json_response(int(stock.get("item_id", item_id)))

    def save_source_items(self, request: Request) -> Response:
        """MSI stock write (``{"sourceItems": [{sku, source_code, quantity, status}]}``); answers ``[]``."""
        body = request.get_json(force=True, silent=True) or {}
        items = body.get("sourceItems") if isinstance(body, dict) else None
        if not isinstance(items, list) or not items:
            raise ApiError(
                400, '"%fieldName" is required. Enter and try again.', parameters={"fieldName": "sourceItems"}
            )
        codes = {s["source_code"] for s in self.catalogue.sources}
        for item in items:
            sku, code = str(item.get("sku", "")), str(item.get("source_code", ""))
            self._product(sku)
            if code not in codes:
                raise ApiError(400, 'Source "%1" does not exist.', parameters=[code])
            self._set_source_qty(sku, code, int(float(item.get("quantity") or 0)))
        return json_response([])

    def _set_source_qty(self, sku: str, source_code: str, quantity: int) -> None:
        rows = self.source_items_by_sku[sku]
        row = next((r for r in rows if r["source_code"] == source_code), None)
        if row is None:
            row = {"sku": sku, "source_code": source_code, "quantity": 0, "status": 0}
            rows.append(row)
            self.catalogue.source_items.append(row)
        row["quantity"] = quantity
        row["status"] = int(quantity > 0)
        for product in self.products_by_sku.get(sku, ())[:1]:
            stock = product.setdefault("extension_attributes", {}).setdefault("stock_item", {"item_id": product["id"]})
            stock["qty"] = sum(int(r["quantity"]) for r in rows)
            stock["is_in_stock"] = stock["qty"] > 0

    def salable_quantity(self, request: Request, sku: str, stock_id: int) -> Response:
        """MSI's salable quantity: the SKU's stock over every source (one stock, id 1, holds them all)."""
        self._product(sku)
        if stock_id != 1:
            raise ApiError(404, 'Stock with id "%value" does not exist.', parameters={"value": stock_id})
        return json_response(sum(int(i["quantity"]) for i in self.source_items_by_sku.get(sku, ())))

    def search_attributes(self, request: Request) -> Response:
        return self._search(request, self.catalogue.attributes)

    def get_attribute(self, request: Request, code: str) -> Response:
        return json_response(self._attribute(code))

    def attribute_options(self, request: Request, code: str) -> Response:
        return json_response(self._attribute(code)["options"])

    def _attribute(self, code: str) -> dict[str, Any]:
        for attribute in self.catalogue.attributes:
            if attribute["attribute_code"] == code or str(attribute["attribute_id"]) == code:
                return attribute
        raise ApiError(
            404,
            'The attribute with a "%1" attributeCode doesn\'t exist. Verify the attribute and try again.',
            parameters=[code],
        )

    def search_categories(self, request: Request) -> Response:
        return self._search(request, self.catalogue.categories)

    def search_tax_rates(self, request: Request) -> Response:
        return self._search(request, self.catalogue.tax_rates)

    def search_tax_classes(self, request: Request) -> Response:
        return self._search(request, self.catalogue.tax_classes)

    def search_sources(self, request: Request) -> Response:
        return self._search(request, self.catalogue.sources)

    def search_source_items(self, request: Request) -> Response:
        return self._search(request, self.catalogue.source_items)

    # -- customers and orders -----------------------------------------------------------------------

    def search_customers(self, request: Request) -> Response:
        criteria = parse_search_criteria(request.args)
        hit = criteria.single_eq()
        if hit is not None and hit.field == "email":
            found = list(self.customers_by_email.get(hit.value.lower(), []))
            return self._search_result(request, criteria, page(found, criteria, self.out_of_range), len(found))
        items, total = apply_search(self.catalogue.customers, criteria, out_of_range=self.out_of_range)
        return self._search_result(request, criteria, items, total)

    def get_customer(self, request: Request, customer_id: int) -> Response:
        customer = self.customer_by_id.get(customer_id)
        if customer is None:
            raise ApiError(
                404,
                "No such entity with %fieldName = %fieldValue",
                parameters={"fieldName": "customerId", "fieldValue": customer_id},
            )
        return json_response(customer)

    def search_orders(self, request: Request) -> Response:
        criteria = parse_search_criteria(request.args)
        hit = criteria.single_eq()
        if hit is not None and hit.field == "increment_id":
            found = list(self.orders_by_increment.get(hit.value, []))
            return self._search_result(request, criteria, page(found, criteria, self.out_of_range), len(found))
        items, total = apply_search(self.catalogue.orders, criteria, out_of_range=self.out_of_range)
        return self._search_result(request, criteria, items, total)

    def get_order(self, request: Request, order_id: int) -> Response:
        order = self.order_by_id.get(order_id)
        if order is None:
            raise ApiError(404, "The entity that was requested doesn't exist. Verify the entity and try again.")
        return json_response(order)

    def search_creditmemos(self, request: Request) -> Response:
        return self._search(request, self.catalogue.creditmemos)

    # -- store --------------------------------------------------------------------------------------

    def store_configs(self, request: Request) -> Response:
        return json_response(self.catalogue.store_configs)

    def store_groups(self, request: Request) -> Response:
        return json_response(self.catalogue.store_groups)

    def store_views(self, request: Request) -> Response:
        return json_response(self.catalogue.store_views)

    # -- helpers ------------------------------------------------------------------------------------

    def _search(self, request: Request, records: list[dict[str, Any]]) -> Response:
        criteria = parse_search_criteria(request.args)
        items, total = apply_search(records, criteria, out_of_range=self.out_of_range)
        return self._search_result(request, criteria, items, total)

    def _search_result(
        self, request: Request, criteria: SearchCriteria, items: list[dict[str, Any]], total: int
    ) -> Response:
        body: dict[str, Any] = {"items": items, "search_criteria": criteria.echo(), "total_count": total}
        fields = request.args.get("fields")
        if fields:
            body = _partial(body, fields)
        return json_response(body)


def _partial(body: dict[str, Any], fields: str) -> dict[str, Any]:
    """``fields=items[sku,name],total_count``: Magento's partial responses (§6.1), one level deep."""
    wanted: dict[str, set[str] | None] = {}
    depth = 0
    token = ""
    current: str | None = None
    inner: set[str] = set()
    for ch in fields + ",":
        if ch == "[":
            depth += 1
            current, token, inner = token.strip(), "", set()
        elif ch == "]":
            depth -= 1
            inner.add(token.strip())
            token = ""
            if current is not None:
                wanted[current] = {i for i in inner if i}
            current = None
        elif ch == "," and depth == 0:
            if token.strip():
                wanted[token.strip()] = None
            token = ""
        elif ch == "," and depth > 0:
            inner.add(token.strip())
            token = ""
        else:
            token += ch
    out: dict[str, Any] = {}
    for key, sub in wanted.items():
        if key not in body:
            continue
        value = body[key]
        if sub is not None and isinstance(value, list):
            value = [{k: v for k, v in item.items() if k in sub} for item in value]
        out[key] = value
    return out
