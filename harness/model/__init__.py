"""Canonical records: the Store (e-commerce side), the Books (accounting side), the Manifest."""

from harness.model import books, store
from harness.model.books import Books
from harness.model.manifest import Injection, Manifest, NotInjected, RecordRef
from harness.model.store import Store

__all__ = ["Books", "Injection", "Manifest", "NotInjected", "RecordRef", "Store", "books", "store"]
