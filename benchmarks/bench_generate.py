"""Time and memory of generate_store + generate_books at a given size.

The budget (issue "Foundation", item 7) is 100k products / 100k customers /
250k orders in at most 60 s on two cores, with modest memory. Run::

    .venv/bin/python benchmarks/bench_generate.py                      # the budget size
    .venv/bin/python benchmarks/bench_generate.py --products 1000 --customers 1000 --orders 2500
    .venv/bin/python benchmarks/bench_generate.py --demo --tracemalloc  # with pathologies, Python-heap peak

Peak memory is the process's maximum resident set (``ru_maxrss``), which
includes the interpreter; ``--tracemalloc`` adds the Python-heap peak but
slows generation by about 2x, so the wall time is then not the budget figure.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import tracemalloc

from harness.sources.generated import DEMO_PATHOLOGIES, PATHOLOGIES, Counts, generate_books, generate_store


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--orders", type=int, default=250_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--platform", default="shopify")
    parser.add_argument("--demo", action="store_true", help="inject DEMO_PATHOLOGIES (a few of each)")
    parser.add_argument("--default-rates", action="store_true", help="inject every pathology at its default rate")
    parser.add_argument("--tracemalloc", action="store_true", help="also report the Python-heap peak (slower)")
    args = parser.parse_args(argv)

    counts = Counts(products=args.products, customers=args.customers, orders=args.orders)
    pathologies = DEMO_PATHOLOGIES if args.demo else None
    if args.default_rates:
        pathologies = {name: p.default_rate for name, p in PATHOLOGIES.items()}
    if args.tracemalloc:
        tracemalloc.start()
    start = time.perf_counter()
    store, manifest = generate_store(args.seed, counts, pathologies, args.platform)
    mid = time.perf_counter()
    books, manifest = generate_books(store, args.seed, pathologies, manifest)
    end = time.perf_counter()
    variants = sum(len(p.variants) for p in store.products)
    lines = sum(len(o.lines) for o in store.orders)
    print(f"size        {counts.text()} ({variants} variants, {lines} order lines, {len(books.items)} items)")
    print(f"store       {mid - start:7.2f} s")
    print(f"books       {end - mid:7.2f} s")
    print(f"total       {end - start:7.2f} s")
    if args.tracemalloc:
        _, peak = tracemalloc.get_traced_memory()
        print(f"heap peak   {peak / 2**20:7.0f} MiB (tracemalloc)")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss is bytes on macOS, KiB on Linux
    print(f"peak RSS    {rss * scale / 2**20:7.0f} MiB")
    print(f"injections  {len(manifest.injections)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
