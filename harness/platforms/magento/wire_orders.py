"""Canonical orders <-> Magento 2 sales orders (store-apis.md §6.2 "Order").

The Magento quirks an accounting reader has to survive are all here:

* **A configurable purchase is two item rows**: the configurable parent (price,
  tax and discount) and the simple child (``parent_item_id`` set, price 0, the
  child's SKU). The reader keeps one line per purchase: the parent row, with
  the child's product id as the variant.
* **``discount_amount`` is negative at order level** and positive on items;
  what the items do not account for is the order-level discount (coupon or
  cart rule).
* The shipping address lives **only** in
  ``extension_attributes.shipping_assignments[0].shipping.address``.
* Taxes by rate are ``extension_attributes.applied_taxes`` (order) and
  ``item_applied_taxes`` (per item and for shipping); the rate ``code`` is
  the canonical rate id.
* ``increment_id`` is the customer-facing number, ``entity_id`` the key.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
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
from harness.platforms.magento.formats import ZERO, compact, date, from_date, from_money, money, slug

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
STATE_FOR: dict[str, tuple[str, str]] = {
    "pending": ("new", "pending"),
    "processing": ("processing", "processing"),
    "on_hold": ("holded", "holded"),
    "completed": ("complete", "complete"),
    "cancelled": ("canceled", "canceled"),
    "refunded": ("closed", "closed"),
    "failed": ("canceled", "payment_failed"),
}
STATUS_FROM_STATE: dict[str, OrderStatus] = {
    "new": "pending",
    "pending_payment": "pending",
    "processing": "processing",
    "holded": "on_hold",
    "payment_review": "on_hold",
    "complete": "completed",
    "closed": "refunded",
    "canceled": "cancelled",
}
PAYMENT_KINDS: dict[str, PaymentKind] = {
    "paypal_express": "paypal",
    "paypal_standard": "paypal",
    "banktransfer": "bank",
    "checkmo": "other",  # check / money order
    "cashondelivery": "cash",
    "giftcard": "gift_card",
    "customercredit": "store_credit",
    "free": "other",
}
CUSTOM_FIELDS_KEY = "custom_order_attributes"
REMAINDER_KEY = "sync_sandbox_remainder"


@dataclass
class LineProduct:
    """Where an order line's product sits in the catalogue: configurable purchases get two rows."""

    product_id: int | None
    child_id: int | None = None
    configurable: bool = False


@dataclass
class OrderIds:
    order_id: int
    customer_id: int | None
    item_ids: Iterator[int]
    lines: list[LineProduct] = field(default_factory=list)


def order_to_wire(order: Order, ids: OrderIds) -> dict[str, Any]:
    oid = ids.order_id
    items: list[dict[str, Any]] = []
    item_taxes: list[dict[str, Any]] = []
    for line, where in zip(order.lines, ids.lines, strict=True):
        item_id = next(ids.item_ids)
        tax = sum((t.amount for t in line.taxes), ZERO)
        row_total = line.unit_price * line.quantity
        parent = compact(
            {
                "item_id": item_id,
                "order_id": oid,
                "sku": line.sku,
                "name": line.title,
                "product_id": where.product_id,
                "product_type": "configurable" if where.configurable else "simple",
                "qty_ordered": line.quantity,
                "qty_invoiced": 0,
                "qty_shipped": 0,
                "qty_refunded": 0,
                "qty_canceled": 0,
                "price": money(line.unit_price),
                "base_price": money(line.unit_price),
                "original_price": money(line.unit_price),
                "price_incl_tax": money(line.unit_price + (tax / line.quantity if line.quantity else ZERO)),
                "row_total": money(row_total),
                "base_row_total": money(row_total),
                "row_total_incl_tax": money(row_total + tax),
                "tax_amount": money(tax),
                "base_tax_amount": money(tax),
                "tax_percent": money(sum((t.rate for t in line.taxes), ZERO)),
                "discount_amount": money(line.discount),
                "base_discount_amount": money(line.discount),
                "discount_percent": 0,
                "is_virtual": 0,
                "store_id": 1,
                "created_at": date(order.created_at),
            }
        )
        items.append(parent)
        if where.configurable:
            items.append(
                compact(
                    {
                        "item_id": next(ids.item_ids),
                        "order_id": oid,
                        "parent_item_id": item_id,
                        "sku": line.sku,
                        "name": line.title,
                        "product_id": where.child_id,
                        "product_type": "simple",
                        "qty_ordered": line.quantity,
                        "price": 0.0,
                        "base_price": 0.0,
                        "original_price": 0.0,
                        "row_total": 0.0,
                        "tax_amount": 0.0,
                        "tax_percent": 0.0,
                        "discount_amount": 0.0,
                        "store_id": 1,
                        "parent_item": parent,
                    }
                )
            )
        if line.taxes:
            item_taxes.append(
                {"type": "product", "item_id": item_id, "applied_taxes": [_applied(t) for t in line.taxes]}
            )
    ship = order.shipping_lines[0] if order.shipping_lines else None
    ship_tax = sum((t.amount for t in ship.taxes), ZERO) if ship else ZERO
    if ship and ship.taxes:
        item_taxes.append({"type": "shipping", "item_id": None, "applied_taxes": [_applied(t) for t in ship.taxes]})
    line_discounts = sum((line.discount for line in order.lines), ZERO)
    order_discounts = sum((d.amount for d in order.discounts), ZERO)
    coupon = next((d.code for d in order.discounts if d.kind == "coupon" and d.code), None)
    subtotal = sum((line.unit_price * line.quantity for line in order.lines), ZERO)
    items_tax = sum((t.amount for line in order.lines for t in line.taxes), ZERO)
    paid = sum((p.amount for p in order.payments), ZERO)
    state, status = STATE_FOR[order.status]
    billing = order.billing or Address()
    payment = order.payments[0] if order.payments else None
    extension: dict[str, Any] = {
        "applied_taxes": [
            compact(
                {
                    "code": t.rate_id,
                    "title": t.name,
                    "percent": money(t.rate),
                    "amount": money(t.amount),
                    "base_amount": money(t.amount),
                }
            )
            for t in order.tax_lines
        ],
        "item_applied_taxes": item_taxes,
        "shipping_assignments": [
            {
                "shipping": compact(
                    {
                        "address": _address(order.shipping_address, "shipping", oid * 10 + 2, oid, order.email)
                        if order.shipping_address
                        else None,
                        "method": f"sandbox_{slug(ship.title)}" if ship and ship.title else None,
                        "total": {
                            "shipping_amount": money(ship.price if ship else ZERO),
                            "shipping_tax_amount": money(ship_tax),
                            "shipping_incl_tax": money((ship.price if ship else ZERO) + ship_tax),
                        },
                    }
                ),
                "items": [],
            }
        ],
        "payment_additional_info": [],
    }
    if order.custom_fields:
        extension[CUSTOM_FIELDS_KEY] = [{"attribute_code": k, "value": v} for k, v in order.custom_fields.items()]
    return compact(
        {
            "entity_id": oid,
            "increment_id": order.number,
            "state": state,
            "status": order.platform_status or status,
            "created_at": date(order.created_at),
            "updated_at": date(order.updated_at),
            "store_id": 1,
            "store_name": "Main Website\nMain Website Store\nDefault Store View",
            "customer_id": ids.customer_id,
            "customer_is_guest": 1 if ids.customer_id is None else 0,
            "customer_email": order.email,
            "customer_firstname": billing.first_name,
            "customer_lastname": billing.last_name,
            "customer_group_id": 0 if ids.customer_id is None else 1,
            "order_currency_code": order.currency,
            "base_currency_code": order.currency,
            "global_currency_code": order.currency,
            "store_currency_code": order.currency,
            "base_to_order_rate": 1,
            "base_to_global_rate": 1,
            "subtotal": money(subtotal),
            "base_subtotal": money(subtotal),
            "subtotal_incl_tax": money(subtotal + items_tax),
            "discount_amount": money(-(line_discounts + order_discounts)),
            "base_discount_amount": money(-(line_discounts + order_discounts)),
            "discount_description": coupon,
            "coupon_code": coupon,
            "shipping_amount": money(ship.price if ship else ZERO),
            "base_shipping_amount": money(ship.price if ship else ZERO),
            "shipping_tax_amount": money(ship_tax),
            "shipping_incl_tax": money((ship.price if ship else ZERO) + ship_tax),
            "shipping_discount_amount": 0.0,
            "shipping_description": ship.title if ship else None,
            "tax_amount": money(order.total_tax),
            "base_tax_amount": money(order.total_tax),
            "grand_total": money(order.total),
            "base_grand_total": money(order.total),
            "total_paid": money(paid),
            "total_invoiced": money(paid),
            "total_refunded": money(sum((r.amount for r in order.refunds), ZERO)),
            "total_due": money(order.total - paid),
            "total_qty_ordered": sum(line.quantity for line in order.lines),
            "items": items,
            "billing_address": _address(order.billing, "billing", oid * 10 + 1, oid, order.email)
            if order.billing
            else None,
            "payment": compact(
                {
                    "method": payment.gateway,
                    "amount_ordered": money(order.total),
                    "amount_paid": money(payment.amount),
                    "last_trans_id": payment.reference,
                    "additional_information": [],
                }
            )
            if payment
            else None,
            "status_histories": [],
            "extension_attributes": extension,
        }
    )


def _applied(tax: TaxAmount) -> dict[str, Any]:
    return compact(
        {
            "code": tax.rate_id,
            "title": tax.name,
            "percent": money(tax.rate),
            "amount": money(tax.amount),
            "base_amount": money(tax.amount),
        }
    )


def _address(address: Address | None, kind: str, entity_id: int, order_id: int, email: str | None) -> dict[str, Any]:
    a = address or Address()
    street = [s for s in (a.line1, a.line2) if s is not None]
    if a.line1 is None and a.line2 is not None:
        street = ["", a.line2]
    return compact(
        {
            "address_type": kind,
            "entity_id": entity_id,
            "parent_id": order_id,
            "firstname": a.first_name,
            "lastname": a.last_name,
            "company": a.company,
            "street": street,
            "city": a.city,
            "region": a.region,
            "region_code": a.region,
            "postcode": a.postal_code,
            "country_id": a.country,
            "telephone": a.phone,
            "email": email,
        }
    )


# -- wire -> canonical ------------------------------------------------------------------------------


def creditmemo_to_wire(
    refund: Refund, memo_id: int, order: dict[str, Any], line_items: Mapping[str, int]
) -> dict[str, Any]:
    """A credit memo (``/V1/creditmemos``): what Magento records for a refund; the reason is its first comment."""
    created = date(refund.created_at)
    return compact(
        {
            "entity_id": memo_id,
            "order_id": order["entity_id"],
            "increment_id": f"{memo_id:09d}",
            "state": 2,
            "created_at": created,
            "updated_at": created,
            "order_currency_code": order.get("order_currency_code"),
            "grand_total": money(refund.amount),
            "base_grand_total": money(refund.amount),
            "subtotal": money(sum((line.amount for line in refund.lines), ZERO)),
            "adjustment_positive": 0.0,
            "adjustment_negative": 0.0,
            "shipping_amount": 0.0,
            "tax_amount": 0.0,
            "items": [
                {
                    "entity_id": memo_id * 1000 + i,
                    "parent_id": memo_id,
                    "order_item_id": line_items.get(line.line_id, _int(line.line_id)),
                    "qty": line.quantity,
                    "row_total": money(line.amount),
                    "base_row_total": money(line.amount),
                }
                for i, line in enumerate(refund.lines, start=1)
            ],
            "comments": (
                [{"comment": refund.reason, "parent_id": memo_id, "created_at": created, "is_customer_notified": 0}]
                if refund.reason is not None
                else []
            ),
        }
    )


def _int(value: str) -> int:
    return int(value) if value.isascii() and value.isdigit() else 0


def _refund_from_memo(memo: dict[str, Any]) -> Refund:
    comments = memo.get("comments") or []
    return Refund(
        id=str(memo["entity_id"]),
        created_at=from_date(memo.get("created_at")) or EPOCH,
        amount=from_money(memo.get("grand_total")) or ZERO,
        reason=comments[0].get("comment") if comments else None,
        lines=[
            RefundLine(
                line_id=str(item.get("order_item_id")),
                quantity=int(item.get("qty") or 0),
                amount=from_money(item.get("row_total")) or ZERO,
            )
            for item in memo.get("items") or []
        ],
    )


def order_from_wire(
    data: dict[str, Any], rates: Mapping[str, TaxRate] | None = None, memos: list[dict[str, Any]] | None = None
) -> Order:
    """Decode one order; ``rates`` (code -> the store's rate) name jurisdictions, ``memos`` are its credit memos."""
    rates = rates or {}
    ext = data.get("extension_attributes") or {}
    rows = data.get("items") or []
    children = {int(r["parent_item_id"]): r for r in rows if r.get("parent_item_id") is not None}
    taxes_by_item: dict[int, list[TaxAmount]] = {}
    shipping_taxes: list[TaxAmount] = []
    for group in ext.get("item_applied_taxes") or []:
        amounts = [_tax_amount(t) for t in group.get("applied_taxes") or []]
        if group.get("type") == "shipping":
            shipping_taxes.extend(amounts)
        elif group.get("item_id") is not None:
            taxes_by_item.setdefault(int(group["item_id"]), []).extend(amounts)
    lines = []
    for row in rows:
        if row.get("parent_item_id") is not None:
            continue
        child = children.get(int(row["item_id"]))
        variant = child.get("product_id") if child else row.get("product_id")
        lines.append(
            OrderLine(
                id=str(row["item_id"]),
                product_id=str(row["product_id"]) if row.get("product_id") is not None else None,
                variant_id=str(variant) if variant is not None else None,
                sku=row.get("sku"),
                title=row.get("name") or "",
                quantity=int(row.get("qty_ordered") or 0),
                unit_price=from_money(row.get("price")) or ZERO,
                discount=from_money(row.get("discount_amount")) or ZERO,
                taxes=taxes_by_item.get(int(row["item_id"]), []),
            )
        )
    shipping_by_code: dict[str | None, Decimal] = {}
    for tax in shipping_taxes:
        shipping_by_code[tax.rate_id] = shipping_by_code.get(tax.rate_id, ZERO) + tax.amount
    tax_lines = []
    for t in ext.get("applied_taxes") or []:
        code = t.get("code")
        known = rates.get(code) if code is not None else None
        tax_lines.append(
            TaxLine(
                rate_id=code,
                name=t.get("title") or "",
                rate=from_money(t.get("percent")) or ZERO,
                amount=from_money(t.get("amount")) or ZERO,
                shipping_amount=shipping_by_code.get(code, ZERO),
                jurisdiction=known.jurisdiction if known else None,
            )
        )
    shipping_amount = from_money(data.get("shipping_amount")) or ZERO
    shipping_lines = (
        [ShippingLine(title=data.get("shipping_description") or "", price=shipping_amount, taxes=shipping_taxes)]
        if data.get("shipping_description") is not None or shipping_amount
        else []
    )
    item_discounts = sum((line.discount for line in lines), ZERO)
    order_level = -(from_money(data.get("discount_amount")) or ZERO) - item_discounts
    coupon = data.get("coupon_code")
    discounts = (
        [Discount(kind="coupon" if coupon else "automatic", code=coupon, amount=order_level)] if order_level else []
    )
    payment = data.get("payment")
    payments = (
        [
            Payment(
                gateway=payment.get("method") or "",
                kind=PAYMENT_KINDS.get(payment.get("method") or "", "card"),
                amount=from_money(payment.get("amount_paid")) or ZERO,
                reference=payment.get("last_trans_id"),
            )
        ]
        if payment
        else []
    )
    assignments = ext.get("shipping_assignments") or [{}]
    ship_address = ((assignments[0] or {}).get("shipping") or {}).get("address")
    customer_id = data.get("customer_id")
    return Order(
        id=str(data["entity_id"]),
        number=str(data.get("increment_id") or data["entity_id"]),
        created_at=from_date(data.get("created_at")) or EPOCH,
        updated_at=from_date(data.get("updated_at")),
        status=STATUS_FROM_STATE.get(data.get("state") or "", "pending"),
        platform_status=data.get("status"),
        currency=data.get("order_currency_code") or "USD",
        customer_id=str(customer_id) if customer_id is not None else None,
        email=data.get("customer_email"),
        billing=_address_from(data["billing_address"]) if data.get("billing_address") else None,
        shipping_address=_address_from(ship_address) if ship_address else None,
        lines=lines,
        shipping_lines=shipping_lines,
        discounts=discounts,
        tax_lines=tax_lines,
        payments=payments,
        refunds=[_refund_from_memo(m) for m in memos or []],
        total=from_money(data.get("grand_total")) or ZERO,
        total_tax=from_money(data.get("tax_amount")) or ZERO,
        custom_fields={a["attribute_code"]: str(a.get("value")) for a in ext.get(CUSTOM_FIELDS_KEY) or []},
    )


def _tax_amount(t: dict[str, Any]) -> TaxAmount:
    return TaxAmount(
        rate_id=t.get("code"),
        name=t.get("title") or "",
        rate=from_money(t.get("percent")) or ZERO,
        amount=from_money(t.get("amount")) or ZERO,
    )


def _address_from(data: dict[str, Any]) -> Address:
    street = data.get("street") or []
    return Address(
        first_name=data.get("firstname"),
        last_name=data.get("lastname"),
        company=data.get("company"),
        line1=(street[0] or None) if street else None,
        line2=street[1] if len(street) > 1 else None,
        city=data.get("city"),
        region=data.get("region_code") or data.get("region"),
        postal_code=data.get("postcode"),
        country=data.get("country_id"),
        phone=data.get("telephone"),
    )
