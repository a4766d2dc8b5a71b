"""Property: whatever canonical store is loaded, Magento's wire form decodes back to it."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harness.model.store import PLATFORMS, Product, Store, Variant
from harness.platforms.magento.wire import project, store_from_wire, store_to_wire
from harness.sources.generated import PATHOLOGIES
from harness.sources.strategies import stores

FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(stores(platform=st.sampled_from(PLATFORMS)))
def test_any_clean_store_round_trips(store: Store) -> None:
    assert store_from_wire(store_to_wire(store)) == project(store)


@FAST
@given(
    stores(
        products=st.integers(1, 4),
        orders=st.integers(0, 6),
        pathologies=st.dictionaries(st.sampled_from(sorted(PATHOLOGIES)), st.just(1.0), min_size=1, max_size=4),
        platform=st.sampled_from(PLATFORMS),
    )
)
def test_any_pathological_store_round_trips(store: Store) -> None:
    assert store_from_wire(store_to_wire(store)) == project(store)


@given(st.text(max_size=12), st.text(max_size=12), st.one_of(st.none(), st.text(max_size=8)))
@settings(max_examples=40, deadline=None)
def test_odd_text_survives(title: str, option: str, sku: str | None) -> None:
    """Empty and blank strings, accents, control characters: absent and empty stay distinct."""
    variant = Variant(id="v", sku=sku, title=option, options={option: title} if option else {})
    store = Store(
        platform="magento", products=[Product(id="p", title=title, variants=[variant]), Product(id="q", title="")]
    )
    assert store_from_wire(store_to_wire(store)) == store
