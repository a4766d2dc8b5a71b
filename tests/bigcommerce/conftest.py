"""Fixtures for the BigCommerce tests: stores to load, and the endpoint served both ways.

The endpoint and its local server live for the session (a server's shutdown
costs half a second); each test gets the endpoint ``reset()`` to what was loaded.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from bc_stores import build_store

from harness.model.store import Store
from harness.platforms.bigcommerce import SPEC, BigCommerceEndpoint
from harness.sandbox import InProcessSandbox, LocalServer, serve


@pytest.fixture(scope="session")
def bc_store() -> Store:
    """A generated store with a few pages of everything (30 orders, each with four sub-resources)."""
    return build_store("bigcommerce", seed=1, size="tiny")


@pytest.fixture(scope="session")
def bc_endpoint(bc_store: Store) -> BigCommerceEndpoint:
    endpoint = SPEC.make_endpoint(bc_store)
    assert isinstance(endpoint, BigCommerceEndpoint)
    return endpoint


@pytest.fixture(scope="session")
def bc_server(bc_endpoint: BigCommerceEndpoint) -> Iterator[LocalServer]:
    with serve(bc_endpoint) as server:
        yield server


@pytest.fixture(params=["inprocess", "server"])
def served(
    request: pytest.FixtureRequest, bc_endpoint: BigCommerceEndpoint
) -> Iterator[tuple[BigCommerceEndpoint, str]]:
    """The endpoint, freshly reset, in-process (https, via responses) and on a local socket."""
    bc_endpoint.reset()
    if request.param == "inprocess":
        with InProcessSandbox() as sandbox:
            yield bc_endpoint, sandbox.mount(bc_endpoint, SPEC.sandbox_base_url)
    else:
        yield bc_endpoint, request.getfixturevalue("bc_server").base_url
