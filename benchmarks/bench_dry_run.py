"""The whole dry run at scale, phase by phase: where the time goes and how much memory it takes.

    .venv/bin/python benchmarks/bench_dry_run.py                      # 100k products / 100k customers / 250k orders
    .venv/bin/python benchmarks/bench_dry_run.py --products 10000 --customers 10000 --orders 25000

Prints seconds per phase (generate, serve+read, match, check, rehearse, render), the wall time of the dry
run itself (everything after generate), peak memory, and the time orjson takes to parse the same response
bytes the clients read: the floor for reading.
"""

from __future__ import annotations

import argparse
import resource
import time

import orjson

from harness.platforms.registry import get_platform
from harness.report.render import render
from harness.sandbox.reading import with_client
from harness.sources.generated import DEMO_PATHOLOGIES, generate
from harness.sources.generated.sizes import Counts
from harness.sync.engine import dry_run


def peak_mib() -> float:
    """Max RSS in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--orders", type=int, default=250_000)
    parser.add_argument("--platform", default="shopify")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-rehearse", action="store_true")
    args = parser.parse_args()

    timings: dict[str, float] = {}
    start = time.perf_counter()
    scenario = generate(
        seed=args.seed,
        size=Counts(args.products, args.customers, args.orders),
        platform=args.platform,
        pathologies=dict(DEMO_PATHOLOGIES),
    )
    timings["generate"] = time.perf_counter() - start
    store, books = scenario.store, scenario.books
    variants = sum(len(p.variants) for p in store.products)
    print(
        f"store: {len(store.products):,} products, {variants:,} variants, {len(store.customers):,} customers, "
        f"{len(store.orders):,} orders; books: {len(books.items):,} items, "
        f"{len(books.customers) + len(books.vendors) + len(books.employees):,} names",
        flush=True,
    )

    # serve + read; each response body is also parsed once more with orjson, timed apart: the floor
    floor = 0.0
    wire_bytes = 0
    responses_seen = 0

    def parse_floor(body: bytes) -> None:
        nonlocal floor, wire_bytes, responses_seen
        began = time.perf_counter()
        orjson.loads(body)
        floor += time.perf_counter() - began
        wire_bytes += len(body)
        responses_seen += 1

    start = dry_run_start = time.perf_counter()
    store_spec, books_spec = get_platform(store.platform), get_platform("quickbooks")
    books = scenario.books
    # one side at a time, as read_through_sandbox does: the store endpoint is gone before the books' is made
    read_store = with_client(
        store_spec, store_spec.make_endpoint(store), lambda client: client.read_store(), observe=parse_floor
    )
    # the generated store was only what the endpoint served; a trial against a real store never holds it
    del scenario, store
    read_books = with_client(
        books_spec, books_spec.make_endpoint(books), lambda client: client.read_books(), observe=parse_floor
    )
    del books
    timings["serve+read"] = time.perf_counter() - start - floor
    wire_mb = wire_bytes / 1e6

    result = dry_run(read_store, read_books, read_via_clients=False, rehearse=not args.no_rehearse)
    timings.update(result.timings)
    start = time.perf_counter()
    json_bytes = render(result.report, "json")
    render(result.report, "html")
    timings["render (json+html)"] = time.perf_counter() - start
    wall = time.perf_counter() - dry_run_start - floor

    total = sum(timings.values())
    print(f"{'phase':<22}{'seconds':>10}")
    for phase, seconds in timings.items():
        print(f"{phase:<22}{seconds:>10.1f}")
    print(f"{'total':<22}{total:>10.1f}")
    print(f"{'dry run wall':<22}{wall:>10.1f}   (serve+read to render: the dry run without generate)")
    print(f"orjson parse of the {responses_seen:,} responses read ({wire_mb:,.0f} MB): {floor:.1f} s (the floor)")
    print(f"findings: {len(result.report.findings):,}; JSON report {len(json_bytes) / 1e6:.1f} MB")
    peak = peak_mib()
    print(f"peak memory (max RSS): {peak:,.0f} MiB = {peak / 1024:.2f} GiB = {peak * 1.048576 / 1000:.2f} GB")


if __name__ == "__main__":
    main()
