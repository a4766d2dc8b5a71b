"""Shrink at scale: a big store with one injected problem, cut down to a reproducer, with and without the
first cut to the finding's own records (plain ddmin), so the worth of that heuristic stays measured.

    .venv/bin/python benchmarks/bench_shrink.py                                  # 5k products, one duplicate SKU
    .venv/bin/python benchmarks/bench_shrink.py --products 20000 --pathology order_number_collides \
        --finding ORDER_NUMBER_COLLIDES
"""

from __future__ import annotations

import argparse
import time

from harness.scenarios.shrink import shrink
from harness.sources.generated import generate
from harness.sources.generated.sizes import Counts
from harness.sync.profile import DEFAULT_PROFILE


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--products", type=int, default=5_000)
    parser.add_argument("--customers", type=int, default=300)
    parser.add_argument("--orders", type=int, default=1_000)
    parser.add_argument("--platform", default="shopify")
    parser.add_argument("--seed", type=int, default=21)
    parser.add_argument("--pathology", default="sku_duplicate")
    parser.add_argument("--finding", default="SKU_DUPLICATE")
    args = parser.parse_args()

    start = time.perf_counter()
    scenario = generate(
        seed=args.seed,
        size=Counts(products=args.products, customers=args.customers, orders=args.orders),
        platform=args.platform,
        pathologies={args.pathology: 1},
    )
    print(f"generate   {time.perf_counter() - start:6.2f} s")
    for label, first_cut in (("first cut", True), ("ddmin only", False)):
        result = shrink(scenario.store, scenario.books, DEFAULT_PROFILE, args.finding, first_cut=first_cut)
        kept = ", ".join(f"{k} {result.before[k]}->{v}" for k, v in result.after.items())
        print(f"{label:<10} {result.seconds:6.2f} s  {result.oracle_calls:4d} oracle calls  {kept}")


if __name__ == "__main__":
    main()
