"""Fixtures for the Magento tests: a generated store, and the endpoint served both ways."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from harness.model.store import Store
from harness.platforms.magento import SPEC, MagentoEndpoint
from harness.sandbox import InProcessSandbox, serve
from harness.sources.generated import generate_store


@pytest.fixture(scope="session")
def magento_store() -> Store:
    store, _manifest = generate_store(7, "small", None, "magento")
    return store


@pytest.fixture(params=["inprocess", "server"])
def served(request: pytest.FixtureRequest, magento_store: Store) -> Iterator[tuple[MagentoEndpoint, str]]:
    """The endpoint over the generated store, in-process (https, via responses) and on a local socket."""
    endpoint = SPEC.make_endpoint(magento_store)
    assert isinstance(endpoint, MagentoEndpoint)
    if request.param == "inprocess":
        with InProcessSandbox() as sandbox:
            yield endpoint, sandbox.mount(endpoint, SPEC.sandbox_base_url)
    else:
        with serve(endpoint) as server:
            yield endpoint, server.base_url
