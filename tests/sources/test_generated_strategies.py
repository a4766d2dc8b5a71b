"""The hypothesis strategies and the Faker provider produce records the generator would."""

from __future__ import annotations

from decimal import Decimal

from faker import Faker
from hypothesis import given, settings
from hypothesis import strategies as st

from harness.model.store import PLATFORMS, Store
from harness.sources.faker_providers import CatalogueProvider
from harness.sources.strategies import customers, orders, products, skus, stores


@given(skus())
def test_skus_are_clean(sku: str) -> None:
    assert len(sku) < 30 and sku == sku.upper() and not set(sku) & set(':\t\n"\' ')


@given(products(platform="opencart"))
def test_opencart_products_use_model(product: object) -> None:
    for v in product.variants:  # type: ignore[attr-defined]
        assert v.model and v.sku is None


@given(customers())
def test_customers_have_region_consistent_addresses(customer: object) -> None:
    address = customer.addresses[0]  # type: ignore[attr-defined]
    assert address.region and address.postal_code and address.country in ("US", "CA")


def _adds_up(store: Store) -> None:
    for o in store.orders:
        items = sum((ln.unit_price * ln.quantity - ln.discount for ln in o.lines), Decimal(0))
        extra = sum((s.price for s in o.shipping_lines), Decimal(0)) + sum((t.amount for t in o.tax_lines), Decimal(0))
        assert o.total == items + extra - sum((d.amount for d in o.discounts), Decimal(0))


@settings(max_examples=30, deadline=None)
@given(stores(platform=st.sampled_from(PLATFORMS)))
def test_composed_stores_add_up(store: Store) -> None:
    _adds_up(store)
    codes = [v.model if store.platform == "opencart" else v.sku for p in store.products for v in p.variants]
    assert len(codes) == len(set(codes))


@settings(max_examples=10, deadline=None)
@given(orders())
def test_orders_without_a_store(order: object) -> None:
    assert order.lines  # type: ignore[attr-defined]


@settings(max_examples=10, deadline=None)
@given(stores(products=st.integers(2, 5), customers=3, orders=4, pathologies={"sku_missing": 1}, platform="opencart"))
def test_pathological_stores_come_from_the_generator(store: Store) -> None:
    assert sum(1 for p in store.products for v in p.variants if not v.model) == 1


def test_faker_provider() -> None:
    fake = Faker()
    fake.add_provider(CatalogueProvider)
    fake.seed_instance(7)
    first = (fake.sku(), fake.product_name(), fake.product_title())
    fake.seed_instance(7)
    assert first == (fake.sku(), fake.product_name(), fake.product_title())
    assert all(len(fake.sku()) < 30 for _ in range(100))


@settings(max_examples=10, deadline=None)
@given(stores(products=st.integers(1, 4), customers=st.integers(1, 4), orders=st.integers(1, 6),
              pathologies=st.dictionaries(st.sampled_from(["guest_orders", "stock_negative", "custom_fees"]),
                                          st.just(1.0), min_size=1, max_size=3),
              platform=st.sampled_from(PLATFORMS)))
def test_pathology_mixes_can_be_drawn(store: Store) -> None:
    assert store.products and store.orders


@settings(max_examples=10, deadline=None)
@given(stores(platform=st.sampled_from(PLATFORMS)))
def test_books_can_be_generated_for_any_store(store: Store) -> None:
    from harness.sources.generated import generate_books

    books, manifest = generate_books(store, 1, {"inactive_matching_item": 1, "no_zero_rate_code": 1})
    assert books.preferences.home_currency == store.currency
    assert {n.pathology for n in manifest.not_injected} | {i.pathology for i in manifest.injections} == {
        "inactive_matching_item", "no_zero_rate_code"}
