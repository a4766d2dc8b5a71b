"""Inventory checks: will stock sync, and what will the first push change? (rules #13, #43-#47)"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

from harness.model.books import Item
from harness.sync.checks import Hit, check
from harness.sync.context import CheckContext, item_ref, order_ref, variant_ref
from harness.sync.matching import VariantMatch, line_match


def _tracked_in_books(item: Item) -> bool:
    return item.type == "Inventory" and item.track_qty


def stock_blockers(ctx: CheckContext, m: VariantMatch) -> list[str]:
    """Why this variant's stock will not sync with the books (empty: it will)."""
    if ctx.profile.stock_master == "none":
        return []
    books_tracked = m.outcome == "match" and any(_tracked_in_books(i) for i in m.items)
    if not m.variant.inventory_tracked and not books_tracked:
        return []  # neither side counts it (a service, a download): there is no stock to sync
    reasons: list[str] = []
    if m.code is None:
        reasons.append("no product code (auto code never matches)")
    elif m.outcome == "create":
        reasons.append("no books item yet (it will be created at 0 on hand)")
    elif m.outcome == "skip":
        reasons.append("no books item and item creation is off")
    elif m.outcome == "fail":
        reasons.append("the books item is inactive")
    elif len(m.items) > 1:
        reasons.append("the code matches several books items")
    elif m.item is not None and not _tracked_in_books(m.item):
        reasons.append(f"the books item is {m.item.type}, not a tracked inventory item")
    if not m.variant.inventory_tracked:
        reasons.append("the store does not track this variant's inventory")
    if m.code is not None and ctx.matching.by_code.get(m.code.casefold(), [m])[1:]:
        reasons.append("the code is shared with another variant (stock is pooled)")
    return reasons


@check(
    code="STOCK_WILL_NOT_SYNC",
    category="inventory",
    severity="warning",
    title="Variants whose stock will not sync, and why",
    rule="#13, #43, #45",
    explanation=(
        "The roll-up of every reason a variant's quantity will not flow between the books and the store. "
        "Each reason has its own finding with the details; this list is the one to work through."
    ),
    remedy="Fix the reasons listed on each variant; when the list is empty, inventory sync will work.",
)
def stock_will_not_sync(ctx: CheckContext) -> Iterator[Hit]:
    for m in ctx.matching.variants:
        reasons = stock_blockers(ctx, m)
        if reasons:
            yield Hit(
                f"{m.product.title!r} / {m.variant.title or 'default'} ({m.code or 'no code'}): " + "; ".join(reasons),
                [variant_ref(m.product, m.variant, m.code)],
            )


@check(
    code="BOOKS_ITEM_NOT_TRACKED",
    category="inventory",
    severity="error",
    title="Tracked in the store, not tracked in the books",
    rule="#45, #49",
    explanation=(
        "The store tracks stock for these variants, but the matching books item is non-inventory, a "
        "service, or has quantity tracking off: the books will never hold a quantity to push back."
    ),
    remedy="Convert the books items to tracked inventory items (QuickBooks Online Plus or above).",
)
def books_item_not_tracked(ctx: CheckContext) -> Iterator[Hit]:
    for m in ctx.matching.variants:
        item = m.item
        if m.outcome == "match" and item is not None and m.variant.inventory_tracked and not _tracked_in_books(item):
            yield Hit(
                f"{m.code!r} is tracked in the store but {item.name!r} is a {item.type} item in the books",
                [variant_ref(m.product, m.variant, m.code), item_ref(item)],
            )


@check(
    code="STORE_INVENTORY_UNTRACKED",
    category="inventory",
    severity="warning",
    title="Variants the books track but the store does not",
    rule="#43",
    explanation=(
        "The books count these items, but the store has inventory tracking off for them: the quantities "
        "pushed from the books are ignored and the store keeps selling regardless of stock."
    ),
    remedy="Turn inventory tracking on for these variants in the store (or make the books items non-inventory).",
)
def store_inventory_untracked(ctx: CheckContext) -> Iterator[Hit]:
    for m in ctx.matching.variants:
        tracked_items = [i for i in m.items if _tracked_in_books(i)] if m.outcome == "match" else []
        if not m.variant.inventory_tracked and tracked_items:
            yield Hit(
                f"{m.code!r}: inventory tracking is off in the store, but {tracked_items[0].name!r} is a tracked "
                "inventory item in the books",
                [variant_ref(m.product, m.variant, m.code), *(item_ref(i) for i in tracked_items)],
            )


@check(
    code="STORE_STOCK_NEGATIVE",
    category="inventory",
    severity="warning",
    title="Negative stock in the store",
    rule="#47",
    explanation=(
        "These variants are oversold. The first push from the books overwrites the figure, and the orders "
        "behind it may drive the books quantity negative too, which leaves cost of goods sold wrong."
    ),
    remedy="Count and correct these quantities before switching stock sync on.",
)
def store_stock_negative(ctx: CheckContext) -> Iterator[Hit]:
    for m in ctx.matching.variants:
        if any(q < 0 for q in m.variant.quantities.values()):
            yield Hit(
                f"{m.code or m.product.title!r} has {m.variant.quantity} in stock",
                [variant_ref(m.product, m.variant, m.code)],
                facts={"quantity": str(m.variant.quantity)},
            )


@check(
    code="STOCK_QUANTITY_DIFFERS",
    category="inventory",
    severity="info",
    title="Quantities the first stock push will change",
    rule="#43, #44",
    explanation=(
        "The books are the stock master: on the first sync their quantity overwrites the store's. These are "
        "the variants whose store quantity will change, and by how much."
    ),
    remedy="Check that the books quantities are right before the first sync; count where they are not.",
)
def stock_quantity_differs(ctx: CheckContext) -> Iterator[Hit]:
    if ctx.profile.stock_master != "books":
        return
    for m in ctx.matching.variants:
        item = m.item
        if m.outcome != "match" or item is None or len(m.items) != 1 or not _tracked_in_books(item):
            continue
        if not m.variant.inventory_tracked:
            continue
        books_qty = item.qty_on_hand if item.qty_on_hand is not None else Decimal(0)
        store_qty = m.variant.quantity
        if books_qty != store_qty:
            yield Hit(
                f"{m.code!r}: store {store_qty} → books {books_qty} ({books_qty - store_qty:+})",
                [variant_ref(m.product, m.variant, m.code), item_ref(item)],
                facts={"store": str(store_qty), "books": str(books_qty)},
            )


@check(
    code="BOOKS_EMPTY_STORE_HAS_STOCK",
    category="inventory",
    severity="warning",
    title="Nothing on hand in the books while the store has stock",
    rule="#45",
    explanation=(
        "Stock levels must exist in the books before stock sync is switched on: the first push would set "
        "these store listings to zero (or below) and stop sales."
    ),
    remedy="Enter the opening quantities in the books (an inventory adjustment) before enabling stock sync.",
)
def books_empty_store_has_stock(ctx: CheckContext) -> Iterator[Hit]:
    for m in ctx.matching.variants:
        item = m.item
        if m.outcome != "match" or item is None or len(m.items) != 1 or not _tracked_in_books(item):
            continue
        if m.variant.inventory_tracked and m.variant.quantity > 0 and (item.qty_on_hand or 0) <= 0:
            yield Hit(
                f"{m.code!r}: books {item.qty_on_hand or 0} on hand, store {m.variant.quantity}",
                [variant_ref(m.product, m.variant, m.code), item_ref(item)],
            )


@check(
    code="PROJECTED_NEGATIVE_STOCK",
    category="inventory",
    severity="warning",
    title="Books stock that the window's orders will drive negative",
    rule="#47",
    explanation=(
        "Posting the orders of the sync window in date order takes these items below zero in the books. "
        "QuickBooks allows it, but cost of goods sold and the inventory asset are then wrong."
    ),
    remedy="Record the missing purchases or opening stock in the books before posting these orders.",
)
def projected_negative_stock(ctx: CheckContext) -> Iterator[Hit]:
    sold: dict[str, list[tuple[date, int, str]]] = defaultdict(list)
    items: dict[str, Item] = {}
    for order in ctx.synced_orders:
        for i, line in enumerate(order.lines):
            m = line_match(ctx.matching, order, i)
            if m is None or m.item is None or m.outcome != "match" or not _tracked_in_books(m.item):
                continue
            items[m.item.id] = m.item
            sold[m.item.id].append((order.created_at.date(), line.quantity, order.id))
    for item_id, moves in sold.items():
        item = items[item_id]
        level = item.qty_on_hand or Decimal(0)
        for when, qty, order_id in sorted(moves):
            level -= qty
            if level < 0:
                yield Hit(
                    f"{item.name!r} goes to {level} on {when.isoformat()} (starts at {item.qty_on_hand or 0})",
                    [item_ref(item)],
                    facts={"first negative order": order_id},
                )
                break


@check(
    code="ORDER_BEFORE_INVENTORY_START",
    category="inventory",
    severity="error",
    title="Orders dated before an item's inventory start date",
    rule="#46",
    explanation=(
        "QuickBooks will not save a transaction for an inventory item dated before the item's 'as of' date "
        "(error 6270): these orders fail to post."
    ),
    remedy="Move the items' inventory start date back before the first order, or start the sync later.",
)
def order_before_inventory_start(ctx: CheckContext) -> Iterator[Hit]:
    for order in ctx.synced_orders:
        day = order.created_at.date()
        for i, _line in enumerate(order.lines):
            m = line_match(ctx.matching, order, i)
            item = m.item if m is not None and m.outcome == "match" else None
            if item is not None and item.type == "Inventory" and item.inv_start_date and day < item.inv_start_date:
                yield Hit(
                    f"order {order.number} ({day.isoformat()}) sells {item.name!r}, whose inventory starts "
                    f"{item.inv_start_date.isoformat()}",
                    [order_ref(order), item_ref(item)],
                )
