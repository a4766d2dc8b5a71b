"""Property: any store, from any platform, reads back through eBay as exactly its eBay projection."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harness.model.store import PLATFORMS, Store
from harness.platforms.ebay import make_endpoint, project_store
from harness.sources.strategies import stores

from .test_roundtrip import diff, read_in_process


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stores(platform=st.sampled_from(PLATFORMS)))
def test_any_store_reads_back_as_its_projection(store: Store) -> None:
    read = read_in_process(make_endpoint(store))
    expected = project_store(store)
    assert read == expected, diff(read, expected)
