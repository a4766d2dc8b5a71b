"""Stores the WooCommerce tests load: generated, with every store-side pathology injected."""

from __future__ import annotations

from harness.model.store import Store
from harness.platforms.http import RetryPolicy
from harness.sources.generated import DEMO_PATHOLOGIES, Counts, generate_store


def no_sleep(_: float) -> None:
    pass


FAST = RetryPolicy(sleep=no_sleep, attempts=12)


def generated_store(seed: int = 11, products: int = 23, customers: int = 17, orders: int = 41) -> Store:
    """Big enough for several pages at small page sizes, with duplicates, blanks, guests, plugins' lines."""
    store, _ = generate_store(seed, Counts(products, customers, orders), DEMO_PATHOLOGIES, "woocommerce")
    return store
