"""Literal replay of a ~10k-interaction cassette: our indexed player against plain vcrpy playback.

    .venv/bin/python benchmarks/bench_replay.py                       # ~10k interactions
    .venv/bin/python benchmarks/bench_replay.py --records 300         # quicker, ~1.2k interactions

A Shopify store is read once from the local server by the engine's client with one record per page,
recorded into one cassette (every request distinct: a page cursor each) the way ``sync-sandbox record``
records, and written by vcrpy's serializer. Then the same
client reads the same cassette offline: through ``LiteralReplay`` (loaded once, indexed by
method + URL + body digest) and through plain vcrpy (``record_mode="none"``).

vcrpy finds each request's response by walking the interactions from the first, so a read of n
pages costs it about n²/2 comparisons: on 10k interactions that is most of an hour. Its read is
therefore stopped after ``--vcrpy-budget`` seconds, and both players are compared on the same first
k requests of the same read (the cheapest k for vcrpy, since later requests walk further: the ratio
printed is a lower bound). ``--vcrpy-budget 0`` lets vcrpy finish the whole read.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path
from typing import Any

import vcr
from requests import Response

from harness.model.store import Store
from harness.platforms.registry import get_platform
from harness.platforms.shopify.client import ShopifyClient
from harness.sandbox.server import serve
from harness.sources.generated import generate
from harness.sources.recorded import LiteralReplay, capture, vcr_config
from harness.sources.recorded.cassette import save_cassette
from harness.sources.recorded.filters import SecretFilter, placeholder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=2500, help="products, customers and orders each")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--vcrpy-budget", type=float, default=120.0, help="seconds; 0 = no limit")
    args = parser.parse_args()
    n = args.records
    scenario = generate(seed=args.seed, size=f"products={n},customers={n},orders={n}", platform="shopify")
    app = get_platform("shopify").make_endpoint(scenario.store)
    folder = Path(tempfile.mkdtemp(prefix="bench-replay-"))
    cassette = folder / "store.yaml"
    config = vcr_config()

    started = time.perf_counter()
    read: list[Store] = []
    with serve(app) as server:
        base_url = server.base_url
        client = ShopifyClient(base_url, app.credentials(), page_size=1)
        recorded = capture(lambda: read.append(client.read_store()), SecretFilter(app.credentials()))
    save_cassette(cassette, recorded)
    live, interactions = read[0], len(recorded)
    print(f"recorded {interactions:,} interactions ({cassette.stat().st_size / 1e6:.1f} MB) "
          f"in {time.perf_counter() - started:.1f} s")

    stand_ins = {key: placeholder(key) for key in app.credentials()}

    started = time.perf_counter()
    player = LiteralReplay([cassette])
    loaded = time.perf_counter() - started
    ours_clock = Stopwatch(budget=0)
    with player:
        ours = ours_clock.read(ShopifyClient(base_url, stand_ins, page_size=1))
    ours_time = time.perf_counter() - started
    assert ours == live, "the indexed player read another store"
    assert player.played == interactions

    vcr_clock = Stopwatch(budget=args.vcrpy_budget)
    started = time.perf_counter()
    with vcr.VCR(**config).use_cassette(str(cassette)):
        theirs = vcr_clock.read(ShopifyClient(base_url, stand_ins, page_size=1))
    vcr_time = time.perf_counter() - started  # vcrpy loads the cassette inside use_cassette
    if theirs is not None:
        assert theirs == live, "vcrpy read another store"
    k = vcr_clock.count
    print(f"LiteralReplay: {ours_time:8.2f} s for all {interactions:,} requests "
          f"(loading the cassette {loaded:.2f} s; {ours_clock.at(k):.2f} s for the first {k:,})")
    done = "all" if theirs is not None else f"the first {k:,} (stopped at the budget)"
    vcr_loaded = vcr_clock.started - started
    print(f"plain vcrpy:   {vcr_time:8.2f} s for {done} requests (loading the cassette {vcr_loaded:.2f} s)")
    ratio = vcr_clock.at(k) / max(ours_clock.at(k), 1e-9)
    print(f"ratio:         {ratio:8.1f}x faster on the same {k:,} requests (target >= 10x)")


class _OverBudget(Exception):
    pass


class Stopwatch:
    """Times a client's read request by request (through its session's response hook)."""

    def __init__(self, budget: float) -> None:
        self.budget = budget
        self.started = 0.0
        self.times: list[float] = []

    @property
    def count(self) -> int:
        return len(self.times)

    def at(self, k: int) -> float:
        """Seconds from the start of the read to the k-th response."""
        return self.times[k - 1] if k else 0.0

    def read(self, client: ShopifyClient) -> Store | None:
        def tick(response: Response, *args: Any, **kwargs: Any) -> Response:
            self.times.append(time.perf_counter() - self.started)
            if self.budget and self.times[-1] > self.budget:
                raise _OverBudget
            return response

        client.session.session.hooks["response"].append(tick)
        self.started = time.perf_counter()
        try:
            return client.read_store()
        except _OverBudget:
            return None


if __name__ == "__main__":
    main()
