"""The parts of Shopify's product, customer and order JSON that the mapping reads, as msgspec structs.

Why structs and not dicts: a page of 250 orders is about 1.2 MB of JSON, and the mapping reads
perhaps a third of it (no ``*_set`` money pairs, GraphQL ids, fulfilment fields, …). Decoding
straight into these structs skips the rest inside msgspec's C decoder and builds no dict per
object, and the mapping's attribute reads are cheaper than ``dict.get``. Measured on generated
orders: 8 µs an order to decode against 21 µs for ``orjson`` into dicts, and 26 µs against 35 µs
to map; about 5 s at a quarter of a million orders.

There is one mapping, not two: the endpoint measures a record's remainder by reading back its
own freshly exported dict through :func:`as_order` and its kin (``msgspec.convert``),
so what the client reads and what the endpoint measures cannot drift apart.

Every scalar is ``Any`` on purpose. The mapping keeps its own tolerance for what real stores
send (a number where a string is usual, ``null`` for an absent list), so a struct adds no way to
fail except on shape: an object where a list belongs, a record without an ``id``. Those fail as
:class:`ShapeError` with msgspec's path to the value (``$.orders[3].line_items``), where a dict
would have failed later with a bare ``AttributeError``.
"""

from __future__ import annotations

from typing import Any

import msgspec

from harness.errors import HarnessError


class ShapeError(HarnessError):
    """A Shopify body whose JSON is well formed but not shaped like the resource."""


class Struct(msgspec.Struct, gc=False):
    """Read-only trees: no cycles, so the cyclic collector need not track them (harness/heap.py)."""


class WireTax(Struct):
    title: Any = None
    rate: Any = None
    price: Any = None


class WireProperty(Struct):
    """A line item's ``properties`` entry, and an order's ``note_attributes`` entry."""

    name: Any = None
    value: Any = None


class WireLineItem(Struct):
    id: Any
    product_id: Any = None
    variant_id: Any = None
    sku: Any = None
    title: Any = None
    quantity: Any = None
    price: Any = None
    total_discount: Any = None
    #: absent reads as taxable on a product line and as not taxable on a fee line
    taxable: Any = msgspec.UNSET
    tax_lines: list[WireTax] | None = None
    properties: list[WireProperty] | None = None


class WireShippingLine(Struct):
    title: Any = None
    price: Any = None
    tax_lines: list[WireTax] | None = None


class WireDiscountApplication(Struct):
    type: Any = None
    code: Any = None
    title: Any = None
    value: Any = None
    description: Any = None


class WireRefundTransaction(Struct):
    amount: Any = None


class WireRefundLine(Struct):
    line_item_id: Any
    quantity: Any = None
    subtotal: Any = None


class WireRefund(Struct):
    id: Any
    created_at: Any = None
    note: Any = None
    restock: Any = None
    transactions: list[WireRefundTransaction] | None = None
    refund_line_items: list[WireRefundLine] | None = None


class WireAddress(Struct):
    first_name: Any = None
    last_name: Any = None
    company: Any = None
    address1: Any = None
    address2: Any = None
    city: Any = None
    province_code: Any = None
    zip: Any = None
    country_code: Any = None
    phone: Any = None


class WireCustomerRef(Struct):
    id: Any = None


class WireOrder(Struct):
    id: Any
    name: Any = None
    created_at: Any = None
    updated_at: Any = None
    financial_status: Any = None
    fulfillment_status: Any = None
    cancelled_at: Any = None
    currency: Any = None
    taxes_included: Any = None
    email: Any = None
    total_price: Any = None
    total_tax: Any = None
    customer: WireCustomerRef | None = None
    billing_address: WireAddress | None = None
    shipping_address: WireAddress | None = None
    line_items: list[WireLineItem] | None = None
    shipping_lines: list[WireShippingLine] | None = None
    tax_lines: list[WireTax] | None = None
    payment_gateway_names: list[Any] | None = None
    discount_applications: list[WireDiscountApplication] | None = None
    refunds: list[WireRefund] | None = None
    note_attributes: list[WireProperty] | None = None


class WireCustomer(Struct):
    id: Any
    first_name: Any = None
    last_name: Any = None
    email: Any = None
    phone: Any = None
    created_at: Any = None
    tax_exempt: Any = None
    currency: Any = None
    addresses: list[WireAddress] | None = None


class WireOption(Struct):
    name: Any
    position: Any = 0


class WireVariant(Struct):
    id: Any
    sku: Any = None
    barcode: Any = None
    title: Any = None
    position: Any = 0
    option1: Any = None
    option2: Any = None
    option3: Any = None
    price: Any = None
    compare_at_price: Any = None
    #: absent reads as taxable
    taxable: Any = msgspec.UNSET
    tax_code: Any = None
    inventory_management: Any = None
    inventory_item_id: Any = None
    grams: Any = None


class WireProduct(Struct):
    id: Any
    title: Any = None
    body_html: Any = None
    vendor: Any = None
    product_type: Any = None
    status: Any = None
    created_at: Any = None
    updated_at: Any = None
    options: list[WireOption] | None = None
    variants: list[WireVariant] | None = None


class ProductsPage(Struct):
    products: list[WireProduct]


class OrdersPage(Struct):
    orders: list[WireOrder]


class CustomersPage(Struct):
    customers: list[WireCustomer]


def as_order(data: dict[str, Any]) -> WireOrder:
    """An exported order dict as the client would decode it (the endpoint's remainder measurement)."""
    return msgspec.convert(data, WireOrder)


def as_product(data: dict[str, Any]) -> WireProduct:
    return msgspec.convert(data, WireProduct)


def as_customer(data: dict[str, Any]) -> WireCustomer:
    return msgspec.convert(data, WireCustomer)
