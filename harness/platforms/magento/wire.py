"""Canonical Store <-> everything a Magento 2 store serves over REST, as one :class:`Catalogue`.

The endpoint serves a Catalogue built by :func:`store_to_wire`; the engine's
client reads the same pieces back (``/V1/store/*``, ``/V1/inventory/sources``
and ``source-items``, ``/V1/taxRates/search``, ``/V1/products/attributes``,
``/V1/categories/list``, products, customers, orders) and calls
:func:`store_from_wire`. Records map to Magento's own fields first
(``wire_catalog``, ``wire_customers``, ``wire_orders``). What those cannot
carry is measured (``harness.platforms.remainder``) and kept where Magento
keeps extension data: a ``sync_sandbox_remainder`` custom attribute on
products and customers, an ``extension_attributes`` key on orders and on the
store config (store-apis.md §6.2: "custom order attributes from extensions
also appear under extension_attributes"). A round trip is lossless; a client
that ignores those keys sees an ordinary Magento store.

The one projection: ``Store.platform`` reads back as ``"magento"``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import msgspec

from harness.model.common import replace
from harness.model.store import Location, Order, Product, Store, TaxRate
from harness.platforms.ids import allocate_ids
from harness.platforms.magento.formats import ZERO, compact, from_money, money
from harness.platforms.magento.wire_catalog import (
    REMAINDER_CODE,
    Attributes,
    entity_keys,
    is_configurable,
    product_to_rows,
    products_from_rows,
    source_items,
)
from harness.platforms.magento.wire_customers import customer_from_wire, customer_to_wire
from harness.platforms.magento.wire_orders import (
    REMAINDER_KEY,
    LineProduct,
    OrderIds,
    creditmemo_to_wire,
    order_from_wire,
    order_to_wire,
)
from harness.platforms.remainder import Remainder, apply_remainder, remainder


@dataclass
class Catalogue:
    """The wire state of one Magento store (what the endpoint serves, what the client reads)."""

    store_configs: list[dict[str, Any]] = field(default_factory=list)
    store_groups: list[dict[str, Any]] = field(default_factory=list)
    store_views: list[dict[str, Any]] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)
    source_items: list[dict[str, Any]] = field(default_factory=list)
    tax_rates: list[dict[str, Any]] = field(default_factory=list)
    tax_classes: list[dict[str, Any]] = field(default_factory=list)
    attributes: list[dict[str, Any]] = field(default_factory=list)
    categories: list[dict[str, Any]] = field(default_factory=list)
    products: list[dict[str, Any]] = field(default_factory=list)
    customers: list[dict[str, Any]] = field(default_factory=list)
    orders: list[dict[str, Any]] = field(default_factory=list)
    creditmemos: list[dict[str, Any]] = field(default_factory=list)

    def attribute_tables(self) -> Attributes:
        return Attributes.from_wire(self.attributes, self.categories, self.tax_classes)


def project(store: Store) -> Store:
    """What a Magento store holding ``store`` reads back as."""
    result: Store = replace(store, platform="magento")
    return result


def remainders(cat: Catalogue) -> Iterator[tuple[str, str]]:
    """(entity kind, JSON patch) for every remainder the catalogue carries (for tests and diagnostics)."""
    for config in cat.store_configs:
        if REMAINDER_KEY in config.get("extension_attributes", {}):
            yield "store", config["extension_attributes"][REMAINDER_KEY]
    for kind, records in (("product", cat.products), ("customer", cat.customers)):
        for record in records:
            for attribute in record.get("custom_attributes") or []:
                if attribute["attribute_code"] == REMAINDER_CODE:
                    yield kind, attribute["value"]
    for order in cat.orders:
        if REMAINDER_KEY in order.get("extension_attributes", {}):
            yield "order", order["extension_attributes"][REMAINDER_KEY]


# -- canonical -> wire ------------------------------------------------------------------------------


def store_to_wire(store: Store) -> Catalogue:
    """Everything Magento would serve for ``store``, with the remainders in custom/extension attributes."""
    cat = Catalogue()
    _store_parts(store, cat)
    product_entities, variant_entities = _catalog_to_wire(store, cat)
    customer_map = _customers_to_wire(store, cat)
    _orders_to_wire(store, cat, product_entities, variant_entities, customer_map)
    bare = replace(store, platform="magento", products=[], customers=[], orders=[])
    patch = remainder(bare, _store_from_parts(cat))
    if patch:
        cat.store_configs[0]["extension_attributes"][REMAINDER_KEY] = _json(patch)
    return cat


def _catalog_to_wire(store: Store, cat: Catalogue) -> tuple[dict[str, int], dict[str, LineProduct]]:
    """Product rows, attributes, categories, tax classes and source items; where each canonical id landed."""
    attrs = Attributes()
    ids = iter(allocate_ids(entity_keys(store.products)))
    product_entities: dict[str, int] = {}
    variant_entities: dict[str, LineProduct] = {}
    cat.source_items = source_items(store.products)
    stock = _stock_by_sku(cat.source_items) if cat.sources else None
    for product in store.products:
        rows = product_to_rows(product, ids, attrs)
        parent = rows[0]
        product_entities.setdefault(product.id, int(parent["id"]))
        if is_configurable(product):
            for variant, child in zip(product.variants, rows[1:], strict=True):
                variant_entities.setdefault(variant.id, LineProduct(int(parent["id"]), int(child["id"]), True))
        else:
            variant_entities.setdefault(product.variants[0].id, LineProduct(int(parent["id"])))
        [(_, rebuilt)] = products_from_rows(rows, stock, attrs)
        _attach(parent, remainder(product, rebuilt))
        cat.products.extend(rows)
    cat.attributes = list(attrs.attributes.values())
    cat.categories = [
        {"id": 2, "parent_id": 1, "name": "Default Category", "is_active": True, "position": 1, "level": 1},
        *(
            {"id": cid, "parent_id": 2, "name": name, "is_active": True, "position": i, "level": 2}
            for i, (cid, name) in enumerate(attrs.categories.items())
        ),
    ]
    cat.tax_classes = [
        {"class_id": int(cid), "class_name": name, "class_type": "PRODUCT"} for cid, name in attrs.tax_classes.items()
    ]
    return product_entities, variant_entities


def _customers_to_wire(store: Store, cat: Catalogue) -> dict[str, int]:
    customer_ids = allocate_ids([c.id for c in store.customers])
    address_seq = 0
    for customer, cid in zip(store.customers, customer_ids, strict=True):
        address_ids = list(range(address_seq + 1, address_seq + 1 + len(customer.addresses)))
        address_seq += len(customer.addresses)
        wire = customer_to_wire(customer, customer_id=cid, address_ids=address_ids)
        _attach(wire, remainder(customer, customer_from_wire(wire)))
        cat.customers.append(wire)
    return dict(zip((c.id for c in store.customers), customer_ids, strict=True))


def _orders_to_wire(
    store: Store,
    cat: Catalogue,
    product_entities: dict[str, int],
    variant_entities: dict[str, LineProduct],
    customer_map: dict[str, int],
) -> None:
    """Orders (a configurable purchase takes two item ids) and their credit memos."""
    order_ids = allocate_ids([o.id for o in store.orders])
    line_ids = allocate_ids([line.id for o in store.orders for line in o.lines])
    child_seq = max(line_ids, default=0)
    next_line = iter(line_ids)
    rates = {r.id: r for r in store.tax.rates}
    memo_ids = iter(allocate_ids([r.id for o in store.orders for r in o.refunds]))
    for order, oid in zip(store.orders, order_ids, strict=True):
        item_ids: list[int] = []
        lines = []
        for line in order.lines:
            item_ids.append(next(next_line))
            where = variant_entities.get(line.variant_id or "") or LineProduct(
                product_entities.get(line.product_id or "", _int(line.product_id))
            )
            lines.append(where)
            if where.configurable:
                child_seq += 1
                item_ids.append(child_seq)
        wire = order_to_wire(
            order,
            OrderIds(
                order_id=oid,
                customer_id=customer_map.get(order.customer_id or "", _int(order.customer_id)),
                item_ids=iter(item_ids),
                lines=lines,
            ),
        )
        parents = iter(i for i in wire["items"] if i.get("parent_item_id") is None)
        line_items = {line.id: int(next(parents)["item_id"]) for line in order.lines}
        memos = [creditmemo_to_wire(r, next(memo_ids), wire, line_items) for r in order.refunds]
        cat.creditmemos.extend(memos)
        patch = remainder(order, order_from_wire(wire, rates, memos))
        if patch:
            wire["extension_attributes"][REMAINDER_KEY] = _json(patch)
        cat.orders.append(wire)


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isascii() and value.isdigit() else None


def _json(patch: Remainder) -> str:
    return msgspec.json.encode(patch).decode()


def _attach(record: dict[str, Any], patch: Remainder) -> None:
    if patch:
        record.setdefault("custom_attributes", []).append({"attribute_code": REMAINDER_CODE, "value": _json(patch)})


def _stock_by_sku(items: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    stock: dict[str, dict[str, int]] = {}
    for item in items:
        stock.setdefault(item["sku"], {})[item["source_code"]] = int(item["quantity"])
    return stock


def _store_parts(store: Store, cat: Catalogue) -> None:
    base_url = f"https://{store.domain}/" if store.domain else ""
    cat.store_configs = [
        {
            "id": 1,
            "code": "default",
            "website_id": 1,
            "locale": f"en_{store.country}",
            "base_currency_code": store.currency,
            "default_display_currency_code": store.currency,
            "timezone": "UTC",
            "weight_unit": "kgs",
            "base_url": base_url,
            "base_link_url": base_url,
            "secure_base_url": base_url,
            "secure_base_link_url": base_url,
            "extension_attributes": {},
        }
    ]
    cat.store_groups = [{"id": 1, "website_id": 1, "root_category_id": 2, "default_store_id": 1, "name": store.name}]
    cat.store_views = [
        {"id": 1, "code": "default", "name": "Default Store View", "website_id": 1, "store_group_id": 1, "is_active": 1}
    ]
    cat.sources = [
        {"source_code": loc.id, "name": loc.name, "enabled": True, "country_id": store.country, "postcode": "00000"}
        for loc in store.locations
    ]
    rate_ids = allocate_ids([r.id for r in store.tax.rates])
    cat.tax_rates = [
        compact(
            {
                "id": rid,
                "code": rate.id,
                "tax_country_id": rate.country,
                "region_name": rate.region,
                "tax_region_id": 0,
                "tax_postcode": "*",
                "rate": money(rate.rate),
                "titles": [{"store_id": "1", "value": rate.name}],
            }
        )
        for rate, rid in zip(store.tax.rates, rate_ids, strict=True)
    ]


# -- wire -> canonical ------------------------------------------------------------------------------


def store_from_wire(cat: Catalogue) -> Store:
    bare = _store_from_parts(cat)
    config_ext = cat.store_configs[0].get("extension_attributes", {}) if cat.store_configs else {}
    bare = apply_remainder(bare, _load(config_ext.get(REMAINDER_KEY)))
    attrs = cat.attribute_tables()
    stock = _stock_by_sku(cat.source_items) if cat.sources else None  # no sources: MSI is off
    products: list[Product] = []
    rows_by_id = {int(r["id"]): r for r in cat.products}
    for rid, product in products_from_rows(cat.products, stock, attrs):
        products.append(apply_remainder(product, _custom_remainder(rows_by_id[rid])))
    customers = [apply_remainder(customer_from_wire(c), _custom_remainder(c)) for c in cat.customers]
    rates = {r.id: r for r in bare.tax.rates}
    memos: dict[int, list[dict[str, Any]]] = {}
    for memo in cat.creditmemos:
        memos.setdefault(int(memo["order_id"]), []).append(memo)
    orders: list[Order] = [
        apply_remainder(
            order_from_wire(o, rates, memos.get(int(o["entity_id"]), [])),
            _load((o.get("extension_attributes") or {}).get(REMAINDER_KEY)),
        )
        for o in cat.orders
    ]
    result: Store = replace(bare, products=products, customers=customers, orders=orders)
    return result


def _load(text: str | None) -> Remainder | None:
    return msgspec.json.decode(text) if text else None


def _custom_remainder(record: dict[str, Any]) -> Remainder | None:
    for attribute in record.get("custom_attributes") or []:
        if attribute["attribute_code"] == REMAINDER_CODE:
            return _load(attribute["value"])
    return None


def _store_from_parts(cat: Catalogue) -> Store:
    config = cat.store_configs[0] if cat.store_configs else {}
    locale = str(config.get("locale") or "en_US")
    host = urlsplit(config.get("base_url") or "").hostname
    rates = [
        TaxRate(
            id=str(r.get("code")),
            name=(r.get("titles") or [{}])[0].get("value") or str(r.get("code")),
            rate=from_money(r.get("rate")) or ZERO,
            country=r.get("tax_country_id"),
            region=r.get("region_name"),
        )
        for r in cat.tax_rates
    ]
    store = Store(
        platform="magento",
        name=cat.store_groups[0]["name"] if cat.store_groups else "Store",
        domain=host or None,
        currency=config.get("base_currency_code") or "USD",
        country=locale.rsplit("_", maxsplit=1)[-1],
        locations=[Location(id=s["source_code"], name=s["name"]) for s in cat.sources],
    )
    result: Store = replace(store, tax=replace(store.tax, rates=rates))
    return result
