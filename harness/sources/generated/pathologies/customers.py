"""Customer pathologies (connector-rules section A): what makes contact matching duplicate people.

Clean stores never carry these by chance: emails are unique and lower-case,
and name pools hold one spelling per accent-folded name (see ``pools``). Every
copy made here therefore stands out exactly as the manifest says.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from harness.model.books import Contact
from harness.model.common import replace
from harness.model.manifest import Injection, RecordRef
from harness.model.store import Customer, Order
from harness.sources.generated.context import BooksDraft, StoreDraft, customer_ref, order_ref
from harness.sources.generated.customers import CUSTOMER_ID_BASE
from harness.sources.generated.native import EBAY
from harness.sources.generated.orders import SYNCED_STATUSES
from harness.sources.generated.pathologies.base import ALL_PLATFORMS, pathology
from harness.sources.generated.pools import ascii_slug, fold

#: platforms whose customers exist only as buyers on orders, with a name and an email (eBay)
BUYERS_ONLY = frozenset({EBAY})


def _named(d: StoreDraft, c: Customer) -> bool:
    """Untouched so far, with an email and a name: a customer a copy can be made of.

    On eBay customers exist only as buyers on orders, so the customer must have ordered.
    """
    return (d.claims.free("customer", c.id) and bool(c.email) and bool(c.full_name)
            and (d.platform not in BUYERS_ONLY or bool(d.orders_by_customer().get(c.id))))


def _twin_ok(d: StoreDraft, c: Customer) -> bool:
    """A second account made of ``c`` exists on eBay only if it buys: ``c`` must have an order to give it."""
    return d.platform not in BUYERS_ONLY or len(_free_orders(d, c)) >= 2


def _free_orders(d: StoreDraft, c: Customer) -> list[Order]:
    return [o for o in d.orders_by_customer().get(c.id, []) if d.claims.free("order", o.id)]


def _give_order(d: StoreDraft, c: Customer, twin: Customer) -> None:
    """On eBay, hand the twin ``c``'s latest unclaimed order, so that it is a buyer."""
    if d.platform in BUYERS_ONLY:
        order = _free_orders(d, c)[-1]
        d.move_order(order, twin.id)
        d.claims.claim("order", order.id)


def _new_id(d: StoreDraft) -> str:
    return str(CUSTOMER_ID_BASE + len(d.store.customers) + 1)


def _copy(d: StoreDraft, c: Customer, **changes: object) -> Customer:
    """A second account for the same person, appended to the store."""
    changes.setdefault("addresses", list(c.addresses))
    changes.setdefault("custom_fields", dict(c.custom_fields))  # never share a mutable field between accounts
    twin: Customer = replace(c, id=_new_id(d), **changes)
    d.store.customers.append(twin)
    return twin


def _other_mailbox(d: StoreDraft, c: Customer) -> str:
    """The same mailbox name at another provider: on eBay, where buyers have no phone or address, the mailbox is
    what ties a mistyped account to its owner (the typo check blocks on phone, address or mailbox)."""
    used = d.emails_used()
    local = (c.email or "client@").partition("@")[0]
    n = 0
    while True:
        email = f"{local}@{'mail' if not n else f'mail{n}'}.example"
        if email.casefold() not in used:
            used.add(email.casefold())
            return email
        n += 1


def _fresh_email(d: StoreDraft, c: Customer, tag: str) -> str:
    used = d.emails_used()
    base = f"{ascii_slug(c.first_name or 'client')}.{ascii_slug(c.last_name or 'shop')}.{tag}"
    n = 0
    while True:
        email = f"{base}{n or ''}@mail.example"
        if email not in used:
            used.add(email)
            return email
        n += 1


@pathology(name="customer_new_account_per_order", category="customers", rule=2, default_rate=0.02, unit="customer")
def customer_new_account_per_order(d: StoreDraft, count: int) -> list[Injection]:
    """A repeat buyer who opened a new account for each purchase: same name and email, one order each."""
    by_customer = d.orders_by_customer()
    def ok(c: Customer) -> bool:
        mine = by_customer.get(c.id, [])
        return _named(d, c) and len(mine) >= 2 and all(d.claims.free("order", o.id) for o in mine)

    out = []
    for c in d.choose(d.store.customers, count, ok):
        orders = sorted(by_customer[c.id], key=lambda o: o.created_at)[:5]
        accounts = [c]
        for order in orders[1:]:
            twin = _copy(d, c, created_at=order.created_at - timedelta(minutes=5))
            d.move_order(order, twin.id)
            accounts.append(twin)
        d.claims.claim("customer", *(a.id for a in accounts))
        d.claims.claim("order", *(o.id for o in orders))
        out.append(Injection(pathology="customer_new_account_per_order",
                             records=[customer_ref(a) for a in accounts], detail=f"{len(accounts)} accounts"))
    return out


@pathology(name="customer_email_case", category="customers", rule=2, default_rate=0.02, unit="customer")
def customer_email_case(d: StoreDraft, count: int) -> list[Injection]:
    """The same person twice, the emails differing only in letter case (``Ann.Lee@`` vs ``ann.lee@``)."""
    by_customer = d.orders_by_customer()
    out = []
    for c in d.choose(d.store.customers, count, lambda c: _named(d, c) and _twin_ok(d, c)):
        email = c.email or ""
        local, _, domain = email.partition("@")
        variant = (local[:1].upper() + local[1:] + "@" + domain) if d.rng.random() < 0.6 else email.upper()
        if variant == email:
            variant = email.upper()
        twin = _copy(d, c, email=variant)
        mine = [o for o in by_customer.get(c.id, []) if d.claims.free("order", o.id)]
        if len(mine) >= 2:  # always so on eBay (see _twin_ok)
            d.move_order(mine[-1], twin.id)
            d.claims.claim("order", mine[-1].id)
        d.claims.claim("customer", c.id, twin.id)
        out.append(Injection(pathology="customer_email_case", records=[customer_ref(c), customer_ref(twin)],
                             detail=f"{email} vs {variant}"))
    return out


_ACCENT = {"e": "é", "a": "à", "o": "ô", "i": "ï", "c": "ç", "u": "ü"}


def _accent_variant(name: str) -> str:
    """The name with its accents removed, or with one accent added if it has none."""
    stripped = "".join(ch if ord(ch) < 128 else fold(ch) for ch in name)
    if stripped != name:
        return stripped
    for k, ch in enumerate(name):
        if ch in _ACCENT:
            return name[:k] + _ACCENT[ch] + name[k + 1:]
    return name


@pathology(name="customer_name_accent", category="customers", rule=1, default_rate=0.02, unit="customer")
def customer_name_accent(d: StoreDraft, count: int) -> list[Injection]:
    """Two accounts whose names differ only by accents (``Hélène Côté`` and ``Helene Cote``), different emails."""
    folds = Counter(fold(c.full_name) for c in d.store.customers if c.full_name)
    def ok(c: Customer) -> bool:
        return (_named(d, c) and _twin_ok(d, c) and folds[fold(c.full_name)] == 1
                and _accent_variant(c.last_name or "") != c.last_name)

    out = []
    for c in d.choose(d.store.customers, count, ok):
        twin = _copy(d, c, last_name=_accent_variant(c.last_name or ""), email=_fresh_email(d, c, "accent"))
        _give_order(d, c, twin)
        folds[fold(c.full_name)] += 1
        d.claims.claim("customer", c.id, twin.id)
        out.append(Injection(pathology="customer_name_accent", records=[customer_ref(c), customer_ref(twin)],
                             detail=f"{c.full_name} vs {twin.full_name}"))
    return out


def _typo(rng_value: float, word: str) -> str:
    k = 1 + int(rng_value * (len(word) - 2))
    if word[k] != word[k + 1]:
        return word[:k] + word[k + 1] + word[k] + word[k + 2:]
    return word[:k] + word[k + 1:]


@pathology(name="customer_name_typo", category="customers", rule=1, default_rate=0.02, unit="customer")
def customer_name_typo(d: StoreDraft, count: int) -> list[Injection]:
    """The same person twice, one account's surname mistyped (two letters swapped), with another email."""
    folds = Counter(fold(c.full_name) for c in d.store.customers if c.full_name)
    def ok(c: Customer) -> bool:
        return _named(d, c) and _twin_ok(d, c) and len(c.last_name or "") >= 4 and folds[fold(c.full_name)] == 1

    out = []
    for c in d.choose(d.store.customers, count, ok):
        last = _typo(d.rng.random(), c.last_name or "")
        full = f"{c.first_name} {last}" if c.first_name else last
        if last == c.last_name or folds[fold(full)]:
            continue
        twin = _copy(d, c, last_name=last, email=_other_mailbox(d, c) if d.platform in BUYERS_ONLY
                     else _fresh_email(d, c, "typo"))
        _give_order(d, c, twin)
        folds[fold(full)] += 1
        folds[fold(c.full_name)] += 1
        d.claims.claim("customer", c.id, twin.id)
        out.append(Injection(pathology="customer_name_typo", records=[customer_ref(c), customer_ref(twin)],
                             detail=f"{c.full_name} vs {twin.full_name}"))
    return out


@pathology(name="customer_phone_only", category="customers", rule=1, default_rate=0.02, unit="customer",
           platforms=ALL_PLATFORMS - BUYERS_ONLY,
           reasons={"ebay": "eBay shows a buyer's name and email only, never a phone number"})
def customer_phone_only(d: StoreDraft, count: int) -> list[Injection]:
    """A customer with a phone but no email, so matching falls back to phone numbers."""
    by_customer = d.orders_by_customer()
    out = []
    for c in d.choose(d.store.customers, count, lambda c: _named(d, c) and bool(c.phone)):
        c.email = None
        for order in by_customer.get(c.id, []):
            order.email = None
        d.claims.claim("customer", c.id)
        out.append(Injection(pathology="customer_phone_only", records=[customer_ref(c)]))
    return out


@pathology(name="customer_missing_name", category="customers", rule=3, default_rate=0.02, unit="customer")
def customer_missing_name(d: StoreDraft, count: int) -> list[Injection]:
    """A customer account with no first or last name, which cannot be matched by name."""
    out = []
    for c in d.choose(d.store.customers, count, lambda c: _named(d, c)):
        c.first_name = None
        c.last_name = None
        d.claims.claim("customer", c.id)
        out.append(Injection(pathology="customer_missing_name", records=[customer_ref(c)]))
    return out


@pathology(name="guest_orders", category="customers", rule=8, default_rate=0.05, unit="order",
           platforms=ALL_PLATFORMS - {"ebay"},
           reasons={"ebay": "every eBay order carries a buyer account (BuyerUserID); there is no guest checkout"})
def guest_orders(d: StoreDraft, count: int) -> list[Injection]:
    """An order placed at guest checkout: no customer account, only the email and addresses on the order."""
    out = []
    def ok(o: Order) -> bool:
        return o.customer_id is not None and o.status in SYNCED_STATUSES and d.claims.free("order", o.id)

    for order in d.choose(d.store.orders, count, ok):
        d.move_order(order, None)
        d.claims.claim("order", order.id)
        out.append(Injection(pathology="guest_orders", records=[order_ref(order)]))
    return out


# ---- books side: they need the company file's names list ------------------------------------------------------

def _unmatched_unique(d: BooksDraft) -> list[Customer]:
    """Store customers with a unique, unused-in-books name and an email: safe to aim a collision at."""
    names = Counter(c.full_name for c in d.store.customers if c.full_name)
    taken = {c.display_name for c in d.books.contacts()}
    return [c for c in d.store.customers if c.email and c.full_name and names[c.full_name] == 1
            and c.full_name not in taken and d.claims.free("customer", c.id)]


def _contact_ref(c: Contact) -> RecordRef:
    return RecordRef(kind="contact", id=c.id, label=c.display_name)


@pathology(name="customer_same_name_other_email", category="customers", rule=1, default_rate=0.05, unit="customer",
           side="books")
def customer_same_name_other_email(d: BooksDraft, count: int) -> list[Injection]:
    """A books customer with a store customer's exact name but another email: the connector makes a second one."""
    out = []
    for c in d.pick(_unmatched_unique(d), count):
        contact = Contact(
            id=f"c{len(d.books.customers) + 1}", kind="customer", display_name=c.full_name, given_name=c.first_name,
            family_name=c.last_name, phone=c.phone,
            email=f"{ascii_slug(c.first_name or 'x')}@{ascii_slug(c.last_name or 'x')}-work.example",
        )
        d.books.customers.append(contact)
        d.claims.claim("customer", c.id)
        out.append(Injection(pathology="customer_same_name_other_email",
                             records=[customer_ref(c), _contact_ref(contact)], detail=f"{c.email} vs {contact.email}"))
    return out


@pathology(name="display_name_collides_vendor", category="books", rule=5, default_rate=0.02, unit="customer",
           side="books")
def display_name_collides_vendor(d: BooksDraft, count: int) -> list[Injection]:
    """A store customer whose name is already a vendor's or employee's DisplayName (unique across all three)."""
    out = []
    for c in d.pick(_unmatched_unique(d), count):
        if d.rng.random() < 0.5:
            contact = Contact(id=f"v{len(d.books.vendors) + 1}", kind="vendor", display_name=c.full_name,
                              given_name=c.first_name, family_name=c.last_name)
            d.books.vendors.append(contact)
        else:
            contact = Contact(id=f"e{len(d.books.employees) + 1}", kind="employee", display_name=c.full_name,
                              given_name=c.first_name, family_name=c.last_name)
            d.books.employees.append(contact)
        d.claims.claim("customer", c.id)
        out.append(Injection(pathology="display_name_collides_vendor",
                             records=[customer_ref(c), _contact_ref(contact)], detail=f"a books {contact.kind}"))
    return out
