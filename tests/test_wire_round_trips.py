"""Property: whatever canonical store is loaded, a platform's wire form decodes back to what it can hold.

One test for every platform whose ``wire`` module exposes ``store_to_wire``, ``store_from_wire`` and
``project`` (the Store as that platform holds it).
"""

from __future__ import annotations

import importlib
from types import ModuleType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harness.model.store import PLATFORMS, Product, Store, Variant
from harness.sources.generated import PATHOLOGIES
from harness.sources.strategies import stores

WIRES = ("bigcommerce", "magento")
FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(params=WIRES, scope="module")
def wire(request: pytest.FixtureRequest) -> ModuleType:
    return importlib.import_module(f"harness.platforms.{request.param}.wire")


@FAST
@given(store=stores(platform=st.sampled_from(PLATFORMS)))
def test_any_clean_store_round_trips(wire: ModuleType, store: Store) -> None:
    assert wire.store_from_wire(wire.store_to_wire(store)) == wire.project(store)


@FAST
@given(
    store=stores(
        products=st.integers(1, 4),
        orders=st.integers(0, 6),
        pathologies=st.dictionaries(st.sampled_from(sorted(PATHOLOGIES)), st.just(1.0), min_size=1, max_size=4),
        platform=st.sampled_from(PLATFORMS),
    )
)
def test_any_pathological_store_round_trips(wire: ModuleType, store: Store) -> None:
    assert wire.store_from_wire(wire.store_to_wire(store)) == wire.project(store)


@settings(max_examples=40, deadline=None)
@given(title=st.text(max_size=12), option=st.text(max_size=12), sku=st.one_of(st.none(), st.text(max_size=8)))
def test_odd_text_survives(wire: ModuleType, title: str, option: str, sku: str | None) -> None:
    """Empty and blank strings, accents, control characters: absent (None) and empty ("") stay distinct."""
    platform = wire.__name__.split(".")[2]
    variant = Variant(id="v", sku=sku, title=option, options={option: title} if option else {})
    store = Store(
        platform=platform,  # type: ignore[arg-type]
        products=[Product(id="p", title=title, variants=[variant]), Product(id="q", title="")],
    )
    assert wire.store_from_wire(wire.store_to_wire(store)) == store
