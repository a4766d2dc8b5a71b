"""What of a canonical Store eBay can hold: the Store an honest read-back must equal.

The rules, each following from the Trading API (store-apis.md 3.1):

* **Listings.** Draft products are not listings (drafts never reach the
  Trading API); archived products are ended listings. Variant ids are rebuilt
  (``{ItemID}`` for a single-variation listing, ``{ItemID}-{n}`` per variation).
  Kept: title, description, Brand (vendor) and other item specifics (custom
  fields), category name (product type), start time (to the millisecond), the
  parent Custom label on multi-variation listings, per-variant Custom label,
  UPC, options, price and "was" price (to the cent), and the listing-wide
  sales-tax-table flag (``UseTaxTable``). Lost: model, cost, tax class, weight,
  updated time, variant titles, the untracked flag (eBay always counts stock).
* **Stock.** One quantity per listing or variation, never negative: an
  oversold variant reads back as 0 available.
* **Customers.** Only buyers on orders, with the user id, names and email that
  eBay shows on each transaction; everything else about a customer is lost,
  and customers who never ordered do not exist. Order emails are the buyer's.
* **Orders.** The order number is the OrderID. Kept: status (as eBay's coarser
  states), dates, currency, shipping address (one ``Name``, split at the first
  space; no billing address), lines with their Custom label, unit price, line
  discount and tax amounts, one shipping service (the lines' prices summed),
  the total, the sales tax (one rate: the first tax line's, named and identified
  by its ``SalesTaxState`` like the tax table's rates), the payment method
  and amount paid. Lost: order-level discounts and coupons, fees, refunds,
  custom fields, the taxes-included flag, tax rate names and ids.
* **Store.** Country and currency are the eBay site's; the tax table holds one
  rate per region; one stock location.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from harness.model.common import ZERO
from harness.model.store import (
    Address,
    Customer,
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
from harness.platforms.ebay.wire import (
    EBAY_LOCATION,
    SALES_TAX,
    canonical_order_status,
    ebay_order_status,
    is_multi_variation,
    is_shipped,
    join_name,
    payment_kind,
    payment_method,
    site_for,
    split_name,
    variation_id,
)
from harness.platforms.ebay.xmltools import money_text, truncate_ms


def project_store(store: Store) -> Store:
    """The Store as an eBay seller account holds it (see the module docstring for every loss)."""
    site = site_for(store.country)
    listed = [p for p in store.products if p.status != "draft"]
    products = [_product(p) for p in listed]
    by_id = {p.id: p for p in listed}
    projected = {p.id: p for p in products}
    options_of = {v.id: v.options for p in listed if is_multi_variation(p) for v in p.variants}
    known = {c.id: c for c in store.customers}
    orders: list[Order] = []
    seen: set[str] = set()
    for order in sorted(store.orders, key=lambda o: (o.created_at, o.id)):
        if order.id not in seen:
            seen.add(order.id)
            orders.append(_order(order, known, by_id, projected, options_of))
    return Store(
        platform="ebay",
        name=store.name,
        currency=site.currency,
        country=site.country,
        locations=[Location(id=EBAY_LOCATION, name="eBay")],
        products=products,
        customers=_customers(store, sorted(store.orders, key=lambda o: (o.created_at, o.id))),
        orders=orders,
        tax=TaxSettings(rates=_rates(store.tax.rates, site.country)),
    )


def cents(amount: Decimal) -> Decimal:
    return Decimal(money_text(amount))


def xml_text(value: str) -> str:
    """XML parsers turn every line break into ``\\n``."""
    return value.replace("\r\n", "\n").replace("\r", "\n")


def _product(p: Product) -> Product:
    multi = is_multi_variation(p)
    taxable = p.variants[0].taxable if p.variants else True
    variants: list[Variant]
    if multi:
        variants = [
            _variant(v, variation_id(p.id, n), taxable, options=dict(v.options)) for n, v in enumerate(p.variants, 1)
        ]
    elif p.variants:
        variants = [_variant(p.variants[0], p.id, taxable, options={})]
    else:
        variants = [Variant(id=p.id, quantities={EBAY_LOCATION: 0})]
    options: list[str] = []
    if multi:
        names = dict.fromkeys(p.options)
        for v in p.variants:
            names.update(dict.fromkeys(v.options))
        options = list(names)
    custom = {k: v for k, v in p.custom_fields.items() if k != "Brand"}
    return Product(
        id=p.id,
        title=xml_text(p.title),
        description=xml_text(p.description) if p.description is not None else None,
        vendor=p.vendor if p.vendor is not None else p.custom_fields.get("Brand"),
        product_type=p.product_type,
        status="active" if p.status == "active" else "archived",
        created_at=truncate_ms(p.created_at) if p.created_at else None,
        options=options,
        sku=p.sku if multi else None,
        variants=variants,
        custom_fields=custom,
    )


def _variant(v: Variant, new_id: str, taxable: bool, *, options: dict[str, str]) -> Variant:
    return Variant(
        id=new_id,
        sku=v.sku,
        barcode=v.barcode,
        options=options,
        price=cents(v.price),
        compare_at_price=cents(v.compare_at_price) if v.compare_at_price is not None else None,
        taxable=taxable,
        quantities={EBAY_LOCATION: max(v.quantity, 0)},
    )


def _customers(store: Store, orders: Iterable[Order]) -> list[Customer]:
    known = {c.id: c for c in store.customers}
    out: dict[str, Customer] = {}
    for order in orders:
        if order.customer_id is None:
            continue
        cid = order.customer_id
        record = known.get(cid)
        if not order.lines:
            candidate = Customer(id=cid)
        elif record is not None:
            candidate = Customer(id=cid, first_name=record.first_name, last_name=record.last_name, email=record.email)
        else:
            candidate = Customer(id=cid, email=order.email)
        old = out.get(cid)
        if old is None or (old.email is None and old.first_name is None and (candidate.email or candidate.first_name)):
            out[cid] = candidate
    return list(out.values())


def _order(
    o: Order,
    known: dict[str, Customer],
    products: dict[str, Product],
    projected: dict[str, Product],
    options_of: dict[str, dict[str, str]],
) -> Order:
    record = known.get(o.customer_id or "")
    email = (record.email if record is not None else o.email) if o.lines else None
    state = ebay_order_status(o.status)
    rate = o.tax_lines[0].rate if o.tax_lines else ZERO
    lines = [_line(line, rate, products, projected, options_of) for line in o.lines]
    shipping = (
        [ShippingLine(title=o.shipping_lines[0].title, price=cents(sum((s.price for s in o.shipping_lines), ZERO)))]
        if o.shipping_lines
        else []
    )
    tax_lines = (
        [
            TaxLine(
                rate_id=o.tax_lines[0].jurisdiction or None,
                name=o.tax_lines[0].jurisdiction or SALES_TAX,
                rate=o.tax_lines[0].rate,
                amount=cents(o.total_tax),
                jurisdiction=o.tax_lines[0].jurisdiction or None,
            )
        ]
        if o.tax_lines
        else []
    )
    payments = []
    if o.payments:
        method = payment_method(o.payments[0].kind)
        payments = [
            Payment(gateway=method, kind=payment_kind(method), amount=cents(sum((p.amount for p in o.payments), ZERO)))
        ]
    return Order(
        id=o.id,
        number=o.id,
        created_at=truncate_ms(o.created_at),
        updated_at=truncate_ms(o.updated_at or o.created_at),
        status=canonical_order_status(state, is_shipped(o.status)),
        platform_status=state,
        currency=o.currency,
        customer_id=o.customer_id,
        email=email,
        shipping_address=_address(o.shipping_address),
        lines=lines,
        shipping_lines=shipping,
        tax_lines=tax_lines,
        payments=payments,
        total=cents(o.total),
        total_tax=cents(o.total_tax),
    )


def _line(
    line: OrderLine,
    rate: Decimal,
    products: dict[str, Product],
    projected: dict[str, Product],
    options_of: dict[str, dict[str, str]],
) -> OrderLine:
    variant_id: str | None = None
    product = products.get(line.product_id or "")
    if product is not None:
        shown = projected[product.id]
        if not is_multi_variation(product):
            variant_id = shown.variants[0].id
        else:
            options = options_of.get(line.variant_id or "")
            if options is not None:
                variant_id = next((v.id for v in shown.variants if v.options == options), None)
    return OrderLine(
        id=line.id,
        product_id=line.product_id,
        variant_id=variant_id,
        sku=line.sku,
        title=xml_text(line.title),
        quantity=line.quantity,
        unit_price=cents(line.unit_price),
        discount=cents(line.discount),
        taxes=[TaxAmount(name=t.name, rate=rate, amount=cents(t.amount)) for t in line.taxes],
    )


def _address(a: Address | None) -> Address | None:
    if a is None:
        return None
    first, last = split_name(join_name(a.first_name, a.last_name))
    return Address(
        first_name=first,
        last_name=last,
        company=a.company or None,
        line1=a.line1 or None,
        line2=a.line2 or None,
        city=a.city or None,
        region=a.region or None,
        postal_code=a.postal_code or None,
        country=a.country or None,
        phone=a.phone or None,
    )


def _rates(rates: list[TaxRate], country: str) -> list[TaxRate]:
    out: dict[str, TaxRate] = {}
    for r in rates:
        if r.region and r.region not in out:
            out[r.region] = TaxRate(
                id=r.region, name=r.region, rate=r.rate, country=country, region=r.region, shipping=r.shipping
            )
    return list(out.values())
