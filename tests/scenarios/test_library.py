"""The scenario library is honest: its counts are what the generator injected, and it covers what issue 8 asks."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from harness.scenarios import Scenario, load_scenario, run_scenario
from harness.sources.generated import generate

LIBRARY = Path(__file__).parents[2] / "scenarios"
SCENARIOS = sorted(LIBRARY.rglob("*.yaml"))

#: pathology -> the finding code that reports each of its injections once (one finding per injection)
ONE_FINDING_PER_INJECTION = {
    "sku_missing": "SKU_MISSING",
    "sku_duplicate": "SKU_DUPLICATE",
    "variant_shares_parent_sku": "SKU_SHARES_PARENT",
    "customer_same_name_other_email": "CUSTOMER_NAME_SUFFIXED",
    "customer_new_account_per_order": "CUSTOMER_DUPLICATE_ACCOUNTS",
    "customer_email_case": "CUSTOMER_EMAIL_CASE",
    "tax_rate_missing_in_books": "TAX_RATE_NOT_IN_BOOKS",
    "no_zero_rate_code": "TAX_NO_ZERO_CODE",
    "coupon_plugin_lines": "EXTENSION_COUPON_PLUGIN",
    "reward_points": "EXTENSION_REWARD_POINTS",
    "gift_card_payment": "EXTENSION_GIFT_CARD",
    "store_credit_payment": "EXTENSION_STORE_CREDIT",
    "custom_fees": "EXTENSION_CUSTOM_FEES",
    "custom_field_holds_code": "CUSTOM_FIELD_HOLDS_CODE",
    "items_matched_by_sku_field": "CODE_IN_OTHER_FIELD",
    "noninventory_for_tracked": "BOOKS_ITEM_NOT_TRACKED",
    "order_number_collides": "ORDER_NUMBER_COLLIDES",
    "order_line_sku_not_in_catalogue": "ORDER_LINE_SKU_UNKNOWN",
}


def library() -> list[Scenario]:
    return [load_scenario(path) for path in SCENARIOS]


def test_every_rule_and_platform_has_a_scenario() -> None:
    names = {s.name for s in library()}
    support = [s for s in library() if "support" in s.spec.markers and s.spec.store.cassette is not None]
    assert len(support) >= 3, "issue 8: at least three support cases built from recordings"
    for rule in ("sales-tax-rate-missing-in-books", "sales-tax-no-zero-rate", "sales-tax-not-set-up-in-store",
                 "missing-skus", "variant-skus", "ebay-custom-label", "opencart-model",
                 "auto-generated-codes-break-inventory", "duplicate-customers-name-email", "third-party-extensions",
                 "custom-fields"):
        assert rule in names
    quirks = [s for s in library() if "quirk" in s.spec.markers]
    platforms = {m for s in quirks for m in s.spec.markers}
    assert {"shopify", "woocommerce", "bigcommerce", "magento", "ebay", "opencart"} <= platforms
    assert len(names) == len(SCENARIOS), "scenario names must be unique (they are the pytest item names)"


@pytest.mark.parametrize("path", [p for p in SCENARIOS if "generated:" in p.read_text()], ids=lambda p: p.stem)
def test_counts_are_the_manifest_injections(path: Path) -> None:
    """An expected count of an injected problem equals the number of injections the manifest lists."""
    scenario = load_scenario(path)
    manifest = scenario.materialise().manifest
    assert manifest is not None
    injected = Counter(i.pathology for i in manifest.injections)
    counts = scenario.spec.expect.findings.counts
    for pathology, code in ONE_FINDING_PER_INJECTION.items():
        if code in counts and pathology in scenario.spec.store.generated.pathologies:  # type: ignore[union-attr]
            assert counts[code] == injected[pathology], f"{code}: the manifest has {injected[pathology]} {pathology}"
    for skipped in manifest.not_injected:
        code = ONE_FINDING_PER_INJECTION.get(skipped.pathology)
        if code is not None:
            assert code in scenario.spec.expect.findings.absent, f"{skipped.pathology} was not injected: {code}"


def recording_cases() -> dict[str, object]:
    """The generator settings each support recording was made from (fixtures/recordings/make_recordings.py)."""
    script = LIBRARY.parent / "fixtures" / "recordings" / "make_recordings.py"
    spec = importlib.util.spec_from_file_location("make_recordings", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return {case.name: case for case in module.CASES}


@pytest.mark.parametrize("path", [p for p in SCENARIOS if "cassette:" in p.read_text()], ids=lambda p: p.stem)
def test_recorded_support_cases_count_what_was_injected_before_recording(path: Path) -> None:
    """A recording's counts come from the manifest of the generated store that was recorded."""
    scenario = load_scenario(path)
    assert scenario.spec.store.cassette is not None
    case: Any = recording_cases()[Path(scenario.spec.store.cassette).name]
    manifest = generate(seed=case.seed, size=case.size, platform=case.platform, pathologies=case.pathologies).manifest
    injected = Counter(i.pathology for i in manifest.injections)
    counts = scenario.spec.expect.findings.counts
    checked = 0
    for pathology, code in ONE_FINDING_PER_INJECTION.items():
        if code in counts:
            assert counts[code] == injected[pathology], f"{code}: the manifest has {injected[pathology]} {pathology}"
            checked += 1
    assert checked or scenario.spec.expect.findings.absent, "a support case should expect something"


def test_the_findings_name_the_injected_records() -> None:
    """Beyond counts: each SKU_MISSING names a variant the manifest lists, and each tracked one loses stock sync."""
    outcome = run_scenario(load_scenario(LIBRARY / "rules" / "auto-generated-codes-break-inventory.yaml"))
    manifest = outcome.materialised.manifest
    assert manifest is not None
    injected = {r.id for i in manifest.injections if i.pathology == "sku_missing" for r in i.records}
    report = outcome.dry_run.report
    assert {r.id for f in report.findings if f.code == "SKU_MISSING" for r in f.records} == injected
    tracked = {v.id for p in outcome.materialised.store.products for v in p.variants
               if v.id in injected and v.inventory_tracked}
    auto = {r.id for f in report.findings if f.code == "STOCK_WILL_NOT_SYNC" and "auto code" in f.message
            for r in f.records}
    assert tracked and auto == tracked
