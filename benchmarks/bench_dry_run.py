"""The whole dry run at scale, phase by phase: where the time goes and how much memory it takes.

    .venv/bin/python benchmarks/bench_dry_run.py                      # 100k products, 100k customers, 250k orders
    .venv/bin/python benchmarks/bench_dry_run.py --jobs 1             # one process (no forked read, no worker)
    .venv/bin/python benchmarks/bench_dry_run.py --books-items 290000 # books with most of the store's codes
    .venv/bin/python benchmarks/bench_dry_run.py --products 10000 --customers 10000 --orders 25000 --variants 25000
    .venv/bin/python benchmarks/bench_dry_run.py --variants 0         # the catalogue's own mix: 341k variants

The store and books are the issue's: 100k products with about 250k variants (``--variants``; the
generator's own mix is about 3.4 a product), and about 50k items and 50k customers in the books
(``--books-items``, ``--books-names``), so most of the store's codes are items the sync would create.

Prints seconds per phase (generate, serve+read, match, check, rehearse, render), the wall time of the dry
run itself (everything after generate), peak memory, and the time orjson takes to parse the same response
bytes the clients read: the floor for reading (measured on a sample after the dry run, so the figures are
the dry run's own).
"""

from __future__ import annotations

import argparse
import os
import resource
import threading
import time
from pathlib import Path

import orjson

from harness.report.render import render, render_chunks
from harness.sources.generated import DEMO_PATHOLOGIES
from harness.sources.generated.books import item_codes, unique_full_names
from harness.sources.generated.generate import GeneratedScenario, generate_books, generate_store
from harness.sources.generated.sizes import Counts
from harness.sync.engine import Sides, dry_run

#: one response body in this many is kept for the floor (at the default size, about 30 MB of 1.9 GB)
FLOOR_SAMPLE = 64


def peak_mib() -> float:
    """Max RSS in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def children_peak_mib() -> float:
    """The largest max RSS of the finished child processes (the rehearsal worker), in MiB."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


class MemorySampler:
    """The memory of this process and its children, added, sampled on a thread: the peak of the processes
    together (each one's own max RSS may come at different moments).

    Two measures, because the exact one is not free. Resident pages (``statm``, a counter) every 250 ms:
    cheap, but a page a forked child still shares with this process counts in both, so the sum is an
    upper bound. Proportional set sizes (``smaps_rollup``: shared pages divided among the processes
    sharing them) every 2 s: reading them walks every page table, about a quarter of a core at 4 reads a
    second on a 2.5 GB dry run, which slowed the read it was measuring by up to 9 s.
    """

    interval = 0.25
    pss_every = 8  # ticks: every 2 s

    def __init__(self) -> None:
        self.rss_peak_mib = 0.0
        self.pss_peak_mib = 0.0
        #: (seconds since start, this process's MiB, each child's MiB) when the PSS peak was sampled
        self.at_peak: tuple[float, float, list[float]] = (0.0, 0.0, [])
        self._start = time.perf_counter()
        self._page_mib = os.sysconf("SC_PAGE_SIZE") / 2**20
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        pid = os.getpid()
        tick = 0
        while not self._stop.wait(self.interval):
            tick += 1
            try:
                children = [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
            except OSError:
                children = []
            rss = sum(self._rss_mib(p) for p in (pid, *children))
            self.rss_peak_mib = max(self.rss_peak_mib, rss)
            if tick % self.pss_every == 0:
                own, theirs = _pss_mib(pid), [_pss_mib(child) for child in children]
                if own + sum(theirs) > self.pss_peak_mib:
                    self.pss_peak_mib = own + sum(theirs)
                    self.at_peak = (time.perf_counter() - self._start, own, theirs)

    def _rss_mib(self, pid: int) -> float:
        try:
            return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * self._page_mib
        except (OSError, IndexError, ValueError):
            return 0.0


def _pss_mib(pid: int) -> float:
    """PSS in MiB (resident pages, shared ones divided among the processes sharing them)."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--orders", type=int, default=250_000)
    parser.add_argument(
        "--variants",
        type=int,
        default=250_000,
        help="about how many variants in all (the issue's 250k); 0: the catalogue's own mix, about 3.4 a product",
    )
    parser.add_argument("--platform", default="shopify")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--books-items", type=int, default=50_000, help="items already in the books (about; the issue's 50k)"
    )
    parser.add_argument(
        "--books-names", type=int, default=50_000, help="customers already in the books (about; the issue's 50k)"
    )
    parser.add_argument(
        "--jobs", type=int, default=None, help="processes for the dry run (default: as the CLI chooses, 2 here)"
    )
    parser.add_argument("--no-rehearse", action="store_true")
    args = parser.parse_args()

    timings: dict[str, float] = {}
    start = time.perf_counter()
    pathologies = dict(DEMO_PATHOLOGIES)
    size = Counts(args.products, args.customers, args.orders, args.variants or None)
    store, manifest = generate_store(args.seed, size, pathologies, args.platform)
    # the books the issue names: about 50k items and 50k customers, whatever the store's size
    codes = len(item_codes(store))
    names = sum(1 for count in unique_full_names(store).values() if count == 1)  # the ones the books can mirror
    books, manifest = generate_books(
        store,
        args.seed,
        pathologies,
        manifest,
        coverage=min(1.0, args.books_items / codes) if codes else 0.0,
        customer_share=min(1.0, args.books_names / names) if names else 0.0,
    )
    scenario = GeneratedScenario(store=store, books=books, manifest=manifest)
    timings["generate"] = time.perf_counter() - start
    variants = sum(len(p.variants) for p in store.products)
    print(
        f"store: {len(store.products):,} products, {variants:,} variants, {len(store.customers):,} customers, "
        f"{len(store.orders):,} orders; books: {len(books.items):,} items, "
        f"{len(books.customers) + len(books.vendors) + len(books.employees):,} names",
        flush=True,
    )

    # the floor: orjson parsing the response bytes the clients read. Parsing them during the read would put
    # that work beside the read's own (it used to, and then hid part of the read's time behind the floor
    # it subtracted), so one response in FLOOR_SAMPLE is kept, parsed after the dry run, and scaled by bytes.
    wire_bytes = 0
    responses_seen = 0
    sample: list[bytes] = []

    def keep_sample(body: bytes) -> None:
        nonlocal wire_bytes, responses_seen
        if responses_seen % FLOOR_SAMPLE == 0:
            sample.append(body)
        wire_bytes += len(body)
        responses_seen += 1

    start = dry_run_start = time.perf_counter()
    sampler = MemorySampler()
    # the dry run takes the generated sides over and lets go of each once read: a trial against a real
    # store never holds the generated one
    sides = Sides(scenario.store, scenario.books)
    del scenario, store, books, manifest
    result = dry_run(sides, rehearse=not args.no_rehearse, observe=keep_sample, jobs=args.jobs)
    timings.update(result.timings)
    start = time.perf_counter()
    json_size = sum(len(piece) for piece in render_chunks(result.report, "json"))  # as -o writes it
    render(result.report, "html")
    timings["render (json+html)"] = time.perf_counter() - start
    wall = time.perf_counter() - dry_run_start
    sampled_bytes = sum(len(body) for body in sample)
    start = time.perf_counter()
    for body in sample:
        orjson.loads(body)
    floor = (time.perf_counter() - start) * wire_bytes / sampled_bytes if sampled_bytes else 0.0
    sample.clear()

    overlapped = {k: timings.pop(k) for k in list(timings) if "beside" in k}
    total = sum(timings.values())
    print(f"{'phase':<22}{'seconds':>10}")
    for phase, seconds in timings.items():
        print(f"{phase:<22}{seconds:>10.1f}")
    print(f"{'total':<22}{total:>10.1f}")
    for phase, seconds in overlapped.items():
        print(f"  ({phase}: {seconds:.1f} s)")
    print(f"{'dry run wall':<22}{wall:>10.1f}   (serve+read to render: the dry run without generate)")
    print(
        f"orjson parse of the {responses_seen:,} responses read ({wire_bytes / 1e6:,.0f} MB): {floor:.1f} s "
        f"(the floor; measured on 1 response in {FLOOR_SAMPLE}, {sampled_bytes / 1e6:,.0f} MB, after the dry run)"
    )
    print(f"findings: {len(result.report.findings):,}; JSON report {json_size / 1e6:.1f} MB")
    sampler.stop()
    peak, worker_peak = peak_mib(), children_peak_mib()
    print(f"peak memory (max RSS): {peak:,.0f} MiB = {peak / 1024:.2f} GiB = {peak * 1.048576 / 1000:.2f} GB")
    if worker_peak:
        rss, pss = sampler.rss_peak_mib, sampler.pss_peak_mib
        every = sampler.interval * sampler.pss_every
        print(f"  largest child's own peak: {worker_peak:,.0f} MiB")
        print(
            f"  all processes together, PSS (every {every:.0f} s): {pss:,.0f} MiB = {pss * 1.048576 / 1000:.2f} GB; "
            f"resident pages (every {sampler.interval * 1000:.0f} ms; a page shared with a forked child counts "
            f"twice, so an upper bound): {rss:,.0f} MiB = {rss * 1.048576 / 1000:.2f} GB"
        )
        when, own, theirs = sampler.at_peak
        print(
            f"  PSS peak at {when:.0f} s into the dry run: this process {own:,.0f} MiB, "
            f"children {' + '.join(f'{m:,.0f}' for m in theirs) or 'none'} MiB"
        )


if __name__ == "__main__":
    main()
