"""Engine-side OpenCart readers: over the REST-Admin facade (HTTP), or straight from the database.

Both produce the same canonical Store through ``wire.decode_store``. The HTTP
reader pages with ``limit``/``page`` until ``X-Pagination-Total-Pages`` (or an
empty page) and authenticates with ``X-Oc-Restadmin-Id``. The SQL reader,
:func:`read_store_from_db`, is what most OpenCart connectors do in practice
(store-apis.md 4.1): plain ``SELECT``s on the ``oc_`` tables of a SQLite file
or a MySQL/MariaDB URL, with the 3.x/4.1 schema detected from ``oc_product``'s
columns. The facade is GET-only, so the write guard never has to make an
exception for it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from harness.model.store import Store
from harness.platforms.http.session import ApiClientError, ApiSession, RetryPolicy
from harness.platforms.opencart import queries
from harness.platforms.opencart.db import Database, connect
from harness.platforms.opencart.decode import decode_store
from harness.platforms.opencart.endpoint import API
from harness.platforms.opencart.schema import Schema

PAGE_SIZE = 200


class OpenCartClient:
    def __init__(self, base_url: str, credentials: Mapping[str, str], policy: RetryPolicy | None = None) -> None:
        self.session = ApiSession(
            base_url, headers={"X-Oc-Restadmin-Id": credentials.get("api_key", "")}, policy=policy
        )
        self.page_size = PAGE_SIZE

    def _data(self, path: str, params: Mapping[str, Any] | None = None) -> tuple[Any, Mapping[str, str]]:
        response = self.session.get_ok(f"{API}/{path}", params)
        try:
            body = response.json()
        except ValueError:
            raise ApiClientError(f"GET {response.url}: not JSON: {response.text[:200]!r}") from None
        if not body.get("success"):
            raise ApiClientError(f"GET {response.url}: {body.get('error')}", status=response.status_code)
        return body.get("data"), response.headers

    def pages(self, resource: str) -> Iterator[dict[str, Any]]:
        page = 1
        while True:
            data, headers = self._data(resource, {"limit": self.page_size, "page": page})
            yield from data
            total_pages = headers.get("X-Pagination-Total-Pages")
            if not data or (total_pages is not None and page >= int(total_pages)):
                return
            page += 1

    def read_store(self) -> Store:
        settings, _ = self._data("settings")
        rates, _ = self._data("tax_rates")
        return decode_store(
            settings, rates, list(self.pages("products")), list(self.pages("customers")), list(self.pages("orders"))
        )


def detect_schema(db: Database) -> Schema:
    """4.1 moved ``sku`` out of ``oc_product`` into ``oc_product_code``."""
    return "3" if "sku" in db.columns("oc_product") else "4.1"


def read_store_from_db(target: str | Path, *, schema: Schema | None = None, page_size: int = 500) -> Store:
    """Read a store straight from an OpenCart database: a SQLite path or a ``mysql://`` URL."""
    db = connect(target)
    try:
        chosen = schema or detect_schema(db)

        def keyset(read: Callable[[int | None], list[dict[str, Any]]], key: str) -> list[dict[str, Any]]:
            """Page by key, not offset: each page starts after the last id seen, so nothing is re-scanned."""
            out: list[dict[str, Any]] = []
            last: int | None = None
            while True:
                batch = read(last)
                out.extend(batch)
                if len(batch) < page_size:
                    return out
                last = int(batch[-1][key])

        return decode_store(
            queries.settings(db),
            queries.tax_rates(db),
            keyset(lambda after: queries.products(db, chosen, page_size, 0, after_id=after), "product_id"),
            keyset(lambda after: queries.customers(db, chosen, page_size, 0, after_id=after), "customer_id"),
            keyset(lambda after: queries.orders(db, page_size, 0, after_id=after), "order_id"),
        )
    finally:
        db.close()


def make_client(base_url: str, credentials: Mapping[str, str], policy: RetryPolicy | None = None) -> OpenCartClient:
    return OpenCartClient(base_url, credentials, policy)
