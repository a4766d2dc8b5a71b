"""Load a 50k-item + 50k-customer books snapshot into the simulated QuickBooks Online and read it back whole.

The read goes through ``QuickBooksClient`` over the in-process transport, paging
``/query`` with STARTPOSITION/MAXRESULTS 1000 (50 pages per entity), exactly as
the engine reads a real company. Prints the time of each phase.

    .venv/bin/python benchmarks/bench_quickbooks.py [--items 50000] [--customers 50000] [--server]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

from harness.model import snapshot
from harness.model.books import Account, Books, Contact, Item, Preferences
from harness.platforms.quickbooks import SPEC, QuickBooksClient, make_endpoint
from harness.sandbox import InProcessSandbox, serve


def build_books(n_items: int, n_customers: int) -> Books:
    """A deterministic company: every third item tracked inventory, some records inactive."""
    accounts = [
        Account(id="1", name="Sales of Product Income", type="Income"),
        Account(id="2", name="Cost of Goods Sold", type="Cost of Goods Sold"),
        Account(id="3", name="Inventory Asset", type="Other Current Asset"),
    ]
    items = [
        Item(
            id=str(n),
            name=f"Product {n:06d}",
            sku=f"SKU-{n:06d}",
            type="Inventory" if n % 3 == 0 else "NonInventory",
            track_qty=n % 3 == 0,
            qty_on_hand=Decimal(n % 40) if n % 3 == 0 else None,
            inv_start_date=date(2025, 1, 1) if n % 3 == 0 else None,
            unit_price=Decimal(n % 500) + Decimal("0.95"),
            income_account_id="1",
            expense_account_id="2",
            asset_account_id="3" if n % 3 == 0 else None,
            active=n % 23 != 0,
        )
        for n in range(1, n_items + 1)
    ]
    customers = [
        Contact(
            id=str(n),
            display_name=f"Customer {n:06d}",
            given_name="Alex",
            family_name=f"Family{n}",
            email=f"customer{n}@example.com",
            active=n % 29 != 0,
        )
        for n in range(1, n_customers + 1)
    ]
    return Books(preferences=Preferences(company_name="Bench Co"), accounts=accounts, items=items, customers=customers)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=50_000)
    parser.add_argument("--customers", type=int, default=50_000)
    parser.add_argument("--server", action="store_true", help="read over the local threaded server instead")
    args = parser.parse_args()

    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        path = snapshot.save(build_books(args.items, args.customers), Path(folder) / "books.json")
        books = snapshot.load(path, Books)  # the books snapshot the endpoint loads
    built = time.perf_counter()
    endpoint = make_endpoint(books)
    loaded = time.perf_counter()
    if args.server:
        with serve(endpoint) as server:
            read = QuickBooksClient(server.base_url, endpoint.credentials()).read_books()
    else:
        with InProcessSandbox() as sandbox:
            base = sandbox.mount(endpoint, SPEC.sandbox_base_url)
            read = QuickBooksClient(base, endpoint.credentials()).read_books()
    done = time.perf_counter()
    # a different WHERE on every page defeats the per-table result cache: one full scan per page
    for page in range(50):
        endpoint.run_query(
            f"SELECT * FROM Item WHERE UnitPrice >= '{page}' AND Name LIKE 'Product%' "
            f"ORDER BY Name DESC STARTPOSITION {page * 1000 + 1} MAXRESULTS 1000"
        )
    scanned = time.perf_counter()
    same = read.items == books.items and read.customers == books.customers
    print(
        f"books snapshot   {built - started:7.2f} s  ({len(books.items)} items, {len(books.customers)} customers; "
        "built, saved, loaded)"
    )
    print(f"endpoint loaded  {loaded - built:7.2f} s")
    print(
        f"read back whole  {done - loaded:7.2f} s  ({len(endpoint.journal)} requests, "
        f"{'server' if args.server else 'in-process'})"
    )
    print(f"50 uncached pages {scanned - done:7.2f} s  (WHERE + LIKE + ORDER BY over {len(books.items)} items each)")
    print(f"read-back equals loaded: {same}")
    if not same:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
