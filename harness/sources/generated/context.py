"""The mutable draft a generation phase works on, and the bookkeeping that keeps the manifest exact.

Pathologies mutate the draft in place. Two rules keep the manifest exact:

* **claims** — a record touched by one pathology is never picked by another, so
  no injection undoes or blurs a previous one (a SKU removed from a variant
  already listed as a duplicate would make the duplicate entry a lie);
* **derived data follows** — changing a variant's code also changes the SKU of
  every order line that references it, because the line "as ordered" holds the
  code the catalogue had.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TypeVar

from harness.model.books import Books
from harness.model.manifest import RecordKind, RecordRef
from harness.model.store import Customer, Order, OrderLine, Product, Store, Variant

#: every date is relative to this, never to "today", so output is reproducible
ANCHOR = datetime(2026, 1, 1, tzinfo=UTC)

#: the canonical Variant field each platform's connector treats as the product code
#: (mirrors PlatformSpec.product_code_field; connector-rules #23-#24)
CODE_FIELD: dict[str, str] = {"opencart": "model"}

T = TypeVar("T")


def sub_seed(seed: int, *labels: str) -> int:
    """A seed for one phase, stable across processes (``hash()`` is salted per process)."""
    digest = hashlib.blake2b(f"{seed}:{':'.join(labels)}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def code_field(platform: str) -> str:
    return CODE_FIELD.get(platform, "sku")


def get_code(variant: Variant, platform: str) -> str | None:
    """The connector's product code of ``variant`` on ``platform`` (hot: called per variant and per line)."""
    return variant.model if platform == "opencart" else variant.sku


def variant_ref(product: Product, variant: Variant, platform: str) -> RecordRef:
    label = get_code(variant, platform) or f"{product.title} / {variant.title}"
    return RecordRef(kind="variant", id=variant.id, label=label, parent_id=product.id)


def customer_ref(customer: Customer) -> RecordRef:
    return RecordRef(kind="customer", id=customer.id, label=customer.email or customer.full_name or customer.phone)


def order_ref(order: Order) -> RecordRef:
    return RecordRef(kind="order", id=order.id, label=order.number)


def line_ref(order: Order, line: OrderLine) -> RecordRef:
    return RecordRef(kind="order_line", id=line.id, label=line.sku, parent_id=order.id)


@dataclass
class Claims:
    """Records already used by some pathology, per kind."""

    taken: dict[str, set[str]] = field(default_factory=dict)

    def free(self, kind: RecordKind | str, ident: str) -> bool:
        return ident not in self.taken.get(kind, ())

    def claim(self, kind: RecordKind | str, *idents: str) -> None:
        self.taken.setdefault(kind, set()).update(idents)


class Picker:
    """Seeded selection of records for a pathology."""

    rng: random.Random

    def pick(self, candidates: Sequence[T], k: int) -> list[T]:
        """``k`` candidates (or all of them, if fewer) in a seeded order."""
        if k >= len(candidates):
            out = list(candidates)
            self.rng.shuffle(out)
            return out
        return self.rng.sample(list(candidates), k)

    def choose(self, population: Sequence[T], k: int, ok: Callable[[T], bool]) -> list[T]:
        """``k`` distinct members of ``population`` satisfying ``ok`` (fewer if not enough do), in a seeded order.

        A few instances in a 250k-order store should not cost a scan of every
        order per pathology, so a sparse request probes random positions first
        and only falls back to filtering the whole population when probing
        does not find enough.
        """
        n = len(population)
        if k <= 0 or n == 0:
            return []
        if k * 20 < n:
            seen: set[int] = set()
            out: list[T] = []
            for _ in range(k * 40):
                i = self.rng.randrange(n)
                if i in seen:
                    continue
                seen.add(i)
                if ok(population[i]):
                    out.append(population[i])
                    if len(out) == k:
                        return out
        return self.pick([x for x in population if ok(x)], k)


@dataclass
class StoreDraft(Picker):
    """A store being generated, with the indexes pathologies need."""

    store: Store
    rng: random.Random
    platform: str
    claims: Claims = field(default_factory=Claims)
    _variants: list[tuple[Product, Variant]] | None = None
    _lines_by_variant: dict[str, list[OrderLine]] | None = None
    _orders_by_customer: dict[str, list[Order]] | None = None
    _emails: set[str] | None = None

    def all_variants(self) -> list[tuple[Product, Variant]]:
        """Every (product, variant) pair; pathologies never add or remove variants, so it is built once."""
        if self._variants is None:
            self._variants = [(p, v) for p in self.store.products for v in p.variants]
        return self._variants

    def variant_free(self, pv: tuple[Product, Variant]) -> bool:
        """Untouched by any pathology so far, and holding a product code."""
        return self.claims.free("variant", pv[1].id) and bool(get_code(pv[1], self.platform))

    def set_code(self, variant: Variant, code: str | None) -> None:
        """Change a variant's product code, and the SKU of every line that ordered it."""
        if code_field(self.platform) == "model":
            code = code or ""  # oc_product.model is NOT NULL: a missing Model reads as ""
            variant.model = code
        else:
            variant.sku = code
        for line in self.lines_by_variant().get(variant.id, ()):
            line.sku = code

    def lines_by_variant(self) -> dict[str, list[OrderLine]]:
        if self._lines_by_variant is None:
            index: dict[str, list[OrderLine]] = {}
            for order in self.store.orders:
                for line in order.lines:
                    if line.variant_id is not None:
                        index.setdefault(line.variant_id, []).append(line)
            self._lines_by_variant = index
        return self._lines_by_variant

    def orders_by_customer(self) -> dict[str, list[Order]]:
        if self._orders_by_customer is None:
            index: dict[str, list[Order]] = {}
            for order in self.store.orders:
                if order.customer_id is not None:
                    index.setdefault(order.customer_id, []).append(order)
            self._orders_by_customer = index
        return self._orders_by_customer

    def emails_used(self) -> set[str]:
        """Case-folded emails in use; pathologies that add an account add its email here."""
        if self._emails is None:
            self._emails = {c.email.casefold() for c in self.store.customers if c.email}
        return self._emails

    def move_order(self, order: Order, customer_id: str | None) -> None:
        """Give ``order`` to another account (or to none: a guest), keeping the index in step."""
        index = self.orders_by_customer()
        if order.customer_id is not None and order in index.get(order.customer_id, []):
            index[order.customer_id].remove(order)
        order.customer_id = customer_id
        if customer_id is not None:
            index.setdefault(customer_id, []).append(order)

    def codes(self) -> set[str]:
        """Every product code now in the catalogue, to make sure an invented code is not one of them."""
        out: set[str] = set()
        for p in self.store.products:
            for v in p.variants:
                code = get_code(v, self.platform)
                if code is not None:
                    out.add(code)
        return out


@dataclass
class BooksDraft(Picker):
    """Books being generated against a finished store."""

    store: Store
    books: Books
    rng: random.Random
    platform: str
    match_field: str
    claims: Claims = field(default_factory=Claims)

