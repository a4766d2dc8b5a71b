"""A connector under test talks to ``sync-sandbox serve`` over HTTP; ``audit`` then says what it got wrong.

The sandbox runs as a subprocess, exactly as a connector developer starts it; the
"connector" here is the unmodified python-quickbooks client plus a plain HTTP
client, then our own reference connector through ``apply --sandbox``.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
import requests
from serve_helpers import SYNC_SANDBOX, Served, start_serve

from harness.sandbox.official_clients import python_quickbooks
from harness.scenarios import load_scenario

pytestmark = pytest.mark.server

SCENARIO = """\
name: served-audit
store:
  generated:
    platform: woocommerce
    seed: 11
    size: tiny
    pathologies: {sku_missing: 2, sku_duplicate: 1, customer_same_name_other_email: 2, display_name_collides_vendor: 1}
expect: {}
"""


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Served, Path]]:
    scenario = tmp_path_factory.mktemp("served") / "served-audit.yaml"
    scenario.write_text(SCENARIO, encoding="utf-8")
    sandbox = start_serve(scenario)
    yield sandbox, scenario
    if sandbox.process.poll() is None:
        sandbox.stop()


def audit(scenario: Path, admin: str) -> tuple[int, dict[str, Any]]:
    result = subprocess.run(
        [SYNC_SANDBOX, "audit", str(scenario), "--state", admin, "-f", "json"],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode in (0, 1), result.stderr
    return result.returncode, orjson.loads(result.stdout)


def unexpected_labels(report: dict[str, Any], code: str) -> set[str]:
    return {
        r.get("label", "")
        for f in report["findings"]
        if f["code"] == code and f["status"] == "unexpected"
        for r in f["records"]
    }


def test_a_careless_connector_is_caught(served: tuple[Served, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    from quickbooks.objects.customer import Customer
    from quickbooks.objects.item import Item

    sandbox, scenario = served
    assert requests.post(f"{sandbox.admin}/_sandbox/reset", timeout=10).status_code == 200
    books = load_scenario(scenario).materialise().books
    existing_item = next(i for i in books.items if i.active and i.type != "Group")
    existing_contact = next(c for c in books.customers if c.email)

    served_books = sandbox.endpoint("books")
    monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")  # plain http on 127.0.0.1
    qb = python_quickbooks(served_books["base_url"], served_books["credentials"])
    item = Item()  # created without looking the code up: the books already have an item with this name
    item.Name, item.Sku, item.Type = f"{existing_item.name} (web)", existing_item.name, "NonInventory"
    item.IncomeAccountRef = {"value": next(a.id for a in books.accounts if a.type == "Income")}
    item.save(qb=qb)
    customer = Customer()  # the same buyer again, under another display name
    customer.DisplayName = f"{existing_contact.display_name} (shop)"
    customer.PrimaryEmailAddr = {"Address": existing_contact.email}
    customer.save(qb=qb)

    info = sandbox.endpoint("books")  # a plain HTTP client posting an invoice for an item that does not exist
    answer = requests.post(
        f"{info['base_url']}/v3/company/{info['credentials']['realm_id']}/invoice?minorversion=75",
        json={"CustomerRef": {"value": "1"}, "Line": [
            {"DetailType": "SalesItemLineDetail", "Amount": 10, "SalesItemLineDetail": {"ItemRef": {"value": "999999"}}}
        ]},
        headers={"Authorization": f"Bearer {info['credentials']['access_token']}", "Accept": "application/json"},
        timeout=10,
    )
    assert answer.status_code == 400

    code, report = audit(scenario, sandbox.admin)
    assert code == 1 and report["matches_plan"] is False
    assert item.Name in unexpected_labels(report, "AUDIT_UNMATCHED_CREATE")
    assert existing_item.name in unexpected_labels(report, "AUDIT_DUPLICATE_ITEM")
    assert customer.DisplayName in unexpected_labels(report, "AUDIT_DUPLICATE_CUSTOMER")
    assert any("/invoice" in label for label in unexpected_labels(report, "AUDIT_REQUEST_FAILED"))
    # nothing of the plan was done: every planned record is reported missing
    assert report["created"]["item"]["found"] == 1 and unexpected_labels(report, "AUDIT_MISSING_CREATE")


def test_our_reference_connector_through_the_served_sandbox_audits_clean(served: tuple[Served, Path]) -> None:
    sandbox, scenario = served
    assert requests.post(f"{sandbox.admin}/_sandbox/reset", timeout=10).status_code == 200
    command = [SYNC_SANDBOX, "apply", str(scenario), "--sandbox", sandbox.admin]
    applied = subprocess.run(command, capture_output=True, text=True, check=False)
    assert applied.returncode == 0, applied.stderr
    assert "warning" not in applied.stderr  # a fresh sandbox
    code, report = audit(scenario, sandbox.admin)
    assert code == 0, [f for f in report["findings"] if f["status"] == "unexpected"]
    failed = [f for f in report["findings"] if f["code"] == "AUDIT_REQUEST_FAILED"]
    assert failed and all(f["status"] == "predicted" for f in failed)  # refusals the rehearsal predicted
    assert report["created"]["item"]["found"] == report["created"]["item"]["predicted"] > 0

    again = subprocess.run(command, capture_output=True, text=True, check=False)  # without a reset in between
    assert again.returncode == 0 and "has already taken" in again.stderr and "/_sandbox/reset" in again.stderr
    assert audit(scenario, sandbox.admin)[0] == 1  # everything twice: the audit does not pass it


def test_apply_and_audit_refuse_a_sandbox_of_another_scenario(served: tuple[Served, Path], tmp_path: Path) -> None:
    sandbox = served[0]
    other = tmp_path / "other.yaml"
    other.write_text(SCENARIO.replace("name: served-audit", "name: other"), encoding="utf-8")
    for args in (["apply", str(other), "--sandbox", sandbox.admin], ["audit", str(other), "--state", sandbox.admin]):
        result = subprocess.run([SYNC_SANDBOX, *args], capture_output=True, text=True, check=False)
        assert result.returncode == 2 and "serves scenario 'served-audit', not 'other'" in result.stderr

