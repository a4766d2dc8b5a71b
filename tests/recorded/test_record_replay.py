"""Record a store and its company from live endpoints, then work offline from the recording."""

from __future__ import annotations

from pathlib import Path

import pytest
import vcr

from harness.platforms.registry import available_platforms, get_platform
from harness.report.render import render
from harness.sources.generated import generate
from harness.sources.imports import books_beside, load_books, load_store
from harness.sources.recorded import (
    LiteralReplay,
    read_recording,
    record,
    replay_books,
    replay_store,
    vcr_config,
)
from harness.sync.engine import dry_run
from harness.sync.profile import DEFAULT_PROFILE

from .support import cli, served

PATHOLOGIES = {
    "customer_new_account_per_order": 2,
    "customer_email_case": 2,
    "customer_same_name_other_email": 2,
    "sku_missing": 2,
    "order_number_collides": 2,
}


@pytest.mark.parametrize("platform", ["shopify", "woocommerce"])
def test_offline_dry_run_of_a_recording_reports_what_the_live_run_reports(platform: str, tmp_path: Path) -> None:
    scenario = generate(seed=5, size="tiny", platform=platform, pathologies=PATHOLOGIES)
    folder = tmp_path / "case-1234"
    with served(scenario.store, scenario.books) as live:
        recorded = cli("record", *live.record_args(), "-o", folder)
        assert recorded.returncode == 0, recorded.stderr
        store, books = live.read_live()
    live_report = render(dry_run(store, books, DEFAULT_PROFILE).report, "json")
    # the servers are gone: everything below is read from the recording
    offline = cli("dry-run", "--store", folder, "-f", "json", "--fail-on", "never")
    assert offline.returncode == 0, offline.stderr
    assert offline.stdout.encode() == live_report
    assert b'"code": "CUSTOMER_DUPLICATE_ACCOUNTS"' in live_report


@pytest.mark.parametrize("platform", [spec.name for spec in available_platforms("store")])
def test_every_store_platform_records_and_replays_to_the_same_store(platform: str, tmp_path: Path) -> None:
    scenario = generate(seed=2, size="tiny", platform=platform)
    with served(scenario.store, scenario.books) as live:
        record(tmp_path / "rec", store=live.store, books=live.books)
        store, books = live.read_live()
    assert replay_store(tmp_path / "rec") == store
    assert replay_books(tmp_path / "rec") == books
    assert load_store(tmp_path / "rec") == store
    assert books_beside(tmp_path / "rec") == tmp_path / "rec"
    assert load_books(tmp_path / "rec") == books
    assert read_recording(tmp_path / "rec").store is not None


def test_plain_vcrpy_plays_a_recorded_cassette(tmp_path: Path) -> None:
    scenario = generate(seed=4, size="tiny", platform="woocommerce")
    with served(scenario.store, scenario.books) as live:
        record(tmp_path / "rec", store=live.store, books=live.books)
        store, books = live.read_live()
    side = read_recording(tmp_path / "rec").books
    assert side is not None
    client = get_platform("quickbooks").make_client(side.base_url, side.replay_credentials(), None)
    with vcr.VCR(**vcr_config()).use_cassette(str(tmp_path / "rec" / "books.yaml")) as cassette:
        assert client.read_books() == books
    assert cassette.play_count == side.interactions
    store_side = read_recording(tmp_path / "rec").store
    assert store_side is not None
    store_client = get_platform("woocommerce").make_client(store_side.base_url, store_side.replay_credentials(), None)
    with vcr.VCR(**vcr_config()).use_cassette(str(tmp_path / "rec" / "store.yaml")):
        assert store_client.read_store() == store


def test_a_request_the_cassette_does_not_hold_names_the_cassette_and_what_differed(tmp_path: Path) -> None:
    scenario = generate(seed=4, size="tiny", platform="shopify")
    with served(scenario.store, scenario.books) as live:
        record(tmp_path / "rec", store=live.store)
    side = read_recording(tmp_path / "rec").store
    assert side is not None
    import requests

    with LiteralReplay([tmp_path / "rec" / "store.yaml"]), pytest.raises(Exception) as caught:
        requests.get(f"{side.base_url}/admin/api/2024-01/products.json?limit=3&page_info=zzz", timeout=5)
    message = str(caught.value)
    assert str(tmp_path / "rec" / "store.yaml") in message
    assert "not in the cassette" in message


def test_recording_refuses_anything_but_reads(tmp_path: Path) -> None:
    import requests

    from harness.errors import SandboxViolation
    from harness.sources.recorded import read_only

    scenario = generate(seed=4, size="tiny", platform="shopify")
    with served(scenario.store, scenario.books) as live, read_only():
        # the local server is a sandbox host, so the ordinary guard would let this through
        with pytest.raises(SandboxViolation, match="refused POST"):
            requests.post(f"{live.store.url}/admin/api/2024-01/products.json", json={"product": {}}, timeout=5)
        assert requests.get(f"{live.store.url}/admin/api/2024-01/shop.json", timeout=5).status_code in (200, 401)


@pytest.mark.parametrize("platform", [spec.name for spec in available_platforms("store")])
def test_every_store_platform_replays_a_pseudonymised_recording(platform: str, tmp_path: Path) -> None:
    """The clients never build a request from a value pseudonymisation changed, so replay finds them all."""
    scenario = generate(seed=6, size="tiny", platform=platform)
    with served(scenario.store, scenario.books) as live:
        record(tmp_path / "rec", store=live.store, books=live.books, pseudonymise=True, seed=1)
        store, books = live.read_live()
    replayed, replayed_books = replay_store(tmp_path / "rec"), replay_books(tmp_path / "rec")
    assert [p.id for p in replayed.products] == [p.id for p in store.products]
    assert [o.total for o in replayed.orders] == [o.total for o in store.orders]
    assert len(replayed.customers) == len(store.customers)
    assert [i.sku for i in replayed_books.items] == [i.sku for i in books.items]
    emails = {c.email for c in store.customers if c.email}
    assert emails and emails.isdisjoint(c.email for c in replayed.customers)


def test_tokens_can_come_from_the_environment(tmp_path: Path) -> None:
    scenario = generate(seed=2, size="tiny", platform="shopify")  # seed 2: no refund notes (they are scrubbed)
    with served(scenario.store, scenario.books) as live:
        token = live.store.credentials["access_token"]
        books = [f"--books-credential={k}={v}" for k, v in live.books.credentials.items() if k != "access_token"]
        result = cli(
            "record", "--platform", "shopify", "--url", live.store.url, "--books-url", live.books.url, *books,
            "-o", tmp_path / "rec",
            env={"SYNC_SANDBOX_STORE_TOKEN": token, "SYNC_SANDBOX_BOOKS_TOKEN": live.books.credentials["access_token"]},
        )
        assert result.returncode == 0, result.stderr
        store, _ = live.read_live()
    assert replay_store(tmp_path / "rec") == store
    assert token.encode() not in (tmp_path / "rec" / "store.yaml").read_bytes()
