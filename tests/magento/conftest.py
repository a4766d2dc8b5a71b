"""Fixtures for the Magento tests: a generated store, and the endpoint served both ways.

The endpoint and its local server live for the session (a server's shutdown
costs half a second); each test gets the endpoint ``reset()`` to what was loaded.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from harness.model.store import Store
from harness.platforms.magento import SPEC, MagentoEndpoint
from harness.sandbox import InProcessSandbox, LocalServer, serve
from harness.sources.generated import generate_store


@pytest.fixture(scope="session")
def magento_store() -> Store:
    store, _manifest = generate_store(7, "small", None, "magento")
    return store


@pytest.fixture(scope="session")
def magento_endpoint(magento_store: Store) -> MagentoEndpoint:
    endpoint = SPEC.make_endpoint(magento_store)
    assert isinstance(endpoint, MagentoEndpoint)
    return endpoint


@pytest.fixture(scope="session")
def magento_server(magento_endpoint: MagentoEndpoint) -> Iterator[LocalServer]:
    with serve(magento_endpoint) as server:
        yield server


@pytest.fixture(params=["inprocess", "server"])
def served(request: pytest.FixtureRequest, magento_endpoint: MagentoEndpoint) -> Iterator[tuple[MagentoEndpoint, str]]:
    """The endpoint, freshly reset, in-process (https, via responses) and on a local socket."""
    magento_endpoint.reset()
    magento_endpoint.out_of_range = "repeat_last"
    if request.param == "inprocess":
        with InProcessSandbox() as sandbox:
            yield magento_endpoint, sandbox.mount(magento_endpoint, SPEC.sandbox_base_url)
    else:
        yield magento_endpoint, request.getfixturevalue("magento_server").base_url
