"""Hypothesis strategies for canonical store records, from a single SKU up to a whole pathological store.

They compose, smallest first::

    skus()                 a clean catalogue code, e.g. "HOD-00042-M-NVY"
    products(index=...)    a product with its variants (codes derived from ``index``, so unique per index)
    customers(index=...)   a customer with a region-consistent address and a unique email
    orders(store)          an order over ``store``'s variants and customers whose totals add up exactly
    stores(...)            a whole Store

``stores`` has two modes, because the two kinds of test want different things.
Without ``pathologies`` it is built from the smaller strategies, so hypothesis
can shrink a failing store down to the one product or order that matters. With
``pathologies`` it draws a seed and calls ``generate_store``: injection needs
the generator's bookkeeping to stay exact, and shrinking a seed still finds the
smallest store size. Use it like::

    from hypothesis import given
    from harness.sources.strategies import stores

    @given(stores(products=st.integers(1, 5), pathologies={"sku_missing": 1}, platform="opencart"))
    def test_missing_codes_are_reported(store): ...

Values are drawn from the same pools and tables as the generator, so a drawn
record is indistinguishable from a generated one.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

from hypothesis import strategies as st

from harness.model.store import Customer, Discount, Order, Payment, Product, Store, TaxRate, TaxSettings, Variant
from harness.sources.faker_providers import ADJECTIVES, COLOURS, KINDS, SIZES_APPAREL, SIZES_SHOES, base_code
from harness.sources.generated import Counts, generate_store
from harness.sources.generated.catalogue import PARENT_SKU_PLATFORMS, ean13
from harness.sources.generated.context import ANCHOR
from harness.sources.generated.customers import make_address, phone_number
from harness.sources.generated.geo import COUNTRY_CURRENCY, LOCALE_COUNTRY, LOCALE_REGIONS, all_taxes
from harness.sources.generated.money import cents, money
from harness.sources.generated.orders import GATEWAYS, LineDraft, order_number, price_lines, region_of
from harness.sources.generated.pools import get_pools

LOCALES = ("en_US", "en_CA", "fr_CA")
PLATFORMS_WITH_MODEL = frozenset({"opencart"})


def _ints(value: int | st.SearchStrategy[int]) -> st.SearchStrategy[int]:
    return value if isinstance(value, st.SearchStrategy) else st.just(value)


def skus(index: int | None = None) -> st.SearchStrategy[str]:
    """A clean variant code: ``PREFIX-NNNNN`` plus size and colour codes where the product type has options.

    Never 30 characters or more, never a colon, quote, tab or lower-case letter:
    a property that expects a *clean* SKU can rely on that.
    """

    @st.composite
    def build(draw: st.DrawFn) -> str:
        kind = draw(st.sampled_from(KINDS))
        _, prefix = draw(st.sampled_from(kind.nouns))
        n = index if index is not None else draw(st.integers(1, 99_999))
        parts = [base_code(prefix, n)]
        if "Size" in kind.options:
            parts.append(draw(st.sampled_from(SIZES_SHOES if kind.product_type == "Footwear" else SIZES_APPAREL)))
        if "Colour" in kind.options:
            parts.append(draw(st.sampled_from(COLOURS))[1])
        return "-".join(parts)

    return build()


@st.composite
def _product(draw: st.DrawFn, index: int | None, platform: str) -> Product:
    n = index if index is not None else draw(st.integers(1, 99_999))
    kind = draw(st.sampled_from(KINDS))
    noun, prefix = draw(st.sampled_from(kind.nouns))
    title = f"{draw(st.sampled_from(ADJECTIVES))} {draw(st.sampled_from(kind.materials))} {noun}"
    base = base_code(prefix, n)
    single = platform in PLATFORMS_WITH_MODEL or not kind.options
    combos: list[list[tuple[str, str]]] = [[]]
    if not single:
        for option in kind.options:
            if option == "Size":
                pool = SIZES_SHOES if kind.product_type == "Footwear" else SIZES_APPAREL
                values = [(s, s) for s in draw(st.lists(st.sampled_from(pool), min_size=1, max_size=3, unique=True))]
            else:
                values = draw(st.lists(st.sampled_from(COLOURS), min_size=1, max_size=3, unique=True))
            combos = [[*c, v] for c in combos for v in values]
    lo, hi = kind.price_range
    price = draw(st.integers(lo, hi)) * 100 - draw(st.sampled_from([1, 5]))
    variants = []
    for k, combo in enumerate(combos):
        code = "-".join([base, *(c for _, c in combo)])
        variants.append(Variant(
            id=str(5_000_000 + n * 100 + k),
            sku=None if platform in PLATFORMS_WITH_MODEL else code,
            model=code if platform in PLATFORMS_WITH_MODEL else None,
            barcode=ean13(n * 100 + k) if kind.tracked else None,
            title=" / ".join(v for v, _ in combo) if combo else "Default Title",
            options={name: v for name, (v, _) in zip(kind.options, combo, strict=False)},
            price=money(price),
            cost=money(price * 45 // 100) if kind.tracked else None,
            taxable=kind.taxable,
            inventory_tracked=kind.tracked,
            quantities={"1": draw(st.integers(0, 50))} if kind.tracked else {},
        ))
    return Product(
        id=str(10_000 + n), title=title, product_type=kind.product_type, variants=variants,
        options=[] if single else list(kind.options),
        sku=base if platform in PARENT_SKU_PLATFORMS and len(variants) > 1 else None,
    )


def products(index: int | None = None, platform: str = "shopify") -> st.SearchStrategy[Product]:
    """A product with 1..9 variants in the catalogue's style; ``index`` fixes its number (and so its codes)."""
    return _product(index, platform)


@st.composite
def _customer(draw: st.DrawFn, index: int | None, locales: tuple[str, ...]) -> Customer:
    n = index if index is not None else draw(st.integers(1, 999_999))
    locale = draw(st.sampled_from(locales))
    pool = get_pools(tuple(sorted(set(locales)))).by_locale[locale]
    fi = draw(st.integers(0, len(pool.first_names) - 1))
    li = draw(st.integers(0, len(pool.last_names) - 1))
    region = draw(st.sampled_from([r for r, _ in LOCALE_REGIONS[locale]]))
    rng = draw(st.randoms(use_true_random=False))
    phone = phone_number(rng, region) if draw(st.booleans()) else None
    first, last = pool.first_names[fi], pool.last_names[li]
    domain = "example.ca" if LOCALE_COUNTRY[locale] == "CA" else "example.com"
    return Customer(
        id=str(200_000 + n), first_name=first, last_name=last, phone=phone,
        email=f"{pool.first_ascii[fi] or 'client'}.{pool.last_ascii[li] or 'shop'}.{n}@{domain}",
        addresses=[make_address(rng, get_pools(tuple(sorted(set(locales)))), locale, region, first, last, None, phone)],
        created_at=ANCHOR - timedelta(days=draw(st.integers(30, 900))),
    )


def customers(index: int | None = None, locales: tuple[str, ...] = LOCALES) -> st.SearchStrategy[Customer]:
    """A customer from one of ``locales`` (accents included for fr_CA); ``index`` makes the email unique."""
    return _customer(index, locales)


@st.composite
def _order(draw: st.DrawFn, store: Store, index: int | None) -> Order:
    n = index if index is not None else draw(st.integers(0, 99_999))
    sellable = [(p, v) for p in store.products for v in p.variants]
    chosen = draw(st.lists(st.sampled_from(sellable), min_size=1, max_size=4, unique_by=lambda pv: pv[1].id))
    drafts = [LineDraft(p, v, draw(st.integers(1, 3)), cents(v.price), 0) for p, v in chosen]
    customer = draw(st.sampled_from(store.customers)) if store.customers else None
    address = customer.addresses[0] if customer and customer.addresses else None
    region = region_of(address)
    taxes = region.taxes if region else ()
    items = sum(d.unit * d.qty for d in drafts)
    coupon = draw(st.sampled_from([0, 0, 500])) if items > 2000 else 0
    counter = iter(range(9_000_000 + n * 10, 9_000_000 + n * 10 + 10))
    priced = price_lines(drafts, taxes, coupon, ("Standard Shipping", 599), store.platform, lambda: str(next(counter)))
    gateway, kind = GATEWAYS[store.platform][0]
    return Order(
        id=str(3_000_000 + n), number=order_number(store.platform, n),
        created_at=ANCHOR - timedelta(days=draw(st.integers(1, 365))), currency=store.currency,
        customer_id=customer.id if customer else None, email=customer.email if customer else None,
        billing=address, shipping_address=address, lines=priced.lines, shipping_lines=priced.shipping,
        discounts=[Discount(code="WELCOME10", amount=money(coupon))] if coupon else [],
        tax_lines=priced.tax_lines, payments=[Payment(gateway=gateway, kind=kind, amount=money(priced.total))],
        total=money(priced.total), total_tax=money(priced.total_tax),
    )


def orders(store: Store | None = None, index: int | None = None) -> st.SearchStrategy[Order]:
    """An order over ``store``'s variants and customers (a small drawn store if none) that adds up exactly."""
    if store is not None:
        return _order(store, index)
    return stores(products=st.integers(1, 3), customers=st.integers(1, 2), orders=0).flatmap(
        lambda s: _order(s, index))


@st.composite
def _clean_store(draw: st.DrawFn, n_products: int, n_customers: int, n_orders: int, platform: str) -> Store:
    country = "US"
    prods = [draw(products(index=i + 1, platform=platform)) for i in range(n_products)]
    custs = [draw(customers(index=i + 1)) for i in range(n_customers)]
    regions = [r for loc in LOCALES for r, _ in LOCALE_REGIONS[loc]]
    store = Store(
        platform=platform,  # type: ignore[arg-type]
        currency=COUNTRY_CURRENCY[country], country=country, products=prods, customers=custs,
        tax=TaxSettings(rates=[TaxRate(id=t.id, name=t.name, rate=t.rate, country=t.country, region=t.region,
                                       shipping=t.shipping) for t in all_taxes(regions)]),
    )
    if prods:
        store.orders = [draw(orders(store, index=i)) for i in range(n_orders)]
    return store


@st.composite
def _seeded_store(
    draw: st.DrawFn, n_products: int, n_customers: int, n_orders: int, platform: str, pathologies: Mapping[str, float],
) -> Store:
    seed = draw(st.integers(0, 2**32 - 1))
    store, _ = generate_store(seed, Counts(n_products, n_customers, n_orders), pathologies, platform)
    return store


def stores(
    products: int | st.SearchStrategy[int] = st.integers(1, 6),  # noqa: B008 - strategies are immutable
    customers: int | st.SearchStrategy[int] = st.integers(1, 5),  # noqa: B008
    orders: int | st.SearchStrategy[int] = st.integers(0, 8),  # noqa: B008
    pathologies: Mapping[str, float] | st.SearchStrategy[Mapping[str, float]] | None = None,
    platform: str | st.SearchStrategy[str] = "shopify",
) -> st.SearchStrategy[Store]:
    """A whole store: composed from the strategies above when clean, generated from a seed when pathological."""
    platform_s = platform if isinstance(platform, st.SearchStrategy) else st.just(platform)

    @st.composite
    def build(draw: st.DrawFn) -> Store:
        n_p, n_c, n_o = draw(_ints(products)), draw(_ints(customers)), draw(_ints(orders))
        plat = draw(platform_s)
        mix = draw(pathologies) if isinstance(pathologies, st.SearchStrategy) else pathologies
        if mix:
            return draw(_seeded_store(n_p, n_c, n_o, plat, mix))
        return draw(_clean_store(n_p, n_c, n_o, plat))

    return build()
