"""``sync-sandbox scrub`` pseudonymises a recording after the fact; ``inspect`` reads recordings and exports."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from harness.inspection import inspect_path
from harness.sources.generated import generate
from harness.sources.recorded import read_recording, record, replay_store

from .support import cli, served

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("scrub") / "plain"
    scenario = generate(
        seed=8, size="tiny", platform="woocommerce", pathologies={"customer_email_case": 2, "customer_name_accent": 2}
    )
    with served(scenario.store, scenario.books) as live:
        record(folder, store=live.store, books=live.books)
    return folder


def codes(folder: Path) -> Counter[str]:
    result = cli("dry-run", "--store", folder, "-f", "json", "--fail-on", "never")
    assert result.returncode == 0, result.stderr
    return Counter(f["code"] for f in json.loads(result.stdout)["report"]["findings"])


def test_scrub_pseudonymises_a_recording_and_keeps_its_findings(plain: Path, tmp_path: Path) -> None:
    result = cli("scrub", plain, "-o", tmp_path / "scrubbed", "--seed", "3")
    assert result.returncode == 0, result.stderr
    assert read_recording(tmp_path / "scrubbed").pseudonymised
    before, after = replay_store(plain), replay_store(tmp_path / "scrubbed")
    assert {c.email for c in before.customers}.isdisjoint({c.email for c in after.customers})
    assert [v.sku for p in before.products for v in p.variants] == [v.sku for p in after.products for v in p.variants]
    assert [o.total for o in before.orders] == [o.total for o in after.orders]
    assert codes(tmp_path / "scrubbed") == codes(plain)
    assert codes(plain)["CUSTOMER_EMAIL_CASE"] >= 1


def test_the_same_seed_gives_the_same_bytes(plain: Path, tmp_path: Path) -> None:
    for name in ("one", "two"):
        assert cli("scrub", plain, "-o", tmp_path / name, "--seed", "3").returncode == 0
    for file in ("store.yaml", "books.yaml", "recording.json"):
        assert (tmp_path / "one" / file).read_bytes() == (tmp_path / "two" / file).read_bytes()
    assert cli("scrub", plain, "-o", tmp_path / "three", "--seed", "4").returncode == 0
    assert (tmp_path / "three" / "store.yaml").read_bytes() != (tmp_path / "one" / "store.yaml").read_bytes()


def test_inspect_reads_a_recording_and_exports(plain: Path) -> None:
    recorded = inspect_path(plain)
    assert recorded.counts["store customers"] == len(replay_store(plain).customers)
    assert recorded.counts["books items"] > 0
    exports = inspect_path(ROOT / "fixtures" / "exports" / "quickbooks-xlsx")
    assert exports.counts["books items"] == 7 and exports.store is None
    result = cli("inspect", ROOT / "fixtures" / "recordings" / "shopify-missing-skus")
    assert result.returncode == 0, result.stderr
    assert "store products" in result.stdout and "books documents" in result.stdout
