"""Canonical Store <-> Shopify Admin REST shapes (2024-xx, store-apis.md §1.6).

Every canonical field goes to its native Shopify home where one exists:

* product -> ``product`` with ``options`` (the "Title"/"Default Title" pair when
  there are none) and embedded ``variants``; cost and the tracked flag on the
  ``inventory_item``; quantities as ``inventory_levels`` per location;
* customer -> ``customer``; the company lives only on addresses (§1.6);
* order -> ``order``: ``financial_status``/``fulfillment_status``/``cancelled_at``
  carry the status, ``discount_codes`` + ``discount_applications`` the
  discounts, fee lines become custom line items marked with the hidden
  ``_fee`` property (the way Shopify apps add surcharges), custom fields go to
  ``note_attributes``, payments to ``payment_gateway_names`` (``gift_card`` for
  gift cards) and the transactions sub-resource, refunds to ``refunds[]``;
* product and customer custom fields -> metafields in namespace ``custom``.

What has no native home (a parent SKU, a tax line's rate id, a customer's
guest flag, …) is *measured* rather than guessed: each record is decoded
back from its own wire form and the difference is kept as a JSON metafield
``sync_sandbox.remainder`` on the record (harness.platforms.remainder). The
shop-level remainder (tax settings, extensions, custom-field definitions)
sits in a shop metafield. So the round trip Store -> endpoint -> client is
lossless by construction, and the remainder stays small because the native
mapping carries nearly everything.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import msgspec
import orjson

from harness.model.common import ZERO
from harness.model.store import (
    Address,
    Customer,
    Discount,
    DiscountKind,
    FeeLine,
    Location,
    Order,
    OrderLine,
    OrderStatus,
    Payment,
    PaymentKind,
    Product,
    Refund,
    RefundLine,
    ShippingLine,
    Store,
    TaxAmount,
    TaxLine,
    TaxRate,
    TaxSettings,
    Variant,
)
from harness.platforms.ids import allocate_ids
from harness.platforms.money import money_or_zero, parse_money
from harness.platforms.remainder import Remainder, remainder
from harness.platforms.shopify.formats import (
    gid,
    money,
    money_set,
    parse_timestamp,
    rate_fraction,
    rate_percent,
    ref,
    shared,
    timestamp,
    unshared,
    wire_ref,
)
from harness.platforms.shopify.wire_read import (
    WireAddress,
    WireCustomer,
    WireDiscountApplication,
    WireLineItem,
    WireOrder,
    WireProduct,
    WireRefund,
    WireTax,
    as_customer,
    as_order,
    as_product,
)

#: inventory item ids are their own id space (§1.6: do not rely on them equalling variant ids)
INVENTORY_ITEM_OFFSET = 10**13
CUSTOM_NAMESPACE = "custom"
SANDBOX_NAMESPACE = "sync_sandbox"
REMAINDER_KEY = "remainder"
FEE_PROPERTY = "_fee"
FEE_SOURCE_PROPERTY = "_fee_source"
DEFAULT_OPTION = "Title"
DEFAULT_VALUE = "Default Title"
FEE_LINE_ID_BASE = 900_000
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

Json = dict[str, Any]


# -- ids ----------------------------------------------------------------------------------------------


@dataclass
class IdMaps:
    """Canonical string id -> Shopify integer id, per resource (harness.platforms.ids)."""

    products: dict[str, int] = field(default_factory=dict)
    variants: dict[str, int] = field(default_factory=dict)
    customers: dict[str, int] = field(default_factory=dict)
    orders: dict[str, int] = field(default_factory=dict)
    locations: dict[str, int] = field(default_factory=dict)

    @classmethod
    def for_store(cls, store: Store) -> IdMaps:
        def alloc(ids: list[str]) -> dict[str, int]:
            return dict(zip(ids, allocate_ids(ids), strict=True))

        return cls(
            products=alloc([p.id for p in store.products]),
            variants=alloc([v.id for p in store.products for v in p.variants]),
            customers=alloc([c.id for c in store.customers]),
            orders=alloc([o.id for o in store.orders]),
            locations=alloc(location_ids(store)),
        )


def location_ids(store: Store) -> list[str]:
    """The store's locations, then any location a variant stocks that the list lacks (levels need an id)."""
    seen = dict.fromkeys(loc.id for loc in store.locations)
    for product in store.products:
        for variant in product.variants:
            seen.update(dict.fromkeys(variant.quantities))
    return list(seen)


def inventory_item_id(variant_wire_id: int) -> int:
    return variant_wire_id + INVENTORY_ITEM_OFFSET


# -- metafields ---------------------------------------------------------------------------------------


def custom_metafields(custom_fields: Mapping[str, str]) -> list[Json]:
    return [
        {"namespace": CUSTOM_NAMESPACE, "key": key, "value": value, "type": "single_line_text_field"}
        for key, value in custom_fields.items()
    ]


def remainder_metafield(patch: Remainder) -> Json:
    return {
        "namespace": SANDBOX_NAMESPACE,
        "key": REMAINDER_KEY,
        "value": orjson.dumps(patch).decode("utf-8"),
        "type": "json",
    }


def custom_fields_from(metafields: Iterable[Json]) -> dict[str, str]:
    return {m["key"]: str(m["value"]) for m in metafields if m.get("namespace") == CUSTOM_NAMESPACE}


def remainder_from(metafields: Iterable[Json]) -> Remainder | None:
    for m in metafields:
        if m.get("namespace") == SANDBOX_NAMESPACE and m.get("key") == REMAINDER_KEY:
            value: Remainder = orjson.loads(m["value"])
            return value
    return None


# -- addresses ----------------------------------------------------------------------------------------


def address_to_wire(address: Address | None) -> Json | None:
    if address is None:
        return None
    name = " ".join(p for p in (address.first_name, address.last_name) if p)
    return {
        "first_name": address.first_name,
        "last_name": address.last_name,
        "company": address.company,
        "address1": address.line1,
        "address2": address.line2,
        "city": address.city,
        "province": address.region,
        "province_code": address.region,
        "country": address.country,
        "country_code": address.country,
        "zip": address.postal_code,
        "phone": address.phone,
        "name": name or None,
    }


def address_from_wire(data: WireAddress | None) -> Address | None:
    if data is None:
        return None
    return Address(
        first_name=shared(data.first_name),
        last_name=shared(data.last_name),
        company=shared(data.company),
        line1=shared(data.address1),
        line2=shared(data.address2),
        city=shared(data.city),
        region=shared(data.province_code),
        postal_code=shared(data.zip),
        country=shared(data.country_code),
        phone=shared(data.phone),
    )


# -- products ------------------------------------------------------------------------------------------


@dataclass
class ProductBundle:
    """One product as Shopify spreads it over resources."""

    product: Json
    inventory_items: list[Json]
    inventory_levels: list[Json]
    metafields: list[Json]


def product_to_wire(product: Product, ids: IdMaps) -> ProductBundle:
    pid = ids.products[product.id]
    names = product.options[:3] if product.options else [DEFAULT_OPTION]
    created = timestamp(product.created_at)
    updated = timestamp(product.updated_at)
    variants: list[Json] = []
    items: list[Json] = []
    levels: list[Json] = []
    for position, variant in enumerate(product.variants, start=1):
        vid = ids.variants[variant.id]
        item_id = inventory_item_id(vid)
        values: list[str | None] = [variant.options.get(name) for name in names] if product.options else [DEFAULT_VALUE]
        values += [None] * (3 - len(values))
        title = variant.title or (DEFAULT_VALUE if not product.options else "")
        variants.append(
            {
                "id": vid,
                "product_id": pid,
                "title": title,
                "price": money(variant.price),
                "compare_at_price": money(variant.compare_at_price),
                "sku": variant.sku or "",
                "barcode": variant.barcode,
                "position": position,
                "option1": values[0],
                "option2": values[1],
                "option3": values[2],
                "taxable": variant.taxable,
                "tax_code": variant.tax_class,
                "inventory_item_id": item_id,
                "inventory_management": "shopify" if variant.inventory_tracked else None,
                "inventory_policy": "deny",
                "inventory_quantity": variant.quantity,
                "old_inventory_quantity": variant.quantity,
                "fulfillment_service": "manual",
                "requires_shipping": True,
                "grams": variant.weight_grams or 0,
                "weight": (variant.weight_grams or 0) / 1000,
                "weight_unit": "kg",
                "image_id": None,
                "created_at": created,
                "updated_at": updated,
                "admin_graphql_api_id": gid("ProductVariant", vid),
            }
        )
        items.append(item_to_wire(variant, item_id, created, updated))
        levels += levels_to_wire(variant, item_id, updated, ids)
    options = []
    for index, name in enumerate(names):
        seen: dict[str, None] = {}
        for v in variants:
            value = v[f"option{index + 1}"]
            if value is not None:
                seen.setdefault(value, None)
        options.append(
            {"id": pid * 10 + index + 1, "product_id": pid, "name": name, "position": index + 1, "values": list(seen)}
        )
    wire = {
        "id": pid,
        "title": product.title,
        "body_html": product.description,
        "vendor": product.vendor,
        "product_type": product.product_type,
        "handle": handle(product.title, pid),
        "status": product.status,
        "tags": "",
        "created_at": created,
        "updated_at": updated,
        "published_at": created if product.status == "active" else None,
        "published_scope": "web",
        "template_suffix": None,
        "admin_graphql_api_id": gid("Product", pid),
        "options": options,
        "variants": variants,
        "images": [],
        "image": None,
    }
    return ProductBundle(wire, items, levels, custom_metafields(product.custom_fields))


def item_to_wire(variant: Variant, item_id: int, created: str | None, updated: str | None) -> Json:
    """A variant's ``inventory_item`` (cost, tracked); ``created``/``updated`` are its product's."""
    return {
        "id": item_id,
        "sku": variant.sku or "",
        "cost": money(variant.cost),
        "tracked": variant.inventory_tracked,
        "requires_shipping": True,
        "country_code_of_origin": None,
        "province_code_of_origin": None,
        "harmonized_system_code": None,
        "country_harmonized_system_codes": [],
        "created_at": created,
        "updated_at": updated,
        "admin_graphql_api_id": gid("InventoryItem", item_id),
    }


def levels_to_wire(variant: Variant, item_id: int, updated: str | None, ids: IdMaps) -> list[Json]:
    """A variant's ``inventory_levels``, one per location it stocks; ``updated`` is its product's."""
    levels = []
    for location, quantity in variant.quantities.items():
        location_id = wire_ref(location, ids.locations)
        levels.append(
            {
                "inventory_item_id": item_id,
                "location_id": location_id,
                "available": quantity,
                "updated_at": updated,
                "admin_graphql_api_id": f"gid://shopify/InventoryLevel/{location_id}?inventory_item_id={item_id}",
            }
        )
    return levels


def product_from_wire(
    data: WireProduct,
    items: Mapping[int, Json],
    levels: Mapping[int, list[Json]],
    metafields: Iterable[Json],
) -> Product:
    """The canonical product; ``items`` and ``levels`` are keyed by inventory item id."""
    option_names = [o.name for o in sorted(data.options or [], key=lambda o: o.position)]
    defaulted = option_names == [DEFAULT_OPTION] and all(v.option1 == DEFAULT_VALUE for v in data.variants or [])
    names = [] if defaulted else option_names
    variants = []
    for v in sorted(data.variants or [], key=lambda v: v.position):
        item = items.get(v.inventory_item_id or 0, {})
        # a variant has three option slots: zip stops there
        slots = zip(names, (v.option1, v.option2, v.option3), strict=False)
        options = {shared(name): shared(value) for name, value in slots if value is not None}
        title = shared(v.title or "")
        variants.append(
            Variant(
                id=str(v.id),
                sku=v.sku or None,
                barcode=v.barcode,
                title=title,
                options=options,
                price=money_or_zero(v.price),
                compare_at_price=parse_money(v.compare_at_price),
                cost=parse_money(item.get("cost")),
                taxable=v.taxable is msgspec.UNSET or bool(v.taxable),
                tax_class=v.tax_code,
                inventory_tracked=v.inventory_management == "shopify",
                quantities={
                    shared(str(level["location_id"])): int(level["available"] or 0)
                    for level in levels.get(v.inventory_item_id or 0, [])
                },
                weight_grams=v.grams or None,
            )
        )
    return Product(
        id=str(data.id),
        title=data.title or "",
        description=data.body_html,
        vendor=shared(data.vendor),
        product_type=shared(data.product_type),
        status=data.status or "active",
        created_at=parse_timestamp(data.created_at),
        updated_at=parse_timestamp(data.updated_at),
        options=[shared(name) for name in names],
        variants=variants,
        custom_fields=custom_fields_from(metafields),
    )


def handle(title: str, pid: int) -> str:
    slug = "".join(ch if ch.isalnum() else "-" for ch in title.lower()).strip("-")
    return "-".join(part for part in slug.split("-") if part) or f"product-{pid}"


def export_product(product: Product, ids: IdMaps, listed_locations: Collection[int] | None = None) -> ProductBundle:
    """Wire form plus the remainder metafield that makes the round trip exact.

    ``listed_locations``: the location ids ``/locations.json`` lists. A reader that takes inventory
    levels location by location (``/locations/{id}/inventory_levels.json``, 250 a page) cannot see a
    level at a location the list lacks, so the remainder is measured against what it can see.
    """
    bundle = product_to_wire(product, ids)
    items = {i["id"]: i for i in bundle.inventory_items}
    levels: dict[int, list[Json]] = {}
    for level in bundle.inventory_levels:
        if listed_locations is None or level["location_id"] in listed_locations:
            levels.setdefault(level["inventory_item_id"], []).append(level)
    rebuilt = unshared(lambda: product_from_wire(as_product(bundle.product), items, levels, bundle.metafields))
    patch = remainder(product, rebuilt)
    if patch:
        bundle.metafields.append(remainder_metafield(patch))
    return bundle


# -- customers ----------------------------------------------------------------------------------------


def customer_to_wire(customer: Customer, ids: IdMaps) -> tuple[Json, list[Json]]:
    cid = ids.customers[customer.id]
    addresses = []
    for index, address in enumerate(customer.addresses):
        wire = address_to_wire(address) or {}
        wire.update(
            {"id": cid * 100 + index + 1, "customer_id": cid, "country_name": address.country, "default": index == 0}
        )
        addresses.append(wire)
    created = timestamp(customer.created_at)
    data = {
        "id": cid,
        "email": customer.email,
        "first_name": customer.first_name,
        "last_name": customer.last_name,
        "phone": customer.phone,
        "note": None,
        "tags": "",
        "state": "enabled",
        "verified_email": customer.email is not None,
        "tax_exempt": customer.tax_exempt,
        "tax_exemptions": [],
        "currency": customer.currency,
        "created_at": created,
        "updated_at": created,
        "multipass_identifier": None,
        "addresses": addresses,
        "default_address": addresses[0] if addresses else None,
        "admin_graphql_api_id": gid("Customer", cid),
    }
    return data, custom_metafields(customer.custom_fields)


def customer_from_wire(data: WireCustomer, metafields: Iterable[Json]) -> Customer:
    addresses = [a for a in (address_from_wire(w) for w in data.addresses or []) if a is not None]
    return Customer(
        id=str(data.id),
        first_name=shared(data.first_name),
        last_name=shared(data.last_name),
        company=addresses[0].company if addresses else None,
        email=data.email,
        phone=data.phone,
        addresses=addresses,
        created_at=parse_timestamp(data.created_at),
        tax_exempt=bool(data.tax_exempt),
        currency=shared(data.currency),
        custom_fields=custom_fields_from(metafields),
    )


def export_customer(customer: Customer, ids: IdMaps) -> tuple[Json, list[Json]]:
    data, metafields = customer_to_wire(customer, ids)
    patch = remainder(customer, unshared(lambda: customer_from_wire(as_customer(data), metafields)))
    if patch:
        metafields.append(remainder_metafield(patch))
    return data, metafields


# -- orders --------------------------------------------------------------------------------------------

FINANCIAL_STATUSES = frozenset(
    {"pending", "authorized", "partially_paid", "paid", "partially_refunded", "refunded", "voided"}
)
_FINANCIAL_FOR: dict[OrderStatus, str] = {
    "pending": "pending",
    "processing": "paid",
    "on_hold": "authorized",
    "completed": "paid",
    "cancelled": "voided",
    "refunded": "refunded",
    "failed": "voided",
}
_DISCOUNT_TYPE: dict[DiscountKind, str] = {
    "coupon": "discount_code",
    "automatic": "automatic",
    "manual": "manual",
    "reward_points": "script",
}
_DISCOUNT_KIND: dict[str, DiscountKind] = {v: k for k, v in _DISCOUNT_TYPE.items()}
_PAYMENT_KIND: dict[str, PaymentKind] = {
    "gift_card": "gift_card",
    "paypal": "paypal",
    "cash": "cash",
    "bank_deposit": "bank",
    "store_credit": "store_credit",
    "reward_points": "reward_points",
}


def status_to_wire(order: Order) -> Json:
    """Shopify spreads one status over four fields (§1.6); ``platform_status`` is the financial status."""
    status = order.status
    financial = order.platform_status if order.platform_status in FINANCIAL_STATUSES else _FINANCIAL_FOR[status]
    when = timestamp(order.updated_at or order.created_at)
    return {
        "financial_status": financial,
        "fulfillment_status": "fulfilled" if status == "completed" else None,
        "cancelled_at": when if status == "cancelled" else None,
        "cancel_reason": "other" if status == "cancelled" else None,
        "closed_at": when if status in ("completed", "refunded", "cancelled") else None,
    }


def status_from_wire(data: WireOrder) -> tuple[OrderStatus, str | None]:
    financial = data.financial_status
    status: OrderStatus
    if data.cancelled_at:
        status = "cancelled"
    elif financial == "refunded":
        status = "refunded"
    elif data.fulfillment_status == "fulfilled":
        status = "completed"
    elif financial == "pending":
        status = "pending"
    elif financial == "authorized":
        status = "on_hold"
    elif financial == "voided":
        status = "failed"
    else:
        status = "processing"
    return status, financial


def tax_lines_to_wire(taxes: Iterable[TaxAmount], currency: str) -> list[Json]:
    return [
        {
            "title": t.name,
            "rate": rate_fraction(t.rate),
            "price": money(t.amount),
            "price_set": money_set(t.amount, currency),
            "channel_liable": None,
        }
        for t in taxes
    ]


RateIds = Mapping[tuple[str, Decimal], TaxRate]


def rate_ids(rates: Iterable[TaxRate]) -> dict[tuple[str, Decimal], TaxRate]:
    """(name, percent) -> the store's tax rate: Shopify tax lines carry no rate id or jurisdiction
    (§1.6), but the store's rate table (kept on the shop) names each one, so both are looked up."""
    return {(r.name, r.rate): r for r in rates}


def taxes_from_wire(lines: Iterable[WireTax], rates: RateIds | None = None) -> list[TaxAmount]:
    out = []
    for t in lines:
        name, rate = shared(t.title or ""), rate_percent(t.rate or 0)
        known = (rates or {}).get((name, rate))
        amount = money_or_zero(t.price)
        out.append(TaxAmount(rate_id=known.id if known else None, name=name, rate=rate, amount=amount))
    return out


def line_to_wire(line: OrderLine, ids: IdMaps, currency: str) -> Json:
    lid = wire_ref(line.id)
    return {
        "id": lid,
        "admin_graphql_api_id": gid("LineItem", lid or 0),
        "product_id": wire_ref(line.product_id, ids.products),
        "variant_id": wire_ref(line.variant_id, ids.variants),
        "sku": line.sku or "",
        "title": line.title,
        "name": line.title,
        "variant_title": None,
        "vendor": None,
        "quantity": line.quantity,
        "current_quantity": line.quantity,
        "fulfillable_quantity": line.quantity,
        "price": money(line.unit_price),
        "price_set": money_set(line.unit_price, currency),
        "total_discount": money(line.discount),
        "total_discount_set": money_set(line.discount, currency),
        "discount_allocations": (
            [{"amount": money(line.discount), "discount_application_index": 0}] if line.discount else []
        ),
        "taxable": line.taxable,
        "requires_shipping": True,
        "gift_card": False,
        "grams": 0,
        "fulfillment_service": "manual",
        "fulfillment_status": None,
        "product_exists": line.product_id is not None,
        "variant_inventory_management": "shopify",
        "properties": [],
        "tax_lines": tax_lines_to_wire(line.taxes, currency),
        "duties": [],
    }


def fee_to_wire(fee: FeeLine, index: int, currency: str) -> Json:
    """A fee as a custom line item (no product) carrying the hidden ``_fee`` property."""
    properties = [{"name": FEE_PROPERTY, "value": "true"}]
    if fee.source is not None:
        properties.append({"name": FEE_SOURCE_PROPERTY, "value": fee.source})
    return {
        "id": FEE_LINE_ID_BASE + index,
        "product_id": None,
        "variant_id": None,
        "sku": "",
        "title": fee.name,
        "name": fee.name,
        "quantity": 1,
        "current_quantity": 1,
        "price": money(fee.amount),
        "price_set": money_set(fee.amount, currency),
        "total_discount": "0.00",
        "discount_allocations": [],
        "taxable": fee.taxable,
        "requires_shipping": False,
        "gift_card": False,
        "product_exists": False,
        "properties": properties,
        "tax_lines": tax_lines_to_wire(fee.taxes, currency),
    }


def is_fee(item: WireLineItem) -> bool:
    return any(p.name == FEE_PROPERTY for p in item.properties or [])


def order_to_wire(order: Order, ids: IdMaps, customers: Mapping[str, Customer] | None = None) -> Json:
    oid = ids.orders[order.id]
    cur = order.currency
    created = timestamp(order.created_at)
    customer: Json | None = None
    if order.customer_id is not None:
        cid = wire_ref(order.customer_id, ids.customers)
        known = (customers or {}).get(order.customer_id)
        customer = {
            "id": cid,
            "email": known.email if known else order.email,
            "first_name": known.first_name if known else None,
            "last_name": known.last_name if known else None,
            "admin_graphql_api_id": gid("Customer", cid or 0),
        }
    line_items = [line_to_wire(line, ids, cur) for line in order.lines]
    line_items += [fee_to_wire(fee, i, cur) for i, fee in enumerate(order.fee_lines)]
    line_total = line_discounts = ZERO
    for line in order.lines:  # one pass: an order is served once, and every order of a store is
        line_total += line.unit_price * line.quantity
        line_discounts += line.discount
    subtotal = line_total - line_discounts  # the lines' own subtotals, added
    discounts = sum((d.amount for d in order.discounts), ZERO) + line_discounts
    shipping = sum((s.price for s in order.shipping_lines), ZERO)
    number = order.number.lstrip("#")
    data: Json = {
        "id": oid,
        "admin_graphql_api_id": gid("Order", oid),
        "name": order.number,
        "order_number": int(number) if number.isdigit() else None,
        "number": int(number) - 1000 if number.isdigit() and int(number) > 1000 else None,
        "confirmation_number": None,
        "created_at": created,
        "processed_at": created,
        "updated_at": timestamp(order.updated_at),
        **status_to_wire(order),
        "test": False,
        "currency": cur,
        "presentment_currency": cur,
        "source_name": "web",
        "payment_gateway_names": [p.gateway for p in order.payments],
        "tags": "",
        "note": None,
        "email": order.email,
        "contact_email": order.email,
        "phone": None,
        "customer": customer,
        "billing_address": address_to_wire(order.billing),
        "shipping_address": address_to_wire(order.shipping_address),
        "taxes_included": order.taxes_included,
        "total_price": money(order.total),
        "total_price_set": money_set(order.total, cur),
        "total_tax": money(order.total_tax),
        "total_tax_set": money_set(order.total_tax, cur),
        "subtotal_price": money(subtotal),
        "total_line_items_price": money(line_total),
        "total_discounts": money(discounts),
        "total_shipping_price_set": money_set(shipping, cur),
        "line_items": line_items,
        "shipping_lines": [
            {
                "id": oid * 10 + index + 1,
                "title": s.title,
                "code": s.title,
                "source": "shopify",
                "price": money(s.price),
                "discounted_price": money(s.price),
                "price_set": money_set(s.price, cur),
                "tax_lines": tax_lines_to_wire(s.taxes, cur),
                "discount_allocations": [],
            }
            for index, s in enumerate(order.shipping_lines)
        ],
        "discount_codes": [
            {"code": d.code, "amount": money(d.amount), "type": "fixed_amount"}
            for d in order.discounts
            if d.kind == "coupon" and d.code is not None
        ],
        "discount_applications": [discount_to_wire(d) for d in order.discounts],
        "tax_lines": [
            {
                "title": t.name,
                "rate": rate_fraction(t.rate),
                "price": money(t.amount),
                "price_set": money_set(t.amount, cur),
                "channel_liable": None,
            }
            for t in order.tax_lines
        ],
        "note_attributes": [{"name": k, "value": v} for k, v in order.custom_fields.items()],
        "refunds": [refund_to_wire(r, oid, order, cur) for r in order.refunds],
    }
    return data


def discount_to_wire(discount: Discount) -> Json:
    kind = _DISCOUNT_TYPE[discount.kind]
    wire: Json = {
        "type": kind,
        "value": money(discount.amount),
        "value_type": "fixed_amount",
        "allocation_method": "across",
        "target_selection": "all",
        "target_type": "line_item",
    }
    if kind == "discount_code":
        wire["code"] = discount.code
    else:
        wire["title"] = discount.code
    wire["description"] = discount.source
    return wire


def refund_to_wire(refund: Refund, oid: int, order: Order, currency: str) -> Json:
    gateway = order.payments[0].gateway if order.payments else "manual"
    return {
        "id": wire_ref(refund.id),
        "order_id": oid,
        "created_at": timestamp(refund.created_at),
        "processed_at": timestamp(refund.created_at),
        "note": refund.reason,
        "restock": refund.restock,
        "refund_line_items": [
            {
                "line_item_id": wire_ref(rl.line_id),
                "quantity": rl.quantity,
                "subtotal": money(rl.amount),
                "subtotal_set": money_set(rl.amount, currency),
                "restock_type": "return" if refund.restock else "no_restock",
            }
            for rl in refund.lines
        ],
        "transactions": [
            {
                "kind": "refund",
                "status": "success",
                "gateway": gateway,
                "amount": money(refund.amount),
                "currency": currency,
            }
        ],
        "order_adjustments": [],
    }


def transactions_to_wire(order: Order, oid: int) -> list[Json]:
    """The ``/orders/{id}/transactions.json`` view of the payments (gift cards included)."""
    return [
        {
            "id": oid * 100 + index + 1,
            "order_id": oid,
            "kind": "sale",
            "status": "success",
            "gateway": p.gateway,
            "amount": money(p.amount),
            "currency": order.currency,
            "authorization": p.reference,
            "created_at": timestamp(order.created_at),
            "test": False,
        }
        for index, p in enumerate(order.payments)
    ]


def needs_transactions(data: WireOrder) -> bool:
    """A split payment (a gift card and a card, say): only the transactions say how much each paid."""
    return len(data.payment_gateway_names or []) > 1


def payments_from_transactions(transactions: Iterable[Json]) -> list[Payment]:
    return [
        Payment(
            gateway=t.get("gateway") or "",
            kind=_PAYMENT_KIND.get(t.get("gateway") or "", "card"),
            amount=money_or_zero(t.get("amount")),
            reference=t.get("authorization"),
        )
        for t in transactions
        if t.get("kind") in ("sale", "capture") and t.get("status") == "success"
    ]


def order_from_wire(
    data: WireOrder, rates: RateIds | None = None, transactions: Iterable[Json] | None = None
) -> Order:
    """The canonical order; ``transactions`` (``/orders/{id}/transactions``) give split payments their amounts."""
    status, financial = status_from_wire(data)
    lines: list[OrderLine] = []
    fees: list[FeeLine] = []
    for item in data.line_items or []:
        if is_fee(item):
            props = {p.name: p.value for p in item.properties or []}
            fees.append(
                FeeLine(
                    name=item.title or "",
                    amount=money_or_zero(item.price),
                    source=props.get(FEE_SOURCE_PROPERTY),
                    taxable=bool(item.taxable),
                    taxes=taxes_from_wire(item.tax_lines or [], rates),
                )
            )
            continue
        lines.append(
            OrderLine(
                id=str(item.id),
                product_id=ref(item.product_id),
                variant_id=ref(item.variant_id),
                sku=shared(item.sku or None),
                title=shared(item.title or ""),
                quantity=int(item.quantity or 0),
                unit_price=money_or_zero(item.price),
                discount=money_or_zero(item.total_discount),
                taxable=item.taxable is msgspec.UNSET or bool(item.taxable),
                taxes=taxes_from_wire(item.tax_lines or [], rates),
            )
        )
    total = money_or_zero(data.total_price)
    gateways = data.payment_gateway_names or []
    if transactions is not None:
        payments = payments_from_transactions(transactions)
    else:
        payments = [
            Payment(gateway=shared(g), kind=_PAYMENT_KIND.get(g, "card"), amount=total if len(gateways) == 1 else ZERO)
            for g in gateways
        ]
    customer = data.customer
    shipping_lines = [
        ShippingLine(
            title=shared(s.title or ""),
            price=money_or_zero(s.price),
            taxes=taxes_from_wire(s.tax_lines or [], rates),
        )
        for s in data.shipping_lines or []
    ]
    return Order(
        id=str(data.id),
        number=data.name or "",
        created_at=required_timestamp(data.created_at),
        updated_at=parse_timestamp(data.updated_at),
        status=status,
        platform_status=financial,
        currency=shared(data.currency or "USD"),
        taxes_included=bool(data.taxes_included),
        customer_id=ref(customer.id) if customer else None,
        email=shared(data.email),
        billing=address_from_wire(data.billing_address),
        shipping_address=address_from_wire(data.shipping_address),
        lines=lines,
        shipping_lines=shipping_lines,
        fee_lines=fees,
        discounts=[discount_from_wire(d) for d in data.discount_applications or []],
        tax_lines=order_tax_lines(data, rates, shipping_lines),
        payments=payments,
        refunds=[refund_from_wire(r) for r in data.refunds or []],
        total=total,
        total_tax=money_or_zero(data.total_tax),
        custom_fields={a.name: str(a.value or "") for a in data.note_attributes or []},
    )


def order_tax_lines(
    data: WireOrder, rates: RateIds | None, shipping_lines: Iterable[ShippingLine] | None = None
) -> list[TaxLine]:
    """Order tax summary; the shipping share of each rate is what the shipping lines were taxed at it
    (``shipping_lines``: the order's, already read from ``data``, so their taxes are not parsed twice)."""
    shipping: dict[tuple[str, Decimal], Decimal] = {}
    if shipping_lines is None:
        taxed = [taxes_from_wire(line.tax_lines or []) for line in data.shipping_lines or []]
    else:
        taxed = [line.taxes for line in shipping_lines]
    for taxes in taxed:
        for t in taxes:
            shipping[(t.name, t.rate)] = shipping.get((t.name, t.rate), ZERO) + t.amount
    out = []
    for t in taxes_from_wire(data.tax_lines or [], rates):
        known = (rates or {}).get((t.name, t.rate))
        out.append(
            TaxLine(
                rate_id=t.rate_id,
                name=t.name,
                rate=t.rate,
                amount=t.amount,
                shipping_amount=shipping.get((t.name, t.rate), ZERO),
                jurisdiction=known.jurisdiction if known else None,
            )
        )
    return out


def discount_from_wire(data: WireDiscountApplication) -> Discount:
    kind = _DISCOUNT_KIND.get(data.type or "", "manual")
    code = data.code if kind == "coupon" else data.title
    return Discount(kind=kind, code=shared(code), amount=money_or_zero(data.value), source=shared(data.description))


def refund_from_wire(data: WireRefund) -> Refund:
    amount = sum((money_or_zero(t.amount) for t in data.transactions or []), ZERO)
    return Refund(
        id=str(data.id),
        created_at=required_timestamp(data.created_at),
        amount=amount,
        reason=data.note,
        restock=bool(data.restock),
        lines=[
            RefundLine(
                line_id=str(rl.line_item_id),
                quantity=int(rl.quantity or 0),
                amount=money_or_zero(rl.subtotal),
            )
            for rl in data.refund_line_items or []
        ],
    )


def export_order(
    order: Order, ids: IdMaps, customers: Mapping[str, Customer] | None = None, rates: RateIds | None = None
) -> tuple[Json, list[Json]]:
    """Wire form plus metafields (only the remainder: custom fields travel as note attributes)."""
    data = order_to_wire(order, ids, customers)
    read = as_order(data)
    transactions = transactions_to_wire(order, data["id"]) if needs_transactions(read) else None
    patch = remainder(order, unshared(lambda: order_from_wire(read, rates, transactions)))
    return data, [remainder_metafield(patch)] if patch else []


# -- the shop ---------------------------------------------------------------------------------------------


def shop_to_wire(store: Store, host: str) -> Json:
    return {
        "id": 1,
        "name": store.name,
        "domain": store.domain,
        "myshopify_domain": host,
        "currency": store.currency,
        "country_code": store.country,
        "country": store.country,
        "taxes_included": store.tax.prices_include_tax,
        "tax_shipping": None,
        "iana_timezone": "UTC",
        "plan_name": "shopify_plus",
        "enabled_presentment_currencies": [store.currency],
    }


def location_to_wire(location: Location, ids: IdMaps) -> Json:
    lid = ids.locations[location.id]
    return {
        "id": lid,
        "name": location.name,
        "active": True,
        "legacy": False,
        "admin_graphql_api_id": gid("Location", lid),
    }


def store_header(store: Store) -> Store:
    """The store without its record lists: what the shop resource and shop metafields carry."""
    return Store(
        platform=store.platform,
        name=store.name,
        domain=store.domain,
        currency=store.currency,
        country=store.country,
        locations=store.locations,
        tax=store.tax,
        extensions=store.extensions,
        custom_fields=store.custom_fields,
    )


def store_header_from_wire(shop: Json, locations: Iterable[Json]) -> Store:
    return Store(
        platform="shopify",
        name=shop.get("name") or "Store",
        domain=shop.get("domain"),
        currency=shop.get("currency") or "USD",
        country=shop.get("country_code") or "US",
        locations=[Location(id=str(loc["id"]), name=loc.get("name") or "") for loc in locations],
        tax=TaxSettings(prices_include_tax=bool(shop.get("taxes_included"))),
    )


def export_shop(store: Store, ids: IdMaps, host: str) -> tuple[Json, list[Json], list[Json]]:
    """Shop resource, locations and the shop metafields (the remainder of the store header)."""
    shop = shop_to_wire(store, host)
    locations = [location_to_wire(loc, ids) for loc in store.locations]
    header = store_header(store)
    patch = remainder(header, store_header_from_wire(shop, locations))
    return shop, locations, [remainder_metafield(patch)] if patch else []


RECORD_ORDER_KEY = "record_order"


def record_order_metafield(store: Store, ids: IdMaps) -> Json | None:
    """The canonical order of the record lists, kept only when it is not ascending wire-id order.

    Shopify lists by id; a store whose lists are in another order (a recording,
    a shuffled test store) would otherwise come back sorted.
    """
    order: dict[str, list[int]] = {}
    for name, records, mapping in (
        ("products", store.products, ids.products),
        ("customers", store.customers, ids.customers),
        ("orders", store.orders, ids.orders),
    ):
        wire = [mapping[r.id] for r in records]
        if any(a > b for a, b in itertools.pairwise(wire)):
            order[name] = wire
    if not order:
        return None
    return {
        "namespace": SANDBOX_NAMESPACE,
        "key": RECORD_ORDER_KEY,
        "value": orjson.dumps(order).decode(),
        "type": "json",
    }


def record_order_from(metafields: Iterable[Json]) -> dict[str, list[int]]:
    for m in metafields:
        if m.get("namespace") == SANDBOX_NAMESPACE and m.get("key") == RECORD_ORDER_KEY:
            value: dict[str, list[int]] = orjson.loads(m["value"])
            return value
    return {}


def required_timestamp(value: Any) -> datetime:
    """Orders and refunds always have a creation time; a missing one reads as the epoch."""
    return parse_timestamp(value) or EPOCH
