"""Matching store records to books records by the profile's rules, through hash indexes.

Nothing here compares all pairs: every lookup is a dict access, so matching a
quarter of a million variants against fifty thousand items is linear.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Literal

from harness.model.books import Books, Contact, Item
from harness.model.store import Customer, Order, Product, Store, Variant
from harness.sync.normalise import display_key, email_key, phone_key
from harness.sync.profile import Profile

ItemOutcome = Literal["match", "create", "auto-code", "fail", "skip"]
ContactOutcome = Literal["match", "create", "create-suffixed", "generic"]


@dataclass(slots=True)
class VariantMatch:
    product: Product
    variant: Variant
    #: the product code as the connector reads it (stripped); None when empty
    code: str | None
    outcome: ItemOutcome
    items: list[Item] = field(default_factory=list)
    reason: str = ""

    @property
    def item(self) -> Item | None:
        return self.items[0] if self.items else None


@dataclass(slots=True)
class CustomerMatch:
    customer: Customer
    display_name: str
    outcome: ContactOutcome
    contact: Contact | None = None
    #: the DisplayName QuickBooks would end up with ("Name-1" after a collision)
    pushed_name: str | None = None
    reason: str = ""


@dataclass
class BooksIndex:
    """The books' lookups, built once."""

    items_by_name: dict[str, list[Item]]
    items_by_sku: dict[str, list[Item]]
    customers_by_display: dict[str, list[Contact]]
    others_by_display: dict[str, list[Contact]]  # vendors and employees
    doc_numbers: dict[str, list[str]]  # DocNumber -> document ids

    @classmethod
    def build(cls, books: Books) -> BooksIndex:
        by_name: dict[str, list[Item]] = defaultdict(list)
        by_sku: dict[str, list[Item]] = defaultdict(list)
        for item in books.items:
            # QuickBooks compares Names case-insensitively; the connector's lookup inherits that
            by_name[item.name.strip().casefold()].append(item)
            if item.sku:
                by_sku[item.sku.strip().casefold()].append(item)
        customers: dict[str, list[Contact]] = defaultdict(list)
        for c in books.customers:
            customers[display_key(c.display_name)].append(c)
        others: dict[str, list[Contact]] = defaultdict(list)
        for c in (*books.vendors, *books.employees):
            others[display_key(c.display_name)].append(c)
        docs: dict[str, list[str]] = defaultdict(list)
        for d in books.documents:
            if d.number:
                docs[d.number.strip().casefold()].append(d.id)
        return cls(dict(by_name), dict(by_sku), dict(customers), dict(others), dict(docs))

    def items_for(self, code: str, books_field: str) -> list[Item]:
        index = self.items_by_name if books_field == "name" else self.items_by_sku
        return index.get(code.strip().casefold(), [])


@dataclass
class Matching:
    variants: list[VariantMatch]
    customers: list[CustomerMatch]
    index: BooksIndex
    #: store variant id -> its match, for order lines
    by_variant_id: dict[str, VariantMatch]
    #: product code (casefolded) -> matches carrying it, for order lines that name a SKU only
    by_code: dict[str, list[VariantMatch]]
    customers_by_id: dict[str, CustomerMatch]


def product_code(variant: Variant, field_name: str) -> str | None:
    raw = getattr(variant, field_name, None)
    if raw is None:
        return None
    code = str(raw)
    # kept verbatim: "ABC " and "ABC" are different codes to the connector (rule #9)
    return code if code.strip() else None


def match_products(store: Store, index: BooksIndex, profile: Profile) -> list[VariantMatch]:
    field_name = profile.code_field(store.platform)
    books_field = profile.books_match_field
    out: list[VariantMatch] = []
    for product in store.products:
        for variant in product.variants:
            code = product_code(variant, field_name)
            if code is None:
                out.append(
                    VariantMatch(
                        product, variant, None, "auto-code", reason="no product code: an auto code is invented"
                    )
                )
                continue
            items = index.items_for(code, books_field)
            active = [i for i in items if i.active]
            if active:
                out.append(VariantMatch(product, variant, code, "match", active, "matched on item " + books_field))
            elif items:
                out.append(VariantMatch(product, variant, code, "fail", items, "the matching item is inactive"))
            elif profile.create_missing_items:
                out.append(VariantMatch(product, variant, code, "create", reason="no item with this code"))
            else:
                out.append(VariantMatch(product, variant, code, "skip", reason="no item, and item creation is off"))
    return out


def planned_display_name(customer: Customer, profile: Profile) -> str:
    if profile.sales_assignment == "generic":
        return profile.generic_customer_name
    if profile.sales_assignment == "company" and customer.company:
        return customer.company.strip()
    name = customer.full_name.strip()
    return name or (customer.company or "").strip() or (customer.email or "").strip()


def match_customers(store: Store, index: BooksIndex, profile: Profile) -> list[CustomerMatch]:
    """Name first, confirmed by email, then phone (rule #1); a refused pair is pushed as "Name-1" (#4)."""
    out: list[CustomerMatch] = []
    if profile.sales_assignment == "generic":
        return [CustomerMatch(c, profile.generic_customer_name, "generic") for c in store.customers]
    for customer in store.customers:
        display = planned_display_name(customer, profile)
        candidates = index.customers_by_display.get(display_key(display), []) if display else []
        confirmed: Contact | None = None
        refused = ""
        for contact in candidates:
            verdict = confirm_contact(customer, contact, profile)
            if verdict is None:
                confirmed = contact
                break
            refused = verdict
        if confirmed is not None:
            out.append(
                CustomerMatch(customer, display, "match", confirmed, confirmed.display_name, "same name, confirmed")
            )
        elif candidates:
            pushed = f"{display}{profile.name_collision_suffix}"
            out.append(CustomerMatch(customer, display, "create-suffixed", candidates[0], pushed, refused))
        else:
            out.append(CustomerMatch(customer, display, "create", None, display, "no books customer with this name"))
    return out


def confirm_contact(customer: Customer, contact: Contact, profile: Profile) -> str | None:
    """None when the name pair is confirmed, else why it is refused."""
    if "email" in profile.contact_match_order:
        mine, theirs = email_key(customer.email), email_key(contact.email)
        if mine and theirs:
            return None if mine == theirs else f"emails differ ({customer.email} vs {contact.email})"
    if "phone" in profile.contact_match_order:
        mine_p, theirs_p = phone_key(customer.phone), phone_key(contact.phone)
        if mine_p and theirs_p and mine_p != theirs_p:
            return f"no email to compare and phones differ ({customer.phone} vs {contact.phone})"
    return None


def match_all(store: Store, books: Books, profile: Profile) -> Matching:
    index = BooksIndex.build(books)
    variants = match_products(store, index, profile)
    by_variant = {m.variant.id: m for m in variants}
    by_code: dict[str, list[VariantMatch]] = defaultdict(list)
    for m in variants:
        if m.code:
            by_code[m.code.casefold()].append(m)
    customers = match_customers(store, index, profile)
    return Matching(
        variants=variants,
        customers=customers,
        index=index,
        by_variant_id=by_variant,
        by_code=dict(by_code),
        customers_by_id={m.customer.id: m for m in customers},
    )


def line_match(matching: Matching, order: Order, line_index: int) -> VariantMatch | None:
    """The catalogue variant an order line posts against: by variant id, else by the SKU as ordered."""
    line = order.lines[line_index]
    if line.variant_id and line.variant_id in matching.by_variant_id:
        found = matching.by_variant_id[line.variant_id]
        if line.sku is None or (found.code or "").casefold() == line.sku.strip().casefold():
            return found
    if line.sku:
        hits = matching.by_code.get(line.sku.strip().casefold())
        if hits:
            return hits[0]
    return None
