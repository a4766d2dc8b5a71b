"""Canonical Store <-> OpenCart shapes: shared codes, and the facade JSON -> canonical decoder.

OpenCart facts that shape the mapping (store-apis.md 4.2, connector-rules #24):

* The connector's product code is ``oc_product.model`` (required, not unique).
  ``sku`` is a separate, usually empty field: an ``oc_product`` column in 3.x,
  an ``oc_product_code`` row (code ``SKU``) in 4.1.
* Core has no variants with codes of their own: a product's options
  (``oc_product_option_value``) carry quantity and a price delta but no SKU or
  model. Merchants with several option dimensions build one combined option
  ("Size / Colour" with values "M / Red"); the simulator does the same, so
  each canonical variant is one option value and reads back with its options.
* Order lines hold ``model`` only (no SKU): on OpenCart ``OrderLine.sku``
  carries the line's model. Prices are ex-tax and ``oc_order_product.tax`` is
  per unit; discounts, shipping, fees and taxes are ``oc_order_total`` rows.
* OpenCart HTML-escapes text input before storing it (``&`` is ``&amp;`` in
  the database); readers must unescape.

The loader (``loader.py``) writes rows; ``queries.py`` reads them into the
facade's JSON shapes; this module turns those shapes into canonical records,
so the HTTP client and the direct SQL reader share one decoder.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from harness.model.common import ZERO
from harness.model.store import (
    Address,
    Customer,
    Discount,
    FeeLine,
    Location,
    Order,
    OrderLine,
    OrderStatus,
    Payment,
    PaymentKind,
    Product,
    ShippingLine,
    Store,
    TaxAmount,
    TaxLine,
    TaxRate,
    TaxSettings,
    Variant,
)

#: the one stock location OpenCart has
OC_LOCATION = "default"
ZERO_DATE = "0000-00-00 00:00:00"
DEFAULT_TAX_CLASS = "Taxable Goods"
FIRST_TAX_CLASS_ID = 9  # OpenCart ships "Taxable Goods" as tax_class_id 9
GRAM_WEIGHT_CLASS_ID = 2
OPTION_SEPARATOR = " / "
#: the option name used when a product has several variants but no option names
VARIANT_OPTION = "Variant"
FOUR_DP = Decimal("0.0001")

ORDER_STATUSES: dict[int, str] = {
    1: "Pending",
    2: "Processing",
    3: "Shipped",
    5: "Complete",
    7: "Canceled",
    8: "Denied",
    9: "Canceled Reversal",
    10: "Failed",
    11: "Refunded",
    12: "Reversed",
    13: "Chargeback",
    14: "Expired",
    15: "Processed",
    16: "Voided",
}
_STATUS_ID: dict[str, int] = {
    "pending": 1,
    "on_hold": 1,
    "processing": 2,
    "completed": 5,
    "cancelled": 7,
    "failed": 10,
    "refunded": 11,
}
_STATUS_OF: dict[int, OrderStatus] = {
    1: "pending",
    2: "processing",
    3: "completed",
    5: "completed",
    7: "cancelled",
    8: "failed",
    10: "failed",
    11: "refunded",
    14: "cancelled",
    15: "processing",
    16: "cancelled",
}
_PAYMENT_CODE: dict[str, str] = {
    "card": "stripe",
    "paypal": "pp_standard",
    "bank": "bank_transfer",
    "cash": "cod",
    "gift_card": "voucher",
    "store_credit": "credit",
    "reward_points": "reward",
}
_PAYMENT_KIND: dict[str, PaymentKind] = {v: k for k, v in _PAYMENT_CODE.items()}  # type: ignore[misc]

# oc_order_total codes and their usual sort order
TOTAL_SORT = {
    "sub_total": 1,
    "reward": 2,
    "shipping": 3,
    "coupon": 4,
    "discount": 4,
    "handling": 6,
    "tax": 5,
    "total": 9,
}


def status_id(status: OrderStatus) -> int:
    return _STATUS_ID.get(status, 1)


def canonical_status(order_status_id: int) -> OrderStatus:
    return _STATUS_OF.get(order_status_id, "pending")


def payment_code(kind: PaymentKind) -> str:
    return _PAYMENT_CODE.get(kind, kind)


def payment_kind(code: str) -> PaymentKind:
    return _PAYMENT_KIND.get(code, "other")


# -- text, numbers, dates ----------------------------------------------------------------------


def esc(value: str | None) -> str:
    """What OpenCart stores for a text input: htmlspecialchars with ENT_COMPAT (``'`` kept)."""
    if not value:
        return ""
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


def une(value: Any) -> str:
    return html.unescape(value) if isinstance(value, str) else ("" if value is None else str(value))


def une_or_none(value: Any) -> str | None:
    text = une(value)
    return text or None


def money(value: Any) -> Decimal:
    """DECIMAL(15,4): SQLite hands back floats, MySQL Decimals, the facade strings."""
    if value is None or value == "":
        return ZERO
    return Decimal(str(value)).quantize(FOUR_DP)


def four(value: Decimal) -> Decimal:
    return value.quantize(FOUR_DP)


def sql_date(value: datetime | None) -> str:
    """OpenCart DATETIME: no zone, whole seconds; the zero date for "never"."""
    if value is None:
        return ZERO_DATE
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return value.strftime("%Y-%m-%d %H:%M:%S")


def parse_sql_date(value: Any) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC)
    text = str(value)
    if not text or text.startswith("0000-00-00"):
        return None
    return datetime.strptime(text[:19], "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)


def truncate_s(value: datetime) -> datetime:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).replace(microsecond=0)


def custom_json(fields: Mapping[str, str]) -> str:
    return json.dumps(dict(fields), ensure_ascii=False) if fields else ""


def parse_custom(value: Any) -> dict[str, str]:
    if not value:
        return {}
    try:
        data = json.loads(str(value))
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def method_name(value: Any) -> str:
    """``payment_method``/``shipping_method``: text in 3.x, JSON ``{"name","code"}`` in 4.1."""
    text = une(value)
    if text.startswith("{"):
        try:
            data = json.loads(text)
        except ValueError:
            return text
        return str(data.get("name", "")) if isinstance(data, dict) else text
    return text


def method_code(value: Any, code_column: Any) -> str:
    text = une(value)
    if text.startswith("{"):
        try:
            data = json.loads(text)
        except ValueError:
            return ""
        return str(data.get("code", "")) if isinstance(data, dict) else ""
    return une(code_column)


# -- ids ---------------------------------------------------------------------------------------


def assign_ids(ids: Iterable[str]) -> list[int]:
    """OpenCart keys are integers: canonical ids that already are (unique, positive, no leading
    zero) are kept; otherwise records are numbered 1..n in order (duplicates get their own)."""
    listed = list(ids)
    numeric = all(i.isdigit() and not i.startswith("0") for i in listed) and len(set(listed)) == len(listed)
    if numeric:
        return [int(i) for i in listed]
    return list(range(1, len(listed) + 1))


def id_lookup(ids: Iterable[str], assigned: list[int]) -> dict[str, int]:
    """Canonical id -> OpenCart id, for references; a duplicated id refers to its first record."""
    out: dict[str, int] = {}
    for key, value in zip(ids, assigned, strict=True):
        out.setdefault(key, value)
    return out


def reference(value: str | None, ids: Mapping[str, int]) -> int:
    """A foreign key: the assigned id, the id itself when numeric (a deleted record), else 0."""
    if value is None:
        return 0
    if value in ids:
        return ids[value]
    return int(value) if value.isdigit() and not value.startswith("0") else 0


def option_names(product: Product) -> list[str]:
    names = dict.fromkeys(product.options)
    for v in product.variants:
        names.update(dict.fromkeys(v.options))
    return list(names) or [VARIANT_OPTION]


def has_options(product: Product) -> bool:
    """A product whose variants become option values (else the one variant is the product row)."""
    return bool(product.options) or len(product.variants) > 1


def option_value_name(variant: Variant, names: list[str]) -> str:
    if names == [VARIANT_OPTION] and not variant.options:
        return variant.title or variant.sku or variant.model or variant.id
    return OPTION_SEPARATOR.join(variant.options.get(n, "") for n in names)


def split_option(name: str, value: str) -> dict[str, str]:
    return dict(zip(name.split(OPTION_SEPARATOR), value.split(OPTION_SEPARATOR), strict=False))


# == facade JSON -> canonical ===================================================================


def decode_product(d: Mapping[str, Any]) -> Product:
    pid = str(d["product_id"])
    taxable = int(d.get("tax_class_id") or 0) != 0
    tax_class = une_or_none(d.get("tax_class")) if taxable else None
    model = une(d.get("model"))
    base = money(d.get("price"))
    weight = money(d.get("weight"))
    options = d.get("options") or []
    variants: list[Variant] = []
    names: list[str] = []
    if not options:
        variants.append(
            Variant(
                id=pid,
                sku=_code(d.get("sku")),
                model=model,
                barcode=_code(d.get("upc")),
                price=base,
                taxable=taxable,
                tax_class=tax_class,
                inventory_tracked=bool(int(d.get("subtract") or 0)),
                quantities={OC_LOCATION: int(d.get("quantity") or 0)},
                weight_grams=int(weight) if weight else None,
            )
        )
    else:
        option = options[0]
        option_name = une(option.get("name"))
        names = option_name.split(OPTION_SEPARATOR)
        for value in option.get("option_value") or []:
            delta = money(value.get("price"))
            variants.append(
                Variant(
                    id=str(value["product_option_value_id"]),
                    model=model,
                    options=split_option(option_name, une(value.get("name"))),
                    price=base - delta if value.get("price_prefix") == "-" else base + delta,
                    taxable=taxable,
                    tax_class=tax_class,
                    inventory_tracked=bool(int(value.get("subtract") or 0)),
                    quantities={OC_LOCATION: int(value.get("quantity") or 0)},
                )
            )
    return Product(
        id=pid,
        title=une(d.get("name")),
        description=une_or_none(d.get("description")),
        vendor=une_or_none(d.get("manufacturer")),
        status="active" if int(d.get("status") or 0) else "draft",
        created_at=parse_sql_date(d.get("date_added")),
        updated_at=parse_sql_date(d.get("date_modified")),
        options=names,
        sku=_code(d.get("sku")) if options else None,
        variants=variants,
    )


def _code(value: Any) -> str | None:
    """An identifier: 3.x columns are never NULL ("" when empty); 4.1 codes are rows, absent = None."""
    return None if value is None else une(value)


def decode_customer(d: Mapping[str, Any]) -> Customer:
    addresses = [_decode_address(a) for a in d.get("addresses") or []]
    company = une_or_none((d.get("addresses") or [{}])[0].get("company")) if addresses else None
    return Customer(
        id=str(d["customer_id"]),
        first_name=une_or_none(d.get("firstname")),
        last_name=une_or_none(d.get("lastname")),
        company=company,
        email=une_or_none(d.get("email")),
        phone=une_or_none(d.get("telephone")),
        addresses=addresses,
        created_at=parse_sql_date(d.get("date_added")),
        custom_fields=parse_custom(d.get("custom_field")),
    )


def _decode_address(a: Mapping[str, Any], prefix: str = "", phone: str | None = None) -> Address:
    return Address(
        first_name=une_or_none(a.get(f"{prefix}firstname")),
        last_name=une_or_none(a.get(f"{prefix}lastname")),
        company=une_or_none(a.get(f"{prefix}company")),
        line1=une_or_none(a.get(f"{prefix}address_1")),
        line2=une_or_none(a.get(f"{prefix}address_2")),
        city=une_or_none(a.get(f"{prefix}city")),
        region=une_or_none(a.get(f"{prefix}zone_code")),
        postal_code=une_or_none(a.get(f"{prefix}postcode")),
        country=une_or_none(a.get(f"{prefix}iso_code_2")),
        phone=phone,
    )


def _order_address(d: Mapping[str, Any], prefix: str, phone: str | None) -> Address | None:
    address = _decode_address(d, prefix, phone)
    return None if address == Address() else address


class Catalogue:
    """What the order decoder needs from the products: which are single-variant."""

    def __init__(self, products: Iterable[Product]) -> None:
        self.single = {p.id for p in products if not p.options}

    def variant_of(self, product_id: str | None, option_value_id: str | None) -> str | None:
        if option_value_id is not None:
            return option_value_id
        if product_id is not None and product_id in self.single:
            return product_id
        return None


def rates_by_name(rates: Iterable[TaxRate]) -> dict[str, TaxRate]:
    out: dict[str, TaxRate] = {}
    for rate in rates:
        out.setdefault(rate.name, rate)
    return out


def decode_order(d: Mapping[str, Any], catalogue: Catalogue, rates: Mapping[str, TaxRate]) -> Order:
    totals = d.get("totals") or []
    tax_rows = [t for t in totals if t.get("code") == "tax"]
    tax_lines = []
    for row in tax_rows:
        title = une(row.get("title"))
        rate = rates.get(title)
        tax_lines.append(
            TaxLine(
                rate_id=rate.id if rate else None,
                name=title,
                rate=rate.rate if rate else ZERO,
                amount=money(row.get("value")),
            )
        )
    line_tax = _line_tax_template(tax_lines)
    lines = []
    for p in d.get("products") or []:
        product_id = str(p["product_id"]) if int(p.get("product_id") or 0) else None
        chosen = (p.get("option") or [{}])[0].get("product_option_value_id")
        quantity = int(p.get("quantity") or 0)
        unit_tax = money(p.get("tax"))
        taxes = []
        if unit_tax:
            amount = (unit_tax * quantity).quantize(Decimal("0.01"))
            taxes.append(TaxAmount(rate_id=line_tax[0], name=line_tax[1], rate=line_tax[2], amount=amount))
        lines.append(
            OrderLine(
                id=str(p["order_product_id"]),
                product_id=product_id,
                variant_id=catalogue.variant_of(product_id, str(chosen) if chosen else None),
                sku=une(p.get("model")),
                title=une(p.get("name")),
                quantity=quantity,
                unit_price=money(p.get("price")),
                taxable=bool(unit_tax),
                taxes=taxes,
            )
        )
    shipping = [
        ShippingLine(title=une(t.get("title")), price=money(t.get("value")))
        for t in totals
        if t.get("code") == "shipping"
    ]
    discounts = [_decode_discount(t) for t in totals if t.get("code") in ("coupon", "reward", "discount")]
    fees = [
        FeeLine(name=une(t.get("title")), amount=money(t.get("value"))) for t in totals if t.get("code") == "handling"
    ]
    phone = une_or_none(d.get("telephone"))
    gateway = method_name(d.get("payment_method"))
    code = method_code(d.get("payment_method"), d.get("payment_code"))
    total = money(d.get("total"))
    status_id_ = int(d.get("order_status_id") or 0)
    customer_id = int(d.get("customer_id") or 0)
    return Order(
        id=str(d["order_id"]),
        number=str(d["order_id"]),
        created_at=parse_sql_date(d.get("date_added")) or datetime(1970, 1, 1, tzinfo=UTC),
        updated_at=parse_sql_date(d.get("date_modified")),
        status=canonical_status(status_id_),
        platform_status=une_or_none(d.get("order_status")),
        currency=une(d.get("currency_code")) or "USD",
        customer_id=str(customer_id) if customer_id else None,
        email=une_or_none(d.get("email")),
        billing=_order_address(d, "payment_", phone),
        shipping_address=_order_address(d, "shipping_", None),
        lines=lines,
        shipping_lines=shipping,
        fee_lines=fees,
        discounts=discounts,
        tax_lines=tax_lines,
        payments=[Payment(gateway=gateway, kind=payment_kind(code), amount=total)] if gateway else [],
        total=total,
        total_tax=sum((t.amount for t in tax_lines), ZERO),
        custom_fields=parse_custom(d.get("custom_field")),
    )


def _line_tax_template(tax_lines: list[TaxLine]) -> tuple[str | None, str, Decimal]:
    """A line's tax is one per-unit amount; its rate is known only when the order has one tax row."""
    if len(tax_lines) == 1:
        return tax_lines[0].rate_id, tax_lines[0].name, tax_lines[0].rate
    return None, "Tax", ZERO


def _decode_discount(row: Mapping[str, Any]) -> Discount:
    code = row.get("code")
    title = une(row.get("title"))
    amount = -money(row.get("value"))
    if code == "coupon":
        inner = title[title.find("(") + 1 : title.rfind(")")] if "(" in title and title.endswith(")") else None
        return Discount(kind="coupon", code=inner or None, amount=amount)
    if code == "reward":
        return Discount(kind="reward_points", amount=amount)
    return Discount(kind="automatic", amount=amount)


def decode_tax_rate(d: Mapping[str, Any]) -> TaxRate:
    return TaxRate(
        id=str(d["tax_rate_id"]),
        name=une(d.get("name")),
        rate=money(d.get("rate")),
        country=une_or_none(d.get("iso_code_2")),
        region=une_or_none(d.get("zone_code")),
        tax_class=une_or_none(d.get("tax_class")),
    )


def decode_store(
    settings: Mapping[str, Any],
    tax_rates: Iterable[Mapping[str, Any]],
    products: Iterable[Mapping[str, Any]],
    customers: Iterable[Mapping[str, Any]],
    orders: Iterable[Mapping[str, Any]],
) -> Store:
    """A whole store from the facade's shapes (read over HTTP or straight from SQL)."""
    rates = [decode_tax_rate(r) for r in tax_rates]
    catalogue_products = [decode_product(p) for p in products]
    catalogue = Catalogue(catalogue_products)
    by_name = rates_by_name(rates)
    return Store(
        platform="opencart",
        name=une(settings.get("config_name")) or "Store",
        domain=une_or_none(settings.get("config_url")),
        currency=une(settings.get("config_currency")) or "USD",
        country=une(settings.get("config_country_iso")) or "US",
        locations=[Location(id=OC_LOCATION, name="Default")],
        products=catalogue_products,
        customers=[decode_customer(c) for c in customers],
        orders=[decode_order(o, catalogue, by_name) for o in orders],
        tax=TaxSettings(enabled=str(settings.get("config_tax", "1")) == "1", rates=rates),
    )
