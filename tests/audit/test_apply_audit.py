"""``apply`` then ``audit``, as a QA engineer runs them: our own connector must audit clean, a bad one must not."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import msgspec
import orjson
import pytest
import responses
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from harness.cli import app
from harness.errors import SandboxViolation
from harness.model.books import Books, Document, Item
from harness.model.snapshot import load, save
from harness.scenarios import load_scenario
from harness.scenarios.audit import audit_books
from harness.sources.generated import generate
from harness.sync.apply import (
    SandboxTarget,
    apply_in_process,
    apply_plan,
    connect_sandbox,
    journal_path,
    load_journal,
    plan_context,
    request_records,
)
from harness.sync.context import CheckContext, Rejection
from harness.sync.matching import match_all
from harness.sync.profile import Profile
from harness.sync.rehearsal import rehearse

ROOT = Path(__file__).resolve().parents[2]
SYNC_SANDBOX = str(Path(sys.executable).parent / "sync-sandbox")
LIBRARY = sorted((ROOT / "scenarios").glob("**/*.yaml"))
#: problems that make the plan refuse writes (6240 duplicate names, 6140 numbers) and create "Name-1" contacts
TROUBLE = {
    "sku_missing": 2,
    "sku_duplicate": 1,
    "customer_same_name_other_email": 2,
    "display_name_collides_vendor": 1,
    "order_number_collides": 2,
    "order_before_inventory_start": 1,
}
PLATFORMS = ("shopify", "woocommerce", "bigcommerce", "magento", "ebay", "opencart")


def write_scenario(folder: Path, platform: str, match_field: str = "name") -> Path:
    """A troubled tiny store; ``match_field`` is both the generated books' key field and the profile's."""
    path = folder / f"{platform}-{match_field}-trouble.yaml"
    generated = {"platform": platform, "seed": 11, "size": "tiny", "pathologies": TROUBLE, "match_field": match_field}
    spec = {"store": {"generated": generated}, "profile": {"books_match_field": match_field}, "expect": {}}
    path.write_text(yaml.safe_dump(spec), encoding="utf-8")
    return path


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout


#: the scenario library, and troubled generated stores (every platform, both match fields) as (platform, field)
CASES = [
    *(pytest.param(path, id=str(path.relative_to(ROOT))) for path in LIBRARY),
    *(pytest.param((platform, "name"), id=f"generated-{platform}") for platform in PLATFORMS),
    pytest.param(("magento", "sku"), id="generated-magento-sku"),
]


@pytest.mark.parametrize("case", CASES)
def test_apply_then_audit_reports_exactly_what_the_plan_predicted(case: Path | tuple[str, str], tmp_path: Path) -> None:
    scenario = case if isinstance(case, Path) else write_scenario(tmp_path, *case)
    state = tmp_path / "after.json"
    code, shown = invoke("apply", str(scenario), "-o", str(state))
    assert code == 0, shown
    code, text = invoke("audit", str(scenario), "--state", str(state), "-f", "json")
    audit = orjson.loads(text)
    surprises = [f for f in audit["findings"] if f["status"] == "unexpected"]
    assert (code, surprises) == (0, [])
    assert audit["matches_plan"] is True
    for kind, row in audit["created"].items():
        assert row["predicted"] == row["found"], kind
    # every write QuickBooks refused is accounted as a predicted failed request, none left over
    refused = [r for r in load_journal(journal_path(state)) if r.status >= 400]
    failures = [f for f in audit["findings"] if f["code"] == "AUDIT_REQUEST_FAILED"]
    assert len(failures) == len(refused)
    assert all(f["status"] == "predicted" for f in failures)
    assert not [f for f in audit["findings"] if f["code"] == "AUDIT_FAILURE_NOT_SEEN"]
    if not isinstance(case, Path):
        assert refused  # the troubled stores do make QuickBooks say no: the accounting is exercised


def test_refused_writes_are_the_rehearsals_rejections(tmp_path: Path) -> None:
    m = load_scenario(write_scenario(tmp_path, "shopify")).materialise()
    predicted = rehearse(plan_context(m.store, m.books, m.profile))
    applied = apply_in_process(plan_context(m.store, m.books, m.profile))

    def key(r: Rejection) -> tuple[str, str, str]:
        return (r.entity, r.what, r.code)

    assert sorted(map(key, applied.result.rejections)) == sorted(map(key, predicted))
    assert {r.code for r in predicted} >= {"6240"}  # a duplicate name: QuickBooks does say no here
    refused = [o for o in applied.result.outcomes if not o.created]
    assert sum(1 for e in applied.journal if e.status >= 400) == len(refused) > 0


def test_apply_writes_the_same_bytes_every_time(tmp_path: Path) -> None:
    scenario = write_scenario(tmp_path, "woocommerce")
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    for target in (first, second):
        assert invoke("apply", str(scenario), "-o", str(target))[0] == 0
    assert first.read_bytes() == second.read_bytes()
    assert journal_path(first).read_bytes() == journal_path(second).read_bytes()
    assert load(first, Books).items  # a books snapshot any snapshot reader takes


# -- the audit catches a connector that gets things wrong ------------------------------------------------


def test_a_connector_that_ignores_matching_fails_the_audit(tmp_path: Path) -> None:
    """It looks nothing up: every variant's item and every customer is created anew."""
    m = load_scenario(write_scenario(tmp_path, "shopify", match_field="sku")).materialise()
    blind = CheckContext(
        store=m.store, books=m.books, profile=m.profile, matching=match_all(m.store, Books(), m.profile)
    )
    blind.matching.index = match_all(m.store, m.books, m.profile).index  # posts the same document numbers
    bad = apply_in_process(blind)
    report = audit_books(plan_context(m.store, m.books, m.profile), bad.books, request_records(bad.journal))
    unexpected = Counter(f.code for f in report.findings if f.status == "unexpected")
    assert not report.matches_plan
    assert unexpected["AUDIT_UNMATCHED_CREATE"] > 0
    assert unexpected["AUDIT_DUPLICATE_ITEM"] > 0
    duplicate = next(f for f in report.findings if f.code == "AUDIT_DUPLICATE_ITEM" and f.status == "unexpected")
    assert len(duplicate.records) >= 2 and all(r.kind == "item" for r in duplicate.records)


def test_a_tampered_state_names_each_problem_and_exits_1(tmp_path: Path) -> None:
    scenario = write_scenario(tmp_path, "bigcommerce")
    state = tmp_path / "after.json"
    assert invoke("apply", str(scenario), "-o", str(state))[0] == 0
    books = load(state, Books)
    before = load_scenario(scenario).materialise().books
    old_ids, old_docs = {i.id for i in before.items}, {d.id for d in before.documents}
    tracked = next(i for i in books.items if i.track_qty and i.id in old_ids)
    copied = next(i for i in books.items if i.sku and i.id in old_ids)
    posted = [d for d in books.documents if d.id not in old_docs]
    invoice, gone = posted[0], posted[-1]  # one posted twice, one lost
    next_id = str(max(int(i.id) for i in books.items if i.id.isdigit()) + 1000)
    books = msgspec.structs.replace(
        books,
        items=[
            *(msgspec.structs.replace(i, qty_on_hand=(i.qty_on_hand or 0) + 5) if i is tracked else i
              for i in books.items),
            Item(id=next_id, name=f"{copied.name} (copy)", sku=copied.sku, type="NonInventory"),
        ],
        documents=[
            *(d for d in books.documents if d is not gone),
            msgspec.structs.replace(invoice, id=str(int(next_id) + 1)),
            Document(id=str(int(next_id) + 2), type="Invoice", number="NOT-PLANNED-1", date=invoice.date),
        ],
    )
    save(books, state)
    result = subprocess.run(
        [SYNC_SANDBOX, "audit", str(scenario), "--state", str(state), "-f", "json"],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 1, result.stderr
    audit = orjson.loads(result.stdout)
    assert audit["matches_plan"] is False
    by_code: dict[str, list[dict[str, Any]]] = {}
    for f in audit["findings"]:
        if f["status"] == "unexpected":
            by_code.setdefault(f["code"], []).append(f)
    labels = {code: {r.get("label") for f in found for r in f["records"]} for code, found in by_code.items()}
    assert f"{copied.name} (copy)" in labels["AUDIT_DUPLICATE_ITEM"] and copied.name in labels["AUDIT_DUPLICATE_ITEM"]
    assert f"{copied.name} (copy)" in labels["AUDIT_UNMATCHED_CREATE"]
    assert tracked.name in labels["AUDIT_STOCK_WRONG"]
    assert invoice.number in labels["AUDIT_DUPLICATE_DOCUMENT"]
    assert "NOT-PLANNED-1" in labels["AUDIT_UNEXPECTED_DOCUMENT"]
    assert gone.number in labels["AUDIT_DOCUMENT_MISSING"]
    text = subprocess.run(
        [SYNC_SANDBOX, "audit", str(scenario), "--state", str(state)], capture_output=True, text=True, check=False
    )
    assert text.returncode == 1
    assert "matches the plan: no" in text.stdout and "AUDIT_STOCK_WRONG" in text.stdout


def test_a_state_without_its_journal_is_audited_with_a_note(tmp_path: Path) -> None:
    scenario = write_scenario(tmp_path, "opencart")
    state = tmp_path / "after.json"
    assert invoke("apply", str(scenario), "-o", str(state))[0] == 0
    journal_path(state).unlink()
    code, text = invoke("audit", str(scenario), "--state", str(state), "-f", "json")
    audit = orjson.loads(text)
    assert code == 0
    assert [f["code"] for f in audit["findings"] if f["status"] == "note"] == ["AUDIT_NO_JOURNAL"]


# -- never anything but a sandbox -------------------------------------------------------------------------


def test_apply_refuses_a_url_that_is_not_a_sandbox_and_sends_nothing(tmp_path: Path) -> None:
    m = load_scenario(write_scenario(tmp_path, "shopify")).materialise()
    ctx = plan_context(m.store, m.books, m.profile)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.add_callback(responses.POST, "https://quickbooks.api.intuit.com/", callback=lambda r: (200, {}, "{}"))
        mock.add_callback(responses.GET, "https://quickbooks.api.intuit.com/", callback=lambda r: (200, {}, "{}"))
        target = SandboxTarget("https://quickbooks.api.intuit.com", {"realm_id": "1", "access_token": "t"})
        with pytest.raises(SandboxViolation, match="not a sandbox"):
            apply_plan(ctx, target)
        assert len(mock.calls) == 0


@pytest.mark.parametrize(
    ("health", "books_url", "message"),
    [
        ({"status": "ok", "service": "something-else"}, "https://admin.example.com:8767", "not a sync-sandbox"),
        ({"status": "ok", "service": "sync-sandbox"}, "https://quickbooks.api.intuit.com", "on another host"),
    ],
)
def test_an_admin_api_that_is_not_a_sync_sandbox_is_refused(
    health: dict[str, str], books_url: str, message: str
) -> None:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.get("https://admin.example.com/_sandbox/health", json=health)
        mock.get("https://admin.example.com/_sandbox/endpoints",
                 json={"books": {"base_url": books_url, "credentials": {"realm_id": "1"}}})
        with pytest.raises(SandboxViolation, match=message):
            connect_sandbox("https://admin.example.com")
        assert {c.request.method for c in mock.calls} == {"GET"}  # reads of the admin API, nothing more
    from harness.sandbox.guard import is_sandbox_host

    assert not is_sandbox_host(books_url)


# -- user mistakes: one line, exit 2, nothing written -------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["apply", "{scenario}"], "exactly one of --sandbox"),
        (["apply", "{scenario}", "-o", "{folder}"], "is a folder"),
        (["audit", "{scenario}", "--state", "{store}"], "expected 'sync-sandbox/books'"),
        (["audit", "{scenario}", "--state", "{missing}"], "cannot read snapshot"),
        (["audit", "{scenario}", "--state", "{books}", "-f", "xml"], "--format 'xml'"),
    ],
)
def test_mistakes_are_one_line_and_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    scenario = write_scenario(tmp_path, "shopify")
    m = load_scenario(scenario).materialise()
    save(m.store, tmp_path / "store.json")
    save(m.books, tmp_path / "books.json")
    paths = {"scenario": scenario, "store": tmp_path / "store.json", "books": tmp_path / "books.json",
             "missing": tmp_path / "nothing.json", "folder": tmp_path / "folder"}
    (tmp_path / "folder").mkdir()
    out = tmp_path / "audit.txt"
    argv = [a.format(**paths) for a in args] + (["-o", str(out)] if args[0] == "audit" else [])
    result = subprocess.run([SYNC_SANDBOX, *argv], capture_output=True, text=True, check=False)
    assert result.returncode == 2, result.stdout + result.stderr
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr and not out.exists()
    assert not list(tmp_path.glob("*journal*")) and not list((tmp_path / "folder").iterdir())


def test_every_audit_code_is_documented() -> None:
    from harness.scenarios.audit import AUDIT_CODES

    documented = set(re.findall(r"^\| `(AUDIT_[A-Z_]+)` \|", (ROOT / "docs" / "audit.md").read_text(), re.M))
    assert documented == set(AUDIT_CODES)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10_000),
    platform=st.sampled_from(PLATFORMS),
    pathologies=st.lists(st.sampled_from(sorted(TROUBLE)), min_size=1, max_size=4, unique=True),
    match_field=st.sampled_from(["name", "sku"]),
    document_type=st.sampled_from(["Invoice", "SalesReceipt"]),
    sales_assignment=st.sampled_from(["customer", "company", "generic"]),
    create_items_as=st.sampled_from(["inventory", "noninventory"]),
)
def test_any_profile_applied_by_the_reference_connector_audits_clean(
    seed: int,
    platform: str,
    pathologies: list[str],
    match_field: str,
    document_type: str,
    sales_assignment: str,
    create_items_as: str,
) -> None:
    """Whatever the rules, the plan applied is the plan predicted: ids, order of writes, refusals never leak in."""
    generated = generate(
        seed=seed, size="tiny", platform=platform, pathologies=dict.fromkeys(pathologies, 2), match_field=match_field
    )
    profile = msgspec.convert(
        {
            "books_match_field": match_field,
            "document_type": document_type,
            "sales_assignment": sales_assignment,
            "create_items_as": create_items_as,
        },
        Profile,
    )
    applied = apply_in_process(plan_context(generated.store, generated.books, profile))
    report = audit_books(
        plan_context(generated.store, generated.books, profile), applied.books, request_records(applied.journal)
    )
    assert [f for f in report.findings if f.status == "unexpected"] == []
    assert all(row["predicted"] == row["found"] for row in report.created.values())
