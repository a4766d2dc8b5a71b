"""Canonical orders <-> BigCommerce v2 orders and their sub-resources (store-apis.md §5.2 "Order").

An order is split across ``/v2/orders/{id}`` and four lists: ``products``
(the lines), ``shipping_addresses`` (one row per shipment, each with its
method and cost), ``coupons`` and ``taxes`` (one row per rate per line or
shipping row). Money is 4-dp strings and dates RFC 2822 (§5.1). The order id is
the customer-facing number (BigCommerce has no separate one).

The canonical order-level tax summary is rebuilt by grouping the tax rows by
rate, as a reader of BigCommerce must do; order-level discounts are coupons
(``coupons``) or the manual ``discount_amount``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from harness.model.store import (
    Address,
    Discount,
    Order,
    OrderLine,
    OrderStatus,
    Payment,
    PaymentKind,
    Refund,
    RefundLine,
    ShippingLine,
    TaxAmount,
    TaxLine,
    TaxRate,
)
from harness.platforms.bigcommerce.formats import (
    ZERO,
    country_name,
    from_text,
    from_v2_date,
    from_v2_money,
    text,
    v2_date,
    v2_money,
)

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

#: BigCommerce's fixed order statuses (id -> name) and their canonical meaning
STATUSES: dict[int, tuple[str, OrderStatus]] = {
    0: ("Incomplete", "pending"),
    1: ("Pending", "pending"),
    2: ("Shipped", "completed"),
    3: ("Partially Shipped", "processing"),
    4: ("Refunded", "refunded"),
    5: ("Cancelled", "cancelled"),
    6: ("Declined", "failed"),
    7: ("Awaiting Payment", "pending"),
    8: ("Awaiting Pickup", "processing"),
    9: ("Awaiting Shipment", "processing"),
    10: ("Completed", "completed"),
    11: ("Awaiting Fulfillment", "processing"),
    12: ("Manual Verification Required", "on_hold"),
    13: ("Disputed", "on_hold"),
    14: ("Partially Refunded", "refunded"),
}
STATUS_BY_NAME = {name.lower(): sid for sid, (name, _) in STATUSES.items()}
DEFAULT_STATUS: dict[str, int] = {
    "pending": 1,
    "processing": 11,
    "on_hold": 12,
    "completed": 10,
    "cancelled": 5,
    "refunded": 4,
    "failed": 6,
}
PAYMENT_KINDS: dict[str, PaymentKind] = {
    "paypal": "paypal",
    "bank deposit": "bank",
    "cash on delivery": "cash",
    "gift certificate": "gift_card",
    "store credit": "store_credit",
}


@dataclass
class WireOrder:
    """One order as BigCommerce serves it: the order and its sub-resource lists."""

    order: dict[str, Any]
    products: list[dict[str, Any]] = field(default_factory=list)
    shipping_addresses: list[dict[str, Any]] = field(default_factory=list)
    coupons: list[dict[str, Any]] = field(default_factory=list)
    taxes: list[dict[str, Any]] = field(default_factory=list)
    #: v3 ``/orders/{id}/payment_actions/refunds``
    refunds: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class OrderIds:
    """Wire ids for one order's parts, allocated by the caller so they are unique store-wide."""

    order_id: int
    customer_id: int
    line_ids: list[int]
    line_products: list[tuple[int, int]]  # (product_id, variant_id) per line
    shipping_ids: list[int]
    next_row_id: int  # coupons and tax rows count up from here
    #: canonical tax rate id -> BigCommerce tax_rate_id (the store's rates, numbered once per store)
    rate_ids: Mapping[str, int] = field(default_factory=dict)
    refund_ids: list[int] = field(default_factory=list)


def _id(value: str | None) -> int:
    return int(value) if value and value.isascii() and value.isdigit() else 0


def order_to_wire(order: Order, ids: OrderIds) -> WireOrder:
    row = ids.next_row_id
    oid = ids.order_id
    lines = []
    taxes: list[dict[str, Any]] = []
    ship_rows = max(len(order.shipping_lines), 1 if order.shipping_address else 0)
    first_ship = ids.shipping_ids[0] if ids.shipping_ids else 0
    for line, line_id, (product_id, variant_id) in zip(order.lines, ids.line_ids, ids.line_products, strict=True):
        line_tax = sum((t.amount for t in line.taxes), ZERO)
        ex_unit = (
            line.unit_price - line_tax / line.quantity if order.taxes_included and line.quantity else line.unit_price
        )
        gross = line.unit_price * line.quantity
        lines.append(
            {
                "id": line_id,
                "order_id": oid,
                "product_id": product_id,
                "variant_id": variant_id,
                "order_address_id": first_ship,
                "name": line.title,
                "sku": text(line.sku),
                "type": "physical",
                "base_price": v2_money(line.unit_price),
                "price_ex_tax": v2_money(ex_unit),
                "price_inc_tax": v2_money(ex_unit + (line_tax / line.quantity if line.quantity else ZERO)),
                "price_tax": v2_money(line_tax / line.quantity if line.quantity else ZERO),
                "base_total": v2_money(gross),
                "total_ex_tax": v2_money(gross - line_tax if order.taxes_included else gross),
                "total_inc_tax": v2_money(gross if order.taxes_included else gross + line_tax),
                "total_tax": v2_money(line_tax),
                "quantity": line.quantity,
                "base_cost_price": v2_money(ZERO),
                "is_refunded": False,
                "quantity_refunded": 0,
                "refund_amount": v2_money(ZERO),
                "applied_discounts": (
                    [
                        {
                            "id": "total-discount",
                            "amount": v2_money(line.discount),
                            "name": "",
                            "code": None,
                            "target": "product",
                        }
                    ]
                    if line.discount
                    else []
                ),
                "product_options": [],
                "parent_order_product_id": None,
                "upc": "",
            }
        )
        for tax in line.taxes:
            row += 1
            taxes.append(_tax_row(row, oid, first_ship, tax, line_id, "item", ids.rate_ids))
    shipping = []
    for i in range(ship_rows):
        ship = order.shipping_lines[i] if i < len(order.shipping_lines) else None
        ship_id = ids.shipping_ids[i]
        address = order.shipping_address or Address()
        ship_tax = sum((t.amount for t in ship.taxes), ZERO) if ship else ZERO
        price = ship.price if ship else ZERO
        ex = price - ship_tax if order.taxes_included else price
        shipping.append(
            {
                "id": ship_id,
                "order_id": oid,
                **_address(address),
                "email": text(order.email),
                "items_total": sum(line.quantity for line in order.lines),
                "items_shipped": 0,
                "shipping_method": ship.title if ship else "",
                "base_cost": v2_money(price),
                "cost_ex_tax": v2_money(ex),
                "cost_inc_tax": v2_money(ex + ship_tax),
                "cost_tax": v2_money(ship_tax),
                "cost_tax_class_id": 0,
                "shipping_zone_id": 1,
                "shipping_zone_name": "Default",
            }
        )
        for tax in ship.taxes if ship else []:
            row += 1
            taxes.append(_tax_row(row, oid, ship_id, tax, None, "shipping", ids.rate_ids))
    coupons = []
    for discount in order.discounts:
        if discount.kind == "coupon":
            row += 1
            coupons.append(
                {
                    "id": row,
                    "coupon_id": row,
                    "order_id": oid,
                    "code": text(discount.code),
                    "amount": v2_money(discount.amount),
                    "type": 1,
                    "discount": v2_money(discount.amount),
                }
            )
    coupon_total = sum((d.amount for d in order.discounts if d.kind == "coupon"), ZERO)
    manual_total = sum((d.amount for d in order.discounts if d.kind != "coupon"), ZERO)
    subtotal = sum((line.unit_price * line.quantity for line in order.lines), ZERO)
    items_tax = sum((t.amount for line in order.lines for t in line.taxes), ZERO)
    ship_price = sum((s.price for s in order.shipping_lines), ZERO)
    ship_tax = sum((t.amount for s in order.shipping_lines for t in s.taxes), ZERO)
    status_id = STATUS_BY_NAME.get((order.platform_status or "").lower(), DEFAULT_STATUS[order.status])
    payment = order.payments[0] if order.payments else None
    wire = {
        "id": oid,
        "customer_id": ids.customer_id,
        "date_created": v2_date(order.created_at),
        "date_modified": v2_date(order.updated_at),
        "date_shipped": "",
        "status_id": status_id,
        "status": STATUSES[status_id][0],
        "custom_status": order.platform_status or STATUSES[status_id][0],
        "payment_status": "captured" if payment else "",
        "payment_method": payment.gateway if payment else "",
        "payment_provider_id": text(payment.reference) if payment else "",
        "currency_code": order.currency,
        "currency_exchange_rate": "1.0000000000",
        "default_currency_code": order.currency,
        "is_tax_inclusive_pricing": order.taxes_included,
        "subtotal_ex_tax": v2_money(subtotal - items_tax if order.taxes_included else subtotal),
        "subtotal_inc_tax": v2_money(subtotal if order.taxes_included else subtotal + items_tax),
        "subtotal_tax": v2_money(items_tax),
        "base_shipping_cost": v2_money(ship_price),
        "shipping_cost_ex_tax": v2_money(ship_price - ship_tax if order.taxes_included else ship_price),
        "shipping_cost_inc_tax": v2_money(ship_price if order.taxes_included else ship_price + ship_tax),
        "shipping_cost_tax": v2_money(ship_tax),
        "shipping_cost_tax_class_id": 0,
        "handling_cost_ex_tax": v2_money(ZERO),
        "handling_cost_inc_tax": v2_money(ZERO),
        "handling_cost_tax": v2_money(ZERO),
        "wrapping_cost_ex_tax": v2_money(ZERO),
        "wrapping_cost_inc_tax": v2_money(ZERO),
        "wrapping_cost_tax": v2_money(ZERO),
        "discount_amount": v2_money(manual_total),
        "coupon_discount": v2_money(coupon_total),
        "total_ex_tax": v2_money(order.total - order.total_tax),
        "total_inc_tax": v2_money(order.total),
        "total_tax": v2_money(order.total_tax),
        "refunded_amount": v2_money(sum((r.amount for r in order.refunds), ZERO)),
        "store_credit_amount": v2_money(ZERO),
        "gift_certificate_amount": v2_money(ZERO),
        "items_total": sum(line.quantity for line in order.lines),
        "items_shipped": 0,
        "customer_message": "",
        "staff_notes": "",
        "order_source": "www",
        "external_source": None,
        "external_id": None,
        "channel_id": 1,
        "billing_address": {**_address(order.billing or Address()), "email": text(order.email), "form_fields": []},
    }
    line_map = {line.id: wid for line, wid in zip(order.lines, ids.line_ids, strict=True)}
    refunds = [
        _refund_to_wire(refund, rid, oid, line_map) for refund, rid in zip(order.refunds, ids.refund_ids, strict=True)
    ]
    return WireOrder(
        order=wire, products=lines, shipping_addresses=shipping, coupons=coupons, taxes=taxes, refunds=refunds
    )


def _refund_to_wire(refund: Refund, refund_id: int, order_id: int, line_map: Mapping[str, int]) -> dict[str, Any]:
    """A v3 refund (``payment_actions/refunds``): v3, so money is numbers and the date ISO 8601."""
    return {
        "id": refund_id,
        "order_id": order_id,
        "user_id": 0,
        "created": refund.created_at.isoformat(),
        "reason": text(refund.reason),
        "total_amount": float(refund.amount),
        "total_tax": 0.0,
        "uses_merchant_override_values": False,
        "payments": [
            {
                "id": refund_id,
                "provider_id": "",
                "amount": float(refund.amount),
                "offline": True,
                "is_declined": False,
                "declined_message": "",
            }
        ],
        "items": [
            {
                "item_type": "PRODUCT",
                "item_id": line_map.get(line.line_id, _id(line.line_id)),
                "quantity": line.quantity,
                "requested_amount": float(line.amount),
                "reason": "",
            }
            for line in refund.lines
        ],
    }


def _refund_from_wire(data: dict[str, Any]) -> Refund:
    return Refund(
        id=str(data["id"]),
        created_at=datetime.fromisoformat(data["created"]) if data.get("created") else EPOCH,
        amount=Decimal(str(data.get("total_amount") or 0)),
        reason=from_text(data.get("reason")),
        lines=[
            RefundLine(
                line_id=str(item.get("item_id")),
                quantity=int(item.get("quantity") or 0),
                amount=Decimal(str(item.get("requested_amount") or 0)),
            )
            for item in data.get("items") or []
        ],
    )


def _address(address: Address) -> dict[str, Any]:
    return {
        "first_name": text(address.first_name),
        "last_name": text(address.last_name),
        "company": text(address.company),
        "street_1": text(address.line1),
        "street_2": text(address.line2),
        "city": text(address.city),
        "state": text(address.region),
        "zip": text(address.postal_code),
        "country": country_name(address.country),
        "country_iso2": text(address.country),
        "phone": text(address.phone),
    }


def _tax_row(
    row_id: int,
    order_id: int,
    address_id: int,
    tax: TaxAmount,
    line_id: int | None,
    kind: str,
    rate_ids: Mapping[str, int],
) -> dict[str, Any]:
    return {
        "id": row_id,
        "order_id": order_id,
        "order_address_id": address_id,
        "tax_rate_id": rate_ids.get(tax.rate_id or "", _id(tax.rate_id)),
        "tax_class_id": 0,
        "name": tax.name,
        "class": "Default Tax Class",
        "rate": f"{tax.rate:.4f}",
        "priority": 0,
        "priority_amount": v2_money(tax.amount),
        "line_amount": v2_money(tax.amount),
        "order_product_id": line_id,
        "line_item_type": kind,
    }


# -- wire -> canonical ------------------------------------------------------------------------------


def order_from_wire(wire: WireOrder, rates: Mapping[int, TaxRate] | None = None) -> Order:
    """Decode one order; ``rates`` (wire tax_rate_id -> the store's rate) names rates and jurisdictions."""
    rates = rates or {}
    data = wire.order
    status_id = int(data.get("status_id") or 0)
    taxes_by_line: dict[int, list[TaxAmount]] = {}
    taxes_by_ship: dict[int, list[TaxAmount]] = {}
    summary: dict[tuple[int, str, Decimal], TaxLine] = {}
    for row in wire.taxes:
        rate_id = int(row.get("tax_rate_id") or 0)
        known = rates.get(rate_id)
        amount = TaxAmount(
            rate_id=known.id if known else (str(rate_id) if rate_id else None),
            name=row.get("name") or "",
            rate=Decimal(str(row.get("rate") or "0")),
            amount=from_v2_money(row.get("line_amount")),
        )
        if row.get("line_item_type") == "shipping":
            taxes_by_ship.setdefault(int(row.get("order_address_id") or 0), []).append(amount)
        elif row.get("order_product_id") is not None:
            taxes_by_line.setdefault(int(row["order_product_id"]), []).append(amount)
        key = (rate_id, amount.name, amount.rate)
        line = summary.get(key) or TaxLine(
            rate_id=amount.rate_id,
            name=amount.name,
            rate=amount.rate,
            amount=ZERO,
            jurisdiction=known.jurisdiction if known else None,
        )
        line.amount += amount.amount  # the summary's amount includes the shipping share
        if row.get("line_item_type") == "shipping":
            line.shipping_amount += amount.amount
        summary[key] = line
    lines = [
        OrderLine(
            id=str(p["id"]),
            product_id=str(p["product_id"]) if p.get("product_id") else None,
            variant_id=str(p["variant_id"]) if p.get("variant_id") else None,
            sku=from_text(p.get("sku")),
            title=p.get("name") or "",
            quantity=int(p.get("quantity") or 0),
            unit_price=from_v2_money(p.get("base_price")),
            discount=sum((from_v2_money(d.get("amount")) for d in p.get("applied_discounts") or []), ZERO),
            taxes=taxes_by_line.get(int(p["id"]), []),
        )
        for p in wire.products
    ]
    shipping_lines = [
        ShippingLine(
            title=s.get("shipping_method") or "",
            price=from_v2_money(s.get("base_cost")),
            taxes=taxes_by_ship.get(int(s["id"]), []),
        )
        for s in wire.shipping_addresses
        if s.get("shipping_method") or from_v2_money(s.get("base_cost"))
    ]
    ship_address = _address_from(wire.shipping_addresses[0]) if wire.shipping_addresses else None
    discounts = [
        Discount(kind="coupon", code=from_text(c.get("code")), amount=from_v2_money(c.get("discount")))
        for c in wire.coupons
    ]
    manual = from_v2_money(data.get("discount_amount"))
    if manual:
        discounts.append(Discount(kind="manual", amount=manual))
    method = data.get("payment_method") or ""
    payments = (
        [
            Payment(
                gateway=method,
                kind=PAYMENT_KINDS.get(method.lower(), "card"),
                amount=from_v2_money(data.get("total_inc_tax")),
                reference=from_text(data.get("payment_provider_id")),
            )
        ]
        if method
        else []
    )
    billing = data.get("billing_address") or {}
    customer_id = int(data.get("customer_id") or 0)
    return Order(
        id=str(data["id"]),
        number=str(data["id"]),
        created_at=from_v2_date(data.get("date_created")) or EPOCH,
        updated_at=from_v2_date(data.get("date_modified")),
        status=STATUSES.get(status_id, ("", "pending"))[1],
        platform_status=data.get("custom_status") or data.get("status"),
        currency=data.get("currency_code") or "USD",
        taxes_included=bool(data.get("is_tax_inclusive_pricing")),
        customer_id=str(customer_id) if customer_id else None,
        email=from_text(billing.get("email")),
        billing=_address_from(billing),
        shipping_address=ship_address,
        lines=lines,
        shipping_lines=shipping_lines,
        discounts=discounts,
        tax_lines=list(summary.values()),
        payments=payments,
        refunds=[_refund_from_wire(r) for r in wire.refunds],
        total=from_v2_money(data.get("total_inc_tax")),
        total_tax=from_v2_money(data.get("total_tax")),
    )


def _address_from(data: dict[str, Any]) -> Address | None:
    address = Address(
        first_name=from_text(data.get("first_name")),
        last_name=from_text(data.get("last_name")),
        company=from_text(data.get("company")),
        line1=from_text(data.get("street_1")),
        line2=from_text(data.get("street_2")),
        city=from_text(data.get("city")),
        region=from_text(data.get("state")),
        postal_code=from_text(data.get("zip")),
        country=from_text(data.get("country_iso2")),
        phone=from_text(data.get("phone")),
    )
    return None if address == Address() else address
