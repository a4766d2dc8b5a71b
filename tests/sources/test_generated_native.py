"""Generated eBay and OpenCart stores are exactly what those platforms hold.

The dry run reads every store back through its platform's API. A generated
store holding more than the platform can (a second stock location, order-level
coupons on eBay, line discounts on OpenCart, ...) would be scored against
records the dry run never sees, so the generator makes only what the platform
holds: ``project_store(store) == store``, and the read-back through the
simulated API and client equals it too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import msgspec
import pytest

from harness.model.store import Store
from harness.platforms.ebay.projection import project_store as ebay_projection
from harness.platforms.opencart.projection import project_store as opencart_projection
from harness.sandbox.reading import read_through_sandbox
from harness.sources.generated import DEMO_PATHOLOGIES, PATHOLOGIES, generate, generate_store

PROJECTIONS: dict[str, Callable[[Store], Store]] = {"ebay": ebay_projection, "opencart": opencart_projection}

#: what each platform cannot hold; every other requested pathology must be injected
CANNOT_HOLD: dict[str, set[str]] = {
    "ebay": {
        "inventory_untracked",
        "stock_negative",
        "customer_phone_only",
        "guest_orders",
        "coupon_plugin_lines",
        "reward_points",
        "gift_card_payment",
        "store_credit_payment",
        "custom_fees",
        "tax_inclusive_rounding",
    },
    "opencart": {"variant_shares_parent_sku", "coupon_plugin_lines", "store_credit_payment", "tax_inclusive_rounding"},
}


def _differences(a: Any, b: Any, path: str = "store") -> Iterator[str]:
    """Where two records differ, field by field (a readable failure instead of two huge reprs)."""
    if isinstance(a, msgspec.Struct) and type(a) is type(b):
        for name in a.__struct_fields__:
            yield from _differences(getattr(a, name), getattr(b, name), f"{path}.{name}")
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            yield f"{path}: {len(a)} vs {len(b)} entries"
        for k, (x, y) in enumerate(zip(a, b, strict=False)):
            yield from _differences(x, y, f"{path}[{k}]")
    elif isinstance(a, dict) and isinstance(b, dict) and a.keys() == b.keys():
        for key in a:
            yield from _differences(a[key], b[key], f"{path}[{key!r}]")
    elif a != b:
        yield f"{path}: {a!r} vs {b!r}"


def _assert_same(generated: Store, held: Store) -> None:
    diffs = list(_differences(generated, held))
    assert not diffs, f"{len(diffs)} differences, first: " + "; ".join(diffs[:8])


@pytest.mark.parametrize("platform", sorted(PROJECTIONS))
@pytest.mark.parametrize("seed", [3, 11, 29])
def test_generated_store_is_what_the_platform_holds(platform: str, seed: int) -> None:
    store, _ = generate_store(seed, "small", dict(DEMO_PATHOLOGIES), platform)
    _assert_same(store, PROJECTIONS[platform](store))


@pytest.mark.parametrize("platform", sorted(PROJECTIONS))
def test_clean_store_is_what_the_platform_holds(platform: str) -> None:
    store, _ = generate_store(5, "small", None, platform)
    _assert_same(store, PROJECTIONS[platform](store))


@pytest.mark.parametrize("platform", sorted(PROJECTIONS))
def test_read_back_through_the_api_equals_the_generated_store(platform: str) -> None:
    scenario = generate(seed=11, size="small", platform=platform, pathologies=dict(DEMO_PATHOLOGIES))
    store, _ = read_through_sandbox(scenario.store, scenario.books)
    _assert_same(scenario.store, store)


@pytest.mark.parametrize("platform", sorted(PROJECTIONS))
def test_pathologies_the_platform_cannot_hold_are_declared(platform: str) -> None:
    _, manifest = generate_store(3, "small", dict(DEMO_PATHOLOGIES), platform)
    skipped = {n.pathology: n.reason for n in manifest.not_injected}
    assert set(skipped) == CANNOT_HOLD[platform]
    for name in CANNOT_HOLD[platform]:
        assert platform not in PATHOLOGIES[name].platforms
        assert skipped[name] == PATHOLOGIES[name].reasons[platform]
    injected = {i.pathology for i in manifest.injections}
    store_side = {n for n, p in PATHOLOGIES.items() if p.side == "store"}
    assert store_side - CANNOT_HOLD[platform] <= injected


def test_ebay_customers_are_buyers_and_opencart_variants_are_products() -> None:
    ebay, _ = generate_store(3, "small", dict(DEMO_PATHOLOGIES), "ebay")
    buyers = {o.customer_id for o in ebay.orders}
    assert {c.id for c in ebay.customers} == buyers
    assert all(o.number == o.id and not o.discounts and not o.refunds for o in ebay.orders)
    opencart, _ = generate_store(3, "small", dict(DEMO_PATHOLOGIES), "opencart")
    assert all([v.id for v in p.variants] == [p.id] for p in opencart.products)
    assert all(o.number == o.id and all(ln.discount == 0 for ln in o.lines) for o in opencart.orders)
