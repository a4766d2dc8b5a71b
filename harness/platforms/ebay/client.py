"""The engine-side eBay reader: Trading API XML over :class:`ApiSession` (store-apis.md 3.1).

It reads the whole store with read-only calls: ``GeteBayOfficialTime`` (eBay's
"now", which the date windows are relative to), ``GetUser`` (the site, hence
country and currency), ``GetStore``, ``GetTaxTable``, ``GetSellerList`` with
``DetailLevel=ReturnAll`` (every listing with its variations and Custom labels,
200 a page) and ``GetOrders`` (100 a page, de-duplicated by OrderID because
orders arriving mid-read shift the pages). Customers are rebuilt from the
orders' buyers: eBay has no customer list.

Error 518 (call limit) and 10007 (internal error) arrive as HTTP 200 with
``Ack=Failure``, so the retry loop here looks inside the body as well as at
the status that ``ApiSession`` retries on.

**Reading a real eBay account.** The Trading API is POST-only, and the
transport guard refuses POSTs to hosts that are not sandboxes. Importing this
module registers :func:`trading_read_only`, a guard rule that lets through a
POST to ``api.ebay.com``/``api.sandbox.ebay.com`` ``/ws/api.dll`` only when its
``X-EBAY-API-CALL-NAME`` is a ``Get*`` call and the body's root element is that
same call's request: a read. Every write call (``ReviseInventoryStatus``,
``AddItem``, ...) stays refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from harness.model.store import Customer, Location, Order, Product, Store, TaxSettings
from harness.platforms.ebay.decode import (
    VariantIndex,
    customer_from_buyer,
    decode_item,
    decode_order,
    decode_tax_table,
)
from harness.platforms.ebay.wire import EBAY_LOCATION, SITE_BY_NAME, SITES
from harness.platforms.ebay.xmltools import NS, Element, XmlError, ebay_time, integer, parse_time, parse_xml, sub, text
from harness.platforms.ebay.xmltools import to_bytes as xml_bytes
from harness.platforms.http.session import ApiClientError, ApiSession, RetryPolicy
from harness.sandbox.guard import register_read_only_post

TRADING_PATH = "/ws/api.dll"
REAL_TRADING_HOSTS = frozenset({"api.ebay.com", "api.sandbox.ebay.com"})
COMPATIBILITY_LEVEL = "1349"
#: Trading errors worth waiting out: call limit, internal error (store-apis.md 3.1)
RETRYABLE_CODES = frozenset({518, 10007})
_SELLER_LIST_PAGE = 200
_ORDERS_PAGE = 100
#: the earliest order date asked for when the whole history is wanted
_HISTORY_START = datetime(1995, 9, 1, tzinfo=UTC)


def trading_read_only(url: str, headers: Mapping[str, str], body: bytes | None) -> bool:
    """The guard rule: a Trading ``Get*`` call to a real eBay host is a read."""
    parts = urlsplit(url)
    if (parts.hostname or "").lower() not in REAL_TRADING_HOSTS or parts.path != TRADING_PATH:
        return False
    call = next((v for k, v in headers.items() if k.lower() == "x-ebay-api-call-name"), "")
    if not call.startswith("Get") or not body:
        return False
    try:
        root = parse_xml(body, source="guarded request")
    except XmlError:
        return False
    return root.tag == f"{call}Request"


register_read_only_post(trading_read_only)


class TradingCallError(ApiClientError):
    """``Ack=Failure``: the message carries eBay's error codes and long messages."""

    def __init__(self, call: str, codes: list[int], messages: list[str]) -> None:
        super().__init__(f"eBay {call} failed: " + "; ".join(f"{c}: {m}" for c, m in zip(codes, messages, strict=True)))
        self.call = call
        self.codes = codes


class EbayClient:
    """``EbayClient(base_url, credentials).read_store()``; credentials as ``endpoint.credentials()`` gives them."""

    def __init__(
        self,
        base_url: str,
        credentials: Mapping[str, str],
        policy: RetryPolicy | None = None,
        *,
        order_days: int | None = None,
    ) -> None:
        """``order_days`` limits GetOrders to that many days back (real eBay keeps 90)."""
        self.token = credentials.get("token", "")
        #: the OAuth user token is used only when no Auth'n'Auth token is given (store-apis.md 3.1)
        self.iaf_token = None if self.token else credentials.get("iaf_token")
        headers = {
            "X-EBAY-API-COMPATIBILITY-LEVEL": COMPATIBILITY_LEVEL,
            "X-EBAY-API-SITEID": credentials.get("siteid", "0"),
            "X-EBAY-API-APP-NAME": credentials.get("appid", ""),
            "X-EBAY-API-DEV-NAME": credentials.get("devid", ""),
            "X-EBAY-API-CERT-NAME": credentials.get("certid", ""),
            "Content-Type": "text/xml",
        }
        if self.iaf_token:
            headers["X-EBAY-API-IAF-TOKEN"] = self.iaf_token
        self.session = ApiSession(base_url, headers=headers, policy=policy)
        self.order_days = order_days
        self.calls = 0

    # -- one call ----------------------------------------------------------------------------------

    def call(self, name: str, payload: Mapping[str, Any] | None = None) -> Element:
        """POST one Trading call and return the parsed response root; retries 518 and 10007."""
        body = self._request_body(name, payload or {})
        policy = self.session.policy
        for attempt in range(1, policy.attempts + 1):
            self.calls += 1
            response = self.session.request("POST", TRADING_PATH, data=body, headers={"X-EBAY-API-CALL-NAME": name})
            if response.status_code >= 400:
                raise ApiClientError(
                    f"eBay {name}: HTTP {response.status_code}: {response.text[:300]}",
                    status=response.status_code,
                    body=response.text[:500],
                )
            root = parse_xml(response.content, source=f"eBay {name} response")
            if text(root, "Ack") not in ("Failure", "PartialFailure"):
                return root
            errors = [e for e in root.findall("Errors") if text(e, "SeverityCode") != "Warning"]
            codes = [integer(e, "ErrorCode", 0) for e in errors]
            messages = [text(e, "LongMessage") or text(e, "ShortMessage") or "" for e in errors]
            if not set(codes) <= RETRYABLE_CODES or attempt == policy.attempts:
                raise TradingCallError(name, codes, messages)
            self.session.retries += 1
            policy.sleep(policy.delay(attempt, response))
        raise AssertionError("unreachable")  # pragma: no cover

    def _request_body(self, name: str, payload: Mapping[str, Any]) -> bytes:
        root = Element(f"{name}Request", {"xmlns": NS})
        if not self.iaf_token:
            sub(sub(root, "RequesterCredentials"), "eBayAuthToken", self.token)
        _fill(root, payload)
        return xml_bytes(root)

    # -- the whole store ---------------------------------------------------------------------------

    def read_store(self) -> Store:
        now = parse_time(text(self.call("GeteBayOfficialTime"), "Timestamp") or "")
        site = SITE_BY_NAME.get(text(self.call("GetUser"), "User/Site") or "", SITES[0])
        name = text(self.call("GetStore"), "Store/Name") or "eBay"
        rates = decode_tax_table(self.call("GetTaxTable").find("TaxTable"), site.country)
        products = self.read_listings(now)
        index = VariantIndex()
        for product in products:
            index.add(product)
        orders, customers = self.read_orders(now, index)
        return Store(
            platform="ebay",
            name=name,
            currency=site.currency,
            country=site.country,
            locations=[Location(id=EBAY_LOCATION, name="eBay")],
            products=products,
            customers=customers,
            orders=orders,
            tax=TaxSettings(rates=rates),
        )

    def read_listings(self, now: datetime) -> list[Product]:
        """Active and recently ended listings, whole (GetSellerList's window is at most 120 days)."""
        products: list[Product] = []
        seen: set[str] = set()
        page, pages = 1, 1
        while page <= pages:
            root = self.call(
                "GetSellerList",
                {
                    "EndTimeFrom": ebay_time(now - timedelta(days=59)),
                    "EndTimeTo": ebay_time(now + timedelta(days=59)),
                    "DetailLevel": "ReturnAll",
                    "Pagination": {"EntriesPerPage": _SELLER_LIST_PAGE, "PageNumber": page},
                },
            )
            pages = integer(root, "PaginationResult/TotalNumberOfPages", 0)
            for item in root.findall("ItemArray/Item"):
                product = decode_item(item)
                if product.id not in seen:
                    seen.add(product.id)
                    products.append(product)
            page += 1
        return products

    def read_orders(self, now: datetime, index: VariantIndex) -> tuple[list[Order], list[Customer]]:
        # a few minutes inside the limit: eBay's clock moves on between GeteBayOfficialTime and this call
        start = now - timedelta(days=self.order_days, minutes=-5) if self.order_days else _HISTORY_START
        orders: list[Order] = []
        customers: dict[str, Customer] = {}
        seen: set[str] = set()
        page, pages = 1, 1
        while page <= pages:
            root = self.call(
                "GetOrders",
                {
                    "CreateTimeFrom": ebay_time(start),
                    "CreateTimeTo": ebay_time(now + timedelta(days=1)),
                    "OrderRole": "Seller",
                    "OrderStatus": "All",
                    "DetailLevel": "ReturnAll",
                    "Pagination": {"EntriesPerPage": _ORDERS_PAGE, "PageNumber": page},
                },
            )
            pages = integer(root, "PaginationResult/TotalNumberOfPages", 0)
            for el in root.findall("OrderArray/Order"):
                order, buyer = decode_order(el, index)
                if order.id in seen:
                    continue
                seen.add(order.id)
                orders.append(order)
                customer = customer_from_buyer(buyer)
                if customer is not None and (customer.id not in customers or _richer(customer, customers[customer.id])):
                    customers[customer.id] = customer
            page += 1
        return orders, list(customers.values())


def _richer(new: Customer, old: Customer) -> bool:
    """An order with no transactions names its buyer but not their details; prefer one that has them."""
    return old.email is None and old.first_name is None and (new.email is not None or new.first_name is not None)


def _fill(parent: Element, payload: Mapping[str, Any]) -> None:
    for key, value in payload.items():
        if isinstance(value, Mapping):
            _fill(sub(parent, key), value)
        elif isinstance(value, list | tuple):
            for each in value:
                if isinstance(each, Mapping):
                    _fill(sub(parent, key), each)
                else:
                    sub(parent, key, str(each))
        elif isinstance(value, bool):
            sub(parent, key, "true" if value else "false")
        else:
            sub(parent, key, str(value))


def make_client(base_url: str, credentials: Mapping[str, str], policy: RetryPolicy | None = None) -> EbayClient:
    return EbayClient(base_url, credentials, policy)
