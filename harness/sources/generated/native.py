"""What eBay and OpenCart can hold, so that a generated store for them is exactly what their read-back gives.

Shopify, WooCommerce, BigCommerce and Magento hold every canonical field the
generator fills. eBay and OpenCart do not (``harness.platforms.ebay.projection``
and ``harness.platforms.opencart.projection`` list every loss), and a dry run
reads every store back through its platform's API: a generated store holding
more than its platform would be scored against records the dry run never
sees. So generation for these two is *platform-faithful*: ids, numbers,
statuses, taxes and payments come out in the platform's own shape, and data it
cannot hold is never made. ``tests/sources/test_generated_native.py`` asserts
``project_store(store) == store`` so the two cannot drift apart.

The constants below mirror the platforms' wire modules (kept here so the
generator does not import the simulators); the equality test catches a change
on either side.
"""

from __future__ import annotations

from decimal import Decimal

from harness.model.store import Address, Customer, Location, OrderStatus, PaymentKind, Store, TaxRate
from harness.sources.generated.geo import Region, Tax

EBAY = "ebay"
OPENCART = "opencart"

#: OpenCart's tax class for taxable products (opencart.wire.DEFAULT_TAX_CLASS)
OC_TAX_CLASS = "Taxable Goods"
#: the name OpenCart's read-back gives a line's tax when its order has several tax rows
OC_MIXED_TAX = "Tax"
#: gift cards are OpenCart gift vouchers (opencart.wire.VOUCHER_GATEWAY)
OC_VOUCHER_GATEWAY = "voucher"

#: platforms whose orders are numbered by their id (the number a connector sees is the OrderID / order_id)
NUMBER_IS_ID = frozenset({EBAY, OPENCART})
#: platforms without a record of refunds on orders (eBay: MonetaryDetails not simulated; OpenCart: no refund table)
NO_REFUNDS = frozenset({EBAY, OPENCART})
#: platforms whose order lines keep no line discount (OpenCart: oc_order_product has none)
NO_LINE_DISCOUNTS = frozenset({OPENCART})
#: platforms whose orders carry no order-level discounts or coupons (eBay)
NO_ORDER_DISCOUNTS = frozenset({EBAY})
#: platforms with no list of installed extensions and no custom-field definitions to read
NO_EXTENSION_LIST = frozenset({EBAY, OPENCART})


def location(platform: str) -> Location | None:
    """The one stock location eBay and OpenCart have (``ebay.wire.EBAY_LOCATION``, ``opencart.wire.OC_LOCATION``);
    None for the platforms with several."""
    if platform == EBAY:
        return Location(id="ebay", name="eBay")
    if platform == OPENCART:
        return Location(id="default", name="Default")
    return None


def order_status(platform: str, status: OrderStatus) -> OrderStatus:
    """The canonical status a platform reads back: neither keeps "on hold"; eBay has no "refunded" state."""
    if platform in (EBAY, OPENCART) and status == "on_hold":
        return "pending"
    if platform == EBAY and status == "refunded":
        return "completed"
    return status


# -- eBay ----------------------------------------------------------------------------------------------------------

#: eBay's payment methods (ebay.wire._PAYMENT_METHOD): the gateway a read-back shows
EBAY_GATEWAYS: tuple[tuple[str, PaymentKind], ...] = (("CreditCard", "card"), ("PayPal", "paypal"))


def ebay_variant_id(product_id: str, position: int, multi: bool) -> str:
    """Trading has no variation id: the ItemID for a single-variation listing, ``{ItemID}-{n}`` per variation."""
    return f"{product_id}-{position}" if multi else product_id


def ebay_region_tax(region: Region) -> Tax | None:
    """eBay's sales-tax table holds one rate per state or province: the region's taxes combined.

    The jurisdiction is the region code (``SalesTaxState``), which names the tax on orders and in the table.
    """
    if not region.taxes:
        return None
    return Tax(
        id=region.code,
        name=region.code,
        rate=sum((t.rate for t in region.taxes), Decimal(0)),
        country=region.country,
        region=region.code,
        jurisdiction=region.code,
        shipping=any(t.shipping for t in region.taxes),
    )


def ebay_address(a: Address | None) -> Address | None:
    """A shipping address as eBay holds it: one ``Name`` split at the first space, no empty strings."""
    if a is None:
        return None
    name = " ".join(p for p in (a.first_name, a.last_name) if p).strip()
    first, _, last = name.partition(" ")
    return Address(
        first_name=first or None,
        last_name=last.strip() or None,
        company=a.company or None,
        line1=a.line1 or None,
        line2=a.line2 or None,
        city=a.city or None,
        region=a.region or None,
        postal_code=a.postal_code or None,
        country=a.country or None,
        phone=a.phone or None,
    )


def ebay_buyers(store: Store) -> None:
    """Customers exist on eBay only as buyers on orders: keep those, in first-order order, with names and email.

    Every order's email is its buyer's. Run after the store-side pathologies, which move orders between accounts.
    """
    known = {c.id: c for c in store.customers}
    buyers: dict[str, Customer] = {}
    for order in sorted(store.orders, key=lambda o: (o.created_at, o.id)):
        record = known.get(order.customer_id or "")
        if record is None:
            continue
        order.email = record.email
        if record.id not in buyers:
            buyers[record.id] = Customer(
                id=record.id, first_name=record.first_name, last_name=record.last_name, email=record.email
            )
    store.customers = list(buyers.values())


def ebay_rates(taxes: list[Tax], country: str) -> list[TaxRate]:
    """The seller's tax table: one rate per region (first seen), in the eBay site's country."""
    first: dict[str, Tax] = {}
    for t in taxes:
        first.setdefault(t.id, t)
    return [
        TaxRate(id=t.id, name=t.name, rate=t.rate, country=country, region=t.region, shipping=t.shipping)
        for t in first.values()
    ]


# -- OpenCart ------------------------------------------------------------------------------------------------------


def opencart_rates(taxes: list[Tax]) -> list[TaxRate]:
    """OpenCart tax rates: integer ids in order, each in the "Taxable Goods" class; the shipping flag reads as set."""
    return [
        TaxRate(id=str(k + 1), name=t.name, rate=t.rate, country=t.country, region=t.region, tax_class=OC_TAX_CLASS)
        for k, t in enumerate(taxes)
    ]


def opencart_address(a: Address) -> Address:
    """OpenCart addresses (``oc_address``, an order's shipping address) hold no phone."""
    return Address(
        first_name=a.first_name,
        last_name=a.last_name,
        company=a.company,
        line1=a.line1,
        line2=a.line2,
        city=a.city,
        region=a.region,
        postal_code=a.postal_code,
        country=a.country,
    )
