"""The support-case recordings under fixtures/recordings show the problems their README promises."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from harness.sources.recorded import read_recording

from .support import cli

RECORDINGS = Path(__file__).resolve().parents[2] / "fixtures" / "recordings"
EXPECTED = {
    "woocommerce-duplicate-customers": {
        "CUSTOMER_DUPLICATE_ACCOUNTS": 1,
        "CUSTOMER_EMAIL_CASE": 1,
        "CUSTOMER_NAME_SUFFIXED": 2,
        "ITEM_WILL_BE_CREATED": 4,
        "STOCK_WILL_NOT_SYNC": 4,
        "REFUND_NOT_POSTED": 1,
        "ORDER_STATUS_NOT_SYNCED": 1,
    },
    "shopify-missing-skus": {"SKU_MISSING": 4, "ITEM_WILL_BE_CREATED": 4, "STOCK_WILL_NOT_SYNC": 8},
    "bigcommerce-invoice-collision": {"ORDER_NUMBER_COLLIDES": 3, "ITEM_WILL_BE_CREATED": 4, "STOCK_WILL_NOT_SYNC": 4},
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_fixture_recording_dry_runs_offline_to_its_findings(name: str) -> None:
    folder = RECORDINGS / name
    assert read_recording(folder).pseudonymised
    assert sum(f.stat().st_size for f in folder.iterdir()) < 300_000
    result = cli("dry-run", "--store", folder, "-f", "json", "--fail-on", "never")
    assert result.returncode == 0, result.stderr
    findings = json.loads(result.stdout)["report"]["findings"]
    assert Counter(f["code"] for f in findings) == EXPECTED[name]
