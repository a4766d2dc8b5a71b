"""A pseudonymised recording shows support the same problems as the customer's own data."""

from __future__ import annotations

import tempfile
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from harness.report.model import Report
from harness.sources.generated import generate
from harness.sources.recorded import record, replay_books, replay_store
from harness.sync.engine import dry_run
from harness.sync.profile import DEFAULT_PROFILE

from .support import served

CUSTOMER_PATHOLOGIES = (
    "customer_new_account_per_order",
    "customer_email_case",
    "customer_name_accent",
    "customer_name_typo",
    "customer_phone_only",
    "customer_missing_name",
    "customer_same_name_other_email",
    "display_name_collides_vendor",
    "guest_orders",
)


def finding_counts(report: Report) -> Counter[tuple[str, int]]:
    """Each finding by code and by how many records it names: what must survive pseudonymisation."""
    return Counter((f.code, len(f.records)) for f in report.findings)


# each example records and dry-runs twice (~2 s): few examples, and no shrinking (a failure prints its seeds)
@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)
@given(
    seed=st.integers(0, 10_000),
    platform=st.sampled_from(["shopify", "woocommerce"]),
    pathologies=st.dictionaries(st.sampled_from(CUSTOMER_PATHOLOGIES), st.integers(1, 3), min_size=2, max_size=5),
    pseudonym_seed=st.integers(0, 1000),
)
def test_pseudonymised_recording_has_the_findings_of_the_original(
    seed: int, platform: str, pathologies: dict[str, int], pseudonym_seed: int
) -> None:
    size = "products=6,customers=14,orders=10"
    scenario = generate(seed=seed, size=size, platform=platform, pathologies=pathologies)
    with tempfile.TemporaryDirectory() as temp, served(scenario.store, scenario.books) as live:
        folder = Path(temp) / "rec"
        record(folder, store=live.store, books=live.books, pseudonymise=True, seed=pseudonym_seed)
        store, books = live.read_live()
        original = dry_run(store, books, DEFAULT_PROFILE, rehearse=True).report
        pseudonymised = dry_run(replay_store(folder), replay_books(folder), DEFAULT_PROFILE, rehearse=True).report
    assert finding_counts(pseudonymised) == finding_counts(original)
    assert pseudonymised.plan == original.plan
