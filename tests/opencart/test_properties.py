"""Property: any store, from any platform, reads back through OpenCart as exactly its OpenCart projection."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harness.model.store import PLATFORMS, Store
from harness.platforms.opencart import make_endpoint, project_store
from harness.sources.strategies import stores

from .test_roundtrip import diff, read_over_http


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stores(platform=st.sampled_from(PLATFORMS)), st.sampled_from(["3", "4.1"]))
def test_any_store_reads_back_as_its_projection(store: Store, schema: str) -> None:
    read = read_over_http(make_endpoint(store, schema=schema), page_size=3)
    expected = project_store(store, schema)
    assert read == expected, diff(read, expected)
