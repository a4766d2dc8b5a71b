"""The simulated WooCommerce REST API v3 (store-apis.md §2), as a WSGI app.

What real clients depend on and is reproduced here:

* ``/wp-json/wc/v3/…`` routes; bare JSON arrays; ``page``/``per_page`` (≤ 100,
  default 10) and ``offset`` with ``X-WP-Total``, ``X-WP-TotalPages`` and an
  absolute ``Link`` (``rel="next"``/``rel="prev"``) (§2.2); past the last page an
  empty array; ``per_page=101`` a ``rest_invalid_param`` 400;
* auth as ``class-wc-rest-authentication.php`` does it (§2.1): over HTTPS the
  query keys first, then Basic; over plain HTTP only OAuth 1.0a one-legged
  signatures, verified (harness.platforms.http.oauth1), with the timestamp
  window and single-use nonces;
* repeated query parameters with PHP semantics, last one wins (§2.7: the
  Python client sends each one twice over HTTP);
* ``sku`` (exact, comma list) and ``search`` filters, ``include``/``exclude``,
  ``status``, ``after``/``before``, ``modified_after``/``modified_before``,
  ``orderby``/``order`` with Woo's defaults (date desc; customers by name and
  ``role=customer``);
* unique SKUs across products and variations on every write, while a loaded
  store may still hold duplicates a plugin made (served as they are);
* the WordPress error shape ``{"code","message","data":{"status"}}``.
"""

from __future__ import annotations

import base64
from collections import OrderedDict
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import unquote

import orjson
from werkzeug.wrappers import Request, Response

from harness.model.store import Store
from harness.platforms.http.app import ApiError, EndpointApp, Route, json_response
from harness.platforms.http.clock import Clock
from harness.platforms.http.oauth1 import OAuth1Error, OAuth1Verifier
from harness.platforms.http.paging import last_wins, link_header, list_param, page_link, total_pages
from harness.platforms.http.records import Predicate, RecordSet
from harness.platforms.woocommerce import wire
from harness.platforms.woocommerce.formats import local_and_gmt, parse_gmt

Json = dict[str, Any]
API = "/wp-json/wc/v3"
MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 10
_AUTH_PARAMS = ("consumer_key", "consumer_secret")
_BASIC_REALM = (
    'Basic realm="WooCommerce API. Use a consumer key in the username field and a consumer secret in the '
    'password field."'
)


def _routes() -> tuple[Route, ...]:
    table: list[tuple[str, str, tuple[str, ...]]] = [
        ("/products", "list_products", ("GET",)),
        ("/products", "create_product", ("POST",)),
        ("/products/batch", "batch_products", ("POST", "PUT", "PATCH")),
        ("/products/<int:record_id>", "get_product", ("GET",)),
        ("/products/<int:record_id>", "update_product", ("PUT", "PATCH", "POST")),
        ("/products/<int:record_id>", "delete_product", ("DELETE",)),
        ("/products/<int:product_id>/variations", "list_variations", ("GET",)),
        ("/products/<int:product_id>/variations", "create_variation", ("POST",)),
        ("/products/<int:product_id>/variations/<int:record_id>", "get_variation", ("GET",)),
        ("/products/<int:product_id>/variations/<int:record_id>", "update_variation", ("PUT", "PATCH", "POST")),
        ("/customers", "list_customers", ("GET",)),
        ("/customers/<int:record_id>", "get_customer", ("GET",)),
        ("/orders", "list_orders", ("GET",)),
        ("/orders/<int:record_id>", "get_order", ("GET",)),
        ("/orders/<int:order_id>/refunds", "list_refunds", ("GET",)),
        ("/coupons", "list_coupons", ("GET",)),
        ("/coupons/<int:record_id>", "get_coupon", ("GET",)),
        ("/taxes", "list_taxes", ("GET",)),
        ("/taxes/classes", "list_tax_classes", ("GET",)),
        ("/taxes/<int:record_id>", "get_tax", ("GET",)),
        ("/settings/<group>", "list_settings", ("GET",)),
    ]
    return (
        Route("/wp-json/", "site_index", ("GET",)),
        *tuple(Route(API + path, name, methods) for path, name, methods in table),
    )


class WooEndpoint(EndpointApp):
    """A WooCommerce site loaded from a canonical :class:`Store`; ``reset()`` reloads it."""

    platform = "woocommerce"
    routes = _routes()

    def __init__(
        self,
        store: Store,
        *,
        consumer_key: str = "ck_sandbox0000000000000000000000000000000",
        consumer_secret: str = "cs_sandbox0000000000000000000000000000000",
        permissions: str = "read_write",
        site_offset_hours: float = 0.0,
        check_nonces: bool = True,
        clock: Clock | None = None,
        fault_seed: int = 0,
    ) -> None:
        super().__init__(clock=clock, fault_seed=fault_seed)
        self.store = store
        self.consumer_key = consumer_key
        self.consumer_secret = consumer_secret
        self.permissions = permissions
        self.offset = timedelta(hours=site_offset_hours)
        self.oauth = OAuth1Verifier(
            {consumer_key: consumer_secret}, now=lambda: self.clock.now().timestamp(), check_nonces=check_nonces
        )
        self._load()

    # -- state ---------------------------------------------------------------------------------------------

    def credentials(self) -> dict[str, str]:
        return {"consumer_key": self.consumer_key, "consumer_secret": self.consumer_secret}

    def reset(self) -> None:
        super().reset()
        self.oauth.forget_nonces()
        self._load()

    def _load(self) -> None:
        store = self.store
        ids = wire.WooIds.for_store(store)
        self.ctx = wire.WooContext.for_store(store, ids, self.offset)
        home = f"https://{store.domain}" if store.domain else "https://sandbox-woo.example.com"
        self.site = wire.export_site(store, home, self.offset)
        hint = wire.record_order(store, ids)
        if hint is not None:
            self.site.sandbox.append(hint)
        times = ("date_created_gmt", "date_modified_gmt")
        self.products = RecordSet("products", time_fields=times, parse_time=parse_gmt)
        self.variations: dict[int, Json] = {}
        self.product_variations: dict[int, list[int]] = {}
        self._variation_sets: dict[int, RecordSet] = {}
        for product in store.products:
            data, variations = wire.export_product(product, ids, self.ctx, home)
            self.products.put(data)
            self.product_variations[data["id"]] = [v["id"] for v in variations]
            for variation in variations:
                self.variations[variation["id"]] = variation
        self.customers = RecordSet("customers", time_fields=times, parse_time=parse_gmt)
        for customer in store.customers:
            self.customers.put(wire.export_customer(customer, ids, self.ctx))
        self.orders = RecordSet("orders", time_fields=times, parse_time=parse_gmt)
        self.refunds: dict[int, list[Json]] = {}
        for order in store.orders:
            data, refunds = wire.export_order(order, ids, self.ctx)
            self.orders.put(data)
            if refunds:
                self.refunds[data["id"]] = refunds
        self.taxes = RecordSet("taxes")
        for rate in self.site.rates:
            self.taxes.put(rate)
        self.coupons = RecordSet("coupons", time_fields=times, parse_time=parse_gmt)
        self._derive_coupons()
        self._skus: dict[str, set[int]] = {}
        for record in [*self.products.records.values(), *self.variations.values()]:
            self._index_sku(record)
        self._listings: OrderedDict[tuple[Any, ...], list[int]] = OrderedDict()

    def _derive_coupons(self) -> None:
        """Coupons as the orders used them (the Store keeps no coupon definitions)."""
        seen: dict[str, Json] = {}
        for order_id in self.orders.ids:
            order = self.orders.records[order_id]
            for line in order.get("coupon_lines") or []:
                code = line.get("code")
                if not code:
                    continue
                coupon = seen.get(code)
                if coupon is None:
                    coupon = {
                        "id": len(seen) + 1,
                        "code": code,
                        "amount": line.get("discount"),
                        "discount_type": "fixed_cart",
                        "description": "",
                        "date_created": order.get("date_created"),
                        "date_created_gmt": order.get("date_created_gmt"),
                        "date_modified": order.get("date_created"),
                        "date_modified_gmt": order.get("date_created_gmt"),
                        "date_expires": None,
                        "usage_count": 0,
                        "individual_use": False,
                        "product_ids": [],
                        "excluded_product_ids": [],
                        "free_shipping": False,
                        "meta_data": [],
                    }
                    seen[code] = coupon
                coupon["usage_count"] += 1
        for coupon in seen.values():
            self.coupons.put(coupon)

    def _index_sku(self, record: Json) -> None:
        sku = record.get("sku")
        if sku:
            self._skus.setdefault(sku, set()).add(int(record["id"]))

    def _unindex_sku(self, record: Json) -> None:
        sku = record.get("sku")
        if sku and sku in self._skus:
            self._skus[sku].discard(int(record["id"]))

    def _next_post_id(self) -> int:
        return max([self.products.ids.max(), max(self.variations, default=0), self.orders.ids.max()]) + 1

    # -- protocol: auth and errors ------------------------------------------------------------------------------

    def authenticate(self, request: Request, route: str) -> Response | None:
        if route == "site_index":
            return None
        params = last_wins(request.args)
        try:
            if request.scheme == "https":
                self._check_https(request, params)
            else:
                self._check_oauth(request, params)
        except ApiError as error:
            response = self.render_error(request, error)
            if error.extra.get("basic"):
                response.headers["WWW-Authenticate"] = _BASIC_REALM
            return response
        if request.method not in ("GET", "HEAD", "OPTIONS") and self.permissions == "read":
            return self.render_error(
                request,
                ApiError(
                    401,
                    "The API key provided does not have write permissions.",
                    code="woocommerce_rest_authentication_error",
                ),
            )
        return None

    def _check_https(self, request: Request, params: Mapping[str, str]) -> None:
        """§2.1: query keys are checked first, then Basic auth."""
        if "consumer_key" in params:
            self._check_keys(params.get("consumer_key", ""), params.get("consumer_secret", ""), basic=False)
            return
        auth = request.authorization
        if auth is not None and auth.type == "basic":
            self._check_keys(auth.username or "", auth.password or "", basic=True)
            return
        raise _cannot_view(request)

    def _check_keys(self, key: str, secret: str, *, basic: bool) -> None:
        if key != self.consumer_key:
            raise ApiError(401, "Consumer key is invalid.", code="woocommerce_rest_authentication_error", basic=basic)
        if secret != self.consumer_secret:
            raise ApiError(
                401, "Consumer secret is invalid.", code="woocommerce_rest_authentication_error", basic=basic
            )

    def _check_oauth(self, request: Request, params: dict[str, str]) -> None:
        """Plain HTTP: only OAuth 1.0a, in the query or an ``Authorization: OAuth`` header (§2.1)."""
        header = request.headers.get("Authorization", "")
        if header.startswith("OAuth "):
            for part in header[6:].split(","):
                key, _, value = part.strip().partition("=")
                params[key] = unquote(value.strip('"'))
        if not any(k.startswith("oauth_") for k in params):
            raise _cannot_view(request)
        base_url = f"{request.scheme}://{request.host}{request.path}"
        try:
            self.oauth.verify(request.method, base_url, params)
        except OAuth1Error as exc:
            raise ApiError(401, exc.message, code=exc.code) from None

    def render_error(self, request: Request, error: ApiError) -> Response:
        code = error.code
        message = error.message
        if code is None and error.status in (404, 405) and message in ("Not Found", "Method Not Allowed"):
            code, message = "rest_no_route", "No route was found matching the URL and request method"
        data = {"status": error.status, **{k: v for k, v in error.extra.items() if k != "basic"}}
        return json_response({"code": code or "rest_error", "message": message, "data": data}, status=error.status)

    def throttled(self, request: Request, retry_after: float) -> Response:
        response = self.render_error(
            request, ApiError(429, "Too many requests. Please try again later.", code="rest_too_many_requests")
        )
        response.headers["Retry-After"] = f"{retry_after:g}"
        return response

    def server_error(self, request: Request, status: int) -> Response:
        return self.render_error(
            request,
            ApiError(status, "There has been a critical error on this website.", code="internal_server_error"),
        )

    # -- listing ----------------------------------------------------------------------------------------------------

    def _listing(
        self,
        request: Request,
        records: RecordSet,
        keep: Predicate | None,
        key: tuple[Any, ...],
        sort: Callable[[int], Any],
        descending: bool,
        up: Callable[[Json], str | None] | None = None,
    ) -> Response:
        """One page of ``records`` in Woo's page/per_page form (store-apis.md §2.2)."""
        params = last_wins(request.args)
        per_page = _int_param(params, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE)
        page = _int_param(params, "page", 1, 1, None)
        offset = _int_param(params, "offset", 0, 0, None) if "offset" in params else None
        ids = self._matching(records, keep, key, sort, descending)
        total = len(ids)
        pages = total_pages(total, per_page)
        start = offset if offset is not None else (page - 1) * per_page
        window = ids[start : start + per_page]
        fields = _fields(params.get("_fields"))
        body = self._array(request, records, window, fields, up)
        response = Response(body, content_type="application/json; charset=UTF-8")
        response.headers["X-WP-Total"] = str(total)
        response.headers["X-WP-TotalPages"] = str(pages)
        keep_params = {k: v for k, v in params.items() if k not in _AUTH_PARAMS and not k.startswith("oauth_")}
        links = []
        if page > 1 and offset is None:
            links.append(("prev", page_link(request, {**keep_params, "page": min(page - 1, max(pages, 1))})))
        if page < pages and offset is None:
            links.append(("next", page_link(request, {**keep_params, "page": page + 1})))
        header = link_header(links)
        if header:
            response.headers["Link"] = header
        return response

    def _matching(
        self,
        records: RecordSet,
        keep: Predicate | None,
        key: tuple[Any, ...],
        sort: Callable[[int], Any],
        descending: bool,
    ) -> list[int]:
        """The ordered ids a filter selects, cached per filter until the records change."""
        cache_key = (records.root, records.version, *key)
        found = self._listings.get(cache_key)
        if found is None:
            candidates = records.ids if keep is None else [i for i in records.ids if keep(i)]
            found = sorted(candidates, key=sort, reverse=descending)
            self._listings[cache_key] = found
            if len(self._listings) > 64:
                self._listings.popitem(last=False)
        else:
            self._listings.move_to_end(cache_key)
        return found

    def _array(
        self,
        request: Request,
        records: RecordSet,
        ids: list[int],
        fields: list[str] | None,
        up: Callable[[Json], str | None] | None = None,
    ) -> bytes:
        base = f"{request.scheme}://{request.host}{request.path}"
        collection = base.rsplit("/", 1)[0] if base.rsplit("/", 1)[-1].isdigit() else base
        if fields:
            rows = [{k: records.records[i].get(k) for k in fields if k in records.records[i]} for i in ids]
            return orjson.dumps(rows)
        parts = []
        for i in ids:
            links: Json = {"self": [{"href": f"{collection}/{i}"}], "collection": [{"href": collection}]}
            if up is not None:
                parent = up(records.records[i])
                if parent:
                    links["up"] = [{"href": parent}]
            encoded = records.encoded(i)
            parts.append(encoded[:-1] + b',"_links":' + orjson.dumps(links) + b"}")
        return b"[" + b",".join(parts) + b"]"

    def _one(self, request: Request, records: RecordSet, record_id: int, code: str) -> Response:
        if record_id not in records:
            raise ApiError(404, "Invalid ID.", code=code)
        base = f"{request.scheme}://{request.host}{request.path}".rsplit("/", 1)[0]
        links = {"self": [{"href": f"{base}/{record_id}"}], "collection": [{"href": base}]}
        encoded = records.encoded(record_id)
        return Response(
            encoded[:-1] + b',"_links":' + orjson.dumps(links) + b"}", content_type="application/json; charset=UTF-8"
        )

    # -- common filters -----------------------------------------------------------------------------------------------

    def _common(
        self, request: Request, records: RecordSet, params: Mapping[str, str]
    ) -> tuple[list[Predicate], tuple[Any, ...]]:
        tests: list[Predicate] = []
        include = list_param(request.args, "include")
        exclude = list_param(request.args, "exclude")
        if include:
            wanted = {int(i) for i in include if i.isdigit()}
            tests.append(lambda i: i in wanted)
        if exclude:
            unwanted = {int(i) for i in exclude if i.isdigit()}
            tests.append(lambda i: i not in unwanted)
        for name, index, newer in (
            ("after", 0, True),
            ("before", 0, False),
            ("modified_after", 1, True),
            ("modified_before", 1, False),
        ):
            raw = params.get(name)
            if raw:
                bound = _parse_date(raw, params.get("dates_are_gmt") == "true", self.offset)
                tests.append(_time_test(records, index, bound, newer))
        key = (
            tuple(include or ()),
            tuple(exclude or ()),
            *(params.get(n) for n in ("after", "before", "modified_after", "modified_before", "dates_are_gmt")),
        )
        return tests, key

    def _order_by(
        self,
        records: RecordSet,
        params: Mapping[str, str],
        default: str,
        default_order: str,
        allowed: Mapping[str, Callable[[Json], Any]],
    ) -> tuple[Callable[[int], Any], bool, tuple[Any, ...]]:
        orderby = params.get("orderby") or default
        if orderby not in allowed:
            raise ApiError(
                400,
                "Invalid parameter(s): orderby",
                code="rest_invalid_param",
                params={"orderby": f"orderby is not one of {', '.join(allowed)}."},
            )
        order = (params.get("order") or default_order).lower()
        if order not in ("asc", "desc"):
            raise ApiError(
                400,
                "Invalid parameter(s): order",
                code="rest_invalid_param",
                params={"order": "order is not one of asc, desc."},
            )
        field = allowed[orderby]
        data = records.records
        return (lambda i: (field(data[i]), i)), order == "desc", (orderby, order)

    # -- site -----------------------------------------------------------------------------------------------------

    def site_index(self, request: Request) -> Response:
        return json_response(self.site.index)

    def list_settings(self, request: Request, group: str) -> Response:
        groups = {"general": self.site.general, "tax": self.site.tax, "sync_sandbox": self.site.sandbox}
        if group not in groups:
            raise ApiError(404, "Setting group not found.", code="rest_setting_setting_group_invalid")
        return json_response(groups[group])

    def list_taxes(self, request: Request) -> Response:
        params = last_wins(request.args)
        tests: list[Predicate] = []
        data = self.taxes.records
        if params.get("class"):
            wanted = params["class"]
            tests.append(lambda i: data[i].get("class") == wanted)
        sort, desc, skey = self._order_by(
            self.taxes,
            params,
            "order",
            "asc",
            {"id": lambda r: r["id"], "order": lambda r: r.get("order", 0), "priority": lambda r: r.get("priority", 0)},
        )
        return self._listing(request, self.taxes, _all(tests), (params.get("class"), *skey), sort, desc)

    def get_tax(self, request: Request, record_id: int) -> Response:
        return self._one(request, self.taxes, record_id, "woocommerce_rest_invalid_id")

    def list_tax_classes(self, request: Request) -> Response:
        classes = {"standard": "Standard"}
        for rate in self.taxes.records.values():
            name = rate.get("class") or "standard"
            classes.setdefault(name, name.replace("-", " ").title())
        return json_response([{"slug": slug, "name": name} for slug, name in classes.items()])

    # -- products and variations ---------------------------------------------------------------------------------

    _PRODUCT_SORTS: Mapping[str, Callable[[Json], Any]] = {
        "date": lambda r: r.get("date_created_gmt") or "",
        "modified": lambda r: r.get("date_modified_gmt") or "",
        "id": lambda r: r["id"],
        "include": lambda r: r["id"],
        "title": lambda r: (r.get("name") or "").lower(),
        "slug": lambda r: r.get("slug") or "",
        "price": lambda r: float(r.get("price") or 0),
        "popularity": lambda r: r.get("total_sales") or 0,
        "rating": lambda r: 0,
        "menu_order": lambda r: r.get("menu_order") or 0,
    }

    def list_products(self, request: Request) -> Response:
        params = last_wins(request.args)
        tests, key = self._common(request, self.products, params)
        data = self.products.records
        for name in ("type", "stock_status", "tax_class"):
            if params.get(name):
                wanted = params[name]
                tests.append(lambda i, n=name, w=wanted: data[i].get(n) == w)  # type: ignore[misc]
        status = params.get("status") or "any"
        if status != "any":
            tests.append(lambda i: data[i].get("status") == status)
        if params.get("sku"):
            skus = {s.strip() for s in params["sku"].split(",") if s.strip()}
            tests.append(lambda i: data[i].get("sku") in skus)
        if params.get("search"):
            needle = params["search"].lower()
            tests.append(
                lambda i: (
                    needle in (data[i].get("name") or "").lower()
                    or needle in (data[i].get("sku") or "").lower()
                    or needle in (data[i].get("description") or "").lower()
                )
            )
        if params.get("category"):
            cats = set(params["category"].split(","))
            tests.append(lambda i: any(str(c["id"]) in cats for c in data[i].get("categories") or []))
        if params.get("on_sale"):
            flag = params["on_sale"] == "true"
            tests.append(lambda i: bool(data[i].get("on_sale")) == flag)
        sort, desc, skey = self._order_by(self.products, params, "date", "desc", self._PRODUCT_SORTS)
        key = (
            *key,
            *skey,
            *(
                params.get(n)
                for n in ("type", "stock_status", "tax_class", "status", "sku", "search", "category", "on_sale")
            ),
        )
        return self._listing(request, self.products, _all(tests), key, sort, desc)

    def get_product(self, request: Request, record_id: int) -> Response:
        return self._one(request, self.products, record_id, "woocommerce_rest_product_invalid_id")

    def list_variations(self, request: Request, product_id: int) -> Response:
        if product_id not in self.products:
            raise ApiError(404, "Invalid ID.", code="woocommerce_rest_product_invalid_id")
        params = last_wins(request.args)
        records = self._variation_set(product_id)
        tests: list[Predicate] = []
        if params.get("sku"):
            skus = {s.strip() for s in params["sku"].split(",")}
            tests.append(lambda i: records.records[i].get("sku") in skus)
        sort, desc, _ = self._order_by(records, params, "date", "desc", self._PRODUCT_SORTS)
        keep = _all(tests)
        ids = sorted((i for i in records.ids if keep is None or keep(i)), key=sort, reverse=desc)
        # a product's variations are few: page them directly rather than through the listing cache
        per_page = _int_param(params, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE)
        page = _int_param(params, "page", 1, 1, None)
        window = ids[(page - 1) * per_page : page * per_page]
        parent = f"{request.scheme}://{request.host}{API}/products/{product_id}"
        body = self._array(request, records, window, _fields(params.get("_fields")), lambda r: parent)
        response = Response(body, content_type="application/json; charset=UTF-8")
        pages = total_pages(len(ids), per_page)
        response.headers["X-WP-Total"] = str(len(ids))
        response.headers["X-WP-TotalPages"] = str(pages)
        keep_params = {k: v for k, v in params.items() if k not in _AUTH_PARAMS and not k.startswith("oauth_")}
        links = []
        if page > 1:
            links.append(("prev", page_link(request, {**keep_params, "page": page - 1})))
        if page < pages:
            links.append(("next", page_link(request, {**keep_params, "page": page + 1})))
        header = link_header(links)
        if header:
            response.headers["Link"] = header
        return response

    def _variation_set(self, product_id: int) -> RecordSet:
        """A product's variations as a RecordSet, kept so their JSON is encoded once."""
        records = self._variation_sets.get(product_id)
        if records is None:
            records = RecordSet("variations")
            for vid in self.product_variations.get(product_id, []):
                records.put(self.variations[vid])
            self._variation_sets[product_id] = records
        return records

    def get_variation(self, request: Request, product_id: int, record_id: int) -> Response:
        if record_id not in self.product_variations.get(product_id, []):
            raise ApiError(404, "Invalid ID.", code="woocommerce_rest_product_variation_invalid_id")
        return json_response(self.variations[record_id])

    def _check_sku(self, sku: Any, owner: int | None) -> None:
        """§2.3: SKUs are unique across products and variations on every write."""
        if not sku:
            return
        holders = self._skus.get(str(sku), set()) - ({owner} if owner is not None else set())
        if holders:
            raise ApiError(
                400,
                "Invalid or duplicated SKU.",
                code="product_invalid_sku",
                resource_id=min(holders),
                unique_sku=f"{sku}-1",
            )

    def create_product(self, request: Request) -> Response:
        body = _json_body(request)
        product = self._new_product(body)
        return json_response(product, status=201)

    def _new_product(self, body: Json) -> Json:
        self._check_sku(body.get("sku"), None)
        pid = self._next_post_id()
        now_local, now_gmt = local_and_gmt(self.clock.now(), self.offset)
        name = body.get("name") or ""
        product: Json = {
            "id": pid,
            "name": name,
            "slug": wire._slug(name) or f"product-{pid}",
            "permalink": "",
            "date_created": now_local,
            "date_created_gmt": now_gmt,
            "date_modified": now_local,
            "date_modified_gmt": now_gmt,
            "type": body.get("type") or "simple",
            "status": body.get("status") or "publish",
            "featured": False,
            "catalog_visibility": "visible",
            "description": body.get("description") or "",
            "short_description": "",
            "sku": body.get("sku") or "",
            "price": body.get("sale_price") or body.get("regular_price") or "",
            "regular_price": body.get("regular_price") or "",
            "sale_price": body.get("sale_price") or "",
            "on_sale": bool(body.get("sale_price")),
            "purchasable": True,
            "total_sales": 0,
            "virtual": False,
            "downloadable": False,
            "tax_status": body.get("tax_status") or "taxable",
            "tax_class": body.get("tax_class") or "",
            "manage_stock": bool(body.get("manage_stock")),
            "stock_quantity": body.get("stock_quantity"),
            "stock_status": "instock",
            "backorders": "no",
            "weight": body.get("weight") or "",
            "dimensions": {"length": "", "width": "", "height": ""},
            "global_unique_id": body.get("global_unique_id") or "",
            "parent_id": 0,
            "shipping_class": "",
            "categories": body.get("categories") or [],
            "brands": [],
            "tags": [],
            "images": [],
            "attributes": body.get("attributes") or [],
            "default_attributes": [],
            "variations": [],
            "grouped_products": [],
            "menu_order": 0,
            "meta_data": [{"id": self.ctx.next_meta(), **m} for m in body.get("meta_data") or []],
        }
        self.products.put(product)
        self.product_variations[pid] = []
        self._index_sku(product)
        return product

    def update_product(self, request: Request, record_id: int) -> Response:
        product = self.products.get(record_id)
        if product is None:
            raise ApiError(404, "Invalid ID.", code="woocommerce_rest_product_invalid_id")
        return json_response(self._update(product, _json_body(request), self.products))

    def _update(self, record: Json, body: Json, records: RecordSet | None) -> Json:
        if "sku" in body and body["sku"] != record.get("sku"):
            self._check_sku(body["sku"], int(record["id"]))
        self._unindex_sku(record)
        for key, value in body.items():
            if key in ("id", "date_created", "date_created_gmt", "variations", "_links"):
                continue
            if key == "meta_data":
                value = [{"id": m.get("id") or self.ctx.next_meta(), **m} for m in value or []]
            record[key] = value
        if record.get("manage_stock") is True and record.get("stock_quantity") is not None:
            record["stock_status"] = "instock" if int(record["stock_quantity"]) > 0 else "outofstock"
        record["date_modified"], record["date_modified_gmt"] = local_and_gmt(self.clock.now(), self.offset)
        self._index_sku(record)
        if records is not None:
            records.changed(int(record["id"]))
        return record

    def delete_product(self, request: Request, record_id: int) -> Response:
        product = self.products.get(record_id)
        if product is None:
            raise ApiError(404, "Invalid ID.", code="woocommerce_rest_product_invalid_id")
        if last_wins(request.args).get("force") == "true":
            self.products.remove(record_id)
            self._unindex_sku(product)
            for vid in self.product_variations.pop(record_id, []):
                self._unindex_sku(self.variations.pop(vid))
        else:
            product["status"] = "trash"
            self.products.changed(record_id)
        return json_response(product)

    def batch_products(self, request: Request) -> Response:
        body = _json_body(request)
        out: dict[str, list[Json]] = {"create": [], "update": [], "delete": []}
        total = sum(len(body.get(k) or []) for k in out)
        if total > 100:
            raise ApiError(
                413,
                "Unable to accept more than 100 items for this request.",
                code="woocommerce_rest_request_entity_too_large",
            )
        actions: dict[str, Callable[[Any], Json]] = {
            "create": self._new_product,
            "update": self._update_by_id,
            "delete": self._delete_by_id,
        }
        for kind, action in actions.items():
            for item in body.get(kind) or []:
                out[kind].append(self._batch_item(action, item))
        return json_response({k: v for k, v in out.items() if body.get(k)})

    def _batch_item(self, action: Callable[[Any], Json], item: Any) -> Json:
        """Each batch item succeeds or carries its own ``error`` object (§2.2)."""
        try:
            return action(item)
        except ApiError as error:
            return {
                "id": 0,
                "error": {
                    "code": error.code,
                    "message": error.message,
                    "data": {"status": error.status, **error.extra},
                },
            }

    def _update_by_id(self, item: Json) -> Json:
        product = self.products.get(int(item.get("id") or 0))
        if product is None:
            raise ApiError(400, "Invalid ID.", code="woocommerce_rest_product_invalid_id")
        return self._update(product, item, self.products)

    def _delete_by_id(self, item: Any) -> Json:
        record_id = int(item if not isinstance(item, dict) else item.get("id") or 0)
        product = self.products.remove(record_id)
        if product is None:
            raise ApiError(400, "Invalid ID.", code="woocommerce_rest_product_invalid_id")
        self._unindex_sku(product)
        return product

    def create_variation(self, request: Request, product_id: int) -> Response:
        product = self.products.get(product_id)
        if product is None:
            raise ApiError(404, "Invalid ID.", code="woocommerce_rest_product_invalid_id")
        body = _json_body(request)
        self._check_sku(body.get("sku"), None)
        vid = self._next_post_id()
        now_local, now_gmt = local_and_gmt(self.clock.now(), self.offset)
        variation = {
            "id": vid,
            "type": "variation",
            "parent_id": product_id,
            "name": body.get("name") or "",
            "date_created": now_local,
            "date_created_gmt": now_gmt,
            "date_modified": now_local,
            "date_modified_gmt": now_gmt,
            "status": "publish",
            "sku": body.get("sku") or "",
            "price": body.get("sale_price") or body.get("regular_price") or "",
            "regular_price": body.get("regular_price") or "",
            "sale_price": body.get("sale_price") or "",
            "on_sale": bool(body.get("sale_price")),
            "tax_status": body.get("tax_status") or "taxable",
            "tax_class": body.get("tax_class") or "",
            "manage_stock": body.get("manage_stock", False),
            "stock_quantity": body.get("stock_quantity"),
            "stock_status": "instock",
            "backorders": "no",
            "weight": body.get("weight") or "",
            "global_unique_id": body.get("global_unique_id") or "",
            "attributes": body.get("attributes") or [],
            "menu_order": len(self.product_variations[product_id]),
            "meta_data": [{"id": self.ctx.next_meta(), **m} for m in body.get("meta_data") or []],
            "image": None,
        }
        self.variations[vid] = variation
        self.product_variations[product_id].append(vid)
        self._variation_sets.pop(product_id, None)
        product["variations"] = [*product.get("variations", []), vid]
        self.products.changed(product_id)
        self._index_sku(variation)
        return json_response(variation, status=201)

    def update_variation(self, request: Request, product_id: int, record_id: int) -> Response:
        if record_id not in self.product_variations.get(product_id, []):
            raise ApiError(404, "Invalid ID.", code="woocommerce_rest_product_variation_invalid_id")
        self._variation_sets.pop(product_id, None)
        return json_response(self._update(self.variations[record_id], _json_body(request), None))

    # -- customers, orders, coupons ---------------------------------------------------------------------------------

    _CUSTOMER_SORTS: Mapping[str, Callable[[Json], Any]] = {
        "id": lambda r: r["id"],
        "include": lambda r: r["id"],
        "name": lambda r: f"{r.get('first_name') or ''} {r.get('last_name') or ''}".strip().lower(),
        "registered_date": lambda r: r.get("date_created_gmt") or "",
    }

    def list_customers(self, request: Request) -> Response:
        params = last_wins(request.args)
        tests, key = self._common(request, self.customers, params)
        data = self.customers.records
        role = params.get("role") or "customer"
        if role != "all":
            tests.append(lambda i: data[i].get("role") == role)
        if params.get("email"):
            email = params["email"].lower()
            tests.append(lambda i: (data[i].get("email") or "").lower() == email)
        if params.get("search"):
            needle = params["search"].lower()
            tests.append(
                lambda i: (
                    needle
                    in " ".join(
                        str(data[i].get(k) or "") for k in ("email", "first_name", "last_name", "username")
                    ).lower()
                )
            )
        sort, desc, skey = self._order_by(self.customers, params, "name", "asc", self._CUSTOMER_SORTS)
        key = (*key, *skey, role, params.get("email"), params.get("search"))
        return self._listing(request, self.customers, _all(tests), key, sort, desc)

    def get_customer(self, request: Request, record_id: int) -> Response:
        return self._one(request, self.customers, record_id, "woocommerce_rest_invalid_id")

    _ORDER_SORTS: Mapping[str, Callable[[Json], Any]] = {
        "date": lambda r: r.get("date_created_gmt") or "",
        "modified": lambda r: r.get("date_modified_gmt") or "",
        "id": lambda r: r["id"],
        "include": lambda r: r["id"],
        "title": lambda r: str(r.get("number") or ""),
        "slug": lambda r: str(r.get("number") or ""),
    }

    def list_orders(self, request: Request) -> Response:
        params = last_wins(request.args)
        tests, key = self._common(request, self.orders, params)
        data = self.orders.records
        status = params.get("status") or "any"
        if status != "any":
            statuses = set(status.split(","))
            tests.append(lambda i: data[i].get("status") in statuses)
        if params.get("customer"):
            customer = int(params["customer"]) if params["customer"].isdigit() else -1
            tests.append(lambda i: data[i].get("customer_id") == customer)
        if params.get("product"):
            product = int(params["product"]) if params["product"].isdigit() else -1
            tests.append(lambda i: any(li.get("product_id") == product for li in data[i].get("line_items") or []))
        if params.get("search"):
            needle = params["search"].lower()
            tests.append(
                lambda i: (
                    needle in str(data[i].get("number")).lower()
                    or needle in (data[i].get("billing") or {}).get("email", "").lower()
                )
            )
        sort, desc, skey = self._order_by(self.orders, params, "date", "desc", self._ORDER_SORTS)
        key = (*key, *skey, status, params.get("customer"), params.get("product"), params.get("search"))
        return self._listing(request, self.orders, _all(tests), key, sort, desc)

    def get_order(self, request: Request, record_id: int) -> Response:
        return self._one(request, self.orders, record_id, "woocommerce_rest_shop_order_invalid_id")

    def list_refunds(self, request: Request, order_id: int) -> Response:
        if order_id not in self.orders:
            raise ApiError(404, "Invalid ID.", code="woocommerce_rest_shop_order_invalid_id")
        return json_response(self.refunds.get(order_id, []))

    def list_coupons(self, request: Request) -> Response:
        params = last_wins(request.args)
        tests, key = self._common(request, self.coupons, params)
        data = self.coupons.records
        if params.get("code"):
            code = params["code"].lower()
            tests.append(lambda i: str(data[i].get("code")).lower() == code)
        sort, desc, skey = self._order_by(self.coupons, params, "date", "desc", self._ORDER_SORTS)
        return self._listing(request, self.coupons, _all(tests), (*key, *skey, params.get("code")), sort, desc)

    def get_coupon(self, request: Request, record_id: int) -> Response:
        return self._one(request, self.coupons, record_id, "woocommerce_rest_shop_coupon_invalid_id")

    # -- page drift ------------------------------------------------------------------------------------------

    def drift(self, request: Request) -> None:
        """A new record appears at the top of the default (newest first) listing."""
        path = request.path
        records = next(
            (
                r
                for name, r in (("/orders", self.orders), ("/customers", self.customers), ("/products", self.products))
                if name in path
            ),
            None,
        )
        if records is None or not len(records):
            return
        template = records.records[records.ids.max()]
        record: Json = orjson.loads(orjson.dumps(template))
        new_id = self._next_post_id() if records is not self.customers else records.ids.max() + 1
        record["id"] = new_id
        now_local, now_gmt = local_and_gmt(self.clock.now(), self.offset)
        record["date_created"], record["date_created_gmt"] = now_local, now_gmt
        if records is self.products:
            record["sku"] = ""
            record["variations"] = []
            self.product_variations[new_id] = []
        if records is self.orders:
            record["number"] = str(new_id)
        records.put(record)


# -- helpers ----------------------------------------------------------------------------------------------------


def _cannot_view(request: Request) -> ApiError:
    message = "Sorry, you cannot list resources." if request.method == "GET" else "Sorry, you cannot create resources."
    code = "woocommerce_rest_cannot_view" if request.method == "GET" else "woocommerce_rest_cannot_create"
    return ApiError(401, message, code=code)


def _int_param(params: Mapping[str, str], name: str, default: int, low: int, high: int | None) -> int:
    raw = params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        value = low - 1
    if value < low or (high is not None and value > high):
        rule = (
            f"between {low} (inclusive) and {high} (inclusive)"
            if high is not None
            else f"greater than or equal to {low}"
        )
        message = f"{name} must be {rule}"
        raise ApiError(
            400,
            f"Invalid parameter(s): {name}",
            code="rest_invalid_param",
            params={name: message},
            details={name: {"code": "rest_out_of_bounds", "message": message, "data": None}},
        )
    return value


def _fields(raw: str | None) -> list[str] | None:
    if not raw:
        return None
    return [f.strip() for f in raw.split(",") if f.strip()]


def _json_body(request: Request) -> Json:
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise ApiError(400, "Invalid JSON body passed.", code="rest_invalid_json")
    return data


def _parse_date(raw: str, gmt: bool, offset: timedelta) -> datetime:
    """``after``/``before``: ISO 8601, site-local unless ``dates_are_gmt=true`` (or a zone is given)."""
    try:
        value = datetime.fromisoformat(raw.replace(" ", "+"))
    except ValueError:
        raise ApiError(
            400, "Invalid parameter(s): after", code="rest_invalid_param", params={"after": "Invalid date."}
        ) from None
    if value.tzinfo is None:
        value = (value if gmt else value - offset).replace(tzinfo=UTC)
    return value


def _time_test(records: RecordSet, index: int, bound: datetime, newer: bool) -> Predicate:
    def test(record_id: int) -> bool:
        value = records.times(record_id)[index]
        if value is None:
            return False
        return value > bound if newer else value < bound

    return test


def _all(tests: list[Predicate]) -> Predicate | None:
    if not tests:
        return None
    if len(tests) == 1:
        return tests[0]
    return lambda i: all(test(i) for test in tests)


def basic_token(key: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode()
