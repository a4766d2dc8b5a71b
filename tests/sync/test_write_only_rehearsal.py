"""The rehearsal's write-only company copy refuses exactly what a full copy refuses.

The copy keeps less than a faithful company (sales as summaries, items without
the fields no write reads): that is only safe if nothing the rehearsal reports
can tell the difference. Both copies are rehearsed here, record for record.
"""

from __future__ import annotations

import pytest

from harness.platforms.registry import get_platform
from harness.sandbox.inprocess import InProcessSandbox
from harness.sandbox.reading import read_through_sandbox
from harness.sources.generated import DEMO_PATHOLOGIES, generate
from harness.sync.context import CheckContext, Rejection
from harness.sync.matching import match_all
from harness.sync.profile import DEFAULT_PROFILE
from harness.sync.rehearsal import REHEARSAL_BASE_URL, Rehearsal, client_sender


def rehearse_against(ctx: CheckContext, *, write_only: bool) -> list[Rejection]:
    spec = get_platform("quickbooks")
    endpoint = spec.make_endpoint(ctx.books, write_only=write_only)
    with InProcessSandbox() as sandbox:
        base = sandbox.mount(endpoint, REHEARSAL_BASE_URL)
        return Rehearsal(ctx, client_sender(spec.make_client(base, endpoint.credentials(), None))).run()


@pytest.mark.parametrize(("platform", "seed"), [("shopify", 1), ("woocommerce", 8), ("bigcommerce", 3), ("magento", 5)])
def test_the_write_only_copy_refuses_what_a_full_copy_refuses(platform: str, seed: int) -> None:
    scenario = generate(seed=seed, size="small", platform=platform, pathologies=dict(DEMO_PATHOLOGIES))
    store, books = read_through_sandbox(scenario.store, scenario.books)
    ctx = CheckContext(
        store=store, books=books, profile=DEFAULT_PROFILE, matching=match_all(store, books, DEFAULT_PROFILE)
    )
    full = rehearse_against(ctx, write_only=False)
    lean = rehearse_against(ctx, write_only=True)
    assert full, "the demo pathologies give the rehearsal something to refuse"
    assert lean == full
    assert {r.code for r in full} >= {"6240", "6270"}, "name collisions and sales before an item's start are compared"
