"""The entry points: a seed in, a Store / Books / Manifest out, identical every time.

Each phase (catalogue, customers, orders, each pathology, books) draws from its
own ``random.Random`` seeded from the top seed and the phase's name, so adding
a pathology to a request does not reshuffle the clean data underneath it.
"""

from __future__ import annotations

import functools
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, ParamSpec, TypeVar

import msgspec

from harness.errors import InputError
from harness.heap import gc_paused
from harness.model.books import Books
from harness.model.manifest import Injection, Manifest, NotInjected
from harness.model.store import PLATFORMS, Platform, Store, TaxRate, TaxSettings
from harness.sources.faker_providers import ADJECTIVES
from harness.sources.generated import native
from harness.sources.generated.books import make_books
from harness.sources.generated.catalogue import make_catalogue, make_locations
from harness.sources.generated.context import BooksDraft, StoreDraft, get_code, sub_seed
from harness.sources.generated.customers import EmailBook, make_customers
from harness.sources.generated.geo import COUNTRY_CURRENCY, LOCALE_COUNTRY, LOCALE_REGIONS, Region, all_taxes
from harness.sources.generated.orders import make_orders
from harness.sources.generated.pathologies import PATHOLOGIES, Pathology
from harness.sources.generated.pools import ascii_slug, get_pools
from harness.sources.generated.sizes import Counts, resolve_size

Progress = Callable[[str, int, int], None]
P = ParamSpec("P")
R = TypeVar("R")
DEFAULT_LOCALES: tuple[str, ...] = ("en_US", "en_CA", "fr_CA")


@dataclass(frozen=True)
class GeneratedScenario:
    """A store, the books beside it, and one manifest covering both sides."""

    store: Store
    books: Books
    manifest: Manifest


def _gc_paused(fn: Callable[P, R]) -> Callable[P, R]:
    """Generation builds millions of acyclic records: the collector would only rescan them as they
    are allocated (about a third of the time at the 100k scale). See harness.heap."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with gc_paused():
            return fn(*args, **kwargs)

    return wrapper


def check_pathologies(pathologies: Mapping[str, float] | None) -> dict[str, float]:
    """Validate names and rates; the result is sorted so the manifest does not depend on dict order."""
    if not pathologies:
        return {}
    out: dict[str, float] = {}
    for name in sorted(pathologies):
        if name not in PATHOLOGIES:
            raise InputError(f"unknown pathology {name!r}; known pathologies: {', '.join(sorted(PATHOLOGIES))}")
        rate = float(pathologies[name])
        if not rate >= 0:
            raise InputError(f"pathology {name!r}: rate must be a fraction (0..1) or a count (>= 1), got {rate!r}")
        if 1 < rate != int(rate):
            raise InputError(f"pathology {name!r}: a rate above 1 is a count and must be whole, got {rate!r}")
        out[name] = rate
    return out


def to_count(rate: float, population: int) -> int:
    """A rate in (0, 1) is a fraction of the eligible population (at least one); 1 or more is a count."""
    if rate <= 0 or population <= 0:
        return 0
    if rate >= 1:
        return int(rate)
    return max(1, round(rate * population))


def _population(unit: str, store: Store, books: Books | None) -> int:
    if unit == "variant":
        return sum(len(p.variants) for p in store.products)
    if unit == "product":
        return len(store.products)
    if unit == "customer":
        return len(store.customers)
    if unit == "order":
        return len(store.orders)
    if unit == "item":
        return len(books.items) if books is not None else 0
    return 1


def _run(
    side: str, requested: dict[str, float], draft: StoreDraft | BooksDraft, seed: int, platform: str,
    books: Books | None, progress: Progress | None,
) -> tuple[list[Injection], list[NotInjected]]:
    injections: list[Injection] = []
    skipped: list[NotInjected] = []
    todo: list[tuple[str, Pathology[Any]]] = [
        (n, p) for n, p in PATHOLOGIES.items() if p.side == side and n in requested
    ]
    for k, (name, path) in enumerate(todo):
        if progress is not None:
            progress(f"pathologies ({side})", k, len(todo))
        reason = path.unsupported_reason(platform) or path.draft_reason(draft)
        if reason is not None:
            skipped.append(NotInjected(pathology=name, reason=reason))
            continue
        count = to_count(requested[name], _population(path.unit, draft.store, books))
        draft.rng = random.Random(sub_seed(seed, "pathology", name))
        made = path.inject(draft, count)
        if not made:
            skipped.append(NotInjected(pathology=name, reason="no eligible records in this store"))
        injections.extend(made)
    if progress is not None and todo:
        progress(f"pathologies ({side})", len(todo), len(todo))
    return injections, skipped


def _phase(progress: Progress | None, name: str, total: int) -> Callable[[int], None] | None:
    if progress is None:
        return None
    return lambda done: progress(name, done, total)


@_gc_paused
def generate_store(
    seed: int,
    size: str | Counts = "small",
    pathologies: Mapping[str, float] | None = None,
    platform: str = "shopify",
    locales: tuple[str, ...] | list[str] = DEFAULT_LOCALES,
    progress: Progress | None = None,
) -> tuple[Store, Manifest]:
    """A store for ``platform`` with the store-side ``pathologies`` injected, and its manifest.

    Books-side names in ``pathologies`` are accepted and left for
    :func:`generate_books`, so one mapping can drive both halves.
    """
    if platform not in PLATFORMS:
        raise InputError(f"unknown platform {platform!r}; known store platforms: {', '.join(PLATFORMS)}")
    locs = tuple(locales)
    bad = [loc for loc in locs if loc not in LOCALE_REGIONS]
    if not locs or bad:
        raise InputError(f"unsupported locale(s) {bad or locs!r}; supported: {', '.join(LOCALE_REGIONS)}")
    requested = check_pathologies(pathologies)
    counts, label = resolve_size(size)
    pools = get_pools(tuple(sorted(set(locs))))
    country = LOCALE_COUNTRY[locs[0]]
    currency = COUNTRY_CURRENCY[country]

    rng = random.Random(sub_seed(seed, "store"))
    name = f"{rng.choice(ADJECTIVES)} {rng.choice(('Goods', 'Supply Co.', 'Outfitters', 'Mercantile', 'Atelier'))}"
    locations = make_locations(rng)
    single = native.location(platform)
    if single is not None:
        locations = [single]
    region_list: list[Region] = [r for loc in locs for r, _ in LOCALE_REGIONS[loc]]
    taxes = all_taxes(region_list)
    rate_ids: dict[str, str] = {}
    if platform == native.EBAY:
        rates = native.ebay_rates([t for r in region_list if (t := native.ebay_region_tax(r)) is not None], country)
    elif platform == native.OPENCART:
        rates = native.opencart_rates(taxes)
        rate_ids = {t.id: r.id for t, r in zip(taxes, rates, strict=True)}
    else:
        rates = [TaxRate(id=t.id, name=t.name, rate=t.rate, country=t.country, region=t.region,
                         jurisdiction=t.jurisdiction, shipping=t.shipping) for t in taxes]
    products = make_catalogue(random.Random(sub_seed(seed, "catalogue")), counts.products, platform, locations,
                              _phase(progress, "products", counts.products), variants=counts.variants)
    customers, regions = make_customers(random.Random(sub_seed(seed, "customers")), pools, locs, counts.customers,
                                        EmailBook(), _phase(progress, "customers", counts.customers))
    if platform == native.OPENCART:
        for c in customers:
            c.addresses = [native.opencart_address(a) for a in c.addresses]
    orders = make_orders(random.Random(sub_seed(seed, "orders")), platform, products, customers, regions,
                         counts.orders, currency, _phase(progress, "orders", counts.orders), rate_ids)
    domain = None if platform == native.EBAY else f"{ascii_slug(name)}.example"  # eBay has no store domain
    store = Store(
        platform=_platform(platform), name=name, domain=domain, currency=currency, country=country,
        locations=locations, products=products, customers=customers, orders=orders, tax=TaxSettings(rates=rates),
    )
    draft = StoreDraft(store=store, rng=rng, platform=platform)
    injections, skipped = _run("store", requested, draft, seed, platform, None, progress)
    if platform == native.EBAY:
        native.ebay_buyers(store)
    manifest = Manifest(seed=seed, platform=platform, size=label, pathologies=requested,
                        injections=injections, not_injected=skipped)
    return store, manifest


def _platform(name: str) -> Platform:
    for p in PLATFORMS:
        if p == name:
            return p
    raise InputError(f"unknown platform {name!r}")


@_gc_paused
def generate_books(
    store: Store,
    seed: int,
    pathologies: Mapping[str, float] | None = None,
    manifest: Manifest | None = None,
    match_field: Literal["name", "sku"] = "name",
    locales: tuple[str, ...] | list[str] = DEFAULT_LOCALES,
    coverage: float = 0.85,
    progress: Progress | None = None,
    customer_share: float = 0.4,
) -> tuple[Books, Manifest]:
    """Books that sit beside ``store``, with the books-side ``pathologies``; extends ``manifest`` if given.

    ``coverage`` is the share of store codes that already have an item, ``customer_share`` the share of
    the store's (uniquely named) customers that are already customers in the books.
    Store-side names in ``pathologies`` are accepted and ignored here.
    """
    if match_field not in ("name", "sku"):
        raise InputError(f"match_field must be 'name' or 'sku', got {match_field!r}")
    requested = check_pathologies(pathologies)
    pools = get_pools(tuple(sorted(set(locales))))
    if progress is not None:
        progress("books", 0, 1)
    books = make_books(random.Random(sub_seed(seed, "books")), store, match_field, pools, coverage, customer_share)
    if progress is not None:
        progress("books", 1, 1)
    draft = BooksDraft(store=store, books=books, rng=random.Random(0), platform=store.platform,
                       match_field=match_field)
    _claim_items_of_touched_variants(draft, manifest)
    injections, skipped = _run("books", requested, draft, seed, store.platform, books, progress)
    if manifest is None:
        manifest = Manifest(seed=seed, platform=store.platform, size="custom")
    merged = dict(manifest.pathologies)
    merged.update(requested)
    manifest = msgspec.structs.replace(
        manifest,
        pathologies={k: merged[k] for k in sorted(merged)},
        injections=[*manifest.injections, *injections],
        not_injected=[*manifest.not_injected, *skipped],
    )
    return draft.books, manifest


def _claim_items_of_touched_variants(draft: BooksDraft, manifest: Manifest | None) -> None:
    """Books items whose code a store-side pathology put on a variant are not reshaped by a books-side one.

    An item made inactive, NonInventory or renamed changes how its variants match, which can hide the store-side
    problem (an untracked variant is only reported against a tracked item it matches).
    """
    if manifest is None:
        return
    touched = {r.id for inj in manifest.injections for r in inj.records if r.kind == "variant"}
    if not touched:
        return
    codes = {code.strip().casefold() for p in draft.store.products for v in p.variants
             if v.id in touched and (code := get_code(v, draft.platform))}
    draft.claims.claim("item", *(i.id for i in draft.books.items
                                 if (i.name or "").strip().casefold() in codes
                                 or (i.sku or "").strip().casefold() in codes))


def generate(
    seed: int,
    size: str | Counts = "small",
    platform: str = "shopify",
    pathologies: Mapping[str, float] | None = None,
    match_field: Literal["name", "sku"] = "name",
    locales: tuple[str, ...] | list[str] = DEFAULT_LOCALES,
    progress: Progress | None = None,
) -> GeneratedScenario:
    """Store, books and one manifest covering both: what the CLI's ``generate`` calls."""
    store, manifest = generate_store(seed, size, pathologies, platform, locales, progress)
    books, manifest = generate_books(store, seed, pathologies, manifest, match_field, locales, progress=progress)
    return GeneratedScenario(store=store, books=books, manifest=manifest)
