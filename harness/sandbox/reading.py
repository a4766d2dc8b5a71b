"""Serve a Store and Books in-process and read them back through the platform clients.

This is the engine's default path: the same client code that reads a real
store in a trial reads the simulated one here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from harness.heap import cut_cycles, gc_paused
from harness.model.books import Books
from harness.model.store import Store
from harness.platforms.base import PlatformSpec
from harness.platforms.registry import get_platform
from harness.sandbox.inprocess import InProcessSandbox

T = TypeVar("T")


def read_through_sandbox(store: Store, books: Books) -> tuple[Store, Books]:
    """Both sides, one at a time: each endpoint is a web of cycles around a whole store's or company's
    records, cut (and so freed, not left to a full collection) before the other is made."""
    return read_store(store), read_books(books)


def read_store(store: Store, *, observe: Callable[[bytes], None] | None = None) -> Store:
    """``store`` served by its platform's endpoint and read back through its client."""
    spec = get_platform(store.platform)
    with gc_paused():  # millions of short-lived acyclic containers (harness.heap)
        read: Store = with_client(spec, spec.make_endpoint(store), lambda client: client.read_store(), observe=observe)
    return read


def read_store_forked(
    holder: list[Store],
    *,
    observe: Callable[[bytes], None] | None = None,
    meanwhile: Callable[[], object] | None = None,
) -> Store:
    """The store in ``holder`` served from a forked child (harness.sandbox.forked) and read here.

    ``holder`` is emptied: with no other reference left, the store is freed in this process as soon as
    the child has it, and the endpoint's state never exists here at all. Both that and ``meanwhile``
    (the engine reads the books) happen while the child builds its endpoint.
    """
    from harness.sandbox.forked import ForkedEndpoint

    spec = get_platform(holder[0].platform)
    with gc_paused():
        served = ForkedEndpoint(lambda: spec.make_endpoint(holder.pop()), spec.sandbox_base_url, observe=observe)
        try:
            holder.clear()
            if meanwhile is not None:
                meanwhile()
        except BaseException:
            served.close()
            raise
        with served:
            read: Store = spec.make_client(served.base, served.credentials, None).read_store()
    return read


def read_books(books: Books, *, observe: Callable[[bytes], None] | None = None) -> Books:
    """``books`` served by the QuickBooks Online endpoint and read back through its client."""
    spec = get_platform("quickbooks")
    with gc_paused():
        read: Books = with_client(spec, spec.make_endpoint(books), lambda client: client.read_books(), observe=observe)
    return read


def with_client(
    spec: PlatformSpec,
    app: Any,
    use: Callable[[Any], T],
    *,
    base_url: str | None = None,
    observe: Callable[[bytes], None] | None = None,
) -> T:
    """``use`` a client of ``spec`` against ``app``, served in-process at ``base_url`` (the platform's
    sandbox URL by default). ``app`` is cut afterwards: unusable, and freed by reference counting, not
    left to a full collection. ``observe`` sees each response body (a benchmark samples them for its parsing floor)."""
    try:
        with InProcessSandbox(observe=observe) as sandbox:
            base = sandbox.mount(app, base_url or spec.sandbox_base_url)
            return use(spec.make_client(base, app.credentials(), None))
    finally:
        cut_cycles(app)
