"""A store and its books served on local sockets, standing in for a customer's real systems."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness.model.books import Books
from harness.model.store import Store
from harness.platforms.registry import get_platform
from harness.sandbox.server import LocalServer, serve
from harness.sources.recorded import Target

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Served:
    store: Target
    books: Target
    servers: list[LocalServer]

    def read_live(self) -> tuple[Store, Books]:
        """The store and books as the engine's clients read them from the live servers."""
        store_client = get_platform(self.store.platform).make_client(self.store.url, self.store.credentials, None)
        books_client = get_platform("quickbooks").make_client(self.books.url, self.books.credentials, None)
        return store_client.read_store(), books_client.read_books()

    def record_args(self) -> list[str]:
        args = ["--platform", self.store.platform, "--url", self.store.url, "--books-url", self.books.url]
        args += [f"--credential={k}={v}" for k, v in self.store.credentials.items()]
        args += [f"--books-credential={k}={v}" for k, v in self.books.credentials.items()]
        return args


@contextmanager
def served(store: Store, books: Books, **store_options: Any) -> Iterator[Served]:
    store_app = get_platform(store.platform).make_endpoint(store, **store_options)
    books_app = get_platform("quickbooks").make_endpoint(books)
    servers = [serve(store_app), serve(books_app)]
    try:
        yield Served(
            Target(store.platform, servers[0].base_url, store_app.credentials()),
            Target("quickbooks", servers[1].base_url, books_app.credentials()),
            servers,
        )
    finally:
        for server in servers:
            server.stop()


def cli(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The real command line, as a user runs it (errors print one line, exit 2)."""
    return subprocess.run(
        [sys.executable, "-c", "from harness.cli import main; main()", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(env or {})},
    )
