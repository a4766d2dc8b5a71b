"""Whatever the profile and the store, the dry run writes to nothing but sandbox endpoints."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harness.errors import SandboxViolation
from harness.sandbox import guard
from harness.sources.generated import generate_books
from harness.sources.strategies import stores
from harness.sync.engine import dry_run
from harness.sync.profile import Profile

profiles = st.builds(
    Profile,
    books_match_field=st.sampled_from(["name", "sku"]),
    invoice_prefix=st.sampled_from(["", "WEB-", "X" * 30]),
    create_missing_items=st.booleans(),
    create_items_as=st.sampled_from(["inventory", "noninventory"]),
    sales_assignment=st.sampled_from(["customer", "company", "generic"]),
    document_type=st.sampled_from(["Invoice", "SalesReceipt"]),
)


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, str, bool]]]:
    """Every request that reaches the transport: (method, url, was the host a sandbox at that moment)."""
    seen: list[tuple[str, str, bool]] = []
    real = guard.check_request

    def spy(method: str, url: str, *args: Any, **kwargs: Any) -> None:
        seen.append((method.upper(), url, guard.is_sandbox_host(url)))
        real(method, url, *args, **kwargs)

    monkeypatch.setattr(guard, "check_request", spy)
    yield seen


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    store=stores(
        platform=st.sampled_from(["shopify", "woocommerce", "bigcommerce", "magento"]),
        pathologies=st.sampled_from([None, {"sku_missing": 1, "order_number_collides": 1}]),
    ),
    profile=profiles,
    seed=st.integers(0, 1000),
)
def test_the_dry_run_writes_only_to_sandboxes(
    sent: list[tuple[str, str, bool]], store: Any, profile: Profile, seed: int
) -> None:
    sent.clear()
    books, _ = generate_books(store, seed)
    dry_run(store, books, profile)
    assert sent, "the dry run must read through the clients"
    writes = [(m, u) for m, u, sandbox in sent if m not in ("GET", "HEAD", "OPTIONS")]
    assert all(sandbox for m, _u, sandbox in sent if m not in ("GET", "HEAD", "OPTIONS")), writes
    assert any(m == "GET" for m, _u, _s in sent)


def test_a_write_to_a_real_company_is_refused_before_it_leaves() -> None:
    from harness.platforms.quickbooks import QuickBooksClient

    client = QuickBooksClient("https://quickbooks.api.intuit.com", {"realm_id": "1", "access_token": "t"})
    with pytest.raises(SandboxViolation, match=r"refused POST https://quickbooks\.api\.intuit\.com"):
        client.create("Customer", {"DisplayName": "Ann"})
