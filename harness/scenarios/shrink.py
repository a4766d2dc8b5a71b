"""Shrink: remove records while one finding persists, giving support a minimal reproducer.

Delta debugging (Zeller's ddmin) over each kind of record in turn — store
products, their variants, customers and orders, then books items, contacts and
documents — with the finding's check as the oracle. Three things keep it fast
on a store of thousands of products:

- the oracle runs the one check that reports the code (the checks share nothing
  but the matching, which is linear), plus the rehearsal only for a REHEARSAL_* code;
- before any bisection, the store and books are cut to the records the finding
  itself names, and each kind is tried empty: most findings need a handful of
  records, so ddmin then works on a handful;
- a removal takes its dependents along (orders of a removed product or customer,
  documents of a removed item or contact, sub-items of a removed parent), so
  every candidate is a valid store and books.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import msgspec

from harness.errors import InputError
from harness.model.books import Books
from harness.model.manifest import RecordRef
from harness.model.snapshot import save
from harness.model.store import Store
from harness.scenarios.loader import Scenario
from harness.scenarios.writer import dump_scenario
from harness.sync.apply import plan_context
from harness.sync.checks import REGISTRY, all_checks
from harness.sync.profile import DEFAULT_PROFILE, Profile

T = TypeVar("T")
#: progress(kind, done, total): 0 of 1 when a kind starts, 1 of 1 when it is done (the CLI draws a bar)
Progress = Callable[[str, int, int], None]

#: the kinds shrunk, in order; store kinds first because books records are often only there to be matched
KINDS = ("products", "variants", "customers", "orders", "items", "contacts", "documents")


@dataclass
class Records:
    """One candidate: the records kept of every kind, as lists (the store and books are rebuilt from them)."""

    products: list[Any]
    variants: list[tuple[str, str]]  # (product id, variant id)
    customers: list[Any]
    orders: list[Any]
    items: list[Any]
    contacts: list[Any]  # customers, vendors and employees of the books
    documents: list[Any]

    def get(self, kind: str) -> list[Any]:
        value: list[Any] = getattr(self, kind)
        return value


def _replace(records: Records, kind: str, kept: list[Any]) -> Records:
    values = {k: records.get(k) for k in KINDS}
    values[kind] = kept
    if kind == "products":  # the variants of a removed product are gone with it
        product_ids = {p.id for p in kept}
        values["variants"] = [(p, v) for p, v in records.variants if p in product_ids]
    return Records(**values)


@dataclass
class ShrinkResult:
    store: Store
    books: Books
    code: str
    before: dict[str, int]
    after: dict[str, int]
    oracle_calls: int
    seconds: float
    phases: list[str] = field(default_factory=list)


def shrink(
    store: Store,
    books: Books,
    profile: Profile,
    code: str,
    *,
    first_cut: bool = True,
    progress: Progress | None = None,
) -> ShrinkResult:
    """The smallest store and books (1-minimal per kind) whose dry run still reports ``code``.

    ``first_cut=False`` skips the cut to the finding's own records (plain ddmin: the benchmark's baseline)."""
    oracle = FindingOracle(store, books, profile, code)
    start = time.perf_counter()
    full = _records(store, books)
    if not oracle(full):
        raise InputError(f"--finding {code}: the scenario's dry run does not report it; nothing to shrink")
    before = _counts(oracle.build(full))
    current = full
    phases: list[str] = []
    cut = _cut_to_named(full, oracle.named) if first_cut else full
    if first_cut and oracle(cut):
        current = cut
        phases.append("kept only the records the finding names")
    tick = progress or (lambda kind, done, total: None)
    for kind in KINDS:
        kept = current.get(kind)
        if not kept:
            continue
        tick(kind, 0, 1)

        def holds(subset: list[Any], kind: str = kind, base: Records = current) -> bool:
            return oracle(_replace(base, kind, subset))

        smaller = [] if holds([]) else ddmin(kept, holds)
        if len(smaller) < len(kept):
            phases.append(f"{kind}: {len(kept)} -> {len(smaller)}")
        current = _replace(current, kind, smaller)
        tick(kind, 1, 1)
    small_store, small_books = oracle.build(current)
    return ShrinkResult(
        store=small_store,
        books=small_books,
        code=code,
        before=before,
        after=_counts((small_store, small_books)),
        oracle_calls=oracle.calls,
        seconds=time.perf_counter() - start,
        phases=phases,
    )


def ddmin(items: Sequence[T], holds: Callable[[list[T]], bool]) -> list[T]:
    """Zeller's ddmin: a 1-minimal subset of ``items`` for which ``holds`` is true (it is for all of them)."""
    current = list(items)
    n = 2
    while len(current) >= 2:
        chunks = _split(current, n)
        for chunk in chunks:
            if holds(chunk):
                current, n = chunk, 2
                break
        else:
            for i in range(len(chunks)):
                complement = [x for j, c in enumerate(chunks) if j != i for x in c]
                if holds(complement):
                    current, n = complement, max(n - 1, 2)
                    break
            else:
                if n >= len(current):
                    break
                n = min(len(current), n * 2)
    return current


def _split(items: list[T], n: int) -> list[list[T]]:
    size, extra = divmod(len(items), n)
    out, start = [], 0
    for i in range(n):
        end = start + size + (1 if i < extra else 0)
        if end > start:
            out.append(items[start:end])
        start = end
    return out


# -- the oracle -----------------------------------------------------------------------------------------------


class FindingOracle:
    """Does a candidate still show the finding? Runs the one check that reports it (and the rehearsal if needed)."""

    def __init__(self, store: Store, books: Books, profile: Profile, code: str) -> None:
        all_checks()
        if code not in REGISTRY:
            raise InputError(f"--finding {code!r}: unknown finding code; `sync-sandbox checks` lists them")
        self.info = REGISTRY[code]
        self.store, self.books, self.profile = store, books, profile
        # ids of the original: a reference to something that never existed (a guest, a deleted product) stays
        self._variant_ids = {v.id for p in store.products for v in p.variants}
        self._product_ids = {p.id for p in store.products}
        self._customer_ids = {c.id for c in store.customers}
        self._item_ids = {i.id for i in books.items}
        self._contact_ids = {c.id for c in books.contacts()}
        self.calls = 0
        #: the records the finding named on its first run: the first cut tries keeping only these
        self.named: list[RecordRef] = []

    def __call__(self, records: Records) -> bool:
        self.calls += 1
        store, books = self.build(records)
        ctx = plan_context(store, books, self.profile)
        if self.info.phase == "rehearsal":
            from harness.sync.rehearsal import rehearse

            ctx.rejections.extend(rehearse(ctx))
        findings = self.info.run(ctx)
        if findings and not self.named:
            self.named = [r for f in findings[:1] for r in f.records]
        return bool(findings)

    def build(self, records: Records) -> tuple[Store, Books]:
        """The store and books of a candidate, with the dependents of removed records removed too."""
        variants: dict[str, set[str]] = {}
        for product_id, variant_id in records.variants:
            variants.setdefault(product_id, set()).add(variant_id)
        products = []
        for p in records.products:
            kept = [v for v in p.variants if v.id in variants.get(p.id, ())]
            if kept or not p.variants:
                products.append(p if len(kept) == len(p.variants) else msgspec.structs.replace(p, variants=kept))
        variant_ids = {v.id for p in products for v in p.variants}
        product_ids = {p.id for p in products}
        customer_ids = {c.id for c in records.customers}
        orders = [
            o
            for o in records.orders
            if (o.customer_id is None or o.customer_id in customer_ids or o.customer_id not in self._customer_ids)
            and all(
                (ln.variant_id is None or ln.variant_id in variant_ids or ln.variant_id not in self._variant_ids)
                and (ln.product_id is None or ln.product_id in product_ids or ln.product_id not in self._product_ids)
                for ln in o.lines
            )
        ]
        store = msgspec.structs.replace(self.store, products=products, customers=records.customers, orders=orders)
        item_ids = {i.id for i in records.items}
        items = [i for i in records.items if i.parent_id is None or i.parent_id in item_ids]
        item_ids = {i.id for i in items}
        contact_ids = {c.id for c in records.contacts}
        documents = [
            d
            for d in records.documents
            if (d.customer_id is None or d.customer_id in contact_ids or d.customer_id not in self._contact_ids)
            and all(ln.item_id is None or ln.item_id in item_ids or ln.item_id not in self._item_ids for ln in d.lines)
        ]
        kinds: dict[str, list[Any]] = {"customer": [], "vendor": [], "employee": []}
        for c in records.contacts:
            kinds[c.kind].append(c)
        books = msgspec.structs.replace(
            self.books,
            items=items,
            customers=kinds["customer"],
            vendors=kinds["vendor"],
            employees=kinds["employee"],
            documents=documents,
        )
        return store, books


def _records(store: Store, books: Books) -> Records:
    return Records(
        products=list(store.products),
        variants=[(p.id, v.id) for p in store.products for v in p.variants],
        customers=list(store.customers),
        orders=list(store.orders),
        items=list(books.items),
        contacts=books.contacts(),
        documents=list(books.documents),
    )


def _cut_to_named(records: Records, named: list[RecordRef]) -> Records:
    """Only the records the finding names (a variant brings its product; an order its customer and products)."""
    ids: dict[str, set[str]] = {}
    for r in named:
        ids.setdefault(r.kind, set()).add(r.id)
        if r.kind == "variant" and r.parent_id:
            ids.setdefault("product", set()).add(r.parent_id)
    orders = [o for o in records.orders if o.id in ids.get("order", set())]
    for o in orders:
        if o.customer_id:
            ids.setdefault("customer", set()).add(o.customer_id)
        for ln in o.lines:
            if ln.product_id:
                ids.setdefault("product", set()).add(ln.product_id)
    products = [p for p in records.products if p.id in ids.get("product", set())]
    product_ids = {p.id for p in products}
    return Records(
        products=products,
        variants=[(p, v) for p, v in records.variants if p in product_ids],
        customers=[c for c in records.customers if c.id in ids.get("customer", set())],
        orders=orders,
        items=[i for i in records.items if i.id in ids.get("item", set())],
        contacts=[c for c in records.contacts if c.id in ids.get("contact", set())],
        documents=[d for d in records.documents if d.id in ids.get("document", set())],
    )


def _counts(pair: tuple[Store, Books]) -> dict[str, int]:
    store, books = pair
    return {
        "products": len(store.products),
        "variants": sum(len(p.variants) for p in store.products),
        "customers": len(store.customers),
        "orders": len(store.orders),
        "items": len(books.items),
        "contacts": len(books.contacts()),
        "documents": len(books.documents),
    }


# -- writing the reproducer -----------------------------------------------------------------------------------


def shrink_scenario(
    scenario: Scenario, code: str, output: str | Path, *, progress: Progress | None = None
) -> tuple[ShrinkResult, Scenario]:
    """Shrink ``scenario`` for ``code`` and write ``output`` (YAML) with its store and books snapshots beside it."""
    target = Path(output)
    if target.suffix not in (".yaml", ".yml"):
        raise InputError(f"-o {target}: a scenario file ends in .yaml")
    materialised = scenario.materialise()
    result = shrink(materialised.store, materialised.books, materialised.profile, code, progress=progress)
    store_file = target.with_name(f"{target.stem}.store.json")
    books_file = target.with_name(f"{target.stem}.books.json")
    save(result.store, store_file)
    save(result.books, books_file)
    data: dict[str, Any] = {
        "description": (
            f"{code}, shrunk by `sync-sandbox shrink` from {scenario.path.name}: "
            f"{result.after['products']} of {result.before['products']} products, "
            f"{result.after['orders']} of {result.before['orders']} orders, "
            f"{result.after['items']} of {result.before['items']} books items"
        ),
        "markers": list(scenario.spec.markers),
        "store": {"snapshot": store_file.name},
        "books": {"snapshot": books_file.name},
    }
    overrides = profile_overrides(materialised.profile)
    if overrides:
        data["profile"] = overrides
    data["expect"] = {"findings": {"present": [code]}}
    return result, dump_scenario(data, target)


def profile_overrides(profile: Profile) -> dict[str, Any]:
    """The settings that differ from the OneSaas defaults, as a scenario's inline ``profile:`` mapping."""
    mine, default = msgspec.to_builtins(profile), msgspec.to_builtins(DEFAULT_PROFILE)
    return {k: v for k, v in mine.items() if default.get(k) != v}
