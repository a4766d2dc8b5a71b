"""WooCommerce test fixtures: a generated store with every pathology, served in-process and over a socket."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from woo_stores import generated_store

from harness.model.store import Store
from harness.platforms.woocommerce import SPEC, WooEndpoint
from harness.sandbox import InProcessSandbox, serve


@pytest.fixture
def store() -> Store:
    return generated_store()


@pytest.fixture
def endpoint(store: Store) -> WooEndpoint:
    return WooEndpoint(store)


@pytest.fixture
def inprocess(endpoint: WooEndpoint) -> Iterator[tuple[WooEndpoint, str]]:
    """Mounted at the HTTPS sandbox URL, so Basic and query-key auth apply (store-apis.md §2.1)."""
    with InProcessSandbox() as sandbox:
        yield endpoint, sandbox.mount(endpoint, SPEC.sandbox_base_url)


@pytest.fixture(scope="module")
def shared_store() -> Store:
    return generated_store()


@pytest.fixture(scope="module")
def running(shared_store: Store) -> Iterator[tuple[WooEndpoint, str]]:
    """One plain-HTTP server per module (stopping one takes half a second); tests reset the endpoint."""
    endpoint = WooEndpoint(shared_store)
    with serve(endpoint) as server:
        yield endpoint, server.base_url


@pytest.fixture
def server(running: tuple[WooEndpoint, str]) -> tuple[WooEndpoint, str]:
    running[0].reset()
    return running
