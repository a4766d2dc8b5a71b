"""Custom-field checks: what the connector will silently drop (rule #65)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from harness.model.manifest import RecordRef
from harness.sync.checks import Hit, check
from harness.sync.context import CheckContext, customer_ref, order_ref, product_ref

#: custom-field names that suggest a product code kept outside the code field
CODE_LIKE_KEY = re.compile(r"(sku|code|part|mpn|model|item.?n(o|um))", re.IGNORECASE)


@check(
    code="CUSTOM_FIELDS_IGNORED",
    category="custom-field",
    severity="info",
    title="Custom fields the connector ignores",
    rule="#65",
    explanation=(
        "The connector syncs the standard fields only. Values kept in custom fields (metafields, meta data, "
        "extension attributes) will not reach the books."
    ),
    remedy="Decide which of these matter in the books and map them (e.g. to a memo field), or accept the loss.",
)
def custom_fields_ignored(ctx: CheckContext) -> Iterator[Hit]:
    groups: dict[tuple[str, str], list[RecordRef]] = defaultdict(list)
    for p in ctx.store.products:
        for key in p.custom_fields:
            groups[("product", key)].append(product_ref(p))
    for c in ctx.store.customers:
        for key in c.custom_fields:
            groups[("customer", key)].append(customer_ref(c))
    for o in ctx.orders_in_window:
        for key in o.custom_fields:
            groups[("order", key)].append(order_ref(o))
    for (entity, key), refs in sorted(groups.items()):
        yield Hit(
            f"{entity} field {key!r} is set on {len(refs)} records and will not be synced",
            refs,
            facts={"entity": entity, "field": key},
        )


@check(
    code="CUSTOM_FIELD_HOLDS_CODE",
    category="custom-field",
    severity="warning",
    title="A custom field that looks like it holds the product code",
    rule="#10, #13, #65",
    explanation=(
        "This product keeps something that looks like its code in a custom field. The connector reads only "
        "the code field, so the value there is what gets matched — or an auto code, if it is empty."
    ),
    remedy="Move the code into the product's code field (SKU, Custom label or Model).",
)
def custom_field_holds_code(ctx: CheckContext) -> Iterator[Hit]:
    index = ctx.matching.index
    for p in ctx.store.products:
        for key, value in sorted(p.custom_fields.items()):
            v = value.strip()
            if not v:
                continue
            in_books = bool(index.items_for(v, "name") or index.items_for(v, "sku"))
            in_store = v.casefold() in ctx.matching.by_code
            if in_books or in_store or CODE_LIKE_KEY.search(key):
                yield Hit(
                    f"{p.title!r} has {key}={v!r}" + (", a code the books know" if in_books else ""),
                    [product_ref(p)],
                    facts={"field": key},
                )
