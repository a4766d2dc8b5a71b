"""Canonical Store <-> eBay Trading API XML (store-apis.md 3.1, connector-rules #23).

Every product is one fixed-price listing (``Item``). A product with option
names, or with other than exactly one variant, is a multi-variation listing:
each variant is a ``Variation`` keyed by its ``VariationSpecifics`` and its
``SKU`` is the variant's **Custom label** (the connector's product code on
eBay). A single-variation listing carries the variant's SKU in ``Item.SKU``.

Two facts shape the mapping and are the usual stock-sync bug:

* ``Quantity`` is the total ever listed; available = ``Quantity - QuantitySold``.
  The endpoint derives ``QuantitySold`` from the store's orders and lists
  ``available + sold``; the client subtracts again.
* eBay has no customer list: buyers exist only on orders (``BuyerUserID`` and
  ``Transaction/Buyer``). The client rebuilds customers from them.

Trading has no variation id, so variant ids are rebuilt: a single-variation
listing's variant takes the ItemID, a variation takes ``{ItemID}-{n}`` (1-based
position in the listing). ``projection.project_store`` spells out everything
else eBay cannot hold.

This module holds the shared vocabulary (sites, statuses, payment methods,
names, ids); ``encode.py`` writes the XML the endpoint answers with and
``decode.py`` reads it back for the client.
"""

from __future__ import annotations

from dataclasses import dataclass

from harness.model.store import OrderStatus, PaymentKind, Product

#: the one stock location a Trading listing has
EBAY_LOCATION = "ebay"
#: the Imposition eBay reports for a US seller-collected sales tax
SALES_TAX = "SalesTax"


@dataclass(frozen=True)
class Site:
    site_id: int
    name: str  # what GetUser's ``User/Site`` says
    country: str
    currency: str


SITES: tuple[Site, ...] = (
    Site(0, "US", "US", "USD"),
    Site(2, "Canada", "CA", "CAD"),
    Site(3, "UK", "GB", "GBP"),
    Site(15, "Australia", "AU", "AUD"),
    Site(71, "France", "FR", "EUR"),
    Site(77, "Germany", "DE", "EUR"),
    Site(101, "Italy", "IT", "EUR"),
    Site(186, "Spain", "ES", "EUR"),
)
SITE_BY_COUNTRY = {s.country: s for s in SITES}
SITE_BY_NAME = {s.name: s for s in SITES}


def site_for(country: str) -> Site:
    """The eBay site a store sells on; stores outside the table are treated as eBay US."""
    return SITE_BY_COUNTRY.get(country, SITES[0])


# -- statuses and payment methods --------------------------------------------------------------

_ORDER_STATUS: dict[str, str] = {
    "pending": "Active",
    "on_hold": "Active",
    "processing": "Completed",
    "completed": "Completed",
    "refunded": "Completed",
    "cancelled": "Cancelled",
    "failed": "Inactive",
}
_PAYMENT_METHOD: dict[str, str] = {
    "card": "CreditCard",
    "paypal": "PayPal",
    "bank": "MoneyXferAccepted",
    "cash": "CashOnPickup",
}
_PAYMENT_KIND: dict[str, PaymentKind] = {v: k for k, v in _PAYMENT_METHOD.items()}  # type: ignore[misc]


def ebay_order_status(status: OrderStatus) -> str:
    return _ORDER_STATUS.get(status, "Active")


def is_shipped(status: OrderStatus) -> bool:
    return status in ("completed", "refunded")


def canonical_order_status(ebay_status: str, shipped: bool) -> OrderStatus:
    if ebay_status == "Completed":
        return "completed" if shipped else "processing"
    if ebay_status in ("Cancelled", "CancelPending"):
        return "cancelled"
    if ebay_status == "Inactive":
        return "failed"
    return "pending"


def payment_method(kind: PaymentKind) -> str:
    return _PAYMENT_METHOD.get(kind, "Other")


def payment_kind(method: str) -> PaymentKind:
    return _PAYMENT_KIND.get(method, "other")


# -- names -------------------------------------------------------------------------------------


def join_name(first: str | None, last: str | None) -> str | None:
    name = " ".join(p for p in (first, last) if p)
    return name or None


def split_name(name: str | None) -> tuple[str | None, str | None]:
    """eBay addresses hold one ``Name``; the first word is taken as the first name."""
    if not name:
        return None, None
    first, _, last = name.strip().partition(" ")
    return first or None, last.strip() or None


def is_multi_variation(product: Product) -> bool:
    return bool(product.options) or len(product.variants) != 1


def variation_id(item_id: str, position: int) -> str:
    return f"{item_id}-{position}"


@dataclass(frozen=True)
class Buyer:
    user_id: str | None
    email: str | None
    first_name: str | None
    last_name: str | None
