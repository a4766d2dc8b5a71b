"""Order, tax and extension pathologies (connector-rules sections D, E, I, J).

Extension pathologies (coupon plugins, points, gift cards, store credit, fees,
custom fields) keep each order's arithmetic exact: a plugin discount lowers the
total and the card payment together, a gift card splits the payment. The order
still adds up; what breaks a connector is that part of the money sits in fields
it does not read (rule #65). Only ``order_total_mismatch`` and
``tax_inclusive_rounding`` make orders whose numbers disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from decimal import Decimal

from harness.model.books import Document, DocumentLine
from harness.model.manifest import Injection, RecordRef
from harness.model.store import (
    Customer,
    CustomFieldDefinition,
    CustomFieldEntity,
    Discount,
    Extension,
    ExtensionKind,
    FeeLine,
    Order,
    Payment,
    PaymentKind,
    Product,
    Store,
    TaxAmount,
    TaxLine,
)
from harness.sources.generated.context import BooksDraft, StoreDraft, customer_ref, get_code, line_ref, order_ref
from harness.sources.generated.money import apply_rate, cents, ex_tax, money, rate_ppm
from harness.sources.generated.native import NO_EXTENSION_LIST, OC_VOUCHER_GATEWAY
from harness.sources.generated.orders import SYNCED_STATUSES, region_of
from harness.sources.generated.pathologies.base import ALL_PLATFORMS, pathology

_EXTENSIONS: dict[ExtensionKind, dict[str, tuple[str, str]]] = {
    "coupons": {"woocommerce": ("Advanced Coupons", "Rymera"), "magento": ("Amasty Special Promotions", "Amasty"),
                "*": ("Discount Ninja", "Ninja Apps")},
    "reward_points": {"woocommerce": ("WooCommerce Points and Rewards", "WooCommerce"),
                      "*": ("Smile: Loyalty & Rewards", "Smile.io")},
    "gift_cards": {"woocommerce": ("PW WooCommerce Gift Cards", "Pimwick"),
                   "shopify": ("Shopify Gift Cards", "Shopify"), "*": ("Gift Card Pro", "GC Apps")},
    "store_credit": {"woocommerce": ("TeraWallet", "WCBeginner"), "*": ("Store Credit & Refunds", "Rivo")},
    "custom_fees": {"woocommerce": ("Payment Gateway Based Fees", "WooCommerce"), "*": ("Order Surcharges", "Feeify")},
    "custom_fields": {"woocommerce": ("Advanced Custom Fields", "WP Engine"), "shopify": ("Metafields Guru", "Webkul"),
                      "*": ("Custom Fields Manager", "CF Labs")},
}


def use_extension(store: Store, kind: ExtensionKind) -> str:
    """Record that the store runs the plugin of ``kind`` and return its name (the ``source`` on orders).

    eBay and OpenCart have no list of installed extensions to read, so nothing is recorded there.
    """
    table = _EXTENSIONS[kind]
    name, vendor = table.get(store.platform, table["*"])
    if store.platform in NO_EXTENSION_LIST:
        return name
    if not any(e.name == name for e in store.extensions):
        store.extensions.append(Extension(name=name, kind=kind, vendor=vendor))
    return name


def _simple(d: StoreDraft, o: Order, minimum: int = 2000) -> bool:
    """A paid, unrefunded, home-currency, ex-tax order no pathology has touched: safe to reshape."""
    return (
        d.claims.free("order", o.id) and o.status in ("completed", "processing") and not o.refunds
        and len(o.payments) == 1 and o.currency == d.store.currency and not o.taxes_included
        and cents(o.total) >= minimum
    )


def _adjust_payment(order: Order, delta: int) -> None:
    pay = order.payments[0]
    pay.amount = money(cents(pay.amount) + delta)


def _reshape(
    name: str, d: StoreDraft, count: int, change: Callable[[StoreDraft, Order, int], str],
) -> list[Injection]:
    out = []
    for order in d.choose(d.store.orders, count, lambda o: _simple(d, o)):
        amount = max(100, cents(order.total) * d.rng.randint(10, 30) // 100)
        detail = change(d, order, amount)
        d.claims.claim("order", order.id)
        out.append(Injection(pathology=name, records=[order_ref(order)], detail=detail))
    return out


def _discount(d: StoreDraft, order: Order, amount: int, kind: ExtensionKind, code: str | None) -> str:
    source = use_extension(d.store, kind)
    discount = Discount(kind="coupon" if kind == "coupons" else "reward_points", code=code, amount=money(amount),
                        source=None if d.platform == "opencart" else source)
    if d.platform == "opencart" and kind == "reward_points":
        order.discounts.insert(0, discount)  # the ``reward`` total row sorts before ``coupon``
    else:
        order.discounts.append(discount)
    order.total = money(cents(order.total) - amount)
    _adjust_payment(order, -amount)
    return f"{source}: -{money(amount)}"


@pathology(name="coupon_plugin_lines", category="orders", rule=65, default_rate=0.03, unit="order",
           platforms=ALL_PLATFORMS - {"ebay", "opencart"},
           reasons={"ebay": "eBay orders carry no order-level coupon lines",
                    "opencart": "OpenCart coupon rows (oc_order_total code 'coupon') do not say which extension "
                                "added them, so a plugin coupon reads back as a native one"})
def coupon_plugin_lines(d: StoreDraft, count: int) -> list[Injection]:
    """An order discounted by a coupon plugin rather than the store's own coupons."""
    return _reshape("coupon_plugin_lines", d, count,
                    lambda d, o, a: _discount(d, o, a, "coupons", d.rng.choice(("BOGO-SOCKS", "BUNDLE25", "LOYAL5"))))


@pathology(name="reward_points", category="orders", rule=65, default_rate=0.03, unit="order",
           platforms=ALL_PLATFORMS - {"ebay"},
           reasons={"ebay": "eBay orders carry no order-level discounts, so no points redemption"})
def reward_points(d: StoreDraft, count: int) -> list[Injection]:
    """Part of an order paid with loyalty points, recorded as a points discount by a rewards plugin."""
    return _reshape("reward_points", d, count, lambda d, o, a: _discount(d, o, a, "reward_points", None))


def _split_payment(d: StoreDraft, order: Order, amount: int, kind: ExtensionKind) -> str:
    source = use_extension(d.store, kind)
    _adjust_payment(order, -amount)
    pay_kind: PaymentKind = "gift_card" if kind == "gift_cards" else "store_credit"
    gateway = OC_VOUCHER_GATEWAY if d.platform == "opencart" else source  # an OpenCart gift voucher row
    order.payments.append(Payment(gateway=gateway, kind=pay_kind, amount=money(amount),
                                  reference=f"{pay_kind}-{d.rng.getrandbits(32):08x}"))
    return f"{pay_kind} {money(amount)}"


@pathology(name="gift_card_payment", category="orders", rule=62, default_rate=0.03, unit="order",
           platforms=ALL_PLATFORMS - {"ebay"},
           reasons={"ebay": "eBay orders hold one payment method and the amount paid: no gift-card part"})
def gift_card_payment(d: StoreDraft, count: int) -> list[Injection]:
    """An order paid partly with a gift card: a redemption, not revenue."""
    return _reshape("gift_card_payment", d, count, lambda d, o, a: _split_payment(d, o, a, "gift_cards"))


@pathology(name="store_credit_payment", category="orders", rule=63, default_rate=0.03, unit="order",
           platforms=ALL_PLATFORMS - {"ebay", "opencart"},
           reasons={"ebay": "eBay orders hold one payment method and the amount paid: no store-credit part",
                    "opencart": "OpenCart orders keep one charged payment method (plus gift-voucher rows): a "
                                "store-credit part reads back as part of that payment"})
def store_credit_payment(d: StoreDraft, count: int) -> list[Injection]:
    """An order paid partly from the customer's store-credit wallet."""
    return _reshape("store_credit_payment", d, count, lambda d, o, a: _split_payment(d, o, a, "store_credit"))


def _fee(d: StoreDraft, order: Order, _amount: int) -> str:
    source = use_extension(d.store, "custom_fees")
    name, amount = d.rng.choice((("Payment surcharge", 250), ("Handling fee", 495), ("Gift wrap", 600)))
    order.fee_lines.append(FeeLine(name=name, amount=money(amount),
                                   source=None if d.platform == "opencart" else source))  # a bare ``handling`` row
    order.total = money(cents(order.total) + amount)
    _adjust_payment(order, amount)
    return f"{name} {money(amount)}"


@pathology(name="custom_fees", category="orders", rule=65, default_rate=0.03, unit="order",
           platforms=ALL_PLATFORMS - {"ebay"}, reasons={"ebay": "eBay orders carry no fee lines"})
def custom_fees(d: StoreDraft, count: int) -> list[Injection]:
    """A fee line added by a plugin (surcharge, handling, gift wrap) that a connector may not read."""
    return _reshape("custom_fees", d, count, _fee)


_FIELD_VALUES: dict[CustomFieldEntity, tuple[str, str, tuple[str, ...]]] = {
    "product": ("care_instructions", "Care instructions", ("Machine wash cold", "Hand wash only", "Wipe clean")),
    "customer": ("loyalty_tier", "Loyalty tier", ("Bronze", "Silver", "Gold")),
    "order": ("gift_message", "Gift message", ("Happy birthday!", "Joyeux Noël", "With love")),
}


def _define(store: Store, entity: CustomFieldEntity, key: str, label: str) -> None:
    if store.platform in NO_EXTENSION_LIST:  # no custom-field definitions to read there
        return
    if not any(f.entity == entity and f.key == key for f in store.custom_fields):
        store.custom_fields.append(CustomFieldDefinition(entity=entity, key=key, label=label))


@pathology(name="custom_fields", category="orders", rule=65, default_rate=0.03, unit="order")
def custom_fields(d: StoreDraft, count: int) -> list[Injection]:
    """Custom fields on orders, products and customers, added by a plugin: data a connector drops.

    On eBay only listings hold them (item specifics); buyers and orders have none.
    """
    pools: dict[CustomFieldEntity, Sequence[Order | Product | Customer]] = {
        "order": d.store.orders, "product": d.store.products, "customer": d.store.customers,
    }
    picks: dict[CustomFieldEntity, list[tuple[str, object]]] = {}
    entities: tuple[CustomFieldEntity, ...] = ("product",) if d.platform == "ebay" else ("order", "product", "customer")
    for entity in entities:
        share = count // 3 + (1 if entities.index(entity) < count % 3 else 0)
        chosen = d.choose(pools[entity], share, lambda r, e=entity: d.claims.free(e, r.id)  # type: ignore[misc]
                          and (e != "order" or r.status in SYNCED_STATUSES))
        picks[entity] = [(r.id, r) for r in chosen]
    out = []
    if any(picks.values()):
        use_extension(d.store, "custom_fields")
    for entity in entities:
        key, label, values = _FIELD_VALUES[entity]
        if picks[entity]:
            _define(d.store, entity, key, label)
        for ident, record in picks[entity]:
            record.custom_fields[key] = d.rng.choice(values)  # type: ignore[attr-defined]
            d.claims.claim(entity, ident)
            ref = _entity_ref(entity, record)
            out.append(Injection(pathology="custom_fields", records=[ref], detail=f"{entity} field {key}"))
    return out


def _entity_ref(entity: CustomFieldEntity, record: object) -> RecordRef:
    if entity == "order":
        return order_ref(record)  # type: ignore[arg-type]
    if entity == "customer":
        return customer_ref(record)  # type: ignore[arg-type]
    return RecordRef(kind="product", id=record.id, label=record.title)  # type: ignore[attr-defined]


@pathology(name="custom_field_holds_code", category="orders", rule=24, default_rate=0.02, unit="product")
def custom_field_holds_code(d: StoreDraft, count: int) -> list[Injection]:
    """A product custom field ("Item code") holding what looks like the product code: which field is the real one?

    The product also carries a custom field, so each instance is listed under ``custom_fields`` too.
    """
    def ok(p: Product) -> bool:
        return (d.claims.free("product", p.id) and bool(p.variants) and d.claims.free("variant", p.variants[0].id)
                and bool(get_code(p.variants[0], d.platform)))

    out = []
    picked = d.choose(d.store.products, count, ok)
    if picked:
        use_extension(d.store, "custom_fields")
        _define(d.store, "product", "item_code", "Item code")
    for product in picked:
        code = get_code(product.variants[0], d.platform) or ""
        product.custom_fields["item_code"] = code
        d.claims.claim("product", product.id)
        ref = RecordRef(kind="product", id=product.id, label=product.title)
        out.append(Injection(pathology="custom_field_holds_code", records=[ref], detail=f"item_code = {code}"))
        out.append(Injection(pathology="custom_fields", records=[ref], detail="product field item_code"))
    return out


def _round_trip_off(gross: int, ppm: int) -> bool:
    ex = ex_tax(gross, ppm)
    return ex + apply_rate(ex, ppm) != gross


def _invoice_gap(lines: list[tuple[int, int]]) -> int:
    """QuickBooks' total minus the store's for (gross, combined ppm) lines: ex-tax per line, tax per rate."""
    net_by_rate: dict[int, int] = {}
    gross_total = net_total = 0
    for gross, ppm in lines:
        net = ex_tax(gross, ppm)
        gross_total += gross
        net_total += net
        net_by_rate[ppm] = net_by_rate.get(ppm, 0) + net
    return net_total + sum(apply_rate(n, p) for p, n in net_by_rate.items()) - gross_total


@pathology(name="tax_inclusive_rounding", category="orders", rule=37, default_rate=0.03, unit="order",
           platforms=ALL_PLATFORMS - {"ebay", "opencart"},
           reasons={"ebay": "eBay orders keep no taxes-included flag: prices read back ex-tax beside one sales tax",
                    "opencart": "OpenCart keeps every order price ex-tax (tax per unit in oc_order_product) and no "
                                "taxes-included flag"})
def tax_inclusive_rounding(d: StoreDraft, count: int) -> list[Injection]:
    """A tax-inclusive order whose ex-tax conversion is a cent off (14.90 incl. 10 % -> 13.55 + 1.36 = 14.91)."""
    def ok(o: Order) -> bool:
        region = region_of(o.shipping_address)
        return _simple(d, o, minimum=0) and region is not None and bool(region.taxes) and o.lines[0].taxable

    out: list[Injection] = []
    for order in d.choose(d.store.orders, count * 3, ok):  # spares: a few orders cannot be made a cent off
        if len(out) == count:
            break
        region = region_of(order.shipping_address)
        assert region is not None
        ppms = [rate_ppm(t.rate) for t in region.taxes]
        combined = sum(ppms)
        first = order.lines[0]
        # the rest of the order as QuickBooks will see it, discounts dropped
        rest = [(cents(ln.unit_price) * ln.quantity, combined if ln.taxable else 0) for ln in order.lines[1:]]
        rest_off = any(p and _round_trip_off(g, p) for g, p in rest)
        gross = cents(first.unit_price)
        for _ in range(2_000):  # a cent off per line and on the whole invoice, whichever way it is recomputed
            if (rest_off or _round_trip_off(gross, combined)) and _invoice_gap([(gross, combined), *rest]):
                break
            gross += 1
        else:
            continue
        first.quantity = 1
        first.unit_price = money(gross)
        per_rate = [0] * len(ppms)
        items = 0
        for line in order.lines:
            line.discount = money(0)
            g = cents(line.unit_price) * line.quantity
            items += g
            if not line.taxable:
                continue
            ex = ex_tax(g, combined)
            shares = [apply_rate(ex, p) for p in ppms[:-1]]
            shares.append(g - ex - sum(shares))
            line.taxes = [TaxAmount(rate_id=t.id, name=t.name, rate=t.rate, amount=money(s))
                          for t, s in zip(region.taxes, shares, strict=True)]
            per_rate = [a + b for a, b in zip(per_rate, shares, strict=True)]
        shipping = 0
        for ship in order.shipping_lines:
            ship.taxes = []
            shipping += cents(ship.price)
        order.discounts = []
        order.tax_lines = [TaxLine(rate_id=t.id, name=t.name, rate=t.rate, amount=money(a), jurisdiction=t.jurisdiction)
                           for t, a in zip(region.taxes, per_rate, strict=True)]
        order.taxes_included = True
        order.total = money(items + shipping)
        order.total_tax = money(sum(per_rate))
        order.payments[0].amount = order.total
        d.claims.claim("order", order.id)
        out.append(Injection(pathology="tax_inclusive_rounding", records=[order_ref(order)],
                             detail=f"line {first.id}: {money(gross)} incl. {Decimal(combined) / 10_000} %"))
    return out


@pathology(name="foreign_currency_order", category="orders", rule=67, default_rate=0.02, unit="order")
def foreign_currency_order(d: StoreDraft, count: int) -> list[Injection]:
    """An order in a currency other than the store's (and the books' home currency)."""
    other = "CAD" if d.store.currency != "CAD" else "USD"

    def change(d: StoreDraft, order: Order, _amount: int) -> str:
        order.currency = other
        return other

    return _reshape("foreign_currency_order", d, count, change)


@pathology(name="order_line_sku_not_in_catalogue", category="orders", rule=27, default_rate=0.02, unit="order")
def order_line_sku_not_in_catalogue(d: StoreDraft, count: int) -> list[Injection]:
    """An order line whose SKU as ordered is not in the catalogue (renamed since, or an option-composite SKU)."""
    codes = d.codes()
    out = []
    for order in d.choose(d.store.orders, count, lambda o: _simple(d, o, minimum=0) and any(ln.sku for ln in o.lines)):
        line = next(ln for ln in order.lines if ln.sku)
        sku = line.sku or ""
        new = f"{sku}-{d.rng.choice(('GIFTWRAP', 'ENGRAVED', 'OPT1'))}" if d.rng.random() < 0.5 else f"OLD-{sku}"
        while new in codes:
            new += "X"
        line.sku = new
        d.claims.claim("order", order.id)
        out.append(Injection(pathology="order_line_sku_not_in_catalogue", records=[line_ref(order, line)],
                             detail=f"catalogue has {sku}"))
    return out


@pathology(name="order_total_mismatch", category="orders", rule=65, default_rate=0.02, unit="order")
def order_total_mismatch(d: StoreDraft, count: int) -> list[Injection]:
    """An order whose stated total is not the sum of its lines, shipping, fees and tax less discounts."""

    def change(d: StoreDraft, order: Order, _amount: int) -> str:
        delta = d.rng.choice((-1, 1)) * d.rng.choice((1, 2, 5, 100, 250, 499))
        order.total = money(cents(order.total) + delta)
        _adjust_payment(order, delta)
        return f"total off by {money(delta)}"

    return _reshape("order_total_mismatch", d, count, change)


# ---- books side ----------------------------------------------------------------------------------------------

@pathology(name="tax_rate_missing_in_books", category="orders", rule=35, default_rate=1, unit="once", side="books")
def tax_rate_missing_in_books(d: BooksDraft, count: int) -> list[Injection]:
    """A tax rate the store charges on orders that does not exist in the books."""
    used = {tl.rate_id for o in d.store.orders if o.status in SYNCED_STATUSES for tl in o.tax_lines}
    candidates = [r for r in d.store.tax.rates if r.id in used and d.claims.free("tax_rate", r.id)]
    out = []
    for rate in d.pick(candidates, count):
        gone = {b.id for b in d.books.tax_rates if b.name == rate.name and b.rate == rate.rate}
        d.books.tax_rates = [b for b in d.books.tax_rates if b.id not in gone]
        for code in d.books.tax_codes:
            code.sales_rate_ids = [i for i in code.sales_rate_ids if i not in gone]
        d.books.tax_codes = [c for c in d.books.tax_codes if c.sales_rate_ids or not c.taxable]
        d.claims.claim("tax_rate", rate.id)
        out.append(Injection(pathology="tax_rate_missing_in_books",
                             records=[RecordRef(kind="tax_rate", id=rate.id, label=f"{rate.name} {rate.rate} %")]))
    return out


@pathology(name="no_zero_rate_code", category="orders", rule=35, default_rate=1, unit="once", side="books")
def no_zero_rate_code(d: BooksDraft, count: int) -> list[Injection]:
    """Books with no 0 % or exempt tax code, which the connector needs for untaxed sales."""
    zero_rates = {r.id for r in d.books.tax_rates if r.rate == 0}
    d.books.tax_codes = [
        c for c in d.books.tax_codes
        if c.taxable and c.sales_rate_ids and not all(i in zero_rates for i in c.sales_rate_ids)
    ]
    d.books.tax_rates = [r for r in d.books.tax_rates if r.id not in zero_rates]
    return [Injection(pathology="no_zero_rate_code",
                      records=[RecordRef(kind="books", id=d.books.realm_id, label=d.books.preferences.company_name)])]


@pathology(name="order_number_collides", category="orders", rule=30, default_rate=0.02, unit="order", side="books")
def order_number_collides(d: BooksDraft, count: int) -> list[Injection]:
    """A store order number that an existing books invoice already uses as its DocNumber."""
    out = []
    for order in d.choose(d.store.orders, count,
                          lambda o: o.status in SYNCED_STATUSES and d.claims.free("order", o.id)):
        item = d.rng.choice(d.books.items) if d.books.items else None
        price = item.unit_price if item is not None and item.unit_price is not None else money(2500)
        doc = Document(
            id=str(len(d.books.documents) + 1), type="Invoice", number=order.number,
            date=(order.created_at - timedelta(days=d.rng.randint(30, 400))).date(), currency=d.store.currency,
            total=price, lines=[DocumentLine(item_id=item.id if item else None, quantity=Decimal(1), unit_price=price,
                                             amount=price)],
            private_note="Entered by hand",
        )
        d.books.documents.append(doc)
        d.claims.claim("order", order.id)
        out.append(Injection(pathology="order_number_collides", records=[
            order_ref(order), RecordRef(kind="document", id=doc.id, label=doc.number)]))
    return out


@pathology(name="order_before_inventory_start", category="orders", rule=46, default_rate=0.02, unit="item",
           side="books")
def order_before_inventory_start(d: BooksDraft, count: int) -> list[Injection]:
    """Orders dated before their inventory item's start (as-of) date, which QuickBooks refuses to post."""
    orders_by_sku: dict[str, list[Order]] = {}
    for order in d.store.orders:
        for line in order.lines:
            if line.sku:
                orders_by_sku.setdefault(line.sku, []).append(order)
    candidates = []
    for item in d.books.items:
        code = item.name if d.match_field == "name" else item.sku
        if (item.type == "Inventory" and item.inv_start_date is not None and d.claims.free("item", item.id)
                and code and orders_by_sku.get(code)):
            candidates.append((item, code))
    out: list[Injection] = []
    for item, code in d.pick(candidates, count * 3):  # spares: an item whose first order is unsynced has no prefix
        if len(out) == count:
            break
        orders = sorted({o.id: o for o in orders_by_sku[code]}.values(), key=lambda o: (o.created_at, o.id))
        # every order before the new start date must be one a sync reads, so the start date goes after a
        # prefix of whole days holding only synced orders
        days: list[date] = []
        for o in orders:
            day = o.created_at.date()
            if o.status not in SYNCED_STATUSES:
                if days and days[-1] == day:  # that day also holds an unsynced order
                    days.pop()
                break
            if not days or days[-1] != day:
                days.append(day)
        if not days:
            continue
        start = days[len(days) // 2] + timedelta(days=1)
        item.inv_start_date = start
        early = [o for o in orders if o.created_at.date() < start]
        d.claims.claim("item", item.id)
        out.append(Injection(pathology="order_before_inventory_start", detail=f"InvStartDate {start.isoformat()}",
                             records=[RecordRef(kind="item", id=item.id, label=code), *map(order_ref, early)]))
    return out
