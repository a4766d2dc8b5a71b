"""Reading a store and rehearsing the plan leave next to nothing for the cyclic garbage collector.

The dry run keeps the collector paused (a full collection walks every record it
holds: 10 s at 250k orders), so whatever lands in a reference cycle stays in
memory until the run ends. Three sources used to: ``responses`` wraps each
body in a BytesIO that refers to itself (2 GB of pages at 250k orders),
werkzeug's request sits in its own environ, a served endpoint is a web of
cycles around its whole store, and a packed record set kept a view of itself. This test fails if any of them comes back.
"""

from __future__ import annotations

import gc
import io

from werkzeug.wrappers import Request

from harness.platforms.http.app import EndpointApp
from harness.platforms.http.records import PackedRecordSet
from harness.platforms.quickbooks.tables import Table
from harness.sandbox.reading import read_through_sandbox
from harness.sources.generated import DEMO_PATHOLOGIES, generate
from harness.sync.context import CheckContext
from harness.sync.matching import match_all
from harness.sync.profile import DEFAULT_PROFILE
from harness.sync.rehearsal import rehearse

#: werkzeug's URL matcher leaves a recursive closure per request: a handful of small objects
PER_REQUEST = 12
#: each holds a parsed request (its body too), a company's rows, or a resource's packed records
HEAVY = (Request, Table, PackedRecordSet)


def test_a_read_and_a_rehearsal_leave_only_a_few_objects_per_request_in_cycles() -> None:
    scenario = generate(seed=4, size="small", platform="shopify", pathologies=dict(DEMO_PATHOLOGIES))
    gc.collect()
    was = gc.isenabled()
    gc.disable()
    try:
        store, books = read_through_sandbox(scenario.store, scenario.books)
        matching = match_all(store, books, DEFAULT_PROFILE)
        ctx = CheckContext(store=store, books=books, profile=DEFAULT_PROFILE, matching=matching)
        rejections = rehearse(ctx)
        gc.set_debug(gc.DEBUG_SAVEALL)  # what a collection would free is kept in gc.garbage, to look at
        gc.collect()
        left = [type(o) for o in gc.garbage]
        shells = [o for o in gc.garbage if isinstance(o, EndpointApp)]
        full_shells = [type(o).__name__ for o in shells if vars(o)]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        if was:
            gc.enable()
    assert rejections, "the demo pathologies give the rehearsal something to refuse"
    heavy = {t.__module__ + "." + t.__qualname__ for t in left if t in HEAVY}
    assert not heavy, f"left in reference cycles: {sorted(heavy)}"
    assert not full_shells, f"endpoints left in cycles with their records: {full_shells}"
    # the mock keeps the last answer of each mount until it stops: a few bodies, not one per request
    assert left.count(io.BytesIO) <= 8, f"{left.count(io.BytesIO)} response bodies were left in cycles"
    # about 80 requests; one cycle per record read or written would be thousands more
    assert len(left) < 120 * PER_REQUEST, f"{len(left)} objects were left in reference cycles"
