"""Fixtures for the BigCommerce tests: stores to load, and the endpoint served both ways."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from bc_stores import build_store

from harness.model.store import Store
from harness.platforms.bigcommerce import SPEC, BigCommerceEndpoint
from harness.sandbox import InProcessSandbox, serve

StoreFactory = Callable[..., Store]


@pytest.fixture
def make_store() -> StoreFactory:
    """``make_store(seed=1, orders=5)``: the generator's store when it is available, else a hand-built one."""

    def factory(*, seed: int = 1, orders: int = 5, size: str = "small") -> Store:
        return build_store("bigcommerce", seed=seed, orders=orders, size=size)

    return factory


@pytest.fixture(params=["inprocess", "server"])
def served(request: pytest.FixtureRequest, make_store: StoreFactory) -> Iterator[tuple[BigCommerceEndpoint, str]]:
    """The endpoint over a small store, in-process (https, via responses) and on a local socket."""
    endpoint = SPEC.make_endpoint(make_store())
    assert isinstance(endpoint, BigCommerceEndpoint)
    if request.param == "inprocess":
        with InProcessSandbox() as sandbox:
            yield endpoint, sandbox.mount(endpoint, SPEC.sandbox_base_url)
    else:
        with serve(endpoint) as server:
            yield endpoint, server.base_url
