"""A store read back through the engine-side eBay client equals what eBay can hold of it."""

from __future__ import annotations

import msgspec
import pytest

from harness.model.store import Store
from harness.platforms.ebay import SPEC, make_endpoint, project_store
from harness.platforms.ebay.client import EbayClient
from harness.platforms.ebay.endpoint import EbayTradingEndpoint
from harness.platforms.http import RetryPolicy, Throttle
from harness.sandbox import InProcessSandbox, serve


def no_sleep(_: float) -> None:
    pass


def diff(a: Store, b: Store) -> str:
    """A readable first difference, so a failed round trip names the field."""
    da, db = msgspec.to_builtins(a), msgspec.to_builtins(b)
    for key in sorted(set(da) | set(db)):
        if da.get(key) != db.get(key):
            left, right = da.get(key), db.get(key)
            if isinstance(left, list) and isinstance(right, list):
                for i, (x, y) in enumerate(zip(left, right, strict=False)):
                    if x != y:
                        return f"{key}[{i}]:\n  read {x}\n  want {y}"
                return f"{key}: {len(left)} read, {len(right)} expected"
            return f"{key}: read {left!r}, want {right!r}"
    return ""


def read_in_process(endpoint: EbayTradingEndpoint) -> Store:
    with InProcessSandbox() as sb:
        base = sb.mount(endpoint, SPEC.sandbox_base_url)
        client = SPEC.make_client(base, endpoint.credentials(), RetryPolicy(sleep=no_sleep))
        result: Store = client.read_store()
        return result


def test_read_back_equals_the_ebay_projection(store: Store, endpoint: EbayTradingEndpoint) -> None:
    read = read_in_process(endpoint)
    expected = project_store(store)
    assert read == expected, diff(read, expected)


def test_what_ebay_cannot_hold_is_named_by_the_projection(store: Store) -> None:
    shown = project_store(store)
    assert [p.id for p in shown.products] == ["110000000001", "110000000002", "110000000003", "110000000004"]
    tee = shown.products[0]
    assert [v.id for v in tee.variants] == ["110000000001-1", "110000000001-2", "110000000001-3"]
    assert [v.sku for v in tee.variants] == ["TEE-S-RED", "TEE-M-RED", None]
    assert tee.variants[1].quantities == {"ebay": 3}
    assert shown.products[2].variants[0].quantities == {"ebay": 0}  # oversold: eBay shows 0 available
    assert [c.id for c in shown.customers] == ["buyer_anna", "buyer_bo"]  # only buyers exist
    first = shown.orders[0]
    assert first.number == first.id and first.discounts == [] and first.billing is None
    assert first.email == "anna@example.com"  # the buyer's account email
    assert first.shipping_address is not None
    assert (first.shipping_address.first_name, first.shipping_address.last_name) == ("Anna", "Marie Lefèvre")


def test_read_back_over_a_socket_with_call_limits(store: Store, endpoint: EbayTradingEndpoint) -> None:
    endpoint.faults.add(Throttle(count=3))
    waits: list[float] = []
    with serve(endpoint) as server:
        client = EbayClient(server.base_url, endpoint.credentials(), RetryPolicy(sleep=waits.append, backoff=0.001))
        read = client.read_store()
    assert read == project_store(store), diff(read, project_store(store))
    assert len(waits) == 3
    assert endpoint.journal.count(fault="throttle") == 3


def test_oauth_user_token_is_accepted(store: Store, endpoint: EbayTradingEndpoint) -> None:
    credentials = {k: v for k, v in endpoint.credentials().items() if k != "token"}
    with InProcessSandbox() as sb:
        base = sb.mount(endpoint, SPEC.sandbox_base_url)
        read = EbayClient(base, credentials, RetryPolicy(sleep=no_sleep)).read_store()
    assert read == project_store(store)


def test_a_bad_token_is_error_931(endpoint: EbayTradingEndpoint) -> None:
    with InProcessSandbox() as sb:
        base = sb.mount(endpoint, SPEC.sandbox_base_url)
        client = EbayClient(base, {"token": "wrong"}, RetryPolicy(sleep=no_sleep))
        with pytest.raises(Exception, match=r"eBay GeteBayOfficialTime failed: 931"):
            client.read_store()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_generated_stores_read_back_as_their_projection(seed: int) -> None:
    from harness.sources.generated import DEMO_PATHOLOGIES, generate_store

    generated, _ = generate_store(seed, "small" if seed == 1 else "tiny", DEMO_PATHOLOGIES, "ebay")
    read = read_in_process(make_endpoint(generated))
    expected = project_store(generated)
    assert read == expected, diff(read, expected)
    assert read.orders and read.products


def test_order_sales_tax_is_the_tax_table_rate_of_its_state(endpoint: EbayTradingEndpoint) -> None:
    """An order's sales tax is identified and named by its SalesTaxState, like GetTaxTable's rates, so a check can
    match order taxes to the seller's table and the books by name."""
    got = read_in_process(endpoint)
    taxed = [t for o in got.orders for t in o.tax_lines]
    assert taxed
    for t in taxed:
        assert t.jurisdiction is not None
        assert (t.rate_id, t.name) == (t.jurisdiction, t.jurisdiction)
