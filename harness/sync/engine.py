"""The dry run: read both sides through their APIs, match, plan, check, rehearse, report.

The engine reads through the platform clients even when the store was
generated in memory: that is the path a trial against a real store takes, and
it keeps the simulators honest. It writes nothing anywhere but a sandbox.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from harness.errors import InputError
from harness.heap import gc_paused
from harness.model.books import Books
from harness.model.store import Store
from harness.report.model import CATEGORIES, SEVERITY_RANK, Finding, Report, ReportSource
from harness.sandbox.spawned import SpawnedEndpoint
from harness.sync.checks import iter_findings
from harness.sync.checks.products import field_match_rates
from harness.sync.context import CheckContext, Rejection
from harness.sync.matching import match_all
from harness.sync.plan import build_plan, summarise
from harness.sync.profile import DEFAULT_PROFILE, Profile
from harness.sync.rehearsal_worker import start_rehearsal_worker

#: progress(phase, done, total) — the CLI draws a bar from it
Progress = Callable[[str, int, int], None]


@dataclass
class DryRun:
    report: Report
    store: Store
    books: Books
    #: seconds per phase; kept out of the report so reports stay byte-identical
    timings: dict[str, float] = field(default_factory=dict)


@dataclass
class Sides:
    """The store and books to dry-run, handed over: the engine lets go of each once it has read it, so a
    generated store (as large as the copy read from it) is not held beside that copy for the whole run."""

    store: Store | None
    books: Books | None

    def take(self) -> tuple[Store, Books]:
        store, books = self.store, self.books
        if store is None or books is None:
            raise ValueError("these sides were already taken by a dry run")
        self.store = self.books = None
        return store, books


def dry_run(
    store: Store | Sides,
    books: Books | None = None,
    profile: Profile = DEFAULT_PROFILE,
    *,
    read_via_clients: bool = True,
    rehearse: bool = True,
    include_plan_lines: bool = False,
    seed: int | None = None,
    progress: Progress | None = None,
    jobs: int | None = None,
    observe: Callable[[bytes], None] | None = None,
) -> DryRun:
    """The whole dry run of ``store`` against ``books`` (or of ``Sides``, which it empties).

    ``jobs``: processes to use. With 2, the store is served from a forked child while this process
    reads it (harness.sandbox.forked, on Linux), and the rehearsal runs in a second process while this
    one runs the checks (harness.sync.rehearsal_worker): about 30 % less time, for about the same
    memory in all (this process no longer holds the store it reads beside its copy). None: 2 for a
    large store (``auto_jobs``) on a machine with two cores and ``fork``, else 1. ``observe`` sees each
    response body the read gets (a benchmark keeps a sample of them).
    """
    timings: dict[str, float] = {}
    tick = progress or (lambda phase, done, total: None)
    if isinstance(store, Sides):
        store, books = store.take()
    if books is None:
        raise TypeError("dry_run needs books beside the store")

    @contextmanager
    def phase(name: str) -> Iterator[None]:
        tick(name, 0, 1)
        start = time.perf_counter()
        # every phase builds hundreds of thousands of acyclic records (matches, findings, plan lines, the
        # rehearsal's bodies): the cyclic collector would walk them again and again for nothing
        # (harness/heap.py). The rehearsal's HTTP exchanges leave almost no cycles (a few hundred bytes each:
        # see InProcessSandbox and EndpointApp), and it cuts its company copy's own web when done.
        with gc_paused():
            yield
        timings[name] = time.perf_counter() - start
        tick(name, 1, 1)

    if jobs is None:
        jobs = auto_jobs(store)
    if jobs < 1:
        raise InputError(f"jobs must be at least 1, got {jobs}")
    # with two jobs the store is served from a forked child while this process reads it, and the rehearsal
    # gets a process of its own (harness.sync.rehearsal_worker) that builds its company copy while this one
    # matches, then answers writes while this one runs the checks
    wants_worker = rehearse and jobs > 1
    worker: SpawnedEndpoint | None = None
    try:
        if read_via_clients:
            from harness.sandbox.forked import can_fork
            from harness.sandbox.reading import read_books, read_store, read_store_forked

            with phase("serve+read"):
                if jobs > 1 and can_fork():  # the store's endpoint in a child, on the second core (sandbox.forked)
                    holder, given, read = [store], books, list[Books]()
                    del store
                    # the books are read (and the store freed here) while the child builds its endpoint
                    store = read_store_forked(
                        holder, observe=observe, meanwhile=lambda: read.append(read_books(given, observe=observe))
                    )
                    books = read.pop()
                    del given  # the books as given are not needed once read
                elif jobs > 1:  # the books first, so that the rehearsal worker builds its copy during the read
                    books = read_books(books, observe=observe)
                    if wants_worker:
                        worker = start_rehearsal_worker(books)
                    store = read_store(store, observe=observe)
                else:  # the store first: its endpoint, the larger, is gone before the books' is made
                    store = read_store(store, observe=observe)
                    books = read_books(books, observe=observe)
        if wants_worker and worker is None:  # after the forked read, so that three processes never run at once
            worker = start_rehearsal_worker(books)
        with phase("match"):
            ctx = CheckContext(store=store, books=books, profile=profile, matching=match_all(store, books, profile))
        # the worker starts on the items at once; the plan is summed up here meanwhile (the report's only)
        rehearsal = _start_rehearsal(ctx, worker, timings) if worker is not None else None
        with phase("plan"):
            plan_lines = list(build_plan(ctx)) if include_plan_lines else []
            plan = summarise(plan_lines if include_plan_lines else build_plan(ctx))
        if rehearsal is not None:
            with phase("rehearse items and customers"):
                rehearsal.posting.wait()
        with phase("check"):
            checks, findings = [], []
            for info, found in iter_findings(ctx):
                checks.append(info.result(len(found)))
                findings.extend(found)
        if rehearse:
            with phase("rehearse"):
                if rehearsal is not None:
                    ctx.rejections.extend(rehearsal.future.result())
                else:
                    from harness.sync.rehearsal import rehearse as run_rehearsal

                    ctx.rejections.extend(run_rehearsal(ctx))
                for info, found in iter_findings(ctx, "rehearsal"):
                    checks.append(info.result(len(found)))
                    findings.extend(found)
    finally:
        if worker is not None:
            worker.close()
    findings.sort(key=finding_order)
    report = Report(
        source=ReportSource(
            store_platform=store.platform,
            store_name=store.name,
            books_company=books.preferences.company_name,
            books_country=books.preferences.country,
            profile=profile.name,
            seed=seed,
        ),
        plan=plan,
        checks=checks,
        findings=findings,
        statistics=statistics(ctx),
        plan_lines=plan_lines,
    )
    return DryRun(report=report, store=store, books=books, timings=timings)


#: orders plus variants from which a second process pays for itself (it costs about half a second to start)
PARALLEL_FROM_RECORDS = 50_000


def auto_jobs(store: Store) -> int:
    """2 where it pays: a store of ``PARALLEL_FROM_RECORDS`` or more, two usable cores, and ``fork``."""
    from harness.sandbox.forked import can_fork

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    records = len(store.orders) + sum(len(p.variants) for p in store.products)
    return 2 if cores >= 2 and can_fork() and records >= PARALLEL_FROM_RECORDS else 1


@dataclass
class _RunningRehearsal:
    future: Future[list[Rejection]]
    #: set when the rehearsal starts posting documents, or ends
    posting: threading.Event


def _start_rehearsal(ctx: CheckContext, worker: Any, timings: dict[str, float]) -> _RunningRehearsal:
    """The rehearsal in a thread of this process that mostly waits on the worker, so the checks run
    meanwhile. What both read lazily is computed first, here, so neither computes it twice.

    The checks wait until the rehearsal posts its documents. Items and customers are cheap for the
    copy to create and this process's side (making bodies, reading answers) keeps up with it only
    if it has this process to itself; documents are the other way round, so that round is when
    the checks share this process with the rehearsal without keeping the worker waiting.
    """
    from harness.sync.rehearsal import rehearse_in_worker

    ctx.warm()
    posting = threading.Event()
    documents = ctx.profile.document_type

    def on_round(entity: str) -> None:
        if entity == documents:
            posting.set()

    def run() -> list[Rejection]:
        start = time.perf_counter()
        with gc_paused():
            try:
                return rehearse_in_worker(ctx, worker, on_round)
            finally:
                timings["rehearse (in the worker, beside check)"] = time.perf_counter() - start
                posting.set()

    pool = ThreadPoolExecutor(1, thread_name_prefix="rehearsal")
    future = pool.submit(run)
    pool.shutdown(wait=False)  # the thread ends with the rehearsal; the caller waits on the future
    return _RunningRehearsal(future, posting)


_CATEGORY_RANK = {c: i for i, c in enumerate(CATEGORIES)}


def finding_order(f: Finding) -> tuple[int, int, str, str, str]:
    first = f.records[0].id if f.records else ""
    return (SEVERITY_RANK[f.severity], _CATEGORY_RANK[f.category], f.code, first, f.message)


def statistics(ctx: CheckContext) -> dict[str, str]:
    store, books, m = ctx.store, ctx.books, ctx.matching
    variants = len(m.variants)
    matched = sum(1 for v in m.variants if v.outcome == "match")
    customers = len(m.customers)
    cust_matched = sum(1 for c in m.customers if c.outcome == "match")
    rates = field_match_rates(ctx)
    return {
        "store products": f"{len(store.products)}",
        "store variants": f"{variants}",
        "store customers": f"{customers}",
        "store orders": f"{len(store.orders)}",
        "orders in window": f"{len(ctx.orders_in_window)}",
        "orders to sync": f"{len(ctx.synced_orders)}",
        "books items": f"{len(books.items)}",
        "books customers": f"{len(books.customers)}",
        "product code field": ctx.code_field,
        "books match field": ctx.profile.books_match_field,
        "variants matched": f"{matched} of {variants} ({matched / variants:.1%})" if variants else "0",
        "code match rate on item Name": f"{rates['name']:.1%}",
        "code match rate on item Sku": f"{rates['sku']:.1%}",
        "customers matched": f"{cust_matched} of {customers} ({cust_matched / customers:.1%})" if customers else "0",
    }
