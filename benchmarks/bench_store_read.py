"""Load a generated 10k-product / 20k-order store into simulated Shopify and WooCommerce and read it back whole.

The read goes through each platform's engine-side client (``ShopifyClient``,
``WooClient``) over the in-process transport (or ``--server`` for a real local
socket), paging as the engine reads a real store, and checks that the Store read
equals the Store loaded. Prints the time of each phase and the request count.

    .venv/bin/python benchmarks/bench_store_read.py [--products 10000] [--customers 10000] [--orders 20000]
        [--platform shopify --platform woocommerce] [--server] [--faults 0.2]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from typing import Any

from harness.model.store import Store
from harness.platforms.http import RetryPolicy, ServerError, Throttle
from harness.platforms.registry import get_platform
from harness.sandbox import InProcessSandbox, serve
from harness.sources.generated import DEMO_PATHOLOGIES, Counts, generate_store


def timed(label: str, action: Callable[[], Any]) -> Any:
    """Run ``action``; print wall time and this process's CPU time (the wall time is noisy on shared cores)."""
    start, cpu = time.perf_counter(), time.process_time()
    result = action()
    wall, used = time.perf_counter() - start, time.process_time() - cpu
    print(f"  {label:<28} {wall:8.2f} s wall {used:8.2f} s cpu", flush=True)
    return result


def bench(platform: str, counts: Counts, *, server: bool, faults: float) -> bool:
    print(f"{platform}: {counts.text()}", flush=True)
    store: Store = timed("generate", lambda: generate_store(7, counts, DEMO_PATHOLOGIES, platform)[0])
    spec = get_platform(platform)
    endpoint = timed("load endpoint", lambda: spec.make_endpoint(store))
    if faults:
        endpoint.faults.add(Throttle(rate=faults, retry_after=0.0))
        endpoint.faults.add(ServerError(rate=faults, status=503))
    policy = RetryPolicy(sleep=lambda _: None, attempts=30)
    if server:
        with serve(endpoint) as running:
            client = spec.make_client(running.base_url, endpoint.credentials(), policy)
            read = timed("read over local server", client.read_store)
    else:
        with InProcessSandbox() as sandbox:
            base = sandbox.mount(endpoint, spec.sandbox_base_url)
            client = spec.make_client(base, endpoint.credentials(), policy)
            read = timed("read in-process", client.read_store)
    equal = timed("compare", lambda: read == store)
    journal = endpoint.journal
    print(
        f"  requests {len(journal)}, retried {journal.count(status=429) + journal.count(status=503)}, "
        f"products {len(read.products)}, customers {len(read.customers)}, orders {len(read.orders)}, "
        f"equal {equal}",
        flush=True,
    )
    return bool(equal)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--customers", type=int, default=10_000)
    parser.add_argument("--orders", type=int, default=20_000)
    parser.add_argument("--platform", action="append", choices=["shopify", "woocommerce"])
    parser.add_argument("--server", action="store_true", help="serve over a local socket instead of in-process")
    parser.add_argument("--faults", type=float, default=0.0, help="rate of injected 429s and 503s each")
    args = parser.parse_args(argv)
    counts = Counts(args.products, args.customers, args.orders)
    ok = True
    for platform in args.platform or ["shopify", "woocommerce"]:
        ok = bench(platform, counts, server=args.server, faults=args.faults) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
