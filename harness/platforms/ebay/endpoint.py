"""The simulated eBay Trading API: ``POST /ws/api.dll``, one call per request (store-apis.md 3.1).

The call is named by ``X-EBAY-API-CALL-NAME`` and the body root
``<{Call}Request>``; the token comes in ``RequesterCredentials/eBayAuthToken``
or, for OAuth, in ``X-EBAY-API-IAF-TOKEN``. Business errors are HTTP 200 with
``Ack=Failure`` and ``<Errors>`` (931 bad token, 17 unknown item, 518 call
limit, 2 unsupported call, 5 XML parse error, 37 bad input). The call limit is
fault injection: ``Throttle`` faults render as error 518 (store-apis.md 7.5).

State is the loaded Store plus hash indexes (items by ItemID and Custom label,
orders sorted by creation and modification time for bisected date ranges);
``reset()`` rebuilds them from what was loaded.
"""

from __future__ import annotations

import bisect
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, Literal

import msgspec
from werkzeug.wrappers import Request, Response

from harness.model.common import replace
from harness.model.store import Customer, Order, Product, Store, Variant
from harness.platforms.ebay.encode import Listing, encode_item, encode_order, encode_tax_table
from harness.platforms.ebay.wire import EBAY_LOCATION, Buyer, ebay_order_status, is_multi_variation, site_for
from harness.platforms.ebay.xmltools import (
    NS,
    Element,
    XmlError,
    decimal,
    ebay_time,
    integer,
    parse_time,
    parse_xml,
    sub,
    text,
)
from harness.platforms.ebay.xmltools import to_bytes as xml_bytes
from harness.platforms.http.app import ApiError, EndpointApp, Route
from harness.platforms.http.clock import Clock

_NOT_SOLD = frozenset({"cancelled", "failed"})


@dataclass(frozen=True)
class Revision:
    """One stock or price write, kept for audits (what a connector pushed, and when)."""

    at: datetime
    item_id: str
    sku: str | None
    quantity: int
    price: Decimal


_DEFAULT_PAGE = 25
_MAX_SELLING_PAGE = 200
_MAX_ORDERS_PAGE = 100
_SELLER_LIST_WINDOW = timedelta(days=120)


class TradingError(ApiError):
    """A Trading business error: HTTP 200, ``Ack=Failure`` (store-apis.md 3.1)."""

    def __init__(self, code: int, short: str, long: str | None = None, *, classification: str = "RequestError") -> None:
        super().__init__(200, short, code=code, long=long or short, classification=classification)


class EbayTradingEndpoint(EndpointApp):
    platform = "ebay"
    routes = (Route("/ws/api.dll", "trading", ("POST",)),)

    def __init__(
        self,
        store: Store,
        *,
        token: str = "ebay-sandbox-auth-token",
        iaf_token: str = "ebay-sandbox-oauth-user-token",
        seller_id: str = "sandbox_seller",
        order_window_days: int | None = None,
        all_variations: bool = False,
        revise_quantity: Literal["available", "listed"] = "available",
        clock: Clock | None = None,
        fault_seed: int = 0,
    ) -> None:
        """``order_window_days=90`` makes GetOrders refuse older ranges, as real eBay does;
        the default serves the whole history so a generated store reads back whole."""
        super().__init__(clock=clock, fault_seed=fault_seed)
        self.loaded = store
        self.token = token
        self.iaf_token = iaf_token
        self.seller_id = seller_id
        self.order_window_days = order_window_days
        self.all_variations = all_variations
        self.revise_quantity = revise_quantity
        #: tokens answered with error 932 (hard expired); see expire_tokens()
        self.expired_tokens: set[str] = set()
        self._lock = threading.RLock()
        self._calls: dict[str, Callable[[Element, Element], None]] = {
            "GeteBayOfficialTime": lambda req, out: None,
            "GetUser": self.get_user,
            "GetStore": self.get_store,
            "GetTaxTable": self.get_tax_table,
            "GetMyeBaySelling": self.get_my_ebay_selling,
            "GetItem": self.get_item,
            "GetSellerList": self.get_seller_list,
            "GetOrders": self.get_orders,
            "ReviseInventoryStatus": self.revise_inventory_status,
        }
        self._load()

    # -- SimulatedEndpoint -------------------------------------------------------------------------

    def credentials(self) -> dict[str, str]:
        """ebaysdk needs app/dev/cert ids too (they become headers); any non-empty value is accepted."""
        return {
            "token": self.token,
            "iaf_token": self.iaf_token,
            "appid": "SyncSand-box-SBX-0000000000-00000000",
            "devid": "00000000-0000-0000-0000-000000000000",
            "certid": "SBX-000000000000-0000-0000-0000-0000",
            "siteid": str(site_for(self.loaded.country).site_id),
        }

    def reset(self) -> None:
        super().reset()
        with self._lock:
            self.expired_tokens.clear()
            self._load()

    def expire_tokens(self) -> None:
        """From now on both tokens get error 932, as when a seller's token hard-expires (store-apis.md 3.1)."""
        self.expired_tokens.update({self.token, self.iaf_token})

    # -- state -------------------------------------------------------------------------------------

    def _load(self) -> None:
        # a private copy: ReviseInventoryStatus edits it, and reset() must find the original
        store = msgspec.json.decode(msgspec.json.encode(self.loaded), type=Store)
        self.revisions: list[Revision] = []
        site = site_for(store.country)
        now = self.clock.now()
        self.customers: dict[str, Customer] = {c.id: c for c in store.customers}
        self.products: dict[str, Product] = {}
        self.listings: dict[str, Listing] = {}
        self.by_sku: dict[str, str] = {}
        #: Custom label -> (ItemID, variant), for stock writes addressed by SKU
        self.variant_by_sku: dict[str, tuple[str, Variant]] = {}
        self.variant_options: dict[str, dict[str, str]] = {}
        for product in store.products:
            if product.status == "draft":
                continue  # eBay drafts never reach the Trading API
            active = product.status == "active"
            self.products[product.id] = product
            self.listings[product.id] = Listing(
                product=product,
                currency=site.currency,
                site=site.name,
                active=active,
                end_time=now + timedelta(days=30) if active else now - timedelta(days=1),
                all_variations=self.all_variations,
            )
            if is_multi_variation(product):
                for variant in product.variants:
                    self.variant_options[variant.id] = variant.options
            sku = (
                product.sku if is_multi_variation(product) else (product.variants[0].sku if product.variants else None)
            )
            if active and sku:
                self.by_sku.setdefault(sku, product.id)
            if active:
                for variant in product.variants:
                    if variant.sku:
                        self.variant_by_sku.setdefault(variant.sku, (product.id, variant))
        self.orders: list[Order] = []
        self._modified_index: tuple[list[datetime], list[int]] | None = None
        self._created: list[datetime] = []
        self.orders_by_id: dict[str, Order] = {}
        for order in sorted(store.orders, key=lambda o: (o.created_at, o.id)):
            self._add_order(order)
        self._count_sold()
        # per-request lookups by bisection, not scans: listings by state and by end/start time
        self._position = {item_id: n for n, item_id in enumerate(self.listings)}
        self._by_state: dict[bool, list[Listing]] = {True: [], False: []}
        for listing in self.listings.values():
            self._by_state[listing.active].append(listing)
        self._by_end = sorted(self.listings.values(), key=lambda li: li.end_time)
        self._end_times = [li.end_time for li in self._by_end]
        dated = [li for li in self.listings.values() if li.product.created_at is not None]
        self._by_start = sorted(dated, key=lambda li: li.product.created_at or now)
        self._start_times = [li.product.created_at or now for li in self._by_start]

    def _modified(self) -> tuple[list[datetime], list[int]]:
        """Orders' last-modified times, sorted, with their positions; rebuilt only after orders change."""
        if self._modified_index is None:
            pairs = sorted((o.updated_at or o.created_at, n) for n, o in enumerate(self.orders))
            self._modified_index = ([m for m, _ in pairs], [n for _, n in pairs])
        return self._modified_index

    def _add_order(self, order: Order, *, at: int | None = None) -> None:
        position = len(self.orders) if at is None else at
        self._modified_index = None
        self.orders.insert(position, order)
        self._created.insert(position, order.created_at)
        self.orders_by_id[order.id] = order

    def _count_sold(self) -> None:
        """``QuantitySold`` per variation, from the orders that did not fall through."""
        for each in self.listings.values():
            each.sold.clear()
        for order in self.orders:
            if order.status in _NOT_SOLD:
                continue
            for line in order.lines:
                listing = self.listings.get(line.product_id or "")
                if listing is None:
                    continue
                variants = listing.product.variants
                variant_id = line.variant_id
                if not listing.multi and variants:
                    variant_id = variants[0].id
                if variant_id is not None:
                    listing.sold[variant_id] = listing.sold.get(variant_id, 0) + line.quantity

    def drift(self, request: Request) -> None:
        """A new order appears at the front of the date order, shifting every page by one."""
        with self._lock:
            self._drift()

    def _drift(self) -> None:
        if not self.orders:
            return
        first = self.orders[0]
        self._add_order(replace(first, id=f"{first.id}-drift{len(self.orders)}", number=f"{first.number}-d"), at=0)

    # -- WSGI handler ------------------------------------------------------------------------------

    def trading(self, request: Request) -> Response:
        call = request.headers.get("X-EBAY-API-CALL-NAME", "")
        try:
            body = parse_xml(request.get_data(), source=f"{call or 'Trading'} request")
        except XmlError as exc:
            raise TradingError(5, "XML Parse error.", str(exc)) from None
        if not call:
            raise TradingError(2, "Unsupported API call.", "The X-EBAY-API-CALL-NAME header is missing.")
        if body.tag != f"{call}Request":
            raise TradingError(
                5, "XML Parse error.", f"The request root <{body.tag}> does not match the call name {call}."
            )
        token = request.headers.get("X-EBAY-API-IAF-TOKEN") or text(body, "RequesterCredentials/eBayAuthToken")
        if token in self.expired_tokens:
            raise TradingError(
                932,
                "Auth token is hard expired.",
                "Auth token is hard expired, User needs to generate a new token for this application.",
            )
        if token not in (self.token, self.iaf_token):
            raise TradingError(
                931, "Auth token is invalid.", "Validation of the authentication token in API request failed."
            )
        handler = self._calls.get(call)
        if handler is None:
            raise TradingError(
                2, "Unsupported API call.", f'The API call "{call}" is invalid or not supported in this release.'
            )
        out = self._envelope(request, "Success")
        with self._lock:  # the local server is threaded; writes and page drift change shared state
            handler(body, out)
        return self._xml(out)

    def _envelope(self, request: Request, ack: str) -> Element:
        call = request.headers.get("X-EBAY-API-CALL-NAME") or "Trading"
        root = Element(f"{call}Response", {"xmlns": NS})
        sub(root, "Timestamp", ebay_time(self.clock.now()))
        sub(root, "Ack", ack)
        sub(root, "Version", request.headers.get("X-EBAY-API-COMPATIBILITY-LEVEL") or "1349")
        sub(root, "Build", "E1349_CORE_API_SANDBOX")
        return root

    @staticmethod
    def _xml(root: Element, status: int = 200) -> Response:
        return Response(xml_bytes(root), status=status, content_type="text/xml;charset=utf-8")

    def render_error(self, request: Request, error: ApiError) -> Response:
        """HTTP 200 + ``Ack=Failure`` for business errors; a wrong URL keeps its HTTP status."""
        root = self._envelope(request, "Failure")
        errors = sub(root, "Errors")
        sub(errors, "ShortMessage", error.message)
        sub(errors, "LongMessage", str(error.extra.get("long", error.message)))
        sub(errors, "ErrorCode", str(error.code if error.code is not None else 10007))
        sub(errors, "SeverityCode", "Error")
        sub(errors, "ErrorClassification", str(error.extra.get("classification", "RequestError")))
        return self._xml(root, status=error.status)

    def throttled(self, request: Request, retry_after: float) -> Response:
        """eBay's call limit is error 518 inside an HTTP 200 (store-apis.md 3.1, 7.5)."""
        return self.render_error(
            request,
            TradingError(
                518, "Call usage limit has been reached.", "Your application has exceeded usage limit on this call."
            ),
        )

    def server_error(self, request: Request, status: int) -> Response:
        error = TradingError(10007, "Internal error to the application.", classification="SystemError")
        error.status = status
        return self.render_error(request, error)

    # -- calls -------------------------------------------------------------------------------------

    def get_user(self, req: Element, out: Element) -> None:
        user = sub(out, "User")
        sub(user, "UserID", self.seller_id)
        sub(user, "Site", site_for(self.loaded.country).name)
        sub(user, "Status", "Confirmed")

    def get_store(self, req: Element, out: Element) -> None:
        store = sub(out, "Store")
        sub(store, "Name", self.loaded.name)
        sub(store, "URLPath", self.seller_id)

    def get_tax_table(self, req: Element, out: Element) -> None:
        encode_tax_table(out, self.loaded.tax.rates)

    def get_my_ebay_selling(self, req: Element, out: Element) -> None:
        base = self._base_url
        for list_name, active in (("ActiveList", True), ("UnsoldList", False)):
            spec = req.find(list_name)
            if spec is None or text(spec, "Include") in ("false", "False"):
                continue
            items = self._by_state[active]
            page, per_page = _pagination(spec.find("Pagination"), _MAX_SELLING_PAGE)
            holder = sub(out, list_name)
            array = sub(holder, "ItemArray")
            for listing in items[(page - 1) * per_page : page * per_page]:
                encode_item(array, listing, detail="selling", base_url=base)
            _pagination_result(holder, len(items), per_page)

    def get_item(self, req: Element, out: Element) -> None:
        item_id = text(req, "ItemID")
        if item_id is None and text(req, "SKU"):
            item_id = self.by_sku.get(text(req, "SKU") or "")
        listing = self.listings.get(item_id or "")
        if listing is None:
            raise TradingError(
                17,
                "This item cannot be accessed because the listing has been deleted, is a Half.com listing, "
                "or you are not the seller.",
            )
        encode_item(out, listing, detail="full", base_url=self._base_url)

    def get_seller_list(self, req: Element, out: Element) -> None:
        window = _time_window(req, "EndTimeFrom", "EndTimeTo") or _time_window(req, "StartTimeFrom", "StartTimeTo")
        if window is None:
            raise TradingError(37, "Input data is invalid.", "A StartTime or EndTime range is required.")
        start, end = window
        if end - start > _SELLER_LIST_WINDOW:
            raise TradingError(37, "Input data is invalid.", "The time range must be 120 days or less.")
        if req.find("EndTimeFrom") is not None:
            keys, ordered = self._end_times, self._by_end
        else:
            keys, ordered = self._start_times, self._by_start
        found = ordered[bisect.bisect_left(keys, start) : bisect.bisect_right(keys, end)]
        items = sorted(found, key=lambda li: self._position[li.item_id])  # listings come in catalogue order
        page, per_page = _pagination(req.find("Pagination"), _MAX_SELLING_PAGE)
        chosen = items[(page - 1) * per_page : page * per_page]
        _pagination_result(out, len(items), per_page)
        sub(out, "HasMoreItems", "true" if page * per_page < len(items) else "false")
        array = sub(out, "ItemArray")
        for listing in chosen:
            encode_item(array, listing, detail="full", base_url=self._base_url)
        sub(out, "ItemsPerPage", str(per_page))
        sub(out, "PageNumber", str(page))
        sub(out, "ReturnedItemCountActual", str(len(chosen)))

    def revise_inventory_status(self, req: Element, out: Element) -> None:
        """The stock write a connector sends (store-apis.md 3.1): up to four ``InventoryStatus``, each an
        ItemID and/or a Custom label, with a new ``Quantity`` and/or ``StartPrice``.

        eBay treats the ``Quantity`` sent as the new *available* quantity and adds the units already
        sold to what ``GetItem`` shows as ``Quantity`` (eBay developer KB 1526,
        https://developer.ebay.com/support/knowledge-base/1526). ``revise_quantity="listed"`` makes the
        endpoint take it as the listed total instead, to model a sandbox that disagrees with a connector.
        """
        statuses = req.findall("InventoryStatus")
        if not statuses or len(statuses) > 4:
            raise TradingError(37, "Input data is invalid.", "Send between one and four InventoryStatus containers.")
        targets = [self._revision_target(s) for s in statuses]
        for status, (listing, variant) in zip(statuses, targets, strict=True):
            quantity = text(status, "Quantity")
            price = decimal(status, "StartPrice")
            if quantity is not None and quantity.strip():
                wanted = integer(status, "Quantity")
                sold = listing.sold.get(variant.id, 0)
                available = wanted - sold if self.revise_quantity == "listed" else wanted
                if available < 0:
                    raise TradingError(37, "Input data is invalid.", f"Quantity {wanted} is below the {sold} sold.")
                variant.quantities = {EBAY_LOCATION: available}
            if price is not None:
                variant.price = price
            self.revisions.append(
                Revision(
                    at=self.clock.now(),
                    item_id=listing.item_id,
                    sku=variant.sku,
                    quantity=variant.quantity,
                    price=variant.price,
                )
            )
            echo = sub(out, "InventoryStatus")
            sub(echo, "ItemID", listing.item_id)
            if variant.sku is not None:
                sub(echo, "SKU", variant.sku)
            sub(echo, "StartPrice", str(variant.price))
            sub(echo, "Quantity", str(listing.listed(variant)))
        fees = sub(out, "Fees")
        sub(fees, "ItemID", targets[0][0].item_id)

    def _revision_target(self, status: Element) -> tuple[Listing, Variant]:
        item_id, sku = text(status, "ItemID"), text(status, "SKU")
        if item_id is None and sku:
            found = self.variant_by_sku.get(sku)
            if found is None:
                raise TradingError(
                    21916750, "SKU not found.", f"No active listing or variation has Custom label {sku!r}."
                )
            item_id = found[0]
        listing = self.listings.get(item_id or "")
        if listing is None or not listing.active:
            raise TradingError(17, "This item cannot be accessed because the listing has been deleted or ended.")
        variants = listing.product.variants
        if listing.multi:
            variant = next((v for v in variants if sku and v.sku == sku), None)
            if variant is None:
                raise TradingError(21916750, "SKU not found.", "A variation is revised by its Custom label (SKU).")
            return listing, variant
        if not variants:
            raise TradingError(17, "This item cannot be accessed because the listing has no quantity to revise.")
        return listing, variants[0]

    def get_orders(self, req: Element, out: Element) -> None:
        orders = self._select_orders(req)
        page, per_page = _pagination(req.find("Pagination"), _MAX_ORDERS_PAGE)
        chosen = orders[(page - 1) * per_page : page * per_page]
        _pagination_result(out, len(orders), per_page)
        sub(out, "HasMoreOrders", "true" if page * per_page < len(orders) else "false")
        array = sub(out, "OrderArray")
        for order in chosen:
            encode_order(
                array,
                order,
                buyer=self._buyer(order),
                products=self.products,
                variant_options=self.variant_options,
            )
        sub(out, "OrdersPerPage", str(per_page))
        sub(out, "PageNumber", str(page))
        sub(out, "ReturnedOrderCountActual", str(len(chosen)))

    # -- helpers -----------------------------------------------------------------------------------

    @property
    def _base_url(self) -> str:
        return "https://www.ebay.com"

    def _buyer(self, order: Order) -> Buyer:
        """eBay shows the buyer's account details on every transaction; guests show the order email."""
        customer = self.customers.get(order.customer_id or "")
        if customer is not None:
            return Buyer(customer.id, customer.email, customer.first_name, customer.last_name)
        return Buyer(order.customer_id, order.email, None, None)

    def _select_orders(self, req: Element) -> list[Order]:
        ids = [el.text or "" for el in req.findall("OrderIDArray/OrderID")]
        if ids:  # OrderIDArray overrides every other filter (store-apis.md 3.1)
            return [self.orders_by_id[i] for i in ids if i in self.orders_by_id]
        now = self.clock.now()
        created = _time_window(req, "CreateTimeFrom", "CreateTimeTo")
        modified = _time_window(req, "ModTimeFrom", "ModTimeTo")
        days = integer(req, "NumberOfDays", 0)
        if created is None and modified is None and days <= 0:
            raise TradingError(
                37,
                "Input data is invalid.",
                "One of CreateTimeFrom/To, ModTimeFrom/To, NumberOfDays or OrderIDArray is required.",
            )
        if days > 0:
            created = (now - timedelta(days=days), now)
        window = created or modified
        assert window is not None
        if self.order_window_days is not None and window[0] < now - timedelta(days=self.order_window_days):
            raise TradingError(
                37,
                "Input data is invalid.",
                f"The time range must start within the last {self.order_window_days} days.",
            )
        if created is not None:
            lo = bisect.bisect_left(self._created, created[0])
            hi = bisect.bisect_right(self._created, created[1])
            selected = self.orders[lo:hi]
        else:
            start, end = window
            keys, positions = self._modified()
            lo, hi = bisect.bisect_left(keys, start), bisect.bisect_right(keys, end)
            selected = [self.orders[i] for i in sorted(positions[lo:hi])]  # back to creation order
        status = text(req, "OrderStatus") or "All"
        if status != "All":
            selected = [o for o in selected if ebay_order_status(o.status) == status]
        return selected


def _pagination(spec: Element | None, maximum: int) -> tuple[int, int]:
    """``(PageNumber, EntriesPerPage)`` from a ``Pagination`` element; out-of-range values are error 37."""
    per_page = integer(spec, "EntriesPerPage", 0) or _DEFAULT_PAGE
    page = integer(spec, "PageNumber", 1)
    if per_page < 1 or per_page > maximum or page < 1:
        raise TradingError(
            37, "Input data is invalid.", f"EntriesPerPage must be 1-{maximum} and PageNumber at least 1."
        )
    return page, per_page


def _pagination_result(parent: Element, total: int, per_page: int) -> None:
    result = sub(parent, "PaginationResult")
    sub(result, "TotalNumberOfPages", str(-(-total // per_page)))
    sub(result, "TotalNumberOfEntries", str(total))


def _time_window(req: Element, start_tag: str, end_tag: str) -> tuple[datetime, datetime] | None:
    start, end = text(req, start_tag), text(req, end_tag)
    if not start:
        return None
    try:
        begin = parse_time(start)
        finish = parse_time(end) if end else datetime.max.replace(tzinfo=begin.tzinfo)
    except XmlError as exc:
        raise TradingError(37, "Input data is invalid.", str(exc)) from None
    return begin, finish


def make_endpoint(store: Store, **options: Any) -> EbayTradingEndpoint:
    return EbayTradingEndpoint(store, **options)
