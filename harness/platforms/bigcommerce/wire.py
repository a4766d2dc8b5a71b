"""Canonical Store <-> everything a BigCommerce store serves, as one :class:`Catalogue`.

The endpoint serves a Catalogue built by :func:`store_to_wire`; the engine-side
client reads the same pieces over HTTP into a Catalogue and calls
:func:`store_from_wire`. Records map to BigCommerce's own fields first
(``wire_catalog``, ``wire_customers``, ``wire_orders``); what those cannot
carry is measured (``harness.platforms.remainder``) and kept in a metafield
in namespace ``sync_sandbox`` on the product, customer or order, and on
channel 1 for store-level settings (BigCommerce metafields are the place for
app data, store-apis.md §5.2 "Metafields"). So a round trip is lossless, and a
client that ignores our namespace sees an ordinary BigCommerce store.

The one projection: ``Store.platform`` reads back as ``"bigcommerce"``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import msgspec

from harness.model.common import replace
from harness.model.store import Location, Order, Product, Store
from harness.platforms.bigcommerce.formats import country_name
from harness.platforms.bigcommerce.wire_catalog import (
    LookupBuilder,
    Lookups,
    inventory_item,
    option_keys,
    product_from_wire,
    product_to_wire,
    stock_from_items,
)
from harness.platforms.bigcommerce.wire_customers import customer_from_wire, customer_to_wire
from harness.platforms.bigcommerce.wire_orders import OrderIds, WireOrder, order_from_wire, order_to_wire
from harness.platforms.ids import allocate_ids
from harness.platforms.remainder import Remainder, apply_remainder, remainder

REMAINDER_NAMESPACE = "sync_sandbox"
REMAINDER_KEY = "remainder"
#: canonical order custom fields: BigCommerce orders have no custom fields, but they have metafields
ORDER_FIELDS_NAMESPACE = "custom_fields"
METAFIELD_DATE = "2026-01-01T00:00:00+00:00"
DEFAULT_LOCATION = "default"


@dataclass
class Catalogue:
    """The wire state of one BigCommerce store (what the endpoint serves, what the client reads)."""

    store: dict[str, Any]
    locations: list[dict[str, Any]] = field(default_factory=list)
    tax_classes: list[dict[str, Any]] = field(default_factory=list)
    brands: list[dict[str, Any]] = field(default_factory=list)
    categories: list[dict[str, Any]] = field(default_factory=list)
    products: list[dict[str, Any]] = field(default_factory=list)
    #: stock per variant and location (``/v3/inventory/items``)
    inventory_items: list[dict[str, Any]] = field(default_factory=list)
    customers: list[dict[str, Any]] = field(default_factory=list)
    orders: list[WireOrder] = field(default_factory=list)
    #: every metafield; ``resource_type`` is product, customer, order or channel
    metafields: list[dict[str, Any]] = field(default_factory=list)

    def lookups(self) -> Lookups:
        return Lookups(
            tax_classes={int(t["id"]): t["name"] for t in self.tax_classes} or {0: "Default Tax Class"},
            brands={int(b["id"]): b["name"] for b in self.brands},
            categories={int(c["id"]): c["name"] for c in self.categories},
            default_location=self.locations[0]["code"] if self.locations else DEFAULT_LOCATION,
            stock=stock_from_items(self.inventory_items),
        )


def project(store: Store) -> Store:
    """What a BigCommerce store holding ``store`` reads back as."""
    result: Store = replace(store, platform="bigcommerce")
    return result


# -- canonical -> wire ------------------------------------------------------------------------------


def store_to_wire(store: Store, *, store_hash: str = "sandbox") -> Catalogue:
    """Everything BigCommerce would serve for ``store``, with the remainders in metafields."""
    cat = Catalogue(store=_store_info(store, store_hash))
    meta = _Metafields(cat.metafields)
    product_map, variant_map = _catalog_to_wire(store, cat, meta)
    customer_map = _customers_to_wire(store, cat, meta)
    _orders_to_wire(store, cat, meta, _Refs(product_map, variant_map, customer_map))
    bare = replace(store, platform="bigcommerce", products=[], customers=[], orders=[])
    meta.remainder("channel", 1, remainder(bare, _store_from_info(cat)))
    return cat


@dataclass
class _Refs:
    """Canonical id -> wire id for what orders point at."""

    products: dict[str, int]
    variants: dict[str, int]
    customers: dict[str, int]


def _catalog_to_wire(store: Store, cat: Catalogue, meta: _Metafields) -> tuple[dict[str, int], dict[str, int]]:
    # every BigCommerce store has at least its default location (id 1)
    locations = store.locations or [Location(id=DEFAULT_LOCATION, name="Default location")]
    location_ids = allocate_ids([loc.id for loc in locations])
    cat.locations = [_location(loc, lid) for loc, lid in zip(locations, location_ids, strict=True)]
    location_map = {loc.id: lid for loc, lid in zip(locations, location_ids, strict=True)}
    builder = LookupBuilder(Lookups(default_location=store.locations[0].id if store.locations else DEFAULT_LOCATION))
    product_ids = allocate_ids([p.id for p in store.products], start=100)
    variant_ids = allocate_ids([v.id for p in store.products for v in p.variants], start=100)
    next_variant = iter(variant_ids)
    option_seq = 0
    for product, pid in zip(store.products, product_ids, strict=True):
        names, pairs = option_keys(product)
        option_ids = {n: option_seq + i + 1 for i, n in enumerate(names)}
        option_seq += len(names)
        value_ids = {pair: option_seq + i + 1 for i, pair in enumerate(pairs)}
        option_seq += len(pairs)
        vids = [next(next_variant) for _ in product.variants]
        wire = product_to_wire(
            product, product_id=pid, variant_ids=vids, option_ids=option_ids, value_ids=value_ids, builder=builder
        )
        cat.products.append(wire)
        items = [inventory_item(v, w, location_map) for v, w in zip(product.variants, wire["variants"], strict=True)]
        cat.inventory_items.extend(items)
        builder.lookups.stock = stock_from_items(items)
        meta.remainder("product", pid, remainder(product, product_from_wire(wire, builder.lookups)))
    lookups = builder.lookups
    cat.tax_classes = [{"id": i, "name": n} for i, n in sorted(lookups.tax_classes.items())]
    cat.brands = [_brand(i, n) for i, n in lookups.brands.items()]
    cat.categories = [_category(i, n) for i, n in lookups.categories.items()]
    product_map = dict(zip((p.id for p in store.products), product_ids, strict=True))
    variant_map = dict(zip((v.id for p in store.products for v in p.variants), variant_ids, strict=True))
    return product_map, variant_map


def _customers_to_wire(store: Store, cat: Catalogue, meta: _Metafields) -> dict[str, int]:
    customer_ids = allocate_ids([c.id for c in store.customers])
    address_seq = 0
    for customer, cid in zip(store.customers, customer_ids, strict=True):
        address_ids = list(range(address_seq + 1, address_seq + 1 + len(customer.addresses)))
        address_seq += len(customer.addresses)
        wire = customer_to_wire(customer, customer_id=cid, address_ids=address_ids)
        cat.customers.append(wire)
        meta.remainder("customer", cid, remainder(customer, customer_from_wire(wire)))
    return dict(zip((c.id for c in store.customers), customer_ids, strict=True))


def _orders_to_wire(store: Store, cat: Catalogue, meta: _Metafields, refs: _Refs) -> None:
    # BigCommerce's order id is the number customers see, so the number is the preferred wire id
    order_ids = allocate_ids([o.number for o in store.orders], start=100)
    rate_ids = rate_wire_ids(store)
    rates = {rate_ids[r.id]: r for r in store.tax.rates}
    line_ids = iter(allocate_ids([line.id for o in store.orders for line in o.lines]))
    refund_ids = iter(allocate_ids([r.id for o in store.orders for r in o.refunds]))
    ship_seq = row_seq = 0
    for order, oid in zip(store.orders, order_ids, strict=True):
        ships = max(len(order.shipping_lines), 1 if order.shipping_address else 0)
        ids = OrderIds(
            order_id=oid,
            customer_id=_ref(refs.customers, order.customer_id),
            line_ids=[next(line_ids) for _ in order.lines],
            line_products=[
                (_ref(refs.products, ln.product_id), _ref(refs.variants, ln.variant_id)) for ln in order.lines
            ],
            shipping_ids=list(range(ship_seq + 1, ship_seq + 1 + ships)),
            next_row_id=row_seq,
            rate_ids=rate_ids,
            refund_ids=[next(refund_ids) for _ in order.refunds],
        )
        ship_seq += ships
        wire_order = order_to_wire(order, ids)
        row_seq = max([row_seq, *(r["id"] for r in wire_order.taxes + wire_order.coupons)])
        cat.orders.append(wire_order)
        for key, value in order.custom_fields.items():
            meta.add("order", oid, ORDER_FIELDS_NAMESPACE, key, value)
        rebuilt = replace(order_from_wire(wire_order, rates), custom_fields=dict(order.custom_fields))
        meta.remainder("order", oid, remainder(order, rebuilt))


def rate_wire_ids(store: Store) -> dict[str, int]:
    """The store's tax rates numbered for ``tax_rate_id`` (both sides number them the same way)."""
    return dict(zip((r.id for r in store.tax.rates), allocate_ids([r.id for r in store.tax.rates]), strict=True))


def _ref(mapping: dict[str, int], canonical: str | None) -> int:
    if canonical is None:
        return 0
    if canonical in mapping:
        return mapping[canonical]
    return int(canonical) if canonical.isascii() and canonical.isdigit() else 0


def _store_info(store: Store, store_hash: str) -> dict[str, Any]:
    return {
        "id": store_hash,
        "domain": store.domain or "",
        "secure_url": f"https://{store.domain}" if store.domain else "",
        "name": store.name,
        "currency": store.currency,
        "currency_symbol": "$",
        "country": country_name(store.country),
        "country_code": store.country,
        "weight_units": "Grams",
        "dimension_units": "Centimeters",
        "plan_name": "Sandbox",
        "features": {"stencil_enabled": True},
    }


def _location(location: Location, location_id: int) -> dict[str, Any]:
    return {
        "id": location_id,
        "code": location.id,
        "label": location.name,
        "description": "",
        "managed_by_external_source": False,
        "type_id": "PHYSICAL",
        "enabled": True,
        "operating_hours": {},
        "time_zone": "UTC",
        "address": None,
        "storefront_visibility": True,
    }


def _brand(brand_id: int, name: str) -> dict[str, Any]:
    return {"id": brand_id, "name": name, "page_title": name, "meta_keywords": [], "image_url": ""}


def _category(category_id: int, name: str) -> dict[str, Any]:
    return {"id": category_id, "parent_id": 0, "name": name, "is_visible": True, "sort_order": 0}


class _Metafields:
    def __init__(self, out: list[dict[str, Any]]) -> None:
        self.out = out

    def add(self, resource_type: str, resource_id: int, namespace: str, key: str, value: str) -> None:
        self.out.append(
            {
                "id": len(self.out) + 1,
                "key": key,
                "value": value,
                "namespace": namespace,
                "permission_set": "app_only",
                "resource_type": resource_type,
                "resource_id": resource_id,
                "description": "",
                "date_created": METAFIELD_DATE,
                "date_modified": METAFIELD_DATE,
            }
        )

    def remainder(self, resource_type: str, resource_id: int, patch: Remainder) -> None:
        if patch:
            self.add(
                resource_type, resource_id, REMAINDER_NAMESPACE, REMAINDER_KEY, msgspec.json.encode(patch).decode()
            )


# -- wire -> canonical ------------------------------------------------------------------------------


def store_from_wire(cat: Catalogue) -> Store:
    lookups = cat.lookups()
    patches: dict[tuple[str, int], Remainder] = {}
    order_fields: dict[int, dict[str, str]] = defaultdict(dict)
    for mf in cat.metafields:
        key = (mf["resource_type"], int(mf["resource_id"]))
        if mf["namespace"] == REMAINDER_NAMESPACE and mf["key"] == REMAINDER_KEY:
            patches[key] = msgspec.json.decode(mf["value"])
        elif mf["namespace"] == ORDER_FIELDS_NAMESPACE and mf["resource_type"] == "order":
            order_fields[key[1]][mf["key"]] = mf["value"]
    products: list[Product] = [
        apply_remainder(product_from_wire(p, lookups), patches.get(("product", int(p["id"])))) for p in cat.products
    ]
    customers = [apply_remainder(customer_from_wire(c), patches.get(("customer", int(c["id"])))) for c in cat.customers]
    bare = apply_remainder(_store_from_info(cat), patches.get(("channel", 1)))
    rate_ids = rate_wire_ids(bare)
    rates = {rate_ids[r.id]: r for r in bare.tax.rates}
    orders: list[Order] = []
    for wire_order in cat.orders:
        oid = int(wire_order.order["id"])
        order = replace(order_from_wire(wire_order, rates), custom_fields=order_fields.get(oid, {}))
        orders.append(apply_remainder(order, patches.get(("order", oid))))
    result: Store = replace(bare, products=products, customers=customers, orders=orders)
    return result


def _store_from_info(cat: Catalogue) -> Store:
    info = cat.store
    return Store(
        platform="bigcommerce",
        name=info.get("name") or "Store",
        domain=info.get("domain") or None,
        currency=info.get("currency") or "USD",
        country=info.get("country_code") or "US",
        locations=[Location(id=loc["code"], name=loc["label"]) for loc in cat.locations],
    )
