"""Tax checks: can every store tax be posted to a books tax code, to the cent? (rules #35-#41)"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal

from harness.model.books import TaxCode
from harness.model.common import as_money
from harness.model.manifest import RecordRef
from harness.model.store import Order
from harness.sync.checks import Hit, check
from harness.sync.context import CheckContext, order_ref
from harness.sync.normalise import display_key

HUNDRED = Decimal(100)



@check(
    code="TAX_RATE_NOT_IN_BOOKS",
    category="tax",
    severity="error",
    title="Store tax rates with no books tax code",
    rule="#35, #39, #40",
    explanation=(
        "Every tax rate the store charges must exist in the books before the sync: orders with an unmapped "
        "rate fail or fall back to the wrong code, which misstates the tax liability."
    ),
    remedy="Create a tax code with this rate in the books (or map the store rate to an existing code).",
)
def tax_rate_not_in_books(ctx: CheckContext) -> Iterator[Hit]:
    by_name = ctx.books_tax_by_name
    same_rate: dict[Decimal, str] = {}
    for books_rate in ctx.books.tax_rates:
        if books_rate.active:
            same_rate.setdefault(books_rate.rate.normalize(), books_rate.name)
    used: dict[tuple[str, str, Decimal], list[Order]] = defaultdict(list)
    for store_rate in ctx.store.tax.rates:  # configured rates count even before an order uses them (#35)
        if store_rate.rate:
            used[(store_rate.id, store_rate.name, store_rate.rate.normalize())] = []
    for order in ctx.orders_in_window:
        for line in order.tax_lines:
            if line.rate:
                used[(line.rate_id or line.name, line.name, line.rate.normalize())].append(order)
    for (rate_id, name, rate), orders in sorted(used.items()):
        if by_name.get(display_key(name)) != rate:
            alike = same_rate.get(rate)
            hint = f"; books rate {alike!r} has the same percentage: map to it if it is the same tax" if alike else ""
            yield Hit(
                f"{name} ({rate}%) is set up in the store and charged on {len(orders)} orders, but the books have "
                f"no tax code of that name and rate{hint}",
                [RecordRef(kind="tax_rate", id=rate_id, label=f"{name} {rate}%"), *(order_ref(o) for o in orders)],
                amount=sum((tl.amount for o in orders for tl in o.tax_lines if tl.name == name), Decimal(0)),
            )


@check(
    code="TAX_NO_ZERO_CODE",
    category="tax",
    severity="error",
    title="No 0% tax code in the books",
    rule="#35",
    explanation=(
        "The connector needs a 0% (or exempt) tax code for untaxed lines, shipping and exempt customers, even "
        "in a store that charges no tax at all."
    ),
    remedy="Create a 0% tax code in the books (QuickBooks: Taxes > Add tax > custom rate of 0%).",
)
def tax_no_zero_code(ctx: CheckContext) -> Iterator[Hit]:
    books = ctx.books
    rates = {r.id: r.rate for r in books.tax_rates}

    def zero(code: TaxCode) -> bool:
        return not code.taxable or all(rates.get(i, Decimal(0)) == 0 for i in code.sales_rate_ids)

    if any(code.active and zero(code) for code in books.tax_codes):
        return
    yield Hit(
        "the books have no active 0% or exempt tax code",
        [RecordRef(kind="books", id=books.realm_id, label=books.preferences.company_name)],
    )


@check(
    code="STORE_TAX_NOT_SET_UP",
    category="tax",
    severity="warning",
    title="Tax not set up in the store",
    rule="#36",
    explanation=(
        "The connector posts tax exactly as the store reports it. A store with tax switched off (or with no "
        "rates) posts gross amounts with no tax split."
    ),
    remedy="Configure the store's tax settings, or confirm that the business charges no tax.",
)
def store_tax_not_set_up(ctx: CheckContext) -> Iterator[Hit]:
    tax = ctx.store.tax
    if not tax.enabled or not tax.rates:
        untaxed = sum(1 for o in ctx.orders_in_window if not o.tax_lines)
        yield Hit(
            f"tax is {'off' if not tax.enabled else 'on with no rates'} in the store; {untaxed} orders carry no tax",
            [RecordRef(kind="store", id="tax")],
        )


@check(
    code="TAX_INCLUSIVE_ROUNDING",
    category="tax",
    severity="warning",
    title="Tax-inclusive orders that will be a cent off",
    rule="#37",
    explanation=(
        "QuickBooks stores ex-tax line amounts to 2 decimals and computes tax on them. Converting a "
        "tax-inclusive price (14.90 incl. 10% = 13.545 ex tax → 13.55 → 14.91) leaves these orders a cent "
        "or more away from what the customer paid, so payments and deposits will not match."
    ),
    remedy="Round tax at subtotal in the store, or let the connector post a rounding adjustment line.",
)
def tax_inclusive_rounding(ctx: CheckContext) -> Iterator[Hit]:
    for order in ctx.orders_in_window:
        if not order.taxes_included:
            continue
        gap = inclusive_rounding_gap(order)
        if gap:
            yield Hit(
                f"order {order.number} will be {as_money(gap):+} off in the books", [order_ref(order)], amount=abs(gap)
            )


def inclusive_rounding_gap(order: Order) -> Decimal:
    """QuickBooks' total of a tax-inclusive order minus the store's, for the product lines."""
    gross_total = Decimal(0)
    net_by_rate: dict[Decimal, Decimal] = defaultdict(Decimal)
    net_total = Decimal(0)
    for line in order.lines:
        gross = line.unit_price * line.quantity - line.discount
        rate = sum((t.rate for t in line.taxes), Decimal(0))
        net = as_money(gross / (1 + rate / HUNDRED))
        gross_total += gross
        net_total += net
        net_by_rate[rate] += net
    tax = sum((as_money(net * rate / HUNDRED) for rate, net in net_by_rate.items()), Decimal(0))
    return net_total + tax - gross_total


@check(
    code="AUTOMATED_SALES_TAX_ON",
    category="tax",
    severity="warning",
    title="QuickBooks automated sales tax is on",
    rule="#38",
    explanation=(
        "With automated sales tax, QuickBooks recalculates tax from the address and can replace the tax the "
        "store charged: paid orders then show a balance or an overpayment."
    ),
    remedy="Check the connector sends tax as a total override, or compare a sample of orders after the sync.",
)
def automated_sales_tax_on(ctx: CheckContext) -> Iterator[Hit]:
    if ctx.books.preferences.automated_sales_tax:
        yield Hit("automated sales tax is on in the books", [RecordRef(kind="books", id="preferences")])
