"""Customer checks: who will be duplicated, renamed "-1", or refused? (rules #1-#8)"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator

from rapidfuzz import fuzz

from harness.model.store import Customer
from harness.sync.checks import Hit, check
from harness.sync.context import CheckContext, contact_ref, customer_ref, order_ref
from harness.sync.normalise import display_key, email_key, name_key, phone_key

#: QuickBooks refuses these in a DisplayName (error 2040; rule #5)
BAD_DISPLAY_CHARS = {":": "colon", "\t": "tab", "\n": "newline"}
#: names this similar (rapidfuzz ratio) inside one block are probably one person typed twice
TYPO_SIMILARITY = 85.0
#: blocks bigger than this are too generic to compare pairwise (e.g. a shared office phone)
MAX_BLOCK = 50


@check(
    code="CUSTOMER_DUPLICATE_ACCOUNTS",
    category="customer",
    severity="warning",
    title="Several store accounts with one email",
    rule="#2",
    explanation=(
        "The connector never merges existing duplicates: a buyer who opened a new account for each purchase "
        "becomes several contacts, and their sales and receivables are split across them."
    ),
    remedy="Merge these accounts in the store before the first sync.",
)
def customer_duplicate_accounts(ctx: CheckContext) -> Iterator[Hit]:
    for email, members in _groups(ctx.store.customers, lambda c: c.email.strip() if c.email else None):
        yield Hit(f"{len(members)} accounts use {email}", [customer_ref(c) for c in members])


@check(
    code="CUSTOMER_EMAIL_CASE",
    category="customer",
    severity="warning",
    title="Accounts whose emails differ only in case",
    rule="#1, #2",
    explanation=(
        "These accounts are one person whose email was typed with different capitals. The store keeps them "
        "apart, so the connector creates one contact per spelling."
    ),
    remedy="Merge the accounts and keep one spelling of the email.",
)
def customer_email_case(ctx: CheckContext) -> Iterator[Hit]:
    for _key, members in _groups(ctx.store.customers, lambda c: email_key(c.email)):
        spellings = sorted({(c.email or "").strip() for c in members})
        if len(spellings) > 1:
            yield Hit("emails " + " / ".join(spellings) + " differ only in case", [customer_ref(c) for c in members])


@check(
    code="CUSTOMER_NAME_ACCENT",
    category="customer",
    severity="warning",
    title="Names that differ only by accents, case or punctuation",
    rule="#1, #6",
    explanation=(
        "'Hélène Côté' and 'Helene Cote' are matched as different names, so one person can become two "
        "contacts, or fail to match the books contact spelt the other way."
    ),
    remedy="Check whether these are one person; merge them and keep the spelling used in the books.",
)
def customer_name_accent(ctx: CheckContext) -> Iterator[Hit]:
    for _key, members in _groups(ctx.store.customers, lambda c: name_key(c.full_name) if c.full_name else None):
        spellings = sorted({c.full_name for c in members})
        if len(spellings) > 1:
            yield Hit(
                " / ".join(repr(s) for s in spellings) + " are one name spelt differently",
                [customer_ref(c) for c in members],
            )


@check(
    code="CUSTOMER_NAME_TYPO",
    category="customer",
    severity="info",
    title="Probable duplicates: near-identical names with the same phone, address or email",
    rule="#2",
    explanation=(
        "Accounts that share a phone, street address or email mailbox and whose names differ by a typo are "
        "probably one person. The connector will create a contact for each spelling."
    ),
    remedy="Review each pair; merge real duplicates in the store.",
)
def customer_name_typo(ctx: CheckContext) -> Iterator[Hit]:
    blocks: dict[tuple[str, str], list[Customer]] = defaultdict(list)
    for c in ctx.store.customers:
        if not c.full_name:
            continue
        for key in _block_keys(c):
            blocks[key].append(c)
    reported: set[tuple[str, str]] = set()
    for members in blocks.values():
        if len(members) < 2 or len(members) > MAX_BLOCK:
            continue
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                pair = (a.id, b.id) if a.id < b.id else (b.id, a.id)
                if pair in reported:
                    continue
                ka, kb = name_key(a.full_name), name_key(b.full_name)
                if ka == kb or fuzz.ratio(ka, kb) < TYPO_SIMILARITY:
                    continue
                reported.add(pair)
                yield Hit(
                    f"{a.full_name!r} and {b.full_name!r} look like one person", [customer_ref(a), customer_ref(b)]
                )


def _block_keys(c: Customer) -> list[tuple[str, str]]:
    keys = []
    phone = phone_key(c.phone)
    if phone:
        keys.append(("phone", phone))
    email = email_key(c.email)
    if email:
        keys.append(("mailbox", email.split("@", 1)[0]))
    if c.addresses and c.addresses[0].line1 and c.addresses[0].postal_code:
        a = c.addresses[0]
        keys.append(("address", f"{name_key(a.line1 or '')}|{(a.postal_code or '').replace(' ', '').casefold()}"))
    return keys


@check(
    code="CUSTOMER_NAME_SUFFIXED",
    category="customer",
    severity="warning",
    title="Same name as a books customer but a different email: a 'Name-1' contact will be created",
    rule="#1, #4",
    explanation=(
        "The connector pairs contacts by name and confirms by email (or phone). When the emails differ it "
        "decides they are different people and, because QuickBooks names must be unique, creates "
        "'Name-1'. Statements and reports are then split across both."
    ),
    remedy="Put the same email on both sides (the store's, usually) before the first sync.",
)
def customer_name_suffixed(ctx: CheckContext) -> Iterator[Hit]:
    for m in ctx.matching.customers:
        if m.outcome == "create-suffixed" and m.contact is not None:
            yield Hit(
                f"{m.display_name!r}: {m.reason}; it will be pushed as {m.pushed_name!r}",
                [customer_ref(m.customer), contact_ref(m.contact)],
            )


@check(
    code="DISPLAY_NAME_COLLIDES",
    category="customer",
    severity="error",
    title="Customer names already used by a vendor or employee",
    rule="#5",
    explanation=(
        "QuickBooks display names are unique across customers, vendors and employees together. Creating a "
        "customer with a vendor's or employee's name fails with 'Duplicate Name Exists' (6240)."
    ),
    remedy="Rename the vendor/employee in the books (e.g. add '(Vendor)'), or change the customer's name.",
)
def display_name_collides(ctx: CheckContext) -> Iterator[Hit]:
    others = ctx.matching.index.others_by_display
    for m in ctx.matching.customers:
        if m.outcome not in ("create", "create-suffixed") or not m.pushed_name:
            continue
        clash = others.get(display_key(m.pushed_name))
        if clash:
            yield Hit(
                f"{m.pushed_name!r} is already the name of {clash[0].kind} {clash[0].display_name!r}",
                [customer_ref(m.customer), *(contact_ref(c) for c in clash)],
            )


@check(
    code="CUSTOMER_MISSING_NAME",
    category="customer",
    severity="warning",
    title="Customers without a name",
    rule="#3",
    explanation=(
        "Contacts are matched by name first: a customer without a first and last name cannot be matched "
        "(at best they are matched by company, which merges everyone at that company)."
    ),
    remedy="Fill in the names of these customers.",
)
def customer_missing_name(ctx: CheckContext) -> Iterator[Hit]:
    for c in ctx.store.customers:
        if not c.full_name.strip():
            company = f" (company {c.company!r})" if c.company else ""
            yield Hit(f"customer {c.email or c.phone or c.id} has no name{company}", [customer_ref(c)])


@check(
    code="CUSTOMER_MISSING_EMAIL",
    category="customer",
    severity="warning",
    title="Customers without an email",
    rule="#1, #3",
    explanation=(
        "Without an email the connector falls back to the phone number to confirm a name match; a missing "
        "or differently formatted phone then means a duplicate contact."
    ),
    remedy="Add the customers' emails in the store.",
)
def customer_missing_email(ctx: CheckContext) -> Iterator[Hit]:
    for c in ctx.store.customers:
        if not email_key(c.email):
            extra = f" (phone {c.phone})" if c.phone else " and no phone"
            yield Hit(f"{c.full_name or c.id!r} has no email{extra}", [customer_ref(c)])


@check(
    code="GUEST_ORDERS",
    category="customer",
    severity="info",
    title="Guest checkouts",
    rule="#8",
    explanation=(
        "Guest buyers have no store account, so customer matching cannot see them: each guest order "
        "creates or reuses a contact by name only."
    ),
    remedy="Post guest orders to one generic customer (sales assignment 'generic') or encourage accounts.",
)
def guest_orders(ctx: CheckContext) -> Iterator[Hit]:
    guests = [o for o in ctx.orders_in_window if o.customer_id is None]
    if guests:
        share = len(guests) / max(len(ctx.orders_in_window), 1)
        yield Hit(f"{len(guests)} guest orders ({share:.1%} of the window)", [order_ref(o) for o in guests])


@check(
    code="CUSTOMER_BAD_CHARACTERS",
    category="customer",
    severity="error",
    title="Customer names with characters QuickBooks rejects",
    rule="#5",
    explanation="QuickBooks refuses a colon, tab or newline in a display name (error 2040): no contact is created.",
    remedy="Remove the character from the customer's name or company in the store.",
)
def customer_bad_characters(ctx: CheckContext) -> Iterator[Hit]:
    for m in ctx.matching.customers:
        bad = sorted({n for ch, n in BAD_DISPLAY_CHARS.items() if ch in m.display_name})
        if bad:
            yield Hit(f"{m.display_name!r} contains: {', '.join(bad)}", [customer_ref(m.customer)])


def _groups(customers: list[Customer], key: Callable[[Customer], str | None]) -> Iterator[tuple[str, list[Customer]]]:
    groups: dict[str, list[Customer]] = defaultdict(list)
    for c in customers:
        k = key(c)
        if k:
            groups[k].append(c)
    for k, members in groups.items():
        if len(members) > 1:
            yield k, members
