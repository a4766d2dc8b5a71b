"""The in-process handle (``--sandbox=inprocess``): the same endpoints and admin API, with no sockets."""

from __future__ import annotations

from pathlib import Path

import requests

from harness.model.books import Books
from harness.model.snapshot import decode
from harness.model.store import Store
from harness.sandbox.served import InProcessServed
from harness.scenarios import load_scenario

LIBRARY = Path(__file__).parents[2] / "scenarios"


def test_admin_api_and_state_in_process() -> None:
    materialised = load_scenario(LIBRARY / "rules" / "variant-skus.yaml").materialise()
    with InProcessServed(materialised) as sandbox:
        assert sandbox.admin_url is not None
        health = requests.get(f"{sandbox.admin_url}/_sandbox/health", timeout=10).json()
        assert health["scenario"] == "variant-skus"
        store = decode(requests.get(f"{sandbox.admin_url}/_sandbox/state", params={"side": "store"}, timeout=10)
                       .content, Store)
        assert sorted(p.title for p in store.products) == sorted(p.title for p in materialised.store.products)
        books = decode(requests.get(f"{sandbox.admin_url}/_sandbox/state", params={"side": "books"}, timeout=10)
                       .content, Books)
        assert len(books.items) == len(materialised.books.items)
        journal = sandbox.endpoints["store"].journal
        assert journal is not None and len(journal) > 0  # the state read went through the store's own API
        requests.post(f"{sandbox.admin_url}/_sandbox/reset", params={"side": "store"}, timeout=10)
        assert len(journal) == 0
