"""What of a canonical Store OpenCart can hold: the Store an honest read-back must equal.

The rules, from the ``oc_`` tables (store-apis.md 4.2, connector-rules #24):

* **Ids** are integers (kept when the canonical ids already are; otherwise
  numbered in order, see ``wire.assign_ids``). Order numbers are order ids.
* **Products.** The product row holds model, SKU, UPC, price, quantity, tax
  class, stock tracking (``subtract``), weight (grams), status (enabled or
  not: archived reads as draft), dates (whole seconds, "never" = the zero
  date), name, description and manufacturer (vendor); the product type is a
  category, custom fields are attributes, and a compare-at price makes the
  regular price with the selling price as a special (single-variant products).
  A product with options keeps its variants as option values: options, price
  (base ± delta), quantity and tracking survive; variant SKU, model, barcode
  and compare-at price do not (every value shares the product's model). Lost:
  cost, per-variant tax class, several stock locations.
* **Identifiers.** In 3.x ``sku``/``upc`` are NOT NULL columns, so "none" reads
  as ``""``; in 4.1 they are ``oc_product_code`` rows, so "none" stays None.
  ``model`` is NOT NULL in both: a missing model reads as ``""``.
* **Customers.** Guests are not customers. Company comes from the first
  address; addresses lose their phone. Order emails and names are kept.
* **Orders.** Lines keep the model (as ``sku``), name, quantity, ex-tax unit
  price and the per-unit tax (four decimals, so line tax is rebuilt to the
  cent); line discounts are lost, and a line's tax rate is known only when the
  order has exactly one tax row. Shipping lines merge into one ``shipping``
  total; coupons, reward points and other discounts, fees (``handling``) and
  taxes (by name; the rate comes from ``oc_tax_rate``) are total rows. Gift
  cards are ``voucher`` rows (gateway ``voucher``, the reference kept); one
  other payment method, for what is left to pay. Lost: refunds, the shipping phone,
  tax jurisdictions and shipping tax splits, the taxes-included flag, discount
  sources, the difference between automatic and manual discounts.
* **Tax rates** keep name, rate (four decimals), country, region and class
  (unclassed rates join "Taxable Goods"); the shipping and compound flags are lost.
"""

from __future__ import annotations

from decimal import Decimal

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
from harness.platforms.opencart.loader import Ids, plan_ids
from harness.platforms.opencart.schema import Schema, check_schema
from harness.platforms.opencart.wire import (
    DEFAULT_TAX_CLASS,
    OC_LOCATION,
    OPTION_SEPARATOR,
    ORDER_STATUSES,
    TOTAL_SORT,
    VOUCHER_GATEWAY,
    canonical_status,
    four,
    has_options,
    option_names,
    option_value_name,
    payment_code,
    payment_kind,
    reference,
    split_option,
    status_id,
    truncate_s,
)


def project_store(store: Store, schema: Schema | str = "3") -> Store:
    """The Store as the ``oc_`` tables hold it (see the module docstring for every loss)."""
    chosen = check_schema(str(schema))
    ids = plan_ids(store)
    rates = sorted((_rate(r, rid) for r, rid in zip(store.tax.rates, ids.rates, strict=True)), key=lambda r: int(r.id))
    by_name: dict[str, TaxRate] = {}
    for rate in rates:
        by_name.setdefault(rate.name, rate)
    products = sorted((_product(p, pi, ids, chosen) for pi, p in enumerate(store.products)), key=lambda p: int(p.id))
    members = [c for c in store.customers if not c.guest]
    customers = sorted(
        (_customer(c, cid) for c, cid in zip(members, ids.customers, strict=True)), key=lambda c: int(c.id)
    )
    first_position: dict[str, int] = {}
    for pi, p in enumerate(store.products):
        first_position.setdefault(p.id, pi)
    orders = sorted(
        (_order(o, oi, ids, store, first_position, by_name) for oi, o in enumerate(store.orders)),
        key=lambda o: int(o.id),
    )
    return Store(
        platform="opencart",
        name=store.name or "Store",
        domain=store.domain or None,
        currency=store.currency or "USD",
        country=store.country or "US",
        locations=[Location(id=OC_LOCATION, name="Default")],
        products=products,
        customers=customers,
        orders=orders,
        tax=TaxSettings(enabled=store.tax.enabled, rates=rates),
    )


def _code(value: str | None, schema: Schema) -> str | None:
    return (value or "") if schema == "3" else value


def _product(p: Product, pi: int, ids: Ids, schema: Schema) -> Product:
    pid = ids.products[pi]
    first = p.variants[0] if p.variants else Variant(id=p.id)
    taxable = first.taxable
    tax_class = (first.tax_class or DEFAULT_TAX_CLASS) if taxable else None
    model = first.model or ""
    options: list[str] = []
    variants: list[Variant]
    if has_options(p):
        names = option_names(p)
        combined = OPTION_SEPARATOR.join(names)
        options = combined.split(OPTION_SEPARATOR)
        variants = [
            Variant(
                id=str(ids.option_values[(pi, vi)]),
                model=model,
                options=split_option(combined, option_value_name(v, names)),
                price=four(v.price),
                taxable=taxable,
                tax_class=tax_class,
                inventory_tracked=v.inventory_tracked,
                quantities={OC_LOCATION: v.quantity},
            )
            for vi, v in enumerate(p.variants)
        ]
    else:
        variants = [
            Variant(
                id=str(pid),
                sku=_code(first.sku, schema),
                model=model,
                barcode=_code(first.barcode, schema),
                price=four(first.price),
                compare_at_price=four(first.compare_at_price) if first.compare_at_price is not None else None,
                taxable=taxable,
                tax_class=tax_class,
                inventory_tracked=first.inventory_tracked,
                quantities={OC_LOCATION: first.quantity},
                weight_grams=first.weight_grams or None,
            )
        ]
    return Product(
        id=str(pid),
        title=p.title,
        description=p.description or None,
        vendor=p.vendor or None,
        product_type=p.product_type or None,
        status="active" if p.status == "active" else "draft",
        created_at=truncate_s(p.created_at) if p.created_at else None,
        updated_at=truncate_s(p.updated_at) if p.updated_at else None,
        options=options,
        sku=_code(p.sku, schema) if has_options(p) else None,
        variants=variants,
        custom_fields=dict(p.custom_fields),
    )


def _address(a: Address, phone: str | None) -> Address:
    located = bool(a.country)
    return Address(
        first_name=a.first_name or None,
        last_name=a.last_name or None,
        company=a.company or None,
        line1=a.line1 or None,
        line2=a.line2 or None,
        city=a.city or None,
        region=(a.region or None) if located else None,
        postal_code=a.postal_code or None,
        country=a.country or None,
        phone=phone or None,
    )


def _customer(c: Customer, cid: int) -> Customer:
    return Customer(
        id=str(cid),
        first_name=c.first_name or None,
        last_name=c.last_name or None,
        company=(c.addresses[0].company or None) if c.addresses else None,
        email=c.email or None,
        phone=c.phone or None,
        addresses=[_address(a, None) for a in c.addresses],
        created_at=truncate_s(c.created_at) if c.created_at else None,
        custom_fields=dict(c.custom_fields),
    )


def _rate(r: TaxRate, rid: int) -> TaxRate:
    return TaxRate(
        id=str(rid),
        name=r.name,
        rate=four(r.rate),
        country=r.country or None,
        region=(r.region or None) if r.country else None,
        tax_class=r.tax_class or DEFAULT_TAX_CLASS,
    )


def _order(
    o: Order,
    oi: int,
    ids: Ids,
    store: Store,
    first_position: dict[str, int],
    rates: dict[str, TaxRate],
) -> Order:
    oid = ids.orders[oi]
    tax_lines = []
    for t in o.tax_lines:
        rate = rates.get(t.name)
        tax_lines.append(
            TaxLine(
                rate_id=rate.id if rate else None, name=t.name, rate=rate.rate if rate else ZERO, amount=four(t.amount)
            )
        )
    template = (
        (tax_lines[0].rate_id, tax_lines[0].name, tax_lines[0].rate) if len(tax_lines) == 1 else (None, "Tax", ZERO)
    )
    lines = []
    for line, line_id in zip(o.lines, ids.lines[oi], strict=True):
        quantity = line.quantity
        unit_tax = four(sum((t.amount for t in line.taxes), ZERO) / quantity) if quantity else ZERO
        ref = reference(line.product_id, ids.product_ref)
        variant_id: str | None = None
        pi = first_position.get(line.product_id or "")
        if pi is not None:
            product = store.products[pi]
            if not has_options(product):
                variant_id = str(ids.products[pi])
            else:
                vi = next((n for n, v in enumerate(product.variants) if v.id == line.variant_id), None)
                variant_id = str(ids.option_values[(pi, vi)]) if vi is not None else None
        lines.append(
            OrderLine(
                id=str(line_id),
                product_id=str(ref) if ref else None,
                variant_id=variant_id,
                sku=line.sku or "",
                title=line.title,
                quantity=quantity,
                unit_price=four(line.unit_price),
                taxable=bool(unit_tax),
                taxes=[
                    TaxAmount(
                        rate_id=template[0],
                        name=template[1],
                        rate=template[2],
                        amount=(unit_tax * quantity).quantize(Decimal("0.01")),
                    )
                ]
                if unit_tax
                else [],
            )
        )
    ranked: list[tuple[int, int, Discount]] = []
    for n, d in enumerate(o.discounts):
        amount = four(d.amount)
        if d.kind == "coupon":
            ranked.append((TOTAL_SORT["coupon"], n, Discount(kind="coupon", code=d.code or None, amount=amount)))
        elif d.kind == "reward_points":
            ranked.append((TOTAL_SORT["reward"], n, Discount(kind="reward_points", amount=amount)))
        else:
            ranked.append((TOTAL_SORT["discount"], n, Discount(kind="automatic", amount=amount)))
    billing = _address(o.billing, o.billing.phone) if o.billing else None
    shipping = _address(o.shipping_address, None) if o.shipping_address else None
    sid = status_id(o.status)
    customer = ids.customer_ref.get(o.customer_id or "", 0)
    vouchers = [p for p in o.payments if p.kind == "gift_card"]
    charged = [p for p in o.payments if p.kind != "gift_card"]
    due = four(o.total - sum((p.amount for p in vouchers), ZERO))
    first_payment = charged[0] if charged else None
    return Order(
        id=str(oid),
        number=str(oid),
        created_at=truncate_s(o.created_at),
        updated_at=truncate_s(o.updated_at) if o.updated_at else None,
        status=canonical_status(sid),
        platform_status=ORDER_STATUSES[sid],
        currency=o.currency or "USD",
        customer_id=str(customer) if customer else None,
        email=o.email or None,
        billing=None if billing == Address() else billing,
        shipping_address=None if shipping == Address() else shipping,
        lines=lines,
        shipping_lines=[
            ShippingLine(title=o.shipping_lines[0].title, price=four(sum((s.price for s in o.shipping_lines), ZERO)))
        ]
        if o.shipping_lines
        else [],
        fee_lines=[FeeLine(name=f.name, amount=four(f.amount)) for f in o.fee_lines],
        discounts=[d for _, _, d in sorted(ranked, key=lambda r: (r[0], r[1]))],
        tax_lines=tax_lines,
        payments=(
            [Payment(gateway=first_payment.gateway, kind=payment_kind(payment_code(first_payment.kind)), amount=due)]
            if first_payment is not None and first_payment.gateway
            else []
        )
        + [
            Payment(gateway=VOUCHER_GATEWAY, kind="gift_card", amount=four(p.amount), reference=p.reference or None)
            for p in vouchers
        ],
        total=due + sum((four(p.amount) for p in vouchers), ZERO),
        total_tax=sum((t.amount for t in tax_lines), ZERO),
        custom_fields=dict(o.custom_fields),
    )
