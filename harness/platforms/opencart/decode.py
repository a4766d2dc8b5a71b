"""Facade JSON (or the same shapes read straight from SQL) -> canonical records.

One decoder for both readers, so the HTTP client and ``read_store_from_db``
cannot disagree. Text is HTML-unescaped, DECIMAL(15,4) money becomes Decimal,
the zero date becomes None (store-apis.md 4.2; mapping rules in ``wire.py``).
"""

from __future__ import annotations

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
    Payment,
    Product,
    ShippingLine,
    Store,
    TaxAmount,
    TaxLine,
    TaxRate,
    TaxSettings,
    Variant,
)
from harness.platforms.opencart.wire import (
    OC_LOCATION,
    OPTION_SEPARATOR,
    VOUCHER_GATEWAY,
    canonical_status,
    method_code,
    method_name,
    money,
    parenthesised,
    parse_custom,
    parse_sql_date,
    payment_kind,
    split_option,
    une,
    une_or_none,
)


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
        special = d.get("special")
        variants.append(
            Variant(
                id=pid,
                sku=_code(d.get("sku")),
                model=model,
                barcode=_code(d.get("upc")),
                price=money(special) if special is not None else base,
                compare_at_price=base if special is not None else None,
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
        product_type=une_or_none(d.get("category")),
        status="active" if int(d.get("status") or 0) else "draft",
        created_at=parse_sql_date(d.get("date_added")),
        updated_at=parse_sql_date(d.get("date_modified")),
        options=names,
        sku=_code(d.get("sku")) if options else None,
        variants=variants,
        custom_fields={une(a.get("name")): une(a.get("text")) for a in d.get("attributes") or []},
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
    due = money(d.get("total"))
    vouchers = [
        Payment(
            gateway=VOUCHER_GATEWAY,
            kind="gift_card",
            amount=-money(t.get("value")),
            reference=parenthesised(une(t.get("title"))),
        )
        for t in totals
        if t.get("code") == "voucher"
    ]
    charged = [Payment(gateway=gateway, kind=payment_kind(code), amount=due)] if gateway else []
    total = due + sum((v.amount for v in vouchers), ZERO)
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
        payments=charged + vouchers,
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
        return Discount(kind="coupon", code=parenthesised(title), amount=amount)
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
