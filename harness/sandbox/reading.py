"""Serve a Store and Books in-process and read them back through the platform clients.

This is the engine's default path: the same client code that reads a real
store in a trial reads the simulated one here.
"""

from __future__ import annotations

from harness.model.books import Books
from harness.model.store import Store
from harness.platforms.http.bulk import cut_cycles, gc_paused
from harness.platforms.registry import get_platform
from harness.sandbox.inprocess import InProcessSandbox


def read_through_sandbox(store: Store, books: Books) -> tuple[Store, Books]:
    store_spec = get_platform(store.platform)
    books_spec = get_platform("quickbooks")
    with gc_paused():  # millions of short-lived acyclic containers (harness.platforms.http.bulk)
        store_app = store_spec.make_endpoint(store)
        books_app = books_spec.make_endpoint(books)
        try:
            with InProcessSandbox() as sandbox:
                store_base = sandbox.mount(store_app, store_spec.sandbox_base_url)
                books_base = sandbox.mount(books_app, books_spec.sandbox_base_url)
                store_client = store_spec.make_client(store_base, store_app.credentials(), None)
                books_client = books_spec.make_client(books_base, books_app.credentials(), None)
                return store_client.read_store(), books_client.read_books()
        finally:
            # each endpoint is a web of cycles around a whole store's records: freed now, not by a full
            # collection over everything that was just read (http/bulk.py)
            cut_cycles(store_app)
            cut_cycles(books_app)
