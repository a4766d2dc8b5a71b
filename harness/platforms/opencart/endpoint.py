"""The simulated OpenCart: ``oc_`` tables in a real SQL database, and a REST-Admin-style JSON facade.

OpenCart core has no catalogue or customer API (store-apis.md 4.1), so real
connectors read MySQL directly or through a paid "REST Admin API" extension.
The database is the truth here: tests and connectors can run plain SQL on
``endpoint.db`` (SQLite by default, a file or ``:memory:``; a MySQL URL when
given). The facade follows the REST Admin extension: ``/api/rest_admin/...``,
the secret in ``X-Oc-Restadmin-Id``, the envelope
``{"success": 1, "error": [], "data": ...}``, paging by ``limit`` and ``page``
(query string or ``/limit/{n}/page/{p}``) echoed in ``X-Pagination-*``
headers. ``/settings`` and ``/tax_rates`` are the simulator's own additions so
an HTTP-only reader can see the store's currency and tax table.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from werkzeug.wrappers import Request, Response

from harness.model.store import Store
from harness.platforms.http.app import ApiError, EndpointApp, Route, json_response
from harness.platforms.http.clock import Clock
from harness.platforms.opencart import native, queries
from harness.platforms.opencart.db import Database, connect
from harness.platforms.opencart.loader import Ids, load_store
from harness.platforms.opencart.schema import check_schema

API = "/api/rest_admin"
DEFAULT_LIMIT = 20
MAX_LIMIT = 1000


class OpenCartEndpoint(EndpointApp):
    platform = "opencart"
    routes = (
        Route(f"{API}/products", "list_products"),
        Route(f"{API}/products/limit/<int:limit>/page/<int:page>", "list_products"),
        Route(f"{API}/products/<int:product_id>", "get_product"),
        Route(f"{API}/customers", "list_customers"),
        Route(f"{API}/customers/limit/<int:limit>/page/<int:page>", "list_customers"),
        Route(f"{API}/orders", "list_orders"),
        Route(f"{API}/orders/limit/<int:limit>/page/<int:page>", "list_orders"),
        Route(f"{API}/orders/<int:order_id>", "get_order"),
        Route(f"{API}/orders/id_larger_than/<int:after_id>", "list_orders"),
        Route(f"{API}/orders/modified_from/<since>", "list_orders"),
        Route(f"{API}/tax_rates", "list_tax_rates"),
        Route(f"{API}/settings", "get_settings"),
        Route("/index.php", "native_api", ("GET", "POST")),
    )

    def __init__(
        self,
        store: Store,
        *,
        schema: str = "3",
        database: str | Path = ":memory:",
        api_key: str = "opencart-sandbox-restadmin-secret",
        api_username: str = "Default",
        api_secret: str = "opencart-sandbox-api-key",
        api_ips: tuple[str, ...] = ("127.0.0.1",),
        missing_orders: int = 0,
        clock: Clock | None = None,
        fault_seed: int = 0,
    ) -> None:
        super().__init__(clock=clock, fault_seed=fault_seed)
        self.loaded = store
        self.schema = check_schema(schema)
        self.api_key = api_key
        self.api_username = api_username
        self.api_secret = api_secret
        self.api_ips = api_ips
        self.missing_orders = missing_orders
        self.db: Database = connect(database)
        self.ids: Ids = self._load()

    def _load(self) -> Ids:
        ids = load_store(self.db, self.loaded, self.schema)
        if self.schema == "3":
            native.seed_api(self)
        if self.missing_orders:
            self._add_missing_orders(self.missing_orders)
        return ids

    def _add_missing_orders(self, count: int) -> None:
        """Abandoned checkouts: copies of the newest orders with ``order_status_id = 0``, new ids and their
        lines. OpenCart writes these at checkout; a reader that does not filter them counts phantom sales."""
        newest = self.db.query("SELECT `order_id` FROM `oc_order` ORDER BY `order_id` DESC LIMIT ?", (count,))
        top = int(self.db.scalar("SELECT MAX(`order_id`) FROM `oc_order`") or 0)
        line_top = int(self.db.scalar("SELECT MAX(`order_product_id`) FROM `oc_order_product`") or 0)
        order_cols = [c for c in self.db.columns("oc_order") if c not in ("order_id", "order_status_id")]
        line_cols = [c for c in self.db.columns("oc_order_product") if c not in ("order_product_id", "order_id")]
        oc, lc = ", ".join(f"`{c}`" for c in order_cols), ", ".join(f"`{c}`" for c in line_cols)
        for n, row in enumerate(newest, 1):
            source, target = int(row["order_id"]), top + n
            self.db.execute(
                f"INSERT INTO `oc_order` (`order_id`, `order_status_id`, {oc}) SELECT ?, 0, {oc} "
                "FROM `oc_order` WHERE `order_id` = ?",
                (target, source),
            )
            for line in self.db.query(
                "SELECT `order_product_id` FROM `oc_order_product` WHERE `order_id` = ? ORDER BY `order_product_id`",
                (source,),
            ):
                line_top += 1
                self.db.execute(
                    f"INSERT INTO `oc_order_product` (`order_product_id`, `order_id`, {lc}) SELECT ?, ?, {lc} "
                    "FROM `oc_order_product` WHERE `order_product_id` = ?",
                    (line_top, target, int(line["order_product_id"])),
                )
        self.db.commit()

    # -- SimulatedEndpoint -------------------------------------------------------------------------

    def credentials(self) -> dict[str, str]:
        """The REST Admin secret, the database, and (3.x) the native API user and key."""
        out = {"api_key": self.api_key, "database": self.db.target, "schema": self.schema}
        if self.schema == "3":
            out.update({"username": self.api_username, "key": self.api_secret})
        return out

    def reset(self) -> None:
        super().reset()
        self.ids = self._load()

    # -- hooks -------------------------------------------------------------------------------------

    def authenticate(self, request: Request, route: str) -> Response | None:
        if route == "native_api":
            return None  # api/login and api_token checks are the native API's own
        if request.headers.get("X-Oc-Restadmin-Id") != self.api_key:
            return self.render_error(request, ApiError(401, "Invalid or missing secret key"))
        return None

    def render_error(self, request: Request, error: ApiError) -> Response:
        return json_response({"success": 0, "error": [error.message], "data": []}, status=error.status)

    def drift(self, request: Request) -> None:
        """A new order row arrives (a copy of the newest, with the next order_id)."""
        newest = self.db.scalar("SELECT MAX(`order_id`) FROM `oc_order`")
        if newest is None:
            return
        columns = [c for c in self.db.columns("oc_order") if c != "order_id"]
        names = ", ".join(f"`{c}`" for c in columns)
        self.db.execute(
            f"INSERT INTO `oc_order` (`order_id`, {names}) SELECT ?, {names} FROM `oc_order` WHERE `order_id` = ?",
            (int(newest) + 1, int(newest)),
        )
        self.db.commit()

    # -- routes ------------------------------------------------------------------------------------

    def list_products(self, request: Request, limit: int | None = None, page: int | None = None) -> Response:
        size, number = _paging(request, limit, page)
        data = queries.products(self.db, self.schema, size, (number - 1) * size)
        return _page(data, queries.count_products(self.db), size, number)

    def get_product(self, request: Request, product_id: int) -> Response:
        found = queries.product(self.db, self.schema, product_id)
        if found is None:
            raise ApiError(404, "Product not found")
        return _ok(found)

    def list_customers(self, request: Request, limit: int | None = None, page: int | None = None) -> Response:
        size, number = _paging(request, limit, page)
        data = queries.customers(self.db, self.schema, size, (number - 1) * size)
        return _page(data, queries.count_customers(self.db), size, number)

    def list_orders(
        self,
        request: Request,
        limit: int | None = None,
        page: int | None = None,
        after_id: int | None = None,
        since: str | None = None,
    ) -> Response:
        size, number = _paging(request, limit, page)
        modified_from = _date_filter(since) if since is not None else None
        data = queries.orders(self.db, size, (number - 1) * size, after_id=after_id, modified_from=modified_from)
        return _page(data, queries.count_orders(self.db, after_id=after_id, modified_from=modified_from), size, number)

    def get_order(self, request: Request, order_id: int) -> Response:
        found = queries.order(self.db, order_id)
        if found is None:
            raise ApiError(404, "Order not found")
        return _ok(found)

    def list_tax_rates(self, request: Request) -> Response:
        return _ok(queries.tax_rates(self.db))

    def get_settings(self, request: Request) -> Response:
        return _ok(queries.settings(self.db))

    def native_api(self, request: Request) -> Response:
        if self.schema != "3":
            raise ApiError(404, "OpenCart 4.1's signed API is not simulated")
        return native.handle(self, request)


def _date_filter(since: str) -> str:
    """``2026-02-01`` or ``2026-02-01 10:00:00`` (URL-encoded), as a DATETIME comparable string."""
    text = since.replace("T", " ").strip()
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise ApiError(400, f"modified_from: not a date: {since!r}") from None
    return parsed.strftime("%Y-%m-%d %H:%M:%S")


def _paging(request: Request, limit: int | None, page: int | None) -> tuple[int, int]:
    try:
        size = limit if limit is not None else int(request.args.get("limit", DEFAULT_LIMIT))
        number = page if page is not None else int(request.args.get("page", 1))
    except ValueError:
        raise ApiError(400, "limit and page must be whole numbers") from None
    if size < 1 or size > MAX_LIMIT or number < 1:
        raise ApiError(400, f"limit must be 1-{MAX_LIMIT} and page at least 1")
    return size, number


def _ok(data: Any) -> Response:
    return json_response({"success": 1, "error": [], "data": data})


def _page(data: list[Any], total: int, size: int, number: int) -> Response:
    response = _ok(data)
    response.headers["X-Total-Count"] = str(total)
    response.headers["X-Pagination-Limit"] = str(size)
    response.headers["X-Pagination-Page"] = str(number)
    response.headers["X-Pagination-Total-Pages"] = str(-(-total // size))
    return response


def make_endpoint(store: Store, **options: Any) -> OpenCartEndpoint:
    return OpenCartEndpoint(store, **options)
