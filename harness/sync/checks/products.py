"""Product checks: is every sellable variant going to land on the right books item? (rules #9-#24)"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from harness.model.manifest import RecordRef
from harness.sync.checks import Hit, check
from harness.sync.context import CheckContext, item_ref, order_ref, variant_ref
from harness.sync.matching import VariantMatch
from harness.sync.normalise import code_key

#: QuickBooks Online rejects these in an item Name (domain: QBO API §10.1; rule #12)
BAD_NAME_CHARS = {":": "colon", "\t": "tab", "\n": "newline", "\r": "carriage return", '"': "double quote"}


@check(
    code="SKU_MISSING",
    category="product",
    severity="error",
    title="Variants without a product code",
    rule="#13, #14, #15, #23, #24",
    explanation=(
        "The connector invents a code for a product without one. The invented code never matches a books "
        "item, so sales post to a new auto-coded item and the real item's stock is never reduced: inventory "
        "sync silently breaks, and fixing the code later does not repair past orders."
    ),
    remedy="Give every product and every variant its own code in the store before the first sync.",
)
def sku_missing(ctx: CheckContext) -> Iterator[Hit]:
    label = "Model" if ctx.code_field == "model" else "SKU"
    for m in ctx.matching.variants:
        if m.code is None:
            yield Hit(
                f"{m.product.title!r} / {m.variant.title or 'default'} has no {label}: an auto code will be invented",
                [variant_ref(m.product, m.variant)],
            )


@check(
    code="SKU_DUPLICATE",
    category="product",
    severity="error",
    title="One product code on several variants",
    rule="#16",
    explanation=(
        "Variants that share a code collapse onto one books item: their stock is pooled, cost of goods sold "
        "is blended, and the stock pushed back from the books overwrites every listing with the same number."
    ),
    remedy="Give each variant a unique code (the titles listed tell real duplicates from copy-paste mistakes).",
)
def sku_duplicate(ctx: CheckContext) -> Iterator[Hit]:
    groups: dict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(ctx.matching.variants):
        if m.code is not None:
            groups[m.code].append(i)
    for code, members in groups.items():
        if len(members) < 2:
            continue
        matches = [ctx.matching.variants[i] for i in members]
        if len({m.product.id for m in matches}) == 1 and all(_shares_parent(ctx, m) for m in matches):
            continue  # reported as SKU_SHARES_PARENT
        titles = ", ".join(sorted({m.product.title for m in matches}))
        yield Hit(
            f"code {code!r} is used by {len(matches)} variants ({titles})",
            [variant_ref(m.product, m.variant, m.code) for m in matches],
        )


def _shares_parent(ctx: CheckContext, m: VariantMatch) -> bool:
    parent = (m.product.sku or "").strip()
    return bool(parent) and m.code == parent and len(m.product.variants) > 1


@check(
    code="SKU_CASE_DUPLICATE",
    category="product",
    severity="error",
    title="Codes equal except for case or spaces",
    rule="#9, #12, #16",
    explanation=(
        "QuickBooks compares item names without regard to case, so codes that differ only in case or "
        "whitespace find the same item: the variants pool their stock like exact duplicates, and any code "
        "the connector creates for one of them is refused as a duplicate name."
    ),
    remedy="Make the codes identical if they are the same product, or clearly different if they are not.",
)
def sku_case_duplicate(ctx: CheckContext) -> Iterator[Hit]:
    groups: dict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(ctx.matching.variants):
        if m.code is not None:
            groups[code_key(m.code)].append(i)
    for members in groups.values():
        matches = [ctx.matching.variants[i] for i in members]
        spellings = sorted({m.code or "" for m in matches})
        if len(spellings) < 2:
            continue
        yield Hit(
            "codes " + " / ".join(repr(s) for s in spellings) + " differ only by case or spaces",
            [variant_ref(m.product, m.variant, m.code) for m in matches],
        )


@check(
    code="SKU_SHARES_PARENT",
    category="product",
    severity="error",
    title="Variants sharing their parent's code",
    rule="#15",
    explanation=(
        "When every variant carries the parent product's code, all their sales go to one books item: "
        "per-variant stock and cost of goods sold are lost."
    ),
    remedy="Give each variant its own code (for example PARENT-RED-M).",
)
def sku_shares_parent(ctx: CheckContext) -> Iterator[Hit]:
    by_product: dict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(ctx.matching.variants):
        if m.code is not None and _shares_parent(ctx, m):
            by_product[m.product.id].append(i)
    for members in by_product.values():
        matches = [ctx.matching.variants[i] for i in members]
        product = matches[0].product
        yield Hit(
            f"{len(matches)} variants of {product.title!r} carry the parent code {product.sku!r}",
            [variant_ref(m.product, m.variant, m.code) for m in matches],
        )


@check(
    code="SKU_TOO_LONG",
    category="product",
    severity="error",
    title="Codes too long for the connector to create",
    rule="#11, #12",
    explanation=(
        "When the connector is allowed to create items, codes must be under 30 characters or the accounting "
        "system rejects the item, and every order containing it fails."
    ),
    remedy="Shorten these codes in the store (and in the books, if the item exists there).",
)
def sku_too_long(ctx: CheckContext) -> Iterator[Hit]:
    limit = ctx.profile.code_max_length
    for m in ctx.matching.variants:
        if m.code is not None and len(m.code) >= limit:
            yield Hit(
                f"code {m.code!r} has {len(m.code)} characters (must be under {limit})",
                [variant_ref(m.product, m.variant, m.code)],
            )


@check(
    code="SKU_BAD_CHARACTERS",
    category="product",
    severity="error",
    title="Codes with characters QuickBooks rejects in a name",
    rule="#12",
    explanation=(
        "QuickBooks Online refuses a colon, tab, newline or double quote in an item Name (error 2040), so an "
        "item with this code can never be created or matched by Name."
    ),
    remedy="Remove the character from the code in the store.",
)
def sku_bad_characters(ctx: CheckContext) -> Iterator[Hit]:
    for m in ctx.matching.variants:
        raw = getattr(m.variant, ctx.code_field, None)
        if not raw:
            continue
        bad = sorted({name for ch, name in BAD_NAME_CHARS.items() if ch in raw})
        if bad:
            yield Hit(f"code {raw!r} contains: {', '.join(bad)}", [variant_ref(m.product, m.variant, raw)])


@check(
    code="ITEM_WILL_BE_CREATED",
    category="product",
    severity="warning",
    title="Store codes with no books item: the connector will create them",
    rule="#18, #19, #22",
    explanation=(
        "Items the connector creates get default accounts and settings. Created as inventory they start at "
        "zero on hand, go negative with the first sales and record no cost of goods sold."
    ),
    remedy=(
        "Create these items in the books first with their real accounts, cost and opening quantity "
        "(or set the profile to create non-inventory items)."
    ),
)
def item_will_be_created(ctx: CheckContext) -> Iterator[Hit]:
    as_inventory = ctx.profile.create_items_as == "inventory"
    for m in ctx.matching.variants:
        if m.outcome != "create" or m.code is None:
            continue
        if _found_in_other_field(ctx, m.code):
            continue  # CODE_IN_OTHER_FIELD explains this one
        stock = m.variant.quantity
        risk = " as an inventory item at 0 on hand" if as_inventory and m.variant.inventory_tracked else ""
        yield Hit(
            f"code {m.code!r} is not in the books: it will be created{risk}"
            + (f" while the store has {stock} in stock" if risk and stock > 0 else ""),
            [variant_ref(m.product, m.variant, m.code)],
        )


def _found_in_other_field(ctx: CheckContext, code: str) -> bool:
    other = "sku" if ctx.profile.books_match_field == "name" else "name"
    return bool(ctx.matching.index.items_for(code, other))


@check(
    code="CODE_IN_OTHER_FIELD",
    category="product",
    severity="error",
    title="Codes found in the other books field",
    rule="#10",
    explanation=(
        "The connector matches store codes against one books field (item Name by default). These codes are "
        "in the books, but in the other field, so they will not match and the item will be created again."
    ),
    remedy="Match on the field with the higher match rate (see the statistics), or copy the codes into it.",
)
def code_in_other_field(ctx: CheckContext) -> Iterator[Hit]:
    mine = ctx.profile.books_match_field
    other = "sku" if mine == "name" else "name"
    rates = field_match_rates(ctx)
    better = max(rates, key=lambda f: (rates[f], f == mine))
    advice = f"the {better} field matches {rates[better]:.0%} of codes, the {mine} field {rates[mine]:.0%}"
    for m in ctx.matching.variants:
        if m.outcome not in ("create", "skip") or m.code is None:
            continue
        items = ctx.matching.index.items_for(m.code, other)
        if items:
            yield Hit(
                f"code {m.code!r} is the {other} of {items[0].name!r}, not a {mine}: {advice}",
                [variant_ref(m.product, m.variant, m.code), *(item_ref(i) for i in items)],
                facts={"recommended field": better},
            )


def field_match_rates(ctx: CheckContext) -> dict[str, float]:
    """Share of store codes found in each books field: the basis of the field recommendation (#10)."""
    codes = [m.code for m in ctx.matching.variants if m.code is not None]
    if not codes:
        return {"name": 0.0, "sku": 0.0}
    index = ctx.matching.index
    return {f: sum(1 for c in codes if index.items_for(c, f)) / len(codes) for f in ("name", "sku")}


@check(
    code="CODE_MATCHES_SEVERAL_ITEMS",
    category="product",
    severity="error",
    title="Codes that match several books items",
    rule="#17",
    explanation=(
        "When one store code finds several active books items, sales land on an arbitrary one of them and "
        "inventory splits across them."
    ),
    remedy="Make the code unique in the books: merge the items or change the code on all but one.",
)
def code_matches_several(ctx: CheckContext) -> Iterator[Hit]:
    for m in ctx.matching.variants:
        if m.outcome == "match" and len(m.items) > 1:
            yield Hit(
                f"code {m.code!r} matches {len(m.items)} books items: " + ", ".join(repr(i.name) for i in m.items),
                [variant_ref(m.product, m.variant, m.code), *(item_ref(i) for i in m.items)],
            )


@check(
    code="ITEM_INACTIVE",
    category="product",
    severity="error",
    title="Codes that match only an inactive books item",
    rule="#20",
    explanation=(
        "QuickBooks refuses a transaction that references an inactive item (error 610, 'Object Not Found'), "
        "so every order with this product fails to post."
    ),
    remedy="Reactivate the item in the books, or change the store code to an active item's.",
)
def item_inactive(ctx: CheckContext) -> Iterator[Hit]:
    for m in ctx.matching.variants:
        if m.outcome == "fail" and m.items:
            yield Hit(
                f"code {m.code!r} matches only inactive item {m.items[0].name!r}",
                [variant_ref(m.product, m.variant, m.code), *(item_ref(i) for i in m.items)],
            )


@check(
    code="ORDER_LINE_SKU_UNKNOWN",
    category="product",
    severity="warning",
    title="Order lines whose code is not in the catalogue",
    rule="#27",
    explanation=(
        "An order line whose code is not a catalogue code (renamed since, deleted, or an option-composite "
        "code) matches no item: the line posts to a new auto-created item or fails."
    ),
    remedy="Map these codes to their current catalogue codes, or create items for them before the sync.",
)
def order_line_sku_unknown(ctx: CheckContext) -> Iterator[Hit]:
    by_code = ctx.matching.by_code
    for order in ctx.orders_in_window:
        for line in order.lines:
            if line.sku and line.sku.strip() and line.sku.strip().casefold() not in by_code:
                yield Hit(
                    f"order {order.number} line {line.title!r} has code {line.sku!r}, which no variant carries",
                    [order_ref(order), RecordRef(kind="order_line", id=line.id, label=line.sku, parent_id=order.id)],
                    amount=line.subtotal,
                    facts={"line": line.id},
                )
