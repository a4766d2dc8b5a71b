"""Shopify test fixtures: the store to load, the endpoint served in-process and over a socket."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from shopify_stores import small_store

from harness.model.store import Store
from harness.platforms.shopify import SPEC
from harness.platforms.shopify.endpoint import ShopifyEndpoint
from harness.sandbox import InProcessSandbox, serve


@pytest.fixture
def store() -> Store:
    return small_store()


@pytest.fixture
def endpoint(store: Store) -> ShopifyEndpoint:
    return SPEC.make_endpoint(store)  # type: ignore[return-value]


@pytest.fixture
def inprocess(endpoint: ShopifyEndpoint) -> Iterator[tuple[ShopifyEndpoint, str]]:
    with InProcessSandbox() as sandbox:
        yield endpoint, sandbox.mount(endpoint, SPEC.sandbox_base_url)


@pytest.fixture
def server(endpoint: ShopifyEndpoint) -> Iterator[tuple[ShopifyEndpoint, str]]:
    with serve(endpoint) as running:
        yield endpoint, running.base_url
