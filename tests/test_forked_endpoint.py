"""The store's endpoint served from a forked child (``--jobs 2``): the same answers, and clear failures.

The child answers exactly as the endpoint in this process would, including the pages it prepares
before the client asks for them; a child that dies is one error naming its exit code, not a hang.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from harness.platforms.http.reading import follow_links
from harness.platforms.registry import get_platform
from harness.sandbox.forked import ForkedEndpoint, ForkedEndpointError, can_fork
from harness.sandbox.reading import read_store, read_store_forked, with_client
from harness.sources.generated import DEMO_PATHOLOGIES, generate
from harness.sources.generated.sizes import Counts

pytestmark = pytest.mark.skipif(not can_fork(), reason="the forked endpoint is used only where fork is dependable")


@pytest.mark.parametrize("platform", ["shopify", "woocommerce", "bigcommerce", "magento"])
def test_a_forked_read_is_the_in_process_read(platform: str) -> None:
    size = Counts(products=300, customers=120, orders=600)  # several pages of each resource: prefetching runs
    one = generate(seed=4, size=size, platform=platform, pathologies=dict(DEMO_PATHOLOGIES)).store
    two = generate(seed=4, size=size, platform=platform, pathologies=dict(DEMO_PATHOLOGIES)).store
    assert read_store_forked([two]) == read_store(one)


def test_prepared_pages_are_used_and_equal_fresh_answers() -> None:
    store = generate(seed=1, size=Counts(products=100, customers=50, orders=900), platform="shopify").store
    spec = get_platform("shopify")
    with ForkedEndpoint(lambda: spec.make_endpoint(store), spec.sandbox_base_url) as served:
        client = spec.make_client(served.base, served.credentials, None)
        pages = list(follow_links(client.session, "orders.json", {"status": "any", "limit": 50}))
        assert served.prefetched == len(pages) - 1  # every page after the first was ready when asked for
    again = with_client(
        spec,
        spec.make_endpoint(store),
        lambda c: list(follow_links(c.session, "orders.json", {"status": "any", "limit": 50})),
    )
    assert len(pages) == 18
    assert pages == again


def test_a_child_that_dies_is_one_clear_error() -> None:
    store = generate(seed=1, size="tiny", platform="shopify").store
    spec = get_platform("shopify")
    with ForkedEndpoint(lambda: spec.make_endpoint(store), spec.sandbox_base_url) as served:
        client = spec.make_client(served.base, served.credentials, None)
        os.kill(served._pid, 9)
        with pytest.raises(ForkedEndpointError, match=r"endpoint process \(exit code -9\)"):
            client.read_store()


def test_a_child_that_fails_to_start_says_why() -> None:
    def broken() -> object:
        raise RuntimeError("no endpoint for you")

    served = ForkedEndpoint(broken, "https://broken.example")  # returns at once: the child builds meanwhile
    with pytest.raises(ForkedEndpointError, match="no endpoint for you"), served:
        pass
    assert not _has_children()  # the child that failed was waited for, not left a zombie


def _has_children() -> bool:
    pid = os.getpid()
    return any((task / "children").read_text().split() for task in Path(f"/proc/{pid}/task").iterdir())


def test_the_caller_works_while_the_child_builds_its_endpoint() -> None:
    """The store is let go of, and the books read, while the child builds the store's endpoint."""
    store = generate(seed=1, size=Counts(products=50, customers=20, orders=40), platform="shopify").store
    expected = read_store(generate(seed=1, size=Counts(products=50, customers=20, orders=40), platform="shopify").store)
    holder, done = [store], []
    del store
    read = read_store_forked(holder, meanwhile=lambda: done.append(holder == []))
    assert done == [True]  # the holder was emptied before ``meanwhile`` ran
    assert read == expected
    assert not _has_children()


def test_a_failure_meanwhile_leaves_no_child_behind() -> None:
    store = generate(seed=1, size="tiny", platform="shopify").store

    def fails() -> None:
        raise RuntimeError("the books could not be read")

    with pytest.raises(RuntimeError, match="books could not"):
        read_store_forked([store], meanwhile=fails)
    assert not _has_children()
