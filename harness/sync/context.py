"""What every check reads: the store, the books, the profile, and the matching done once."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import cached_property

from harness.model.books import Books, Contact, Item
from harness.model.manifest import RecordRef
from harness.model.store import Customer, Order, Product, Store, Variant
from harness.sync.matching import Matching
from harness.sync.normalise import display_key
from harness.sync.profile import Profile


@dataclass(frozen=True)
class Rejection:
    """One write the rehearsal sent that QuickBooks refused, with the Fault it answered."""

    entity: str  # "Item", "Customer", "Invoice", ...
    records: list[RecordRef]
    what: str  # "item 'ABC-1'", "order 1042"
    code: str  # the QuickBooks error code, e.g. "6240"
    message: str
    detail: str


@dataclass
class CheckContext:
    store: Store
    books: Books
    profile: Profile
    matching: Matching
    #: what the throw-away QuickBooks copy refused, filled by the rehearsal
    rejections: list[Rejection] = field(default_factory=list)

    @cached_property
    def code_field(self) -> str:
        return self.profile.code_field(self.store.platform)

    @cached_property
    def books_today(self) -> date:
        """'Today' for the books: the day after the last order, so runs do not depend on the clock."""
        days = [o.created_at.date() for o in self.store.orders]
        return max(days) + timedelta(days=1) if days else date(2026, 1, 1)

    @cached_property
    def orders_in_window(self) -> list[Order]:
        start = self.profile.sync_start
        if start is None:
            return list(self.store.orders)
        return [o for o in self.store.orders if o.created_at.date() >= start]

    @cached_property
    def synced_orders(self) -> list[Order]:
        statuses = set(self.profile.sync_statuses)
        return [o for o in self.orders_in_window if o.status in statuses]

    @cached_property
    def customers_by_id(self) -> dict[str, Customer]:
        return {c.id: c for c in self.store.customers}

    @cached_property
    def books_tax_by_name(self) -> dict[str, Decimal]:
        """Active books tax codes and rates by display key, with their combined percentage (#35, #39)."""
        rates = {r.id: r for r in self.books.tax_rates if r.active}
        out: dict[str, Decimal] = {display_key(r.name): r.rate.normalize() for r in rates.values()}
        for code in self.books.tax_codes:
            if code.active:
                total = sum((rates[i].rate for i in code.sales_rate_ids if i in rates), Decimal(0))
                out.setdefault(display_key(code.name), total.normalize())
        return out

    def warm(self) -> None:
        """Compute every lazy property now: before two threads read this context at once, so neither
        computes one a second time (``cached_property`` has no lock from Python 3.12)."""
        for name, member in vars(type(self)).items():
            if isinstance(member, cached_property):
                getattr(self, name)

    def doc_number(self, order: Order) -> str:
        return f"{self.profile.invoice_prefix}{order.number}"


# -- record references: how findings point at records ------------------------------------------------


def variant_ref(product: Product, variant: Variant, code: str | None = None) -> RecordRef:
    label = code if code is not None else (variant.sku or variant.model or f"{product.title} {variant.title}".strip())
    return RecordRef(kind="variant", id=variant.id, label=label, parent_id=product.id)


def product_ref(product: Product) -> RecordRef:
    return RecordRef(kind="product", id=product.id, label=product.title)


def customer_ref(customer: Customer) -> RecordRef:
    label = customer.email or customer.full_name or customer.phone or customer.id
    return RecordRef(kind="customer", id=customer.id, label=label)


def order_ref(order: Order) -> RecordRef:
    return RecordRef(kind="order", id=order.id, label=order.number)


def item_ref(item: Item) -> RecordRef:
    return RecordRef(kind="item", id=item.id, label=item.name)


def contact_ref(contact: Contact) -> RecordRef:
    return RecordRef(kind="contact", id=contact.id, label=f"{contact.display_name} ({contact.kind})")
