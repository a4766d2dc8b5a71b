"""What every platform package provides, so the engine, CLI and sandbox treat them alike.

A platform package (``harness/platforms/<name>/``) has ``wire.py``, ``endpoint.py``
and ``client.py``, and its ``__init__.py`` exposes ``SPEC``, a :class:`PlatformSpec`.
The registry (``registry.py``) maps names to packages; nothing else in the tree
lists platforms.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from harness.model.books import Books
from harness.model.store import Store
from harness.platforms.http.app import EndpointApp
from harness.platforms.http.session import RetryPolicy


class StoreClient(Protocol):
    """Engine-side reader of a whole store, with paging and retries."""

    def read_store(self) -> Store: ...


class BooksClient(Protocol):
    """Engine-side reader of a whole company file."""

    def read_books(self) -> Books: ...


class SimulatedEndpoint(Protocol):
    """An endpoint app that can tell a client how to authenticate against it."""

    def credentials(self) -> dict[str, str]:
        """Everything a client needs besides the base URL (tokens, keys, realm id, ...)."""
        ...

    def reset(self) -> None: ...


@dataclass(frozen=True)
class PlatformSpec:
    name: str
    side: Literal["store", "books"]
    title: str
    #: the canonical Variant field the connector treats as the product code here
    #: (connector-rules #23-#25): "sku" almost everywhere, "model" on OpenCart
    product_code_field: Literal["sku", "model", "none"]
    #: what the platform's own UI calls that field ("SKU", "Custom label", "Model")
    product_code_label: str
    #: the base URL the endpoint is mounted at when served in-process
    sandbox_base_url: str
    #: build the endpoint from a Store (store side) or Books (books side), plus options
    make_endpoint: Callable[..., EndpointApp]
    #: build the engine-side client: make_client(base_url, credentials, policy=None)
    make_client: Callable[[str, Mapping[str, str], RetryPolicy | None], Any]
    notes: str = ""
