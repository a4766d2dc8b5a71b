"""Canonical Store <-> WooCommerce REST v3 shapes (store-apis.md §2.3-§2.6).

Native homes:

* a product with one option-less variant is a ``simple`` product carrying
  that variant's SKU, prices and stock; anything else is ``variable`` with
  ``attributes`` and one ``variation`` per variant (its own SKU and stock);
  a compare-at price is Woo's ``regular_price`` with ``price`` as the
  ``sale_price``; cost is the ``_wc_cog_cost`` meta (Cost of Goods plugin);
  the barcode is ``global_unique_id``; vendor and product type are the first
  brand and category; stock is one number (Woo has no locations), read back
  at the store's first location;
* customer -> ``billing`` (first address, company, phone) and ``shipping``
  (second address);
* order -> status word, ``customer_id`` 0 for guests, zone-less dates with
  ``_gmt`` twins, ``line_items`` (``price`` a number, ``subtotal``/``total``
  around the line discount, ``taxes`` by rate id), ``tax_lines``,
  ``shipping_lines``, ``fee_lines`` (source in ``_fee_source`` meta),
  ``coupon_lines``, one payment in ``payment_method``/``transaction_id``;
* custom fields -> ``meta_data`` entries with public keys; tax rates -> ``/taxes``.

Whatever has no native home (a second stock location, a non-coupon discount,
a split payment, a simple product's variant id, …) is measured as a
remainder (harness.platforms.remainder) and kept in the hidden
``_sync_sandbox_remainder`` meta entry of the record — hidden ``_`` meta is
how WordPress plugins keep their own data. The shop-level remainder sits in
the sandbox's own settings group. The round trip is lossless by construction.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

import orjson

from harness.model.common import ZERO
from harness.model.store import (
    Address,
    Customer,
    Discount,
    FeeLine,
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
from harness.platforms.woocommerce.formats import (
    blank_to_none,
    local_and_gmt,
    money,
    none_to_blank,
    parse_gmt,
    rate_text,
)

Json = dict[str, Any]

REMAINDER_META = "_sync_sandbox_remainder"
COST_META = "_wc_cog_cost"
FEE_SOURCE_META = "_fee_source"
COUPON_SOURCE_META = "_coupon_source"
RESTOCK_META = "_restock_refunded_items"
DEFAULT_LOCATION = "default"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

_STATUS_WORD: dict[OrderStatus, str] = {
    "pending": "pending",
    "processing": "processing",
    "on_hold": "on-hold",
    "completed": "completed",
    "cancelled": "cancelled",
    "refunded": "refunded",
    "failed": "failed",
}
_STATUS_FROM_WORD: dict[str, OrderStatus] = {v: k for k, v in _STATUS_WORD.items()}
_PRODUCT_STATUS = {"active": "publish", "draft": "draft", "archived": "private"}
_PRODUCT_STATUS_BACK: dict[str, Any] = {
    "publish": "active",
    "draft": "draft",
    "pending": "draft",
    "private": "archived",
}


# -- ids and context ------------------------------------------------------------------------------------


@dataclass
class WooIds:
    """Canonical string id -> WordPress integer id per resource (harness.platforms.ids).

    Products and variations share WordPress' post ids, so variations are
    allocated around the product ids.
    """

    products: dict[str, int] = field(default_factory=dict)
    variations: dict[str, int] = field(default_factory=dict)
    customers: dict[str, int] = field(default_factory=dict)
    orders: dict[str, int] = field(default_factory=dict)
    rates: dict[str, int] = field(default_factory=dict)

    @classmethod
    def for_store(cls, store: Store) -> WooIds:
        product_ids = [p.id for p in store.products]
        products = dict(zip(product_ids, allocate_ids(product_ids), strict=True))
        variant_ids = [v.id for p in store.products if not is_simple(p) for v in p.variants]
        variations = dict(zip(variant_ids, allocate_ids(variant_ids, taken=products.values()), strict=True))
        customer_ids = [c.id for c in store.customers]
        order_ids = [o.id for o in store.orders]
        return cls(
            products=products,
            variations=variations,
            customers=dict(zip(customer_ids, allocate_ids(customer_ids), strict=True)),
            orders=dict(zip(order_ids, allocate_ids(order_ids), strict=True)),
            rates=rate_ids(store.tax.rates),
        )


def rate_ids(rates: Iterable[TaxRate]) -> dict[str, int]:
    """Canonical tax rate id -> Woo rate id; both the endpoint and the reader derive it from the rate table."""
    ids = [r.id for r in rates]
    return dict(zip(ids, allocate_ids(ids), strict=True))


@dataclass
class WooContext:
    """Site facts the mapping needs: the site's UTC offset, the stock location, the rate table."""

    offset: timedelta = timedelta(0)
    location: str = DEFAULT_LOCATION
    rates: Mapping[str, TaxRate] = field(default_factory=dict)
    rate_ids: Mapping[str, int] = field(default_factory=dict)
    #: wire product id -> the canonical variant id of that simple product
    simple_variants: Mapping[str, str] = field(default_factory=dict)
    next_meta: Callable[[], int] = field(default_factory=lambda: _counter(1))
    _by_wire: dict[int, str] | None = field(default=None, repr=False)

    def rate(self, rate_id: str | None) -> TaxRate | None:
        return self.rates.get(rate_id) if rate_id is not None else None

    def canonical_rate_id(self, wire_id: Any) -> str | None:
        """A Woo rate id back to the store's own rate id (the inverse of ``rate_ids``)."""
        if self._by_wire is None:
            self._by_wire = {v: k for k, v in self.rate_ids.items()}
        found = self._by_wire.get(wire_id) if isinstance(wire_id, int) else None
        return found if found is not None else ref(wire_id)

    @classmethod
    def for_store(cls, store: Store, ids: WooIds, offset: timedelta = timedelta(0)) -> WooContext:
        return cls(
            offset=offset,
            location=store.locations[0].id if store.locations else DEFAULT_LOCATION,
            rates={r.id: r for r in store.tax.rates},
            rate_ids=ids.rates,
            simple_variants={str(ids.products[p.id]): p.variants[0].id for p in store.products if is_simple(p)},
        )


def rate_code(rate: TaxRate | None, name: str) -> str:
    """Woo's ``rate_code``, e.g. ``US-CA-CA STATE TAX-1``."""
    parts = (rate.country if rate else None, rate.region if rate else None, name.upper(), "1")
    return "-".join(p for p in parts if p)


def _counter(start: int) -> Callable[[], int]:
    state = [start - 1]

    def next_id() -> int:
        state[0] += 1
        return state[0]

    return next_id


def is_simple(product: Product) -> bool:
    return len(product.variants) == 1 and not product.options and not product.variants[0].options


def wire_ref(canonical: str | None, mapping: Mapping[str, int] | None = None) -> int | str:
    """A reference as Woo writes it: the integer id, 0 for none; an unknown non-numeric id stays text."""
    if canonical is None:
        return 0
    if mapping is not None and canonical in mapping:
        return mapping[canonical]
    if canonical.isascii() and canonical.isdigit() and canonical[:1] != "0":
        return int(canonical)
    return canonical


def ref(value: Any) -> str | None:
    return None if value in (None, 0, "") else str(value)


# -- meta_data ---------------------------------------------------------------------------------------------


def meta(ctx: WooContext, key: str, value: Any) -> Json:
    return {"id": ctx.next_meta(), "key": key, "value": value}


def custom_meta(ctx: WooContext, custom_fields: Mapping[str, str]) -> list[Json]:
    return [meta(ctx, k, v) for k, v in custom_fields.items()]


def custom_fields_from(meta_data: Iterable[Json]) -> dict[str, str]:
    """Public meta (keys not starting with ``_``) are the custom fields; hidden meta belongs to plugins."""
    return {m["key"]: str(m["value"]) for m in meta_data if not str(m.get("key", "")).startswith("_")}


def meta_value(meta_data: Iterable[Json], key: str) -> Any:
    for m in meta_data:
        if m.get("key") == key:
            return m.get("value")
    return None


def remainder_from(meta_data: Iterable[Json]) -> Remainder | None:
    raw = meta_value(meta_data, REMAINDER_META)
    if raw is None:
        return None
    value: Remainder = orjson.loads(raw)
    return value


def attach_remainder(record: Json, patch: Remainder, ctx: WooContext) -> None:
    if patch:
        record["meta_data"].append(meta(ctx, REMAINDER_META, orjson.dumps(patch).decode("utf-8")))


# -- addresses ------------------------------------------------------------------------------------------------

_ADDRESS_FIELDS = ("first_name", "last_name", "address_1", "address_2", "city", "state", "postcode", "country")


def address_to_wire(address: Address | None, *, company: str | None = None) -> Json:
    a = address or Address()
    return {
        "first_name": none_to_blank(a.first_name),
        "last_name": none_to_blank(a.last_name),
        "company": none_to_blank(a.company if address is not None else company),
        "address_1": none_to_blank(a.line1),
        "address_2": none_to_blank(a.line2),
        "city": none_to_blank(a.city),
        "state": none_to_blank(a.region),
        "postcode": none_to_blank(a.postal_code),
        "country": none_to_blank(a.country),
        "phone": none_to_blank(a.phone),
    }


def address_from_wire(data: Json | None) -> Address | None:
    """None when no address part is filled in (company, email and phone alone do not make an address)."""
    if not data or not any(data.get(k) for k in _ADDRESS_FIELDS):
        return None
    return Address(
        first_name=blank_to_none(data.get("first_name")),
        last_name=blank_to_none(data.get("last_name")),
        company=blank_to_none(data.get("company")),
        line1=blank_to_none(data.get("address_1")),
        line2=blank_to_none(data.get("address_2")),
        city=blank_to_none(data.get("city")),
        region=blank_to_none(data.get("state")),
        postal_code=blank_to_none(data.get("postcode")),
        country=blank_to_none(data.get("country")),
        phone=blank_to_none(data.get("phone")),
    )


def dates(prefix: str, value: Any, ctx: WooContext) -> Json:
    local, gmt = local_and_gmt(value, ctx.offset)
    return {f"date_{prefix}": local, f"date_{prefix}_gmt": gmt}


# -- products -------------------------------------------------------------------------------------------------


def _stock(variant: Variant) -> Json:
    quantity = variant.quantity if variant.quantities else None
    managed = variant.inventory_tracked
    in_stock = not managed or (quantity or 0) > 0
    return {
        "manage_stock": managed,
        "stock_quantity": quantity if managed else None,
        "stock_status": "instock" if in_stock else "outofstock",
        "backorders": "no",
        "backorders_allowed": False,
        "backordered": False,
    }


def _prices(variant: Variant) -> Json:
    on_sale = variant.compare_at_price is not None
    return {
        "price": money(variant.price),
        "regular_price": money(variant.compare_at_price if on_sale else variant.price),
        "sale_price": money(variant.price) if on_sale else "",
        "on_sale": on_sale,
    }


def _sellable(variant: Variant, ctx: WooContext) -> Json:
    """The fields a simple product and a variation share."""
    meta_data = [meta(ctx, COST_META, money(variant.cost))] if variant.cost is not None else []
    return {
        "sku": none_to_blank(variant.sku),
        **_prices(variant),
        "tax_status": "taxable" if variant.taxable else "none",
        "tax_class": none_to_blank(variant.tax_class),
        **_stock(variant),
        "weight": "" if variant.weight_grams is None else str((Decimal(variant.weight_grams) / 1000).normalize()),
        "dimensions": {"length": "", "width": "", "height": ""},
        "global_unique_id": none_to_blank(variant.barcode),
        "meta_data": meta_data,
    }


def _slug(text: str) -> str:
    slug = "".join(ch if ch.isalnum() else "-" for ch in text.lower())
    return "-".join(part for part in slug.split("-") if part)


def _term(name: str | None) -> list[Json]:
    if not name:
        return []
    term_id = int(hashlib.blake2s(name.encode(), digest_size=3).hexdigest(), 16)
    return [{"id": term_id, "name": name, "slug": _slug(name)}]


def product_to_wire(product: Product, ids: WooIds, ctx: WooContext, site: str) -> tuple[Json, list[Json]]:
    """The product and its variations (none for a simple product)."""
    pid = ids.products[product.id]
    simple = is_simple(product)
    slug = _slug(product.title) or f"product-{pid}"
    base: Json = {
        "id": pid,
        "name": product.title,
        "slug": slug,
        "permalink": f"{site}/product/{slug}/",
        **dates("created", product.created_at, ctx),
        **dates("modified", product.updated_at, ctx),
        "type": "simple" if simple else "variable",
        "status": _PRODUCT_STATUS[product.status],
        "featured": False,
        "catalog_visibility": "visible",
        "description": none_to_blank(product.description),
        "short_description": "",
        "purchasable": True,
        "total_sales": 0,
        "virtual": False,
        "downloadable": False,
        "parent_id": 0,
        "shipping_class": "",
        "categories": _term(product.product_type),
        "brands": _term(product.vendor),
        "tags": [],
        "images": [],
        "default_attributes": [],
        "grouped_products": [],
        "menu_order": 0,
    }
    variations: list[Json] = []
    if simple:
        base.update(_sellable(product.variants[0], ctx))
        base["attributes"] = []
        base["variations"] = []
    else:
        for index, variant in enumerate(product.variants):
            vid = ids.variations[variant.id]
            variations.append(
                {
                    "id": vid,
                    "type": "variation",
                    "parent_id": pid,
                    "name": variant.title,
                    "description": "",
                    "permalink": f"{site}/product/{slug}/?variation_id={vid}",
                    **dates("created", product.created_at, ctx),
                    **dates("modified", product.updated_at, ctx),
                    "status": "publish",
                    "virtual": False,
                    "downloadable": False,
                    "menu_order": index,
                    **_sellable(variant, ctx),
                    "image": None,
                    "attributes": [
                        {"id": 0, "name": name, "option": variant.options[name]}
                        for name in product.options
                        if name in variant.options
                    ]
                    + [
                        {"id": 0, "name": name, "option": value}
                        for name, value in variant.options.items()
                        if name not in product.options
                    ],
                }
            )
        prices = [v.price for v in product.variants]
        base.update(
            {
                "sku": none_to_blank(product.sku),
                "price": money(min(prices)) if prices else "",
                "regular_price": "",
                "sale_price": "",
                "on_sale": False,
                "tax_status": "taxable",
                "tax_class": "",
                "manage_stock": False,
                "stock_quantity": None,
                "stock_status": "instock",
                "backorders": "no",
                "weight": "",
                "dimensions": {"length": "", "width": "", "height": ""},
                "global_unique_id": "",
                "meta_data": [],
                "attributes": [
                    {
                        "id": 0,
                        "name": name,
                        "position": position,
                        "visible": True,
                        "variation": True,
                        "options": list(dict.fromkeys(v.options[name] for v in product.variants if name in v.options)),
                    }
                    for position, name in enumerate(product.options)
                ],
                "variations": [v["id"] for v in variations],
            }
        )
    base["meta_data"] = base["meta_data"] + custom_meta(ctx, product.custom_fields)
    return base, variations


def variant_from_wire(
    data: Json, variant_id: str, title: str, options: dict[str, str], ctx: WooContext, parent: Json | None = None
) -> Variant:
    """A simple product's or a variation's sellable fields.

    A variation may say ``manage_stock: "parent"`` (its stock is the parent's,
    and ``stock_quantity`` echoes it) and ``tax_class: "parent"`` (store-apis.md
    §2.4); both are resolved against ``parent`` so a real site reads correctly.
    """
    sale = parse_money(data.get("sale_price"))
    regular = parse_money(data.get("regular_price"))
    quantity = data.get("stock_quantity")
    tax_class = data.get("tax_class")
    if tax_class == "parent":
        tax_class = (parent or {}).get("tax_class")
    managed = data.get("manage_stock")
    if managed == "parent":
        managed = (parent or {}).get("manage_stock", True)
        if quantity is None:
            quantity = (parent or {}).get("stock_quantity")
    weight = parse_money(data.get("weight"))
    cost = meta_value(data.get("meta_data") or [], COST_META)
    return Variant(
        id=variant_id,
        sku=blank_to_none(data.get("sku")),
        barcode=blank_to_none(data.get("global_unique_id")),
        title=title,
        options=options,
        price=sale if sale is not None else (regular if regular is not None else ZERO),
        compare_at_price=regular if sale is not None else None,
        cost=parse_money(cost),
        taxable=data.get("tax_status") != "none",
        tax_class=blank_to_none(tax_class),
        inventory_tracked=managed is True,
        quantities={} if quantity is None else {ctx.location: int(quantity)},
        weight_grams=None if weight is None else int(weight * 1000),
    )


def product_from_wire(data: Json, variations: Iterable[Json], ctx: WooContext) -> Product:
    pid = str(data["id"])
    if data.get("type") == "variable":
        options = [a["name"] for a in data.get("attributes") or [] if a.get("variation")]
        variants = [
            variant_from_wire(
                v,
                str(v["id"]),
                v.get("name") or "",
                {a["name"]: a["option"] for a in v.get("attributes") or []},
                ctx,
                parent=data,
            )
            for v in sorted(variations, key=lambda v: v.get("menu_order", 0))
        ]
        sku = blank_to_none(data.get("sku"))
    else:
        options = []
        variants = [variant_from_wire(data, pid, "", {}, ctx)]
        sku = None
    categories = data.get("categories") or []
    brands = data.get("brands") or []
    return Product(
        id=pid,
        title=data.get("name") or "",
        description=blank_to_none(data.get("description")),
        vendor=brands[0]["name"] if brands else None,
        product_type=categories[0]["name"] if categories else None,
        status=_PRODUCT_STATUS_BACK.get(data.get("status") or "", "active"),
        created_at=parse_gmt(data.get("date_created_gmt")),
        updated_at=parse_gmt(data.get("date_modified_gmt")),
        options=options,
        sku=sku,
        variants=variants,
        custom_fields=custom_fields_from(data.get("meta_data") or []),
    )


def export_product(product: Product, ids: WooIds, ctx: WooContext, site: str) -> tuple[Json, list[Json]]:
    data, variations = product_to_wire(product, ids, ctx, site)
    attach_remainder(data, remainder(product, product_from_wire(data, variations, ctx)), ctx)
    return data, variations


# -- customers ---------------------------------------------------------------------------------------------------


def customer_to_wire(customer: Customer, ids: WooIds, ctx: WooContext) -> Json:
    cid = ids.customers[customer.id]
    first = customer.addresses[0] if customer.addresses else None
    billing = address_to_wire(first, company=customer.company)
    billing["email"] = none_to_blank(customer.email)
    if first is None or first.phone is None:
        billing["phone"] = none_to_blank(customer.phone)
    second = customer.addresses[1] if len(customer.addresses) > 1 else None
    email = customer.email or ""
    return {
        "id": cid,
        **dates("created", customer.created_at, ctx),
        **dates("modified", customer.created_at, ctx),
        "email": email,
        "first_name": none_to_blank(customer.first_name),
        "last_name": none_to_blank(customer.last_name),
        "role": "customer",
        "username": email.split("@")[0] if email else f"customer{cid}",
        "billing": billing,
        "shipping": address_to_wire(second),
        "is_paying_customer": False,
        "avatar_url": "",
        "meta_data": custom_meta(ctx, customer.custom_fields),
    }


def customer_from_wire(data: Json) -> Customer:
    billing = data.get("billing") or {}
    addresses = [a for a in (address_from_wire(billing), address_from_wire(data.get("shipping"))) if a is not None]
    return Customer(
        id=str(data["id"]),
        first_name=blank_to_none(data.get("first_name")),
        last_name=blank_to_none(data.get("last_name")),
        company=blank_to_none(billing.get("company")),
        email=blank_to_none(data.get("email")),
        phone=blank_to_none(billing.get("phone")),
        addresses=addresses,
        created_at=parse_gmt(data.get("date_created_gmt")),
        custom_fields=custom_fields_from(data.get("meta_data") or []),
    )


def export_customer(customer: Customer, ids: WooIds, ctx: WooContext) -> Json:
    data = customer_to_wire(customer, ids, ctx)
    attach_remainder(data, remainder(customer, customer_from_wire(data)), ctx)
    return data


# -- orders ---------------------------------------------------------------------------------------------------------

ORDER_STATUSES = frozenset(
    {"pending", "processing", "on-hold", "completed", "cancelled", "refunded", "failed", "trash", "checkout-draft"}
)


def _payment_kind(gateway: str) -> PaymentKind:
    name = gateway.lower()
    if "gift" in name:
        return "gift_card"
    if "wallet" in name or "credit" in name:
        return "store_credit"
    if "paypal" in name or name.startswith("ppcp"):
        return "paypal"
    if name in ("bacs", "cheque"):
        return "bank"
    if name == "cod":
        return "cash"
    if "point" in name or "reward" in name:
        return "reward_points"
    return "card"


def _taxes_to_wire(taxes: Iterable[TaxAmount], ctx: WooContext) -> list[Json]:
    return [
        {"id": wire_ref(t.rate_id, ctx.rate_ids), "total": money(t.amount), "subtotal": money(t.amount)} for t in taxes
    ]


def order_to_wire(order: Order, ids: WooIds, ctx: WooContext) -> Json:
    oid = ids.orders[order.id]
    word = order.platform_status if order.platform_status in ORDER_STATUSES else _STATUS_WORD[order.status]
    billing = address_to_wire(order.billing)
    billing["email"] = none_to_blank(order.email)
    payment = order.payments[0] if order.payments else None
    line_discounts = sum((line.discount for line in order.lines), ZERO)
    shipping_tax = sum((t.amount for s in order.shipping_lines for t in s.taxes), ZERO)
    created = dates("created", order.created_at, ctx)
    line_ids = _counter(oid * 100 + 1)
    data: Json = {
        "id": oid,
        "parent_id": 0,
        "number": order.number,
        "order_key": "wc_order_" + hashlib.blake2s(str(oid).encode(), digest_size=6).hexdigest(),
        "created_via": "checkout",
        "version": "9.4.0",
        "status": word,
        "currency": order.currency,
        **created,
        **dates("modified", order.updated_at, ctx),
        "discount_total": money(sum((d.amount for d in order.discounts), ZERO) + line_discounts),
        "discount_tax": "0.00",
        "shipping_total": money(sum((s.price for s in order.shipping_lines), ZERO)),
        "shipping_tax": money(shipping_tax),
        "cart_tax": money(order.total_tax - shipping_tax),
        "total": money(order.total),
        "total_tax": money(order.total_tax),
        "prices_include_tax": order.taxes_included,
        "customer_id": wire_ref(order.customer_id, ids.customers),
        "customer_ip_address": "",
        "customer_user_agent": "",
        "customer_note": "",
        "billing": billing,
        "shipping": address_to_wire(order.shipping_address),
        "payment_method": payment.gateway if payment else "",
        "payment_method_title": payment.gateway if payment else "",
        "transaction_id": none_to_blank(payment.reference) if payment else "",
        **(dates("paid", order.created_at, ctx) if payment else {"date_paid": None, "date_paid_gmt": None}),
        **(
            dates("completed", order.updated_at or order.created_at, ctx)
            if order.status == "completed"
            else {"date_completed": None, "date_completed_gmt": None}
        ),
        "cart_hash": "",
        "meta_data": custom_meta(ctx, order.custom_fields),
        "line_items": [
            {
                "id": wire_ref(line.id),
                "name": line.title,
                "product_id": wire_ref(line.product_id, ids.products),
                "variation_id": wire_ref(line.variant_id, ids.variations) if line.variant_id in ids.variations else 0,
                "quantity": line.quantity,
                "tax_class": "" if line.taxable else "zero-rate",
                "subtotal": money(line.unit_price * line.quantity),
                "subtotal_tax": money(sum((t.amount for t in line.taxes), ZERO)),
                "total": money(line.subtotal),
                "total_tax": money(sum((t.amount for t in line.taxes), ZERO)),
                "taxes": _taxes_to_wire(line.taxes, ctx),
                "meta_data": [],
                "sku": none_to_blank(line.sku),
                "price": float(line.unit_price),
            }
            for line in order.lines
        ],
        "tax_lines": [
            {
                "id": line_ids(),
                "rate_code": rate_code(ctx.rate(t.rate_id), t.name),
                "rate_id": wire_ref(t.rate_id, ctx.rate_ids),
                "label": t.name,
                "compound": False,
                "tax_total": money(t.amount),
                "shipping_tax_total": money(t.shipping_amount),
                "rate_percent": float(t.rate),
                "meta_data": [],
            }
            for t in order.tax_lines
        ],
        "shipping_lines": [
            {
                "id": line_ids(),
                "method_title": s.title,
                "method_id": _slug(s.title).replace("-", "_") or "flat_rate",
                "instance_id": "",
                "total": money(s.price),
                "total_tax": money(sum((t.amount for t in s.taxes), ZERO)),
                "taxes": _taxes_to_wire(s.taxes, ctx),
                "meta_data": [],
            }
            for s in order.shipping_lines
        ],
        "fee_lines": [
            {
                "id": line_ids(),
                "name": f.name,
                "tax_class": "",
                "tax_status": "taxable" if f.taxable else "none",
                "amount": money(f.amount),
                "total": money(f.amount),
                "total_tax": money(sum((t.amount for t in f.taxes), ZERO)),
                "taxes": _taxes_to_wire(f.taxes, ctx),
                "meta_data": [meta(ctx, FEE_SOURCE_META, f.source)] if f.source is not None else [],
            }
            for f in order.fee_lines
        ],
        "coupon_lines": [
            {
                "id": line_ids(),
                "code": d.code,
                "discount": money(d.amount),
                "discount_tax": "0.00",
                "meta_data": [meta(ctx, COUPON_SOURCE_META, d.source)] if d.source is not None else [],
            }
            for d in order.discounts
            if d.kind == "coupon" and d.code is not None
        ],
        "refunds": [
            {"id": wire_ref(r.id), "reason": none_to_blank(r.reason), "total": money(-r.amount)} for r in order.refunds
        ],
        "set_paid": False,
    }
    return data


def _taxes_from_wire(
    taxes: Iterable[Json], labels: Mapping[Any, tuple[str, Decimal]], ctx: WooContext
) -> list[TaxAmount]:
    out = []
    for t in taxes:
        rate_id = ctx.canonical_rate_id(t.get("id"))
        known = ctx.rate(rate_id)
        name, rate = labels.get(t.get("id")) or ((known.name, known.rate) if known else ("", ZERO))
        out.append(TaxAmount(rate_id=rate_id, name=name, rate=rate, amount=money_or_zero(t.get("total"))))
    return out


def order_from_wire(data: Json, ctx: WooContext, refunds: Iterable[Json] | None = None) -> Order:
    """The canonical order; ``refunds`` (``/orders/{id}/refunds``) give refunds their dates and lines."""
    word = data.get("status") or "pending"
    labels = {
        t.get("rate_id"): (t.get("label") or "", Decimal(repr(float(t.get("rate_percent") or 0))).normalize())
        for t in data.get("tax_lines") or []
    }
    total = money_or_zero(data.get("total"))
    lines = []
    for item in data.get("line_items") or []:
        quantity = int(item.get("quantity") or 0)
        unit = Decimal(repr(float(item.get("price") or 0)))
        subtotal = money_or_zero(item.get("subtotal"))
        if quantity and subtotal == (subtotal / quantity) * quantity:
            unit = subtotal / quantity
        product_id = ref(item.get("product_id"))
        variant_id = ref(item.get("variation_id")) or ctx.simple_variants.get(product_id or "")
        lines.append(
            OrderLine(
                id=str(item["id"]),
                product_id=product_id,
                variant_id=variant_id,
                sku=blank_to_none(item.get("sku")),
                title=item.get("name") or "",
                quantity=quantity,
                unit_price=unit,
                discount=subtotal - money_or_zero(item.get("total")),
                taxable=item.get("tax_class") != "zero-rate",
                taxes=_taxes_from_wire(item.get("taxes") or [], labels, ctx),
            )
        )
    method = data.get("payment_method") or ""
    customer = data.get("customer_id")
    return Order(
        id=str(data["id"]),
        number=str(data.get("number") or ""),
        created_at=parse_gmt(data.get("date_created_gmt")) or EPOCH,
        updated_at=parse_gmt(data.get("date_modified_gmt")),
        status=_STATUS_FROM_WORD.get(word, "pending"),
        platform_status=word,
        currency=data.get("currency") or "USD",
        taxes_included=bool(data.get("prices_include_tax")),
        customer_id=ref(customer),
        email=blank_to_none((data.get("billing") or {}).get("email")),
        billing=address_from_wire(data.get("billing")),
        shipping_address=address_from_wire(data.get("shipping")),
        lines=lines,
        shipping_lines=[
            ShippingLine(
                title=s.get("method_title") or "",
                price=money_or_zero(s.get("total")),
                taxes=_taxes_from_wire(s.get("taxes") or [], labels, ctx),
            )
            for s in data.get("shipping_lines") or []
        ],
        fee_lines=[
            FeeLine(
                name=f.get("name") or "",
                amount=money_or_zero(f.get("total")),
                source=meta_value(f.get("meta_data") or [], FEE_SOURCE_META),
                taxable=f.get("tax_status") == "taxable",
                taxes=_taxes_from_wire(f.get("taxes") or [], labels, ctx),
            )
            for f in data.get("fee_lines") or []
        ],
        discounts=[
            Discount(
                kind="coupon",
                code=c.get("code"),
                amount=money_or_zero(c.get("discount")),
                source=meta_value(c.get("meta_data") or [], COUPON_SOURCE_META),
            )
            for c in data.get("coupon_lines") or []
        ],
        tax_lines=[
            TaxLine(
                rate_id=(rate_id := ctx.canonical_rate_id(t.get("rate_id"))),
                name=t.get("label") or "",
                rate=labels[t.get("rate_id")][1],
                amount=money_or_zero(t.get("tax_total")),
                shipping_amount=money_or_zero(t.get("shipping_tax_total")),
                jurisdiction=known.jurisdiction if (known := ctx.rate(rate_id)) else None,
            )
            for t in data.get("tax_lines") or []
        ],
        payments=(
            [
                Payment(
                    gateway=method,
                    kind=_payment_kind(method),
                    amount=total,
                    reference=blank_to_none(data.get("transaction_id")),
                )
            ]
            if method
            else []
        ),
        refunds=(
            [refund_from_wire(r) for r in refunds]
            if refunds is not None
            else [
                Refund(
                    id=str(r["id"]),
                    created_at=parse_gmt(data.get("date_modified_gmt")) or EPOCH,
                    amount=-money_or_zero(r.get("total")),
                    reason=blank_to_none(r.get("reason")),
                )
                for r in data.get("refunds") or []
            ]
        ),
        total=total,
        total_tax=money_or_zero(data.get("total_tax")),
        custom_fields=custom_fields_from(data.get("meta_data") or []),
    )


def refunds_to_wire(order: Order, data: Json, ctx: WooContext) -> list[Json]:
    """The ``/orders/{id}/refunds`` objects: amounts positive, refunded line quantities and totals negative."""
    items = {str(li["id"]): li for li in data.get("line_items") or []}
    out = []
    for refund in order.refunds:
        lines = []
        for index, line in enumerate(refund.lines):
            item = items.get(line.line_id, {})
            lines.append(
                {
                    "id": int(data["id"]) * 1000 + 500 + index,
                    "name": item.get("name", ""),
                    "product_id": item.get("product_id", 0),
                    "variation_id": item.get("variation_id", 0),
                    "quantity": -line.quantity,
                    "tax_class": "",
                    "subtotal": money(-line.amount),
                    "subtotal_tax": "0.00",
                    "total": money(-line.amount),
                    "total_tax": "0.00",
                    "taxes": [],
                    "meta_data": [meta(ctx, "_refunded_item_id", line.line_id)],
                    "sku": item.get("sku", ""),
                    "price": float(-line.amount / line.quantity) if line.quantity else 0.0,
                }
            )
        out.append(
            {
                "id": wire_ref(refund.id),
                **dates("created", refund.created_at, ctx),
                "amount": money(refund.amount),
                "reason": none_to_blank(refund.reason),
                "refunded_by": 1,
                "refunded_payment": False,
                "meta_data": [meta(ctx, RESTOCK_META, "yes")] if refund.restock else [],
                "line_items": lines,
            }
        )
    return out


def refund_from_wire(data: Json) -> Refund:
    return Refund(
        id=str(data["id"]),
        created_at=parse_gmt(data.get("date_created_gmt")) or EPOCH,
        amount=money_or_zero(data.get("amount")),
        reason=blank_to_none(data.get("reason")),
        restock=meta_value(data.get("meta_data") or [], RESTOCK_META) == "yes",
        lines=[
            RefundLine(
                line_id=str(meta_value(li.get("meta_data") or [], "_refunded_item_id") or ""),
                quantity=-int(li.get("quantity") or 0),
                amount=-money_or_zero(li.get("total")),
            )
            for li in data.get("line_items") or []
        ],
    )


def export_order(order: Order, ids: WooIds, ctx: WooContext) -> tuple[Json, list[Json]]:
    """Wire form (remainder in hidden meta) and the order's refund objects."""
    data = order_to_wire(order, ids, ctx)
    refunds = refunds_to_wire(order, data, ctx)
    attach_remainder(data, remainder(order, order_from_wire(data, ctx, refunds if refunds else None)), ctx)
    return data, refunds


# -- the site: index, settings, tax rates --------------------------------------------------------------------------


def tax_rate_to_wire(rate: TaxRate, wire_id: int, order: int) -> Json:
    return {
        "id": wire_id,
        "country": none_to_blank(rate.country),
        "state": none_to_blank(rate.region),
        "postcode": "",
        "city": "",
        "postcodes": [],
        "cities": [],
        "rate": rate_text(rate.rate),
        "name": rate.name,
        "priority": 1,
        "compound": rate.compound,
        "shipping": rate.shipping,
        "order": order,
        "class": rate.tax_class or "standard",
    }


def tax_rate_from_wire(data: Json) -> TaxRate:
    tax_class = data.get("class") or "standard"
    return TaxRate(
        id=str(data["id"]),
        name=data.get("name") or "",
        rate=Decimal(str(data.get("rate") or "0")).normalize(),
        country=blank_to_none(data.get("country")),
        region=blank_to_none(data.get("state")),
        tax_class=None if tax_class == "standard" else tax_class,
        shipping=bool(data.get("shipping")),
        compound=bool(data.get("compound")),
    )


def setting(setting_id: str, label: str, value: Any) -> Json:
    return {"id": setting_id, "label": label, "description": "", "type": "text", "default": "", "value": value}


@dataclass
class Site:
    """What ``/wp-json/``, ``/settings/general``, ``/settings/tax`` and ``/taxes`` say about the store."""

    index: Json
    general: list[Json]
    tax: list[Json]
    rates: list[Json]
    sandbox: list[Json]


def site_to_wire(store: Store, home: str, offset: timedelta) -> Site:
    country = store.country
    index = {
        "name": store.name,
        "description": "",
        "url": f"https://{store.domain}" if store.domain else home,
        "home": f"https://{store.domain}" if store.domain else home,
        "gmt_offset": offset.total_seconds() / 3600,
        "timezone_string": "",
        "namespaces": ["wc/v3", "wc/store/v1", "wp/v2"],
    }
    general = [
        setting("woocommerce_default_country", "Country and state", country),
        setting("woocommerce_currency", "Currency", store.currency),
        setting("woocommerce_calc_taxes", "Enable taxes", "yes" if store.tax.enabled else "no"),
    ]
    tax = [
        setting(
            "woocommerce_prices_include_tax", "Prices entered with tax", "yes" if store.tax.prices_include_tax else "no"
        ),
        setting("woocommerce_tax_round_at_subtotal", "Rounding", "yes" if store.tax.rounding == "subtotal" else "no"),
    ]
    wire_ids = rate_ids(store.tax.rates)
    rates = [tax_rate_to_wire(r, wire_ids[r.id], i) for i, r in enumerate(store.tax.rates)]
    return Site(index, general, tax, rates, [])


def _setting_value(items: Iterable[Json], setting_id: str) -> Any:
    for item in items:
        if item.get("id") == setting_id:
            return item.get("value")
    return None


def site_from_wire(site: Site) -> Store:
    home = site.index.get("home") or ""
    country = str(_setting_value(site.general, "woocommerce_default_country") or "US").split(":")[0]
    return Store(
        platform="woocommerce",
        name=site.index.get("name") or "Store",
        domain=urlsplit(home).hostname if home else None,
        currency=_setting_value(site.general, "woocommerce_currency") or "USD",
        country=country,
        tax=TaxSettings(
            enabled=_setting_value(site.general, "woocommerce_calc_taxes") != "no",
            prices_include_tax=_setting_value(site.tax, "woocommerce_prices_include_tax") == "yes",
            rounding="subtotal" if _setting_value(site.tax, "woocommerce_tax_round_at_subtotal") == "yes" else "line",
            rates=[tax_rate_from_wire(r) for r in sorted(site.rates, key=lambda r: r["id"])],
        ),
    )


def store_header(store: Store) -> Store:
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


def export_site(store: Store, home: str, offset: timedelta) -> Site:
    """The site's own resources plus the sandbox settings group holding the header's remainder."""
    site = site_to_wire(store, home, offset)
    patch = remainder(store_header(store), site_from_wire(site))
    if patch:
        site.sandbox.append(setting("remainder", "Sync sandbox remainder", orjson.dumps(patch).decode("utf-8")))
    return site


def header_remainder(sandbox: Iterable[Json]) -> Remainder | None:
    raw = _setting_value(sandbox, "remainder")
    if raw is None:
        return None
    value: Remainder = orjson.loads(raw)
    return value


def record_order(store: Store, ids: WooIds) -> Json | None:
    """The canonical order of the record lists when it is not ascending wire-id order (the reader sorts by id)."""
    order: dict[str, list[int]] = {}
    for name, records, mapping in (
        ("products", store.products, ids.products),
        ("customers", store.customers, ids.customers),
        ("orders", store.orders, ids.orders),
    ):
        wire = [mapping[r.id] for r in records]
        if any(a > b for a, b in itertools.pairwise(wire)):
            order[name] = wire
    return setting("record_order", "Sync sandbox record order", orjson.dumps(order).decode()) if order else None


def record_order_from(sandbox: Iterable[Json]) -> dict[str, list[int]]:
    raw = _setting_value(sandbox, "record_order")
    if raw is None:
        return {}
    value: dict[str, list[int]] = orjson.loads(raw)
    return value
