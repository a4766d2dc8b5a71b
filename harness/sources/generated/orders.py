"""A year of order history whose arithmetic is exact.

Everything is computed in integer cents and only turned into Decimal when a
record is built, so a clean order always satisfies::

    total = sum(unit_price * qty - line discount) + shipping + fees + tax - order discounts

(with ``taxes_included`` the tax term is dropped, since it is inside the prices),
and its payments sum to its total. Any order that does not is one a pathology
made, and the manifest lists it.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from harness.model.common import ZERO
from harness.model.store import (
    Address,
    Customer,
    Discount,
    Order,
    OrderLine,
    OrderStatus,
    Payment,
    PaymentKind,
    Product,
    Refund,
    RefundLine,
    ShippingLine,
    TaxAmount,
    TaxLine,
    Variant,
)
from harness.sources.generated.context import ANCHOR, get_code
from harness.sources.generated.geo import REGIONS, Region, Tax
from harness.sources.generated.money import apply_rate, cents, money, rate_ppm, split
from harness.sources.generated.native import (
    EBAY,
    EBAY_GATEWAYS,
    NO_LINE_DISCOUNTS,
    NO_ORDER_DISCOUNTS,
    NO_REFUNDS,
    NUMBER_IS_ID,
    OC_MIXED_TAX,
    OPENCART,
    ebay_address,
    ebay_region_tax,
    order_status,
)

ORDER_ID_BASE = 3_000_000
LINE_ID_BASE = 9_000_000

PLATFORM_STATUS: dict[str, dict[OrderStatus, str]] = {
    "shopify": {"completed": "paid", "processing": "authorized", "pending": "pending", "on_hold": "pending",
                "cancelled": "voided", "refunded": "refunded", "failed": "voided"},
    "woocommerce": {"completed": "completed", "processing": "processing", "pending": "pending", "on_hold": "on-hold",
                    "cancelled": "cancelled", "refunded": "refunded", "failed": "failed"},
    "bigcommerce": {"completed": "Completed", "processing": "Awaiting Fulfillment", "pending": "Pending",
                    "on_hold": "Manual Verification Required", "cancelled": "Cancelled", "refunded": "Refunded",
                    "failed": "Declined"},
    "magento": {"completed": "complete", "processing": "processing", "pending": "pending", "on_hold": "holded",
                "cancelled": "canceled", "refunded": "closed", "failed": "canceled"},
    "ebay": {"completed": "Completed", "processing": "Completed", "pending": "Active", "on_hold": "Active",
             "cancelled": "Cancelled", "refunded": "Completed", "failed": "Inactive"},
    "opencart": {"completed": "Complete", "processing": "Processing", "pending": "Pending", "on_hold": "Pending",
                 "cancelled": "Canceled", "refunded": "Refunded", "failed": "Failed"},
}

GATEWAYS: dict[str, tuple[tuple[str, PaymentKind], ...]] = {
    "shopify": (("shopify_payments", "card"), ("paypal", "paypal")),
    "woocommerce": (("stripe", "card"), ("ppcp-gateway", "paypal"), ("bacs", "bank")),
    "bigcommerce": (("braintree", "card"), ("paypal", "paypal")),
    "magento": (("braintree", "card"), ("paypal_express", "paypal"), ("checkmo", "other")),
    "ebay": EBAY_GATEWAYS,
    "opencart": (("pp_standard", "paypal"), ("stripe", "card"), ("cod", "cash")),
}

#: statuses every connector pulls by default (connector-rules #55). Order pathologies pick orders in
#: these, so that what they inject is on an order a sync would actually read.
SYNCED_STATUSES: frozenset[str] = frozenset({"processing", "completed", "refunded"})

COUPONS = ("WELCOME10", "SPRING15", "FREESHIP", "VIP20", "BOXINGDAY", "MERCI10")
_SHIPPING = (("Standard Shipping", 599), ("Expedited Shipping", 999), ("Express Shipping", 1499))


def order_number(platform: str, i: int) -> str:
    """The customer-facing number in each platform's own style (eBay and OpenCart: the order id)."""
    if platform in NUMBER_IS_ID:
        return str(ORDER_ID_BASE + i + 1)
    if platform == "magento":
        return f"{i + 1:09d}"
    if platform == "ebay":
        return f"{10 + i // 100_000:02d}-{(i * 7919 + 12345) % 100_000:05d}-{i % 100_000:05d}"
    start = {"shopify": 1001, "woocommerce": 1200, "bigcommerce": 100, "opencart": 1}.get(platform, 1)
    return str(start + i)


def region_of(address: Address | None) -> Region | None:
    """The tax region an order ships to; tax follows the destination, not the customer's first address."""
    if address is None or address.country is None or address.region is None:
        return None
    return REGIONS.get((address.country, address.region))


_TITLES: dict[tuple[str, str], str] = {}


def line_title(product: Product, variant: Variant) -> str:
    """The title an order line shows; shared between lines, since 100k orders repeat a few thousand titles."""
    if variant.title in ("Default Title", ""):
        return product.title
    key = (product.title, variant.title)
    title = _TITLES.get(key)
    if title is None:
        title = f"{product.title} - {variant.title}"
        if len(_TITLES) < 200_000:
            _TITLES[key] = title
    return title


@dataclass
class LineDraft:
    """An order line before pricing: tax depends on all lines together once a coupon is spread."""

    product: Product
    variant: Variant
    qty: int
    unit: int
    discount: int


@dataclass
class Priced:
    """An order's money, computed in cents."""

    lines: list[OrderLine]
    shipping: list[ShippingLine]
    tax_lines: list[TaxLine]
    total: int
    total_tax: int


def price_lines(
    drafts: Sequence[LineDraft], taxes: Sequence[Tax], coupon: int, ship: tuple[str, int] | None,
    platform: str, next_line_id: Callable[[], str],
) -> Priced:
    """Lines, shipping and tax lines for an order charged ex-tax; the coupon is spread over the lines pre-tax."""
    subs = [d.unit * d.qty - d.discount for d in drafts]
    alloc = split(coupon, subs) if coupon else [0] * len(drafts)
    ppms = [rate_ppm(t.rate) for t in taxes]
    per_rate = [0] * len(taxes)
    lines: list[OrderLine] = []
    for d, sub, a in zip(drafts, subs, alloc, strict=True):
        amounts: list[TaxAmount] = []
        if d.variant.taxable:
            for k, (tax, ppm) in enumerate(zip(taxes, ppms, strict=True)):
                amt = apply_rate(sub - a, ppm)
                per_rate[k] += amt
                amounts.append(TaxAmount(rate_id=tax.id, name=tax.name, rate=tax.rate, amount=money(amt)))
        lines.append(OrderLine(
            id=next_line_id(),
            product_id=d.product.id,
            variant_id=d.variant.id,
            sku=get_code(d.variant, platform),
            title=line_title(d.product, d.variant),
            quantity=d.qty,
            unit_price=money(d.unit),
            discount=money(d.discount),
            taxable=d.variant.taxable,
            taxes=amounts,
        ))
    shipping: list[ShippingLine] = []
    ship_tax = [0] * len(taxes)
    ship_total = 0
    if ship is not None:
        title, price = ship
        ship_total = price
        s_amounts: list[TaxAmount] = []
        for k, (tax, ppm) in enumerate(zip(taxes, ppms, strict=True)):
            if tax.shipping and price:
                ship_tax[k] = apply_rate(price, ppm)
                s_amounts.append(TaxAmount(rate_id=tax.id, name=tax.name, rate=tax.rate, amount=money(ship_tax[k])))
        shipping.append(ShippingLine(title=title, price=money(price), taxes=s_amounts))
    tax_lines = [
        TaxLine(rate_id=t.id, name=t.name, rate=t.rate, amount=money(per_rate[k] + ship_tax[k]),
                shipping_amount=money(ship_tax[k]), jurisdiction=t.jurisdiction)
        for k, t in enumerate(taxes)
    ]
    total_tax = sum(per_rate) + sum(ship_tax)
    total = sum(subs) + ship_total - coupon + total_tax
    return Priced(lines, shipping, tax_lines, total, total_tax)


def make_orders(
    rng: random.Random,
    platform: str,
    products: list[Product],
    customers: list[Customer],
    regions: list[Region],
    count: int,
    currency: str,
    progress: Callable[[int], None] | None = None,
    rate_ids: dict[str, str] | None = None,
) -> list[Order]:
    """``count`` orders over the past year, oldest first, numbered in that order as the platform numbers them.

    On eBay and OpenCart orders come out as those platforms hold them (``native``); ``rate_ids`` maps the
    generator's tax ids to the store's TaxRate ids where they differ (OpenCart numbers its rates).
    """
    # active products sell; a catalogue with none active (tiny stores) still sells what it has
    sellable = [(p, v) for p in products if p.status == "active" for v in p.variants]
    sellable = sellable or [(p, v) for p in products for v in p.variants]
    if not sellable or not customers:  # an order needs something to sell and someone to sell it to
        return []
    statuses = PLATFORM_STATUS[platform]
    gateways = GATEWAYS[platform]
    line_counter = [LINE_ID_BASE]

    def next_line_id() -> str:
        line_counter[0] += 1
        return str(line_counter[0])

    year = 365 * 86_400
    offsets = sorted(rng.randrange(60, year) for _ in range(count))
    n_sell, n_cust = len(sellable), len(customers)
    orders: list[Order] = []
    for i in range(count):
        if progress is not None and i % 10_000 == 0:
            progress(i)
        created = ANCHOR - timedelta(seconds=offsets[count - 1 - i])
        ci = int(n_cust * rng.random() ** 1.4)
        customer = customers[ci]
        region = regions[ci]
        picks: dict[str, LineDraft] = {}
        for _ in range(rng.choices((1, 2, 3, 4), weights=(55, 25, 12, 8))[0]):
            product, variant = sellable[int(n_sell * rng.random() ** 1.3)]
            if variant.id in picks:
                continue
            unit = cents(variant.price)
            qty = 1 if rng.random() < 0.8 else rng.randint(2, 3)
            disc = (unit * qty) // 10 if rng.random() < 0.06 else 0
            if platform in NO_LINE_DISCOUNTS:
                disc = 0
            picks[variant.id] = LineDraft(product, variant, qty, unit, disc)
        drafts = list(picks.values())
        items = sum(d.unit * d.qty - d.discount for d in drafts)
        coupon = min(rng.choice((500, 1000, 1500)), items // 4) if rng.random() < 0.07 and items >= 3000 else 0
        if platform in NO_ORDER_DISCOUNTS:
            coupon = 0
        physical = any(d.variant.inventory_tracked for d in drafts)
        ship = None
        if physical:
            ship = ("Free Shipping", 0) if items >= 7500 else rng.choice(_SHIPPING)
        taxes = region.taxes
        if platform == EBAY:
            combined = ebay_region_tax(region)
            taxes = (combined,) if combined is not None else ()
        priced = price_lines(drafts, taxes, coupon, ship, platform, next_line_id)
        age_days = (ANCHOR - created).days
        roll = rng.random()
        status: OrderStatus
        if age_days < 3:
            status = "processing" if roll < 0.8 else "pending"
        else:
            status = ("completed" if roll < 0.93 else "cancelled" if roll < 0.95 else
                      "refunded" if roll < 0.97 else "on_hold" if roll < 0.98 else "completed")
        status = order_status(platform, status)
        gateway, kind = gateways[0] if rng.random() < 0.7 else rng.choice(gateways)
        total = money(priced.total)
        refunds: list[Refund] = []
        when = min(created + timedelta(days=rng.randint(1, 20)), ANCHOR - timedelta(minutes=1))
        if status == "refunded":
            refunds.append(Refund(
                id=f"r{ORDER_ID_BASE + i + 1}", created_at=when, amount=total, reason="Customer request",
                lines=[RefundLine(line_id=ln.id, quantity=ln.quantity, amount=money(cents(ln.unit_price) * ln.quantity))
                       for ln in priced.lines],
                restock=True,
            ))
        elif status == "completed" and rng.random() < 0.04:
            line = priced.lines[0]
            amount = min(cents(line.unit_price), priced.total)
            refunds.append(Refund(
                id=f"r{ORDER_ID_BASE + i + 1}", created_at=when, amount=money(amount), reason="Damaged item",
                lines=[RefundLine(line_id=line.id, quantity=1, amount=money(amount))], restock=False,
            ))
        if platform in NO_REFUNDS:
            refunds = []
        address = customer.addresses[0] if customer.addresses else None
        billing = customer.addresses[-1] if customer.addresses else None
        paid = status not in ("pending", "failed")
        reference: str | None = f"ch_{rng.getrandbits(48):012x}" if paid else None
        if platform == EBAY:
            address, billing, reference = ebay_address(address), None, None
        elif platform == OPENCART:
            reference = None
        order = Order(
            id=str(ORDER_ID_BASE + i + 1),
            number=order_number(platform, i),
            created_at=created,
            updated_at=created + timedelta(hours=rng.randint(1, 72)) if status != "pending" else created,
            status=status,
            platform_status=statuses[status],
            currency=currency,
            customer_id=customer.id,
            email=customer.email,
            billing=billing,
            shipping_address=address,
            lines=priced.lines,
            shipping_lines=priced.shipping,
            discounts=[Discount(kind="coupon", code=rng.choice(COUPONS), amount=money(coupon))] if coupon else [],
            tax_lines=priced.tax_lines,
            payments=[] if not paid else [
                Payment(gateway=gateway, kind=kind, amount=total, reference=reference)],
            refunds=refunds,
            total=total,
            total_tax=money(priced.total_tax),
        )
        if platform == EBAY:
            _as_ebay(order)
        elif platform == OPENCART:
            _as_opencart(order, rate_ids or {})
        orders.append(order)
    _backdate_customers(customers, orders)
    return orders


def _as_ebay(order: Order) -> None:
    """Taxes as a Trading order holds them: one sales tax (the state's rate, named by ``SalesTaxState``), line
    taxes at that rate with no rate id, shipping untaxed on its own line; every line reads as taxable."""
    for line in order.lines:
        line.taxable = True
        line.taxes = [TaxAmount(name=t.name, rate=t.rate, amount=t.amount) for t in line.taxes]
    for ship in order.shipping_lines:
        ship.taxes = []
    order.tax_lines = [TaxLine(rate_id=t.rate_id, name=t.name, rate=t.rate, amount=t.amount,
                               jurisdiction=t.jurisdiction) for t in order.tax_lines]


def _as_opencart(order: Order, rate_ids: dict[str, str]) -> None:
    """Taxes as ``oc_order_total``/``oc_order_product`` hold them: one ``tax`` row per rate (no jurisdiction,
    no shipping split), and per line one tax per unit, named after the order's rate only when it has one."""
    for ship in order.shipping_lines:
        ship.taxes = []
    order.tax_lines = [TaxLine(rate_id=rate_ids.get(t.rate_id or "", t.rate_id), name=t.name, rate=t.rate,
                               amount=t.amount) for t in order.tax_lines]
    single = order.tax_lines[0] if len(order.tax_lines) == 1 else None
    for line in order.lines:
        amount = sum((t.amount for t in line.taxes), ZERO)
        line.taxable = bool(amount)
        if not amount:
            line.taxes = []
        elif single is not None:
            line.taxes = [TaxAmount(rate_id=single.rate_id, name=single.name, rate=single.rate, amount=amount)]
        else:
            line.taxes = [TaxAmount(name=OC_MIXED_TAX, rate=ZERO, amount=amount)]


def _backdate_customers(customers: list[Customer], orders: list[Order]) -> None:
    """An account exists before its first order: move ``created_at`` back where an order precedes it."""
    by_id = {c.id: c for c in customers}
    for order in orders:  # date order, so the first seen is the first order
        c = by_id.pop(order.customer_id or "", None)
        if c is not None and c.created_at is not None and c.created_at > order.created_at:
            c.created_at = order.created_at - timedelta(days=(int(order.created_at.timestamp()) % 97) + 1)

