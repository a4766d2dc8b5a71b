"""Extension checks: coupons, points, gift cards, store credit and fees from plugins (rules #60-#65)"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal

from harness.model.common import as_money
from harness.model.store import Order
from harness.sync.checks import Hit, check
from harness.sync.context import CheckContext, order_ref


def _per_order(ctx: CheckContext, amount_of: Callable[[Order], Decimal | None], what: str) -> Iterator[Hit]:
    for order in ctx.orders_in_window:
        amount = amount_of(order)
        if amount is not None:
            yield Hit(f"order {order.number}: {what} {as_money(amount)}", [order_ref(order)], amount=amount)


def _sum_or_none(values: list[Decimal]) -> Decimal | None:
    return sum(values, Decimal(0)) if values else None


@check(
    code="EXTENSION_COUPON_PLUGIN",
    category="extension",
    severity="warning",
    title="Discounts added by a coupon plugin",
    rule="#61, #65",
    explanation=(
        "The connector was built for the store's own discounts. Coupon plugins put their discounts where it "
        "may not read them, so the posted sale can be the undiscounted amount."
    ),
    remedy="Map the plugin's discount to a discount item, and check a few orders after the first sync.",
)
def coupon_plugin(ctx: CheckContext) -> Iterator[Hit]:
    yield from _per_order(
        ctx,
        lambda o: _sum_or_none([d.amount for d in o.discounts if d.kind == "coupon" and d.source]),
        "plugin coupon discount of",
    )


@check(
    code="EXTENSION_REWARD_POINTS",
    category="extension",
    severity="warning",
    title="Reward points redeemed",
    rule="#65",
    explanation=(
        "Reward-point redemptions reduce what the customer pays, but the connector does not read them: "
        "the sale is overstated and the order does not balance against its payment."
    ),
    remedy="Decide how points are booked (a discount item or a liability) and post them by hand or by mapping.",
)
def reward_points(ctx: CheckContext) -> Iterator[Hit]:
    yield from _per_order(
        ctx,
        lambda o: _sum_or_none(
            [d.amount for d in o.discounts if d.kind == "reward_points"]
            + [p.amount for p in o.payments if p.kind == "reward_points"]
        ),
        "reward points worth",
    )


@check(
    code="EXTENSION_GIFT_CARD",
    category="extension",
    severity="warning",
    title="Orders paid with gift cards",
    rule="#62, #63, #64",
    explanation=(
        "Gift-card redemptions are payments against a liability, not revenue. Connectors that cannot see "
        "them post the full order value, overstating sales and tax."
    ),
    remedy="Set up a gift-card liability account and map the gift-card gateway to it.",
)
def gift_card(ctx: CheckContext) -> Iterator[Hit]:
    yield from _per_order(
        ctx, lambda o: _sum_or_none([p.amount for p in o.payments if p.kind == "gift_card"]), "gift card paid"
    )


@check(
    code="EXTENSION_STORE_CREDIT",
    category="extension",
    severity="warning",
    title="Orders paid with store credit",
    rule="#63, #65",
    explanation=(
        "Store credit is a liability issued earlier (often by hand, as a refund). Redeeming it posts a sale "
        "against a liability that was never recorded, double-counting sales and tax."
    ),
    remedy="Record issued store credit as a liability and map the store-credit payment method to it.",
)
def store_credit(ctx: CheckContext) -> Iterator[Hit]:
    yield from _per_order(
        ctx, lambda o: _sum_or_none([p.amount for p in o.payments if p.kind == "store_credit"]), "store credit paid"
    )


@check(
    code="EXTENSION_CUSTOM_FEES",
    category="extension",
    severity="warning",
    title="Custom fees on orders",
    rule="#60, #65",
    explanation=(
        "Fees added by plugins (payment surcharges, handling, gift wrap) need an item of their own in the "
        "books; otherwise they are dropped and the order does not balance."
    ),
    remedy="Create a fee item in the books (with its income account and tax code) and map the fees to it.",
)
def custom_fees(ctx: CheckContext) -> Iterator[Hit]:
    yield from _per_order(ctx, lambda o: _sum_or_none([f.amount for f in o.fee_lines]), "fees of")
