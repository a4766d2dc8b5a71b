"""Books-side item pathologies (connector-rules #10, #17, #19/#45, #20): the item list a store is matched against.

The books-side customer pathologies live with the other customer ones in
``customers.py``; these touch only items.
"""

from __future__ import annotations

from decimal import Decimal

from harness.model.books import Item
from harness.model.manifest import Injection, RecordRef
from harness.sources.generated.context import BooksDraft, get_code
from harness.sources.generated.pathologies.base import pathology


def _code(d: BooksDraft, item: Item) -> str | None:
    """The item field the store code is matched against under the books' match field."""
    return item.name if d.match_field == "name" else item.sku


def _item_ref(d: BooksDraft, item: Item) -> RecordRef:
    return RecordRef(kind="item", id=item.id, label=_code(d, item) or item.sku or item.name)


def _free(d: BooksDraft, i: Item) -> bool:
    return d.claims.free("item", i.id) and i.parent_id is None and bool(_code(d, i))


def _matches_on_name(d: BooksDraft) -> str | None:
    if d.match_field == "name":
        return None
    return "the books already keep every store code in the Sku field (match_field='sku')"


@pathology(name="items_matched_by_sku_field", category="books", rule=10, default_rate=0.05, unit="item",
           side="books", precondition=_matches_on_name)
def items_matched_by_sku_field(d: BooksDraft, count: int) -> list[Injection]:
    """Items that hold the store SKU in the Sku field and a human title in Name, so matching on Name misses them.

    Only meaningful when the connector matches on Name; with ``match_field="sku"`` every item is like this.
    """
    titles: dict[str, str] = {}
    for product in d.store.products:
        for variant in product.variants:
            code = get_code(variant, d.platform)
            if code:
                titles.setdefault(code, product.title if variant.title == "Default Title"
                                  else f"{product.title} - {variant.title}")
    names = {i.name for i in d.books.items}
    out = []
    for item in d.choose(d.books.items, count, lambda i: _free(d, i) and i.sku == i.name):
        title = titles.get(item.name, item.description or "Item")
        n = 1
        candidate = title
        while candidate in names or candidate in titles:
            n += 1
            candidate = f"{title} ({n})"
        names.add(candidate)
        item.name = candidate
        d.claims.claim("item", item.id)
        out.append(Injection(pathology="items_matched_by_sku_field",
                             records=[RecordRef(kind="item", id=item.id, label=item.sku)],
                             detail=f"Name {candidate!r}, Sku {item.sku!r}"))
    return out


@pathology(name="inactive_matching_item", category="books", rule=20, default_rate=0.03, unit="item", side="books")
def inactive_matching_item(d: BooksDraft, count: int) -> list[Injection]:
    """The item a store code matches is inactive, so postings fail with "Invalid Reference Id"."""
    out = []
    for item in d.choose(d.books.items, count, lambda i: _free(d, i)):
        item.active = False
        d.claims.claim("item", item.id)
        out.append(Injection(pathology="inactive_matching_item", records=[_item_ref(d, item)]))
    return out


@pathology(name="noninventory_for_tracked", category="books", rule=45, default_rate=0.03, unit="item", side="books")
def noninventory_for_tracked(d: BooksDraft, count: int) -> list[Injection]:
    """A product the store tracks stock for is a NonInventory item in the books: no quantity, no COGS."""
    tracked = {get_code(v, d.platform) for p in d.store.products for v in p.variants if v.inventory_tracked}
    out = []
    for item in d.choose(d.books.items, count,
                         lambda i: _free(d, i) and i.type == "Inventory" and _code(d, i) in tracked):
        item.type = "NonInventory"
        item.track_qty = False
        item.qty_on_hand = None
        item.inv_start_date = None
        item.asset_account_id = None
        d.claims.claim("item", item.id)
        out.append(Injection(pathology="noninventory_for_tracked", records=[_item_ref(d, item)]))
    return out


@pathology(name="books_duplicate_item_code", category="books", rule=17, default_rate=0.02, unit="item", side="books")
def books_duplicate_item_code(d: BooksDraft, count: int) -> list[Injection]:
    """Two books items resolve to one store code: the same leaf name under another parent, or a shared Sku."""
    picked = d.choose(d.books.items, count, lambda i: _free(d, i))
    out: list[Injection] = []
    if not picked:
        return out
    parent: Item | None = None
    if d.match_field == "name":  # QuickBooks names are unique, so the same name needs another parent
        parent = Item(id=str(len(d.books.items) + 1), name="Archived items", type="NonInventory",
                      description="Old catalogue, kept for history")
        d.books.items.append(parent)
    for item in picked:
        code = _code(d, item) or ""
        twin = Item(
            id=str(len(d.books.items) + 1),
            name=code if d.match_field == "name" else f"{item.name} (old)",
            sku=None if d.match_field == "name" else code,
            type=item.type, track_qty=item.track_qty, qty_on_hand=Decimal(0) if item.track_qty else None,
            inv_start_date=item.inv_start_date, description=item.description, unit_price=item.unit_price,
            income_account_id=item.income_account_id, expense_account_id=item.expense_account_id,
            asset_account_id=item.asset_account_id, parent_id=parent.id if parent is not None else None,
        )
        d.books.items.append(twin)
        d.claims.claim("item", item.id, twin.id)
        out.append(Injection(pathology="books_duplicate_item_code", records=[_item_ref(d, item), _item_ref(d, twin)],
                             detail=f"two items for {code}"))
    return out
