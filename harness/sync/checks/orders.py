"""Order checks: will each order post once, in balance, in a currency the books take? (#30-#32, #55-#59, #65-#67)"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal

from harness.model.common import as_money
from harness.model.manifest import RecordRef
from harness.model.store import Order
from harness.sync.checks import Hit, check
from harness.sync.context import CheckContext, order_ref


@check(
    code="ORDER_NUMBER_COLLIDES",
    category="order",
    severity="error",
    title="Order numbers already used by books documents",
    rule="#30, #31",
    explanation=(
        "Invoices are matched by number. A store order whose number (with the profile's prefix) already "
        "belongs to a books document is skipped as 'already synced', or refused as a duplicate document "
        "number: the sale is silently missing from the books."
    ),
    remedy="Set an order-number prefix in the connector (e.g. 'WEB-') that no books document uses.",
)
def order_number_collides(ctx: CheckContext) -> Iterator[Hit]:
    docs = ctx.matching.index.doc_numbers
    prefix = ctx.profile.invoice_prefix
    for order in ctx.synced_orders:
        number = ctx.doc_number(order)
        ids = docs.get(number.strip().casefold())
        if ids:
            hint = "" if prefix else " (no prefix is set)"
            yield Hit(
                f"order {order.number} would be document {number!r}, already used in the books{hint}",
                [order_ref(order), *(RecordRef(kind="document", id=i, label=number) for i in ids)],
                amount=order.total,
            )


def expected_total(order: Order) -> Decimal:
    """Lines + shipping + fees + tax − discounts, the way the books will add the order up."""
    lines = sum((ln.unit_price * ln.quantity - ln.discount for ln in order.lines), Decimal(0))
    shipping = sum((s.price for s in order.shipping_lines), Decimal(0))
    fees = sum((f.amount for f in order.fee_lines), Decimal(0))
    discounts = sum((d.amount for d in order.discounts), Decimal(0))
    tax = Decimal(0) if order.taxes_included else sum((t.amount for t in order.tax_lines), Decimal(0))
    return lines + shipping + fees + tax - discounts


@check(
    code="ORDER_TOTAL_MISMATCH",
    category="order",
    severity="error",
    title="Orders whose parts do not add up to their total",
    rule="#65",
    explanation=(
        "The connector rebuilds each order from its lines, shipping, fees, tax and discounts. When those do "
        "not add up to the total the customer paid (usually a plugin changed the total through a field the "
        "connector does not read), the books and the payment disagree."
    ),
    remedy="Find the extension that changes these totals and map its amounts (or post an adjustment line).",
)
def order_total_mismatch(ctx: CheckContext) -> Iterator[Hit]:
    for order in ctx.orders_in_window:
        gap = order.total - expected_total(order)
        if gap:
            yield Hit(
                f"order {order.number}: parts add up to {as_money(order.total - gap)}, the total is "
                f"{as_money(order.total)} ({as_money(gap):+})",
                [order_ref(order)],
                amount=abs(gap),
            )


@check(
    code="ORDER_CURRENCY_UNSUPPORTED",
    category="order",
    severity="error",
    title="Orders in a currency the books cannot take",
    rule="#67",
    explanation=(
        "The books have multicurrency off, so a sale in another currency cannot be posted (or is posted at "
        "face value in the home currency, which is worse)."
    ),
    remedy="Switch multicurrency on in QuickBooks (it cannot be switched off again), or sell in one currency.",
)
def order_currency_unsupported(ctx: CheckContext) -> Iterator[Hit]:
    prefs = ctx.books.preferences
    if prefs.multicurrency:
        return
    for order in ctx.synced_orders:
        if order.currency.upper() != prefs.home_currency.upper():
            yield Hit(
                f"order {order.number} is in {order.currency}; the books take only {prefs.home_currency}",
                [order_ref(order)],
                amount=order.total,
            )


@check(
    code="REFUND_NOT_POSTED",
    category="order",
    severity="warning",
    title="Refunds the connector will not post",
    rule="#57, #58",
    explanation=(
        "The connector posts refunds only for some platforms. For the others, refunded money stays in the "
        "books as revenue until someone enters a refund receipt by hand."
    ),
    remedy="Enter these refunds in the books by hand, or use a connector that posts refunds for this platform.",
)
def refund_not_posted(ctx: CheckContext) -> Iterator[Hit]:
    if ctx.store.platform in ctx.profile.refunds_supported:
        return
    for order in ctx.orders_in_window:
        if order.refunds:
            amount = sum((r.amount for r in order.refunds), Decimal(0))
            yield Hit(
                f"order {order.number} has {len(order.refunds)} refund(s) of {as_money(amount)}",
                [order_ref(order)],
                amount=amount,
            )


@check(
    code="ORDER_STATUS_NOT_SYNCED",
    category="order",
    severity="info",
    title="Orders left out by their status",
    rule="#55",
    explanation="Only orders in the profile's statuses are pulled; the others never reach the books.",
    remedy="Check that these statuses are meant to stay out (pending payment, cancelled, failed).",
)
def order_status_not_synced(ctx: CheckContext) -> Iterator[Hit]:
    statuses = set(ctx.profile.sync_statuses)
    by_status: dict[str, list[Order]] = defaultdict(list)
    for order in ctx.orders_in_window:
        if order.status not in statuses:
            by_status[order.status].append(order)
    for status, orders in sorted(by_status.items()):
        yield Hit(f"{len(orders)} orders are {status}", [order_ref(o) for o in orders])
