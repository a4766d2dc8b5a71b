"""OpenCart 3.x's own API: api/login (key + IP allow-list) and api/order/info (store-apis.md 4.1)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from harness.model.store import Store
from harness.platforms.http import FrozenClock
from harness.platforms.opencart import make_endpoint
from harness.platforms.opencart.endpoint import OpenCartEndpoint
from harness.sandbox import InProcessSandbox

BASE = "https://opencart.sandbox.test"


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock()


@pytest.fixture
def v3(store: Store, clock: FrozenClock) -> Iterator[OpenCartEndpoint]:
    endpoint = make_endpoint(store, schema="3", clock=clock)
    with InProcessSandbox() as sb:
        sb.mount(endpoint, BASE)
        yield endpoint


def login(key: str) -> dict[str, object]:
    response = requests.post(
        f"{BASE}/index.php", params={"route": "api/login"}, data={"username": "Default", "key": key}, timeout=5
    )
    assert response.status_code == 200  # OpenCart answers errors with HTTP 200 too
    body: dict[str, object] = response.json()
    return body


def order_info(token: str, order_id: int) -> dict[str, object]:
    params: dict[str, str | int] = {"route": "api/order/info", "api_token": token, "order_id": order_id}
    response = requests.get(f"{BASE}/index.php", params=params, timeout=5)
    body: dict[str, object] = response.json()
    return body


def test_login_then_read_an_order(v3: OpenCartEndpoint) -> None:
    started = login(v3.credentials()["key"])
    assert started["success"] == "Success: API session successfully started!"
    token = str(started["api_token"])
    info = order_info(token, 1)
    order = info["order"]
    assert isinstance(order, dict)
    assert order["email"] == "anna@example.com" and order["payment_iso_code_2"] == "CA" and order["total"] == "84.4000"
    assert order_info(token, 99) == {"error": "Warning: Order could not be found!"}


def test_wrong_key_wrong_ip_and_idle_sessions(store: Store, clock: FrozenClock, v3: OpenCartEndpoint) -> None:
    assert login("nope") == {"error": {"key": "Warning: Incorrect API Key!"}}
    assert order_info("made-up", 1) == {"error": "Warning: You do not have permission to access the API!"}
    token = str(login(v3.credentials()["key"])["api_token"])
    clock.advance(3601)  # the session lapses after an hour idle
    assert order_info(token, 1) == {"error": "Warning: You do not have permission to access the API!"}
    v3.db.execute("DELETE FROM oc_api_ip")
    assert login(v3.credentials()["key"]) == {
        "error": {"ip": "Warning: Your IP 127.0.0.1 is not allowed to access this API!"}
    }


def test_4_1_has_no_session_api(store: Store) -> None:
    endpoint = make_endpoint(store, schema="4.1")
    with InProcessSandbox() as sb:
        sb.mount(endpoint, BASE)
        assert requests.post(f"{BASE}/index.php?route=api/login", data={"key": "x"}, timeout=5).status_code == 404
