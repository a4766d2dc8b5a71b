"""Write a canonical Store into the ``oc_`` tables (the simulator's truth; store-apis.md 4.2).

Every id is an integer chosen by :func:`plan_ids` (kept when the canonical ids
already are integers), so the projection can say what ids a reader will see.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from harness.model.common import ZERO
from harness.model.store import Address, Customer, Order, OrderLine, Product, Store, Variant
from harness.platforms.opencart.db import Database
from harness.platforms.opencart.schema import PREFIX, Schema, Table, ddl, tables
from harness.platforms.opencart.wire import (
    DEFAULT_TAX_CLASS,
    FIRST_TAX_CLASS_ID,
    GRAM_WEIGHT_CLASS_ID,
    ORDER_STATUSES,
    TOTAL_SORT,
    ZERO_DATE,
    assign_ids,
    custom_json,
    esc,
    four,
    has_options,
    id_lookup,
    option_names,
    option_value_name,
    payment_code,
    reference,
    sql_date,
    status_id,
    voucher_title,
)

Row = dict[str, Any]


@dataclass
class Ids:
    """The integer ids OpenCart will use for each canonical record, by position and by canonical id."""

    products: list[int]
    customers: list[int]  # non-guest customers only
    orders: list[int]
    #: per order, per line
    lines: list[list[int]]
    rates: list[int]
    product_ref: dict[str, int]
    customer_ref: dict[str, int]
    #: (product position, variant position) -> product_option_value_id, for products with options
    option_values: dict[tuple[int, int], int] = field(default_factory=dict)
    tax_classes: dict[str, int] = field(default_factory=dict)


def plan_ids(store: Store) -> Ids:
    members = [c.id for c in store.customers if not c.guest]
    products = assign_ids(p.id for p in store.products)
    customers = assign_ids(members)
    flat_lines = assign_ids(line.id for o in store.orders for line in o.lines)
    lines: list[list[int]] = []
    position = 0
    for o in store.orders:
        lines.append(flat_lines[position : position + len(o.lines)])
        position += len(o.lines)
    ids = Ids(
        products=products,
        customers=customers,
        orders=assign_ids(o.id for o in store.orders),
        lines=lines,
        rates=assign_ids(r.id for r in store.tax.rates),
        product_ref=id_lookup((p.id for p in store.products), products),
        customer_ref=id_lookup(members, customers),
    )
    n = 0
    for pi, p in enumerate(store.products):
        if has_options(p):
            for vi, _ in enumerate(p.variants):
                n += 1
                ids.option_values[(pi, vi)] = n
    classes = [DEFAULT_TAX_CLASS]
    classes += [r.tax_class for r in store.tax.rates if r.tax_class]
    classes += [v.tax_class for _, v in store.variants() if v.tax_class]
    for title in classes:
        ids.tax_classes.setdefault(title, FIRST_TAX_CLASS_ID + len(ids.tax_classes))
    return ids


def load_store(db: Database, store: Store, schema: Schema) -> Ids:
    """Drop and recreate the tables, then insert the store. Returns the ids it used."""
    rows = StoreRows(store, schema)
    for t in tables(schema):
        db.execute(f"DROP TABLE IF EXISTS `{PREFIX}{t.name}`")
    for statement in ddl(schema, mysql=db.mysql):
        db.execute(statement)
    for t in tables(schema):
        _insert(db, t, rows.tables.get(t.name, []))
    db.commit()
    return rows.ids


def _insert(db: Database, table: Table, rows: list[Row]) -> None:
    names = table.column_names
    defaults = {name: _default(kind) for name, kind in table.columns}
    columns = ", ".join(f"`{n}`" for n in names)
    marks = ", ".join("?" for _ in names)
    db.executemany(
        f"INSERT INTO `{PREFIX}{table.name}` ({columns}) VALUES ({marks})",
        ([_sql_value(row.get(n, defaults[n])) for n in names] for row in rows),
    )


def _default(kind: str) -> Any:
    if kind.startswith(("INT", "TINYINT")):
        return 0
    if kind.startswith("DECIMAL"):
        return Decimal(0)
    if kind.startswith("DATETIME"):
        return ZERO_DATE
    if kind.startswith("DATE"):
        return "0000-00-00"
    return ""


def _sql_value(value: Any) -> Any:
    # SQLite has no DECIMAL type; strings keep every digit (the NUMERIC affinity converts them)
    return str(value) if isinstance(value, Decimal) else value


class StoreRows:
    """The rows of every table for one Store, built in one pass."""

    def __init__(self, store: Store, schema: Schema) -> None:
        self.store = store
        self.schema = schema
        self.v3 = schema == "3"
        self.ids = plan_ids(store)
        self.tables: dict[str, list[Row]] = {}
        self.countries: dict[str, int] = {}
        self.zones: dict[tuple[str, str], int] = {}
        self.manufacturers: dict[str, int] = {}
        self.categories: dict[str, int] = {}
        self.attributes: dict[str, int] = {}
        self.options: dict[str, int] = {}
        self._product_positions: dict[str, int] = {}
        self.option_values: dict[tuple[int, str], int] = {}
        self._build()

    def add(self, table: str, row: Row) -> None:
        self.tables.setdefault(table, []).append(row)

    def next_id(self, table: str) -> int:
        return len(self.tables.get(table, [])) + 1

    # -- lookups created on demand ------------------------------------------------------------------

    def country_id(self, code: str | None) -> int:
        if not code:
            return 0
        if code not in self.countries:
            self.countries[code] = len(self.countries) + 1
            self.add("country", {"country_id": self.countries[code], "name": code, "iso_code_2": code, "status": 1})
        return self.countries[code]

    def zone_id(self, country: str | None, region: str | None) -> int:
        if not country or not region:
            return 0
        key = (country, region)
        if key not in self.zones:
            self.zones[key] = len(self.zones) + 1
            self.add(
                "zone",
                {
                    "zone_id": self.zones[key],
                    "country_id": self.country_id(country),
                    "name": region,
                    "code": region,
                    "status": 1,
                },
            )
        return self.zones[key]

    def category_id(self, name: str) -> int:
        if name not in self.categories:
            category_id = len(self.categories) + 1
            self.categories[name] = category_id
            self.add("category", {"category_id": category_id, "status": 1, "top": 1})
            self.add(
                "category_description",
                {"category_id": category_id, "language_id": 1, "name": esc(name), "meta_title": esc(name)},
            )
        return self.categories[name]

    def attribute_id(self, name: str) -> int:
        """Product custom fields are attributes, in one group named "Custom fields"."""
        if not self.attributes:
            self.add("attribute_group", {"attribute_group_id": 1, "sort_order": 1})
            self.add(
                "attribute_group_description", {"attribute_group_id": 1, "language_id": 1, "name": "Custom fields"}
            )
        if name not in self.attributes:
            attribute_id = len(self.attributes) + 1
            self.attributes[name] = attribute_id
            self.add("attribute", {"attribute_id": attribute_id, "attribute_group_id": 1, "sort_order": attribute_id})
            self.add("attribute_description", {"attribute_id": attribute_id, "language_id": 1, "name": esc(name)})
        return self.attributes[name]

    def manufacturer_id(self, name: str | None) -> int:
        if name is None:
            return 0
        if name not in self.manufacturers:
            self.manufacturers[name] = len(self.manufacturers) + 1
            self.add("manufacturer", {"manufacturer_id": self.manufacturers[name], "name": esc(name)})
        return self.manufacturers[name]

    # -- tables -------------------------------------------------------------------------------------

    def _build(self) -> None:
        store = self.store
        self.add("language", {"language_id": 1, "name": "English", "code": "en-gb", "status": 1})
        for key, value in (
            ("config_name", esc(store.name)),
            ("config_url", store.domain or ""),
            ("config_currency", store.currency),
            ("config_country_id", str(self.country_id(store.country))),
            ("config_tax", "1" if store.tax.enabled else "0"),
            ("config_language", "en-gb"),
        ):
            self.add(
                "setting",
                {"setting_id": self.next_id("setting"), "store_id": 0, "code": "config", "key": key, "value": value},
            )
        for sid, name in ORDER_STATUSES.items():
            self.add("order_status", {"order_status_id": sid, "language_id": 1, "name": name})
        if not self.v3:
            for n, code in enumerate(("SKU", "UPC", "EAN", "JAN", "ISBN", "MPN"), 1):
                self.add("identifier", {"identifier_id": n, "name": code, "code": code, "status": 1})
        self._taxes()
        for pi, product in enumerate(store.products):
            self._product(product, pi)
        members = [c for c in store.customers if not c.guest]
        for customer, cid in zip(members, self.ids.customers, strict=True):
            self._customer(customer, cid)
        self._product_positions = {}
        for pi, product in enumerate(store.products):
            self._product_positions.setdefault(product.id, pi)
        for oi, order in enumerate(store.orders):
            self._order(order, oi)

    def _taxes(self) -> None:
        for title, class_id in self.ids.tax_classes.items():
            self.add("tax_class", {"tax_class_id": class_id, "title": esc(title), "description": esc(title)})
        geo: dict[tuple[str, str], int] = {}
        for ri, rate in enumerate(self.store.tax.rates):
            key = (rate.country or "", rate.region or "")
            if key not in geo:
                geo[key] = len(geo) + 1
                name = " ".join(p for p in key if p) or "All"
                self.add("geo_zone", {"geo_zone_id": geo[key], "name": esc(name), "description": esc(name)})
                self.add(
                    "zone_to_geo_zone",
                    {
                        "zone_to_geo_zone_id": geo[key],
                        "country_id": self.country_id(rate.country),
                        "zone_id": self.zone_id(rate.country, rate.region),
                        "geo_zone_id": geo[key],
                    },
                )
            rate_id = self.ids.rates[ri]
            self.add(
                "tax_rate",
                {
                    "tax_rate_id": rate_id,
                    "geo_zone_id": geo[key],
                    "name": esc(rate.name),
                    "rate": four(rate.rate),
                    "type": "P",
                },
            )
            self.add(
                "tax_rule",
                {
                    "tax_rule_id": self.next_id("tax_rule"),
                    "tax_class_id": self.ids.tax_classes[rate.tax_class or DEFAULT_TAX_CLASS],
                    "tax_rate_id": rate_id,
                    "based": "shipping",
                    "priority": 1,
                },
            )

    def _product(self, p: Product, pi: int) -> None:
        pid = self.ids.products[pi]
        options = has_options(p)
        first = p.variants[0] if p.variants else Variant(id=p.id)
        sku = p.sku if options else first.sku
        upc = None if options else first.barcode
        row: Row = {
            "product_id": pid,
            "model": esc(first.model),
            "quantity": sum(v.quantity for v in p.variants) if options else first.quantity,
            "stock_status_id": 7,
            "manufacturer_id": self.manufacturer_id(p.vendor),
            "shipping": 1,
            "price": _base_price(p, first, options),
            "tax_class_id": self.ids.tax_classes[first.tax_class or DEFAULT_TAX_CLASS] if first.taxable else 0,
            "date_available": sql_date(p.created_at)[:10],
            "weight": Decimal(first.weight_grams or 0) if not options else ZERO,
            "weight_class_id": GRAM_WEIGHT_CLASS_ID,
            "length_class_id": 1,
            "subtract": int(any(v.inventory_tracked for v in p.variants) if options else first.inventory_tracked),
            "minimum": 1,
            "status": 1 if p.status == "active" else 0,
            "date_added": sql_date(p.created_at),
            "date_modified": sql_date(p.updated_at),
        }
        if self.v3:
            row["sku"] = esc(sku)
            row["upc"] = esc(upc)
        else:
            for code, value in (("SKU", sku), ("UPC", upc)):
                if value is not None:
                    self.add(
                        "product_code",
                        {
                            "product_code_id": self.next_id("product_code"),
                            "product_id": pid,
                            "code": code,
                            "value": esc(value),
                        },
                    )
        self.add("product", row)
        self.add(
            "product_description",
            {
                "product_id": pid,
                "language_id": 1,
                "name": esc(p.title),
                "description": esc(p.description),
                "meta_title": esc(p.title),
            },
        )
        self.add("product_to_store", {"product_id": pid, "store_id": 0})
        if p.product_type is not None:
            self.add("product_to_category", {"product_id": pid, "category_id": self.category_id(p.product_type)})
        for key, value in p.custom_fields.items():
            self.add(
                "product_attribute",
                {"product_id": pid, "attribute_id": self.attribute_id(key), "language_id": 1, "text": esc(value)},
            )
        if not options and first.compare_at_price is not None:
            # a sale: the regular price stays on the product, the selling price is a special
            self.add(
                "product_special",
                {
                    "product_special_id": self.next_id("product_special"),
                    "product_id": pid,
                    "customer_group_id": 1,
                    "priority": 1,
                    "price": four(first.price),
                },
            )
        if options:
            self._options(p, pi, pid, row["price"])

    def _options(self, p: Product, pi: int, pid: int, base: Decimal) -> None:
        names = option_names(p)
        name = " / ".join(names)
        if name not in self.options:
            option_id = len(self.options) + 1
            self.options[name] = option_id
            self.add("option", {"option_id": option_id, "type": "select", "sort_order": option_id})
            self.add("option_description", {"option_id": option_id, "language_id": 1, "name": esc(name)})
        option_id = self.options[name]
        product_option_id = self.next_id("product_option")
        self.add(
            "product_option",
            {"product_option_id": product_option_id, "product_id": pid, "option_id": option_id, "required": 1},
        )
        for vi, variant in enumerate(p.variants):
            value = option_value_name(variant, names)
            if (option_id, value) not in self.option_values:
                value_id = len(self.option_values) + 1
                self.option_values[(option_id, value)] = value_id
                self.add("option_value", {"option_value_id": value_id, "option_id": option_id, "sort_order": value_id})
                self.add(
                    "option_value_description",
                    {"option_value_id": value_id, "language_id": 1, "option_id": option_id, "name": esc(value)},
                )
            delta = four(variant.price) - base
            self.add(
                "product_option_value",
                {
                    "product_option_value_id": self.ids.option_values[(pi, vi)],
                    "product_option_id": product_option_id,
                    "product_id": pid,
                    "option_id": option_id,
                    "option_value_id": self.option_values[(option_id, value)],
                    "quantity": variant.quantity,
                    "subtract": int(variant.inventory_tracked),
                    "price": abs(delta),
                    "price_prefix": "-" if delta < 0 else "+",
                    "points_prefix": "+",
                    "weight_prefix": "+",
                },
            )

    def _customer(self, c: Customer, cid: int) -> None:
        first_address = 0
        for n, address in enumerate(c.addresses):
            address_id = self.next_id("address")
            first_address = first_address or address_id
            row = self._address_row(address, "")
            row.update({"address_id": address_id, "customer_id": cid})
            if not self.v3:
                row["default"] = int(n == 0)
            self.add("address", row)
        row = {
            "customer_id": cid,
            "customer_group_id": 1,
            "language_id": 1,
            "firstname": esc(c.first_name),
            "lastname": esc(c.last_name),
            "email": esc(c.email),
            "telephone": esc(c.phone),
            "custom_field": custom_json(c.custom_fields),
            "status": 1,
            "date_added": sql_date(c.created_at),
        }
        if self.v3:
            row["address_id"] = first_address
        self.add("customer", row)

    def _address_row(self, a: Address | None, prefix: str) -> Row:
        if a is None:
            return {}
        return {
            f"{prefix}firstname": esc(a.first_name),
            f"{prefix}lastname": esc(a.last_name),
            f"{prefix}company": esc(a.company),
            f"{prefix}address_1": esc(a.line1),
            f"{prefix}address_2": esc(a.line2),
            f"{prefix}city": esc(a.city),
            f"{prefix}postcode": esc(a.postal_code),
            f"{prefix}country_id": self.country_id(a.country),
            f"{prefix}zone_id": self.zone_id(a.country, a.region),
            **({f"{prefix}country": esc(a.country), f"{prefix}zone": esc(a.region)} if prefix else {}),
        }

    def _order(self, o: Order, oi: int) -> None:
        oid = self.ids.orders[oi]
        named = o.billing or o.shipping_address
        row: Row = {
            "order_id": oid,
            "invoice_prefix": "INV-",
            "store_name": esc(self.store.name),
            "store_url": self.store.domain or "",
            "customer_id": self.ids.customer_ref.get(o.customer_id or "", 0),  # guests are 0
            "customer_group_id": 1,
            "firstname": esc(named.first_name if named else None),
            "lastname": esc(named.last_name if named else None),
            "email": esc(o.email),
            "telephone": esc(o.billing.phone if o.billing else None),
            "custom_field": custom_json(o.custom_fields),
            **self._address_row(o.billing, "payment_"),
            **self._address_row(o.shipping_address, "shipping_"),
            "total": four(o.total - _vouchers(o)),  # what is left to pay after gift vouchers
            "order_status_id": status_id(o.status),
            "language_id": 1,
            "currency_code": o.currency,
            "currency_value": Decimal(1),
            "date_added": sql_date(o.created_at),
            "date_modified": sql_date(o.updated_at),
        }
        charged = [p for p in o.payments if p.kind != "gift_card"]
        gateway = charged[0].gateway if charged else ""
        code = payment_code(charged[0].kind) if charged else ""
        shipping_title = o.shipping_lines[0].title if o.shipping_lines else ""
        if self.v3:
            row.update(
                {
                    "payment_method": esc(gateway),
                    "payment_code": code,
                    "shipping_method": esc(shipping_title),
                    "shipping_code": "flat.flat" if shipping_title else "",
                }
            )
        else:
            row["payment_method"] = json.dumps({"name": gateway, "code": code}) if gateway else ""
            row["shipping_method"] = json.dumps({"name": shipping_title, "code": "flat.flat"}) if shipping_title else ""
        self.add("order", row)
        self.add(
            "order_history",
            {
                "order_history_id": self.next_id("order_history"),
                "order_id": oid,
                "order_status_id": row["order_status_id"],
                "notify": 0,
                "date_added": row["date_added"],
            },
        )
        for line, line_id in zip(o.lines, self.ids.lines[oi], strict=True):
            self._order_line(oid, line, line_id)
        self._totals(o, oid)

    def _order_line(self, oid: int, line: OrderLine, line_id: int) -> None:
        quantity = line.quantity
        unit_tax = four(sum((t.amount for t in line.taxes), ZERO) / quantity) if quantity else ZERO
        self.add(
            "order_product",
            {
                "order_product_id": line_id,
                "order_id": oid,
                "product_id": reference(line.product_id, self.ids.product_ref),
                "name": esc(line.title),
                "model": esc(line.sku),
                "quantity": quantity,
                "price": four(line.unit_price),
                "total": four(line.unit_price * quantity),
                "tax": unit_tax,
            },
        )
        pi = self._product_positions.get(line.product_id or "")
        if pi is None or not has_options(self.store.products[pi]):
            return
        product = self.store.products[pi]
        vi = next((n for n, v in enumerate(product.variants) if v.id == line.variant_id), None)
        if vi is None:
            return
        variant = product.variants[vi]
        names = option_names(product)
        self.add(
            "order_option",
            {
                "order_option_id": self.next_id("order_option"),
                "order_id": oid,
                "order_product_id": line_id,
                "product_option_value_id": self.ids.option_values[(pi, vi)],
                "name": esc(" / ".join(names)),
                "value": esc(option_value_name(variant, names)),
                "type": "select",
            },
        )

    def _totals(self, o: Order, oid: int) -> None:
        rows: list[tuple[str, str, Decimal]] = [
            ("sub_total", "Sub-Total", sum((line.unit_price * line.quantity for line in o.lines), ZERO))
        ]
        if o.shipping_lines:
            rows.append(("shipping", o.shipping_lines[0].title, sum((s.price for s in o.shipping_lines), ZERO)))
        for d in o.discounts:
            if d.kind == "coupon":
                rows.append(("coupon", f"Coupon ({d.code})" if d.code else "Coupon", -d.amount))
            elif d.kind == "reward_points":
                rows.append(("reward", "Reward Points", -d.amount))
            else:
                rows.append(("discount", "Discount", -d.amount))
        rows.extend(("handling", fee.name, fee.amount) for fee in o.fee_lines)
        rows.extend(("tax", tax.name, tax.amount) for tax in o.tax_lines)
        rows.extend(("voucher", voucher_title(p.reference), -p.amount) for p in o.payments if p.kind == "gift_card")
        rows.append(("total", "Total", o.total - _vouchers(o)))
        for code, title, value in _sorted(rows):
            row: Row = {
                "order_total_id": self.next_id("order_total"),
                "order_id": oid,
                "code": code,
                "title": esc(title),
                "value": four(value),
                "sort_order": TOTAL_SORT[code],
            }
            if not self.v3:
                row["extension"] = "opencart"
            self.add("order_total", row)


def _base_price(p: Product, first: Variant, options: bool) -> Decimal:
    """``oc_product.price``: the cheapest option's price, or the regular price (before any special)."""
    if options:
        return four(min(v.price for v in p.variants)) if p.variants else four(first.price)
    return four(first.compare_at_price if first.compare_at_price is not None else first.price)


def _vouchers(o: Order) -> Decimal:
    return sum((p.amount for p in o.payments if p.kind == "gift_card"), ZERO)


def _sorted(rows: Iterable[tuple[str, str, Decimal]]) -> list[tuple[str, str, Decimal]]:
    return sorted(rows, key=lambda r: TOTAL_SORT[r[0]])
