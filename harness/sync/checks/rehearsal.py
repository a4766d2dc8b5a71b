"""Rehearsal checks: what the throw-away QuickBooks copy refused when the plan was applied to it."""

from __future__ import annotations

from collections.abc import Iterator

from harness.sync.checks import Hit, check
from harness.sync.context import CheckContext

_EXPLAIN = (
    "The plan's writes were sent to a throw-away copy of the books and QuickBooks Online refused these. "
    "Each one names the QuickBooks error code and message, as the connector's error log would on go-live day."
)


def _rejections(ctx: CheckContext, entities: tuple[str, ...]) -> Iterator[Hit]:
    for r in ctx.rejections:
        if r.entity in entities:
            detail = f": {r.detail}" if r.detail and r.detail != r.message else ""
            yield Hit(
                f"{r.what} refused: QuickBooks error {r.code} {r.message}{detail}",
                r.records,
                facts={"QuickBooks error": r.code},
            )


@check(
    code="REHEARSAL_ITEM_REJECTED",
    category="product",
    severity="error",
    title="Items QuickBooks refused to create",
    rule="#11, #12, #19",
    explanation=_EXPLAIN,
    remedy="Fix the code or name named in each error; every order line using the item fails until then.",
    phase="rehearsal",
)
def item_rejected(ctx: CheckContext) -> Iterator[Hit]:
    yield from _rejections(ctx, ("Item",))


@check(
    code="REHEARSAL_CUSTOMER_REJECTED",
    category="customer",
    severity="error",
    title="Customers QuickBooks refused to create",
    rule="#4, #5",
    explanation=_EXPLAIN,
    remedy="Rename the clashing contact or clean the name; the customer's orders fail until then.",
    phase="rehearsal",
)
def customer_rejected(ctx: CheckContext) -> Iterator[Hit]:
    yield from _rejections(ctx, ("Customer",))


@check(
    code="REHEARSAL_ORDER_REJECTED",
    category="order",
    severity="error",
    title="Orders QuickBooks refused to post",
    rule="#30, #31, #46, #67",
    explanation=_EXPLAIN,
    remedy="Fix the cause named in each error (document number, item start date, currency, tax code).",
    phase="rehearsal",
)
def order_rejected(ctx: CheckContext) -> Iterator[Hit]:
    yield from _rejections(ctx, ("Invoice", "SalesReceipt"))
