"""``shrink`` as support uses it: a big customer store in, a minimal reproducer of one finding out."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from harness.model.books import Books
from harness.model.snapshot import load
from harness.model.store import Store
from harness.scenarios import load_scenario, run_scenario
from harness.scenarios.shrink import ddmin, shrink_scenario
from harness.sources.generated import PATHOLOGIES

SYNC_SANDBOX = str(Path(sys.executable).parent / "sync-sandbox")


def write_scenario(folder: Path, name: str, generated: dict[str, object], **extra: object) -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump({"store": {"generated": generated}, "expect": {}, **extra}), encoding="utf-8")
    return path


def test_a_5k_product_store_with_one_duplicate_sku_pair_shrinks_to_at_most_5_products(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert PATHOLOGIES["sku_duplicate"].rule == 16  # the duplicate-SKU pathology, injected exactly once
    big = write_scenario(
        tmp_path,
        "big-store",
        {
            "platform": "shopify",
            "seed": 21,
            "size": {"products": 5000, "customers": 300, "orders": 1000},
            "pathologies": {"sku_duplicate": 1},
        },
    )
    start = time.perf_counter()
    result = subprocess.run(
        [SYNC_SANDBOX, "shrink", str(big), "--finding", "SKU_DUPLICATE", "-o", str(tmp_path / "out" / "dup.yaml")],
        capture_output=True, text=True, check=False, env={**os.environ, "COLUMNS": "120"},
    )
    elapsed = time.perf_counter() - start
    assert result.returncode == 0, result.stderr
    with capsys.disabled():
        print(f"\nshrink 5000 products -> reproducer in {elapsed:.1f} s (process included)\n{result.stdout}")
    store = load(tmp_path / "out" / "dup.store.json", Store)
    books = load(tmp_path / "out" / "dup.books.json", Books)
    assert 2 <= len(store.products) <= 5
    assert len(store.orders) == 0 and len(books.items) == 0  # nothing the finding does not need
    assert "oracle calls" in result.stdout and "5000" in result.stdout
    written = load_scenario(tmp_path / "out" / "dup.yaml")
    assert written.spec.expect.findings.present == ["SKU_DUPLICATE"]
    outcome = run_scenario(written)
    assert outcome.passed, outcome.mismatches
    assert elapsed < 60


@pytest.mark.parametrize(
    ("pathology", "code", "profile"),
    [
        ("order_number_collides", "ORDER_NUMBER_COLLIDES", None),
        ("customer_same_name_other_email", "CUSTOMER_NAME_SUFFIXED", {"invoice_prefix": "WEB-"}),
        ("display_name_collides_vendor", "REHEARSAL_CUSTOMER_REJECTED", None),
    ],
)
def test_the_reproducer_keeps_the_finding_and_the_profile(
    tmp_path: Path, pathology: str, code: str, profile: dict[str, str] | None
) -> None:
    extra = {"profile": profile, "markers": ["support"]} if profile else {}
    generated = {"platform": "woocommerce", "seed": 4, "size": "small", "pathologies": {pathology: 2}}
    scenario = write_scenario(tmp_path, "case", generated, **extra)
    result, written = shrink_scenario(load_scenario(scenario), code, tmp_path / "repro.yaml")
    assert sum(result.after.values()) < sum(result.before.values()) / 10
    assert written.materialise().profile == load_scenario(scenario).materialise().profile
    outcome = run_scenario(written)
    assert outcome.passed, outcome.mismatches
    assert any(f.code == code for f in outcome.dry_run.report.findings)


def test_a_finding_the_scenario_does_not_show_is_a_one_line_error(tmp_path: Path) -> None:
    scenario = write_scenario(tmp_path, "clean", {"platform": "shopify", "seed": 1, "size": "tiny"})
    target = tmp_path / "never.yaml"
    for code, message in (("SKU_DUPLICATE", "does not report it"), ("NOT_A_CODE", "unknown finding code")):
        result = subprocess.run(
            [SYNC_SANDBOX, "shrink", str(scenario), "--finding", code, "-o", str(target)],
            capture_output=True, text=True, check=False,
        )
        assert result.returncode == 2 and message in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == [scenario]  # nothing half-written


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 40), min_size=1, max_size=40, unique=True), st.data())
def test_ddmin_returns_a_1_minimal_subset(items: list[int], data: st.DataObject) -> None:
    needed = set(data.draw(st.lists(st.sampled_from(items), max_size=4)))

    def holds(subset: list[int]) -> bool:
        return needed <= set(subset)

    found = ddmin(items, holds)
    assert holds(found) and set(found) <= set(items)
    assert all(not holds([x for x in found if x != drop]) for drop in found) or not needed
