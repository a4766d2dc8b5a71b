"""``sync-sandbox serve`` as a connector developer uses it: a subprocess, plain HTTP, the official clients."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from serve_helpers import SYNC_SANDBOX, Served, start_serve, write_scenario

from harness.model.books import Books
from harness.model.snapshot import decode
from harness.model.store import Store
from harness.sandbox import official_clients
from harness.sources.generated import generate

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def woo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    scenario = write_scenario(tmp_path_factory.mktemp("woo"), "woocommerce", name="woo-served")
    served = start_serve(scenario)
    yield served
    if served.process.poll() is None:
        served.stop()


@pytest.fixture
def fresh(woo: Served) -> Served:
    assert requests.post(f"{woo.admin}/_sandbox/reset", timeout=10).json()["status"] == "reset"
    return woo


def python_quickbooks(books: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> Any:
    """An unmodified python-quickbooks client, connected through intuit-oauth the way docs/quickbooks.md says."""
    monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")  # plain http on 127.0.0.1
    return official_clients.python_quickbooks(books["base_url"], books["credentials"])


def test_ready_line_and_admin_describe_the_same_endpoints(woo: Served) -> None:
    health = requests.get(f"{woo.admin}/_sandbox/health", timeout=10).json()
    assert health == {"status": "ok", "service": "sync-sandbox", "scenario": "woo-served"}
    endpoints = requests.get(f"{woo.admin}/_sandbox/endpoints", timeout=10).json()
    assert endpoints == woo.ready["endpoints"]
    assert endpoints["store"]["platform"] == "woocommerce" and endpoints["books"]["platform"] == "quickbooks"
    table = "".join(woo.output)
    for info in endpoints.values():
        assert info["base_url"] in table  # the human-readable table names every URL too


def test_official_clients_read_and_write_and_the_admin_api_sees_it(
    fresh: Served, monkeypatch: pytest.MonkeyPatch
) -> None:
    from quickbooks.objects.customer import Customer
    from quickbooks.objects.item import Item
    from woocommerce import API

    expected = generate(seed=5, size="tiny", platform="woocommerce")
    store = fresh.endpoint("store")
    woo_api = API(url=store["base_url"], consumer_key=store["credentials"]["consumer_key"],
                  consumer_secret=store["credentials"]["consumer_secret"], timeout=10)
    listed = woo_api.get("products", params={"per_page": 100})
    assert listed.status_code == 200, listed.text
    assert int(listed.headers["X-WP-Total"]) == len(expected.store.products)

    qb = python_quickbooks(fresh.endpoint("books"), monkeypatch)
    assert Item.count(qb=qb) == len(expected.books.items)
    customer = Customer()
    customer.DisplayName = "Served Sandbox Buyer"
    customer.save(qb=qb)

    journal = requests.get(f"{fresh.admin}/_sandbox/journal", params={"side": "books"}, timeout=10).json()
    assert any(e["method"] == "POST" and e["path"].endswith("/customer") and e["status"] == 200 for e in journal)
    store_journal = requests.get(f"{fresh.admin}/_sandbox/journal", params={"side": "store"}, timeout=10).json()
    assert [e["path"] for e in store_journal] == ["/wp-json/wc/v3/products"]
    later = requests.get(f"{fresh.admin}/_sandbox/journal", params={"side": "books", "since": journal[-2]["seq"]},
                         timeout=10).json()
    assert later == journal[-1:]

    state = decode(requests.get(f"{fresh.admin}/_sandbox/state", params={"side": "books"}, timeout=10).content, Books)
    names = {c.display_name for c in state.customers}
    assert "Served Sandbox Buyer" in names
    assert len(state.customers) == len(expected.books.customers) + 1

    assert requests.post(f"{fresh.admin}/_sandbox/reset", timeout=10).status_code == 200
    after = decode(requests.get(f"{fresh.admin}/_sandbox/state", params={"side": "books"}, timeout=10).content, Books)
    assert "Served Sandbox Buyer" not in {c.display_name for c in after.customers}
    assert requests.get(f"{fresh.admin}/_sandbox/journal", params={"side": "books"}, timeout=10).json() == []


def test_store_state_is_the_store_read_back_through_its_client(fresh: Served) -> None:
    expected = generate(seed=5, size="tiny", platform="woocommerce").store
    raw = requests.get(f"{fresh.admin}/_sandbox/state", params={"side": "store"}, timeout=30)
    assert raw.status_code == 200
    state = decode(raw.content, Store)
    assert state.platform == "woocommerce"
    assert sorted(p.title for p in state.products) == sorted(p.title for p in expected.products)
    assert len(state.orders) == len(expected.orders)


def test_admin_mistakes_are_json_errors(woo: Served) -> None:
    bad_side = requests.get(f"{woo.admin}/_sandbox/journal", params={"side": "shop"}, timeout=10)
    assert bad_side.status_code == 400 and "side=store or side=books" in bad_side.json()["error"]
    unknown = requests.get(f"{woo.admin}/_sandbox/nothing", timeout=10)
    assert unknown.status_code == 404 and "/_sandbox/health" in unknown.json()["error"]
    bad_since = requests.get(f"{woo.admin}/_sandbox/journal", params={"side": "books", "since": "x"}, timeout=10)
    assert bad_since.status_code == 400 and "since='x'" in bad_since.json()["error"]
    wrong_method = requests.get(f"{woo.admin}/_sandbox/reset", timeout=10)
    assert wrong_method.status_code == 405


def test_shopify_api_library_reads_the_served_store(tmp_path: Path) -> None:
    import shopify

    served = start_serve(write_scenario(tmp_path, "shopify"))
    try:
        store = served.endpoint("store")
        port = int(store["base_url"].rsplit(":", 1)[1])
        saved = {k: getattr(shopify.Session, k) for k in ("protocol", "myshopify_domain", "port")}
        # pyactiveresource builds https://{shop}.myshopify.com; these settings make it http://127.0.0.1:PORT
        shopify.Session.setup(protocol="http", myshopify_domain="0.0.1", port=port)
        token = store["credentials"]["access_token"]
        shopify.ShopifyResource.activate_session(shopify.Session("127", "2024-10", token))
        try:
            count = shopify.Product.count()
        finally:
            shopify.ShopifyResource.clear_session()
            shopify.Session.setup(**saved)
        assert count == len(generate(seed=5, size="tiny", platform="shopify").store.products)
    finally:
        code, seconds = served.stop(signal.SIGINT)
    assert code == 0 and seconds < 10


def test_sigterm_stops_cleanly(tmp_path: Path) -> None:
    served = start_serve(write_scenario(tmp_path, "opencart"))
    code, seconds = served.stop(signal.SIGTERM)
    assert code == 0, "".join(served.output)
    assert seconds < 10
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{served.admin}/_sandbox/health", timeout=2)


def test_a_bad_scenario_is_one_line_and_exit_2(tmp_path: Path) -> None:
    import subprocess

    bad = tmp_path / "bad.yaml"
    bad.write_text("store:\n  generated: {platform: shopify, seed: many}\nexpect: {}\n", encoding="utf-8")
    result = subprocess.run([SYNC_SANDBOX, "serve", str(bad), "--port", "0"],
                            check=False, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert f"{bad}:2: store.generated.seed: expected an integer, got \"many\"" in result.stderr.replace("\n", "")
    assert "Traceback" not in result.stderr
